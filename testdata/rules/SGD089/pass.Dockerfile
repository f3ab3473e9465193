# VERSION the release to package
ARG VERSION=1.2.3
# build the binary

FROM golang:1.22 AS build

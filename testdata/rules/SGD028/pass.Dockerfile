ARG TAG=1.4.2
FROM registry.example/app:${TAG}
FROM golang:1.22-${TARGETARCH}

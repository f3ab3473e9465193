FROM --platform=$BUILDPLATFORM golang:1.22
FROM alpine:3.20

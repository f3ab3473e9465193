# syntax=docker/dockerfile:1
ARG VERSION=3.20
FROM alpine:${VERSION}
LABEL org.opencontainers.image.title=tool

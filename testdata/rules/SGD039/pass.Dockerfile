FROM --platform=linux/arm64 arm64v8/alpine:3.20
FROM --platform=linux/amd64 alpine:3.20
FROM --platform=$BUILDPLATFORM arm64v8/alpine:3.20

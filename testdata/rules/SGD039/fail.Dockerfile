FROM --platform=linux/amd64 arm64v8/alpine:3.20
FROM --platform=linux/arm64 i386/debian:12 AS x

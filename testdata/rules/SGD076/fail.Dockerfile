FROM alpine:3.20
WORKDIR /proc/app
WORKDIR /dev

FROM alpine:3.20
RUN apk add --no-cache --virtual .deps curl=8.9.0-r0 'git~2.45' ./x.apk $PKGS

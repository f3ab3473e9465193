FROM alpine:3.20
WORKDIR /srv/proc
WORKDIR /device

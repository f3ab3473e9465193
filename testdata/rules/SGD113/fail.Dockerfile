FROM alpine:3.20
RUN apk upgrade --no-cache

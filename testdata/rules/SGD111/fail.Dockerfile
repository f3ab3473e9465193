FROM alpine:3.20
RUN apk add --no-cache --virtual .deps \
      curl 'git~2.45'

FROM alpine:3.20
RUN apk add curl
RUN apk update && apk add --no-cache git

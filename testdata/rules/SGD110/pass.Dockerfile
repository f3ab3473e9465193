FROM alpine:3.20
RUN apk add --no-cache curl
RUN apk update && apk add git && rm -rf /var/cache/apk/*
RUN --mount=type=cache,target=/var/cache/apk apk add make
RUN apk add --no-cache --virtual .build-deps gcc \
 && apk add --no-network --virtual .rundeps libgcc \
 && apk del --no-network .build-deps

FROM alpine:3.20
COPY . app
FROM alpine:3.20 AS base
WORKDIR /srv
FROM base
COPY . app

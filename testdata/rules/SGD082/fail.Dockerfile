FROM alpine:3.20 AS base
LABEL org.opencontainers.image.source=https://github.com/org/app
FROM base

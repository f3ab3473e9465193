FROM alpine:3.20 AS base
LABEL org.opencontainers.image.source=https://github.com/org/app
FROM base
LABEL org.opencontainers.image.version=1.2.3

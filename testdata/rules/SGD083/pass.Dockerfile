FROM alpine:3.20
LABEL org.opencontainers.image.source=https://github.com/org/app org.opencontainers.image.version=1.2.3

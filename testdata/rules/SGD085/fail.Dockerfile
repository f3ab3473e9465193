FROM alpine:3.20
LABEL org.opencontainers.image.source=github.com/org/app org.opencontainers.image.version=v1.2

ARG VERSION=1.2.3
FROM alpine:3.20
LABEL org.opencontainers.image.version=$VERSION
FROM scratch
COPY app /app
WORKDIR $APPDIR

ARG VERSION=1.2.3
FROM alpine:3.20
ARG VERSION
LABEL org.opencontainers.image.version=$VERSION
WORKDIR $HOME/app
FROM scratch
ENV PATH=/app/bin:$PATH

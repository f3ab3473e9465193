FROM alpine:3.20
COPY --chmod=0755 tool /usr/local/bin/

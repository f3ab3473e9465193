FROM alpine:3.20
ADD rootfs.tar.gz /
ADD https://example.com/tool /usr/local/bin/tool
ADD git@github.com:org/repo.git /src
COPY requirements.txt /app/

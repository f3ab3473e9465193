FROM alpine:3.20
COPY app-1.2.tar.gz /tmp/
RUN tar -xzf /tmp/app-1.2.tar.gz -C /opt && rm /tmp/app-1.2.tar.gz

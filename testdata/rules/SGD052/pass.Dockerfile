FROM alpine:3.20
ADD app-1.2.tar.gz /opt/
COPY data.tar.gz /srv/
RUN ls /srv

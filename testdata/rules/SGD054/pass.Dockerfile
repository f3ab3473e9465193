FROM alpine:3.20
WORKDIR /srv
COPY . app
COPY x /abs

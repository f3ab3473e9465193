FROM alpine:3.20
ONBUILD COPY . /src

FROM alpine:3.20
WORKDIR "/my dir"
WORKDIR /app/src

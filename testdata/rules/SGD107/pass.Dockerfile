FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl
FROM alpine:3.20
RUN apk update && apk add curl

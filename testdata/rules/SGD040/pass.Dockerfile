FROM golang:1.22 AS build
USER root
RUN go build -o /app
FROM debian:bookworm-slim
USER root
RUN apt-get update
USER 10001

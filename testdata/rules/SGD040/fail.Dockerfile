FROM golang:1.22 AS build
USER root
RUN go build -o /app
FROM debian:bookworm-slim
USER app
RUN apt-get update
USER 0:0

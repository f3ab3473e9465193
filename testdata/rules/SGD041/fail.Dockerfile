FROM golang:1.22 AS build
USER builder
FROM debian:bookworm-slim
COPY --from=build /app /app

FROM golang:1.22 AS build
CMD go test ./...
FROM alpine:3.20 AS base
SHELL ["/bin/ash", "-eo", "pipefail", "-c"]
CMD serve --port 8080
FROM base
ENTRYPOINT ["/usr/local/bin/app", "--serve"]
HEALTHCHECK CMD wget -qO- http://localhost:8080/healthz || exit 1

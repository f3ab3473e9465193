FROM golang:1.22 AS build
RUN go build -o /out/app ./...
FROM --platform=$BUILDPLATFORM tonistiigi/xx AS xx
FROM alpine:3.20
COPY --from=xx / /
COPY --from=docker:27-cli / /
COPY --from=build /out/app /usr/local/bin/app

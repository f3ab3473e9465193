FROM golang:1.22
FROM alpine:3.20
COPY --from=0 /out /app

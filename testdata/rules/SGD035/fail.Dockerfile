FROM golang:1.22 AS build
FROM alpine:3.20
COPY --from=biuld /out /app
COPY --from=later /x /y
COPY --from=5 /x /y
FROM alpine:3.20 AS later

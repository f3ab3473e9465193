FROM alpine:3.20 AS base
HEALTHCHECK CMD ["/app", "health"]
FROM base
COPY app /app

FROM debian:bookworm-slim AS base
USER 10001
FROM base
COPY app /app

FROM debian:bookworm-slim
RUN mkdir -p /app
RUN chown nobody /app

FROM debian:bookworm-slim
USER app

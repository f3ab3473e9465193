FROM debian:bookworm-slim
USER app
USER 10001:10001

FROM debian:bookworm-slim
RUN useradd -u 123456 app

FROM debian:bookworm-slim
RUN useradd -l -u 123456 app && useradd --uid 1001 other

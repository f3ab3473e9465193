FROM debian:bookworm-slim
RUN wget --no-check-certificate -q https://example.com/x

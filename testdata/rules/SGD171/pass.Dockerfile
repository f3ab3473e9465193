FROM debian:bookworm-slim
RUN wget -q https://example.com/x

FROM debian:bookworm-slim
RUN curl -fsSL -o /tmp/x https://example.com/x && curl -H k https://example.com/y

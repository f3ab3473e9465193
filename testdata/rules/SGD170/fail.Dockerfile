FROM debian:bookworm-slim
RUN curl -fsSLk -o /tmp/x https://example.com/x
RUN curl --insecure https://example.com/y

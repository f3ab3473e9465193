FROM debian:bookworm-slim
RUN wget https://example.com/x.tgz

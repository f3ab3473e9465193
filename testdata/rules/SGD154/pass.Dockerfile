FROM debian:bookworm-slim
RUN curl -fsSLo /tmp/a https://example.com/a
FROM alpine:3.20
RUN wget -q https://example.com/b

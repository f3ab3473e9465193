FROM debian:bookworm-slim
RUN mkdir -p /app && chown nobody /app
COPY . /app
RUN ls /app

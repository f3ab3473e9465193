FROM debian:bookworm-slim
RUN apt-get update && apt-get install --force-yes --no-install-recommends curl

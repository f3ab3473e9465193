FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --allow-unauthenticated --no-install-recommends x
RUN echo "deb [trusted=yes] http://repo.internal stable main" > /etc/apt/sources.list.d/x.list

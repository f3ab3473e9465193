FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && apt-get -o APT::Install-Recommends=false install -y git \
 && rm -rf /var/lib/apt/lists/*
RUN apt-get install -f
RUN echo 'APT::Install-Recommends "false";' > /etc/apt/apt.conf.d/90norec
RUN apt-get install -y vim

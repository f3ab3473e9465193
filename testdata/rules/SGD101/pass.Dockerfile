FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl
RUN apt-get -qq install git && apt-get --assume-yes install make
RUN yes | apt-get install --no-install-recommends vim
RUN if apt-get install -s "postgresql-16-jit" > /dev/null 2>&1; then echo jit; fi
RUN apt-get install --dry-run git

FROM debian:bookworm-slim
WORKDIR /usr/src/app
RUN make
RUN (cd /tmp && make) && sh -c 'cd /opt && ls'
RUN echo "$(cd /etc && pwd)"

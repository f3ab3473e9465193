FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
      curl=7.88.1-10 ./local.deb "lib=${LIB_VERSION}" $EXTRA pkg/bookworm

FROM debian:bookworm-slim
RUN set -o pipefail && curl -fsSL https://example.com/x.tgz | tar -xz
RUN echo "deb http://x stable main" | tee /etc/apt/sources.list.d/x.list
RUN a || b
RUN grep " node-v20.tar.xz\$" SHASUMS256.txt | sha256sum -c -
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/y.tgz | tar -xz

FROM debian:bookworm-slim
RUN set -o pipefail && curl -fsSL https://example.com/x.tgz | tar -xz
RUN echo "deb http://x stable main" | tee /etc/apt/sources.list.d/x.list
RUN a || b
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/y.tgz | tar -xz

FROM debian:bookworm-slim
ARG TOOL_SHA256=0000000000000000000000000000000000000000000000000000000000000000
RUN curl -fsSLo /tmp/tool.tgz https://example.com/tool-1.2.tgz \
 && echo "$TOOL_SHA256  /tmp/tool.tgz" | sha256sum -c - \
 && tar -xzf /tmp/tool.tgz -C /usr/local/bin
RUN curl -fsSLo /etc/x.conf https://example.com/x.conf

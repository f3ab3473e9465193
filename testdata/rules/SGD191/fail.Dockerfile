FROM debian:bookworm-slim
RUN curl -fsSLo /tmp/tool.tgz https://example.com/tool-1.2.tgz \
 && tar -xzf /tmp/tool.tgz -C /usr/local/bin
RUN wget -q https://example.com/pkg.deb && dpkg -i pkg.deb
RUN curl -fsSL https://example.com/x.tgz | tar -xz
RUN curl -fsSL https://example.com/tool.tgz > /tmp/tool.tgz && tar -xzf /tmp/tool.tgz -C /opt

FROM debian:bookworm-slim
ARG TOOL_SHA256=0000000000000000000000000000000000000000000000000000000000000000
RUN curl -fsSLo /tmp/tool.tgz https://example.com/tool-1.2.tgz \
 && echo "$TOOL_SHA256  /tmp/tool.tgz" | sha256sum -c - \
 && tar -xzf /tmp/tool.tgz -C /usr/local/bin
RUN curl -fsSLo /etc/x.conf https://example.com/x.conf
RUN curl -fsSLo /tmp/x.pl https://example.com/x.pl \
 && if [ "$(openssl sha512 -r /tmp/x.pl)" = "$X_SHA512" ]; then chmod +x /tmp/x.pl; else exit 1; fi
RUN wget -qO /tmp/t.tgz https://example.com/t.tgz \
 && [ "$(sha256sum /tmp/t.tgz | cut -d' ' -f1)" = "$T_SHA256" ] && tar -xzf /tmp/t.tgz

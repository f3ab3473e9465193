FROM debian:bookworm-slim
RUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \
 && echo "0000000000000000000000000000000000000000000000000000000000000000  /tmp/install.sh" | sha256sum -c - \
 && sh /tmp/install.sh
RUN curl -fsSL https://example.com/list.txt | grep x

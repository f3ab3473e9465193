FROM debian:bookworm-slim
RUN wget -q https://example.com/x.tgz && wget -nv https://example.com/y.tgz \
 && wget --progress=dot:giga https://example.com/z.tgz

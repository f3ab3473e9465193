FROM debian:bookworm-slim
RUN curl -fsSL https://example.com/install.sh | sudo bash -s -- --yes
RUN sh -c "$(wget -qO- https://example.com/install.sh)"
RUN echo $(( $(curl -fsSL https://example.com/n.sh | sh) + 1 ))
RUN ((curl -fsSL "$URL" | sh))
RUN echo "${V:-$(curl -fsSL https://example.com/v.sh | sh)}"
RUN cat > /etc/motd <<EOF
$(curl -fsSL https://example.com/m.sh | sh)
EOF
RUN sh -c "curl -fsSL \"$URL\" | sh"
RUN c''url -fsSL https://example.com/q.sh | s"h"
SHELL ["/usr/bin/env", "sh", "-c"]
RUN curl -fsSL https://example.com/e.sh | sh
RUN curl${IFS}-fsSL${IFS}https://example.com/s.sh|sh
RUN x=$(curl -fsSL https://example.com/v.sh) && sh -c "$x"
RUN export S="$(wget -qO- https://example.com/w.sh)"; echo "${S}" | bash
RUN s=$(curl -fsSL https://example.com/e.sh); eval "$s"

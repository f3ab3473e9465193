FROM debian:bookworm-slim
RUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \
 && echo "0000000000000000000000000000000000000000000000000000000000000000  /tmp/install.sh" | sha256sum -c - \
 && sh /tmp/install.sh
RUN curl -fsSL https://example.com/list.txt | grep x
RUN (( n = $(curl -fsSL https://example.com/count) + 1 )); echo "$n"
RUN cat > /etc/motd <<'EOF'
$(curl -fsSL https://example.com/m.sh | sh)
EOF
RUN v=$(curl -fsSL https://example.com/version.txt) && echo "$v" > /etc/v && sh -c "$vv"
RUN x=$(curl -fsSL https://example.com/a.sh)
RUN sh -c "$x"
RUN V=$(curl -fsSL https://api.example.com/latest) && sh -c "tar -xf /tmp/t.tgz -C /opt/$V"

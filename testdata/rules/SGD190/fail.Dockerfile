FROM debian:bookworm-slim
RUN curl -fsSL https://example.com/install.sh | sudo bash -s -- --yes
RUN sh -c "$(wget -qO- https://example.com/install.sh)"

FROM debian:bookworm-slim
RUN passwd -l root

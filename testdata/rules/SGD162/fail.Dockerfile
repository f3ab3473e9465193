FROM debian:bookworm-slim
RUN echo 'root:hunter2' | chpasswd

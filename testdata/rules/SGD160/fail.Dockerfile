FROM debian:bookworm-slim
RUN sudo apt-get update
RUN echo x | sudo tee /etc/motd

FROM debian:bookworm-slim
RUN if [ -f /etc/os-release ]; then \
      cat /etc/os-release; \
    done
RUN echo "unterminated

FROM debian:bookworm-slim
RUN mkdir -p /data /scratch && chmod 750 /data && chmod 1777 /scratch && chmod +x /usr/local/bin/run
COPY --chmod=644 app.conf /etc/

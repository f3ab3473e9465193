FROM debian:bookworm-slim
RUN mkdir /data && chmod -R 777 /data
RUN chmod o+w /etc/app.conf
COPY --chmod=666 app.conf /etc/

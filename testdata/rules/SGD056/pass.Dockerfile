FROM alpine:3.20
COPY shared/lib /app/lib
COPY /etc/app.conf /app/

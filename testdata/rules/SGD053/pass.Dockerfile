FROM alpine:3.20
COPY package.json package-lock.json /app/
COPY *.conf /etc/app/
COPY app.conf /etc/app.conf

FROM alpine:3.20
COPY app.py
ENV DEBUG
FROM a b

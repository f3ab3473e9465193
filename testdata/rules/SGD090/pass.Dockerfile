FROM alpine:3.20
# an ordinary comment
COPY a /b

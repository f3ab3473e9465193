FROM alpine:3.20
ENTRYPOINT ["b"]

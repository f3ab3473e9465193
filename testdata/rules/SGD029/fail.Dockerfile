LABEL maintainer=me
FROM alpine:3.20

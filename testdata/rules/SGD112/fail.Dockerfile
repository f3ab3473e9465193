FROM alpine:3.20
RUN apk add --no-cache gcc musl-dev \
 && make \
 && apk del gcc musl-dev

FROM alpine:3.22

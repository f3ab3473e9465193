FROM alpine:3.20
RUN echo ok
USER nobody

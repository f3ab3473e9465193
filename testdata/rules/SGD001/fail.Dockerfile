FROM alpine:3.20
FORM alpine:3.20
RUN echo ok
COPY ${BAD:%x} /x

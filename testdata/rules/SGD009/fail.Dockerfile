FROM alpine:3.20
run echo one
RUN echo two
Copy a /b

FROM alpine:3.20
RUN ["sh", "<<EOF"]
RUN <<EOF
echo never terminated

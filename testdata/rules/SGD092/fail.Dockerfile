FROM alpine:3.20
RUN --network=host curl -fsS http://localhost:8080/
ONBUILD RUN --network=host echo

FROM alpine:3.20
COPY --chown=app --link a /b
RUN --network=none echo

FROM alpine:3.20
COPY --owner=app a /b
RUN --network=bogus echo
ADD --link=maybe a /b

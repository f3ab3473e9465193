FROM alpine:3.20
COPY --chmod=0755 app /app
COPY --chmod=u+rwx,go+rx run.sh /

FROM alpine:3.20
COPY --chmod=777 app /app
ADD --chmod=a+rwx tool /usr/local/bin/
COPY --chmod=u+x,o+w run.sh /

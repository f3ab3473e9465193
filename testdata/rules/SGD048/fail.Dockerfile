FROM alpine:3.20
COPY .git /app/.git
COPY src/.hg/ /x/

FROM golang:1.22 AS build
FROM alpine:3.20
COPY --from=build /out /app
COPY --from=0 /out /app2
COPY --from=nginx:1.27 /etc/nginx/nginx.conf /etc/

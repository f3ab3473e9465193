FROM python:3.12
FROM registry.corp.example/base/python:3.12
COPY --from=ghcr.io/org/tools:1.0 /bin/tool /usr/local/bin/
RUN --mount=from=quay.io/org/cache:1,target=/c ls /c

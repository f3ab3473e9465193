FROM registry.corp.example/base/python:3.12 AS build
FROM mirror.gcr.io/library/alpine:3.20
COPY --from=build /out /out

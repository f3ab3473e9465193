ARG TAG
FROM registry.example/app:${TAG}

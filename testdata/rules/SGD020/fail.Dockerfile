ARG BASE
FROM python AS build
FROM build AS test
FROM scratch
FROM ${BASE}
FROM registry.example.com:5000/team/app

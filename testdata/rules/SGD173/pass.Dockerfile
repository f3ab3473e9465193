FROM python:3.12-slim
ENV PIP_INDEX_URL=https://pypi.internal/simple
ARG PIP_TRUSTED_HOST

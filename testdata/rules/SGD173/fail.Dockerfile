FROM python:3.12-slim
ENV PIP_TRUSTED_HOST=pypi.internal
RUN PIP_TRUSTED_HOST=pypi.internal pip install --no-cache-dir app==1.2

FROM python:3.12-slim
RUN pip install --no-cache-dir --trusted-host pypi.internal app==1.2
RUN pip config set global.trusted-host pypi.internal

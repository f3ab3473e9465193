FROM python:3.12-slim
RUN pip install --no-cache-dir -r requirements.txt
RUN PIP_NO_CACHE_DIR=1 pip install flask==3.0.3
RUN --mount=type=cache,target=/root/.cache/pip pip install gunicorn==22.0.0
ENV PIP_NO_CACHE_DIR=1
RUN pip install uvicorn==0.30.1

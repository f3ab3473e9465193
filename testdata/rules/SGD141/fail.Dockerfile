FROM python:3.12-slim
RUN pip install -r requirements.txt
RUN python3 -m pip install flask==3.0.3

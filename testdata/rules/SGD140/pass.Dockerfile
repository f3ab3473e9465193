FROM python:3.12-slim
RUN pip install --no-cache-dir flask==3.0.3 'requests>=2.31' -r requirements.txt . \
 && python -m pip install --no-cache-dir -U pip setuptools wheel \
 && pip install --no-cache-dir --index-url https://pypi.org/simple git+https://github.com/x/y@v1.2

FROM alpine:3.20
ADD requirements.txt /app/
ADD src/ conf/ /app/
ONBUILD ADD . /src/

FROM alpine:3.20
COPY package.json package-lock.json /app/
COPY *.conf /etc/app/
COPY app.conf /etc/app.conf
FROM mcr.microsoft.com/windows/nanoserver:ltsc2022
COPY --from=mongo:7.0-windowsservercore-ltsc2022 \
	C:\\Windows\\System32\\msvcp140.dll \
	C:\\Windows\\System32\\vcruntime140.dll \
	C:\\Windows\\System32\\

FROM alpine:3.20
WORKDIR /app
WORKDIR src
WORKDIR $HOME/x
FROM mcr.microsoft.com/windows/nanoserver:ltsc2022
WORKDIR C:\\app

FROM debian:bookworm-slim
RUN ln -sf /bin/bash /bin/sh
FROM mcr.microsoft.com/windows/servercore:ltsc2022
RUN powershell -Command Invoke-WebRequest https://example.com/x.zip -OutFile x.zip

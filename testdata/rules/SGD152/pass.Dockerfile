FROM debian:bookworm-slim
SHELL ["/bin/bash", "-c"]
RUN ln -sf /usr/bin/python3 /usr/bin/python
FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command"]
RUN Invoke-WebRequest https://example.com/x.zip -OutFile x.zip; powershell -File x.ps1

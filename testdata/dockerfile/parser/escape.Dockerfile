# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command"]
RUN Write-Host one; `
    Write-Host two
WORKDIR C:\app\bin
COPY src\ C:\app\
RUN echo "backslash \ is literal here"

FROM golang:1.22 AS build
CMD go test ./...
FROM alpine:3.20
ENTRYPOINT ["/usr/local/bin/app", "--serve"]
HEALTHCHECK CMD ["wget", "-qO-", "http://localhost:8080/healthz"]
FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command"]
CMD Start-Service app

FROM debian:bookworm-slim
RUN if [ -f /etc/os-release ]; then cat /etc/os-release; fi
RUN case "$(uname -m)" in x86_64) arch=amd64;; aarch64) arch=arm64;; esac; echo $arch
SHELL ["pwsh", "-Command"]
RUN Get-ChildItem | ForEach-Object { $_.Name }

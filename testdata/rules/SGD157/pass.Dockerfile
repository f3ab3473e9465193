FROM debian:bookworm-slim
RUN if [ -f /etc/os-release ]; then cat /etc/os-release; fi
RUN case "$(uname -m)" in x86_64) arch=amd64;; aarch64) arch=arm64;; esac; echo $arch
SHELL ["pwsh", "-Command"]
RUN Get-ChildItem | ForEach-Object { $_.Name }
SHELL ["/bin/bash", "-c"]
RUN if (( 1 + (2 * 3) > 5 )); then echo ok; fi; for (( i = 0; i < 3; i++ )); do echo "$i"; done
RUN (( i++ )); echo $(( (1 + 2) * 3 ))

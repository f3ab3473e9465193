FROM fedora:40
RUN dnf install -y nginx-1.24.0 && dnf group install -y "Development Tools" && dnf clean all

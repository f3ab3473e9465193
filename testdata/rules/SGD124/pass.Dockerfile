FROM fedora:40
RUN dnf install -y nginx && dnf clean all
RUN --mount=type=cache,target=/var/cache/dnf dnf install -y git

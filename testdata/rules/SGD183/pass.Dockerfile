FROM fedora:40
RUN rpm --import /tmp/key && dnf install -y /tmp/x.rpm && dnf clean all

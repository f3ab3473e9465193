FROM fedora:40
RUN dnf config-manager --setopt=*.sslverify=1 --save

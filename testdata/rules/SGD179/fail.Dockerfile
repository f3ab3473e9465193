FROM fedora:40
RUN dnf config-manager --setopt=*.sslverify=0 --save
RUN echo "sslverify=false" >> /etc/yum.conf

FROM fedora:40
RUN dnf install -y --nogpgcheck /tmp/x.rpm && dnf clean all
RUN zypper --no-gpg-checks -n install x
RUN echo gpgcheck=0 >> /etc/yum.repos.d/x.repo

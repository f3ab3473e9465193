FROM fedora:40
RUN rpm --import /tmp/key && rpm -ivh /tmp/x.rpm

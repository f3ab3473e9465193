FROM fedora:40
RUN rpm -ivh --nosignature /tmp/x.rpm

FROM centos:7
RUN yum install -y httpd && yum --assumeyes install mod_ssl && yum clean all

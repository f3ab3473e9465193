FROM centos:7
RUN yum install -y httpd
RUN yum clean all && yum install -y mod_ssl

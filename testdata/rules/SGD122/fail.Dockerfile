FROM centos:7
RUN yum install -y httpd-2.4.6 mod_ssl && yum clean all

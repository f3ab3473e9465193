FROM centos:7
RUN yum install -y httpd-2.4.6 ./local.rpm "nginx-${NGINX_VERSION}" && yum clean all

FROM centos:7
RUN yum install -y httpd && yum clean all
RUN if true; then yum install -y git; fi && yum -y clean all
RUN yum install -y make && rm -rf /var/cache/yum

FROM centos:7
RUN yum -y update && yum clean all
FROM fedora:40
RUN dnf -y upgrade && dnf clean all

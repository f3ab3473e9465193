FROM fedora:40
RUN dnf install -y nginx && dnf clean all
FROM registry.access.redhat.com/ubi9/ubi-minimal
RUN microdnf install -y shadow-utils && microdnf clean all

FROM fedora:40
RUN dnf install nginx && dnf clean all
FROM registry.access.redhat.com/ubi9/ubi-minimal
RUN microdnf install shadow-utils && microdnf clean all

FROM registry.access.redhat.com/ubi9/ubi-minimal
RUN microdnf install -y shadow-utils && microdnf clean all

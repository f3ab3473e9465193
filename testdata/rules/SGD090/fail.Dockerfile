FROM alpine:3.20
# hadolint ignore=DL3020
ADD a /b
# shipgate ignore=SGD050 vendored tarball
ADD c /d

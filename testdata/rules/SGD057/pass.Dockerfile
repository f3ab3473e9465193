FROM alpine:3.20
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /opt/
ADD https://github.com/org/repo.git#3f1c2d9e4b5a6978012c3d4e5f6a7b8c9d0e1f2a /src

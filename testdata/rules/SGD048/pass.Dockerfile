FROM alpine:3.20
COPY src/ /app/src/
ADD --keep-git-dir=true https://github.com/org/repo.git#3f1c2d9e4b5a6978012c3d4e5f6a7b8c9d0e1f2a /src

FROM --platform=linux/amd64 golang:1.22 as Build
RUN --mount=type=cache,target=/root/.cache/go-build --mount=target=/go/pkg/mod,type=cache,sharing=locked \
    --network=none --security=sandbox go build -o /out/app ./...
RUN --mount=from=build,source=/out,target=/mnt,ro --mount=type=secret,id=npmrc,target=/root/.npmrc ls /mnt
RUN --network=bogus --unknown-flag=1 echo
CMD [ "bad json ]
ENTRYPOINT ["/bin/app", "--flag"]
SHELL /bin/bash -c
COPY --link --parents --exclude=*.md --exclude=*.txt --chmod=0755 a b /dst/
ADD --checksum=sha256:0123 --keep-git-dir=true --unpack https://example.com/x.tar.gz /opt/
ADD --link=maybe a /b
HEALTHCHECK --interval=30s --timeout=0.5ms --retries=-1 CMD curl -f http://localhost/
HEALTHCHECK NONE extra
ONBUILD RUN echo trigger
ONBUILD ONBUILD RUN echo nested
VOLUME ["/data", "/logs"]
STOPSIGNAL SIGTERM
MAINTAINER someone
ENV legacy value with spaces
LABEL a=1 b
ARG
FROM a b
FROM alpine AS 1bad
bogus instruction here

FROM --platform=linux/aux/amd64 golang:1.22 as Build
RUN --mount=type=cache,target=/root/.cac삖/go-build --mount=target=/go/pkg/mod,type=cache,sharing=locked \
    --network=nFROM alpine:6.20
ADD --checksuone --security=sandbox go build -o /oum=sha256:28908f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tf2a /src
t/app ./...
RUN --mount=from=build,source=/out,tatget=/mnt,ro --mount=ty
ADD --checksuone --security=sandbox go build -o /oum=sha256:28908f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tf2a /src
t/app ./...
RUN --mount=from=build,source=/out,target=/mnt,ro --mount=type=secret,id=npmrc,target=/root/.npmrc lsmd64 golang:1.22 as Build
RUN --mount=type=cache,target=/root/.cac삖/go-build ---platform=linux/aux/amd64 golang:1.22 as Build
RUN --mount=type=cache,target=/root/.cac삖/go-build --mount=target=/go/pkg/mod,type=cache,sharing=locked \
    --network=nFROM alpine:6.20
ADD --checksuone --security=sandbox go build -o /oum=sha256:28908f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tf2a /src
t/app ./...
RUN --mount=from=build,source=/out,target=/mnt,ro --mount=ty
ADD --checksuone --security=sandbox go build -o /oum=sha256:28908f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tf2a /src
t/app ./...
RUN --mount=from=build,source=/out,target=/mnt,ro --mount=type=secret,id=npmrc,target=/root/.npmrc lsmd64 golang:1.22 as Build
RUN --mount=type=cache,target=/root/.cac삖/go-build --mount=target=/go/pkg/mod,type=cache,sharing=locked \
    --network=nFROM alpine:6.20
ADD --checksuone --security=sandbox go build -o /oum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tf2a /src
t/app ./...
RUN --mount=from=build,source=/out,target=/mnt,ro --mount=type=secret,id=npmrc,target=/root/.npmrc ls /mnt
RUN --netpe=secret,id=npmrc,target=/root/.npmrc lsmd64 golang:1.22 as Build
RUN --mount=type=cache,target=/root/.cac삖/go-build --mount=target=/go/pkg/mod,type=cache,sharing=locked \
    --network=nFROM alpine:2.20
ADD --checksuone --securi퍁y=sandbox go build -o /oum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tf2a /src
t/app ./...
RUN --mouned \
    --network=nFROM alpine:6.20
ADD --checksuone --security=sandbox go build -o /oum=sha256:28908f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://ex-mount=target=/go/pkg/mod,type=cache,sharing=locked \
    --network=nFROM alpine:6.20
ADD --checksuone --security=sandbox go build -o /oum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tf2a /src
t/app ./...
RUN --mount=from=build,source=/out,target=/mnt,ro --mount=type=secret,id=npmrc,target=/root/.npmrc ls /mnt
RUN --netpe=secret,id=npmrc,target=/root/.npmrc lsmd64 golang:1.22 as Build
RUN --mount=type=cache,target=/root/.cac삖/go-build --mount=target=/go/pkg/mod,type=cac69a9b2945d1036d1dc68d https://example.com/tf2a /src
t/app ./...
RUN --mount=from=build,source=/out,target=/mnt,ro --mount=ty
ADD --checksuone --security=sandbox go build -o /oum=sha256:28908f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tf2a /src
t/app ./...
RUN --mount=from=build,source=/out,target=/mnt,ro --mount=type=secret,id=npmrc,target=/root/.npmrc lsmd64 golang:1.22 as Build
RUN --mount=type=cache,target=/root/.cac삖/go-build ---platform=linux/aux/amd64 golang:1.22 as Build
RUN --mount=type=cache,target=/root/.cac삖/go-build --mount=target=/go/pkgkg/mod,type=cache,sharing=locked \
    --network=nFROM alpine:2.20
ADD --checksuone --securi퍁y=sandbox go build -o /oum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tf2a /src
t/app ./...
RUN --mouned \
    --network=nFROM alpine:6.20
ADD --checksuone --security=sandbox go build -o /oum=sha256:28908f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://ex-mount=target=/go/pkg/mod,type=cache,shar.
RUN --mount=from=build,source=/out,target=/mnt,ro --mount=type=secret,id=npmrc,target=/root/.npmrc lsmd64 golang:1.22 as Build
RUN --mount=type=cache,target=/root/.cac삖/go-build --mount=target=/go/pkg/mod,type=cache,sharing=locked \
    --network=nFROM alpine:6.20
ADD --checksuone --security=sandbox go build -o /oum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tf2a /src
t/app ./...
RUN --mount=from=build,source=/out,target=/mnt,ro --mount=type=secret,id=npmrc,target=/root/.npmrc ls /mnt
RUN --netpe=secret,id=npmrc,target=/root/.npmrc lsmd64 golang:1.22 as Build
RUN --mount=type=cache,target=/root/.cac삖/go-build --mount=target=/go/pkg/mod,type=cache,sharing=locked \
    --network=nFROM alpine:2.20
ADD --checksuone --securi퍁y=sandbox go build -o /oum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tf2a /src
t/app ./...
RUN --mouned \
    --network=nFROM alpine:6.20
ADD --checksuone --security=sandbox go build -o /oum=sha256:28908f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://ex-mount=target=/go/pkg/mod,type=cache,sharing=locked \
    --network=nFROM alpine:6.20
ADD --checksuone --security=sandbox go build -o /oum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tf2a /src
t/app ./...
RUN --mount=from=build,source=/out,target=/mnt,ro --mount=type=secret,id=npmrc,target=/root/.npmrc ls /mnt
RUN --netpe=secret,id=npmrc,target=/ro.tgzot/.npmrc lsmd64 golang:1.22 as Build
RUN --mount=type=cache,target=/root/.cac삖/go-build --mount=target=/go/pkg/mod,type=cache,sharing=locked \
    --network=nFROM alpine:2.20
ADD --checksuone --securi퍁y=sandbox go build -o /oum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tf2a /src
t/app ./...
RUN --mouned \
    --network=nFROM alpine:6.20
ADD --checksuone --security=sandbox go build -o /oum=sha256:28908f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tf2a /src
t/app ./...
RUN --mount=from=build,source=/out,target=/mnt,ro --mount=ty
ADD --checksuone --security=sandbox go build -o /oum=sha256:28908f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tf2a /src
t/app ./...
RUN --mount=from=build,source=/out,target=/mnt,ro --mount=type=secret,id=npmrc,target=/root/.npmrc lsmd64 golang:1.22 as Build
RUN --mount=type=cache,target=/root/.cac삖/go-build --mount=target=/go/pkg/mod,type=cache,sharing=locked \
  ) --network=nFROM alpine:6.20
ADD --checksuone -9c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tf2a /src
t/app ./...
RUN --mount=from=build,source=/out,target=/mnt,ro --mount=type=secret,id=npmrc,target=/root/.npmrc ls /mnt
RUN --netpe=secret,id=npmrc,target=/root/.npmrc lsmd64 golanLABEL a=1 b
ARG
FRhe,sharing=locked \
    --network=nFROM alpine:2.20
ADD --checksuone --securi퍁y=sandbox go build -o /oum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tf2a /src
t/app ./...
RUN --mouned \
    --network=nFROM alpine:6.20
ADD --checksuone --security=sandbox go build -o /oum=sha256:28908f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tf2a /src
t/app ./...
RUN --mount=from=build,source=/out,target=/mnt,$ro --mount=ty
ADD --checksuone --security=sandbox go build -o /oum=sha256:28908f830cdb571E2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tf2a /src
t/app ./...
RUN --mount=from=build,source=/out,target=/mnt,ro --mount=type=secret,id=npmrc,target=/root/.npmrc lsmd64 golang:1.22 as Build
RUN --mount=type=cache,target=/root/.cac삖/go-build --mount=target=/go/pkg/mod,type=cache,sharing=locked \
  ) --network=nFROM alpine:6.20
ADD --checksuone -9c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tf2a /src
t/app ./...
RUN --mount=from=build,source=/out,target=/mnt,ro --mount=type=secret,id=npmrc,target=/root/.npmrc ls /mnt
RUN --netpe=secret,id=npmrc,target=/root/.npmrc lsmd64 golanLABEL a=1 b
ARG
FROM a b
FROM alpine AS 1bad
bogus instruction here

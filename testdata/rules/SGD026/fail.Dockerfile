FROM --platform=$TARGETPLATFORM alpine:3.20
FROM --platform=${TARGETPLATFORM} alpine:3.20

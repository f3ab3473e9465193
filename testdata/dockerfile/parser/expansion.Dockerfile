ARG REGISTRY=docker.io
ARG IMAGE=library/python
ARG TAG
ARG PY=3.12
FROM --platform=$BUILDPLATFORM ${REGISTRY}/${IMAGE}:${PY}-slim AS base
ARG PY
ARG TAG
ENV APP=/srv/app VERSION=${PY:-none} SUFFIX=${PY:+-py${PY}}
ENV TRIM_PREFIX=${APP#/srv/} TRIM_LONG=${APP##*/} TRIM_SUFFIX=${APP%/app} REPL=${APP/srv/opt} ALL=${APP//a/A}
WORKDIR $APP
LABEL version="${VERSION}" quoted='${NOT_EXPANDED}' escaped=\$APP
USER ${TAG:-1000}:${GID:-1000}
EXPOSE ${PORT:-8080}/tcp
FROM base AS child
WORKDIR ${APP}/child
COPY --chown=${UID} --from=base ${APP} ./
FROM scratch
COPY --from=child /srv/app/child /app
WORKDIR $UNDECLARED/x
ENV BAD=${APP:?must be set}
ENV MOD=${APP:#x}
FROM ${TAG:-alpine}:${NOPE}

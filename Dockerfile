# syntax=docker/dockerfile:1
#
# The gate itself as a container image: built in one stage, run from a slim
# Debian with only the runtime libraries, as an unprivileged user.  It has a
# shell on purpose: GitLab runs job scripts inside the image
# (action/gitlab/shipgate.gitlab-ci.yml), and pre-commit's `language: docker`
# hook builds this file.
#
#   docker build -t shipgate .
#   docker run --rm -v "$PWD:/src" -w /src shipgate scan .

FROM debian:12-slim AS build
# shellcheck and xmllint: the Makefile's deps step wants the test tools too
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      build-essential pkg-config check libjansson-dev libarchive-dev \
      libgit2-dev libyaml-dev libsqlite3-dev libssl-dev \
      shellcheck libxml2-utils \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN make -j"$(nproc)" build/shipgate \
 && make install PREFIX=/opt/shipgate

FROM debian:12-slim
LABEL org.opencontainers.image.title="shipgate" \
      org.opencontainers.image.description="Container security gate for CI"
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libgit2-1.5 libjansson4 libarchive13 libyaml-0-2 libsqlite3-0 libssl3 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /nonexistent \
      --shell /usr/sbin/nologin shipgate
COPY --from=build /opt/shipgate/ /usr/local/
USER 10001:10001
WORKDIR /src
# A command-line tool, not a service: there is nothing to probe.
# shipgate ignore=SGD065 a one-shot CLI has no health to check
HEALTHCHECK NONE
ENTRYPOINT ["shipgate"]
CMD ["--help"]

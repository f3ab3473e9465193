#!/bin/sh
# Build and run the version-comparator fuzzer (libFuzzer, ASan + UBSan)
# without the Makefile:  fuzz/run-version.sh [RUNS] [extra libFuzzer flags…]
# Default 1000000 executions; seeds come from fuzz/corpus/version.
set -eu
cd "$(dirname "$0")/.."
RUNS=${1:-1000000}
[ $# -gt 0 ] && shift
OUT=build-fuzz
mkdir -p "$OUT/corpus-version"
SRCS="fuzz/fuzz_version.c src/vuln/range.c src/vuln/version/apk.c \
  src/vuln/version/deb.c src/vuln/version/pep440.c src/vuln/version/rpm.c \
  src/vuln/version/scheme.c src/vuln/version/semver.c src/util/error.c \
  src/util/str.c"
clang -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O1 -g \
  -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
  -fno-sanitize-recover=undefined -Iinclude -Isrc $SRCS -o "$OUT/fuzz_version"
exec "$OUT/fuzz_version" -runs="$RUNS" -max_len=512 -timeout=10 \
  -rss_limit_mb=1024 -print_final_stats=1 "$@" "$OUT/corpus-version" \
  fuzz/corpus/version

#!/bin/sh
# Build and run the report fuzzer (libFuzzer, ASan + UBSan) without the
# Makefile:  fuzz/run-report.sh [RUNS] [extra libFuzzer flags…]
# Default 200000 executions; seeds come from fuzz/corpus/report and the
# golden JSON report.
set -eu
cd "$(dirname "$0")/.."
RUNS=${1:-200000}
[ $# -gt 0 ] && shift
OUT=build-fuzz
mkdir -p "$OUT/corpus-report"
cp testdata/report/golden.json "$OUT/corpus-report/golden.json"
# shellcheck disable=SC2046
clang -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O1 -g \
  -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
  -fno-sanitize-recover=undefined -Iinclude -Isrc \
  $(pkg-config --cflags jansson libarchive libgit2 yaml-0.1 sqlite3 libcrypto) \
  fuzz/fuzz_report.c $(find src -name '*.c' | sort) \
  $(pkg-config --libs jansson libarchive libgit2 yaml-0.1 sqlite3 libcrypto) -lm \
  -o "$OUT/fuzz_report"
exec "$OUT/fuzz_report" -runs="$RUNS" -max_len=8192 -timeout=10 \
  -rss_limit_mb=2048 -print_final_stats=1 "$@" "$OUT/corpus-report" fuzz/corpus/report

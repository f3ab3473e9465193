#!/bin/sh
# Build and run the shell-model fuzzer (libFuzzer, ASan + UBSan) without the
# Makefile:  fuzz/run-shell.sh [RUNS] [extra libFuzzer flags…]
# Default 1000000 executions; the corpus seeds come from fuzz/corpus/shell.
set -eu
cd "$(dirname "$0")/.."
RUNS=${1:-1000000}
[ $# -gt 0 ] && shift
OUT=build-fuzz
mkdir -p "$OUT/corpus-shell"
SRCS="fuzz/fuzz_shell.c src/dockerfile/shell.c src/dockerfile/shell_view.c \
  src/dockerfile/pkgmgr.c src/util/arena.c src/util/buf.c src/util/error.c \
  src/util/str.c src/util/vec.c"
clang -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O1 -g \
  -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
  -fno-sanitize-recover=undefined -Iinclude -Isrc $SRCS -o "$OUT/fuzz_shell"
exec "$OUT/fuzz_shell" -runs="$RUNS" -max_len=4096 -timeout=10 \
  -rss_limit_mb=1024 -print_final_stats=1 "$@" "$OUT/corpus-shell" fuzz/corpus/shell

#!/bin/sh
# Build and run the Compose fuzzer (libFuzzer, ASan + UBSan) without the
# Makefile:  fuzz/run-compose.sh [RUNS] [extra libFuzzer flags...]
# Default 1000000 executions; seeds come from fuzz/corpus/compose and the
# Compose test fixtures.  The whole library is built instrumented, because
# the Compose stage reports through the finding model and the registry.
set -eu
cd "$(dirname "$0")/.."
RUNS=${1:-1000000}
[ $# -gt 0 ] && shift
OUT=build-fuzz
mkdir -p "$OUT/corpus-compose" "$OUT/obj-compose"
PKGS="jansson libarchive libgit2 yaml-0.1 sqlite3 libcrypto"
CFLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O1 -g \
  -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
  -fno-sanitize-recover=undefined -Iinclude -Isrc $(pkg-config --cflags $PKGS)"
OBJS=""
for f in $(find src -name '*.c' | sort) fuzz/fuzz_compose.c; do
  o="$OUT/obj-compose/$(echo "$f" | tr / _).o"
  if [ ! -f "$o" ] || [ "$f" -nt "$o" ]; then
    clang $CFLAGS -c "$f" -o "$o"
  fi
  OBJS="$OBJS $o"
done
clang -fsanitize=fuzzer,address,undefined $OBJS -o "$OUT/fuzz_compose" \
  $(pkg-config --libs $PKGS) -lm
exec "$OUT/fuzz_compose" -runs="$RUNS" -max_len=8192 -timeout=10 \
  -rss_limit_mb=2048 -print_final_stats=1 "$@" "$OUT/corpus-compose" \
  fuzz/corpus/compose

#!/bin/sh
# Build and run the image fuzzer (libFuzzer, ASan + UBSan):
#   fuzz/run-image.sh [RUNS] [extra libFuzzer flags...]
# Default 1,000,000 executions.  Seeds are written here by build/mkimage
# from testdata/image (whole images, and single layers prefixed with the
# harness's mode byte), so no binary seed is committed.
set -eu
cd "$(dirname "$0")/.."
RUNS=${1:-1000000}
[ $# -gt 0 ] && shift
OUT=build-fuzz
SEEDS=$OUT/seeds-image
make -s build/mkimage
mkdir -p "$OUT/corpus-image" "$SEEDS"
if [ ! -f "$SEEDS/.done" ]; then
	for spec in app clean hostile; do
		for f in docker:none oci-archive:gzip oci-archive:zstd; do
			fmt=${f%%:*} comp=${f#*:}
			build/mkimage --format "$fmt" --compress "$comp" \
				"testdata/image/$spec/image.spec" "$SEEDS/img.tar"
			{ printf '\000'; cat "$SEEDS/img.tar"; } > "$SEEDS/$spec-$fmt-$comp"
			# every blob of the image as a mode-1 (single layer) seed
			mkdir -p "$SEEDS/x" && tar -C "$SEEDS/x" -xf "$SEEDS/img.tar"
			for b in $(find "$SEEDS/x" -type f -size -200k); do
				{ printf '\001'; cat "$b"; } > "$SEEDS/$spec-$fmt-$comp-$(basename "$b" | cut -c1-16)"
			done
			rm -rf "$SEEDS/x" "$SEEDS/img.tar"
		done
	done
	touch "$SEEDS/.done"
fi
# shellcheck disable=SC2046
clang -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O1 -g \
  -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
  -fno-sanitize-recover=undefined -Iinclude -Isrc \
  $(pkg-config --cflags jansson libarchive libgit2 yaml-0.1 sqlite3 libcrypto) \
  fuzz/fuzz_image.c $(find src -name '*.c' | sort) \
  $(pkg-config --libs jansson libarchive libgit2 yaml-0.1 sqlite3 libcrypto) -lm \
  -o "$OUT/fuzz_image"
exec "$OUT/fuzz_image" -runs="$RUNS" -max_len=65536 -timeout=20 \
  -rss_limit_mb=2048 -print_final_stats=1 "$@" "$OUT/corpus-image" "$SEEDS"

#!/bin/sh
# Build and run the vulnerability-data fuzzers (libFuzzer, ASan + UBSan)
# without the Makefile:
#   fuzz/run-vulndb.sh osv|pkgdb [RUNS] [extra libFuzzer flags...]
# Default 1000000 executions.  Seeds are written into build-fuzz/ from the
# repository's fixtures (testdata/vulndb, testdata/inventory) and, when
# present, ../shared samples; the first byte of a seed picks the mode.
set -eu
cd "$(dirname "$0")/.."
T=${1:?usage: fuzz/run-vulndb.sh osv|pkgdb [RUNS]}
shift
RUNS=${1:-1000000}
[ $# -gt 0 ] && shift
OUT=build-fuzz
mkdir -p "$OUT/corpus-$T"
UTIL="src/util/arena.c src/util/buf.c src/util/error.c src/util/str.c \
  src/util/vec.c src/util/fs.c src/util/path.c src/util/yaml.c \
  src/util/strmap.c"
SEEDS=$OUT/seeds-$T
rm -rf "$SEEDS" && mkdir -p "$SEEDS"
seed() { # seed MODE-BYTE FILE
  [ -f "$2" ] || return 0
  n=$(ls "$SEEDS" | wc -l)
  { printf "\\$(printf %03o "$1")"; head -c 65536 "$2"; } >"$SEEDS/s$n"
}
SH=../shared
case $T in
osv)
  for f in testdata/vulndb/formats/*.json testdata/vulndb/formats/osv/*.json \
    testdata/vulndb/demo/*.json; do seed 0 "$f"; done
  for f in testdata/vulndb/formats/osv/*.yaml; do seed 1 "$f"; done
  for f in "$SH"/vulndata/pypa-advisory-database/vulns/jinja2/*.yaml; do
    seed 1 "$f"; done
  for f in "$SH"/vulndata/golang-vulndb/data/osv/GO-2024-26*.json \
    "$SH"/vulndata/nodejs-security-wg/vuln/npm/1?.json \
    "$SH"/vulndata/vunnel-fixtures/tests/unit/providers/debian/test-fixtures/input/debian.json; do
    seed 0 "$f"; done
  printf '\002>=1.0.0 <1.2.3 || ^2.1.0 || 1.x - 2.3' >"$SEEDS/npm1"
  SRCS="fuzz/fuzz_osv.c src/vuln/db.c src/vuln/import_osv.c \
    src/vuln/import_distro.c src/vuln/import_npm.c src/vuln/cvss.c \
    src/core/names.c $UTIL"
  LIBS="-ljansson -lsqlite3 -larchive -lyaml -lm" ;;
pkgdb)
  seed 0 testdata/inventory/rootfs/var/lib/dpkg/status
  seed 2 testdata/inventory/alpine/lib/apk/db/installed
  seed 5 testdata/inventory/rootfs/usr/lib/node_modules/left-pad/package.json
  seed 6 testdata/inventory/rootfs/usr/lib/python3/dist-packages/Jinja2-3.1.2.dist-info/METADATA
  seed 7 testdata/inventory/rootfs/etc/os-release
  P=$SH/pkgdb-samples
  seed 1 "$P/syft/syft/pkg/cataloger/debian/testdata/image-distroless-deb/var/lib/dpkg/status.d/libsqlite3-0"
  seed 2 "$P/trivy/pkg/fanal/analyzer/pkg/apk/testdata/apk"
  seed 4 "$P/go-rpmdb/pkg/testdata/libuuid/Packages"
  # a tiny rpmdb.sqlite (512-byte pages) holding one hand-made header
  if command -v sqlite3 >/dev/null && command -v python3 >/dev/null; then
    HDR=$(python3 -c 'import struct
d=b"foo\0" b"1.0\0" b"1.el9\0" b"x86_64\0" b"foo-1.0-1.el9.src.rpm\0"
e=[(1000,6,0),(1001,6,4),(1002,6,8),(1022,6,14),(1044,6,21)]
h=struct.pack(">II",len(e),len(d))+b"".join(struct.pack(">IIII",t,y,o,1) for t,y,o in e)+d
print(h.hex())')
    rm -f "$OUT/seed-rpm.sqlite"
    sqlite3 "$OUT/seed-rpm.sqlite" "PRAGMA page_size=512; CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL); INSERT INTO Packages (blob) VALUES (X'$HDR');"
    seed 3 "$OUT/seed-rpm.sqlite"
    printf '\011' >"$SEEDS/hdr"; python3 -c "import sys; sys.stdout.buffer.write(bytes.fromhex('$HDR'))" >>"$SEEDS/hdr"
  fi
  SRCS="fuzz/fuzz_pkgdb.c src/inventory/inventory.c src/inventory/dpkg.c \
    src/inventory/apk.c src/inventory/rpm.c src/inventory/lang.c \
    src/inventory/osrelease.c $UTIL"
  LIBS="-ljansson -lsqlite3 -lyaml -lm" ;;
*) echo "unknown target $T" >&2; exit 2 ;;
esac
clang -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O1 -g \
  -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
  -fno-sanitize-recover=undefined -Iinclude -Isrc $SRCS $LIBS \
  -o "$OUT/fuzz_$T"
exec "$OUT/fuzz_$T" -runs="$RUNS" -max_len=8192 -timeout=10 \
  -rss_limit_mb=1024 -print_final_stats=1 "$@" "$OUT/corpus-$T" "$SEEDS"

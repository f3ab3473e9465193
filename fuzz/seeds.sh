#!/bin/sh
# fuzz/seeds.sh NAME OUTDIR: write the seed corpus of fuzz target NAME into
# OUTDIR for the targets whose seeds are not plain files under testdata/
# (a mode byte in front, or binary images made by build/mkimage at run
# time, since no binary fixture is committed).  Other targets: nothing to do.
# ../shared samples are used when present.  findings: generated operation
# streams.
set -eu
cd "$(dirname "$0")/.."
T=$1 SEEDS=$2
SH=../shared
rm -rf "$SEEDS" && mkdir -p "$SEEDS"
n=0
seed() { # seed MODE-BYTE FILE
	[ -f "$2" ] || return 0
	n=$((n + 1))
	{ printf "\\$(printf %03o "$1")"; head -c 65536 "$2"; } >"$SEEDS/s$n"
}
case $T in
image)
	make -s build/mkimage
	for spec in app clean hostile; do
		for f in docker:none oci-archive:gzip oci-archive:zstd; do
			fmt=${f%%:*} comp=${f#*:}
			build/mkimage --format "$fmt" --compress "$comp" \
				"testdata/image/$spec/image.spec" "$SEEDS/img.tar"
			{ printf '\000'; cat "$SEEDS/img.tar"; } >"$SEEDS/$spec-$fmt-$comp"
			# every blob of the image as a mode-1 (single layer) seed
			mkdir -p "$SEEDS/x" && tar -C "$SEEDS/x" -xf "$SEEDS/img.tar"
			find "$SEEDS/x" -type f -size -200k | while read -r b; do
				{ printf '\001'; cat "$b"; } \
				  >"$SEEDS/$spec-$fmt-$comp-$(basename "$b" | cut -c1-16)"
			done
			rm -rf "$SEEDS/x" "$SEEDS/img.tar"
		done
		# The docker archive again, each layer a single-segment zstd
		# frame (window = content size), whole and layer by layer.
		# mkimage's zstd frames declare libzstd's default 2 MB window,
		# which the decoder allocates per layer: under ASan that
		# allocation took 3/4 of a run, and single-segment frames keep
		# the fuzzer's time on the reader instead.
		command -v zstd >/dev/null && command -v python3 >/dev/null || continue
		build/mkimage --format docker --compress none \
			"testdata/image/$spec/image.spec" "$SEEDS/img.tar"
		python3 - "$SEEDS" "$spec" <<-'PY'
		import io, os, subprocess, sys, tarfile
		seeds, spec = sys.argv[1], sys.argv[2]
		src = tarfile.open(os.path.join(seeds, "img.tar"))
		out = io.BytesIO()
		dst = tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT)
		for m in src.getmembers():
		    data = src.extractfile(m).read() if m.isfile() else None
		    if m.name.endswith("/layer.tar"):
		        tmp = os.path.join(seeds, "layer")
		        with open(tmp, "wb") as f:
		            f.write(data)
		        data = subprocess.run(["zstd", "-q", "-c", "-19", tmp],
		                              check=True, stdout=subprocess.PIPE).stdout
		        os.unlink(tmp)
		        with open(os.path.join(seeds, "%s-zstd1-%s" % (spec, m.name[:16])), "wb") as f:
		            f.write(b"\x01" + data)
		        m.size = len(data)
		    dst.addfile(m, io.BytesIO(data) if data is not None else None)
		dst.close()
		with open(os.path.join(seeds, "%s-docker-zstd1" % spec), "wb") as f:
		    f.write(b"\x00" + out.getvalue())
		PY
		rm -f "$SEEDS/img.tar"
	done ;;
osv)
	for f in testdata/vulndb/formats/*.json testdata/vulndb/formats/osv/*.json \
		testdata/vulndb/demo/*.json; do seed 0 "$f"; done
	for f in testdata/vulndb/formats/osv/*.yaml \
		"$SH"/vulndata/pypa-advisory-database/vulns/jinja2/*.yaml; do
		seed 1 "$f"; done
	for f in "$SH"/vulndata/golang-vulndb/data/osv/GO-2024-26*.json \
		"$SH"/vulndata/nodejs-security-wg/vuln/npm/1?.json \
		"$SH"/vulndata/vunnel-fixtures/tests/unit/providers/debian/test-fixtures/input/debian.json; do
		seed 0 "$f"; done
	printf '\002>=1.0.0 <1.2.3 || ^2.1.0 || 1.x - 2.3' >"$SEEDS/npm1"
	# CVSS v4 vectors (none of the records above carries one)
	printf '\000{"id":"T-1","modified":"2024-01-01T00:00:00Z","severity":[%s,%s],"affected":[{"package":{"ecosystem":"npm","name":"x"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.2.3"}]}]}]}' \
		'{"type":"CVSS_V4","score":"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:A/VC:H/VI:L/VA:N/SC:L/SI:S/SA:N/E:P/CR:M/MAV:A/MSA:S/U:Amber"}' \
		'{"type":"CVSS_V2","score":"(AV:N/AC:L/Au:N/C:P/I:P/A:P)"}' >"$SEEDS/v4" ;;
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
		sqlite3 "$SEEDS/rpm.sqlite" "PRAGMA page_size=512; CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL); INSERT INTO Packages (blob) VALUES (X'$HDR');"
		seed 3 "$SEEDS/rpm.sqlite" && rm -f "$SEEDS/rpm.sqlite"
		printf '\011' >"$SEEDS/hdr"
		python3 -c "import sys; sys.stdout.buffer.write(bytes.fromhex('$HDR'))" >>"$SEEDS/hdr"
	fi ;;
report)
	cp testdata/report/golden.json "$SEEDS/golden.json" ;;
findings)
	# operation streams (see fuzz_findings.c), from a fixed generator
	for k in 1 2 3 4 5 6 7 8; do
		LC_ALL=C awk -v k="$k" 'BEGIN { x = k * 7919
			for (i = 0; i < 120 * k; i++) {
				x = (x * 1103515245 + 12345) % 2147483648
				printf "%c", int(x / 65536) % 256 }
		}' >"$SEEDS/ops$k"
	done
	# texts to mask (first byte even)
	n=0
	for t in 'ENV A=1 GITHUB_TOKEN="ghp_abcdefghijklmnopqrstuvwxyz0123456789" B=2' \
		'RUN curl https://admin:s3cret@example.com/x && docker login -u me -p pw reg' \
		'RUN echo -----BEGIN RSA PRIVATE KEY----- MIIE -----END RSA PRIVATE KEY-----' \
		'DB_PASSWORD: hunter2 {"password":"pw"} ENV MYSQL_PASSWD x --token t' \
		'|1 DB_PASSWORD=hunter2 AKIAABCDEFGHIJKLMNOPghp_x /bin/sh -c make'; do
		n=$((n + 1))
		printf '\000%s' "$t" >"$SEEDS/text$n"
	done ;;
esac

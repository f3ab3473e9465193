#!/bin/sh
# bench/vercmp-oracle/run.sh [COUNT]: shipgate's version comparators against
# the real tools, on every line of testdata/vuln/versions/*.txt and on COUNT
# (default 100000) random pairs per scheme from gen.py (SEED env, default
# 20261129).  Oracles, each skipped with "skipped: …" when absent:
#   deb     libdpkg (parseversion + dpkg_version_compare; libdpkg-dev), and
#           the dpkg binary itself (`dpkg --compare-versions`) on a sample of
#           DPKG_SAMPLE (default 3000) random pairs to show the two agree
#   rpm     rpm 4.18's rpm.vercmp() through `rpm --eval` Lua (package rpm)
#   apk     go-apk-version via ../shared/tools/apkvercmp-oracle.go
#           (golang-go golang-github-knqyf263-go-apk-version-dev)
#   semver  npm's semver@7 (npm install into build/oracle/npm), also for
#           npm ranges (semver.satisfies / validRange)
#   pep440  python3-packaging (Debian's /usr/bin/python3)
# Exit 1 when any unexplained disagreement is found.
set -eu
cd "$(dirname "$0")/../.."
N=${1:-100000}
SEED=${SEED:-20261129}
DPKG_SAMPLE=${DPKG_SAMPLE:-3000}
D=bench/vercmp-oracle
O=build/oracle
SG=${SG_BIN:-build/shipgate}
SHARED=${SG_SHARED:-../shared}
mkdir -p "$O"
[ -x "$SG" ] || make -s -j2 "$SG" >/dev/null
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
fail=0

# vectors SCHEME: "A B" pairs and expected verdicts from the table
vectors() {
	grep -v '^#' "testdata/vuln/versions/$1.txt" | awk '
		NF == 3 { print $1, $3 > "'"$O/$1.vec.pairs"'"; print $2 > "'"$O/$1.vec.want"'" }
		NF == 2 && $2 == "invalid" { print $1, $1 > "'"$O/$1.vec.pairs"'"; print "invalid" > "'"$O/$1.vec.want"'" }
		NF == 2 && $2 == "valid" { print $1, $1 > "'"$O/$1.vec.pairs"'"; print "=" > "'"$O/$1.vec.want"'" }'
}

# report LABEL PAIRS OURS THEIRS [DEVIATION-AWK]: count agreement; the
# optional awk condition (fields: a b ours theirs) names documented
# deviations, which are counted apart and do not fail the run.
report() {
	paste -d' ' "$2" "$3" "$4" | awk -v label="$1" -v out="$O/$1.diff" '
		function dev(a, b, o, t) { '"${5:-return 0}"' }
		{ n++ }
		$3 == $4 { ok++; if ($3 == "invalid") inv++; next }
		dev($1, $2, $3, $4) { devs++; next }
		{ bad++; if (bad <= 10) print "  differ: " $1 " " $2 ": shipgate " $3 ", oracle " $4; print > out }
		END {
			printf "%s: %d pairs, %d agree (%d ordered, %d invalid on both sides)", label, n, ok, ok - inv, inv
			if (devs) printf ", %d documented deviations", devs
			printf ", %d disagree\n", bad
			exit bad > 0
		}' || fail=1
}

# check_vectors SCHEME ORACLE-OUTPUT: the table's verdicts vs the oracle
# (optional DEVIATION-AWK as for report, fields a b want oracle)
check_vectors() {
	paste -d' ' "$O/$1.vec.pairs" "$O/$1.vec.want" "$2" | awk -v s="$1" '
		function dev(a, b, o, t) { '"${3:-return 0}"' }
		{ n++ } $3 == $4 { ok++; next }
		dev($1, $2, $3, $4) { devs++; print "  documented deviation: " $0; next }
		{ bad++; print "  table line differs from oracle: " $0 }
		END {
			printf "%s vectors: %d/%d table lines agree with the oracle", s, ok, n
			if (devs) printf ", %d documented deviations", devs
			printf "\n"; exit bad > 0
		}' || fail=1
}

ours() { "$SG" vercmp "$1" --batch; }

# ---- dpkg ------------------------------------------------------------------
if pkg-config --exists libdpkg 2>/dev/null && command -v dpkg >/dev/null; then
	cc -O2 -o "$O/dpkg-oracle" "$D/dpkg-oracle.c" $(pkg-config --cflags --libs libdpkg)
	vectors deb
	"$O/dpkg-oracle" < "$O/deb.vec.pairs" > "$O/deb.vec.oracle"
	check_vectors deb "$O/deb.vec.oracle"
	$PY "$D/gen.py" deb "$N" "$SEED" > "$O/deb.pairs"
	ours deb < "$O/deb.pairs" > "$O/deb.ours"
	"$O/dpkg-oracle" < "$O/deb.pairs" > "$O/deb.oracle"
	report deb "$O/deb.pairs" "$O/deb.ours" "$O/deb.oracle"
	# the harness is dpkg's library; show the binary says the same
	head -n "$DPKG_SAMPLE" "$O/deb.pairs" | while read -r a b; do
		if dpkg --compare-versions "$a" lt "$b" 2>"$O/dpkg.err"; then r='<'
		elif [ $? = 2 ]; then r=invalid
		elif dpkg --compare-versions "$a" eq "$b" 2>>"$O/dpkg.err"; then r='='
		else r='>'; fi
		[ -s "$O/dpkg.err" ] && r=invalid
		echo "$r"
	done > "$O/deb.bin"
	head -n "$DPKG_SAMPLE" "$O/deb.oracle" > "$O/deb.lib"
	head -n "$DPKG_SAMPLE" "$O/deb.pairs" > "$O/deb.sample"
	report "deb (dpkg --compare-versions binary vs libdpkg harness)" \
		"$O/deb.sample" "$O/deb.lib" "$O/deb.bin"
else
	echo "skipped: deb: needs dpkg and libdpkg-dev"
fi

# ---- rpm -------------------------------------------------------------------
if command -v rpm >/dev/null; then
	rpm_oracle() {
		rpm --eval "%{lua: for l in io.lines('$1') do
			local a, b = l:match('^(%S+) (%S+)$')
			local r = rpm.vercmp(a, b)
			io.write(r < 0 and '<' or r > 0 and '>' or '=', '\n')
		end}" | sed '/^$/d'
	}
	vectors rpm
	# rpm orders any string; the table's `invalid` lines are shipgate's own
	paste -d' ' "$O/rpm.vec.pairs" "$O/rpm.vec.want" | awk '$3 != "invalid"' > "$O/rpm.vec.both"
	cut -d' ' -f1,2 "$O/rpm.vec.both" > "$O/rpm.vec.pairs"
	cut -d' ' -f3 "$O/rpm.vec.both" > "$O/rpm.vec.want"
	rpm_oracle "$O/rpm.vec.pairs" > "$O/rpm.vec.oracle"
	check_vectors rpm "$O/rpm.vec.oracle"
	$PY "$D/gen.py" rpm "$N" "$SEED" > "$O/rpm.pairs"
	ours rpm < "$O/rpm.pairs" > "$O/rpm.ours"
	rpm_oracle "$O/rpm.pairs" > "$O/rpm.oracle"
	report rpm "$O/rpm.pairs" "$O/rpm.ours" "$O/rpm.oracle" \
		'return o == "invalid" && (a ~ /(^|:)-|-$|:$|^:?-/ || b ~ /(^|:)-|-$|:$|^:?-/)'
else
	echo "skipped: rpm: needs the rpm package"
fi

# ---- apk -------------------------------------------------------------------
if command -v go >/dev/null && [ -d /usr/share/gocode/src/github.com/knqyf263/go-apk-version ] &&
   [ -f "$SHARED/tools/apkvercmp-oracle.go" ]; then
	cp "$SHARED/tools/apkvercmp-oracle.go" "$O/apkvercmp-oracle.go"
	(cd "$O" && GOPATH=/usr/share/gocode GO111MODULE=off GOCACHE="$PWD/gocache" \
		go build -o apkvercmp apkvercmp-oracle.go)
	apk_oracle() {
		"$O/apkvercmp" | awk '{ r = $3; print (r == "-1" ? "<" : r == "1" ? ">" : r == "0" ? "=" : r) }'
	}
	vectors apk
	apk_oracle < "$O/apk.vec.pairs" > "$O/apk.vec.oracle"
	# documented in src/vuln/version/apk.c: '-' not followed by 'r', and
	# numbers over 18 digits, are invalid here; the Go port accepts them
	APKDEV='return o == "invalid" && (a b ~ /-([^r]|$)/ || a b ~ /[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]/)'
	check_vectors apk "$O/apk.vec.oracle" "$APKDEV"
	$PY "$D/gen.py" apk "$N" "$SEED" > "$O/apk.pairs"
	ours apk < "$O/apk.pairs" > "$O/apk.ours"
	apk_oracle < "$O/apk.pairs" > "$O/apk.oracle"
	report apk "$O/apk.pairs" "$O/apk.ours" "$O/apk.oracle" "$APKDEV"
else
	echo "skipped: apk: needs golang-go, golang-github-knqyf263-go-apk-version-dev and $SHARED/tools"
fi

# ---- semver and npm ranges -------------------------------------------------
if command -v node >/dev/null && command -v npm >/dev/null; then
	if [ ! -f "$O/npm/node_modules/semver/package.json" ]; then
		mkdir -p "$O/npm"
		(cd "$O/npm" && npm install --no-audit --no-fund --silent semver@7 >/dev/null 2>&1) || true
	fi
fi
if [ -f "$O/npm/node_modules/semver/package.json" ]; then
	NM="$O/npm/node_modules"
	echo "semver oracle: npm semver $(node -p "require('./$NM/semver/package.json').version")"
	vectors semver
	node "$D/semver-oracle.js" "$NM" cmp < "$O/semver.vec.pairs" > "$O/semver.vec.oracle"
	check_vectors semver "$O/semver.vec.oracle"
	$PY "$D/gen.py" semver "$N" "$SEED" > "$O/semver.pairs"
	ours npm < "$O/semver.pairs" > "$O/semver.ours"
	node "$D/semver-oracle.js" "$NM" cmp < "$O/semver.pairs" > "$O/semver.oracle"
	report semver "$O/semver.pairs" "$O/semver.ours" "$O/semver.oracle"
	# npm ranges: the table, then random ranges
	cc -O2 -std=c11 -Iinclude -Isrc -o "$O/range-harness" "$D/range-harness.c" \
		build/libshipgate.a $(pkg-config --libs jansson libarchive libgit2 yaml-0.1 sqlite3 libcrypto) -lm
	grep -v '^#' testdata/vuln/versions/npm-range.txt | awk '{ v = $1; $1 = ""; sub(/^ /, ""); ver = $1; $1 = ""; sub(/^ /, ""); print ver "\t" $0 > "'"$O/range.vec.pairs"'"; print v > "'"$O/range.vec.want"'" }'
	node "$D/semver-oracle.js" "$NM" range < "$O/range.vec.pairs" > "$O/range.vec.oracle"
	paste -d'|' "$O/range.vec.want" "$O/range.vec.oracle" | awk -F'|' '{ n++ } $1 == $2 { ok++ } END { printf "npm-range vectors: %d/%d table lines agree with the oracle\n", ok, n; exit ok != n }' || fail=1
	$PY "$D/gen.py" npm-range "$N" "$SEED" > "$O/range.pairs"
	"$O/range-harness" < "$O/range.pairs" > "$O/range.ours"
	node "$D/semver-oracle.js" "$NM" range < "$O/range.pairs" > "$O/range.oracle"
	# one field for the version, one for the range (spaces shown as '_')
	sed 's/ /_/g; s/\t$/\t(empty)/' "$O/range.pairs" | tr '\t' ' ' > "$O/range.pairs1"
	report npm-range "$O/range.pairs1" "$O/range.ours" "$O/range.oracle"
else
	echo "skipped: semver: needs node and npm (npm install semver@7)"
fi

# ---- PEP 440 ---------------------------------------------------------------
if $PY -c 'import packaging.version' 2>/dev/null; then
	echo "pep440 oracle: packaging $($PY -c 'import packaging; print(packaging.__version__)')"
	vectors pep440
	$PY "$D/pep440-oracle.py" < "$O/pep440.vec.pairs" > "$O/pep440.vec.oracle"
	check_vectors pep440 "$O/pep440.vec.oracle"
	$PY "$D/gen.py" pep440 "$N" "$SEED" > "$O/pep440.pairs"
	ours PyPI < "$O/pep440.pairs" > "$O/pep440.ours"
	$PY "$D/pep440-oracle.py" < "$O/pep440.pairs" > "$O/pep440.oracle"
	report pep440 "$O/pep440.pairs" "$O/pep440.ours" "$O/pep440.oracle"
else
	echo "skipped: pep440: needs python3-packaging"
fi
exit $fail

#!/bin/sh
# fuzz/run.sh NAME SECONDS RUNS MAX_LEN [libFuzzer args and seed dirs...]
# Runs build-fuzz/fuzz_NAME over build-fuzz/corpus-NAME plus the seed
# directories, logs everything to build-fuzz/fuzz-NAME.log, keeps crashing
# inputs in build-fuzz/crash-NAME/, and prints one line:
#   NAME  executions  exec/s  crashes  seconds
# It exits non-zero when the fuzzer found anything (crash, leak, timeout,
# out-of-memory), so `make fuzz` fails then.
set -u
cd "$(dirname "$0")/.."
T=$1 SECS=$2 RUNS=$3 MAXLEN=$4
shift 4
LOG=build-fuzz/fuzz-$T.log
ART=build-fuzz/crash-$T
mkdir -p "build-fuzz/corpus-$T" "$ART"
before=$(find "$ART" -type f | wc -l)
maxlen=
[ "$MAXLEN" -gt 0 ] && maxlen=-max_len=$MAXLEN
dict=
[ -f "fuzz/$T.dict" ] && dict=-dict=fuzz/$T.dict
start=$(date +%s)
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
"build-fuzz/fuzz_$T" -max_total_time="$SECS" -runs="$RUNS" $maxlen \
	-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 $dict \
	-artifact_prefix="$ART/" "build-fuzz/corpus-$T" "$@" >"$LOG" 2>&1
rc=$?
end=$(date +%s)
after=$(find "$ART" -type f | wc -l)
stat() { awk -v k="stat::$1:" '$1 == k { v = $2 } END { print v + 0 }' "$LOG"; }
printf '%-11s %12s execs %8s exec/s %3d crashes %6d s  (log %s)\n' \
	"$T" "$(stat number_of_executed_units)" "$(stat average_exec_per_sec)" \
	$((after - before)) $((end - start)) "$LOG"
if [ $rc -ne 0 ] || [ "$after" -ne "$before" ]; then
	echo "fuzz-$T: fuzzer exit $rc; inputs in $ART/; see $LOG" >&2
	grep -m3 'ERROR\|runtime error' "$LOG" >&2
	exit 1
fi

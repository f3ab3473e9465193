#!/usr/bin/env bash
# verdict.sh: fail the job from the gate's recorded exit code, after every
# report was published (0 passed, 1 gating findings, 2 usage or policy error,
# 3 an input could not be analysed, 4 internal or i/o error).
set -euo pipefail

if [ -z "${EXIT_CODE:-}" ]; then
	echo "::error::shipgate did not run (see the Scan step)"
	exit 4
fi
case $EXIT_CODE in
0) echo "shipgate: passed" ;;
1) echo "::error::shipgate: failed, gating findings (see the job summary)" ;;
2) echo "::error::shipgate: usage or policy error (see the Scan step)" ;;
3) echo "::error::shipgate: an input could not be analysed (see the job summary)" ;;
*) echo "::error::shipgate: internal or i/o error (exit code $EXIT_CODE)" ;;
esac
exit "$EXIT_CODE"

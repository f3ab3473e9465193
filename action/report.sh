#!/usr/bin/env bash
# report.sh: annotations (annotations.jq) and the job summary.
#
# The Markdown report already fits a PR comment (65,536 characters), far
# below the step summary's 1 MiB; the size is still checked, because an
# oversized summary is dropped with an error instead of being cut.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=SCRIPTDIR/lib.sh
. "$here/lib.sh"

summary_max=1048576

if [ "${INPUT_ANNOTATIONS:-true}" = true ] && [ -s "${JSON_FILE:-}" ]; then
	if command -v jq >/dev/null 2>&1; then
		jq -r -f "$here/annotations.jq" "$JSON_FILE"
	else
		warn "jq is not installed: no annotations (the job summary and SARIF have every finding)"
	fi
fi

if [ "${INPUT_STEP_SUMMARY:-true}" = true ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ] &&
	[ -s "${MARKDOWN_FILE:-}" ]; then
	size=$(wc -c < "$MARKDOWN_FILE")
	if [ "$size" -le "$summary_max" ]; then
		cat "$MARKDOWN_FILE" >> "$GITHUB_STEP_SUMMARY"
	else
		printf '## shipgate\n\nThe report (%s bytes) is larger than the 1 MiB a job summary may hold; it is in the reports directory of this run.\n' \
			"$size" >> "$GITHUB_STEP_SUMMARY"
	fi
fi

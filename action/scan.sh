#!/usr/bin/env bash
# scan.sh: run the gate once with every report, record its exit code.
#
# The step itself succeeds whatever the gate decides, so that the summary,
# the annotations, the SARIF upload and the PR comment all happen; the last
# step of the action (verdict.sh) fails the job from the recorded code.
# Inputs arrive as environment variables (see action.yml).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=SCRIPTDIR/lib.sh
. "$here/lib.sh"

: "${SHIPGATE:?the install step did not provide a binary}"
path=${INPUT_PATH:-.}
out=${INPUT_OUTPUT_DIR:-${RUNNER_TEMP:-/tmp}/shipgate}
mkdir -p "$out"
sarif=$out/shipgate.sarif
junit=$out/shipgate.junit.xml
markdown=$out/shipgate.md
json=$out/shipgate.json
rm -f "$sarif" "$junit" "$markdown" "$json"

args=(scan "$path" --sarif "$sarif" --junit "$junit" --markdown "$markdown"
	--json "$json")
if [ -n "${INPUT_DB:-}" ]; then
	args+=(--db "$INPUT_DB")
elif images=${INPUT_IMAGES:-} && [ -n "${images//[[:space:]]/}" ]; then
	warn "images are given but no 'db' input: unless a database is at the default path, they are inspected but not scanned for vulnerabilities"
fi
if [ -n "${INPUT_FAIL_ON:-}" ]; then
	args+=(--fail-on "$INPUT_FAIL_ON")
fi
if [ -n "${INPUT_CATEGORY_PREFIX:-}" ]; then
	args+=(--category "$INPUT_CATEGORY_PREFIX")
fi
if [ -n "${INPUT_SHARD:-}" ]; then
	args+=(--shard "$INPUT_SHARD")
fi

# A set-up error before the gate runs: recorded as the gate's exit code 2
# (the verdict step fails the job), never a pass.
fail_setup() { # MESSAGE
	error "$1"
	set_output exit-code 2
	set_output result error
	echo "shipgate: error (exit code 2)"
	exit 0
}

# The switches are 'true' or 'false'.  GitHub compares them as strings, so
# `fail: yes` or `fail: True` would otherwise skip the verdict step and
# pass whatever the gate says.
for pair in "fail=${INPUT_FAIL:-true}" "upload-sarif=${INPUT_UPLOAD_SARIF:-true}" \
	"pr-comment=${INPUT_PR_COMMENT:-false}" \
	"annotations=${INPUT_ANNOTATIONS:-true}" \
	"step-summary=${INPUT_STEP_SUMMARY:-true}"; do
	case ${pair#*=} in
	true | false) ;;
	*) fail_setup "input '${pair%%=*}' is '${pair#*=}': it must be true or false" ;;
	esac
done

# Multi-line inputs: one value per line; blank lines and surrounding
# whitespace are ignored.
add_lines() { # FLAG TEXT
	local line
	while IFS= read -r line || [ -n "$line" ]; do
		line=${line#"${line%%[![:space:]]*}"}
		line=${line%"${line##*[![:space:]]}"}
		if [ -n "$line" ]; then
			args+=("$1" "$line")
		fi
	done <<< "$2"
}
add_lines --image "${INPUT_IMAGES:-}"
add_lines --include "${INPUT_INCLUDE:-}"
add_lines --exclude "${INPUT_EXCLUDE:-}"

# PR mode.  actions/checkout fetches one commit by default, so the base
# commit is fetched here when missing; the gate itself never fetches.
base=${INPUT_BASE:-${PR_BASE_SHA:-}}
if [ -n "$base" ]; then
	if ! git -C "$path" cat-file -e "$base^{commit}" 2>/dev/null; then
		git -C "$path" fetch --no-tags --quiet --depth=1 origin "$base" \
			2>/dev/null || true
	fi
	if git -C "$path" cat-file -e "$base^{commit}" 2>/dev/null; then
		args+=(--base "$base")
	else
		# Without the base, the policy would be the pull request's own:
		# a change must not pick the rules that judge it.  Fail closed.
		fail_setup "base commit '$base' is not in the checkout and could not be fetched, so the pull request cannot be judged by its base's policy (use fetch-depth: 0 in actions/checkout)"
	fi
fi

# The `policy` input.  The gate reads --policy FILE from disk, and in PR
# mode the disk is the pull request's checkout: a policy file inside the
# repository would be the change's own, so a pull request could loosen the
# gate that judges it.  Such a file is taken from the base commit instead,
# as the gate does with .shipgate.yaml; one outside the repository (a
# central policy) is read as it is.  The path is resolved as text, not
# through the checkout's symbolic links, which the pull request controls.
if [ -n "${INPUT_POLICY:-}" ]; then
	policy=$INPUT_POLICY
	top=""
	if [ -n "$base" ]; then
		top=$(git -C "$path" rev-parse --show-toplevel)
		case $policy in
		/*) abs=$(realpath -m -s -- "$policy") ;;
		*) abs=$(realpath -m -s -- "$(pwd -P)/$policy") ;;
		esac
	fi
	if [ -n "$top" ] && [ "${abs#"$top"/}" != "$abs" ]; then
		rel=${abs#"$top"/}
		mkdir -p "$out/base-policy"
		policy=$out/base-policy/${rel##*/}
		if ! git -C "$top" cat-file -e "$base:$rel" 2>/dev/null ||
			! git -C "$top" show "$base:$rel" > "$policy"; then
			fail_setup "policy '$INPUT_POLICY' is not in the base commit $base: a pull request cannot bring the policy that judges it (add the policy in a change of its own first)"
		fi
		if [ ! -f "$abs" ] || ! cmp -s "$abs" "$policy"; then
			warn "the pull request changes policy '$INPUT_POLICY'; the base commit's version applies"
		fi
	fi
	args+=(--policy "$policy")
fi

# Permalinks name the commit the author pushed: on pull_request events
# GITHUB_SHA is the test merge commit, not the PR head.
sha=${PR_HEAD_SHA:-${GITHUB_SHA:-}}
if [ -n "$sha" ] && [ -n "${GITHUB_REPOSITORY:-}" ]; then
	args+=(--link-base "${GITHUB_SERVER_URL:-https://github.com}/$GITHUB_REPOSITORY/blob/$sha/")
fi

set +e
"$SHIPGATE" "${args[@]}"
code=$?
set -e

# as the JSON report's summary.result says it (exit 3, an input that could
# not be analysed, is an error there too)
case $code in
0) result=passed ;;
1) result=failed ;;
*) result=error ;;
esac
total=""
blocking=""
if [ -s "$json" ]; then
	if command -v jq >/dev/null 2>&1; then
		total=$(jq -r '.summary.total' "$json")
		blocking=$(jq -r '.summary.gating' "$json")
		result=$(jq -r '.summary.result' "$json")
	elif command -v python3 >/dev/null 2>&1; then
		total=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["total"])' "$json")
		blocking=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["gating"])' "$json")
	fi
fi

# Results the SARIF cannot carry are never dropped without a word: past
# 25,000 in a run the gate leaves the least severe out (and counts them),
# and code scanning keeps only the 5,000 most severe of an upload.
if [ -s "$sarif" ] && command -v jq >/dev/null 2>&1; then
	counts=$(jq -r '[([.runs[]?.results | length] | add // 0),
		([.runs[]?.properties.omitted_results // 0] | add // 0)] | @tsv' \
		"$sarif" 2>/dev/null || true)
	nresults=${counts%%$'\t'*}
	omitted=${counts##*$'\t'}
	if [ "${omitted:-0}" -gt 0 ] 2>/dev/null; then
		warn "the SARIF leaves out $omitted results (code scanning takes at most 25,000 per run); the JSON report and the job summary have every finding"
	fi
	if [ "${nresults:-0}" -gt 5000 ] 2>/dev/null; then
		warn "the SARIF has $nresults results: code scanning keeps only the 5,000 most severe of an upload; the JSON report and the job summary have every finding"
	fi
fi

# Code scanning rejects uploads from a read-only token: a pull request from
# a fork gets one.  Skip with a warning instead of failing the job.
can_upload=true
if [ -n "${PR_HEAD_REPO:-}" ] && [ "$PR_HEAD_REPO" != "${GITHUB_REPOSITORY:-}" ]; then
	can_upload=false
	warn "pull request from a fork ($PR_HEAD_REPO): its token is read-only, so the SARIF is not uploaded to code scanning; the job summary has the report"
fi

set_output exit-code "$code"
set_output result "$result"
set_output findings-total "$total"
set_output findings-blocking "$blocking"
set_output can-upload "$can_upload"
for pair in "sarif-file=$sarif" "junit-file=$junit" "markdown-file=$markdown" \
	"json-file=$json"; do
	if [ -s "${pair#*=}" ]; then
		set_output "${pair%%=*}" "${pair#*=}"
	fi
done
echo "shipgate: $result (exit code $code${total:+, $total findings, $blocking blocking})"

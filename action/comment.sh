#!/usr/bin/env bash
# comment.sh: keep one sticky pull request comment with the Markdown report.
#
# The comment is found by a hidden marker (one per category prefix, so two
# gate jobs keep two comments), updated in place, or created.  Commenting
# never fails the job: a fork's read-only token, a missing
# `pull-requests: write` permission or an API error is a warning.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=SCRIPTDIR/lib.sh
. "$here/lib.sh"

max_units=65536         # GitHub: "body is too long (maximum is 65536 characters)"
api=${GITHUB_API_URL:-https://api.github.com}
repo=${GITHUB_REPOSITORY:?}
: "${PR_NUMBER:?}" "${MARKDOWN_FILE:?}"

if [ -n "${PR_HEAD_REPO:-}" ] && [ "$PR_HEAD_REPO" != "$repo" ]; then
	warn "pull request from a fork ($PR_HEAD_REPO): its token is read-only, so no PR comment; the job summary has the report"
	exit 0
fi
if [ -z "${GITHUB_TOKEN:-}" ]; then
	warn "no github-token: no PR comment"
	exit 0
fi
if ! command -v jq >/dev/null 2>&1 || ! command -v curl >/dev/null 2>&1; then
	warn "the PR comment needs curl and jq; the job summary has the report"
	exit 0
fi

id=$(printf '%s' "${INPUT_CATEGORY_PREFIX:-shipgate/}" | tr -cd 'A-Za-z0-9._/-')
marker="<!-- shipgate:pr-comment ${id} -->"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Body: the report and the marker, or a short note when together they would
# pass the limit (counted in UTF-16 code units, as GitHub counts).
jq -Rs --arg marker "$marker" --argjson max "$max_units" \
	--arg result "${RESULT:-unknown}" --arg total "${FINDINGS_TOTAL:-?}" \
	--arg blocking "${FINDINGS_BLOCKING:-?}" \
	--arg run "${GITHUB_SERVER_URL:-https://github.com}/$repo/actions/runs/${GITHUB_RUN_ID:-}" '
	def units: [explode[] | if . > 65535 then 2 else 1 end] | add // 0;
	(. + "\n" + $marker + "\n") as $full
	| if ($full | units) <= $max then {body: $full}
	  else {body: ("## shipgate: \($result)\n\n\($blocking) blocking of \($total) findings. The report is longer than a comment may be; it is in the [job summary](\($run)).\n\n" + $marker + "\n")}
	  end' "$MARKDOWN_FILE" > "$tmp/body.json"

# call METHOD URL [DATA_FILE]: prints the HTTP status, body in $tmp/resp
call() {
	local data=()
	if [ $# -gt 2 ]; then
		data=(--data-binary "@$3")
	fi
	curl -sS -o "$tmp/resp" -w '%{http_code}' -X "$1" \
		-H "Authorization: Bearer $GITHUB_TOKEN" \
		-H "Accept: application/vnd.github+json" \
		-H "X-GitHub-Api-Version: 2022-11-28" \
		"${data[@]}" "$2" || true     # curl prints 000 when it gets no answer
}

explain() { # STATUS WHAT
	case $1 in
	401 | 403 | 404)
		warn "cannot $2 the PR comment (HTTP $1): the token needs 'pull-requests: write' (read-only on pull requests from forks); the job summary has the report" ;;
	*)
		warn "cannot $2 the PR comment (HTTP $1); the job summary has the report" ;;
	esac
}

existing=""
page=1
while [ "$page" -le 50 ]; do
	status=$(call GET "$api/repos/$repo/issues/$PR_NUMBER/comments?per_page=100&page=$page")
	if [ "$status" != 200 ]; then
		explain "$status" read
		exit 0
	fi
	# anyone can paste the marker into a comment: the gate's own (a bot's)
	# comes first
	existing=$(jq -r --arg m "$marker" \
		'[.[] | select(.body | contains($m))]
		 | (map(select(.user.type == "Bot")) + .)[0].id // empty' "$tmp/resp")
	if [ -n "$existing" ] || [ "$(jq length "$tmp/resp")" -lt 100 ]; then
		break
	fi
	page=$((page + 1))
done

if [ -n "$existing" ]; then
	status=$(call PATCH "$api/repos/$repo/issues/comments/$existing" "$tmp/body.json")
	if [ "$status" = 200 ]; then
		echo "shipgate: updated PR comment $existing"
		exit 0
	fi
	# Not ours to edit (someone pasted the marker): post the report
	# rather than leave that comment, or an old one, standing for it.
	explain "$status" update
fi
status=$(call POST "$api/repos/$repo/issues/$PR_NUMBER/comments" "$tmp/body.json")
[ "$status" = 201 ] || { explain "$status" create; exit 0; }
echo "shipgate: created PR comment $(jq -r .id "$tmp/resp")"

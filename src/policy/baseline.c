/*
 * baseline.c: accept today's findings once (`shipgate baseline write`), so
 * only what comes after gates.  The file lists fingerprints, which do not
 * depend on line numbers, plus enough context for a reviewer to read it.
 */
#include "util/compat.h"
#include "shipgate/scan.h"

#include <jansson.h>

#include "util/fs.h"

bool sg_baseline_takes(const sg_finding *f)
{
	/* already fixed, or accepted elsewhere with a reason: not baseline
	 * material; nor is an input the gate could not read, which a
	 * baseline cannot accept (see sg_policy_evaluate()) */
	return f->verdict != SG_VERDICT_ABSENT &&
	       f->verdict != SG_VERDICT_SUPPRESSED &&
	       f->verdict != SG_VERDICT_IGNORED &&
	       !(f->rule->flags & SG_RULE_PARSE_ERROR);
}

int sg_baseline_write(const char *path, const sg_result *res,
		      const char *today, sg_error *err)
{
	json_t *root = NULL, *arr = json_array();
	size_t i, n = sg_findings_count(res->findings);
	char *text = NULL;
	int rc;

	for (i = 0; arr && i < n; i++) {
		const sg_finding *f = sg_findings_at(res->findings, i);
		json_t *o;

		if (!sg_baseline_takes(f))
			continue;
		o = json_pack("{s:s, s:s, s:s?, s:s?, s:i, s:s}",
			      "fingerprint", f->fingerprint,
			      "rule", f->rule->id,
			      "path", f->loc.path,
			      "image", f->loc.image,
			      "line", (json_int_t)f->loc.line,
			      "message", f->message);
		if (!o || json_array_append_new(arr, o) < 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	if (arr)
		root = json_pack("{s:i, s:s, s:s, s:s?, s:o}",
				 "shipgate_baseline", 1,
				 "created", today ? today : "",
				 "tool_version", SG_VERSION,
				 "commit", res->commit,
				 "findings", arr);
	if (root)
		text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!text)
		return sg_error_set(err, SG_ENOMEM, path, 0, 0, "out of memory");
	{
		size_t len = strlen(text);
		char *nl = realloc(text, len + 2);

		if (!nl) {
			free(text);
			return sg_error_set(err, SG_ENOMEM, path, 0, 0, "out of memory");
		}
		text = nl;
		memcpy(text + len, "\n", 2);
		rc = sg_write_file_atomic(path, text, len + 1, err);
	}
	free(text);
	return rc;
}

/*
 * json.c: the native JSON report (schemas/report.schema.json) and its
 * reader.  The reader is what `shipgate merge` stands on: it rebuilds a
 * result from which every renderer produces the same bytes as from the
 * original, so every field a renderer uses is written here, keys in a fixed
 * order, absent values as null.
 */
#include "util/compat.h"
#include "report/render.h"
#include "util/fs.h"

/* A report of a huge monorepo is tens of MB; anything bigger is not ours. */
#define JSON_READ_MAX ((size_t)1 << 30)

static json_t *jstr_or_null(const char *s)
{
	return s ? report_jstr(s) : json_null();
}

static json_t *location_json(const sg_location *l, int *rc)
{
	json_t *o = json_object();

	report_jset(o, "path", jstr_or_null(l->path), rc);
	report_jset(o, "line", json_integer(l->line), rc);
	report_jset(o, "column", json_integer(l->column), rc);
	report_jset(o, "end_line", json_integer(l->end_line), rc);
	report_jset(o, "end_column", json_integer(l->end_column), rc);
	report_jset(o, "image", jstr_or_null(l->image), rc);
	report_jset(o, "layer", jstr_or_null(l->layer), rc);
	report_jset(o, "object", jstr_or_null(l->object), rc);
	return o;
}

static json_t *vuln_json(const sg_vuln_ref *v, int *rc)
{
	json_t *o;

	if (!v)
		return json_null();
	o = json_object();
	report_jset(o, "id", jstr_or_null(v->id), rc);
	report_jset(o, "aliases", jstr_or_null(v->aliases), rc);
	report_jset(o, "summary", jstr_or_null(v->summary), rc);
	report_jset(o, "package", jstr_or_null(v->package), rc);
	report_jset(o, "source", jstr_or_null(v->source), rc);
	report_jset(o, "ecosystem", jstr_or_null(v->ecosystem), rc);
	report_jset(o, "purl", jstr_or_null(v->purl), rc);
	report_jset(o, "installed", jstr_or_null(v->installed), rc);
	report_jset(o, "fixed", jstr_or_null(v->fixed), rc);
	report_jset(o, "vector", jstr_or_null(v->vector), rc);
	report_jset(o, "score", json_real(v->score), rc);
	report_jset(o, "db_source", jstr_or_null(v->db_source), rc);
	return o;
}

static const char *suppression_kind(const sg_finding *f)
{
	switch (f->verdict) {
	case SG_VERDICT_SUPPRESSED:
		return "inline";
	case SG_VERDICT_BASELINED:
		return "baseline";
	case SG_VERDICT_IGNORED:
		return "policy";
	default:
		return f->expires ? "policy" : NULL;
	}
}

static json_t *finding_json(const sg_finding *f, int *rc)
{
	json_t *o = json_object(), *al = json_array(), *rel = json_array();
	const char *const *a;
	const char *kind = suppression_kind(f);
	size_t i;

	report_jset(o, "rule", json_string(f->rule->id), rc);
	report_jset(o, "name", json_string(f->rule->name), rc);
	for (a = f->rule->aliases; a && *a; a++)
		report_jpush(al, report_jstr(*a), rc);
	report_jset(o, "aliases", al, rc);
	report_jset(o, "severity", json_string(sg_severity_name(f->severity)), rc);
	report_jset(o, "practice", json_string(sg_practice_slug(f->rule->practice)), rc);
	report_jset(o, "stage", json_string(sg_stage_name(f->rule->stage)), rc);
	report_jset(o, "location", location_json(&f->loc, rc), rc);
	report_jset(o, "message", report_jstr(f->message), rc);
	report_jset(o, "key", report_jstr(f->key), rc);
	report_jset(o, "fingerprint", json_string(f->fingerprint), rc);
	report_jset(o, "line_hash", jstr_or_null(f->line_hash), rc);
	report_jset(o, "target", jstr_or_null(f->target), rc);
	report_jset(o, "verdict", json_string(sg_verdict_name(f->verdict)), rc);
	report_jset(o, "gating", json_boolean(f->verdict == SG_VERDICT_GATING), rc);
	report_jset(o, "why", report_jstr(report_why(f)), rc);
	if (kind) {
		json_t *s = json_object();

		report_jset(s, "kind", json_string(kind), rc);
		report_jset(s, "reason", report_jstr(report_why(f)), rc);
		report_jset(s, "expires", jstr_or_null(f->expires), rc);
		report_jset(o, "suppression", s, rc);
	} else {
		report_jset(o, "suppression", json_null(), rc);
	}
	report_jset(o, "baseline_state", f->baseline == SG_BASELINE_NONE ?
		    json_null() : json_string(sg_baseline_state_name(f->baseline)), rc);
	for (i = 0; i < f->nrelated; i++) {
		json_t *r = json_object();

		report_jset(r, "location", location_json(&f->related[i].loc, rc), rc);
		report_jset(r, "message", jstr_or_null(f->related[i].message), rc);
		report_jpush(rel, r, rc);
	}
	report_jset(o, "related", rel, rc);
	report_jset(o, "vuln", vuln_json(f->vuln, rc), rc);
	return o;
}

int report_json(struct sg_buf *out, const sg_result *res,
		const sg_report_options *opts, sg_error *err)
{
	json_t *root = json_object(), *o, *arr;
	size_t i, by_sev[SG_SEVERITY__COUNT] = { 0 };
	size_t n = sg_findings_count(res->findings);
	bool first, afirst;
	int rc = 0, v;

	report_jset(root, "tool", json_string("shipgate"), &rc);
	report_jset(root, "version", report_jstr(res->tool_version ?
						  res->tool_version : SG_VERSION), &rc);
	report_jset(root, "schema_version", json_integer(1), &rc);

	o = json_object();
	report_jset(o, "repo", jstr_or_null(res->repo), &rc);
	report_jset(o, "commit", jstr_or_null(res->commit), &rc);
	report_jset(o, "base_commit", jstr_or_null(res->base_commit), &rc);
	report_jset(o, "shard", jstr_or_null(res->shard), &rc);
	report_jset(o, "link_base", jstr_or_null(res->link_base), &rc);
	report_jset(o, "category", jstr_or_null(res->category), &rc);
	report_jset(root, "provenance", o, &rc);

	o = json_object();
	report_jset(o, "path", jstr_or_null(res->policy_path), &rc);
	report_jset(o, "fail_on", json_string(sg_fail_on_name(res->fail_on)), &rc);
	report_jset(o, "gate", json_string(res->gate_new_only ? "new" : "all"), &rc);
	if (res->baseline_path) {
		json_t *b = json_object();

		report_jset(b, "path", report_jstr(res->baseline_path), &rc);
		report_jset(b, "created", jstr_or_null(res->baseline_created), &rc);
		report_jset(b, "size", json_integer((json_int_t)res->baseline_size), &rc);
		report_jset(o, "baseline", b, &rc);
	} else {
		report_jset(o, "baseline", json_null(), &rc);
	}
	report_jset(o, "rules_off", json_integer((json_int_t)res->rules_off), &rc);
	report_jset(root, "policy", o, &rc);

	for (i = 0; i < n; i++) {
		sg_severity s = sg_findings_at(res->findings, i)->severity;

		if (s < SG_SEVERITY__COUNT)
			by_sev[s]++;
	}
	o = json_object();
	report_jset(o, "total", json_integer((json_int_t)n), &rc);
	report_jset(o, "gating", json_integer((json_int_t)report_gating(res)), &rc);
	arr = json_object();
	for (v = 0; v < SG_VERDICT__COUNT; v++)
		report_jset(arr, sg_verdict_name((sg_verdict)v),
			    json_integer((json_int_t)res->verdict_counts[v]), &rc);
	report_jset(o, "by_verdict", arr, &rc);
	arr = json_object();
	for (v = SG_SEVERITY__COUNT - 1; v > SG_SEVERITY_NONE; v--)
		report_jset(arr, sg_severity_name((sg_severity)v),
			    json_integer((json_int_t)by_sev[v]), &rc);
	report_jset(o, "by_severity", arr, &rc);
	report_jset(o, "exit_code", json_integer(res->exit_code), &rc);
	report_jset(o, "result", json_string(report_outcome(res)), &rc);
	report_jset(root, "summary", o, &rc);

	arr = json_array();
	for (i = 0; i < res->ntargets; i++) {
		json_t *t = json_object();

		report_jset(t, "path", report_jstr(res->targets[i].path), &rc);
		report_jset(t, "kind", json_string(sg_target_kind_name(res->targets[i].kind)), &rc);
		report_jset(t, "analysed", json_boolean(res->targets[i].analysed), &rc);
		report_jpush(arr, t, &rc);
	}
	report_jset(root, "targets", arr, &rc);
	arr = json_array();
	for (i = 0; i < res->nnotes; i++)
		report_jpush(arr, report_jstr(res->notes[i]), &rc);
	report_jset(root, "notes", arr, &rc);
	if (rc < 0) {
		json_decref(root);
		return rc;
	}
	/* the findings last, one at a time (render.h) */
	report_jw_open(out, &first, '{');
	report_jw_members(out, &first, 0, root, &rc);
	report_jw_key(out, &first, 0, "findings", &rc);
	report_jw_open(out, &afirst, '[');
	for (i = 0; i < n && rc == 0; i++)
		report_jw_push(out, &afirst, 1,
			       finding_json(sg_findings_at(res->findings, i),
					    &rc), &rc);
	report_jw_close(out, afirst, 1, ']');
	report_jw_close(out, first, 0, '}');
	sg_buf_putc(out, '\n');
	return rc < 0 ? rc : sg_buf_error(out);
}

/* ---- reading ------------------------------------------------------------ */

struct reader {
	const char *path;
	sg_error *err;
	sg_result *res;
	char where[96];         /* "findings[3].location" */
};

static int bad(struct reader *r, const char *key, const char *what)
{
	return sg_error_set(r->err, SG_EINVALID, r->path, 0, 0,
			    "%s%s%s: %s", r->where, *r->where ? "." : "", key,
			    what);
}

/* Optional string member: NULL when absent or null; copied into the set. */
static int get_str(struct reader *r, json_t *obj, const char *key,
		   bool required, const char **out)
{
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (!v || json_is_null(v))
		return required ? bad(r, key, "missing") : 0;
	if (!json_is_string(v))
		return bad(r, key, "expected a string");
	*out = sg_findings_strdup(r->res->findings, json_string_value(v));
	return *out ? 0 : sg_error_set(r->err, SG_ENOMEM, r->path, 0, 0,
				       "out of memory");
}

static int get_uint(struct reader *r, json_t *obj, const char *key,
		    uint64_t max, uint64_t *out)
{
	json_t *v = json_object_get(obj, key);

	*out = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    (uint64_t)json_integer_value(v) > max)
		return bad(r, key, "expected a non-negative integer");
	*out = (uint64_t)json_integer_value(v);
	return 0;
}

static json_t *get_obj(struct reader *r, json_t *obj, const char *key,
		       int *rc)
{
	json_t *v = json_object_get(obj, key);

	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_object(v))
		*rc = bad(r, key, "expected an object");
	return json_is_object(v) ? v : NULL;
}

static json_t *get_arr(struct reader *r, json_t *obj, const char *key,
		       int *rc)
{
	json_t *v = json_object_get(obj, key);

	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_array(v))
		*rc = bad(r, key, "expected an array");
	return json_is_array(v) ? v : NULL;
}

static int read_location(struct reader *r, json_t *o, sg_location *l)
{
	uint64_t u[4];
	int rc;

	memset(l, 0, sizeof(*l));
	if (!o)
		return 0;
	if ((rc = get_str(r, o, "path", false, &l->path)) < 0 ||
	    (rc = get_uint(r, o, "line", UINT32_MAX, &u[0])) < 0 ||
	    (rc = get_uint(r, o, "column", UINT32_MAX, &u[1])) < 0 ||
	    (rc = get_uint(r, o, "end_line", UINT32_MAX, &u[2])) < 0 ||
	    (rc = get_uint(r, o, "end_column", UINT32_MAX, &u[3])) < 0 ||
	    (rc = get_str(r, o, "image", false, &l->image)) < 0 ||
	    (rc = get_str(r, o, "layer", false, &l->layer)) < 0 ||
	    (rc = get_str(r, o, "object", false, &l->object)) < 0)
		return rc;
	l->line = (uint32_t)u[0];
	l->column = (uint32_t)u[1];
	l->end_line = (uint32_t)u[2];
	l->end_column = (uint32_t)u[3];
	return 0;
}

static int read_vuln(struct reader *r, json_t *o, sg_finding *f)
{
	sg_vuln_ref v;
	json_t *score;
	int rc;

	memset(&v, 0, sizeof(v));
	if ((rc = get_str(r, o, "id", true, &v.id)) < 0 ||
	    (rc = get_str(r, o, "aliases", false, &v.aliases)) < 0 ||
	    (rc = get_str(r, o, "summary", false, &v.summary)) < 0 ||
	    (rc = get_str(r, o, "package", false, &v.package)) < 0 ||
	    (rc = get_str(r, o, "source", false, &v.source)) < 0 ||
	    (rc = get_str(r, o, "ecosystem", false, &v.ecosystem)) < 0 ||
	    (rc = get_str(r, o, "purl", false, &v.purl)) < 0 ||
	    (rc = get_str(r, o, "installed", false, &v.installed)) < 0 ||
	    (rc = get_str(r, o, "fixed", false, &v.fixed)) < 0 ||
	    (rc = get_str(r, o, "vector", false, &v.vector)) < 0 ||
	    (rc = get_str(r, o, "db_source", false, &v.db_source)) < 0)
		return rc;
	score = json_object_get(o, "score");
	if (score && !json_is_null(score)) {
		if (!json_is_number(score) || json_number_value(score) < 0 ||
		    json_number_value(score) > 10)
			return bad(r, "score", "expected a number from 0 to 10");
		/* what the writer's 15 digits keep, so a re-read is exact */
		char num[40];

		snprintf(num, sizeof(num), "%.15g", json_number_value(score));
		v.score = strtod(num, NULL);
	}
	if (sg_findings_set_vuln(r->res->findings, f, &v) < 0)
		return sg_error_set(r->err, SG_ENOMEM, r->path, 0, 0,
				    "out of memory");
	return 0;
}

static int read_finding(struct reader *r, json_t *o, size_t idx)
{
	sg_findings *set = r->res->findings;
	const char *id, *msg, *key, *s, *fp;
	const sg_rule *rule;
	sg_location loc;
	sg_finding *f;
	json_t *sub, *rel;
	size_t i;
	int rc = 0;

	snprintf(r->where, sizeof(r->where), "findings[%zu]", idx);
	if (!json_is_object(o))
		return sg_error_set(r->err, SG_EINVALID, r->path, 0, 0,
				    "%s: expected an object", r->where);
	if ((rc = get_str(r, o, "rule", true, &id)) < 0)
		return rc;
	rule = sg_rule_find(id);
	if (!rule)
		return sg_error_set(r->err, SG_EINVALID, r->path, 0, 0,
				    "%s: unknown rule '%s' (report written by "
				    "another shipgate version?)", r->where, id);
	if ((rc = get_str(r, o, "message", true, &msg)) < 0 ||
	    (rc = get_str(r, o, "key", false, &key)) < 0)
		return rc;
	sub = get_obj(r, o, "location", &rc);
	if (rc < 0)
		return rc;
	snprintf(r->where, sizeof(r->where), "findings[%zu].location", idx);
	if ((rc = read_location(r, sub, &loc)) < 0)
		return rc;
	snprintf(r->where, sizeof(r->where), "findings[%zu]", idx);
	f = sg_findings_add(set, rule, &loc, key, "%s", msg);
	if (!f)
		return sg_error_set(r->err, SG_ENOMEM, r->path, 0, 0,
				    "out of memory");
	if ((rc = get_str(r, o, "severity", true, &s)) < 0)
		return rc;
	if (sg_severity_parse(s, &f->severity) < 0)
		return bad(r, "severity", "unknown severity");
	if ((rc = get_str(r, o, "verdict", true, &s)) < 0)
		return rc;
	if (sg_verdict_parse(s, &f->verdict) < 0)
		return bad(r, "verdict", "unknown verdict");
	if ((rc = get_str(r, o, "baseline_state", false, &s)) < 0)
		return rc;
	if (s && sg_baseline_state_parse(s, &f->baseline) < 0)
		return bad(r, "baseline_state", "unknown baseline state");
	if ((rc = get_str(r, o, "fingerprint", true, &fp)) < 0)
		return rc;
	if (strlen(fp) != 64 || strspn(fp, "0123456789abcdef") != 64)
		return bad(r, "fingerprint", "expected 64 lowercase hex digits");
	memcpy(f->fingerprint, fp, 65);
	if ((rc = get_str(r, o, "line_hash", false, &f->line_hash)) < 0 ||
	    (rc = get_str(r, o, "target", false, &s)) < 0 ||
	    (rc = get_str(r, o, "why", false, &f->why)) < 0)
		return rc;
	if (s)
		f->target = s;
	/* part of the identity, so the merged fingerprints are the run's */
	f->inline_suppression = f->verdict == SG_VERDICT_SUPPRESSED ||
		(f->why && !strncmp(f->why, SG_WHY_NOT_HONOURED,
				    strlen(SG_WHY_NOT_HONOURED)));
	sub = get_obj(r, o, "suppression", &rc);
	if (rc < 0)
		return rc;
	if (sub) {
		snprintf(r->where, sizeof(r->where), "findings[%zu].suppression", idx);
		if ((rc = get_str(r, sub, "expires", false, &f->expires)) < 0)
			return rc;
		snprintf(r->where, sizeof(r->where), "findings[%zu]", idx);
	}
	rel = get_arr(r, o, "related", &rc);
	if (rc < 0)
		return rc;
	for (i = 0; rel && i < json_array_size(rel); i++) {
		json_t *ro = json_array_get(rel, i);
		const char *rm;

		snprintf(r->where, sizeof(r->where), "findings[%zu].related[%zu]",
			 idx, i);
		if (!json_is_object(ro))
			return sg_error_set(r->err, SG_EINVALID, r->path, 0, 0,
					    "%s: expected an object", r->where);
		if ((rc = get_str(r, ro, "message", false, &rm)) < 0)
			return rc;
		sub = get_obj(r, ro, "location", &rc);
		if (rc < 0 || (rc = read_location(r, sub, &loc)) < 0)
			return rc;
		if (sg_findings_add_related(set, f, &loc, rm) < 0)
			return sg_error_set(r->err, SG_ENOMEM, r->path, 0, 0,
					    "out of memory");
	}
	snprintf(r->where, sizeof(r->where), "findings[%zu]", idx);
	sub = get_obj(r, o, "vuln", &rc);
	if (rc < 0)
		return rc;
	if (sub) {
		snprintf(r->where, sizeof(r->where), "findings[%zu].vuln", idx);
		if ((rc = read_vuln(r, sub, f)) < 0)
			return rc;
	}
	return 0;
}

static int read_result(struct reader *r, json_t *root)
{
	sg_result *res = r->res;
	json_t *o, *arr, *v;
	const char *s;
	uint64_t u;
	size_t i;
	int rc = 0;

	v = json_object_get(root, "tool");
	if (!json_is_object(root) || !json_is_string(v) ||
	    strcmp(json_string_value(v), "shipgate") != 0)
		return sg_error_set(r->err, SG_EINVALID, r->path, 0, 0,
				    "not a shipgate json report (no \"tool\": "
				    "\"shipgate\")");
	if ((rc = get_str(r, root, "version", false, &s)) < 0)
		return rc;
	if (s)
		res->tool_version = s;

	o = get_obj(r, root, "provenance", &rc);
	if (rc < 0)
		return rc;
	if (o) {
		snprintf(r->where, sizeof(r->where), "provenance");
		if ((rc = get_str(r, o, "repo", false, &res->repo)) < 0 ||
		    (rc = get_str(r, o, "commit", false, &res->commit)) < 0 ||
		    (rc = get_str(r, o, "base_commit", false, &res->base_commit)) < 0 ||
		    (rc = get_str(r, o, "shard", false, &res->shard)) < 0 ||
		    (rc = get_str(r, o, "link_base", false, &res->link_base)) < 0 ||
		    (rc = get_str(r, o, "category", false, &res->category)) < 0)
			return rc;
	}
	r->where[0] = '\0';
	o = get_obj(r, root, "policy", &rc);
	if (rc < 0)
		return rc;
	if (o) {
		json_t *b;

		snprintf(r->where, sizeof(r->where), "policy");
		if ((rc = get_str(r, o, "path", false, &res->policy_path)) < 0 ||
		    (rc = get_str(r, o, "fail_on", false, &s)) < 0)
			return rc;
		if (s && !strcmp(s, "never"))
			res->fail_on = SG_SEVERITY__COUNT;
		else if (s && sg_severity_parse(s, &res->fail_on) < 0)
			return bad(r, "fail_on", "unknown severity");
		if ((rc = get_str(r, o, "gate", false, &s)) < 0)
			return rc;
		if (s && strcmp(s, "new") && strcmp(s, "all"))
			return bad(r, "gate", "expected \"all\" or \"new\"");
		res->gate_new_only = s && strcmp(s, "new") == 0;
		if ((rc = get_uint(r, o, "rules_off", SIZE_MAX, &u)) < 0)
			return rc;
		res->rules_off = (size_t)u;
		b = get_obj(r, o, "baseline", &rc);
		if (rc < 0)
			return rc;
		if (b) {
			snprintf(r->where, sizeof(r->where), "policy.baseline");
			if ((rc = get_str(r, b, "path", true, &res->baseline_path)) < 0 ||
			    (rc = get_str(r, b, "created", false, &res->baseline_created)) < 0 ||
			    (rc = get_uint(r, b, "size", SIZE_MAX, &u)) < 0)
				return rc;
			res->baseline_size = (size_t)u;
		}
	}
	r->where[0] = '\0';
	o = get_obj(r, root, "summary", &rc);
	if (rc < 0)
		return rc;
	if (o) {
		snprintf(r->where, sizeof(r->where), "summary");
		if ((rc = get_uint(r, o, "exit_code", SG_EXIT_INTERNAL, &u)) < 0)
			return rc;
		res->exit_code = (int)u;
	}
	r->where[0] = '\0';
	arr = get_arr(r, root, "targets", &rc);
	if (rc < 0)
		return rc;
	for (i = 0; arr && i < json_array_size(arr); i++) {
		json_t *t = json_array_get(arr, i);
		sg_target_kind kind;
		const char *p;

		snprintf(r->where, sizeof(r->where), "targets[%zu]", i);
		if (!json_is_object(t))
			return sg_error_set(r->err, SG_EINVALID, r->path, 0, 0,
					    "%s: expected an object", r->where);
		if ((rc = get_str(r, t, "path", true, &p)) < 0 ||
		    (rc = get_str(r, t, "kind", true, &s)) < 0)
			return rc;
		if (sg_target_kind_parse(s, &kind) < 0)
			return bad(r, "kind", "unknown target kind");
		v = json_object_get(t, "analysed");
		if (sg_result_add_target(res, p, kind, !json_is_false(v)) < 0)
			return sg_error_set(r->err, SG_ENOMEM, r->path, 0, 0,
					    "out of memory");
	}
	r->where[0] = '\0';
	arr = get_arr(r, root, "notes", &rc);
	if (rc < 0)
		return rc;
	for (i = 0; arr && i < json_array_size(arr); i++) {
		v = json_array_get(arr, i);
		if (!json_is_string(v))
			return sg_error_set(r->err, SG_EINVALID, r->path, 0, 0,
					    "notes[%zu]: expected a string", i);
		if (sg_result_add_note(res, "%s", json_string_value(v)) < 0)
			return sg_error_set(r->err, SG_ENOMEM, r->path, 0, 0,
					    "out of memory");
	}
	arr = get_arr(r, root, "findings", &rc);
	if (rc < 0)
		return rc;
	for (i = 0; arr && i < json_array_size(arr); i++)
		if ((rc = read_finding(r, json_array_get(arr, i), i)) < 0)
			return rc;
	/* verdict counts follow from the findings; exit code is as recorded */
	memset(res->verdict_counts, 0, sizeof(res->verdict_counts));
	for (i = 0; i < sg_findings_count(res->findings); i++)
		res->verdict_counts[sg_findings_at(res->findings, i)->verdict]++;
	return 0;
}

int report_json_parse(sg_result **out, const char *data, size_t len,
		      const char *name, sg_error *err)
{
	struct reader r = { 0 };
	json_error_t jerr;
	json_t *root;
	int rc;

	*out = NULL;
	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return sg_error_set(err, SG_EINVALID, name, (unsigned)jerr.line,
				    (unsigned)jerr.column, "invalid json: %s",
				    jerr.text);
	r.path = name;
	r.err = err;
	if ((rc = sg_result_new(&r.res)) < 0) {
		sg_error_set(err, rc, name, 0, 0, "out of memory");
		goto done;
	}
	rc = read_result(&r, root);
	if (rc == 0 && sg_findings_oom(r.res->findings))
		rc = sg_error_set(err, SG_ENOMEM, name, 0, 0, "out of memory");
	if (rc < 0) {
		sg_result_free(r.res);
		goto done;
	}
	*out = r.res;
done:
	json_decref(root);
	return rc;
}

int sg_report_read_json(sg_result **out, const char *path, sg_error *err)
{
	struct sg_buf data = SG_BUF_INIT(JSON_READ_MAX);
	int rc;

	*out = NULL;
	if ((rc = sg_read_file(path, JSON_READ_MAX, &data, err)) == 0)
		rc = report_json_parse(out, data.ptr ? data.ptr : "", data.len,
				       path, err);
	sg_buf_release(&data);
	return rc;
}

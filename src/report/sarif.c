/*
 * sarif.c: SARIF 2.1.0 for GitHub code scanning (outputs.md §1).
 *
 * One run per category: `<prefix><stage>/` for repo files, and
 * `<prefix>image/<repo>/` per image, because GitHub closes the alerts of a
 * category that a later upload of the same category no longer contains.
 * Every scanned category has a run even when it is clean, so fixed alerts
 * close.  GitHub keeps at most 20 runs per file: past that, image runs are
 * folded into one `<prefix>image/` run.
 *
 * A vulnerability finding uses the advisory id (CVE-…) as its SARIF rule,
 * so GitHub can show the CVSS score as the rule's security-severity; the
 * shipgate rule id stays in the result's properties.
 */
#include "util/compat.h"
#include "report/render.h"
#include "util/sha256.h"
#include "util/strmap.h"

#define MAX_RUNS 20
#define TEXT_MAX 1024   /* GitHub's limit on short/full descriptions */
#define MAX_RESULTS 25000 /* GitHub accepts at most this many per run */

struct run {
	char *key;              /* category suffix: "dockerfile/", "image/x/" */
	const char *image;      /* image reference, for image runs */
	bool folded;            /* several images folded into one run */
};

/*
 * Whether a CVSS score stays within the band GitHub reads it as (critical
 * from 9.0, high from 7.0, medium from 4.0) for the finding's severity: a
 * CVSS v2 10.0 is rated high (v2 has no critical), and a score GitHub
 * would show as critical must not stand for it.
 */
static bool score_fits(double score, sg_severity sev)
{
	switch (sev) {
	case SG_SEVERITY_CRITICAL:
		return true;
	case SG_SEVERITY_HIGH:
		return score < 9.0;
	case SG_SEVERITY_MEDIUM:
		return score < 7.0;
	case SG_SEVERITY_LOW:
		return score < 4.0;
	default:
		return false;
	}
}

/* Category suffix of a finding (before folding). */
static void finding_category(struct sg_buf *b, const sg_finding *f)
{
	sg_stage st = f->rule->stage;

	if (f->loc.image && (st == SG_STAGE_IMAGE || st == SG_STAGE_VULN ||
			     !f->loc.path)) {
		sg_buf_puts(b, "image/");
		/* the pseudo path minus its ".shipgate/images/" prefix */
		{
			struct sg_buf p = SG_BUF_INIT(strlen(f->loc.image) + 32);

			report_pseudo_path(&p, f->loc.image);
			sg_buf_puts(b, sg_buf_cstr(&p) + strlen(".shipgate/images/"));
			if (sg_buf_error(&p))
				b->error = sg_buf_error(&p);
			sg_buf_release(&p);
		}
		sg_buf_putc(b, '/');
		return;
	}
	sg_buf_printf(b, "%s/", sg_stage_name(st));
}

static void target_category(struct sg_buf *b, const sg_target *t)
{
	struct sg_buf p = SG_BUF_INIT(report_len(t->path) + 32);

	switch (t->kind) {
	case SG_TARGET_IMAGE:
		report_pseudo_path(&p, t->path);
		sg_buf_printf(b, "image/%s/", sg_buf_cstr(&p) +
			      strlen(".shipgate/images/"));
		if (sg_buf_error(&p))
			b->error = sg_buf_error(&p);
		break;
	case SG_TARGET_COMPOSE:
		sg_buf_puts(b, "compose/");
		break;
	default:
		sg_buf_puts(b, "dockerfile/");
		break;
	}
	sg_buf_release(&p);
}

static int cmp_run(const void *a, const void *b)
{
	return strcmp(((const struct run *)a)->key, ((const struct run *)b)->key);
}

struct runs {
	struct run *v;
	size_t n, cap;
	bool fold;              /* fold image runs into "image/" */
};

static int runs_add(struct runs *rs, const char *key, const char *image)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (strcmp(rs->v[i].key, key) == 0)
			return 0;
	if (rs->n == rs->cap) {
		size_t cap = rs->cap ? 2 * rs->cap : 16;
		struct run *v = realloc(rs->v, cap * sizeof(*v));

		if (!v)
			return SG_ENOMEM;
		rs->v = v;
		rs->cap = cap;
	}
	rs->v[rs->n].key = strdup(key);
	if (!rs->v[rs->n].key)
		return SG_ENOMEM;
	rs->v[rs->n].image = image;
	rs->v[rs->n].folded = false;
	rs->n++;
	return 0;
}

static void runs_release(struct runs *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		free(rs->v[i].key);
	free(rs->v);
}

/* The run key a category suffix ends up in. */
static const char *fold_key(const struct runs *rs, const char *key)
{
	return rs->fold && sg_startswith(key, "image/") ? "image/" : key;
}

/* A text of at most `max` bytes, cut at a UTF-8 boundary; optionally only
 * the first paragraph. */
static json_t *jtext(const char *s, size_t max, bool first_para)
{
	const char *end = first_para ? strstr(s, "\n\n") : NULL;
	size_t n = end ? (size_t)(end - s) : strlen(s);
	char *tmp;
	json_t *j;

	if (n > max) {
		n = max - 3;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		tmp = malloc(n + 4);
		if (!tmp)
			return NULL;
		memcpy(tmp, s, n);
		memcpy(tmp + n, "...", 4);
	} else {
		tmp = strndup(s, n);
		if (!tmp)
			return NULL;
	}
	j = report_jstr(tmp);
	free(tmp);
	return j;
}

static json_t *physical(const sg_location *l, const char *image_fallback,
			int *rc)
{
	/* a pseudo path is no longer than its image; encoded, 3 bytes each */
	size_t n = 64 + report_len(l->path) +
		   report_len(l->image ? l->image : image_fallback);
	struct sg_buf path = SG_BUF_INIT(n), uri = SG_BUF_INIT(3 * n);
	json_t *pl = json_object(), *al = json_object(), *reg = json_object();

	if (l->path)
		sg_buf_puts(&path, l->path);
	else
		report_pseudo_path(&path, l->image ? l->image : image_fallback);
	report_uri_encode(&uri, sg_buf_cstr(&path));
	if (sg_buf_error(&path) || sg_buf_error(&uri))
		*rc = SG_ENOMEM;
	report_jset(al, "uri", json_string(sg_buf_cstr(&uri)), rc);
	report_jset(al, "uriBaseId", json_string("%SRCROOT%"), rc);
	report_jset(pl, "artifactLocation", al, rc);
	/* GitHub needs startLine >= 1; line 0 means the whole file */
	report_jset(reg, "startLine", json_integer(l->line ? l->line : 1), rc);
	if (l->line && l->column)
		report_jset(reg, "startColumn", json_integer(l->column), rc);
	if (l->line && l->end_line > l->line)
		report_jset(reg, "endLine", json_integer(l->end_line), rc);
	/* ours is inclusive, SARIF's is the column after the region */
	if (l->line && l->column && l->end_column &&
	    (l->end_line > l->line || l->end_column >= l->column))
		report_jset(reg, "endColumn", json_integer((json_int_t)l->end_column + 1), rc);
	report_jset(pl, "region", reg, rc);
	sg_buf_release(&path);
	sg_buf_release(&uri);
	return pl;
}

static json_t *logical(const sg_location *l, int *rc)
{
	struct sg_buf fq = SG_BUF_INIT(report_len(l->image) +
				       report_len(l->object) + 2);
	json_t *arr, *o;

	if (!l->object && !l->image)
		return NULL;
	if (l->image)
		sg_buf_puts(&fq, l->image);
	if (l->image && l->object)
		sg_buf_putc(&fq, ' ');
	if (l->object)
		sg_buf_puts(&fq, l->object);
	arr = json_array();
	o = json_object();
	report_jset(o, "name", report_jstr(l->object ? l->object : l->image), rc);
	report_jset(o, "fullyQualifiedName", report_jstr(sg_buf_cstr(&fq)), rc);
	report_jset(o, "kind", json_string(l->object ? "object" : "module"), rc);
	report_jpush(arr, o, rc);
	if (sg_buf_error(&fq))
		*rc = SG_ENOMEM;
	sg_buf_release(&fq);
	return arr;
}

/* SARIF rule id of a finding. */
static const char *sarif_rule_id(const sg_finding *f)
{
	return f->vuln && f->vuln->id && *f->vuln->id ? f->vuln->id : f->rule->id;
}

struct desc {
	const char *id;
	const sg_finding *first;  /* first finding using it (for texts) */
	sg_severity max_sev;
	double max_score;
};

static int cmp_desc(const void *a, const void *b)
{
	return strcmp(((const struct desc *)a)->id, ((const struct desc *)b)->id);
}

static json_t *tags_json(const sg_finding *f, int *rc)
{
	json_t *t = json_array();

	report_jpush(t, json_string("security"), rc);
	if (f->vuln)
		report_jpush(t, json_string("vulnerability"), rc);
	report_jpush(t, json_string(sg_practice_slug(f->rule->practice)), rc);
	report_jpush(t, json_string(sg_stage_name(f->rule->stage)), rc);
	return t;
}

static json_t *descriptor_json(const struct desc *d, int *rc)
{
	const sg_finding *f = d->first;
	const sg_rule *r = f->rule;
	json_t *o = json_object(), *t, *p;
	const char *const *a;
	char score[16];

	report_jset(o, "id", report_jstr(d->id), rc);
	report_jset(o, "name", json_string(r->name), rc);
	if (f->vuln) {
		struct sg_buf s = SG_BUF_INIT(1 << 20), h = SG_BUF_INIT(8 << 20);
		const sg_vuln_ref *v = f->vuln;

		if (v->summary && *v->summary)
			sg_buf_printf(&s, "%s: %s", d->id, v->summary);
		else
			sg_buf_printf(&s, "%s: %s", d->id, r->title);
		t = json_object();
		report_jset(t, "text", jtext(sg_buf_cstr(&s), TEXT_MAX, false), rc);
		report_jset(o, "shortDescription", t, rc);
		t = json_object();
		report_jset(t, "text", jtext(sg_buf_cstr(&s), TEXT_MAX, false), rc);
		report_jset(o, "fullDescription", t, rc);
		sg_buf_printf(&h, "%s\n\n", sg_buf_cstr(&s));
		if (v->aliases && *v->aliases)
			sg_buf_printf(&h, "Also known as: %s\n\n", v->aliases);
		if (v->vector && *v->vector)
			sg_buf_printf(&h, "CVSS: %s\n\n", v->vector);
		sg_buf_printf(&h, "Reported by shipgate rule %s (%s).\n\n%s",
			      r->id, r->title, r->help);
		t = json_object();
		report_jset(t, "text", report_jstr(sg_buf_cstr(&h)), rc);
		report_jset(t, "markdown", report_jstr(sg_buf_cstr(&h)), rc);
		report_jset(o, "help", t, rc);
		if (sg_buf_error(&s) || sg_buf_error(&h))
			*rc = SG_ENOMEM;
		sg_buf_release(&s);
		sg_buf_release(&h);
	} else {
		t = json_object();
		report_jset(t, "text", jtext(r->title, TEXT_MAX, false), rc);
		report_jset(o, "shortDescription", t, rc);
		t = json_object();
		report_jset(t, "text", jtext(r->help, TEXT_MAX, true), rc);
		report_jset(o, "fullDescription", t, rc);
		t = json_object();
		report_jset(t, "text", report_jstr(r->help), rc);
		report_jset(t, "markdown", report_jstr(r->help), rc);
		report_jset(o, "help", t, rc);
	}
	t = json_object();
	report_jset(t, "level", json_string(sg_severity_sarif_level(d->max_sev)), rc);
	report_jset(o, "defaultConfiguration", t, rc);
	p = json_object();
	report_jset(p, "tags", tags_json(f, rc), rc);
	report_jset(p, "precision", json_string("high"), rc);
	if (d->max_score > 0)
		snprintf(score, sizeof(score), "%.1f", d->max_score);
	else
		snprintf(score, sizeof(score), "%s", sg_severity_score(d->max_sev));
	report_jset(p, "security-severity", json_string(score), rc);
	report_jset(p, "shipgate-rule", json_string(r->id), rc);
	report_jset(p, "practice", json_string(sg_practice_slug(r->practice)), rc);
	t = json_array();
	for (a = r->aliases; a && *a; a++)
		report_jpush(t, report_jstr(*a), rc);
	report_jset(p, "aliases", t, rc);
	report_jset(o, "properties", p, rc);
	return o;
}

/*
 * outputs.md §1.8: a finding without a repo file is given
 * sha256(rule | image repo | package type | package | object | key) + ":1",
 * stable across tags and digests; so does one whose file was not hashed.
 */
static void fallback_line_hash(const sg_finding *f, char out[80], int *rc)
{
	struct sg_buf b = SG_BUF_INIT(report_text_max(f));
	char hex[SG_SHA256_HEX];

	sg_buf_printf(&b, "%s|", sarif_rule_id(f));
	if (f->loc.path)
		sg_buf_puts(&b, f->loc.path);
	else if (f->loc.image)
		sg_buf_put(&b, f->loc.image, report_image_repo_len(f->loc.image));
	sg_buf_printf(&b, "|%s|%s|%s|%s",
		      f->vuln && f->vuln->ecosystem ? f->vuln->ecosystem : "",
		      f->vuln && f->vuln->package ? f->vuln->package : "",
		      f->loc.object ? f->loc.object : "", f->key ? f->key : "");
	if (sg_buf_error(&b) || sg_sha256_hex(b.ptr, b.len, hex) < 0) {
		*rc = SG_ENOMEM;
		hex[0] = '\0';
	}
	snprintf(out, 80, "%s:1", hex);
	sg_buf_release(&b);
}

/*
 * Where code scanning shows a finding.  An image finding that the image
 * stage traced to the Dockerfile line that built its layer is shown on that
 * line ("tag the file in the repository, not the file in the container");
 * the image stays named in the message and the logical location.  Anything
 * else is shown where it is.
 */
static const sg_location *primary_of(const sg_finding *f)
{
	size_t i;

	if (f->loc.path)
		return &f->loc;
	for (i = 0; i < f->nrelated; i++)
		if (f->related[i].loc.path && f->related[i].loc.line)
			return &f->related[i].loc;
	return &f->loc;
}

static json_t *result_json(const sg_finding *f, size_t rule_index, int *rc)
{
	json_t *o = json_object(), *t, *locs, *loc, *ll, *p;
	char lh[80];
	size_t i;

	report_jset(o, "ruleId", report_jstr(sarif_rule_id(f)), rc);
	report_jset(o, "ruleIndex", json_integer((json_int_t)rule_index), rc);
	report_jset(o, "level", json_string(sg_severity_sarif_level(f->severity)), rc);
	t = json_object();
	if (!f->loc.path && f->loc.image && !strstr(f->message, f->loc.image)) {
		/* the first sentence must say which image the alert is for */
		struct sg_buf m = SG_BUF_INIT(strlen(f->loc.image) +
					      strlen(f->message) + 3);

		sg_buf_printf(&m, "%s: %s", f->loc.image, f->message);
		report_jset(t, "text", report_jstr(sg_buf_cstr(&m)), rc);
		if (sg_buf_error(&m))
			*rc = SG_ENOMEM;
		sg_buf_release(&m);
	} else {
		report_jset(t, "text", report_jstr(f->message), rc);
	}
	report_jset(o, "message", t, rc);
	locs = json_array();
	loc = json_object();
	report_jset(loc, "physicalLocation", physical(primary_of(f), f->target, rc), rc);
	ll = logical(&f->loc, rc);
	if (ll)
		report_jset(loc, "logicalLocations", ll, rc);
	report_jpush(locs, loc, rc);
	report_jset(o, "locations", locs, rc);
	t = json_object();
	if (f->line_hash && *f->line_hash)
		report_jset(t, "primaryLocationLineHash", report_jstr(f->line_hash), rc);
	else {
		fallback_line_hash(f, lh, rc);
		report_jset(t, "primaryLocationLineHash", json_string(lh), rc);
	}
	report_jset(t, "shipgate/v1", json_string(f->fingerprint), rc);
	report_jset(o, "partialFingerprints", t, rc);
	if (f->nrelated) {
		t = json_array();
		for (i = 0; i < f->nrelated; i++) {
			json_t *r = json_object(), *m;

			report_jset(r, "id", json_integer((json_int_t)i + 1), rc);
			report_jset(r, "physicalLocation",
				    physical(&f->related[i].loc, f->target, rc), rc);
			if (f->related[i].message) {
				m = json_object();
				report_jset(m, "text", report_jstr(f->related[i].message), rc);
				report_jset(r, "message", m, rc);
			}
			report_jpush(t, r, rc);
		}
		report_jset(o, "relatedLocations", t, rc);
	}
	if (f->baseline != SG_BASELINE_NONE)
		report_jset(o, "baselineState",
			    json_string(sg_baseline_state_name(f->baseline)), rc);
	/*
	 * Only a decision someone made is a suppression: an inline comment,
	 * a policy ignore, the baseline.  Findings below the threshold or
	 * not new stay unsuppressed so code scanning still lists them.
	 */
	if (f->verdict == SG_VERDICT_SUPPRESSED || f->verdict == SG_VERDICT_IGNORED ||
	    f->verdict == SG_VERDICT_BASELINED) {
		json_t *s = json_object();

		t = json_array();
		report_jset(s, "kind", json_string(f->verdict == SG_VERDICT_SUPPRESSED ?
						   "inSource" : "external"), rc);
		report_jset(s, "status", json_string("accepted"), rc);
		report_jset(s, "justification", report_jstr(report_why(f)), rc);
		report_jpush(t, s, rc);
		report_jset(o, "suppressions", t, rc);
	}
	p = json_object();
	report_jset(p, "rule", json_string(f->rule->id), rc);
	report_jset(p, "severity", json_string(sg_severity_name(f->severity)), rc);
	report_jset(p, "practice", json_string(sg_practice_slug(f->rule->practice)), rc);
	report_jset(p, "stage", json_string(sg_stage_name(f->rule->stage)), rc);
	report_jset(p, "verdict", json_string(sg_verdict_name(f->verdict)), rc);
	report_jset(p, "gating", json_boolean(f->verdict == SG_VERDICT_GATING), rc);
	report_jset(p, "why", report_jstr(report_why(f)), rc);
	if (f->expires)
		report_jset(p, "expires", report_jstr(f->expires), rc);
	t = json_array();
	{
		const char *const *a;

		for (a = f->rule->aliases; a && *a; a++)
			report_jpush(t, report_jstr(*a), rc);
	}
	report_jset(p, "aliases", t, rc);
	if (f->loc.image)
		report_jset(p, "image", report_jstr(f->loc.image), rc);
	if (f->loc.layer)
		report_jset(p, "layer", report_jstr(f->loc.layer), rc);
	if (f->vuln) {
		const sg_vuln_ref *v = f->vuln;
		char score[16];

		if (v->package)
			report_jset(p, "package", report_jstr(v->package), rc);
		if (v->installed)
			report_jset(p, "installed", report_jstr(v->installed), rc);
		report_jset(p, "fixed", v->fixed ? report_jstr(v->fixed) : json_null(), rc);
		if (v->purl)
			report_jset(p, "purl", report_jstr(v->purl), rc);
		if (v->score > 0) {
			snprintf(score, sizeof(score), "%.1f", v->score);
			report_jset(p, "cvss", json_string(score), rc);
		}
	}
	report_jset(o, "properties", p, rc);
	return o;
}

struct ranked {
	const sg_finding *f;
	size_t order;
};

/* gating first, then by severity, then as sorted */
static int cmp_ranked(const void *pa, const void *pb)
{
	const struct ranked *a = pa, *b = pb;
	bool ga = a->f->verdict == SG_VERDICT_GATING;
	bool gb = b->f->verdict == SG_VERDICT_GATING;

	if (ga != gb)
		return ga ? -1 : 1;
	if (a->f->severity != b->f->severity)
		return a->f->severity > b->f->severity ? -1 : 1;
	return (a->order > b->order) - (a->order < b->order);
}

static int cmp_order(const void *pa, const void *pb)
{
	const struct ranked *a = pa, *b = pb;

	return (a->order > b->order) - (a->order < b->order);
}

static size_t desc_find(const struct desc *d, size_t nd, const char *id)
{
	struct desc key = { .id = id };
	const struct desc *hit = bsearch(&key, d, nd, sizeof(*d), cmp_desc);

	return hit ? (size_t)(hit - d) : nd;
}

/*
 * Write one run, an element of "runs" (depth 2), its results one at a time
 * (render.h).  `cats[i]`: the (folded) run key of finding i.
 */
static void write_run(struct sg_buf *out, const sg_result *res,
		      const sg_report_options *opts, char *const *cats,
		      const struct run *run, const char *prefix, int *rc)
{
	size_t n = sg_findings_count(res->findings), i, j, nd = 0;
	struct desc *d = calloc(n ? n : 1, sizeof(*d));
	const sg_finding **mine = calloc(n ? n : 1, sizeof(*mine));
	struct sg_strmap seen = SG_STRMAP_INIT;
	struct sg_buf id = SG_BUF_INIT(strlen(prefix) + strlen(run->key) + 1);
	json_t *o = json_object(), *tool, *drv, *rules, *t;
	size_t nmine = 0, omitted = 0;
	bool first, rfirst;

	if (!d || !mine) {
		*rc = SG_ENOMEM;
		goto done;
	}
	for (i = 0; i < n; i++) {
		const sg_finding *f = sg_findings_at(res->findings, i);

		if (strcmp(cats[i], run->key) == 0)
			mine[nmine++] = f;
	}
	if (nmine > MAX_RESULTS) {
		/* GitHub accepts 25,000 results per run: keep the most
		 * important, in their original order, and say so */
		struct ranked *rk = calloc(nmine, sizeof(*rk));

		if (!rk) {
			*rc = SG_ENOMEM;
			goto done;
		}
		for (i = 0; i < nmine; i++) {
			rk[i].f = mine[i];
			rk[i].order = i;
		}
		qsort(rk, nmine, sizeof(*rk), cmp_ranked);
		qsort(rk, MAX_RESULTS, sizeof(*rk), cmp_order);
		for (i = 0; i < MAX_RESULTS; i++)
			mine[i] = rk[i].f;
		omitted = nmine - MAX_RESULTS;
		nmine = MAX_RESULTS;
		free(rk);
	}
	for (i = 0; i < nmine; i++) {
		const sg_finding *f = mine[i];
		const char *rid = sarif_rule_id(f);
		void *old;

		j = (size_t)(uintptr_t)sg_strmap_get(&seen, rid);
		if (j == 0) {
			d[nd].id = rid;
			d[nd].first = f;
			nd++;
			j = nd;
			if (sg_strmap_put(&seen, rid, (void *)(uintptr_t)j, &old) < 0) {
				*rc = SG_ENOMEM;
				goto done;
			}
		}
		j--;
		if (f->severity > d[j].max_sev)
			d[j].max_sev = f->severity;
		if (f->vuln && f->vuln->score > d[j].max_score &&
		    score_fits(f->vuln->score, f->severity))
			d[j].max_score = f->vuln->score;
	}
	qsort(d, nd, sizeof(*d), cmp_desc);

	tool = json_object();
	drv = json_object();
	report_jset(drv, "name", json_string("shipgate"), rc);
	report_jset(drv, "version", report_jstr(res->tool_version ?
						 res->tool_version : SG_VERSION), rc);
	report_jset(drv, "semanticVersion", report_jstr(res->tool_version ?
							 res->tool_version : SG_VERSION), rc);
	rules = json_array();
	for (j = 0; j < nd; j++)
		report_jpush(rules, descriptor_json(&d[j], rc), rc);
	report_jset(drv, "rules", rules, rc);
	report_jset(tool, "driver", drv, rc);
	report_jset(o, "tool", tool, rc);

	t = json_object();
	sg_buf_printf(&id, "%s%s", prefix, run->key);
	report_jset(t, "id", report_jstr(sg_buf_cstr(&id)), rc);
	report_jset(o, "automationDetails", t, rc);
	if (opts->srcroot && opts->srcroot[0] == '/') {
		json_t *base = json_object(), *u = json_object();
		struct sg_buf uri = SG_BUF_INIT(3 * strlen(opts->srcroot) + 16);

		sg_buf_puts(&uri, "file://");
		report_uri_encode(&uri, opts->srcroot);
		if (!sg_endswith(opts->srcroot, "/"))
			sg_buf_putc(&uri, '/');
		report_jset(u, "uri", json_string(sg_buf_cstr(&uri)), rc);
		report_jset(base, "%SRCROOT%", u, rc);
		report_jset(o, "originalUriBaseIds", base, rc);
		if (sg_buf_error(&uri))
			*rc = SG_ENOMEM;
		sg_buf_release(&uri);
	}
	if (*rc < 0)
		goto done;
	report_jw_open(out, &first, '{');
	report_jw_members(out, &first, 2, o, rc);
	o = NULL;
	report_jw_key(out, &first, 2, "results", rc);
	report_jw_open(out, &rfirst, '[');
	for (i = 0; i < nmine && *rc == 0; i++)
		report_jw_push(out, &rfirst, 3, result_json(mine[i],
				desc_find(d, nd, sarif_rule_id(mine[i])), rc), rc);
	report_jw_close(out, rfirst, 3, ']');

	t = json_object();
	if (run->image && !run->folded)
		report_jset(t, "image", report_jstr(run->image), rc);
	if (res->commit)
		report_jset(t, "commit", report_jstr(res->commit), rc);
	if (res->base_commit)
		report_jset(t, "base_commit", report_jstr(res->base_commit), rc);
	report_jset(t, "fail_on", json_string(sg_fail_on_name(res->fail_on)), rc);
	report_jset(t, "result", json_string(report_outcome(res)), rc);
	if (omitted)
		report_jset(t, "omitted_results", json_integer((json_int_t)omitted), rc);
	report_jw_set(out, &first, 2, "properties", t, rc);
	report_jw_close(out, first, 2, '}');
	if (sg_buf_error(&id))
		*rc = SG_ENOMEM;
done:
	json_decref(o);
	sg_strmap_release(&seen);
	sg_buf_release(&id);
	free(d);
	free(mine);
}

int report_sarif(struct sg_buf *out, const sg_result *res,
		 const sg_report_options *opts, sg_error *err)
{
	struct runs rs = { 0 };
	struct sg_buf key = SG_BUF_INIT(0), prefix = SG_BUF_INIT(0);
	size_t i, n = sg_findings_count(res->findings), images = 0;
	json_t *root = NULL;
	char **cats = NULL;
	bool first, rfirst;
	int rc = 0;

	prefix.max = strlen(report_category(res, opts)) + 2;
	sg_buf_puts(&prefix, report_category(res, opts));
	if (!sg_endswith(sg_buf_cstr(&prefix), "/"))
		sg_buf_putc(&prefix, '/');
	rc = runs_add(&rs, "gate/", NULL);
	for (i = 0; rc == 0 && i < res->ntargets; i++) {
		sg_buf_clear(&key);
		key.max = report_len(res->targets[i].path) + 64;
		target_category(&key, &res->targets[i]);
		rc = sg_buf_error(&key) ? sg_buf_error(&key) :
		     runs_add(&rs, sg_buf_cstr(&key),
			      res->targets[i].kind == SG_TARGET_IMAGE ?
			      res->targets[i].path : NULL);
	}
	for (i = 0; rc == 0 && i < n; i++) {
		const sg_finding *f = sg_findings_at(res->findings, i);

		sg_buf_clear(&key);
		key.max = report_len(f->loc.image) + 64;
		finding_category(&key, f);
		rc = sg_buf_error(&key) ? sg_buf_error(&key) :
		     runs_add(&rs, sg_buf_cstr(&key), f->loc.image);
	}
	if (rc < 0)
		goto done;
	for (i = 0; i < rs.n; i++)
		images += sg_startswith(rs.v[i].key, "image/");
	if (rs.n > MAX_RUNS && images > 1) {
		/* fold every image run into one; keep the first as template */
		size_t o = 0;

		rs.fold = true;
		for (i = 0; i < rs.n; i++) {
			if (sg_startswith(rs.v[i].key, "image/")) {
				if (images == 0) {
					free(rs.v[i].key);
					continue;
				}
				images = 0;
				rs.v[i].key[strlen("image/")] = '\0';
				rs.v[i].folded = true;
			}
			rs.v[o++] = rs.v[i];
		}
		rs.n = o;
	}
	qsort(rs.v, rs.n, sizeof(*rs.v), cmp_run);
	cats = calloc(n ? n : 1, sizeof(*cats));
	if (!cats) {
		rc = SG_ENOMEM;
		goto done;
	}
	for (i = 0; i < n; i++) {
		sg_buf_clear(&key);
		finding_category(&key, sg_findings_at(res->findings, i));
		cats[i] = strdup(fold_key(&rs, sg_buf_cstr(&key)));
		if (sg_buf_error(&key) || !cats[i]) {
			rc = SG_ENOMEM;
			goto done;
		}
	}

	root = json_object();
	report_jset(root, "$schema",
		    json_string("https://json.schemastore.org/sarif-2.1.0.json"), &rc);
	report_jset(root, "version", json_string("2.1.0"), &rc);
	if (rc == 0 && (sg_buf_error(&prefix) || sg_buf_error(&key)))
		rc = SG_ENOMEM;
	if (rc < 0) {
		json_decref(root);
		goto done;
	}
	/* the runs, and their results, one at a time (render.h) */
	report_jw_open(out, &first, '{');
	report_jw_members(out, &first, 0, root, &rc);
	report_jw_key(out, &first, 0, "runs", &rc);
	report_jw_open(out, &rfirst, '[');
	for (i = 0; i < rs.n && rc == 0; i++) {
		report_jw_item(out, &rfirst, 1);
		write_run(out, res, opts, cats, &rs.v[i], sg_buf_cstr(&prefix),
			  &rc);
	}
	report_jw_close(out, rfirst, 1, ']');
	report_jw_close(out, first, 0, '}');
	sg_buf_putc(out, '\n');
	if (rc == 0)
		rc = sg_buf_error(out);
done:
	for (i = 0; cats && i < n; i++)
		free(cats[i]);
	free(cats);
	runs_release(&rs);
	sg_buf_release(&key);
	sg_buf_release(&prefix);
	SG_UNUSED(err);
	return rc;
}

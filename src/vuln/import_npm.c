/*
 * import_npm.c: Node.js security working group advisories
 * (nodejs/security-wg vuln/npm/<n>.json), converted to OSV on the way in.
 *
 * They are not OSV: {id, module_name, cves[], vulnerable_versions (an npm
 * range), patched_versions, cvss_vector, cvss_score, title, ...}.  The
 * record id becomes NSWG-ECO-<id> (the name the working group published
 * them under) with the CVEs as aliases; `vulnerable_versions` becomes OSV
 * SEMVER ranges, one per `||` alternative:
 *   >=A introduced A        <B fixed B         <=B last_affected B
 *   >A  introduced A'       =A (or A) introduced A + last_affected A
 *   ^A, ~A, 1.x, A - B: their npm meanings, upper bounds as "<X.Y.Z-0".
 * A' is the least version above A (A.B.(C+1)-0, or A + ".0" for a
 * prerelease), so the conversion is exact.  An alternative with two lower or
 * two upper bounds would need version comparison to intersect; none occur
 * in the data and such a record is skipped with a note rather than guessed.
 */
#include "util/compat.h"
#include "vuln/db.h"
#include "util/buf.h"

struct bound {
	char v[160];
	int kind;       /* 0 none, lower: 1 ">=", 2 ">"; upper: 1 "<", 2 "<=" */
};

/* Split "1.2.3-pre" into numbers; returns parts present (0 for "*"). */
static int parse_partial(const char *s, unsigned long num[3],
			 const char **pre)
{
	int n = 0;

	*pre = NULL;
	num[0] = num[1] = num[2] = 0;
	while (n < 3) {
		char *end;

		if (*s == 'x' || *s == 'X' || *s == '*')
			return n;
		if (!sg_isdigit((unsigned char)*s))
			return -1;
		num[n++] = strtoul(s, &end, 10);
		s = end;
		if (*s != '.')
			break;
		s++;
	}
	if (*s == '-')
		*pre = s + 1;
	else if (*s == '+' || *s == '\0')
		;
	else
		return -1;
	return n;
}

static void ver3(char *out, size_t n, unsigned long a, unsigned long b,
		 unsigned long c, const char *pre)
{
	if (pre)
		snprintf(out, n, "%lu.%lu.%lu-%s", a, b, c, pre);
	else
		snprintf(out, n, "%lu.%lu.%lu", a, b, c);
}

static int set_bound(struct bound *b, int kind, const char *v)
{
	if (b->kind)
		return -1;      /* two bounds on one side: not supported */
	b->kind = kind;
	snprintf(b->v, sizeof(b->v), "%s", v);
	return 0;
}

/* One comparator of an alternative into lo/hi; -1 when unsupported. */
static int comparator(const char *op, const char *v, struct bound *lo,
		      struct bound *hi)
{
	unsigned long n[3];
	const char *pre;
	char a[128], b[160];
	int parts;

	if (*v == 'v' || *v == '=')
		v++;
	parts = parse_partial(v, n, &pre);
	if (parts < 0)
		return -1;
	if (!strcmp(op, "^") || !strcmp(op, "~")) {
		if (parts == 0)
			return 0;
		ver3(a, sizeof(a), n[0], n[1], n[2], pre);
		if (!strcmp(op, "~") && parts >= 2)
			ver3(b, sizeof(b), n[0], n[1] + 1, 0, "0");
		else if (!strcmp(op, "~") || n[0] > 0 || parts == 1)
			ver3(b, sizeof(b), n[0] + 1, 0, 0, "0");
		else if (n[1] > 0 || parts == 2)
			ver3(b, sizeof(b), 0, n[1] + 1, 0, "0");
		else
			ver3(b, sizeof(b), 0, 0, n[2] + 1, "0");
		return set_bound(lo, 1, a) | set_bound(hi, 1, b);
	}
	if (parts < 3) {
		/* a partial version (npm's x-range): "1.2" is >=1.2.0
		 * <1.3.0-0, "<=1.2" is <1.3.0-0, ">1.2" is >=1.3.0 */
		if (parts == 0)
			return *op ? -1 : 0;
		ver3(a, sizeof(a), n[0], parts > 1 ? n[1] : 0, 0, NULL);
		if (parts == 1)
			ver3(b, sizeof(b), n[0] + 1, 0, 0, "0");
		else
			ver3(b, sizeof(b), n[0], n[1] + 1, 0, "0");
		if (!strcmp(op, ">="))
			return set_bound(lo, 1, a);
		if (!strcmp(op, "<")) {
			ver3(a, sizeof(a), n[0], parts > 1 ? n[1] : 0, 0, "0");
			return set_bound(hi, 1, a);
		}
		if (!strcmp(op, "<="))
			return set_bound(hi, 1, b);
		if (!strcmp(op, ">")) {
			b[strlen(b) - 2] = '\0';   /* drop the "-0" */
			return set_bound(lo, 1, b);
		}
		if (*op && strcmp(op, "="))
			return -1;
		return set_bound(lo, 1, a) | set_bound(hi, 1, b);
	}
	ver3(a, sizeof(a), n[0], n[1], n[2], pre);
	if (!strcmp(op, ">="))
		return set_bound(lo, 1, a);
	if (!strcmp(op, ">")) {
		/* the least version above `a` */
		if (pre)
			snprintf(b, sizeof(b), "%s.0", a);
		else
			ver3(b, sizeof(b), n[0], n[1], n[2] + 1, "0");
		return set_bound(lo, 1, b);
	}
	if (!strcmp(op, "<"))
		return set_bound(hi, 1, a);
	if (!strcmp(op, "<="))
		return set_bound(hi, 2, a);
	if (!*op || !strcmp(op, "="))
		return set_bound(lo, 1, a) | set_bound(hi, 2, a);
	return -1;
}

static json_t *alternative(const char *s, size_t len, const char **why)
{
	struct bound lo, hi;
	char tok[160], op[3];
	const char *end = s + len, *hy;
	json_t *events;

	memset(&lo, 0, sizeof(lo));
	memset(&hi, 0, sizeof(hi));
	/* hyphen range "A - B" */
	hy = NULL;
	{
		const char *p;

		for (p = s; p + 2 < end; p++)
			if (p[0] == ' ' && p[1] == '-' && p[2] == ' ')
				hy = p;
	}
	if (hy) {
		char a[160], b[160];
		size_t an = (size_t)(hy - s), bn = (size_t)(end - hy - 3);

		while (an && sg_isspace((unsigned char)*s)) {
			s++;
			an--;
		}
		while (bn && sg_isspace((unsigned char)hy[3 + bn - 1]))
			bn--;
		if (!an || !bn || an >= sizeof(a) || bn >= sizeof(b))
			goto bad;
		memcpy(a, s, an);
		a[an] = '\0';
		memcpy(b, hy + 3, bn);
		b[bn] = '\0';
		if (comparator(">=", a, &lo, &hi) < 0 ||
		    comparator("<=", b, &lo, &hi) < 0)
			goto bad;
		goto emit;
	}
	while (s < end) {
		size_t n = 0, on = 0;

		while (s < end && sg_isspace((unsigned char)*s))
			s++;
		if (s >= end)
			break;
		while (s < end && on < 2 && strchr("<>=^~", *s))
			op[on++] = *s++;
		op[on] = '\0';
		/* npm allows a space between the operator and the version */
		while (s < end && sg_isspace((unsigned char)*s))
			s++;
		while (s < end && !sg_isspace((unsigned char)*s) &&
		       n + 1 < sizeof(tok))
			tok[n++] = *s++;
		tok[n] = '\0';
		if (!n || comparator(op, tok, &lo, &hi) < 0)
			goto bad;
	}
emit:
	events = json_array();
	json_array_append_new(events, json_pack("{s:s}", "introduced",
						lo.kind ? lo.v : "0"));
	if (hi.kind)
		json_array_append_new(events, json_pack(
			"{s:s}", hi.kind == 1 ? "fixed" : "last_affected",
			hi.v));
	return json_pack("{s:s, s:o}", "type", "SEMVER", "events", events);
bad:
	*why = "npm range not convertible exactly";
	return NULL;
}

json_t *vdb_npm_range_to_osv(const char *expr, const char **why)
{
	json_t *out = json_array();
	const char *p = expr;

	*why = NULL;
	if (!expr)
		goto bad;
	for (;;) {
		const char *bar = strstr(p, "||");
		size_t n = bar ? (size_t)(bar - p) : strlen(p);
		json_t *r = alternative(p, n, why);

		if (!r)
			goto bad;
		json_array_append_new(out, r);
		if (!bar)
			break;
		p = bar + 2;
	}
	return out;
bad:
	if (!*why)
		*why = "no vulnerable_versions";
	json_decref(out);
	return NULL;
}

int vdb_import_nswg(struct vdb_import *im, const char *path, json_t *doc,
		    sg_error *err)
{
	json_t *idv = json_object_get(doc, "id");
	const char *module = vdb_jstr(doc, "module_name");
	const char *why = NULL;
	struct sg_buf aliases = SG_BUF_INIT(4096);
	struct vdb_advisory a;
	struct vdb_affected af;
	json_t *ranges, *cve, *score;
	char id[64], *rj = NULL;
	int64_t row;
	size_t i;
	int rc;

	if (!json_is_object(doc) || !module ||
	    !json_object_get(doc, "vulnerable_versions"))
		return SG_ENOTFOUND;
	if (json_is_integer(idv))
		snprintf(id, sizeof(id), "NSWG-ECO-%" JSON_INTEGER_FORMAT,
			 json_integer_value(idv));
	else if (json_is_string(idv))
		snprintf(id, sizeof(id), "NSWG-ECO-%s", json_string_value(idv));
	else
		return SG_ENOTFOUND;
	ranges = vdb_npm_range_to_osv(vdb_jstr(doc, "vulnerable_versions"),
				      &why);
	if (!ranges) {
		vdb_note(im, path, "%s (%s): %s; skipped", id, module, why);
		return 0;
	}
	json_array_foreach(json_object_get(doc, "cves"), i, cve) {
		if (!json_is_string(cve))
			continue;
		if (aliases.len)
			sg_buf_putc(&aliases, ',');
		sg_buf_puts(&aliases, json_string_value(cve));
	}
	memset(&a, 0, sizeof(a));
	a.kind = VDB_NSWG;
	a.id = id;
	a.aliases = sg_buf_cstr(&aliases);
	a.summary = vdb_jstr(doc, "title");
	a.vector = vdb_jstr(doc, "cvss_vector");
	score = json_object_get(doc, "cvss_score");
	if (json_is_number(score))
		a.score = json_number_value(score);
	else if (json_is_string(score))
		a.score = strtod(json_string_value(score), NULL);
	a.published = vdb_jstr(doc, "publish_date");
	a.modified = vdb_jstr(doc, "updated_at");
	a.replace = true;
	rc = vdb_put_advisory(im, path, &a, &row, err);
	if (rc < 0)
		goto done;
	rj = json_dumps(ranges, JSON_COMPACT);
	if (!rj) {
		rc = sg_error_set(err, SG_ENOMEM, path, 0, 0, "out of memory");
		goto done;
	}
	memset(&af, 0, sizeof(af));
	af.ecosystem = "npm";
	af.package = module;
	af.ranges = rj;
	{
		/* the first upper bound of the first alternative, to show */
		json_t *ev = json_object_get(json_array_get(ranges, 0),
					     "events");

		af.fixed = vdb_jstr(json_array_get(ev, 1), "fixed");
	}
	af.unfixed = true;
	for (i = 0; i < json_array_size(ranges); i++)
		if (json_array_size(json_object_get(json_array_get(ranges, i),
						    "events")) > 1)
			af.unfixed = false;
	rc = vdb_put_affected(im, path, row, &af, err);
done:
	free(rj);
	json_decref(ranges);
	sg_buf_release(&aliases);
	return rc;
}

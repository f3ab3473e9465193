/*
 * import_osv.c: OSV records (ossf/osv-schema), JSON or YAML.
 *
 * Kept per affected package: ECOSYSTEM and SEMVER ranges (GIT ranges name
 * commits, which an installed package does not carry) and the `versions`
 * list.  Severity: the record's CVSS vector (v3 preferred, then v4, then
 * v2) with a computed base score, or a rating word from the `Ubuntu`
 * severity type or GHSA's database_specific.severity.  `aliases` and
 * `upstream` are stored together as the record's aliases.
 */
#include "util/compat.h"
#include "vuln/db.h"
#include "vuln/cvss.h"
#include "util/buf.h"

#define SUMMARY_MAX 240

struct sev {
	const char *vector;
	double score;
	const char *word;               /* normalised rating, or NULL */
	int rank;                       /* of the vector: v3 3, v4 2, v2 1 */
};

static void read_severity(const json_t *arr, struct sev *s)
{
	size_t i;
	json_t *e;

	json_array_foreach(arr, i, e) {
		const char *type = vdb_jstr(e, "type");
		const char *score = vdb_jstr(e, "score");
		int rank = 0;

		if (!type || !score)
			continue;
		if (!strcmp(type, "CVSS_V3"))
			rank = 3;
		else if (!strcmp(type, "CVSS_V4"))
			rank = 2;
		else if (!strcmp(type, "CVSS_V2"))
			rank = 1;
		else if (!strcmp(type, "Ubuntu")) {
			sg_severity sv = vuln_severity_from_word(score);

			if (sv != SG_SEVERITY_NONE)
				s->word = sg_severity_name(sv);
			continue;
		}
		if (rank > s->rank) {
			s->rank = rank;
			s->vector = score;
			vuln_cvss_score(score, &s->score);
		}
	}
}

static void rating_word(const json_t *dbs, struct sev *s)
{
	const char *w = vdb_jstr(dbs, "severity");
	sg_severity sv = vuln_severity_from_word(w);

	if (sv != SG_SEVERITY_NONE && !s->word)
		s->word = sg_severity_name(sv);
}

/* True when `id` is one of the comma-separated members of `list`. */
static bool listed(const char *list, size_t len, const char *id)
{
	size_t n = strlen(id), i = 0;

	while (i < len) {
		size_t l = 0;

		while (i + l < len && list[i + l] != ',')
			l++;
		if (l == n && !memcmp(list + i, id, n))
			return true;
		i += l + 1;
	}
	return false;
}

/* Append the string array's members not yet in `b` (nor `self`). */
static int join(const json_t *arr, const char *self, struct sg_buf *b)
{
	size_t i;
	json_t *e;

	json_array_foreach(arr, i, e) {
		const char *v = json_string_value(e);

		if (!v || !*v || strchr(v, ',') || !strcmp(v, self) ||
		    listed(b->ptr ? b->ptr : "", b->len, v))
			continue;
		if (b->len)
			sg_buf_putc(b, ',');
		sg_buf_puts(b, v);
	}
	return sg_buf_error(b);
}

/* The summary, or the first line of the details, shortened at a word. */
static void summary(const json_t *rec, struct sg_buf *b)
{
	const char *s = vdb_jstr(rec, "summary");
	size_t n;

	if (!s || !*s)
		s = vdb_jstr(rec, "details");
	if (!s)
		return;
	while (sg_isspace((unsigned char)*s))
		s++;
	n = strcspn(s, "\r\n");
	if (n > SUMMARY_MAX) {
		n = SUMMARY_MAX;
		while (n > SUMMARY_MAX / 2 && s[n] != ' ')
			n--;
		sg_buf_put(b, s, n);
		sg_buf_puts(b, "...");
		return;
	}
	sg_buf_put(b, s, n);
}

static void pep503(const char *in, struct sg_buf *b)
{
	for (; *in; in++) {
		if (*in == '-' || *in == '_' || *in == '.') {
			while (in[1] == '-' || in[1] == '_' || in[1] == '.')
				in++;
			sg_buf_putc(b, '-');
		} else {
			sg_buf_putc(b, (char)sg_tolower((unsigned char)*in));
		}
	}
}

/*
 * The usable ranges of one affected entry, re-serialised compactly.
 * Returns NULL when there are none; *bad names a malformed event.
 */
static json_t *ranges_of(const json_t *aff, const char **fixed,
			 bool *has_fix, const char **bad)
{
	json_t *out = json_array(), *r;
	size_t i;

	*fixed = NULL;
	*has_fix = false;
	*bad = NULL;
	json_array_foreach(json_object_get(aff, "ranges"), i, r) {
		const char *type = vdb_jstr(r, "type");
		json_t *events = json_object_get(r, "events"), *ev, *copy;
		size_t j;
		bool intro = false, fix = false, last = false;

		if (!type || (strcmp(type, "ECOSYSTEM") &&
			      strcmp(type, "SEMVER")))
			continue;
		if (!json_is_array(events)) {
			*bad = "range without events";
			goto fail;
		}
		copy = json_array();
		json_array_foreach(events, j, ev) {
			const char *k;
			json_t *v;

			if (!json_is_object(ev) || json_object_size(ev) != 1) {
				*bad = "event with not exactly one key";
				json_decref(copy);
				goto fail;
			}
			k = json_object_iter_key(json_object_iter(ev));
			v = json_object_iter_value(json_object_iter(ev));
			if (!json_is_string(v) || (strcmp(k, "introduced") &&
						   strcmp(k, "fixed") &&
						   strcmp(k, "last_affected") &&
						   strcmp(k, "limit"))) {
				*bad = "unknown event or non-string version";
				json_decref(copy);
				goto fail;
			}
			if (!strcmp(k, "introduced"))
				intro = true;
			if (!strcmp(k, "fixed") && !*fixed)
				*fixed = json_string_value(v);
			if (!strcmp(k, "fixed") || !strcmp(k, "last_affected"))
				*has_fix = true;
			fix |= !strcmp(k, "fixed");
			last |= !strcmp(k, "last_affected");
			json_array_append(copy, ev);
		}
		if (!intro || (fix && last)) {
			/* the schema forbids both; which would win is a
			 * guess, so the entry is not used */
			*bad = intro ? "range with both fixed and last_affected"
				     : "range without an introduced event";
			json_decref(copy);
			goto fail;
		}
		json_array_append_new(out, json_pack("{s:s, s:o}", "type",
						     type, "events", copy));
	}
	return out;
fail:
	json_decref(out);
	return NULL;
}

int vdb_import_osv(struct vdb_import *im, const char *path, json_t *rec,
		   sg_error *err)
{
	struct sg_buf aliases = SG_BUF_INIT(1 << 16);
	struct sg_buf sum = SG_BUF_INIT(SUMMARY_MAX + 8);
	struct sg_buf name = SG_BUF_INIT(4096);
	struct vdb_advisory a;
	struct sev sev;
	const char *id = vdb_jstr(rec, "id");
	json_t *affected = json_object_get(rec, "affected"), *af;
	int64_t row = 0;
	size_t i, used = 0;
	int rc = 0;

	if (!json_is_object(rec) || !id || !*id ||
	    (!json_is_array(affected) && !vdb_jstr(rec, "modified")))
		return SG_ENOTFOUND;
	memset(&a, 0, sizeof(a));
	a.kind = VDB_OSV;
	memset(&sev, 0, sizeof(sev));
	read_severity(json_object_get(rec, "severity"), &sev);
	rating_word(json_object_get(rec, "database_specific"), &sev);
	/* `upstream` too: Ubuntu's records name their CVE only there
	 * (UBUNTU-CVE-2021-3782 -> CVE-2021-3782, USN-5614-1 ->
	 * UBUNTU-CVE-2021-3782), and a policy ignore by CVE id or the
	 * merging of duplicates needs it */
	join(json_object_get(rec, "aliases"), id, &aliases);
	join(json_object_get(rec, "upstream"), id, &aliases);
	summary(rec, &sum);
	a.id = id;
	a.aliases = sg_buf_cstr(&aliases);
	a.summary = sg_buf_cstr(&sum);
	a.severity = sev.word;
	a.vector = sev.vector;
	a.score = sev.score;
	a.published = vdb_jstr(rec, "published");
	a.modified = vdb_jstr(rec, "modified");
	a.withdrawn = vdb_jstr(rec, "withdrawn");
	a.replace = true;
	json_array_foreach(affected, i, af) {
		const json_t *pkg = json_object_get(af, "package");
		const char *eco = vdb_jstr(pkg, "ecosystem");
		const char *pname = vdb_jstr(pkg, "name");
		const char *fixed, *bad;
		json_t *ranges, *versions = json_object_get(af, "versions");
		struct vdb_affected row_af;
		struct sev asev;
		char *rj = NULL, *vj = NULL;
		bool has_fix;

		if (!eco || !pname || !*eco || !*pname) {
			vdb_note(im, path, "%s: affected[%zu] has no package "
				 "ecosystem and name; skipped", id, i);
			continue;
		}
		ranges = ranges_of(af, &fixed, &has_fix, &bad);
		if (!ranges) {
			vdb_note(im, path, "%s: affected[%zu] (%s): %s; "
				 "skipped", id, i, pname, bad ? bad :
				 "out of memory");
			continue;
		}
		if (json_array_size(ranges) == 0 &&
		    json_array_size(versions) == 0) {
			/* only GIT ranges: nothing to compare a package to */
			json_decref(ranges);
			continue;
		}
		memset(&asev, 0, sizeof(asev));
		read_severity(json_object_get(af, "severity"), &asev);
		rating_word(json_object_get(af, "database_specific"), &asev);
		rating_word(json_object_get(af, "ecosystem_specific"), &asev);
		if (!asev.word && asev.score > 0)
			asev.word = sg_severity_name(
				vuln_severity_from_cvss(asev.vector,
							asev.score));
		if (!used++ && (rc = vdb_put_advisory(im, path, &a, &row,
						      err)) < 0) {
			json_decref(ranges);
			goto done;
		}
		sg_buf_clear(&name);
		if (!strcmp(eco, "PyPI"))
			pep503(pname, &name);
		else
			sg_buf_puts(&name, pname);
		rj = json_dumps(ranges, JSON_COMPACT);
		if (json_is_array(versions) && json_array_size(versions))
			vj = json_dumps(versions, JSON_COMPACT);
		memset(&row_af, 0, sizeof(row_af));
		row_af.ecosystem = eco;
		row_af.package = sg_buf_cstr(&name);
		row_af.ranges = rj;
		row_af.versions = vj;
		row_af.fixed = fixed;
		row_af.unfixed = !has_fix && !vj;
		row_af.severity = asev.word;
		if (!rj || sg_buf_error(&name))
			rc = sg_error_set(err, SG_ENOMEM, path, 0, 0,
					  "out of memory");
		else
			rc = vdb_put_affected(im, path, row, &row_af, err);
		free(rj);
		free(vj);
		json_decref(ranges);
		if (rc < 0)
			goto done;
	}
	if (!used) {
		/* keep the record: `db info` counts it, and it shows up if a
		 * later document of the same id adds packages */
		rc = vdb_put_advisory(im, path, &a, &row, err);
	}
	if (sg_buf_error(&aliases) || sg_buf_error(&sum))
		rc = sg_error_set(err, SG_ELIMIT, path, 0, 0,
				  "%s: aliases or summary too long", id);
done:
	sg_buf_release(&aliases);
	sg_buf_release(&sum);
	sg_buf_release(&name);
	return rc;
}

/*
 * match.c: installed packages against the database (see match.h).
 */
#include "util/compat.h"
#include <inttypes.h>
#include <time.h>
#include "vuln/match.h"
#include "vuln/cvss.h"
#include "vuln/db.h"
#include "vuln/range.h"
#include "util/buf.h"


struct row {
	const char *advisory, *aliases, *summary, *severity, *vector;
	const char *source, *ranges_json, *versions_json, *row_severity;
	double score;
};

/* One advisory matched on the current package (rows merged). */
struct hit {
	char *advisory, *aliases, *summary, *severity, *vector, *source;
	char *fixed;                    /* NULL: unfixed */
	bool unfixed;
	double score;
	sg_severity sev;                /* of severity/vector/score */
	char *all;                      /* reported aliases: the first row's
					   and every merged row's id and
					   aliases (a policy ignore by any
					   of them applies) */
};

static char *dup(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void hit_free(struct hit *h)
{
	free(h->advisory);
	free(h->aliases);
	free(h->summary);
	free(h->severity);
	free(h->vector);
	free(h->source);
	free(h->fixed);
	free(h->all);
}

/*
 * Decode ranges/versions JSON into the range module's shape and evaluate.
 * Returns 1 affected, 0 not, -1 malformed row (match_package() reports it),
 * SG_ENOMEM.  Rows of any size are evaluated: the import read them from
 * documents of bounded size, and a long `versions` list (PyPI records list
 * every release) must not hide the ranges beside it.
 */
static int eval_row(const struct vuln_scheme *scheme, const char *ecosystem,
		    const struct row *r, const char *version,
		    struct vuln_match *m, char **fixed_out)
{
	struct vuln_range *ranges = NULL;
	struct vuln_event *events = NULL;
	const char **versions = NULL;
	json_t *rj = NULL, *vj = NULL, *range, *ev;
	struct vuln_affected a;
	size_t i, j, nr = 0, ne = 0, nv = 0, total = 0;
	sg_error err;
	int rc = -1;

	*fixed_out = NULL;
	rj = json_loads(r->ranges_json, 0, NULL);
	if (!json_is_array(rj))
		goto done;
	json_array_foreach(rj, i, range)
		total += json_array_size(json_object_get(range, "events"));
	ranges = calloc(json_array_size(rj) + 1, sizeof(*ranges));
	events = calloc(total + 1, sizeof(*events));
	if (!ranges || !events) {
		rc = SG_ENOMEM;
		goto done;
	}
	json_array_foreach(rj, i, range) {
		const char *type = vdb_jstr(range, "type");
		json_t *evs = json_object_get(range, "events");
		size_t first = ne;

		if (!type || !json_is_array(evs))
			goto done;
		json_array_foreach(evs, j, ev) {
			void *it = json_object_iter(ev);
			const char *k = it ? json_object_iter_key(it) : NULL;
			json_t *v = it ? json_object_iter_value(it) : NULL;

			if (!k || !json_is_string(v) || ne >= total)
				goto done;
			events[ne].version = json_string_value(v);
			if (!strcmp(k, "introduced"))
				events[ne].kind = VULN_EVENT_INTRODUCED;
			else if (!strcmp(k, "fixed"))
				events[ne].kind = VULN_EVENT_FIXED;
			else if (!strcmp(k, "last_affected"))
				events[ne].kind = VULN_EVENT_LAST_AFFECTED;
			else if (!strcmp(k, "limit"))
				events[ne].kind = VULN_EVENT_LIMIT;
			else
				goto done;
			ne++;
		}
		/* GIT events are commits: the range API skips and counts them */
		ranges[nr].type = !strcmp(type, "SEMVER") ? VULN_RANGE_SEMVER
				  : !strcmp(type, "GIT") ? VULN_RANGE_GIT
							 : VULN_RANGE_ECOSYSTEM;
		ranges[nr].events = events + first;
		ranges[nr].nevents = ne - first;
		nr++;
	}
	if (r->versions_json) {
		json_t *v;

		vj = json_loads(r->versions_json, 0, NULL);
		if (!json_is_array(vj))
			goto done;
		versions = calloc(json_array_size(vj) + 1, sizeof(char *));
		if (!versions) {
			rc = SG_ENOMEM;
			goto done;
		}
		json_array_foreach(vj, i, v)
			if (json_is_string(v))
				versions[nv++] = json_string_value(v);
	}
	memset(&a, 0, sizeof(a));
	a.ecosystem = ecosystem;
	a.ranges = ranges;
	a.nranges = nr;
	a.versions = versions;
	a.nversions = nv;
	sg_error_clear(&err);
	if (vuln_range_match_scheme(scheme, &a, version, m, &err) < 0)
		goto done;
	if (m->affected && m->fix == VULN_FIX_VERSION && m->fixed) {
		*fixed_out = strdup(m->fixed);
		if (!*fixed_out) {
			rc = SG_ENOMEM;
			goto done;
		}
	}
	rc = m->affected ? 1 : 0;
done:
	json_decref(rj);
	json_decref(vj);
	free(ranges);
	free(events);
	free(versions);
	return rc;
}

/* True when `id` is `list` or one of its comma-separated members. */
static bool in_list(const char *id, const char *list)
{
	size_t n = strlen(id);
	const char *p = list;

	while (p && *p) {
		const char *c = strchr(p, ',');
		size_t l = c ? (size_t)(c - p) : strlen(p);

		if (l == n && !memcmp(p, id, n))
			return true;
		p = c ? c + 1 : NULL;
	}
	return false;
}

/* Add `id` and the members of `list` to h->all, except h->advisory and
 * what is there already.  -1 out of memory. */
static int add_aliases(struct hit *h, const char *id, const char *list)
{
	struct sg_buf b = SG_BUF_INIT(1 << 20);
	const char *p = list;
	bool changed = false;

	sg_buf_puts(&b, h->all ? h->all : "");
	while (id) {
		size_t n = strcspn(id, ",");
		char one[256];

		if (n > 0 && n < sizeof(one)) {
			memcpy(one, id, n);
			one[n] = '\0';
			if (strcmp(one, h->advisory) != 0 &&
			    !in_list(one, sg_buf_cstr(&b))) {
				if (b.len)
					sg_buf_putc(&b, ',');
				sg_buf_puts(&b, one);
				changed = true;
			}
		}
		id = p && *p ? p : NULL;
		if (id) {
			p = strchr(p, ',');
			p = p ? p + 1 : NULL;
		}
	}
	if (sg_buf_error(&b)) {
		sg_buf_release(&b);
		return -1;
	}
	if (changed) {
		free(h->all);
		h->all = sg_buf_detach(&b);
		if (!h->all)
			return -1;
	}
	sg_buf_release(&b);
	return 0;
}

/*
 * Row (id, aliases) is the vulnerability of hit `a`: one names the other,
 * or both name the same single upstream id (Debian's DEBIAN-CVE-2024-1111
 * and a DSA for that CVE alone).  A record listing several (a DSA fixing
 * three CVEs) is none of them: merged, an ignore of one CVE would accept
 * the others, and the fix and rating could be another CVE's.
 */
static bool same_vuln(const struct hit *a, const char *id,
		      const char *aliases)
{
	if (!strcmp(a->advisory, id) || in_list(id, a->aliases) ||
	    in_list(a->advisory, aliases))
		return true;
	return a->aliases && aliases && *aliases && !strchr(aliases, ',') &&
	       !strcmp(a->aliases, aliases);
}

/* "pkg:deb/debian/bsdutils@…?…" -> "pkg:deb/debian/bsdutils" */
static const char *purl_base(const char *purl, char *buf, size_t n)
{
	size_t l = strcspn(purl, "@?#");

	snprintf(buf, n, "%.*s", (int)SG_MIN(l, n - 1), purl);
	return buf;
}

/* Where a finding on package `p` is: `where` (may be NULL), the layer
 * that wrote its database, its purl without version as the object. */
static void package_loc(sg_location *loc, const sg_location *where,
			const struct inv_package *p, char *object, size_t n)
{
	if (where)
		*loc = *where;
	else
		memset(loc, 0, sizeof(*loc));
	if (p->layer)
		loc->layer = p->layer;
	loc->object = purl_base(p->purl, object, n);
}

static sg_severity pick_severity(const struct hit *h)
{
	sg_severity s = vuln_severity_from_word(h->severity);
	double score = h->score;

	if (s != SG_SEVERITY_NONE)
		return s;
	if (score <= 0 && h->vector)
		vuln_cvss_score(h->vector, &score);
	return vuln_severity_from_cvss(h->vector, score);
}

/* A row's rating: the distribution's for this package, then the
 * advisory's, then its CVSS vector. */
static sg_severity row_severity(const struct row *r)
{
	struct hit h;

	memset(&h, 0, sizeof(h));
	h.severity = (char *)(r->row_severity ? r->row_severity : r->severity);
	h.vector = (char *)r->vector;
	h.score = r->score;
	return pick_severity(&h);
}

/* The merged hit takes row `r`'s rating, vector and score. */
static int take_severity(struct hit *h, const struct row *r, sg_severity rs,
			 sg_error *err)
{
	char *w = dup(r->row_severity ? r->row_severity : r->severity);
	char *v = dup(r->vector);

	if ((!w && (r->row_severity || r->severity)) || (!v && r->vector)) {
		free(w);
		free(v);
		return sg_error_set(err, SG_ENOMEM, NULL, 0, 0,
				    "out of memory");
	}
	free(h->severity);
	free(h->vector);
	h->severity = w;
	h->vector = v;
	h->score = r->score;
	h->sev = rs;
	return 0;
}

static int report(sg_findings *findings, const sg_location *where,
		  const struct inv_package *p, const char *keyname,
		  const char *keyver, const struct hit *h,
		  struct vuln_match_stats *st, sg_error *err)
{
	const sg_rule *rule = h->unfixed ? &sg_rule_vuln_unfixed
					 : &sg_rule_vuln_fixed;
	sg_location loc;
	sg_vuln_ref ref;
	sg_finding *f;
	sg_severity sev = h->sev;
	char object[512], key[512], what[512];
	double score = h->score;

	package_loc(&loc, where, p, object, sizeof(object));
	/* identity: advisory and package, not the version, so the finding
	 * keeps its fingerprint across an upgrade that does not fix it */
	snprintf(key, sizeof(key), "%s %s", h->advisory, p->name);
	if (strcmp(keyname, p->name) || strcmp(keyver, p->version))
		snprintf(what, sizeof(what), "%s %s (%s %s)", keyname, keyver,
			 p->name, p->version);
	else
		snprintf(what, sizeof(what), "%s %s", p->name, p->version);
	if (h->unfixed)
		f = sg_findings_add(findings, rule, &loc, key,
				    "%s in %s: no fixed version known%s%s",
				    h->advisory, what, h->summary ? ": " : "",
				    h->summary ? h->summary : "");
	else
		f = sg_findings_add(findings, rule, &loc, key,
				    "%s in %s: fixed in %s%s%s", h->advisory,
				    what, h->fixed, h->summary ? ": " : "",
				    h->summary ? h->summary : "");
	if (!f)
		return sg_error_set(err, SG_ENOMEM, NULL, 0, 0,
				    "out of memory");
	if (sev != SG_SEVERITY_NONE)
		f->severity = sev;
	if (score <= 0 && h->vector)
		vuln_cvss_score(h->vector, &score);
	memset(&ref, 0, sizeof(ref));
	ref.id = h->advisory;
	ref.aliases = h->all;
	ref.summary = h->summary;
	ref.package = p->name;
	ref.source = keyname;
	ref.ecosystem = p->ecosystem;
	ref.purl = p->purl;
	ref.installed = p->version;
	ref.fixed = h->unfixed ? NULL : h->fixed;
	ref.vector = h->vector;
	ref.score = score;
	ref.db_source = h->source;
	if (sg_findings_set_vuln(findings, f, &ref) < 0)
		return sg_error_set(err, SG_ENOMEM, NULL, 0, 0,
				    "out of memory");
	st->findings++;
	if (h->unfixed)
		st->unfixed++;
	return 0;
}

/* Name and version the ecosystem's advisories are keyed on. */
static void key_of(const struct inv_package *p, const char **name,
		   const char **version)
{
	*name = p->name;
	*version = p->version;
	switch (p->type) {
	case INV_DPKG:
		*name = p->source;
		*version = p->source_version;
		break;
	case INV_APK:
		*name = p->source;      /* origin; sub-packages share V */
		break;
	case INV_PYPI:
		*name = p->source;      /* PEP 503 */
		break;
	case INV_RPM:
	case INV_NPM:
		break;
	}
}

/*
 * An advisory that names the package but whose affected versions are not
 * valid in the ecosystem's ordering (Alpine's "10.0.11-0" for croc, a
 * corrupt row) cannot say whether the installed version is affected: the
 * package is not checked against it, which is SGV005, never silence.
 */
static int report_unusable(sg_findings *findings, const sg_location *where,
			   const struct inv_package *p, const char *keyname,
			   const char *advisory)
{
	sg_location loc;
	char object[512], key[512];

	package_loc(&loc, where, p, object, sizeof(object));
	snprintf(key, sizeof(key), "unusable %s %s", advisory, p->name);
	return sg_findings_add(findings, &sg_rule_vuln_not_matched, &loc, key,
			       "%s %s not checked against %s: the advisory's "
			       "affected versions for %s are not valid in the "
			       "'%s' version ordering", p->name, p->version,
			       advisory, keyname, p->ecosystem) ? 0 : -1;
}

struct hits {
	struct hit *v;
	size_t n, cap;         /* as SG_VEC(struct hit) */
};

/* Keep row `r`'s advisory and aliases in `v`, once (rows come ordered by
 * advisory: one entry each).  0 or SG_ENOMEM. */
static int keep_id(struct hits *v, const struct row *r)
{
	struct hit h;

	if (v->n && !strcmp(v->v[v->n - 1].advisory, r->advisory))
		return 0;
	memset(&h, 0, sizeof(h));
	h.advisory = dup(r->advisory);
	h.aliases = dup(r->aliases);
	if (!h.advisory || (r->aliases && !h.aliases) ||
	    sg_vec_push(v, h) < 0) {
		hit_free(&h);
		return SG_ENOMEM;
	}
	return 0;
}

static int match_package(sqlite3_stmt *st, const struct inv_package *p,
			 const sg_location *where, sg_findings *findings,
			 struct vuln_match_stats *stats, sg_error *err)
{
	/* bad: advisories with a row that could not be evaluated and none
	 * that said "not affected" (rows of one advisory are adjacent; the
	 * last such advisory is in `decided`, copied, not allocated: most
	 * rows say "not affected") */
	struct hits hits = SG_VEC_INIT, bad = SG_VEC_INIT;
	char decided[256] = "";
	const struct vuln_scheme *scheme = vuln_scheme_find(p->ecosystem);
	const char *name, *version;
	size_t i;
	int rc = 0, s;

	stats->packages++;
	if (!scheme) {
		stats->no_scheme++;
		return 0;
	}
	key_of(p, &name, &version);
	if (!name || !version || vuln_version_validate(scheme, version,
						       NULL) < 0) {
		stats->bad_version++;
		return 0;
	}
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, p->ecosystem, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		struct row r;
		struct vuln_match m;
		char *fixed = NULL;
		int aff;

#define TXT(i) ((const char *)sqlite3_column_text(st, i))
		r.advisory = TXT(0);
		r.aliases = TXT(1);
		r.summary = TXT(2);
		r.severity = TXT(3);
		r.vector = TXT(4);
		r.score = sqlite3_column_double(st, 5);
		r.source = TXT(6);
		r.ranges_json = TXT(7);
		r.versions_json = TXT(8);
		r.row_severity = TXT(9);
#undef TXT
		if (!r.advisory || !r.ranges_json)
			continue;
		stats->rows++;
		aff = eval_row(scheme, p->ecosystem, &r, version, &m, &fixed);
		if (aff == SG_ENOMEM) {
			rc = sg_error_set(err, SG_ENOMEM, NULL, 0, 0,
					  "out of memory");
			goto done;
		}
		if (aff < 0) {
			stats->bad_rows++;
			if (!strcmp(decided, r.advisory))
				continue;
			if ((rc = keep_id(&bad, &r)) < 0) {
				sg_error_set(err, rc, NULL, 0, 0,
					     "out of memory");
				goto done;
			}
			continue;
		}
		stats->git_ranges += m.git_skipped;
		if (!aff) {
			if (bad.n && !strcmp(bad.v[bad.n - 1].advisory,
					     r.advisory))
				hit_free(&bad.v[--bad.n]);
			if (strlen(r.advisory) < sizeof(decided))
				memcpy(decided, r.advisory,
				       strlen(r.advisory) + 1);
			continue;
		}
		for (i = 0; i < hits.n; i++)
			if (same_vuln(&hits.v[i], r.advisory, r.aliases))
				break;
		if (i < hits.n) {
			/* the same vulnerability again (another source, or
			 * another fixed-version entry): leaving it needs the
			 * highest fix; an entry without one does not take
			 * away another's fix (a fixable vulnerability stays
			 * fixable); the highest rating wins, with the vector
			 * and score that go with it, whatever the order */
			struct hit *h = &hits.v[i];
			sg_severity rs = row_severity(&r);
			int c = 0;

			if (fixed && (h->unfixed || !h->fixed ||
				      (vuln_version_compare(scheme, fixed,
							    h->fixed, &c,
							    NULL) == 0 &&
				       c > 0))) {
				free(h->fixed);
				h->fixed = fixed;
				h->unfixed = false;
				fixed = NULL;
			}
			free(fixed);
			if (rs > h->sev && (rc = take_severity(h, &r, rs,
								err)) < 0)
				goto done;
			if (add_aliases(h, r.advisory, r.aliases) < 0) {
				rc = sg_error_set(err, SG_ENOMEM, NULL, 0, 0,
						  "out of memory");
				goto done;
			}
			continue;
		}
		{
			struct hit h;

			memset(&h, 0, sizeof(h));
			h.advisory = dup(r.advisory);
			h.aliases = dup(r.aliases);
			h.all = dup(r.aliases);
			h.summary = dup(r.summary);
			/* the distribution's own rating of this package
			 * first, then the advisory's */
			h.severity = dup(r.row_severity ? r.row_severity
							: r.severity);
			h.vector = dup(r.vector);
			h.source = dup(r.source);
			h.score = r.score;
			h.sev = row_severity(&r);
			h.fixed = fixed;
			h.unfixed = !fixed;
			if (!h.advisory || sg_vec_push(&hits, h) < 0) {
				hit_free(&h);
				rc = sg_error_set(err, SG_ENOMEM, NULL, 0, 0,
						  "out of memory");
				goto done;
			}
		}
	}
	if (s != SQLITE_DONE) {
		rc = sg_error_set(err, SG_EINVALID, NULL, 0, 0,
				  "vulnerability database read failed: %s",
				  sqlite3_errmsg(sqlite3_db_handle(st)));
		goto done;
	}
	for (i = 0; i < hits.n && rc == 0; i++)
		rc = report(findings, where, p, name, version, &hits.v[i],
			    stats, err);
	/* an unusable advisory another row found affecting is no gap */
	for (i = 0; i < bad.n && rc == 0; i++) {
		size_t k;

		for (k = 0; k < hits.n; k++)
			if (same_vuln(&hits.v[k], bad.v[i].advisory,
				      bad.v[i].aliases))
				break;
		if (k == hits.n &&
		    report_unusable(findings, where, p, name,
				    bad.v[i].advisory) < 0)
			rc = sg_error_set(err, SG_ENOMEM, NULL, 0, 0,
					  "out of memory");
	}
done:
	for (i = 0; i < bad.n; i++)
		hit_free(&bad.v[i]);
	sg_vec_release(&bad);
	for (i = 0; i < hits.n; i++)
		hit_free(&hits.v[i]);
	sg_vec_release(&hits);
	return rc;
}

/*
 * Packages of an ecosystem the database has no advisory for at all were
 * matched against nothing: a Debian 11 image and a database of Debian 12
 * data, an image without os-release (its dpkg packages are plain
 * "Debian").  One SGV005 per such ecosystem; "clean" would be a guess.
 * (Ecosystems without an ordering are vuln_report_gaps()'s.)
 */
static int report_uncovered(const sg_vulndb *db, const struct inventory *inv,
			    const sg_location *where, sg_findings *findings,
			    sg_error *err)
{
	struct eco {
		const struct inv_package *example;
		size_t n;
	};
	SG_VEC(struct eco) ecos = SG_VEC_INIT;  /* a handful: linear */
	sqlite3_stmt *st = NULL;
	sg_location loc;
	size_t i, j;
	int rc = 0;

	for (i = 0; i < inv->pkgs.n; i++) {
		const struct inv_package *p = &inv->pkgs.v[i];
		struct eco e = { p, 0 };

		if (!p->ecosystem || !vuln_scheme_find(p->ecosystem))
			continue;
		for (j = 0; j < ecos.n; j++)
			if (!strcmp(ecos.v[j].example->ecosystem, p->ecosystem))
				break;
		if (j == ecos.n && sg_vec_push(&ecos, e) < 0) {
			rc = sg_error_set(err, SG_ENOMEM, NULL, 0, 0,
					  "out of memory");
			goto done;
		}
		ecos.v[j].n++;
	}
	if (ecos.n && sqlite3_prepare_v2(db->db, "SELECT 1 FROM affected "
					 "WHERE ecosystem = ?1 LIMIT 1", -1,
					 &st, NULL) != SQLITE_OK) {
		rc = sg_error_set(err, SG_EINVALID, db->info.path, 0, 0,
				  "vulnerability database unreadable: %s",
				  sqlite3_errmsg(db->db));
		goto done;
	}
	if (where)
		loc = *where;
	else
		memset(&loc, 0, sizeof(loc));
	for (i = 0; i < ecos.n && rc == 0; i++) {
		const struct inv_package *p = ecos.v[i].example;
		bool os = p->type == INV_DPKG || p->type == INV_APK ||
			  p->type == INV_RPM;
		size_t n = ecos.v[i].n;
		int s;

		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, p->ecosystem, -1, SQLITE_STATIC);
		s = sqlite3_step(st);
		if (s == SQLITE_ROW)
			continue;
		if (s != SQLITE_DONE) {
			rc = sg_error_set(err, SG_EINVALID, db->info.path, 0, 0,
					  "vulnerability database read "
					  "failed: %s", sqlite3_errmsg(db->db));
			break;
		}
		loc.object = p->ecosystem;
		if (!sg_findings_add(findings, &sg_rule_vuln_not_matched, &loc,
				     p->ecosystem, "%zu package%s of ecosystem "
				     "'%s' not checked for vulnerabilities: the "
				     "database has no advisory for '%s'%s (e.g. "
				     "%s %s)", n, n == 1 ? "" : "s",
				     p->ecosystem, p->ecosystem,
				     os && !strchr(p->ecosystem, ':')
				     ? ", and the image names no release "
				       "(etc/os-release)" : "", p->name,
				     p->version ? p->version : "(no version)"))
			rc = sg_error_set(err, SG_ENOMEM, NULL, 0, 0,
					  "out of memory");
	}
done:
	sqlite3_finalize(st);
	sg_vec_release(&ecos);
	return rc;
}

int vuln_match(const sg_vulndb *db, const struct inventory *inv,
	       const sg_location *where, sg_findings *findings,
	       struct vuln_match_stats *stats, sg_error *err)
{
	struct vuln_match_stats local;
	struct timespec t0, t1;
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc = 0;

	if (!stats)
		stats = &local;
	memset(stats, 0, sizeof(*stats));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* ordered so the findings, and which duplicate wins, are the same
	 * on every run */
	if (sqlite3_prepare_v2(db->db,
			       "SELECT a.advisory, a.aliases, a.summary, "
			       "a.severity, a.cvss_vector, a.cvss_score, "
			       "s.name, f.ranges, f.versions, f.severity "
			       "FROM affected f JOIN advisories a ON a.id = "
			       "f.advisory_id JOIN sources s ON s.id = "
			       "a.source_id WHERE f.ecosystem = ?1 AND "
			       "f.package = ?2 AND a.withdrawn IS NULL "
			       "ORDER BY a.advisory, s.name, f.id", -1, &st,
			       NULL) != SQLITE_OK)
		return sg_error_set(err, SG_EINVALID, db->info.path, 0, 0,
				    "vulnerability database unreadable: %s",
				    sqlite3_errmsg(db->db));
	for (i = 0; i < inv->pkgs.n && rc == 0; i++)
		rc = match_package(st, &inv->pkgs.v[i], where, findings,
				   stats, err);
	sqlite3_finalize(st);
	if (rc == 0)
		rc = report_uncovered(db, inv, where, findings, err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	stats->seconds = (double)(t1.tv_sec - t0.tv_sec) +
			 (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	return rc;
}

/* ---- what could not be checked ----------------------------------------- */

struct gap {
	const char *eco;
	bool bad_version;               /* else: no comparator */
	size_t n;
	const struct inv_package *example;
};

int vuln_report_gaps(const struct inventory *inv, const sg_location *where,
		     sg_findings *findings, sg_error *err)
{
	SG_VEC(struct gap) gaps = SG_VEC_INIT;
	sg_location loc;
	size_t i, j;
	int rc = 0;

	if (where)
		loc = *where;
	else
		memset(&loc, 0, sizeof(loc));
	/* skipped entries and unreadable files, one finding per file */
	for (i = 0; i < inv->warnings.n; i = j) {
		const struct inv_warning *w = &inv->warnings.v[i];
		bool os = inventory_is_os_db(w->path);
		char at[32] = "";
		sg_finding *f;

		for (j = i + 1; j < inv->warnings.n &&
		     sg_streq(inv->warnings.v[j].path, w->path); j++)
			;
		if (w->line)
			snprintf(at, sizeof(at), ":%" PRIu32, w->line);
		loc.object = w->path;
		f = sg_findings_add(findings, os ? &sg_rule_vuln_pkgdb_unreadable
						 : &sg_rule_vuln_not_matched,
				    &loc, w->path, "%s%s: %s%s; %s not checked "
				    "for vulnerabilities", w->path, at,
				    w->message, j - i > 1 ? " (and more)" : "",
				    os ? "its packages were" : "the package was");
		if (!f)
			goto oom;
	}
	/* packages no advisory can be compared with, per ecosystem */
	for (i = 0; i < inv->pkgs.n; i++) {
		const struct inv_package *p = &inv->pkgs.v[i];
		const struct vuln_scheme *scheme = vuln_scheme_find(p->ecosystem);
		const char *name, *version;
		struct gap g;

		key_of(p, &name, &version);
		if (scheme && name && version &&
		    vuln_version_validate(scheme, version, NULL) == 0)
			continue;
		memset(&g, 0, sizeof(g));
		g.eco = p->ecosystem ? p->ecosystem : "(none)";
		g.bad_version = scheme != NULL;
		for (j = 0; j < gaps.n; j++)
			if (!strcmp(gaps.v[j].eco, g.eco) &&
			    gaps.v[j].bad_version == g.bad_version)
				break;
		if (j == gaps.n) {
			g.example = p;
			if (sg_vec_push(&gaps, g) < 0)
				goto oom;
		}
		gaps.v[j].n++;
	}
	for (i = 0; i < gaps.n; i++) {
		const struct gap *g = &gaps.v[i];
		char key[300];

		snprintf(key, sizeof(key), "%s %s", g->bad_version ?
			 "invalid version" : "no ordering", g->eco);
		loc.object = g->eco;
		if (!sg_findings_add(findings, &sg_rule_vuln_not_matched, &loc,
				     key, "%zu package%s of ecosystem '%s' not "
				     "checked for vulnerabilities: %s (e.g. %s "
				     "%s)", g->n, g->n == 1 ? "" : "s", g->eco,
				     g->bad_version ? "version not valid in its "
				     "ordering" : "no advisory ecosystem with a "
				     "known version ordering",
				     g->example->name,
				     g->example->version ? g->example->version
							 : "(no version)"))
			goto oom;
	}
	goto done;
oom:
	rc = sg_error_set(err, SG_ENOMEM, NULL, 0, 0, "out of memory");
done:
	sg_vec_release(&gaps);
	return rc;
}

/* ---- database age ------------------------------------------------------ */

long vuln_days_from_date(const char *d)
{
	long y, m, day, era, yoe, doy, doe;
	size_t i;

	if (!d || strlen(d) < 10 || d[4] != '-' || d[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !sg_isdigit((unsigned char)d[i]))
			return -1;
	y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 +
	    (d[3] - '0');
	m = (d[5] - '0') * 10 + (d[6] - '0');
	day = (d[8] - '0') * 10 + (d[9] - '0');
	if (m < 1 || m > 12 || day < 1 || day > 31)
		return -1;
	/* Howard Hinnant's days_from_civil */
	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int vuln_check_db_age(const sg_vulndb *db, const struct sg_policy *policy,
		      const sg_location *where, sg_findings *findings,
		      sg_error *err)
{
	const sg_vulndb_info *info = sg_vulndb_get_info(db);
	uint32_t max = policy->vuln.max_db_age_days;
	long today = vuln_days_from_date(policy->today);
	long built = vuln_days_from_date(info->built_at);
	const char *when = info->built_at, *what = NULL;
	sg_location loc;
	sg_finding *f;
	size_t i;

	if (!max || today < 0)
		return 0;
	/* the data is as old as its least recently imported source: the
	 * last import (built_at) may have refreshed only one of them */
	for (i = 0; i < info->nsources && built >= 0; i++) {
		long d = vuln_days_from_date(info->sources[i].imported_at);

		if (d < built) {        /* d < 0: no date, as stale as can be */
			built = d;
			when = info->sources[i].imported_at;
			what = info->sources[i].name;
		}
	}
	if (where)
		loc = *where;
	else
		memset(&loc, 0, sizeof(loc));
	loc.object = info->path;
	if (built >= 0 && today - built <= (long)max)
		return 0;
	if (built < 0)
		f = sg_findings_add(findings, &sg_rule_vuln_stale_db, &loc,
				    "vulnerability database age",
				    "vulnerability database %s%s%s%s has no "
				    "%s time; policy max-db-age is %" PRIu32
				    " days", info->path, what ? " (source '" : "",
				    what ? what : "", what ? "')" : "",
				    what ? "import" : "build", max);
	else if (what)
		f = sg_findings_add(findings, &sg_rule_vuln_stale_db, &loc,
				    "vulnerability database age",
				    "vulnerability database source '%s' was "
				    "imported %.10s, %ld days ago; policy "
				    "max-db-age is %" PRIu32 " days", what, when,
				    today - built, max);
	else
		f = sg_findings_add(findings, &sg_rule_vuln_stale_db, &loc,
				    "vulnerability database age",
				    "vulnerability database was built %.10s, "
				    "%ld days ago; policy max-db-age is %" PRIu32
				    " days", when, today - built, max);
	if (!f)
		return sg_error_set(err, SG_ENOMEM, NULL, 0, 0,
				    "out of memory");
	return 0;
}

/*
 * import_distro.c: distribution security data that is not OSV.
 *
 * Alpine secdb (secdb.alpinelinux.org/<branch>/<repo>.json, and the YAML
 * form vunnel keeps): per origin package, `secfixes` maps a fixed apk
 * version to the CVEs it fixes.  A fixed version "0" means the branch was
 * never affected (Grype turns these into ignore rules); with no other data
 * to contradict, they are simply not vulnerabilities.  secdb lists fixes
 * only: it has no unfixed issues.
 *
 * Debian security tracker JSON (security-tracker.debian.org/tracker/data/
 * json): {source package: {CVE: {description, releases: {codename:
 * {status, fixed_version, urgency}}}}}.  "resolved" with a version is a
 * fix; fixed_version "0" means never affected; "open" is unfixed;
 * "undetermined" is skipped (Trivy does the same).  Codenames become
 * Debian:<major> ecosystems through the table below.
 */
#include "util/compat.h"
#include "vuln/db.h"
#include "vuln/cvss.h"

/* ---- Alpine secdb ------------------------------------------------------ */

int vdb_import_secdb(struct vdb_import *im, const char *path, json_t *doc,
		     sg_error *err)
{
	const char *branch = vdb_jstr(doc, "distroversion");
	json_t *pkgs = json_object_get(doc, "packages"), *p;
	char eco[64];
	size_t i;
	int rc;

	if (!branch || !json_is_array(pkgs))
		return SG_ENOTFOUND;
	/* "v3.19" -> "Alpine:v3.19"; "edge" stays "Alpine:edge" */
	snprintf(eco, sizeof(eco), "Alpine:%s", branch);
	json_array_foreach(pkgs, i, p) {
		json_t *pkg = json_object_get(p, "pkg");
		const char *name = vdb_jstr(pkg, "name");
		json_t *fixes = json_object_get(pkg, "secfixes"), *ids;
		const char *ver;

		if (!name || !*name) {
			vdb_note(im, path, "packages[%zu] has no name; "
				 "skipped", i);
			continue;
		}
		json_object_foreach(fixes, ver, ids) {
			json_t *id;
			size_t j;

			if (!strcmp(ver, "0") || !json_is_array(ids))
				continue;       /* never affected */
			json_array_foreach(ids, j, id) {
				struct vdb_advisory a;
				struct vdb_affected af;
				const char *s = json_string_value(id);
				char first[128], *rj;
				json_t *rng;
				size_t n;
				int64_t row;

				if (!s)
					continue;
				/* "CVE-2018-1000001 XSA-250": first id is
				 * the record, the rest are aliases */
				while (sg_isspace((unsigned char)*s))
					s++;
				n = strcspn(s, " \t");
				if (n == 0 || n >= sizeof(first))
					continue;
				memcpy(first, s, n);
				first[n] = '\0';
				memset(&a, 0, sizeof(a));
				a.kind = VDB_SECDB;
				a.id = first;
				while (sg_isspace((unsigned char)s[n]))
					n++;
				a.aliases = s[n] ? s + n : NULL;
				rc = vdb_put_advisory(im, path, &a, &row, err);
				if (rc < 0)
					return rc;
				rng = json_pack("[{s:s, s:[{s:s}, {s:s}]}]",
						"type", "ECOSYSTEM", "events",
						"introduced", "0", "fixed",
						ver);
				rj = rng ? json_dumps(rng, JSON_COMPACT) : NULL;
				json_decref(rng);
				if (!rj)
					return sg_error_set(err, SG_ENOMEM,
							    path, 0, 0,
							    "out of memory");
				memset(&af, 0, sizeof(af));
				af.ecosystem = eco;
				af.package = name;
				af.ranges = rj;
				af.fixed = ver;
				rc = vdb_put_affected(im, path, row, &af, err);
				free(rj);
				if (rc < 0)
					return rc;
			}
		}
	}
	return 0;
}

/* ---- Debian security tracker ------------------------------------------- */

static const struct { const char *codename, *version; } debian_releases[] = {
	{ "jessie", "8" },
	{ "stretch", "9" },
	{ "buster", "10" },
	{ "bullseye", "11" },
	{ "bookworm", "12" },
	{ "trixie", "13" },
	{ "forky", "14" },
	{ "duke", "15" },
	{ "sid", "sid" },
};

static const char *debian_version(const char *codename)
{
	size_t i;

	for (i = 0; i < SG_ARRAY_SIZE(debian_releases); i++)
		if (!strcmp(debian_releases[i].codename, codename))
			return debian_releases[i].version;
	return NULL;
}

/* Shape check on the first entry: {pkg: {id: {releases: {...}}}}. */
static bool looks_like_tracker(json_t *doc)
{
	void *it = json_object_iter(doc);
	json_t *cves, *first;
	void *it2;

	if (!it)
		return false;
	cves = json_object_iter_value(it);
	if (!json_is_object(cves))
		return false;
	it2 = json_object_iter(cves);
	if (!it2)
		return true;            /* a package with no issues */
	first = json_object_iter_value(it2);
	return json_is_object(json_object_get(first, "releases"));
}

int vdb_import_debian(struct vdb_import *im, const char *path, json_t *doc,
		      sg_error *err)
{
	const char *pkg, *cve, *rel;
	json_t *cves, *entry, *r;
	int rc;

	if (!json_is_object(doc) || !looks_like_tracker(doc))
		return SG_ENOTFOUND;
	json_object_foreach(doc, pkg, cves) {
		if (!json_is_object(cves))
			continue;
		json_object_foreach(cves, cve, entry) {
			json_t *rels = json_object_get(entry, "releases");
			const char *desc = vdb_jstr(entry, "description");
			struct vdb_advisory a;
			int64_t row = 0;
			bool put = false;

			memset(&a, 0, sizeof(a));
			a.kind = VDB_DEBIAN;
			a.id = cve;
			a.summary = desc;
			json_object_foreach(rels, rel, r) {
				const char *ver = debian_version(rel);
				const char *status = vdb_jstr(r, "status");
				const char *fixed = vdb_jstr(r, "fixed_version");
				const char *urg = vdb_jstr(r, "urgency");
				struct vdb_affected af;
				char eco[32], *rj;
				sg_severity sv;
				json_t *ranges;

				if (!ver || !status)
					continue;
				if (!strcmp(status, "resolved")) {
					if (!fixed || !strcmp(fixed, "0"))
						continue;   /* not affected */
				} else if (!strcmp(status, "open")) {
					fixed = NULL;
				} else {
					continue;           /* undetermined */
				}
				if (!put) {
					rc = vdb_put_advisory(im, path, &a,
							      &row, err);
					if (rc < 0)
						return rc;
					put = true;
				}
				snprintf(eco, sizeof(eco), "Debian:%s", ver);
				ranges = fixed ?
					json_pack("[{s:s, s:[{s:s}, {s:s}]}]",
						  "type", "ECOSYSTEM", "events",
						  "introduced", "0", "fixed",
						  fixed) :
					json_pack("[{s:s, s:[{s:s}]}]", "type",
						  "ECOSYSTEM", "events",
						  "introduced", "0");
				rj = json_dumps(ranges, JSON_COMPACT);
				json_decref(ranges);
				if (!rj)
					return sg_error_set(err, SG_ENOMEM,
							    path, 0, 0,
							    "out of memory");
				sv = vuln_severity_from_word(urg);
				memset(&af, 0, sizeof(af));
				af.ecosystem = eco;
				af.package = pkg;
				af.ranges = rj;
				af.fixed = fixed;
				af.unfixed = !fixed;
				af.severity = sv ? sg_severity_name(sv) : NULL;
				rc = vdb_put_affected(im, path, row, &af, err);
				free(rj);
				if (rc < 0)
					return rc;
			}
		}
	}
	return 0;
}

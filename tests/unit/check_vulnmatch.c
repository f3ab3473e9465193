/*
 * check_vulnmatch.c: matching packages against the database: tables over
 * the hand-written fixtures (fixed, unfixed, last_affected, versions lists,
 * source-package keying, SemVer vs string order, withdrawn records,
 * duplicates across sources), the database age rule, and the issue's
 * must-show: all of ../shared/vulndata against the real Debian 12 image's
 * packages gives exactly the 27 unfixed advisories, and older packages the
 * fixed-version ones with the right fixed versions.
 */
#include "util/compat.h"
#include <sys/stat.h>
#include "helpers.h"
#include <sqlite3.h>
#include "inventory/inventory.h"
#include "policy/policy.h"
#include "shipgate/result.h"
#include "shipgate/vulndb.h"
#include "util/buf.h"
#include "vuln/match.h"

#include <sqlite3.h>

/* ---- helpers ----------------------------------------------------------- */

static char *build_db(const char *tag, const char *const *src, size_t n)
{
	char *dir = t_tmpdir(tag), *db = malloc(strlen(dir) + 8);
	sg_vulndb_import_stats st;
	sg_error err;
	char msg[1200];

	snprintf(db, strlen(dir) + 8, "%s/v.db", dir);
	free(dir);
	sg_error_clear(&err);
	ck_assert_msg(sg_vulndb_import(db, src, n, NULL, NULL, &st, &err) == 0,
		      "%s", sg_error_format(&err, msg, sizeof(msg)));
	return db;
}

static char *fixtures_db(void)
{
	const char *src[] = {
		t_src("testdata/vulndb/formats/osv"),
		t_src("testdata/vulndb/formats/secdb-v3.19-main.json"),
		t_src("testdata/vulndb/formats/debian-tracker.json"),
		t_src("testdata/vulndb/formats/nswg-42.json"),
	};

	return build_db("vulnmatch-fixtures", src, SG_ARRAY_SIZE(src));
}

struct pkgspec {
	enum inv_type type;
	const char *eco, *name, *version, *source, *source_version;
};

/* Findings for `specs`, one line each: "RULE ID package fixed|-". */
static char *match_lines(const char *db, const struct pkgspec *specs,
			 size_t n, struct vuln_match_stats *st)
{
	struct sg_buf out = SG_BUF_INIT(1 << 20);
	struct inventory *inv;
	sg_findings *f;
	sg_vulndb *v;
	sg_error err;
	size_t i;

	sg_error_clear(&err);
	ck_assert_int_eq(sg_vulndb_open(&v, db, &err), 0);
	ck_assert_int_eq(inventory_new(&inv, &err), 0);
	for (i = 0; i < n; i++) {
		struct inv_package *p = inventory_push(inv, specs[i].type,
						       "fixture", 0);

		p->name = specs[i].name;
		p->version = specs[i].version;
		p->source = specs[i].source;
		p->source_version = specs[i].source_version;
		p->ecosystem = specs[i].eco;
		p->purl = "pkg:test/x@1";
	}
	ck_assert_int_eq(sg_findings_new(&f), 0);
	ck_assert_int_eq(vuln_match(v, inv, NULL, f, st, &err), 0);
	for (i = 0; i < sg_findings_count(f); i++) {
		const sg_finding *x = sg_findings_at(f, i);

		if (!x->vuln)   /* SGV005: what was not checked */
			sg_buf_printf(&out, "%s %s\n", x->rule->id,
				      x->message);
		else
			sg_buf_printf(&out, "%s %s %s %s %s\n", x->rule->id,
				      x->vuln->id, x->vuln->package,
				      x->vuln->fixed ? x->vuln->fixed : "-",
				      sg_severity_name(x->severity));
	}
	sg_findings_free(f);
	inventory_free(inv);
	sg_vulndb_free(v);
	return sg_buf_detach(&out);
}

static void expect_match(const char *db, struct pkgspec spec,
			 const char *want)
{
	struct vuln_match_stats st;
	char *got = match_lines(db, &spec, 1, &st);

	ck_assert_msg(sg_streq(got ? got : "", want),
		      "%s %s %s:\n  got  %s\n  want %s", spec.eco, spec.name,
		      spec.version, got ? got : "(nothing)", want);
	ck_assert_uint_eq(st.bad_rows, 0);
	free(got);
}

/* ---- tables over the fixtures ------------------------------------------ */

START_TEST(test_vulnmatch_osv_semantics)
{
	char *db = fixtures_db();
	struct pkgspec py = { INV_PYPI, "PyPI", "Test_Package.Name", NULL,
			      "test-package-name", NULL };
	struct pkgspec go = { INV_NPM, "Go", "example.com/mod", NULL,
			      NULL, NULL };

	/* ECOSYSTEM range [1.0, 1.4.2) and [2.0, 2.1], PEP 440 order */
	py.version = "1.0";
	expect_match(db, py, "SGV001 TEST-2024-0001 Test_Package.Name 1.4.2 "
		     "critical\n");
	py.version = "1.4.1.post1";
	expect_match(db, py, "SGV001 TEST-2024-0001 Test_Package.Name 1.4.2 "
		     "critical\n");
	py.version = "1.4.2";
	expect_match(db, py, "");
	py.version = "0.9";
	expect_match(db, py, "");
	/* last_affected: inclusive, and no fixed version known */
	py.version = "2.1";
	expect_match(db, py, "SGV002 TEST-2024-0001 Test_Package.Name - "
		     "critical\n");
	py.version = "2.1.0";
	expect_match(db, py, "SGV002 TEST-2024-0001 Test_Package.Name - "
		     "critical\n");
	py.version = "2.1.1";
	expect_match(db, py, "");
	/* SEMVER: 1.9.9 < 1.10.0 (not string order); open range above 2.0.0;
	 * the YAML's rating word gives the severity */
	go.version = "1.9.9";
	expect_match(db, go, "SGV001 TEST-2024-0002 example.com/mod 1.10.0 "
		     "medium\n");
	go.version = "1.10.0";
	expect_match(db, go, "");
	go.version = "2.3.0";
	expect_match(db, go, "SGV002 TEST-2024-0002 example.com/mod - "
		     "medium\n");
	free(db);
}
END_TEST

/*
 * A database row holding a GIT range (another importer, an older or newer
 * database) beside its ECOSYSTEM ranges: the commit events are skipped and
 * counted, the entry still matches on its versions.  Read as an ECOSYSTEM
 * range, "abc123" is no PEP 440 version and the whole entry was lost.
 */
START_TEST(test_vulnmatch_git_range_skipped)
{
	char *db = fixtures_db();
	struct pkgspec py = { INV_PYPI, "PyPI", "Test_Package.Name", "1.0",
			      "test-package-name", NULL };
	struct vuln_match_stats st;
	sqlite3 *h = NULL;
	char *got, *msg = NULL;

	ck_assert_int_eq(sqlite3_open(db, &h), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(h, "UPDATE affected SET ranges = "
				   "'[{\"type\": \"GIT\", \"events\": "
				   "[{\"introduced\": \"0\"}, {\"fixed\": "
				   "\"abc123\"}]}, ' || substr(ranges, 2) "
				   "WHERE ecosystem = 'PyPI'", NULL, NULL,
				   &msg) == SQLITE_OK, "%s", msg);
	ck_assert_int_gt(sqlite3_changes(h), 0);
	sqlite3_close(h);
	got = match_lines(db, &py, 1, &st);
	ck_assert_str_eq(got ? got : "", "SGV001 TEST-2024-0001 "
			 "Test_Package.Name 1.4.2 critical\n");
	ck_assert_uint_eq(st.bad_rows, 0);
	ck_assert_uint_ge(st.git_ranges, 1);
	free(got);
	free(db);
}
END_TEST

START_TEST(test_vulnmatch_distro_keys)
{
	char *db = fixtures_db();
	struct pkgspec p;

	/* Alpine: keyed by origin, the package's own version */
	p = (struct pkgspec){ INV_APK, "Alpine:v3.19", "libcrypto3",
			      "3.1.4-r1", "openssl", "3.1.4-r1" };
	expect_match(db, p, "SGV001 CVE-2023-6129 libcrypto3 3.1.4-r3 medium\n"
		     "SGV001 CVE-2023-6237 libcrypto3 3.1.4-r3 medium\n");
	p.version = p.source_version = "3.1.4-r0";
	expect_match(db, p, "SGV001 CVE-2023-5678 libcrypto3 3.1.4-r1 medium\n"
		     "SGV001 CVE-2023-6129 libcrypto3 3.1.4-r3 medium\n"
		     "SGV001 CVE-2023-6237 libcrypto3 3.1.4-r3 medium\n");
	/* another branch's ecosystem sees none of them, and the database
	 * has no Alpine:v3.18 data at all: not checked (it read as clean) */
	p.eco = "Alpine:v3.18";
	expect_match(db, p, "SGV005 1 package of ecosystem 'Alpine:v3.18' not "
		     "checked for vulnerabilities: the database has no "
		     "advisory for 'Alpine:v3.18' (e.g. libcrypto3 3.1.4-r0)\n");
	/* a dpkg package of an image without os-release: plain "Debian" */
	p = (struct pkgspec){ INV_DPKG, "Debian", "libssl3", "3.0.8-1",
			      "openssl", "3.0.8-1" };
	expect_match(db, p, "SGV005 1 package of ecosystem 'Debian' not "
		     "checked for vulnerabilities: the database has no "
		     "advisory for 'Debian', and the image names no release "
		     "(etc/os-release) (e.g. libssl3 3.0.8-1)\n");
	/* a binary named like the origin but keyed on its own origin */
	p = (struct pkgspec){ INV_APK, "Alpine:v3.19", "openssl", "3.1.4-r3",
			      "openssl", "3.1.4-r3" };
	expect_match(db, p, "");
	/* Debian: source name and source version, urgency as severity */
	p = (struct pkgspec){ INV_DPKG, "Debian:12", "bsdutils",
			      "1:2.38.1-5+deb12u3", "util-linux",
			      "2.38.1-5+deb12u3" };
	expect_match(db, p, "SGV002 CVE-2022-0563 bsdutils - low\n");
	p = (struct pkgspec){ INV_DPKG, "Debian:12", "libssl3", "3.0.8-1",
			      "openssl", "3.0.8-1" };
	expect_match(db, p, "SGV001 CVE-2023-0464 libssl3 3.0.9-1 low\n");
	p.version = p.source_version = "3.0.9-1";
	expect_match(db, p, "");
	/* the binary name alone is not the key */
	p = (struct pkgspec){ INV_DPKG, "Debian:12", "util-linux", "2.38.1-5",
			      "util-linux-extra", "2.38.1-5" };
	expect_match(db, p, "");
	free(db);
}
END_TEST

START_TEST(test_vulnmatch_npm_and_withdrawn)
{
	char *db = fixtures_db();
	struct pkgspec p = { INV_NPM, "npm", "test-module", NULL, NULL, NULL };

	p.version = "1.2.2";
	expect_match(db, p, "SGV001 NSWG-ECO-42 test-module 1.2.3 medium\n");
	p.version = "1.2.3";
	expect_match(db, p, "");
	p.version = "2.0.0";           /* ">2.0.0" excludes it */
	expect_match(db, p, "");
	p.version = "2.0.1";
	expect_match(db, p, "SGV002 NSWG-ECO-42 test-module - medium\n");
	p.version = "3.9.9";
	expect_match(db, p, "SGV001 NSWG-ECO-42 test-module 4.0.0-0 medium\n");
	/* TEST-2024-0003 is withdrawn */
	p.name = "left-pad";
	p.version = "1.0.0";
	expect_match(db, p, "");
	free(db);
}
END_TEST

START_TEST(test_vulnmatch_skips_unknown)
{
	char *db = fixtures_db();
	struct vuln_match_stats st;
	const struct pkgspec specs[] = {
		{ INV_NPM, "Maven", "org.x:y", "1.0", NULL, NULL },
		{ INV_PYPI, "PyPI", "Test_Package.Name", "not a version!",
		  "test-package-name", NULL },
	};
	char *got = match_lines(db, specs, 2, &st);

	ck_assert_str_eq(got ? got : "", "");
	ck_assert_uint_eq(st.packages, 2);
	ck_assert_uint_eq(st.no_scheme, 1);
	ck_assert_uint_eq(st.bad_version, 1);
	free(got);
	free(db);
}
END_TEST

START_TEST(test_vulnmatch_same_cve_two_sources)
{
	/* the tracker's CVE-2023-0464 imported twice under two names: one
	 * finding, and it needs the higher of the fixes */
	char *dir = t_tmpdir("vulnmatch-dup"), path[1024], arg[1100];
	const char *src[2];
	char *db;

	snprintf(path, sizeof(path), "%s/b.json", dir);
	t_write(path, "[{\"id\": \"CVE-2023-0464\", \"modified\": "
		"\"2024-01-01T00:00:00Z\", \"affected\": [{\"package\": "
		"{\"ecosystem\": \"Debian:12\", \"name\": \"openssl\"}, "
		"\"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": "
		"[{\"introduced\": \"0\"}, {\"fixed\": \"3.0.9-2\"}]}]}]}]");
	src[0] = t_src("testdata/vulndb/formats/debian-tracker.json");
	snprintf(arg, sizeof(arg), "other=%s", path);
	src[1] = arg;
	db = build_db("vulnmatch-dup-db", src, 2);
	expect_match(db, (struct pkgspec){ INV_DPKG, "Debian:12", "libssl3",
					   "3.0.8-1", "openssl", "3.0.8-1" },
		     "SGV001 CVE-2023-0464 libssl3 3.0.9-2 low\n");
	free(db);
	free(dir);
}
END_TEST

/* Two one-record OSV sources named `na` and `nb` for CVE-2099-0001 in
 * Debian:12 package foo. */
static char *two_sources(const char *tag, const char *na, const char *ja,
			 const char *nb, const char *jb)
{
	char *dir = t_tmpdir(tag), pa[1024], pb[1024], aa[1100], ab[1100];
	const char *src[2];
	char *db;

	snprintf(pa, sizeof(pa), "%s/a.json", dir);
	snprintf(pb, sizeof(pb), "%s/b.json", dir);
	t_write(pa, ja);
	t_write(pb, jb);
	snprintf(aa, sizeof(aa), "%s=%s", na, pa);
	snprintf(ab, sizeof(ab), "%s=%s", nb, pb);
	src[0] = aa;
	src[1] = ab;
	db = build_db(tag, src, 2);
	free(dir);
	return db;
}

#define FOO_REC(extra, events) \
	"{\"id\": \"CVE-2099-0001\", \"modified\": \"2024-01-01T00:00:00Z\", " \
	extra "\"affected\": [{\"package\": {\"ecosystem\": \"Debian:12\", " \
	"\"name\": \"foo\"}, \"ranges\": [{\"type\": \"ECOSYSTEM\", " \
	"\"events\": [{\"introduced\": \"0\"}" events "]}]}]}"

START_TEST(test_vulnmatch_merge_keeps_worst_and_fix)
{
	/* one source rates it low and knows no fix; the other has a
	 * critical CVSS vector and a fixed version: whichever source sorts
	 * first, the finding is critical and fixable */
	static const char low_open[] = FOO_REC(
		"\"database_specific\": {\"severity\": \"LOW\"}, ", "");
	static const char crit_fixed[] = FOO_REC(
		"\"severity\": [{\"type\": \"CVSS_V3\", \"score\": "
		"\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}], ",
		", {\"fixed\": \"1.2-1\"}");
	struct pkgspec p = { INV_DPKG, "Debian:12", "foo", "1.0-1", "foo",
			     "1.0-1" };
	char *db;

	db = two_sources("vulnmatch-merge-1", "aaa", low_open, "zzz",
			 crit_fixed);
	expect_match(db, p, "SGV001 CVE-2099-0001 foo 1.2-1 critical\n");
	free(db);
	db = two_sources("vulnmatch-merge-2", "zzz", low_open, "aaa",
			 crit_fixed);
	expect_match(db, p, "SGV001 CVE-2099-0001 foo 1.2-1 critical\n");
	free(db);
	/* fixed by both: the higher fix, still */
	db = two_sources("vulnmatch-merge-3", "aaa",
			 FOO_REC("", ", {\"fixed\": \"1.1-1\"}"), "zzz",
			 crit_fixed);
	expect_match(db, p, "SGV001 CVE-2099-0001 foo 1.2-1 critical\n");
	free(db);
	/* a CVSS v4 vector alone rates it (9.3: critical), not the default */
	db = two_sources("vulnmatch-merge-4", "aaa", FOO_REC(
		"\"severity\": [{\"type\": \"CVSS_V4\", \"score\": "
		"\"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/"
		"SA:N\"}], ", ", {\"fixed\": \"1.2-1\"}"), "zzz",
		FOO_REC("", ""));
	expect_match(db, p, "SGV001 CVE-2099-0001 foo 1.2-1 critical\n");
	free(db);
}
END_TEST

/*
 * An advisory whose affected versions are not valid in the ordering (a
 * Debian version with '_', Alpine secdb's "10.0.11-0" for croc) was
 * skipped without a word: the package looked clean.  It is SGV005 now,
 * unless another source's row for the same vulnerability decided it.
 */
START_TEST(test_vulnmatch_unusable_advisory_is_a_gap)
{
	static const char bad[] = FOO_REC("", ", {\"fixed\": \"1.2_1\"}");
	static const char good[] = FOO_REC("", ", {\"fixed\": \"1.2-1\"}");
	struct pkgspec p = { INV_DPKG, "Debian:12", "foo", "1.0-1", "foo",
			     "1.0-1" };
	struct vuln_match_stats st;
	char *db, *got;

	db = two_sources("vulnmatch-unusable-1", "aaa", bad, "zzz",
			 "[]");
	got = match_lines(db, &p, 1, &st);
	ck_assert_str_eq(got, "SGV005 foo 1.0-1 not checked against "
			 "CVE-2099-0001: the advisory's affected versions for "
			 "foo are not valid in the 'Debian:12' version "
			 "ordering\n");
	ck_assert_uint_eq(st.bad_rows, 1);
	free(got);
	free(db);
	/* decided by the other source: only its finding; and when that
	 * source says the installed version is not affected, nothing */
	db = two_sources("vulnmatch-unusable-2", "aaa", bad, "zzz", good);
	got = match_lines(db, &p, 1, &st);
	ck_assert_str_eq(got, "SGV001 CVE-2099-0001 foo 1.2-1 medium\n");
	ck_assert_uint_eq(st.bad_rows, 1);
	free(got);
	p.version = p.source_version = "1.3-1";
	got = match_lines(db, &p, 1, &st);
	ck_assert_str_eq(got ? got : "", "");
	ck_assert_uint_eq(st.bad_rows, 1);
	free(got);
	free(db);
	/* the good row sorts first (source "aaa"): the same */
	db = two_sources("vulnmatch-unusable-3", "aaa", good, "zzz", bad);
	got = match_lines(db, &p, 1, &st);
	ck_assert_str_eq(got ? got : "", "");
	free(got);
	free(db);
}
END_TEST

/*
 * Two records that name each other in neither direction but both name
 * the same single CVE upstream (Debian's DEBIAN-CVE-… and DSA-… records)
 * are one vulnerability: it was reported twice.
 */
START_TEST(test_vulnmatch_shared_alias_one_finding)
{
#define UP_REC(id, up, fix) \
	"{\"id\": \"" id "\", \"modified\": \"2024-01-01T00:00:00Z\", " \
	"\"upstream\": [\"" up "\"], \"affected\": [{\"package\": " \
	"{\"ecosystem\": \"Debian:12\", \"name\": \"foo\"}, \"ranges\": " \
	"[{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"0\"}, " \
	"{\"fixed\": \"" fix "\"}]}]}]}"
	struct pkgspec p = { INV_DPKG, "Debian:12", "foo", "1.0-1", "foo",
			     "1.0-1" };
	char *db;

	db = two_sources("vulnmatch-shared-alias", "aaa",
			 UP_REC("DEBIAN-CVE-2024-1111", "CVE-2024-1111", "1.1-1"),
			 "zzz", UP_REC("DSA-9999-1", "CVE-2024-1111", "1.3-1"));
	expect_match(db, p, "SGV001 DEBIAN-CVE-2024-1111 foo 1.3-1 medium\n");
	free(db);
	/* a DSA for two CVEs is neither: merged into the first CVE's
	 * finding, an ignore of the second would have accepted it */
	db = two_sources("vulnmatch-shared-alias-2", "aaa",
			 UP_REC("DEBIAN-CVE-2024-1111", "CVE-2024-1111", "1.1-1"),
			 "zzz", UP_REC("DSA-9999-1",
				       "CVE-2024-1111\", \"CVE-2024-2222",
				       "1.3-1"));
	expect_match(db, p, "SGV001 DEBIAN-CVE-2024-1111 foo 1.1-1 medium\n"
		     "SGV001 DSA-9999-1 foo 1.3-1 medium\n");
	free(db);
#undef UP_REC
}
END_TEST

START_TEST(test_vulnmatch_cvss2_not_critical)
{
	/* a CVSS v2 base score of 10.0 is "high": v2 has no critical band;
	 * the same for a per-package v2 vector */
	char *dir = t_tmpdir("vulnmatch-cvss2"), path[1024];
	const char *src[1];
	char *db;
	struct pkgspec p = { INV_DPKG, "Debian:12", "foo", "1.0-1", "foo",
			     "1.0-1" };

	snprintf(path, sizeof(path), "%s/v2.json", dir);
	t_write(path, "[" FOO_REC("\"severity\": [{\"type\": \"CVSS_V2\", "
				  "\"score\": \"AV:N/AC:L/Au:N/C:C/I:C/A:C\"}], ",
				  ", {\"fixed\": \"1.2-1\"}") ", "
		"{\"id\": \"CVE-2099-0002\", \"modified\": \"2024-01-01\", "
		"\"affected\": [{\"package\": {\"ecosystem\": \"Debian:12\", "
		"\"name\": \"foo\"}, \"severity\": [{\"type\": \"CVSS_V2\", "
		"\"score\": \"AV:N/AC:L/Au:N/C:C/I:C/A:C\"}], \"ranges\": "
		"[{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": "
		"\"0\"}]}]}]}]");
	src[0] = path;
	db = build_db("vulnmatch-cvss2-db", src, 1);
	expect_match(db, p, "SGV001 CVE-2099-0001 foo 1.2-1 high\n"
		     "SGV002 CVE-2099-0002 foo - high\n");
	free(db);
	free(dir);
}
END_TEST

START_TEST(test_vulnmatch_large_rows)
{
	/* a row with 5,000 listed versions, 70 ranges or 600 events in one
	 * range is evaluated like any other (they were skipped as
	 * malformed) */
	struct sg_buf b = SG_BUF_INIT(1 << 22);
	char *dir = t_tmpdir("vulnmatch-large"), path[1024];
	const char *src[1];
	struct vuln_match_stats st;
	struct pkgspec p = { INV_NPM, "npm", "big", NULL, NULL, NULL };
	char *db, *got;
	int i;

	sg_buf_puts(&b, "[{\"id\": \"BIG-VERSIONS\", \"modified\": \"2024\", "
		    "\"affected\": [{\"package\": {\"ecosystem\": \"npm\", "
		    "\"name\": \"big\"}, \"ranges\": [{\"type\": \"SEMVER\", "
		    "\"events\": [{\"introduced\": \"1.0.0\"}, {\"fixed\": "
		    "\"2.0.0\"}]}], \"versions\": [");
	for (i = 0; i < 5000; i++)
		sg_buf_printf(&b, "%s\"0.0.%d\"", i ? ", " : "", i);
	sg_buf_puts(&b, "]}]}, {\"id\": \"BIG-RANGES\", \"modified\": "
		    "\"2024\", \"affected\": [{\"package\": {\"ecosystem\": "
		    "\"npm\", \"name\": \"big\"}, \"ranges\": [");
	for (i = 0; i < 70; i++)
		sg_buf_printf(&b, "%s{\"type\": \"SEMVER\", \"events\": "
			      "[{\"introduced\": \"%d.0.0\"}, {\"fixed\": "
			      "\"%d.0.5\"}]}", i ? ", " : "", i + 10, i + 10);
	sg_buf_puts(&b, "]}]}, {\"id\": \"BIG-EVENTS\", \"modified\": "
		    "\"2024\", \"affected\": [{\"package\": {\"ecosystem\": "
		    "\"npm\", \"name\": \"big\"}, \"ranges\": [{\"type\": "
		    "\"SEMVER\", \"events\": [");
	for (i = 0; i < 300; i++)
		sg_buf_printf(&b, "%s{\"introduced\": \"500.%d.0\"}, "
			      "{\"fixed\": \"500.%d.1\"}", i ? ", " : "", i, i);
	sg_buf_puts(&b, "]}]}]}]");
	ck_assert_int_eq(sg_buf_error(&b), 0);
	snprintf(path, sizeof(path), "%s/big.json", dir);
	t_write(path, sg_buf_cstr(&b));
	sg_buf_release(&b);
	src[0] = path;
	db = build_db("vulnmatch-large-db", src, 1);
	p.version = "1.5.0";
	expect_match(db, p, "SGV001 BIG-VERSIONS big 2.0.0 medium\n");
	p.version = "0.0.4999";
	expect_match(db, p, "SGV002 BIG-VERSIONS big - medium\n");
	p.version = "79.0.1";
	expect_match(db, p, "SGV001 BIG-RANGES big 79.0.5 medium\n");
	p.version = "500.299.0";
	got = match_lines(db, &p, 1, &st);
	ck_assert_str_eq(got, "SGV001 BIG-EVENTS big 500.299.1 medium\n");
	ck_assert_uint_eq(st.bad_rows, 0);
	free(got);
	free(db);
	free(dir);
}
END_TEST

START_TEST(test_vulnmatch_osv_upstream)
{
	/* Ubuntu's OSV records name their CVE only in `upstream`: stored
	 * as aliases, the USN and the UBUNTU-CVE record are one finding,
	 * and its aliases carry the CVE id a policy ignore names */
	char src0[1024];
	const char *src[] = { src0 };
	struct pkgspec p = { INV_DPKG, "Ubuntu:22.04:LTS", "libwayland-client0",
			     "1.20.0-1", "wayland", "1.20.0-1" };
	static const char yaml[] = "ignore:\n  - advisory: CVE-2021-3782\n"
				   "    reason: test\n";
	struct sg_policy *pol = NULL;
	struct inventory *inv;
	sg_result *res;
	sg_findings *f;
	sg_vulndb *v;
	sg_error err;
	char *db;

	snprintf(src0, sizeof(src0), "%s/vulndata/vunnel-fixtures/tests/unit/"
		 "providers/ubuntu/test-fixtures/osv", t_shared());
	db = build_db("vulnmatch-upstream", src, 1);
	expect_match(db, p, "SGV001 UBUNTU-CVE-2021-3782 libwayland-client0 "
		     "1.20.0-1ubuntu0.1 medium\n");
	sg_error_clear(&err);
	ck_assert_int_eq(sg_vulndb_open(&v, db, &err), 0);
	ck_assert_int_eq(inventory_new(&inv, &err), 0);
	{
		struct inv_package *ip = inventory_push(inv, p.type, "x", 0);

		ip->name = p.name;
		ip->version = p.version;
		ip->source = p.source;
		ip->source_version = p.source_version;
		ip->ecosystem = p.eco;
		ip->purl = "pkg:test/x@1";
	}
	ck_assert_int_eq(sg_result_new(&res), 0);
	f = res->findings;
	ck_assert_int_eq(vuln_match(v, inv, NULL, f, NULL, &err), 0);
	ck_assert_uint_eq(sg_findings_count(f), 1);
	ck_assert_str_eq(sg_findings_at(f, 0)->vuln->aliases,
			 "CVE-2021-3782,USN-5614-1");
	/* the policy's ignore by CVE id applies (evaluate.c reads the
	 * aliases as stored) */
	ck_assert_int_eq(sg_policy_load(&pol, "p.yaml", yaml, strlen(yaml),
					"2026-11-29", &err), 0);
	ck_assert_int_eq(sg_policy_evaluate(pol, res, NULL, &err), 0);
	ck_assert_int_eq(sg_findings_at(res->findings, 0)->verdict,
			 SG_VERDICT_IGNORED);
	sg_policy_free(pol);
	sg_result_free(res);
	inventory_free(inv);
	sg_vulndb_free(v);
	free(db);
}
END_TEST

START_TEST(test_vulnmatch_db_age)
{
	char *db = fixtures_db();
	struct sg_policy *pol;
	const sg_vulndb_info *info;
	sg_findings *f;
	sg_vulndb *v;
	sg_error err;
	char today[16];
	long built;

	sg_error_clear(&err);
	ck_assert_int_eq(sg_vulndb_open(&v, db, &err), 0);
	info = sg_vulndb_get_info(v);
	built = vuln_days_from_date(info->built_at);
	ck_assert_int_gt(built, 19000);
	ck_assert_int_eq(vuln_days_from_date("1970-01-01"), 0);
	ck_assert_int_eq(vuln_days_from_date("2000-03-01"), 11017);
	ck_assert_int_eq(vuln_days_from_date("2024-13-01"), -1);
	ck_assert_int_eq(vuln_days_from_date("yesterday"), -1);
	/* built today: fresh under a 7-day policy */
	memcpy(today, info->built_at, 10);
	today[10] = '\0';
	ck_assert_int_eq(sg_policy_defaults(&pol, today, &err), 0);
	pol->vuln.max_db_age_days = 7;
	ck_assert_int_eq(sg_findings_new(&f), 0);
	ck_assert_int_eq(vuln_check_db_age(v, pol, NULL, f, &err), 0);
	ck_assert_uint_eq(sg_findings_count(f), 0);
	sg_policy_free(pol);
	/* the same database, 2099: stale under the default, a week */
	ck_assert_int_eq(sg_policy_defaults(&pol, "2099-01-01", &err), 0);
	ck_assert_uint_eq(pol->vuln.max_db_age_days, 7);
	ck_assert_int_eq(vuln_check_db_age(v, pol, NULL, f, &err), 0);
	ck_assert_uint_eq(sg_findings_count(f), 1);
	ck_assert_str_eq(sg_findings_at(f, 0)->rule->id, "SGV003");
	ck_assert(strstr(sg_findings_at(f, 0)->message, "policy max-db-age "
			 "is 7 days") != NULL);
	/* no limit in the policy: no check */
	pol->vuln.max_db_age_days = 0;
	ck_assert_int_eq(vuln_check_db_age(v, pol, NULL, f, &err), 0);
	ck_assert_uint_eq(sg_findings_count(f), 1);
	sg_policy_free(pol);
	sg_findings_free(f);
	sg_vulndb_free(v);
	/* built today, but one source last imported long ago (the last
	 * import refreshed only the others): stale, and it is named */
	{
		sqlite3 *h;

		ck_assert_int_eq(sqlite3_open(db, &h), SQLITE_OK);
		ck_assert_int_eq(sqlite3_exec(h, "UPDATE sources SET "
					      "imported_at = "
					      "'2020-01-01T00:00:00Z' WHERE "
					      "name = 'nswg-42'", NULL,
					      NULL, NULL), SQLITE_OK);
		ck_assert_int_eq(sqlite3_changes(h), 1);
		sqlite3_close(h);
	}
	ck_assert_int_eq(sg_vulndb_open(&v, db, &err), 0);
	ck_assert_int_eq(sg_policy_defaults(&pol, today, &err), 0);
	pol->vuln.max_db_age_days = 7;
	ck_assert_int_eq(sg_findings_new(&f), 0);
	ck_assert_int_eq(vuln_check_db_age(v, pol, NULL, f, &err), 0);
	ck_assert_uint_eq(sg_findings_count(f), 1);
	ck_assert_msg(strstr(sg_findings_at(f, 0)->message, "source "
			     "'nswg-42' was imported 2020-01-01") != NULL,
		      "%s", sg_findings_at(f, 0)->message);
	sg_policy_free(pol);
	sg_findings_free(f);
	sg_vulndb_free(v);
	free(db);
}
END_TEST

/* ---- the must-show: real data, real image ------------------------------- */

static char *real_db;

static void real_db_setup(void)
{
	char v[1024];
	const char *names[] = {
		"debian-oval-bookworm-osv", "alpine-secdb",
		"golang-vulndb/data/osv", "pypa-advisory-database",
		"nodejs-security-wg",
	};
	char *paths[SG_ARRAY_SIZE(names)];
	const char *src[SG_ARRAY_SIZE(names)];
	sg_vulndb_import_stats st;
	sg_error err;
	char *dir;
	size_t i;

	if (!t_shared())
		return;
	for (i = 0; i < SG_ARRAY_SIZE(names); i++) {
		snprintf(v, sizeof(v), "%s/vulndata/%s", t_shared(), names[i]);
		paths[i] = strdup(v);
		src[i] = paths[i];
	}
	dir = t_tmpdir("vulnmatch-real");
	real_db = malloc(strlen(dir) + 8);
	snprintf(real_db, strlen(dir) + 8, "%s/v.db", dir);
	free(dir);
	sg_error_clear(&err);
	if (sg_vulndb_import(real_db, src, SG_ARRAY_SIZE(src), NULL, NULL, &st,
			     &err) < 0) {
		fprintf(stderr, "vulnmatch: import of ../shared/vulndata "
			"failed: %s\n", err.message);
		free(real_db);
		real_db = NULL;
	}
	for (i = 0; i < SG_ARRAY_SIZE(names); i++)
		free(paths[i]);
}

static void real_db_teardown(void)
{
	free(real_db);
	real_db = NULL;
}

/* packages.tsv (Package Version Source Source-Version Arch Status) back
 * into dpkg status stanzas, so the real parser reads them */
static char *tsv_to_status(const char *tsv)
{
	struct sg_buf b = SG_BUF_INIT(1 << 20);
	const char *l = tsv;

	while (*l) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);
		char line[512], *f[6], *save;
		int i = 0;

		snprintf(line, sizeof(line), "%.*s", (int)n, l);
		save = line;
		while (i < 6 && save) {
			f[i++] = save;
			save = strchr(save, '\t');
			if (save)
				*save++ = '\0';
		}
		if (i >= 5)
			sg_buf_printf(&b, "Package: %s\nStatus: install ok "
				      "installed\nArchitecture: %s\nSource: %s "
				      "(%s)\nVersion: %s\n\n", f[0], f[4], f[2],
				      f[3], f[1]);
		l += n + (nl ? 1 : 0);
	}
	return sg_buf_detach(&b);
}

static sg_findings *scan_status(const char *status, size_t len,
				struct vuln_match_stats *st)
{
	static const char osr[] = "ID=debian\nVERSION_ID=\"12\"\n";
	struct inventory *inv;
	sg_findings *f;
	sg_vulndb *v;
	sg_error err;

	sg_error_clear(&err);
	ck_assert_int_eq(inventory_new(&inv, &err), 0);
	ck_assert_int_eq(inventory_add_file(inv, "etc/os-release", osr,
					    strlen(osr), NULL, &err), 0);
	ck_assert_int_eq(inventory_add_file(inv, "var/lib/dpkg/status", status,
					    len, "sha256:l1", &err), 0);
	ck_assert_int_eq(inventory_finish(inv, &err), 0);
	ck_assert_int_eq(sg_vulndb_open(&v, real_db, &err), 0);
	ck_assert_int_eq(sg_findings_new(&f), 0);
	ck_assert_int_eq(vuln_match(v, inv, NULL, f, st, &err), 0);
	ck_assert_int_eq(sg_findings_finalize(f), 0);
	sg_vulndb_free(v);
	inventory_free(inv);
	return f;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

START_TEST(test_vulnmatch_debian_image_unfixed)
{
	/* ../shared/vulndata/README.md: 63 source packages, 0 fixed-version
	 * matches, 27 unfixed (glibc 7, systemd 4, perl 3, shadow 3,
	 * coreutils 2, tar 2, apt, gcc-12, gnupg2, gnutls28, libgcrypt20,
	 * util-linux) */
	static const char *const want[] = {
		"apt CVE-2011-3374", "coreutils CVE-2016-2781",
		"coreutils CVE-2017-18018", "gcc-12 CVE-2022-27943",
		"glibc CVE-2010-4756", "glibc CVE-2018-20796",
		"glibc CVE-2019-1010022", "glibc CVE-2019-1010023",
		"glibc CVE-2019-1010024", "glibc CVE-2019-1010025",
		"glibc CVE-2019-9192", "gnupg2 CVE-2022-3219",
		"gnutls28 CVE-2011-3389", "libgcrypt20 CVE-2018-6829",
		"perl CVE-2011-4116", "perl CVE-2023-31484",
		"perl CVE-2023-31486", "shadow CVE-2007-5686",
		"shadow CVE-2019-19882", "shadow CVE-2023-29383",
		"systemd CVE-2013-4392",
		"systemd CVE-2023-31437", "systemd CVE-2023-31438",
		"systemd CVE-2023-31439", "tar CVE-2005-2541",
		"tar CVE-2022-48303", "util-linux CVE-2022-0563",
	};
	struct vuln_match_stats st;
	char *tsv, *status, *pairs[256];
	size_t i, n = 0, len;
	sg_findings *f;
	struct sg_buf got = SG_BUF_INIT(1 << 16), exp = SG_BUF_INIT(1 << 16);

	if (t_skip_without_shared("vulnmatch_debian_image_unfixed"))
		return;
	ck_assert_ptr_nonnull(real_db);
	tsv = t_read(t_src("testdata/vulndb/debian-bookworm/packages.tsv"),
		     &len);
	ck_assert_ptr_nonnull(tsv);
	status = tsv_to_status(tsv);
	f = scan_status(status, strlen(status), &st);
	ck_assert_uint_eq(st.packages, 88);
	ck_assert_uint_eq(st.bad_version + st.no_scheme + st.bad_rows, 0);
	/* distinct (source, advisory); every finding unfixed */
	for (i = 0; i < sg_findings_count(f); i++) {
		const sg_finding *x = sg_findings_at(f, i);
		char pair[256];
		size_t j;

		ck_assert_str_eq(x->rule->id, "SGV002");
		ck_assert_ptr_null(x->vuln->fixed);
		ck_assert_str_eq(x->loc.layer, "sha256:l1");
		snprintf(pair, sizeof(pair), "%s %s", x->vuln->source,
			 x->vuln->id);
		for (j = 0; j < n; j++)
			if (!strcmp(pairs[j], pair))
				break;
		if (j == n && n < SG_ARRAY_SIZE(pairs))
			pairs[n++] = strdup(pair);
	}
	qsort(pairs, n, sizeof(char *), cmp_str);
	for (i = 0; i < n; i++) {
		sg_buf_printf(&got, "%s\n", pairs[i]);
		free(pairs[i]);
	}
	for (i = 0; i < SG_ARRAY_SIZE(want); i++)
		sg_buf_printf(&exp, "%s\n", want[i]);
	ck_assert_str_eq(sg_buf_cstr(&got), sg_buf_cstr(&exp));
	ck_assert_uint_eq(n, 27);
	sg_buf_release(&got);
	sg_buf_release(&exp);
	sg_findings_free(f);
	free(status);
	free(tsv);
}
END_TEST

START_TEST(test_vulnmatch_debian_old_versions)
{
	/* expected list checked independently: sqlite3 rows for each source
	 * package, filtered with `dpkg --compare-versions SRCVER lt FIXED` */
	static const char want[] =
		"SGV001 CVE-2023-28319 libcurl4 7.88.1-10\n"
		"SGV001 CVE-2023-28320 libcurl4 7.88.1-10\n"
		"SGV001 CVE-2023-28321 libcurl4 7.88.1-10\n"
		"SGV001 CVE-2023-28322 libcurl4 7.88.1-10\n"
		"SGV001 CVE-2023-0464 libssl3 3.0.9-1\n"
		"SGV001 CVE-2023-0465 libssl3 3.0.9-1\n"
		"SGV001 CVE-2023-0466 libssl3 3.0.9-1\n"
		"SGV001 CVE-2023-1255 libssl3 3.0.9-1\n"
		"SGV001 CVE-2023-2650 libssl3 3.0.9-1\n"
		"SGV001 CVE-2023-0464 openssl 3.0.9-1\n"
		"SGV001 CVE-2023-0465 openssl 3.0.9-1\n"
		"SGV001 CVE-2023-0466 openssl 3.0.9-1\n"
		"SGV001 CVE-2023-1255 openssl 3.0.9-1\n"
		"SGV001 CVE-2023-2650 openssl 3.0.9-1\n"
		"SGV002 CVE-2007-6755 libssl3 -\n"
		"SGV002 CVE-2010-0928 libssl3 -\n"
		"SGV002 CVE-2007-6755 openssl -\n"
		"SGV002 CVE-2010-0928 openssl -\n";
	struct sg_buf got = SG_BUF_INIT(1 << 16);
	struct vuln_match_stats st;
	sg_findings *f;
	char *status;
	size_t i, len;

	if (t_skip_without_shared("vulnmatch_debian_old_versions"))
		return;
	ck_assert_ptr_nonnull(real_db);
	status = t_read(t_src("testdata/vulndb/debian-old/status"), &len);
	f = scan_status(status, len, &st);
	ck_assert_uint_eq(st.packages, 5);
	for (i = 0; i < sg_findings_count(f); i++) {
		const sg_finding *x = sg_findings_at(f, i);

		sg_buf_printf(&got, "%s %s %s %s\n", x->rule->id, x->vuln->id,
			      x->vuln->package,
			      x->vuln->fixed ? x->vuln->fixed : "-");
	}
	/* zlib1g 1:1.2.13.dfsg-1 is newer than every zlib fix (the epoch
	 * belongs to the source version too): no zlib finding */
	ck_assert_str_eq(sg_buf_cstr(&got), want);
	sg_buf_release(&got);
	sg_findings_free(f);
	free(status);
}
END_TEST

START_TEST(test_vulnmatch_alpine_34_sample)
{
	/* Trivy's Alpine 3.4-era installed DB against secdb v3.4: keyed by
	 * origin (libcrypto1.0 and libssl1.0 are openssl), apk ordering
	 * (1.0.2h-r1 is fixed by "1.0.2h-r1" but not by "1.0.2h-r2") */
	static const char osr[] = "ID=alpine\nVERSION_ID=3.4.6\n";
	char path[1024], *installed, *db;
	const char *src[1];
	struct inventory *inv;
	struct vuln_match_stats st;
	sg_findings *f;
	sg_vulndb *v;
	sg_error err;
	size_t len, i, n_busybox = 0, n_musl = 0, n_zlib = 0, n_ssl = 0;
	bool saw_h2 = false, saw_h1 = false;

	if (t_skip_without_shared("vulnmatch_alpine_34_sample"))
		return;
	snprintf(path, sizeof(path), "%s/vulndata/alpine-secdb/alpine/v3.4",
		 t_shared());
	src[0] = path;
	db = build_db("vulnmatch-alpine", src, 1);
	snprintf(path, sizeof(path), "%s/pkgdb-samples/trivy/pkg/fanal/"
		 "analyzer/pkg/apk/testdata/apk", t_shared());
	installed = t_read(path, &len);
	ck_assert_ptr_nonnull(installed);
	sg_error_clear(&err);
	ck_assert_int_eq(inventory_new(&inv, &err), 0);
	inventory_add_file(inv, "etc/os-release", osr, strlen(osr), NULL, &err);
	inventory_add_file(inv, "lib/apk/db/installed", installed, len, NULL,
			   &err);
	ck_assert_int_eq(inventory_finish(inv, &err), 0);
	ck_assert_int_eq(sg_vulndb_open(&v, db, &err), 0);
	ck_assert_int_eq(sg_findings_new(&f), 0);
	ck_assert_int_eq(vuln_match(v, inv, NULL, f, &st, &err), 0);
	ck_assert_uint_eq(st.bad_rows + st.bad_version + st.no_scheme, 0);
	for (i = 0; i < sg_findings_count(f); i++) {
		const sg_vuln_ref *r = sg_findings_at(f, i)->vuln;

		ck_assert_str_eq(sg_findings_at(f, i)->rule->id, "SGV001");
		ck_assert_str_eq(r->ecosystem, "Alpine:v3.4");
		if (!strcmp(r->source, "busybox"))
			n_busybox++;
		else if (!strcmp(r->source, "musl"))
			n_musl++;
		else if (!strcmp(r->source, "zlib"))
			n_zlib++;
		else if (!strcmp(r->source, "openssl"))
			n_ssl++;
		else
			ck_abort_msg("unexpected %s in %s", r->id, r->source);
		if (!strcmp(r->id, "CVE-2016-2180"))
			saw_h2 = !strcmp(r->fixed, "1.0.2h-r2");
		if (r->fixed && !strcmp(r->fixed, "1.0.2h-r1"))
			saw_h1 = true;
		if (!strcmp(r->id, "CVE-2016-8859"))
			ck_assert_str_eq(r->fixed, "1.1.14-r13");
	}
	/* busybox 3 (fixes r12, r13; not r0), musl 2 on musl and musl-utils,
	 * zlib 4 (1.2.11-r0), openssl 23 on libcrypto1.0 and libssl1.0 */
	ck_assert_uint_eq(n_busybox, 3);
	ck_assert_uint_eq(n_musl, 4);
	ck_assert_uint_eq(n_zlib, 4);
	ck_assert_uint_eq(n_ssl, 46);
	ck_assert(saw_h2);
	ck_assert(!saw_h1);
	sg_findings_free(f);
	sg_vulndb_free(v);
	inventory_free(inv);
	free(installed);
	free(db);
}
END_TEST

/*
 * End to end through the image reader on make-debian-image.sh's image
 * (t_debian_image()): every format gives the same 27 unfixed (source,
 * advisory) pairs.
 */
START_TEST(test_vulnmatch_debian_image_e2e)
{
	static const char *const formats[] = {
		"docker.tar", "oci.tar", "oci-zstd.tar", "docker25.tar", "oci",
	};
	const char *dir;
	char *tmp;
	size_t i;

	if (t_skip_without_shared("vulnmatch_debian_image_e2e"))
		return;
	if (!(dir = t_debian_image())) {
		fprintf(stderr, "skipped: vulnmatch_debian_image_e2e: the "
			"Debian image is not built and cannot be\n");
		return;
	}
	ck_assert_ptr_nonnull(real_db);
	tmp = t_tmpdir("vulnmatch-e2e");
	for (i = 0; i < SG_ARRAY_SIZE(formats); i++) {
		char img[1100], arg[1200], json[1100], *out = NULL, *eout = NULL;
		const char *argv[] = { "image", arg, "--db", real_db, "--json",
				       json, "-q", NULL };
		char *report, *p;
		size_t n = 0;

		snprintf(img, sizeof(img), "%s/debian-bookworm.%s", dir,
			 formats[i]);
		snprintf(arg, sizeof(arg), "deb=%s", img);
		snprintf(json, sizeof(json), "%s/%zu.json", tmp, i);
		t_run(NULL, &out, &eout, argv);
		report = t_read(json, NULL);
		ck_assert_msg(report != NULL, "%s: no report (%s)", img, eout);
		for (p = report; (p = strstr(p, "\"rule\": \"SGV002\"")); p++)
			n++;
		ck_assert_ptr_null(strstr(report, "\"rule\": \"SGV001\""));
		/* 27 pairs over 88 binaries: 51 per-binary findings */
		ck_assert_msg(n == 51, "%s: %zu unfixed findings", formats[i], n);
		free(report);
		free(out);
		free(eout);
	}
	free(tmp);
}
END_TEST

Suite *vulnmatch_suite(void)
{
	Suite *s = suite_create("vulnmatch");
	TCase *tc = tcase_create("fixtures");
	TCase *real = tcase_create("real-data");

	tcase_add_test(tc, test_vulnmatch_osv_semantics);
	tcase_add_test(tc, test_vulnmatch_git_range_skipped);
	tcase_add_test(tc, test_vulnmatch_distro_keys);
	tcase_add_test(tc, test_vulnmatch_npm_and_withdrawn);
	tcase_add_test(tc, test_vulnmatch_skips_unknown);
	tcase_add_test(tc, test_vulnmatch_same_cve_two_sources);
	tcase_add_test(tc, test_vulnmatch_db_age);
	tcase_add_test(tc, test_vulnmatch_merge_keeps_worst_and_fix);
	tcase_add_test(tc, test_vulnmatch_unusable_advisory_is_a_gap);
	tcase_add_test(tc, test_vulnmatch_shared_alias_one_finding);
	tcase_add_test(tc, test_vulnmatch_cvss2_not_critical);
	tcase_add_test(tc, test_vulnmatch_large_rows);
	tcase_add_test(tc, test_vulnmatch_osv_upstream);
	suite_add_tcase(s, tc);
	tcase_set_timeout(real, 300);
	tcase_add_unchecked_fixture(real, real_db_setup, real_db_teardown);
	tcase_add_test(real, test_vulnmatch_debian_image_unfixed);
	tcase_add_test(real, test_vulnmatch_debian_old_versions);
	tcase_add_test(real, test_vulnmatch_debian_image_e2e);
	tcase_add_test(tc, test_vulnmatch_alpine_34_sample);
	suite_add_tcase(s, real);
	return s;
}

/*
 * check_report.c: every report format, from one varied result built here:
 * golden files, determinism, the JSON round trip `shipgate merge` relies
 * on, the Markdown cap, GitHub's line hash vectors, and the public
 * validators (SARIF schema + multitool, both JUnit XSDs, GitLab schemas).
 */
#include "util/compat.h"
#include "helpers.h"
#include "core/registry.h"
#include "report/linehash.h"
#include "report/render.h"
#include "shipgate/report.h"
#include "shipgate/result.h"

#include <jansson.h>
#include <sys/stat.h>

/* ---- test rules: one per stage, so categories and kinds vary ----------- */

static const sg_rule t_dockerfile = {
	.id = "SGD901", .name = "test-latest-tag",
	.title = "Base image uses the latest tag",
	.help = "A moving tag builds a different image every time.\n\n"
		"Fix: pin a version, e.g. `FROM node:20.11`.",
	.aliases = SG_ALIASES("DL3007", "CKV_DOCKER_7"),
	.stage = SG_STAGE_DOCKERFILE, .practice = SG_PRACTICE_TRUSTED_BASE,
	.severity = SG_SEVERITY_HIGH,
};
static const sg_rule t_dockerfile2 = {
	.id = "SGD902", .name = "test-no-healthcheck",
	.title = "Final stage has no HEALTHCHECK",
	.help = "Without a health check the orchestrator cannot tell a hung "
		"container from a working one.",
	.stage = SG_STAGE_DOCKERFILE, .practice = SG_PRACTICE_LOGGING,
	.severity = SG_SEVERITY_MEDIUM,
};
static const sg_rule t_compose = {
	.id = "SGC901", .name = "test-privileged",
	.title = "Service runs privileged",
	.help = "A privileged container can take over the host.",
	.aliases = SG_ALIASES("CKV_DOCKER_COMPOSE_1"),
	.stage = SG_STAGE_COMPOSE, .practice = SG_PRACTICE_NETWORK,
	.severity = SG_SEVERITY_CRITICAL,
};
static const sg_rule t_image = {
	.id = "SGI901", .name = "test-world-writable",
	.title = "World-writable file in the image",
	.help = "Any process in the container can change it.",
	.stage = SG_STAGE_IMAGE, .practice = SG_PRACTICE_MINIMAL_IMAGE,
	.severity = SG_SEVERITY_MEDIUM,
};
static const sg_rule t_vuln = {
	.id = "SGV901", .name = "test-known-vulnerability",
	.title = "Package with a known vulnerability",
	.help = "The installed version is affected by a published advisory.\n\n"
		"Fix: upgrade to the fixed version.",
	.stage = SG_STAGE_VULN, .practice = SG_PRACTICE_VULN_SCANNING,
	.severity = SG_SEVERITY_HIGH,
};
static const sg_rule t_gate = {
	.id = "SGG901", .name = "test-ignore-expired",
	.title = "A policy ignore has expired",
	.help = "The ignore no longer applies.",
	.stage = SG_STAGE_GATE, .practice = SG_PRACTICE_PATCHING,
	.severity = SG_SEVERITY_LOW,
};

struct rules {
	const sg_rule *df, *df2, *compose, *image, *vuln, *gate;
};

static const struct rules test_rules = {
	&t_dockerfile, &t_dockerfile2, &t_compose, &t_image, &t_vuln, &t_gate,
};

/* For the round trip: rules sg_rule_find() knows. */
static struct rules registered_rules(void)
{
	struct rules r = {
		sg_rule_find("SGG001"), sg_rule_find("SGG002"),
		sg_rule_find("SGG003"), sg_rule_find("SGG004"),
		sg_rule_find("SGG005"), sg_rule_find("SGG006"),
	};

	ck_assert_ptr_nonnull(r.df);
	ck_assert_ptr_nonnull(r.gate);
	return r;
}

static const char dockerfile_text[] =
	"FROM node:latest AS build\n"
	"RUN npm ci\n"
	"RUN npm run build\n"
	"\n"
	"FROM node:latest\n"
	"COPY --from=build /app /app\n"
	"CMD [\"node\", \"/app\"]\n";

#define IMG "registry.example.com:5000/team/app:1.2.3@sha256:0123abcd"

static sg_finding *add(sg_result *res, const sg_rule *rule, sg_location loc,
		       const char *key, const char *msg, sg_verdict v,
		       const char *why)
{
	sg_finding *f = sg_findings_add(res->findings, rule, &loc, key, "%s", msg);

	ck_assert_ptr_nonnull(f);
	f->verdict = v;
	/* as sg_finding_suppress() does for a stage */
	f->inline_suppression = v == SG_VERDICT_SUPPRESSED;
	f->why = why ? sg_findings_strdup(res->findings, why) : NULL;
	return f;
}

static sg_result *build(const struct rules *r)
{
	sg_result *res;
	sg_findings *set;
	sg_finding *f;
	sg_vuln_ref v;

	ck_assert_int_eq(sg_result_new(&res), 0);
	set = res->findings;
	res->repo = ".";
	res->commit = "0123456789abcdef0123456789abcdef01234567";
	res->base_commit = "89abcdef0123456789abcdef0123456789abcdef";
	res->link_base = "https://github.com/o/r/blob/0123456789abcdef0123456789abcdef01234567/";
	res->policy_path = ".shipgate.yaml";
	res->fail_on = SG_SEVERITY_HIGH;
	res->baseline_path = ".shipgate-baseline.json";
	res->baseline_created = "2026-01-15";
	res->baseline_size = 12;
	res->rules_off = 2;

	ck_assert_int_eq(sg_result_add_target(res, "Dockerfile", SG_TARGET_DOCKERFILE, true), 0);
	ck_assert_int_eq(sg_result_add_target(res, "services/api/Dockerfile.prod", SG_TARGET_DOCKERFILE, true), 0);
	ck_assert_int_eq(sg_result_add_target(res, "deploy/docker-compose.yml", SG_TARGET_COMPOSE, true), 0);
	ck_assert_int_eq(sg_result_add_target(res, "docker/my app/Dockerfile", SG_TARGET_DOCKERFILE, true), 0);
	ck_assert_int_eq(sg_result_add_target(res, "clean/Dockerfile", SG_TARGET_DOCKERFILE, true), 0);
	ck_assert_int_eq(sg_result_add_target(res, IMG, SG_TARGET_IMAGE, true), 0);
	ck_assert_int_eq(sg_result_add_target(res, "alpine:3.19", SG_TARGET_IMAGE, true), 0);
	ck_assert_int_eq(sg_result_add_note(res, "skipped submodule vendor/lib"), 0);
	ck_assert_int_eq(sg_result_add_note(res, "1 file above the size cap"), 0);

	f = add(res, r->df, (sg_location){ .path = "Dockerfile", .line = 5,
		.column = 1, .end_column = 16 }, "FROM node:latest",
		"Base image 'node:latest' uses the latest tag", SG_VERDICT_GATING, NULL);
	f->baseline = SG_BASELINE_NEW;
	ck_assert_int_eq(sg_findings_add_related(set, f, &(sg_location){
		.path = "Dockerfile", .line = 1, .column = 1 },
		"build stage uses it too"), 0);
	add(res, r->df, (sg_location){ .path = "Dockerfile", .line = 1, .column = 1 },
	    "FROM node:latest AS build",
	    "Base image 'node:latest' uses the latest tag", SG_VERDICT_GATING, NULL);
	/* same rule, same line, no object, different message: names clash */
	add(res, r->df2, (sg_location){ .path = "Dockerfile", .line = 7 },
	    "CMD a", "No HEALTHCHECK in the final stage", SG_VERDICT_BELOW_THRESHOLD, NULL);
	add(res, r->df2, (sg_location){ .path = "Dockerfile", .line = 7 },
	    "CMD b", "No HEALTHCHECK in the final stage (second check)",
	    SG_VERDICT_BELOW_THRESHOLD, NULL);
	f = add(res, r->df, (sg_location){ .path = "Dockerfile", .line = 3 },
		"FROM old:latest", "Base image 'old:latest' uses the latest tag",
		SG_VERDICT_ABSENT, NULL);
	f->baseline = SG_BASELINE_ABSENT;

	add(res, r->df, (sg_location){ .path = "services/api/Dockerfile.prod",
		.line = 2, .column = 3 }, "FROM x",
	    "Benutzer „root“ — 🚀 <script>alert(\"x\")</script> | *bold* _u_ "
	    "[link](http://evil) @admin #1 & 'q' \x01\x1b[31m ctl \xff bad",
	    SG_VERDICT_SUPPRESSED, "legacy image; tracked in <#123> & \"later\"");

	f = add(res, r->compose, (sg_location){ .path = "deploy/docker-compose.yml",
		.line = 10, .column = 5, .end_line = 12, .end_column = 20,
		.object = "service web" }, "privileged: true",
		"Service 'web' runs privileged", SG_VERDICT_IGNORED,
		"vendor image until the Q3 migration");
	f->expires = "2027-01-31";

	f = add(res, r->df, (sg_location){ .path = "docker/my app/Dockerfile",
		.line = 1, .column = 1 }, "FROM ubuntu:latest",
		"Base image 'ubuntu:latest' uses the latest tag",
		SG_VERDICT_BASELINED, NULL);
	f->baseline = SG_BASELINE_UNCHANGED;

	add(res, r->image, (sg_location){ .image = IMG, .layer = "sha256:1111",
		.object = "/etc/app/config.yml" }, "/etc/app/config.yml",
	    "/etc/app/config.yml is world-writable (mode 0666)",
	    SG_VERDICT_BELOW_THRESHOLD, NULL);

	memset(&v, 0, sizeof(v));
	v.id = "CVE-2024-0001";
	v.aliases = "DSA-5555-1, GHSA-abcd-efgh-ijkl";
	v.summary = "openssl: buffer overread in X.509 name checks";
	v.package = "openssl";
	v.source = "openssl";
	v.ecosystem = "Debian:12";
	v.purl = "pkg:deb/debian/openssl@3.0.11-1?arch=amd64";
	v.installed = "3.0.11-1";
	v.fixed = "3.0.13-1";
	v.vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
	v.score = 9.8;
	v.db_source = "debian";
	f = add(res, r->vuln, (sg_location){ .image = IMG, .object = v.purl },
		"CVE-2024-0001 openssl", "openssl 3.0.11-1 is affected by CVE-2024-0001",
		SG_VERDICT_GATING, NULL);
	f->severity = SG_SEVERITY_CRITICAL;
	ck_assert_int_eq(sg_findings_set_vuln(set, f, &v), 0);
	v.package = "libssl3";
	v.purl = "pkg:deb/debian/libssl3@3.0.11-1?arch=amd64";
	f = add(res, r->vuln, (sg_location){ .image = IMG, .object = v.purl },
		"CVE-2024-0001 libssl3", "libssl3 3.0.11-1 is affected by CVE-2024-0001",
		SG_VERDICT_NOT_NEW, NULL);
	f->severity = SG_SEVERITY_CRITICAL;
	f->baseline = SG_BASELINE_UNCHANGED;
	ck_assert_int_eq(sg_findings_set_vuln(set, f, &v), 0);

	memset(&v, 0, sizeof(v));
	v.id = "CVE-2023-9999";
	v.package = "busybox";
	v.ecosystem = "Alpine:v3.19";
	v.installed = "1.36.1-r15";
	f = add(res, r->vuln, (sg_location){ .image = "alpine:3.19",
		.object = "pkg:apk/alpine/busybox@1.36.1-r15" }, "CVE-2023-9999 busybox",
		"busybox 1.36.1-r15 is affected by CVE-2023-9999 (no fix yet)",
		SG_VERDICT_BELOW_THRESHOLD, NULL);
	f->severity = SG_SEVERITY_LOW;
	ck_assert_int_eq(sg_findings_set_vuln(set, f, &v), 0);

	add(res, r->gate, (sg_location){ .path = ".shipgate.yaml", .line = 4,
		.column = 5 }, "ignore SGD001 Dockerfile",
	    "ignore of SGD001 for Dockerfile expired on 2025-12-31",
	    SG_VERDICT_GATING, NULL);

	ck_assert_int_eq(sg_result_finish(res), 0);
	ck_assert_int_eq(sg_findings_set_line_hashes(set, "Dockerfile",
		dockerfile_text, strlen(dockerfile_text)), 0);
	return res;
}

static char *render(const sg_result *res, const char *fmt,
		    const sg_report_options *opts)
{
	sg_error err = { 0 };
	char *out = NULL, buf[1200];
	size_t len = 0;
	int rc = sg_report_render(&out, &len, res, fmt, opts, &err);

	ck_assert_msg(rc == 0, "render %s: %s", fmt,
		      sg_error_format(&err, buf, sizeof(buf)));
	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(strlen(out), len);
	return out;
}

static const char *const formats[] = {
	"text", "json", "sarif", "junit", "markdown", "gitlab-codequality",
	"gitlab-container-scanning",
};
static const char *const goldens[] = {
	"testdata/report/golden.txt", "testdata/report/golden.json",
	"testdata/report/golden.sarif", "testdata/report/golden.junit.xml",
	"testdata/report/golden.md", "testdata/report/golden.codequality.json",
	"testdata/report/golden.container-scanning.json",
};

/* ---- line hash ----------------------------------------------------------- */

static void check_hashes(const char *input, const char *const *want)
{
	struct linehash lh;
	size_t i, n = 0;

	while (want[n])
		n++;
	ck_assert_int_eq(linehash_compute(&lh, input, strlen(input), SIZE_MAX),
			 0);
	ck_assert_msg(lh.n == n, "%zu lines hashed, %zu expected for %s",
		      lh.n, n, input);
	for (i = 0; i < n; i++) {
		char text[LINEHASH_MAX];

		linehash_format(&lh, i + 1, text);
		ck_assert_str_eq(text, want[i]);
	}
	linehash_release(&lh);
}

START_TEST(test_report_linehash_vectors)
{
	static const char *const empty[] = { "c129715d7a2bc9a3:1", NULL };
	static const char *const v2[] = { "271789c17abda88f:1", "54703d4cd895b18:1",
		"180aee12dab6264:1", "a23a3dc5e078b07b:1", NULL };
	static const char *const v3[] = { "8b7cf3e952e7aeb2:1", "b1ae1287ec4718d9:1",
		"bff680108adb0fcc:1", "c6805c5e1288b612:1", "b86d3392aea1be30:1",
		"e6ceba753e1a442:1", NULL };
	static const char *const v4[] = { "e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1",
		"ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1", "b3edc88f2938467e:1",
		"c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1", NULL };
	static const char *const lorem[] = { "a7f2ff13bc495cf2:1",
		"a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3", "a7f2ff13bc495cf2:4",
		"a7f2ff13bc495cf2:5", "a7f2ff13bc495cf2:6", "a7f2ff1481e87703:1",
		"a9cf91f7bbf1862b:1", "55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1",
		"c129715d7a2bc9a3:1", NULL };
	static const char *const py[] = { "e54938cc54b302f1:1", "bb609acbe9138d60:1",
		"1131fd5871777f34:1", "5c482a0f8b35ea28:1", "54517377da7028d2:1",
		"2c644846cb18d53e:1", "f1b89f20de0d133:1", "c129715d7a2bc9a3:1", NULL };
	char buf[512] = "";
	int i;

	check_hashes("", empty);
	check_hashes(" a\nb\n  \t\tc\n d", v2);
	check_hashes(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End", v3);
	/* the same with a trailing newline in every line-ending style */
	check_hashes(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n", v4);
	check_hashes(" hello; \t\rworld!!!\r\r\r  \t\tGreetings\r End\r", v4);
	check_hashes(" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n", v4);
	check_hashes(" hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n", v4);
	for (i = 0; i < 10; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s",
			 "Lorem ipsum dolor sit amet.\n");
	check_hashes(buf, lorem);
	check_hashes("x = 2\nx = 1\nprint(x)\nx = 3\nprint(x)\nx = 4\nprint(x)\n", py);
}
END_TEST

START_TEST(test_report_linehash_utf16)
{
	/* U+1F680 is two UTF-16 units; an invalid byte is one U+FFFD: hashes
	 * must differ from the ASCII-only text and from each other, and a
	 * BMP character hashes like its code unit */
	struct linehash a, b, c;

	ck_assert_int_eq(linehash_compute(&a, "x\xf0\x9f\x9a\x80\n", 6,
					  SIZE_MAX), 0);
	ck_assert_int_eq(linehash_compute(&b, "x\xff\n", 3, SIZE_MAX), 0);
	ck_assert_int_eq(linehash_compute(&c, "x\xef\xbf\xbd\n", 5, SIZE_MAX), 0);
	ck_assert_uint_eq(a.n, 2);
	ck_assert_uint_ne(a.hash[0], b.hash[0]);
	/* invalid byte == literal U+FFFD, as Node decodes it */
	ck_assert_uint_eq(b.hash[0], c.hash[0]);
	linehash_release(&a);
	linehash_release(&b);
	linehash_release(&c);
}
END_TEST

/* Node itself as the oracle for UTF-8 -> UTF-16 on hostile bytes. */
START_TEST(test_report_linehash_node)
{
	static const char text[] =
		"FROM node:latest\r\nRUN echo \"h\xc3\xa9llo \xf0\x9f\x9a\x80 w\xe2\x82\xacrld\"\n"
		"\xff\xfe bad \xed\xa0\x80 surrogate \xf0\x9f trunc \xc0\xaf over\n"
		"\tUSER   root\r\n\r\n\xef\xbb\xbf BOM \xe2\x80\xa8 LS\rend";
	char *dir = t_tmpdir("report-node"), path[4200], *out = NULL;
	struct sg_buf want = SG_BUF_INIT(1 << 20);
	struct linehash lh;
	FILE *f;
	size_t i;
	int rc;

	snprintf(path, sizeof(path), "%s/in", dir);
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	fwrite(text, 1, sizeof(text) - 1, f);
	fclose(f);
	{
		const char *const argv[] = { "node", t_src("testdata/report/linehash.js"),
					     path, NULL };

		rc = t_run_prog("/usr/bin/env", NULL, &out, NULL, argv);
	}
	if (rc == 127) {
		fprintf(stderr, "skipped: report: line hash against node: no node\n");
		goto done;
	}
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(linehash_compute(&lh, text, sizeof(text) - 1,
					  SIZE_MAX), 0);
	for (i = 0; i < lh.n; i++) {
		char one[LINEHASH_MAX];

		linehash_format(&lh, i + 1, one);
		sg_buf_printf(&want, "%s\n", one);
	}
	ck_assert_uint_eq(lh.n, 7);
	ck_assert_str_eq(out, sg_buf_cstr(&want));
	linehash_release(&lh);
done:
	sg_buf_release(&want);
	free(out);
	free(dir);
}
END_TEST

START_TEST(test_report_set_line_hashes)
{
	sg_result *res = build(&test_rules);
	struct linehash lh;
	size_t i, n = sg_findings_count(res->findings), hashed = 0;

	ck_assert_int_eq(linehash_compute(&lh, dockerfile_text,
					  strlen(dockerfile_text), SIZE_MAX), 0);
	for (i = 0; i < n; i++) {
		const sg_finding *f = sg_findings_at(res->findings, i);
		char want[LINEHASH_MAX];

		if (!sg_streq(f->loc.path, "Dockerfile")) {
			ck_assert_ptr_null(f->line_hash);
			continue;
		}
		ck_assert_ptr_nonnull(f->line_hash);
		linehash_format(&lh, f->loc.line, want);
		ck_assert_str_eq(f->line_hash, want);
		hashed++;
	}
	ck_assert_uint_eq(hashed, 5);
	linehash_release(&lh);
	sg_result_free(res);
}
END_TEST

/* ---- goldens, determinism ---------------------------------------------- */

START_TEST(test_report_golden)
{
	sg_result *res;
	size_t i;

	setenv("SOURCE_DATE_EPOCH", "1767225600", 1);   /* 2026-01-01 */
	res = build(&test_rules);
	for (i = 0; i < SG_ARRAY_SIZE(formats); i++) {
		char *a = render(res, formats[i], NULL);
		char *b = render(res, formats[i], NULL);

		ck_assert_msg(strcmp(a, b) == 0, "%s differs between renders",
			      formats[i]);
		t_golden(goldens[i], a);
		free(a);
		free(b);
	}
	sg_result_free(res);
	unsetenv("SOURCE_DATE_EPOCH");
}
END_TEST

START_TEST(test_report_contents)
{
	sg_result *res = build(&test_rules);
	char *text = render(res, "text", NULL), *md = render(res, "markdown", NULL);
	char *sarif = render(res, "sarif", NULL), *junit = render(res, "junit", NULL);
	char *last;

	/* the verdict line is last and greppable */
	last = strstr(text, "shipgate: failed (4 gating of 13 findings; fail-on high");
	ck_assert_ptr_nonnull(last);
	ck_assert_ptr_nonnull(strstr(text, "Dockerfile:5:1: high SGD901 Base image"));
	/* the terminal never sees raw escape sequences */
	ck_assert_ptr_null(strchr(text, '\x1b'));
	/* markdown: hostile text is inert */
	ck_assert_ptr_null(strstr(md, "<script>"));
	ck_assert_ptr_null(strstr(md, "@admin"));
	ck_assert_ptr_nonnull(strstr(md, "#L5)"));
	ck_assert_ptr_nonnull(strstr(md, "docker/my%20app/Dockerfile#L1"));
	/* sarif: a run per category, pseudo path for the image, ids */
	ck_assert_ptr_nonnull(strstr(sarif, "\"id\": \"shipgate/dockerfile/\""));
	ck_assert_ptr_nonnull(strstr(sarif, "\"id\": \"shipgate/compose/\""));
	ck_assert_ptr_nonnull(strstr(sarif, "\"id\": \"shipgate/gate/\""));
	ck_assert_ptr_nonnull(strstr(sarif,
		"\"id\": \"shipgate/image/registry.example.com_5000/team/app/\""));
	ck_assert_ptr_nonnull(strstr(sarif, "\"id\": \"shipgate/image/alpine/\""));
	ck_assert_ptr_nonnull(strstr(sarif,
		"\"uri\": \".shipgate/images/registry.example.com_5000/team/app\""));
	ck_assert_ptr_nonnull(strstr(sarif, "\"uri\": \"docker/my%20app/Dockerfile\""));
	ck_assert_ptr_nonnull(strstr(sarif, "\"security-severity\": \"9.8\""));
	ck_assert_ptr_nonnull(strstr(sarif, "\"kind\": \"inSource\""));
	/* junit: clashing names numbered, clean target shows, control gone */
	ck_assert_ptr_nonnull(strstr(junit, "SGD902 Final stage has no HEALTHCHECK (line 7) #2"));
	ck_assert_ptr_nonnull(strstr(junit, "name=\"clean/Dockerfile\""));
	ck_assert_ptr_null(strchr(junit, '\x01'));
	free(text);
	free(md);
	free(sarif);
	free(junit);
	sg_result_free(res);
}
END_TEST

/* Every result points at its rule; ids unique; every finding appears once. */
static void check_sarif_structure(const char *sarif, size_t nfindings,
				  size_t max_runs)
{
	json_error_t e;
	json_t *root = json_loads(sarif, 0, &e), *runs, *run;
	size_t i, j, total = 0;

	ck_assert_msg(root != NULL, "sarif does not parse: %s", e.text);
	runs = json_object_get(root, "runs");
	ck_assert_uint_le(json_array_size(runs), max_runs);
	json_array_foreach(runs, i, run) {
		json_t *rules = json_object_get(json_object_get(json_object_get(
			run, "tool"), "driver"), "rules");
		json_t *results = json_object_get(run, "results"), *r;
		const char *id = json_string_value(json_object_get(
			json_object_get(run, "automationDetails"), "id"));

		ck_assert_ptr_nonnull(id);
		for (j = 0; j < i; j++)
			ck_assert_str_ne(id, json_string_value(json_object_get(
				json_object_get(json_array_get(runs, j),
						"automationDetails"), "id")));
		for (j = 1; j < json_array_size(rules); j++)
			ck_assert_int_lt(strcmp(
				json_string_value(json_object_get(json_array_get(rules, j - 1), "id")),
				json_string_value(json_object_get(json_array_get(rules, j), "id"))), 0);
		json_array_foreach(results, j, r) {
			json_int_t k = json_integer_value(json_object_get(r, "ruleIndex"));
			json_t *locs = json_object_get(r, "locations");
			json_t *pf = json_object_get(r, "partialFingerprints");

			ck_assert_str_eq(json_string_value(json_object_get(r, "ruleId")),
					 json_string_value(json_object_get(
						 json_array_get(rules, (size_t)k), "id")));
			ck_assert_uint_eq(json_array_size(locs), 1);
			ck_assert_ptr_nonnull(json_string_value(json_object_get(
				pf, "primaryLocationLineHash")));
			ck_assert_ptr_null(strchr(json_string_value(json_object_get(
				json_object_get(json_object_get(json_array_get(locs, 0),
				"physicalLocation"), "artifactLocation"), "uri")), ':'));
			total++;
		}
	}
	ck_assert_uint_eq(total, nfindings);
	json_decref(root);
}

START_TEST(test_report_sarif_structure)
{
	sg_result *res = build(&test_rules);
	char *sarif = render(res, "sarif", NULL);
	size_t i;

	check_sarif_structure(sarif, sg_findings_count(res->findings), 20);
	free(sarif);
	sg_result_free(res);

	/* 30 images: GitHub takes at most 20 runs, so image runs fold */
	ck_assert_int_eq(sg_result_new(&res), 0);
	for (i = 0; i < 30; i++) {
		char img[64];
		sg_location loc = { .image = img, .object = "/bin/sh" };

		snprintf(img, sizeof(img), "example.org/team/svc%02zu:1.0", i);
		ck_assert_int_eq(sg_result_add_target(res, img, SG_TARGET_IMAGE, true), 0);
		ck_assert_ptr_nonnull(sg_findings_add(res->findings, &t_image, &loc,
						      NULL, "world-writable %s", img));
	}
	ck_assert_ptr_nonnull(sg_findings_add(res->findings, &t_dockerfile,
		&(sg_location){ .path = "Dockerfile" }, NULL, "whole file"));
	ck_assert_int_eq(sg_result_finish(res), 0);
	sarif = render(res, "sarif", NULL);
	check_sarif_structure(sarif, 31, 3);
	ck_assert_ptr_nonnull(strstr(sarif, "\"id\": \"shipgate/image/\""));
	/* line 0 (the whole file) is reported at line 1 */
	ck_assert_ptr_nonnull(strstr(sarif, "\"startLine\": 1\n"));
	free(sarif);
	sg_result_free(res);
}
END_TEST

/* Past GitHub's 25,000 results per run, the gating ones are kept. */
START_TEST(test_report_sarif_result_cap)
{
	sg_result *res;
	char *sarif;
	json_t *root, *results;
	json_error_t e;
	size_t i, gating = 0;

	ck_assert_int_eq(sg_result_new(&res), 0);
	for (i = 0; i < 25010; i++) {
		char path[64];
		sg_location loc = { .path = path, .line = 1 };
		sg_finding *f;

		snprintf(path, sizeof(path), "s%05zu/Dockerfile", i);
		f = sg_findings_add(res->findings, &t_dockerfile2, &loc, NULL, "m");
		ck_assert_ptr_nonnull(f);
		/* the last 20 in sort order gate */
		f->verdict = i >= 24990 ? SG_VERDICT_GATING : SG_VERDICT_BELOW_THRESHOLD;
	}
	ck_assert_int_eq(sg_result_finish(res), 0);
	sarif = render(res, "sarif", NULL);
	root = json_loads(sarif, 0, &e);
	ck_assert_ptr_nonnull(root);
	results = json_object_get(json_array_get(json_object_get(root, "runs"), 0),
				  "results");
	ck_assert_uint_eq(json_array_size(results), 25000);
	for (i = 0; i < 25000; i++)
		gating += json_is_true(json_object_get(json_object_get(
			json_array_get(results, i), "properties"), "gating"));
	ck_assert_uint_eq(gating, 20);
	ck_assert_ptr_nonnull(strstr(sarif, "\"omitted_results\": 10"));
	json_decref(root);
	free(sarif);
	sg_result_free(res);
}
END_TEST

START_TEST(test_report_category_and_srcroot)
{
	sg_result *res = build(&test_rules);
	sg_report_options o = { .category = "ci/containers", .srcroot = "/work/my repo" };
	char *sarif = render(res, "sarif", &o);

	ck_assert_ptr_nonnull(strstr(sarif, "\"id\": \"ci/containers/dockerfile/\""));
	ck_assert_ptr_nonnull(strstr(sarif, "\"uri\": \"file:///work/my%20repo/\""));
	free(sarif);
	sg_result_free(res);
}
END_TEST

START_TEST(test_report_unknown_format)
{
	sg_result *res = build(&test_rules);
	sg_error err = { 0 };
	char *out = (char *)"x";

	ck_assert_int_eq(sg_report_render(&out, NULL, res, "yaml", NULL, &err),
			 SG_EUSAGE);
	ck_assert_ptr_null(out);
	ck_assert_ptr_nonnull(strstr(err.message, "unknown report format 'yaml'"));
	sg_result_free(res);
}
END_TEST

/* ---- JSON round trip ------------------------------------------------------ */

static sg_result *reread(const char *json, const char *dir, const char *name)
{
	char path[4200], buf[1200];
	sg_error err = { 0 };
	sg_result *back = NULL;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	t_write(path, json);
	rc = sg_report_read_json(&back, path, &err);
	ck_assert_msg(rc == 0, "read: %s", sg_error_format(&err, buf, sizeof(buf)));
	return back;
}

/* A finding's inline suppression is part of its identity: read back (as
 * `shipgate merge` does) and finished again, a suppressed finding and one
 * whose comment the policy did not honour keep their fingerprints. */
START_TEST(test_report_json_keeps_suppressed_identity)
{
	struct rules r = registered_rules();
	char *dir = t_tmpdir("report-supp"), *json, *json2;
	sg_result *res, *back;
	sg_location loc = { .path = "Dockerfile", .line = 2 };
	sg_finding *f;
	int k;

	ck_assert_int_eq(sg_result_new(&res), 0);
	for (k = 0; k < 3; k++) {
		loc.line = 2 + (uint32_t)k;
		f = add(res, r.df, loc, "FROM x", "m",
			k == 1 ? SG_VERDICT_SUPPRESSED : SG_VERDICT_GATING,
			k == 0 ? NULL : k == 1 ? "# shipgate ignore=X ok"
			: SG_WHY_NOT_HONOURED " (policy inline-suppressions: "
			  "false): # shipgate ignore=X ok");
		f->inline_suppression = k > 0;
	}
	ck_assert_int_eq(sg_result_finish(res), 0);
	json = render(res, "json", NULL);
	back = reread(json, dir, "a.json");
	ck_assert_int_eq(sg_result_finish(back), 0);
	for (k = 0; k < 3; k++) {
		ck_assert_int_eq(sg_findings_at(back->findings, (size_t)k)
					 ->inline_suppression, k > 0);
		ck_assert_str_eq(sg_findings_at(back->findings, (size_t)k)
					 ->fingerprint,
				 sg_findings_at(res->findings, (size_t)k)
					 ->fingerprint);
	}
	json2 = render(back, "json", NULL);
	ck_assert_str_eq(json, json2);
	free(json);
	free(json2);
	free(dir);
	sg_result_free(res);
	sg_result_free(back);
}
END_TEST

START_TEST(test_report_json_round_trip)
{
	struct rules r = registered_rules();
	sg_result *res = build(&r), *back, *back2;
	char *dir = t_tmpdir("report-rt"), *json = render(res, "json", NULL), *json2;
	sg_report_options o = { .markdown_max = 3000 };
	size_t i;

	back = reread(json, dir, "a.json");
	for (i = 0; i < SG_ARRAY_SIZE(formats); i++) {
		char *a = render(res, formats[i], NULL);
		char *b = render(back, formats[i], NULL);

		ck_assert_msg(strcmp(a, b) == 0, "%s differs after the round trip",
			      formats[i]);
		free(a);
		free(b);
	}
	{
		char *a = render(res, "markdown", &o), *b = render(back, "markdown", &o);

		ck_assert_str_eq(a, b);
		free(a);
		free(b);
	}
	/* merge re-finishes the result: nothing may move */
	ck_assert_int_eq(sg_result_finish(back), 0);
	json2 = render(back, "json", NULL);
	ck_assert_str_eq(json, json2);
	back2 = reread(json2, dir, "b.json");
	ck_assert_uint_eq(sg_findings_count(back2->findings),
			  sg_findings_count(res->findings));
	ck_assert_int_eq(back2->exit_code, res->exit_code);
	free(json);
	free(json2);
	free(dir);
	sg_result_free(res);
	sg_result_free(back);
	sg_result_free(back2);
}
END_TEST

static void expect_read_error(const char *json, const char *want)
{
	char *dir = t_tmpdir("report-bad"), path[4200];
	sg_error err = { 0 };
	sg_result *res = (sg_result *)1;

	snprintf(path, sizeof(path), "%s/bad.json", dir);
	t_write(path, json);
	ck_assert_int_lt(sg_report_read_json(&res, path, &err), 0);
	ck_assert_ptr_null(res);
	ck_assert_msg(strstr(err.message, want) != NULL, "'%s' lacks '%s'",
		      err.message, want);
	ck_assert_str_eq(err.path, path);
	free(dir);
}

START_TEST(test_report_json_read_errors)
{
	sg_error err = { 0 };
	sg_result *res = NULL;

	expect_read_error("{\"tool\": \"shipgate\", \"findings\": [{\"rule\": "
			  "\"SGX999\", \"message\": \"m\"}]}",
			  "findings[0]: unknown rule 'SGX999'");
	expect_read_error("{\"tool\": \"other\"}", "not a shipgate json report");
	expect_read_error("{\"tool\": \"shipgate\",\n \"findings\": [", "invalid json");
	expect_read_error("{\"tool\": \"shipgate\", \"findings\": [{\"rule\": "
			  "\"SGG001\", \"message\": \"m\", \"severity\": \"huge\"}]}",
			  "findings[0].severity: unknown severity");
	expect_read_error("{\"tool\": \"shipgate\", \"findings\": [{\"rule\": "
			  "\"SGG001\", \"message\": \"m\", \"severity\": \"low\", "
			  "\"verdict\": \"gating\", \"fingerprint\": \"xyz\"}]}",
			  "findings[0].fingerprint");
	expect_read_error("{\"tool\": \"shipgate\", \"targets\": 3}",
			  "targets: expected an array");
	ck_assert_int_eq(sg_report_read_json(&res, "/nonexistent/r.json", &err),
			 SG_ENOTFOUND);
}
END_TEST

/* ---- Markdown cap --------------------------------------------------------- */

static size_t utf16_units(const char *s)
{
	size_t n = 0;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c & 0xC0) != 0x80)
			n += c >= 0xF0 ? 2 : 1;
	}
	return n;
}

static size_t count_rows(const char *md)
{
	size_t n = 0;
	const char *p = md;

	/* finding rows start with "| ❌ |", "| ✅ |" or "|  |" */
	while ((p = strstr(p, "\n| ")) != NULL) {
		p += 3;
		if (sg_startswith(p, "❌ |") || sg_startswith(p, "✅ |") ||
		    sg_startswith(p, " |"))
			n++;
	}
	return n;
}

static sg_result *many(size_t n)
{
	sg_result *res;
	char path[64], msg[200];
	size_t i;

	ck_assert_int_eq(sg_result_new(&res), 0);
	res->link_base = "https://gitlab.example.com/g/p/-/blob/0123456789abcdef/";
	for (i = 0; i < n; i++) {
		sg_location loc = { .path = path, .line = (uint32_t)(i % 40) + 1, .column = 1 };
		sg_finding *f;

		snprintf(path, sizeof(path), "services/svc-%03zu/Dockerfile", i / 40);
		snprintf(msg, sizeof(msg), "finding %zu: base image 'svc:latest' uses "
			 "the latest tag — pin it 🚀", i);
		f = sg_findings_add(res->findings, i % 3 ? &t_dockerfile2 : &t_dockerfile,
				    &loc, msg, "%s", msg);
		ck_assert_ptr_nonnull(f);
		f->verdict = i % 3 ? SG_VERDICT_BELOW_THRESHOLD : SG_VERDICT_GATING;
		if (i % 40 == 0)
			ck_assert_int_eq(sg_result_add_target(res, path,
				SG_TARGET_DOCKERFILE, true), 0);
	}
	ck_assert_int_eq(sg_result_finish(res), 0);
	return res;
}

START_TEST(test_report_markdown_cap)
{
	sg_result *res = many(5000);
	char *md = render(res, "markdown", NULL), want[128];
	size_t rows = count_rows(md), left = 5000 - rows;
	sg_report_options small = { .markdown_max = 4000 }, tiny = { .markdown_max = 50 };
	char *md2, *md3;

	ck_assert_msg(utf16_units(md) <= 65536, "%zu characters", utf16_units(md));
	/* nearly full: the cap is used, not wasted */
	ck_assert_uint_gt(utf16_units(md), 60000);
	ck_assert_uint_gt(rows, 100);
	snprintf(want, sizeof(want), "Truncated: %zu of 5000 findings are not shown", left);
	ck_assert_msg(strstr(md, want) != NULL, "no note '%s'", want);
	/* gating findings come first, across files: 1,667 gate and more
	 * than fit, so every row shown gates */
	ck_assert_ptr_nonnull(strstr(md, "<details open>"));
	{
		size_t gating_rows = 0;
		const char *p = md;

		while ((p = strstr(p, "\n| ❌ |")) != NULL) {
			gating_rows++;
			p++;
		}
		ck_assert_uint_eq(gating_rows, rows);
	}
	ck_assert_ptr_nonnull(strstr(md, "<!-- shipgate:report -->\n"));

	md2 = render(res, "markdown", &small);
	ck_assert_uint_le(utf16_units(md2), 4000);
	snprintf(want, sizeof(want), "Truncated: %zu of 5000", 5000 - count_rows(md2));
	ck_assert_ptr_nonnull(strstr(md2, want));
	md3 = render(res, "markdown", &tiny);
	ck_assert_uint_le(utf16_units(md3), 50);
	free(md);
	free(md2);
	free(md3);
	sg_result_free(res);

	/* a small result is complete, without a note */
	res = build(&test_rules);
	md = render(res, "markdown", NULL);
	ck_assert_ptr_null(strstr(md, "Truncated"));
	ck_assert_uint_eq(count_rows(md), sg_findings_count(res->findings));
	free(md);
	sg_result_free(res);
}
END_TEST

/* A row longer than the Markdown renderer's scratch limit (64 MiB) is one
 * that does not fit, not an error: the summary says it was left out (a
 * merged shard may hold such a message). */
START_TEST(test_report_markdown_row_past_limit)
{
	size_t n = (size_t)65 << 20;
	char *huge = malloc(n + 1), *md;
	sg_result *res;

	ck_assert_ptr_nonnull(huge);
	memset(huge, 'q', n);
	huge[n] = '\0';
	ck_assert_int_eq(sg_result_new(&res), 0);
	add(res, test_rules.df, (sg_location){ .path = "Dockerfile", .line = 1 },
	    "k1", huge, SG_VERDICT_GATING, NULL);
	free(huge);
	ck_assert_int_eq(sg_result_finish(res), 0);
	md = render(res, "markdown", NULL);
	ck_assert_ptr_nonnull(strstr(md, "Truncated: 1 of 1 findings"));
	ck_assert_uint_eq(count_rows(md), 0);
	free(md);
	sg_result_free(res);
}
END_TEST

START_TEST(test_report_empty_result)
{
	sg_result *res;
	size_t i;

	ck_assert_int_eq(sg_result_new(&res), 0);
	ck_assert_int_eq(sg_result_finish(res), 0);
	for (i = 0; i < SG_ARRAY_SIZE(formats); i++) {
		char *out = render(res, formats[i], NULL);

		ck_assert_uint_gt(strlen(out), 0);
		free(out);
	}
	{
		char *t = render(res, "text", NULL);

		ck_assert_str_eq(t, "targets: none found\n"
				    "shipgate: passed (0 gating of 0 findings; fail-on high)\n");
		free(t);
	}
	sg_result_free(res);
}
END_TEST

/* A CVSS v2 10.0 is rated high: SARIF must not let GitHub show it as
 * critical through the rule's security-severity. */
START_TEST(test_report_sarif_score_within_severity)
{
	const struct rules *r = &test_rules;
	sg_result *res;
	sg_finding *f;
	sg_vuln_ref v;
	char *sarif;

	ck_assert_int_eq(sg_result_new(&res), 0);
	ck_assert_int_eq(sg_result_add_target(res, "app:1", SG_TARGET_IMAGE,
					      true), 0);
	memset(&v, 0, sizeof(v));
	v.id = "CVE-2012-0001";
	v.package = "zlib";
	v.installed = "1.2";
	v.vector = "AV:N/AC:L/Au:N/C:C/I:C/A:C";
	v.score = 10.0;
	f = add(res, r->vuln, (sg_location){ .image = "app:1",
		.object = "pkg:deb/debian/zlib@1.2" }, "CVE-2012-0001 zlib",
		"zlib 1.2 is affected by CVE-2012-0001", SG_VERDICT_GATING, NULL);
	f->severity = SG_SEVERITY_HIGH;
	ck_assert_int_eq(sg_findings_set_vuln(res->findings, f, &v), 0);
	ck_assert_int_eq(sg_result_finish(res), 0);
	sarif = render(res, "sarif", NULL);
	ck_assert_msg(strstr(sarif, "\"security-severity\": \"8.0\"") &&
		      !strstr(sarif, "\"security-severity\": \"10.0\""),
		      "%s", sarif);
	free(sarif);
	sg_result_free(res);
}
END_TEST

/* An advisory id or summary of any length renders in GitLab's report (the
 * report fuzzer: an id of 4,000 bytes once failed it as out of memory). */
START_TEST(test_report_container_scanning_long_advisory)
{
	const struct rules *r = &test_rules;
	static char id[6000], summary[1200000];
	sg_result *res;
	sg_finding *f;
	sg_vuln_ref v;
	char *cs;

	memcpy(id, "CVE-", 4);
	memset(id + 4, '9', sizeof(id) - 5);
	memset(summary, 's', sizeof(summary) - 1);
	ck_assert_int_eq(sg_result_new(&res), 0);
	memset(&v, 0, sizeof(v));
	v.id = id;
	v.aliases = id;
	v.summary = summary;
	v.package = "zlib";
	v.installed = "1.2";
	v.fixed = "1.3";
	f = add(res, r->vuln, (sg_location){ .image = "app:1",
		.object = "pkg:deb/debian/zlib@1.2" }, "zlib", "zlib 1.2",
		SG_VERDICT_GATING, NULL);
	ck_assert_int_eq(sg_findings_set_vuln(res->findings, f, &v), 0);
	ck_assert_int_eq(sg_result_finish(res), 0);
	cs = render(res, "gitlab-container-scanning", NULL);
	ck_assert_ptr_nonnull(strstr(cs, "https://nvd.nist.gov/vuln/detail/CVE-999"));
	ck_assert_uint_gt(strlen(cs), sizeof(summary));
	free(cs);
	sg_result_free(res);
}
END_TEST

/* ---- writing and validating ------------------------------------------- */

START_TEST(test_report_write_and_validate)
{
	sg_result *res = build(&test_rules);
	char *dir = t_tmpdir("report-valid"), p[5][4200], *out = NULL, *errout = NULL;
	static const char *const fmt[] = { "sarif", "junit", "gitlab-codequality",
					   "gitlab-container-scanning", "markdown" };
	static const char *const name[] = { "r.sarif", "r.junit.xml", "cq.json",
					    "cs.json", "r.md" };
	char tool[4200];
	sg_error err = { 0 };
	size_t i;
	int rc;

	for (i = 0; i < 5; i++) {
		char *want = render(res, fmt[i], NULL), *got;

		snprintf(p[i], sizeof(p[i]), "%s/%s", dir, name[i]);
		ck_assert_int_eq(sg_report_write(p[i], res, fmt[i], NULL, &err), 0);
		got = t_read(p[i], NULL);
		ck_assert_str_eq(got, want);
		free(got);
		free(want);
	}
	/* an unwritable target is an error naming the path */
	snprintf(tool, sizeof(tool), "%s/missing-dir/r.sarif", dir);
	ck_assert_int_lt(sg_report_write(tool, res, "sarif", NULL, &err), 0);

	if (t_skip_without_shared("report: validate-reports"))
		goto done;
	snprintf(tool, sizeof(tool), "%s/tools/validate-reports", t_shared());
	{
		const char *const argv[] = { "--sarif", p[0], "--junit", p[1],
			"--codequality", p[2], "--gitlab-cs", p[3], NULL };

		rc = t_run_prog(tool, NULL, &out, &errout, argv);
	}
	fprintf(stderr, "%s%s", out ? out : "", errout ? errout : "");
	ck_assert_msg(rc == 0, "validate-reports failed (%d):\n%s%s", rc,
		      out ? out : "", errout ? errout : "");
	ck_assert_ptr_nonnull(strstr(out, "ok   sarif: multitool Sarif;Gh"));
	ck_assert_ptr_nonnull(strstr(out, "ok   junit: junit.xsd"));
	ck_assert_ptr_nonnull(strstr(out, "ok   junit: junit-jenkins-xunit-10.xsd"));
done:
	free(out);
	free(errout);
	free(dir);
	sg_result_free(res);
}
END_TEST

/* The native JSON matches the schema that documents it. */
START_TEST(test_report_json_schema)
{
	static const char script[] =
		"import json, sys\n"
		"try:\n"
		"    import jsonschema\n"
		"except ImportError:\n"
		"    sys.exit(77)\n"
		"s = json.load(open(sys.argv[1]))\n"
		"v = jsonschema.Draft7Validator(s)\n"
		"bad = 0\n"
		"for f in sys.argv[2:]:\n"
		"    for e in v.iter_errors(json.load(open(f))):\n"
		"        bad += 1\n"
		"        print(f, list(e.absolute_path), e.message[:200])\n"
		"sys.exit(1 if bad else 0)\n";
	sg_result *res = build(&test_rules), *empty;
	char *dir = t_tmpdir("report-schema"), a[4200], b[4200], *out = NULL;
	char *json;
	int rc;

	ck_assert_int_eq(sg_result_new(&empty), 0);
	ck_assert_int_eq(sg_result_finish(empty), 0);
	snprintf(a, sizeof(a), "%s/a.json", dir);
	snprintf(b, sizeof(b), "%s/b.json", dir);
	json = render(res, "json", NULL);
	t_write(a, json);
	free(json);
	json = render(empty, "json", NULL);
	t_write(b, json);
	free(json);
	{
		const char *const argv[] = { "python3", "-c", script,
			t_src("schemas/report.schema.json"), a, b, NULL };

		rc = t_run_prog("/usr/bin/env", NULL, &out, NULL, argv);
	}
	ck_assert_msg(rc != 77 && rc != 127, "no python3 with jsonschema "
		      "(make deps installs python3-jsonschema)");
	ck_assert_msg(rc == 0, "report.schema.json rejects the report:\n%s", out);
	free(out);
	free(dir);
	sg_result_free(res);
	sg_result_free(empty);
}
END_TEST

/* The piecewise writer gives jansson's bytes for the whole tree: nesting,
 * empty containers, escaped keys, strings with newlines, reals. */
static json_t *jw_sample(size_t i)
{
	return json_pack("{s:i, s:s, s:f, s:[], s:{}, s:{s:[i, {s:n}]}, s:b}",
			 "i", (int)i, "text", "two\nlines \"q\" \xc3\xa9\t",
			 "real", 0.1 * (double)i, "none", "empty", "deep", "list",
			 (int)i, "k", "ok", i % 2);
}

START_TEST(test_report_piecewise_json_is_janssons)
{
	struct sg_buf whole = SG_BUF_INIT(1 << 20), parts = SG_BUF_INIT(1 << 20);
	size_t n, i;
	int rc = 0;

	for (n = 0; n < 4; n++) {
		json_t *root = json_pack("{s:s, s:{s:i}, s:[]}", "a", "x",
					 "weird \"key\"\n", "b", 1, "c");
		json_t *arr = json_array();
		bool first, afirst;

		sg_buf_clear(&whole);
		sg_buf_clear(&parts);
		for (i = 0; i < n; i++)
			json_array_append_new(arr, jw_sample(i));
		json_object_set_new(root, "items", arr);
		json_object_set_new(root, "tail", json_pack("{s:[s]}", "t", "z"));
		ck_assert_int_eq(report_jdump(&whole, json_deep_copy(root),
					      JSON_INDENT(2)), 0);

		json_object_del(root, "items");
		json_object_del(root, "tail");
		report_jw_open(&parts, &first, '{');
		report_jw_members(&parts, &first, 0, root, &rc);
		ck_assert_int_eq(rc, 0);
		report_jw_key(&parts, &first, 0, "items", &rc);
		report_jw_open(&parts, &afirst, '[');
		for (i = 0; i < n; i++) {
			report_jw_push(&parts, &afirst, 1, jw_sample(i), &rc);
			ck_assert_int_eq(rc, 0);
		}
		report_jw_close(&parts, afirst, 1, ']');
		report_jw_set(&parts, &first, 0, "tail",
			      json_pack("{s:[s]}", "t", "z"), &rc);
		ck_assert_int_eq(rc, 0);
		report_jw_close(&parts, first, 0, '}');
		sg_buf_putc(&parts, '\n');
		ck_assert_str_eq(sg_buf_cstr(&parts), sg_buf_cstr(&whole));
	}
	sg_buf_release(&whole);
	sg_buf_release(&parts);
}
END_TEST

Suite *report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("report");

	tcase_set_timeout(tc, 900);
	tcase_add_test(tc, test_report_linehash_vectors);
	tcase_add_test(tc, test_report_linehash_utf16);
	tcase_add_test(tc, test_report_linehash_node);
	tcase_add_test(tc, test_report_set_line_hashes);
	tcase_add_test(tc, test_report_golden);
	tcase_add_test(tc, test_report_piecewise_json_is_janssons);
	tcase_add_test(tc, test_report_contents);
	tcase_add_test(tc, test_report_sarif_structure);
	tcase_add_test(tc, test_report_sarif_result_cap);
	tcase_add_test(tc, test_report_category_and_srcroot);
	tcase_add_test(tc, test_report_unknown_format);
	tcase_add_test(tc, test_report_json_round_trip);
	tcase_add_test(tc, test_report_json_keeps_suppressed_identity);
	tcase_add_test(tc, test_report_json_read_errors);
	tcase_add_test(tc, test_report_json_schema);
	tcase_add_test(tc, test_report_markdown_cap);
	tcase_add_test(tc, test_report_markdown_row_past_limit);
	tcase_add_test(tc, test_report_empty_result);
	tcase_add_test(tc, test_report_sarif_score_within_severity);
	tcase_add_test(tc, test_report_container_scanning_long_advisory);
	tcase_add_test(tc, test_report_write_and_validate);
	suite_add_tcase(s, tc);
	return s;
}

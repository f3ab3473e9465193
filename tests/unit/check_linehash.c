/*
 * check_linehash.c: the one-pass line hash against a straight port of
 * upstream's loop (github/codeql-action src/fingerprints.ts: a window
 * array indexed modulo 100, a line number per slot, every hash formatted
 * as it is produced), on many generated inputs: blank runs, every line
 * ending, multi-byte and invalid UTF-8, NULs, lines longer and shorter than
 * the window, and every early stop.
 */
#include "util/compat.h"
#include "helpers.h"
#include "report/linehash.h"
#include "report/render.h"
#include "shipgate/finding.h"
#include "shipgate/report.h"
#include "shipgate/scan.h"

/* ---- the reference: upstream's structure, kept deliberately plain ------- */

#define REF_BLOCK 100
#define REF_MOD 37u
#define REF_EOF 65535u

struct ref {
	uint32_t window[REF_BLOCK];
	int64_t lines[REF_BLOCK];
	uint64_t hash, first_mod;
	size_t index;
	int64_t line;
	bool line_start, prev_cr;
	uint64_t *seen_key;
	uint32_t *seen_n;
	size_t nseen;
	char (*out)[LINEHASH_MAX];
};

static void ref_output(struct ref *r)
{
	int64_t ln = r->lines[r->index];
	uint32_t n = 0;
	size_t i;

	for (i = 0; i < r->nseen; i++)
		if (r->seen_key[i] == r->hash)
			break;
	if (i == r->nseen) {
		r->seen_key[r->nseen] = r->hash;
		r->seen_n[r->nseen++] = 0;
	}
	n = ++r->seen_n[i];
	snprintf(r->out[ln - 1], LINEHASH_MAX, "%llx:%lu",
		 (unsigned long long)r->hash, (unsigned long)n);
	r->lines[r->index] = -1;
}

static void ref_update(struct ref *r, uint32_t cur)
{
	uint32_t begin = r->window[r->index];

	r->window[r->index] = cur;
	r->hash = REF_MOD * r->hash + cur - r->first_mod * begin;
	r->index = (r->index + 1) % REF_BLOCK;
}

static void ref_process(struct ref *r, uint32_t cur)
{
	if (cur == ' ' || cur == '\t' || (r->prev_cr && cur == '\n')) {
		r->prev_cr = false;
		return;
	}
	r->prev_cr = cur == '\r';
	if (cur == '\r')
		cur = '\n';
	if (r->lines[r->index] != -1)
		ref_output(r);
	if (r->line_start) {
		r->line_start = false;
		r->lines[r->index] = ++r->line;
	}
	if (cur == '\n')
		r->line_start = true;
	ref_update(r, cur);
}

/* Every line's "<hex>:<n>"; returns the line count. */
static size_t ref_compute(const char *data, size_t len,
			  char (**out)[LINEHASH_MAX])
{
	struct ref r = { .first_mod = 1, .line_start = true };
	size_t i, cap = len + 2;

	r.out = calloc(cap, sizeof(*r.out));
	r.seen_key = calloc(cap, sizeof(*r.seen_key));
	r.seen_n = calloc(cap, sizeof(*r.seen_n));
	ck_assert(r.out && r.seen_key && r.seen_n);
	for (i = 0; i < REF_BLOCK; i++) {
		r.first_mod *= REF_MOD;
		r.lines[i] = -1;
	}
	for (i = 0; i < len;) {
		uint32_t cp = report_utf8_next(data, len, &i);

		if (cp >= 0x10000) {
			cp -= 0x10000;
			ref_process(&r, 0xD800 + (cp >> 10));
			ref_process(&r, 0xDC00 + (cp & 0x3FF));
		} else {
			ref_process(&r, cp);
		}
	}
	ref_process(&r, REF_EOF);
	for (i = 0; i < REF_BLOCK; i++) {
		if (r.lines[r.index] != -1)
			ref_output(&r);
		ref_update(&r, 0);
	}
	free(r.seen_key);
	free(r.seen_n);
	*out = r.out;
	return (size_t)r.line;
}

/* ---- generated inputs ---------------------------------------------------- */

static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Pieces whose mix covers every branch: blanks, each line ending, repeated
 * lines (occurrence counts), UTF-8 of 2, 3 and 4 bytes, invalid and
 * truncated sequences, NUL, and runs long enough to cross the window. */
static const char *const pieces[] = {
	" ", "\t", "\n", "\r", "\r\n", "\n\r", "  \t ", "a", "RUN x", "FROM a",
	"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x9a\x80", "\xff", "\xf0\x9f",
	"\xed\xa0\x80", "\xc0\xaf", "\xef\xbb\xbf", "", "\n\n\n",
	"apt-get install -y --no-install-recommends curl ca-certificates",
	"Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do "
	"eiusmod tempor incididunt ut labore et dolore magna aliqua.",
};

static size_t generate(uint64_t *seed, char *buf, size_t cap)
{
	size_t n = 0, want = (size_t)(rng_next(seed) % (cap / 2));

	while (n < want) {
		const char *p = pieces[rng_next(seed) % SG_ARRAY_SIZE(pieces)];
		size_t l = strlen(p);

		if (p[0] == '\0')       /* a NUL byte */
			l = 1;
		if (n + l > cap)
			break;
		memcpy(buf + n, p, l);
		n += l;
	}
	return n;
}

static void expect_same(const char *data, size_t len, size_t max_line)
{
	char (*want)[LINEHASH_MAX] = NULL, got[LINEHASH_MAX];
	size_t nwant = ref_compute(data, len, &want), i;
	struct linehash lh;

	ck_assert_int_eq(linehash_compute(&lh, data, len, max_line), 0);
	ck_assert_uint_eq(lh.n, nwant < max_line ? nwant : max_line);
	for (i = 0; i < lh.n; i++) {
		linehash_format(&lh, i + 1, got);
		ck_assert_msg(strcmp(got, want[i]) == 0,
			      "line %zu of %zu (%zu bytes, max %zu): %s, want %s",
			      i + 1, nwant, len, max_line, got, want[i]);
	}
	linehash_release(&lh);
	free(want);
}

START_TEST(test_linehash_matches_reference)
{
	static char buf[6000];
	uint64_t seed = 0x5eed5eed12345678ull;
	int round;

	for (round = 0; round < 400; round++) {
		size_t len = generate(&seed, buf, sizeof(buf));

		expect_same(buf, len, SIZE_MAX);
	}
}
END_TEST

/* Stopping after line k gives exactly the first k lines of the full run. */
START_TEST(test_linehash_early_stop)
{
	static char buf[3000];
	uint64_t seed = 0xfeedfacecafebeefull;
	int round;

	for (round = 0; round < 60; round++) {
		size_t len = generate(&seed, buf, sizeof(buf)), k;

		for (k = 1; k < 12; k++)
			expect_same(buf, len, k);
		expect_same(buf, len, 1 + (size_t)(rng_next(&seed) % 200));
	}
	/* one surrogate pair completing two lines, each half one: lines 1 and
	 * 2 start on units 0 and 1, the pair is units 99 and 100 */
	memcpy(buf, "\n\n", 2);
	memset(buf + 2, 'x', 97);
	memcpy(buf + 99, "\xf0\x9f\x9a\x80\n", 5);
	expect_same(buf, 104, 1);
	expect_same(buf, 104, 2);
	expect_same(buf, 104, SIZE_MAX);
}
END_TEST

START_TEST(test_linehash_format)
{
	struct linehash lh = { (uint64_t[]){ 0, 0xa7f2ff13bc495cf2ull, 15 },
			       (uint32_t[]){ 1, 4294967295u, 10 }, 3 };
	char out[LINEHASH_MAX];

	linehash_format(&lh, 1, out);
	ck_assert_str_eq(out, "0:1");
	linehash_format(&lh, 2, out);
	ck_assert_str_eq(out, "a7f2ff13bc495cf2:4294967295");
	linehash_format(&lh, 3, out);
	ck_assert_str_eq(out, "f:10");
	ck_assert_uint_eq(strlen("ffffffffffffffff:4294967295") + 1 <= LINEHASH_MAX,
			  1);
}
END_TEST

/* Findings get their line's hash from a run that stops at the last line
 * asked for: line 0 means line 1, a line past the end gets none, other
 * files' findings are left alone. */
START_TEST(test_linehash_findings)
{
	static const sg_rule rule = {
		.id = "SGT001", .name = "t", .title = "t", .help = "t",
		.stage = SG_STAGE_GATE, .practice = SG_PRACTICE_NON_ROOT,
		.severity = SG_SEVERITY_LOW,
	};
	static const uint32_t lines[] = { 0, 2, 5, 40, 41, 99 };
	static char text[4000];
	struct linehash full;
	sg_findings *set;
	size_t i, n = 0;

	for (i = 0; i < 40; i++)        /* 40 lines, then an empty 41st */
		n += (size_t)snprintf(text + n, sizeof(text) - n,
				      "RUN step %zu && make -C dir%zu all\n",
				      i % 7, i);
	ck_assert_int_eq(linehash_compute(&full, text, n, SIZE_MAX), 0);
	ck_assert_uint_eq(full.n, 41);
	ck_assert_int_eq(sg_findings_new(&set), 0);
	for (i = 0; i < SG_ARRAY_SIZE(lines); i++) {
		sg_location loc = { .path = "Dockerfile", .line = lines[i] };

		ck_assert_ptr_nonnull(sg_findings_add(set, &rule, &loc, "k", "m"));
		loc.path = "other/Dockerfile";
		ck_assert_ptr_nonnull(sg_findings_add(set, &rule, &loc, "k", "m"));
	}
	ck_assert_int_eq(sg_findings_finalize(set), 0);
	ck_assert_int_eq(sg_findings_set_line_hashes(set, "Dockerfile", text, n),
			 0);
	for (i = 0; i < sg_findings_count(set); i++) {
		const sg_finding *f = sg_findings_at(set, i);
		uint32_t line = f->loc.line ? f->loc.line : 1;
		char want[LINEHASH_MAX];

		if (strcmp(f->loc.path, "Dockerfile") != 0 || line > full.n) {
			ck_assert_ptr_null(f->line_hash);
			continue;
		}
		linehash_format(&full, line, want);
		ck_assert_ptr_nonnull(f->line_hash);
		ck_assert_str_eq(f->line_hash, want);
	}
	sg_findings_free(set);

	/* only line 2 wanted: the same value from a run that stops early */
	ck_assert_int_eq(sg_findings_new(&set), 0);
	{
		sg_location loc = { .path = "Dockerfile", .line = 2 };
		char want[LINEHASH_MAX];

		ck_assert_ptr_nonnull(sg_findings_add(set, &rule, &loc, "k", "m"));
		ck_assert_int_eq(sg_findings_set_line_hashes(set, "Dockerfile",
							     text, n), 0);
		linehash_format(&full, 2, want);
		ck_assert_str_eq(sg_findings_at(set, 0)->line_hash, want);
	}
	sg_findings_free(set);
	linehash_release(&full);
}
END_TEST

/* A lint run hashes its findings' lines unless told no report shows them. */
START_TEST(test_linehash_lint_run)
{
	char *dir = t_tmpdir("linehash-run"), path[512];
	const char *files[1] = { path };
	int skip;

	snprintf(path, sizeof(path), "%s/Dockerfile", dir);
	t_write(path, "FROM debian\nRUN apt-get install curl\n");
	for (skip = 0; skip <= 1; skip++) {
		sg_scan_options o = SG_SCAN_OPTIONS_INIT;
		sg_result *res = NULL;
		sg_error err;
		size_t i;

		o.files.v = files;
		o.files.n = 1;
		o.no_line_hashes = skip;
		sg_error_clear(&err);
		ck_assert_int_eq(sg_lint_run(&res, &o, &err), 0);
		ck_assert_uint_gt(sg_findings_count(res->findings), 2);
		for (i = 0; i < sg_findings_count(res->findings); i++) {
			const sg_finding *f = sg_findings_at(res->findings, i);

			if (skip)
				ck_assert_ptr_null(f->line_hash);
			else
				ck_assert_ptr_nonnull(f->line_hash);
		}
		sg_result_free(res);
	}
	free(dir);
}
END_TEST

Suite *linehash_suite(void)
{
	Suite *s = suite_create("linehash");
	TCase *tc = tcase_create("linehash");

	tcase_add_test(tc, test_linehash_matches_reference);
	tcase_add_test(tc, test_linehash_early_stop);
	tcase_add_test(tc, test_linehash_format);
	tcase_add_test(tc, test_linehash_findings);
	tcase_add_test(tc, test_linehash_lint_run);
	suite_add_tcase(s, tc);
	return s;
}

/* check_core.c: the finding model, fingerprints, the registry, exit codes. */
#include "util/compat.h"
#include "helpers.h"
#include "core/key.h"
#include "core/redact.h"
#include "core/registry.h"
#include "core/secretname.h"
#include "core/stage.h"
#include "shipgate/compare.h"
#include "shipgate/finding.h"
#include "shipgate/result.h"
#include "util/sha256.h"
#include "util/threads.h"

static const sg_rule rule_a = {
	.id = "SGT001", .name = "test-a", .title = "a", .help = "a",
	.stage = SG_STAGE_GATE, .practice = SG_PRACTICE_NON_ROOT,
	.severity = SG_SEVERITY_HIGH,
};
static const sg_rule rule_parse = {
	.id = "SGT002", .name = "test-parse", .title = "p", .help = "p",
	.stage = SG_STAGE_GATE, .practice = SG_PRACTICE_NON_ROOT,
	.severity = SG_SEVERITY_LOW, .flags = SG_RULE_PARSE_ERROR,
};

static sg_finding *add(sg_findings *set, const char *path, uint32_t line,
		       const char *key)
{
	sg_location loc = { .path = path, .line = line, .column = 1 };

	return sg_findings_add(set, &rule_a, &loc, key, "problem at %u", line);
}

/*
 * Fingerprints of a set large enough to be computed on several threads (a
 * run of whole files each) are those of one thread: files of many and of
 * one finding, identical problems (numbered by occurrence) in one file and
 * across files, findings without a path.
 */
START_TEST(test_core_fingerprints_on_threads_agree)
{
	sg_findings *one, *many;
	struct sg_workers *w = NULL;
	size_t i, n;
	char path[32], key[32];

	ck_assert_int_eq(sg_findings_new(&one), 0);
	ck_assert_int_eq(sg_findings_new(&many), 0);
	ck_assert_int_eq(sg_workers_new(&w, 4), 0);
	sg_findings_set_workers(many, w);
	for (i = 0; i < 12000; i++) {
		/* file 0 holds 5,000 findings; the others a few each */
		snprintf(path, sizeof(path), "dir/f%04zu",
			 i < 5000 ? 0 : i % 700);
		snprintf(key, sizeof(key), "RUN x %zu", i % 7);
		add(one, i % 997 ? path : NULL, (uint32_t)i + 1, key);
		add(many, i % 997 ? path : NULL, (uint32_t)i + 1, key);
	}
	ck_assert_int_eq(sg_findings_finalize(one), 0);
	ck_assert_int_eq(sg_findings_finalize(many), 0);
	n = sg_findings_count(one);
	ck_assert_uint_eq(sg_findings_count(many), n);
	ck_assert_uint_gt(n, 4 * 2048);
	for (i = 0; i < n; i++) {
		ck_assert_uint_eq(strlen(sg_findings_at(one, i)->fingerprint),
				  64);
		ck_assert_str_eq(sg_findings_at(one, i)->fingerprint,
				 sg_findings_at(many, i)->fingerprint);
	}
	sg_findings_free(one);
	sg_findings_free(many);
	sg_workers_free(w);
}
END_TEST

START_TEST(test_core_fingerprint_survives_edits_above)
{
	sg_findings *a, *b;
	char fa[65], fb[65];

	ck_assert_int_eq(sg_findings_new(&a), 0);
	ck_assert_int_eq(sg_findings_new(&b), 0);
	add(a, "Dockerfile", 3, "USER root");
	add(b, "Dockerfile", 9, "USER    root  ");
	ck_assert_int_eq(sg_findings_finalize(a), 0);
	ck_assert_int_eq(sg_findings_finalize(b), 0);
	memcpy(fa, sg_findings_at(a, 0)->fingerprint, 65);
	memcpy(fb, sg_findings_at(b, 0)->fingerprint, 65);
	ck_assert_str_eq(fa, fb);
	ck_assert_uint_eq(strlen(fa), 64);
	sg_findings_free(a);
	sg_findings_free(b);
}
END_TEST

/* A key's blank runs (any of the six C blanks) become one space, both ends
 * trimmed; every other byte is kept as it is. */
START_TEST(test_core_key_normalised)
{
	static const char *const cases[][2] = {
		{ "USER root", "USER root" },
		{ "  \t USER \t\n\r\f\v  root \n", "USER root" },
		{ "RUN a \\\n    && b", "RUN a \\ && b" },
		{ "x", "x" },
		{ " \t\n", "" },
		{ "", "" },
		{ "caf\xc3\xa9\xa0 \xff  z", "caf\xc3\xa9\xa0 \xff z" },
		{ "a\x01\x1f b", "a\x01\x1f b" },
	};
	sg_findings *set;
	size_t i;

	ck_assert_int_eq(sg_findings_new(&set), 0);
	for (i = 0; i < SG_ARRAY_SIZE(cases); i++) {
		sg_finding *f = add(set, "Dockerfile", (uint32_t)i + 1,
				    cases[i][0]);

		ck_assert_ptr_nonnull(f);
		ck_assert_str_eq(f->key, cases[i][1]);
	}
	sg_findings_free(set);
}
END_TEST

/* A key piece is normalised as sg_findings_add() normalises a key. */
START_TEST(test_core_key_piece_normalised)
{
	static const char *const cases[] = {
		"USER root", "  \t USER \t\n\r\f\v  root \n",
		"RUN a \\\n    && b", "x", " \t\n", "",
		"caf\xc3\xa9\xa0 \xff  z", "a\x01\x1f b",
	};
	sg_findings *set;
	size_t i;

	ck_assert_int_eq(sg_findings_new(&set), 0);
	for (i = 0; i < SG_ARRAY_SIZE(cases); i++) {
		struct sg_buf b = SG_BUF_INIT(4096);
		struct sg_key_piece k;
		sg_finding *f = add(set, "Dockerfile", (uint32_t)i + 1,
				    cases[i]);
		size_t half = strlen(cases[i]) / 2;

		ck_assert_int_eq(sg_key_put(&b, cases[i], strlen(cases[i])), 0);
		ck_assert_str_eq(sg_buf_cstr(&b), f->key);
		/* fed in two parts: the same */
		sg_buf_clear(&b);
		sg_key_begin(&k, &b);
		sg_key_feed(&k, cases[i], half);
		sg_key_feed(&k, cases[i] + half, strlen(cases[i]) - half);
		ck_assert_int_eq(sg_key_end(&k), 0);
		ck_assert_str_eq(sg_buf_cstr(&b), f->key);
		sg_buf_release(&b);
	}
	sg_findings_free(set);
}
END_TEST

/* A piece past SG_KEY_PIECE_MAX keeps its start and the digest of the
 * whole: bounded, yet a change anywhere (not of layout) changes it. */
START_TEST(test_core_key_piece_bounded)
{
	struct sg_buf a = SG_BUF_INIT(1 << 20), b = SG_BUF_INIT(1 << 20);
	struct sg_buf t = SG_BUF_INIT(1 << 20);
	const size_t hashed = SG_KEY_PIECE_MAX + strlen(" ... sha256:") + 64;
	size_t i;

	for (i = 0; i < 600; i++)
		sg_buf_printf(&t, "echo %03zu && ", i);   /* 7.2 kB */
	ck_assert_int_eq(sg_key_put(&a, sg_buf_cstr(&t), t.len), 0);
	ck_assert_uint_eq(a.len, hashed);
	ck_assert_int_eq(memcmp(a.ptr, t.ptr, SG_KEY_PIECE_MAX), 0);
	ck_assert_ptr_nonnull(strstr(a.ptr, " ... sha256:"));
	/* fed in parts that reach the bound one by one: the same key */
	{
		struct sg_key_piece k;
		size_t at, n;

		sg_key_begin(&k, &b);
		for (at = 0; at < t.len; at += n) {
			n = SG_MIN((size_t)97, t.len - at);
			sg_key_feed(&k, t.ptr + at, n);
		}
		ck_assert_int_eq(sg_key_end(&k), 0);
		ck_assert_str_eq(a.ptr, b.ptr);
		sg_buf_clear(&b);
	}
	/* the last byte differs: another key */
	t.ptr[t.len - 4] = 'X';
	ck_assert_int_eq(sg_key_put(&b, sg_buf_cstr(&t), t.len), 0);
	ck_assert_uint_eq(b.len, hashed);
	ck_assert_str_ne(a.ptr, b.ptr);
	/* the same text laid out differently: the same key */
	sg_buf_clear(&a);
	sg_buf_clear(&b);
	sg_key_put(&a, sg_buf_cstr(&t), t.len);
	for (i = 0; i < t.len; i++)
		if (t.ptr[i] == ' ')
			sg_buf_puts(&b, i % 3 ? "  " : "\t\n ");
		else
			sg_buf_putc(&b, t.ptr[i]);
	sg_buf_clear(&t);
	sg_buf_put(&t, b.ptr, b.len);
	sg_buf_clear(&b);
	ck_assert_int_eq(sg_key_put(&b, sg_buf_cstr(&t), t.len), 0);
	ck_assert_str_eq(a.ptr, b.ptr);
	/* exactly the bound: kept whole */
	sg_buf_clear(&a);
	sg_buf_clear(&t);
	for (i = 0; i < SG_KEY_PIECE_MAX; i++)
		sg_buf_putc(&t, 'a');
	ck_assert_int_eq(sg_key_put(&a, sg_buf_cstr(&t), t.len), 0);
	ck_assert_str_eq(a.ptr, t.ptr);
	/* the cut never splits a UTF-8 sequence (here a 2-byte one) */
	sg_buf_clear(&a);
	sg_buf_truncate(&t, SG_KEY_PIECE_MAX - 1);
	sg_buf_puts(&t, "\xc3\xa9 and more");
	ck_assert_int_eq(sg_key_put(&a, sg_buf_cstr(&t), t.len), 0);
	ck_assert_uint_eq(strcspn(a.ptr, " "), SG_KEY_PIECE_MAX - 1);
	sg_buf_release(&a);
	sg_buf_release(&b);
	sg_buf_release(&t);
}
END_TEST

START_TEST(test_core_identical_problems_stay_distinct)
{
	sg_findings *set;

	ck_assert_int_eq(sg_findings_new(&set), 0);
	add(set, "Dockerfile", 5, "RUN x");
	add(set, "Dockerfile", 2, "RUN x");
	add(set, "Dockerfile", 2, "RUN x");     /* exact duplicate: dropped */
	ck_assert_int_eq(sg_findings_finalize(set), 0);
	ck_assert_uint_eq(sg_findings_count(set), 2);
	ck_assert_uint_eq(sg_findings_at(set, 0)->loc.line, 2);
	ck_assert_str_ne(sg_findings_at(set, 0)->fingerprint,
			 sg_findings_at(set, 1)->fingerprint);
	sg_findings_free(set);
}
END_TEST

/* The fingerprint is sha256(rule, path, image repo, object, key, occurrence),
 * fields separated by 0x1f: pinned, since baselines and ignores store it. */
static void expect_fingerprint(const sg_finding *f, const char *identity,
			       size_t ilen)
{
	char want[SG_SHA256_HEX];

	ck_assert_int_eq(sg_sha256_hex(identity, ilen, want), 0);
	ck_assert_str_eq(f->fingerprint, want);
}

#define EXPECT_FP(f, lit) expect_fingerprint((f), (lit), sizeof(lit) - 1)

START_TEST(test_core_fingerprint_formula)
{
	sg_findings *set;
	size_t i;
	sg_location img = { .image = "reg:5000/app:1.2@sha256:ab",
			    .object = "pkg:deb/debian/openssl" };

	ck_assert_int_eq(sg_findings_new(&set), 0);
	add(set, "Dockerfile", 5, "RUN  x");
	add(set, "Dockerfile", 2, "RUN x");
	add(set, "Dockerfile", 3, "USER root");
	sg_findings_add(set, &rule_a, &img, "CVE-1", "m");
	ck_assert_int_eq(sg_findings_finalize(set), 0);
	ck_assert_uint_eq(sg_findings_count(set), 4);
	EXPECT_FP(sg_findings_at(set, 0), "SGT001\x1f" "Dockerfile\x1f\x1f\x1f"
		  "RUN x\x1f" "0");
	EXPECT_FP(sg_findings_at(set, 1), "SGT001\x1f" "Dockerfile\x1f\x1f\x1f"
		  "USER root\x1f" "0");
	EXPECT_FP(sg_findings_at(set, 2), "SGT001\x1f" "Dockerfile\x1f\x1f\x1f"
		  "RUN x\x1f" "1");
	EXPECT_FP(sg_findings_at(set, 3), "SGT001\x1f\x1f" "reg:5000/app\x1f"
		  "pkg:deb/debian/openssl\x1f" "CVE-1\x1f" "0");
	sg_findings_free(set);

	/* occurrences past 9 are decimal numbers */
	ck_assert_int_eq(sg_findings_new(&set), 0);
	for (i = 0; i < 12; i++)
		add(set, "Dockerfile", 10 + (uint32_t)i, "RUN x");
	ck_assert_int_eq(sg_findings_finalize(set), 0);
	EXPECT_FP(sg_findings_at(set, 10), "SGT001\x1f" "Dockerfile\x1f\x1f\x1f"
		  "RUN x\x1f" "10");
	EXPECT_FP(sg_findings_at(set, 11), "SGT001\x1f" "Dockerfile\x1f\x1f\x1f"
		  "RUN x\x1f" "11");
	sg_findings_free(set);
}
END_TEST

/* A finding under an inline suppression comment has an identity of its own
 * (marked before the rule id, where no file content reaches), and the two
 * kinds are numbered apart: the unsuppressed findings' fingerprints are
 * what they would be without the suppressed ones. */
START_TEST(test_core_suppressed_numbered_apart)
{
	sg_findings *set;

	ck_assert_int_eq(sg_findings_new(&set), 0);
	add(set, "Dockerfile", 2, "RUN x");
	add(set, "Dockerfile", 4, "RUN x")->inline_suppression = true;
	add(set, "Dockerfile", 6, "RUN x");
	add(set, "Dockerfile", 8, "RUN x")->inline_suppression = true;
	ck_assert_int_eq(sg_findings_finalize(set), 0);
	EXPECT_FP(sg_findings_at(set, 0), "SGT001\x1f" "Dockerfile\x1f\x1f\x1f"
		  "RUN x\x1f" "0");
	EXPECT_FP(sg_findings_at(set, 1), "\x1einline-suppressed\x1f"
		  "SGT001\x1f" "Dockerfile\x1f\x1f\x1f" "RUN x\x1f" "0");
	EXPECT_FP(sg_findings_at(set, 2), "SGT001\x1f" "Dockerfile\x1f\x1f\x1f"
		  "RUN x\x1f" "1");
	EXPECT_FP(sg_findings_at(set, 3), "\x1einline-suppressed\x1f"
		  "SGT001\x1f" "Dockerfile\x1f\x1f\x1f" "RUN x\x1f" "1");
	/* unsuppressing one recomputes: it joins the others' line order */
	sg_findings_at(set, 1)->inline_suppression = false;
	ck_assert_int_eq(sg_findings_finalize(set), 0);
	EXPECT_FP(sg_findings_at(set, 1), "SGT001\x1f" "Dockerfile\x1f\x1f\x1f"
		  "RUN x\x1f" "1");
	EXPECT_FP(sg_findings_at(set, 2), "SGT001\x1f" "Dockerfile\x1f\x1f\x1f"
		  "RUN x\x1f" "2");
	EXPECT_FP(sg_findings_at(set, 3), "\x1einline-suppressed\x1f"
		  "SGT001\x1f" "Dockerfile\x1f\x1f\x1f" "RUN x\x1f" "0");
	sg_findings_free(set);
}
END_TEST

static const sg_finding *at_line(const sg_findings *set, uint32_t line)
{
	size_t i;

	for (i = 0; i < sg_findings_count(set); i++)
		if (sg_findings_at(set, i)->loc.line == line &&
		    sg_findings_at(set, i)->baseline != SG_BASELINE_ABSENT)
			return sg_findings_at(set, i);
	ck_abort_msg("no finding at line %u", line);
	return NULL;
}

/*
 * PR mode: a copy of a suppressed finding added above it is new, not the
 * suppressed one "unchanged" (also across a rename, which recomputes the
 * base's fingerprints); removing a suppression comment makes the finding
 * new; adding one leaves the old unsuppressed finding absent.
 */
START_TEST(test_core_compare_suppressed_never_vouches)
{
	static const sg_rename mv = { "old/Dockerfile", "Dockerfile" };
	int renamed;

	for (renamed = 0; renamed < 2; renamed++) {
		const char *bpath = renamed ? "old/Dockerfile" : "Dockerfile";
		sg_findings *head, *base;

		ck_assert_int_eq(sg_findings_new(&head), 0);
		ck_assert_int_eq(sg_findings_new(&base), 0);
		add(base, bpath, 4, "RUN x")->inline_suppression = true;
		add(base, bpath, 9, "USER root")->inline_suppression = true;
		add(base, bpath, 11, "EXPOSE 22");
		add(head, "Dockerfile", 2, "RUN x");   /* the new copy */
		add(head, "Dockerfile", 5, "RUN x")->inline_suppression = true;
		/* its comment removed */
		add(head, "Dockerfile", 10, "USER root");
		/* a comment added */
		add(head, "Dockerfile", 12, "EXPOSE 22")->inline_suppression = true;
		ck_assert_int_eq(sg_findings_compare(head, base, &mv,
						     (size_t)renamed), 0);
		ck_assert_int_eq(at_line(head, 2)->baseline, SG_BASELINE_NEW);
		ck_assert_int_eq(at_line(head, 5)->baseline,
				 SG_BASELINE_UNCHANGED);
		ck_assert_int_eq(at_line(head, 10)->baseline, SG_BASELINE_NEW);
		ck_assert_int_eq(at_line(head, 12)->baseline, SG_BASELINE_NEW);
		/* 4 head findings, the base's USER and EXPOSE absent */
		ck_assert_uint_eq(sg_findings_count(head), 6);
		sg_findings_free(head);
		sg_findings_free(base);
	}
}
END_TEST

static bool not_line_2(const sg_finding *f, void *payload)
{
	(void)payload;
	return f->loc.line != 2;
}

/* Finalizing again recomputes exactly what changed, and only that. */
START_TEST(test_core_refinalize)
{
	sg_findings *set;
	char first[3][65];
	size_t i;

	ck_assert_int_eq(sg_findings_new(&set), 0);
	add(set, "Dockerfile", 2, "RUN x");
	add(set, "Dockerfile", 5, "RUN x");
	add(set, "Dockerfile", 7, "RUN x");
	ck_assert_int_eq(sg_findings_finalize(set), 0);
	for (i = 0; i < 3; i++)
		memcpy(first[i], sg_findings_at(set, i)->fingerprint, 65);
	ck_assert_int_eq(sg_findings_finalize(set), 0);
	for (i = 0; i < 3; i++)
		ck_assert_str_eq(sg_findings_at(set, i)->fingerprint, first[i]);
	/* an added finding sorts last and takes the next occurrence */
	add(set, "Dockerfile", 9, "RUN x");
	ck_assert_int_eq(sg_findings_finalize(set), 0);
	ck_assert_uint_eq(sg_findings_count(set), 4);
	for (i = 0; i < 3; i++)
		ck_assert_str_eq(sg_findings_at(set, i)->fingerprint, first[i]);
	EXPECT_FP(sg_findings_at(set, 3), "SGT001\x1f" "Dockerfile\x1f\x1f\x1f"
		  "RUN x\x1f" "3");
	/* dropping the first renumbers the ones after it: lines 5, 7, 9 now
	 * have the fingerprints lines 2, 5, 7 had */
	sg_findings_filter(set, not_line_2, NULL);
	ck_assert_int_eq(sg_findings_finalize(set), 0);
	ck_assert_uint_eq(sg_findings_count(set), 3);
	for (i = 0; i < 3; i++)
		ck_assert_str_eq(sg_findings_at(set, i)->fingerprint, first[i]);
	sg_findings_free(set);
}
END_TEST

START_TEST(test_core_sort_is_deterministic)
{
	sg_findings *x, *y;
	size_t i;

	ck_assert_int_eq(sg_findings_new(&x), 0);
	ck_assert_int_eq(sg_findings_new(&y), 0);
	add(x, "b/Dockerfile", 1, "k1");
	add(x, "a/Dockerfile", 7, "k2");
	add(x, "a/Dockerfile", 3, "k3");
	add(y, "a/Dockerfile", 3, "k3");
	add(y, "b/Dockerfile", 1, "k1");
	add(y, "a/Dockerfile", 7, "k2");
	sg_findings_finalize(x);
	sg_findings_finalize(y);
	for (i = 0; i < 3; i++)
		ck_assert_str_eq(sg_findings_at(x, i)->fingerprint,
				 sg_findings_at(y, i)->fingerprint);
	ck_assert_str_eq(sg_findings_at(x, 0)->loc.path, "a/Dockerfile");
	ck_assert_uint_eq(sg_findings_at(x, 0)->loc.line, 3);
	sg_findings_free(x);
	sg_findings_free(y);
}
END_TEST

/* path (absent last), then line: what finalize orders these by */
static int order_of(const sg_finding *a, const sg_finding *b)
{
	int c;

	if (!a->loc.path || !b->loc.path)
		c = (a->loc.path == NULL) - (b->loc.path == NULL);
	else
		c = strcmp(a->loc.path, b->loc.path);
	return c ? c : (a->loc.line > b->loc.line) - (a->loc.line < b->loc.line);
}

/*
 * Finalize sorts a file's run of findings apart from the others: files
 * reported in any order, one file in several runs far apart (a stage
 * reporting on another's file), findings without a path and duplicates
 * across runs still come out as one sort of everything would have them,
 * each once.
 */
START_TEST(test_core_sort_by_runs)
{
	sg_findings *set;
	unsigned int x = 12345;
	size_t i, r, n;
	char path[32];

	ck_assert_int_eq(sg_findings_new(&set), 0);
	for (r = 0; r < 300; r++) {
		bool none = r % 41 == 0;

		x = x * 1103515245u + 12345u;
		snprintf(path, sizeof(path), "d/f%02u", (x >> 8) % 50);
		/* a run of 1 to 8 findings; every line of a file is one of
		 * 0..19, so files in several runs repeat some */
		for (i = 0; i < 1 + (x >> 4) % 8; i++) {
			x = x * 1103515245u + 12345u;
			add(set, none ? NULL : path, (x >> 8) % 20 + 1, "RUN x");
		}
	}
	ck_assert_int_eq(sg_findings_finalize(set), 0);
	n = sg_findings_count(set);
	ck_assert_uint_gt(n, 300);
	for (i = 1; i < n; i++)
		ck_assert_int_lt(order_of(sg_findings_at(set, i - 1),
					  sg_findings_at(set, i)), 0);
	ck_assert_ptr_null(sg_findings_at(set, n - 1)->loc.path);
	sg_findings_free(set);
}
END_TEST

/*
 * Runs a worker sorted as it linted (sg_findings_sort_range()) finalize to
 * what unsorted ones do: the same findings in the same order, and of equal
 * findings the one added first, told apart here by a field finalize does
 * not compare.  Findings taken after a finalize are sorted in again.
 */
START_TEST(test_core_presorted_runs_agree)
{
	sg_findings *set[2], *late;
	unsigned int x = 777;
	size_t i, r, k, start;
	char path[32];
	static char tag[400][8];
	const char *first[31][13] = { { NULL } };  /* file (30: none), line */

	for (k = 0; k < 2; k++)
		ck_assert_int_eq(sg_findings_new(&set[k]), 0);
	for (r = 0; r < 400; r++) {
		x = x * 1103515245u + 12345u;
		snprintf(path, sizeof(path), "d/f%02u", (x >> 8) % 30);
		snprintf(tag[r], sizeof(tag[r]), "run %zu", r);
		for (k = 0; k < 2; k++) {
			unsigned int y = x;

			start = sg_findings_count(set[k]);
			for (i = 0; i < 1 + (x >> 4) % 9; i++) {
				const char **at;

				y = y * 1103515245u + 12345u;
				add(set[k], r % 37 ? path : NULL,
				    (y >> 8) % 12 + 1, "RUN x")->why = tag[r];
				at = &first[r % 37 ? (x >> 8) % 30 : 30]
					   [(y >> 8) % 12 + 1];
				if (!*at)
					*at = tag[r];
			}
			if (k == 1 && r % 3)
				sg_findings_sort_range(set[1], start,
						       sg_findings_count(set[1]));
		}
	}
	for (k = 0; k < 2; k++)
		ck_assert_int_eq(sg_findings_finalize(set[k]), 0);
	ck_assert_uint_gt(sg_findings_count(set[0]), 200);
	ck_assert_uint_eq(sg_findings_count(set[0]), sg_findings_count(set[1]));
	for (i = 0; i < sg_findings_count(set[0]); i++) {
		const sg_finding *a = sg_findings_at(set[0], i);
		const sg_finding *b = sg_findings_at(set[1], i);

		ck_assert_int_eq(order_of(a, b), 0);
		ck_assert_str_eq(a->why, b->why);
		ck_assert_str_eq(b->why,
				 first[b->loc.path ? strtoul(b->loc.path + 3, NULL, 10)
						  : 30]
				      [b->loc.line]);
		if (i)
			ck_assert_int_lt(order_of(sg_findings_at(set[1], i - 1),
						  b), 0);
	}
	/* a range taken after the finalize: line 1 of a file sorts first */
	ck_assert_int_eq(sg_findings_new(&late), 0);
	add(late, "d/f00", 99, "late");
	add(late, "a/first", 1, "late");
	ck_assert_int_eq(sg_findings_take(set[1], late, 0, 2), 0);
	sg_findings_adopt(set[1], late);
	sg_findings_free(late);
	ck_assert_int_eq(sg_findings_finalize(set[1]), 0);
	ck_assert_str_eq(sg_findings_at(set[1], 0)->loc.path, "a/first");
	for (i = 1; i < sg_findings_count(set[1]); i++)
		ck_assert_int_lt(order_of(sg_findings_at(set[1], i - 1),
					  sg_findings_at(set[1], i)), 0);
	for (k = 0; k < 2; k++)
		sg_findings_free(set[k]);
}
END_TEST

/*
 * Threaded stages move findings into the run's set by range: in the order
 * taken, each range whole, an empty or out-of-range one adding nothing,
 * room made ahead not counted as findings; adopted, they outlive the
 * worker's set.
 */
START_TEST(test_core_take_ranges)
{
	sg_findings *run, *w[2];
	struct sg_stage_ctx ctx[2] = { { 0 } };
	const sg_finding *want[8];
	size_t i, k = 0;

	ck_assert_int_eq(sg_findings_new(&run), 0);
	for (i = 0; i < 2; i++)
		ck_assert_int_eq(sg_findings_new(&w[i]), 0);
	for (i = 0; i < 5; i++)
		add(w[i % 2], i % 2 ? "b" : "a", (uint32_t)i + 1, "K");
	for (i = 0; i < 2; i++)
		ctx[i].findings = w[i];
	ck_assert_int_eq(sg_findings_reserve_workers(run, ctx, 2), 0);
	ck_assert_uint_eq(sg_findings_count(run), 0);
	/* w[0] holds lines 1, 3, 5; w[1] lines 2, 4 */
	ck_assert_int_eq(sg_findings_take(run, w[1], 1, 2), 0);
	want[k++] = sg_findings_at(w[1], 1);
	ck_assert_int_eq(sg_findings_take(run, w[0], 0, 3), 0);
	for (i = 0; i < 3; i++)
		want[k++] = sg_findings_at(w[0], i);
	ck_assert_int_eq(sg_findings_take(run, w[1], 1, 1), 0);
	ck_assert_int_eq(sg_findings_take(run, w[1], 2, 9), 0);
	ck_assert_int_eq(sg_findings_take(run, w[1], 0, 1), 0);
	want[k++] = sg_findings_at(w[1], 0);
	ck_assert_uint_eq(sg_findings_count(run), k);
	for (i = 0; i < k; i++)
		ck_assert_ptr_eq(sg_findings_at(run, i), want[i]);
	for (i = 0; i < 2; i++) {
		sg_findings_adopt(run, w[i]);
		sg_findings_free(w[i]);
	}
	ck_assert_int_eq(sg_findings_finalize(run), 0);
	ck_assert_uint_eq(sg_findings_count(run), 5);
	for (i = 0; i < 5; i++) {
		static const char *const msg[] = {
			"problem at 1", "problem at 3", "problem at 5",
			"problem at 2", "problem at 4",
		};
		const sg_finding *f = sg_findings_at(run, i);

		ck_assert_str_eq(f->loc.path, i < 3 ? "a" : "b");
		ck_assert_str_eq(f->message, msg[i]);
	}
	sg_findings_free(run);
}
END_TEST

/*
 * A run that said nothing reads fingerprints gets none: finalize still
 * sorts and de-duplicates; switched back on, they are computed.
 */
START_TEST(test_core_fingerprints_off)
{
	sg_findings *set;

	ck_assert_int_eq(sg_findings_new(&set), 0);
	sg_findings_set_fingerprints(set, false);
	add(set, "b/Dockerfile", 1, "RUN x");
	add(set, "a/Dockerfile", 3, "RUN x");
	add(set, "a/Dockerfile", 3, "RUN x");
	ck_assert_int_eq(sg_findings_finalize(set), 0);
	ck_assert_uint_eq(sg_findings_count(set), 2);
	ck_assert_str_eq(sg_findings_at(set, 0)->loc.path, "a/Dockerfile");
	ck_assert_str_eq(sg_findings_at(set, 0)->fingerprint, "");
	ck_assert_str_eq(sg_findings_at(set, 1)->fingerprint, "");
	sg_findings_set_fingerprints(set, true);
	ck_assert_int_eq(sg_findings_finalize(set), 0);
	EXPECT_FP(sg_findings_at(set, 0), "SGT001\x1f" "a/Dockerfile\x1f\x1f\x1f"
		  "RUN x\x1f" "0");
	sg_findings_free(set);
}
END_TEST

START_TEST(test_core_image_fingerprint_is_tag_free)
{
	sg_findings *a, *b;
	sg_location la = { .image = "reg:5000/team/app:1.2", .object = "pkg:deb/debian/openssl" };
	sg_location lb = { .image = "reg:5000/team/app@sha256:abcd", .object = "pkg:deb/debian/openssl" };

	sg_findings_new(&a);
	sg_findings_new(&b);
	sg_findings_add(a, &rule_a, &la, "CVE-1", "m");
	sg_findings_add(b, &rule_a, &lb, "CVE-1", "m");
	sg_findings_finalize(a);
	sg_findings_finalize(b);
	ck_assert_str_eq(sg_findings_at(a, 0)->fingerprint,
			 sg_findings_at(b, 0)->fingerprint);
	sg_findings_free(a);
	sg_findings_free(b);
}
END_TEST

START_TEST(test_core_exit_codes)
{
	sg_result *res;
	sg_location loc = { .path = "Dockerfile", .line = 1 };
	sg_finding *f;

	ck_assert_int_eq(sg_result_new(&res), 0);
	ck_assert_int_eq(sg_result_finish(res), 0);
	ck_assert_int_eq(res->exit_code, SG_EXIT_PASS);
	f = sg_findings_add(res->findings, &rule_a, &loc, NULL, "x");
	f->verdict = SG_VERDICT_BELOW_THRESHOLD;
	sg_result_finish(res);
	ck_assert_int_eq(res->exit_code, SG_EXIT_PASS);
	f->verdict = SG_VERDICT_GATING;
	sg_result_finish(res);
	ck_assert_int_eq(res->exit_code, SG_EXIT_FAIL);
	ck_assert_uint_eq(res->verdict_counts[SG_VERDICT_GATING], 1);
	f = sg_findings_add(res->findings, &rule_parse, &loc, NULL, "cannot parse");
	sg_result_finish(res);
	ck_assert_int_eq(res->exit_code, SG_EXIT_INPUT);
	sg_result_free(res);
}
END_TEST

START_TEST(test_core_registry_invariants)
{
	size_t i, j, n = sg_rules_count();

	ck_assert_uint_gt(n, 0);
	for (i = 0; i < n; i++) {
		const sg_rule *r = sg_rules_at(i);
		const char *prefix = NULL;

		ck_assert_ptr_nonnull(r->id);
		ck_assert_msg(r->name && r->title && r->help && *r->help,
			      "%s: name, title and help are required", r->id);
		ck_assert_msg(r->severity > SG_SEVERITY_NONE &&
				      r->severity < SG_SEVERITY__COUNT,
			      "%s: bad severity", r->id);
		ck_assert_msg(r->practice < SG_PRACTICE__COUNT, "%s: practice", r->id);
		switch (r->stage) {
#define XX(name, text, pfx) case SG_STAGE_##name: prefix = pfx; break;
			SG_STAGE_MAP(XX)
#undef XX
		default: break;
		}
		ck_assert_msg(prefix && sg_startswith(r->id, prefix),
			      "%s: id prefix does not match stage %s", r->id,
			      sg_stage_name(r->stage));
		ck_assert_ptr_eq(sg_rule_find(r->id), r);
		ck_assert_ptr_eq(sg_rule_find(r->name), r);
		for (j = i + 1; j < n; j++) {
			ck_assert_str_ne(r->id, sg_rules_at(j)->id);
			ck_assert_str_ne(r->name, sg_rules_at(j)->name);
		}
	}
	ck_assert_ptr_null(sg_rule_find("NOPE999"));
}
END_TEST

/* The services that build each Dockerfile, in the order Compose added
 * them: the same through the index as through the list, which answers
 * again as soon as a link is added after the index. */
static char *links_of(const struct sg_links *l, const char *df)
{
	char buf[256] = "";
	const struct sg_link *k;
	size_t it = 0;

	while ((k = sg_links_next_of(l, df, &it)))
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s ",
			 k->service);
	return strdup(buf);
}

START_TEST(test_core_links_by_dockerfile)
{
	static const char *const spec[][2] = {
		{ "web", "web/Dockerfile" }, { "db", NULL },
		{ "api", "api/Dockerfile" }, { "worker", "web/Dockerfile" },
		{ "cron", "api/Dockerfile" }, { "proxy", NULL },
		{ "a", "Dockerfile" }, { "web2", "web/Dockerfile" },
	};
	static const char *const files[] = {
		"web/Dockerfile", "api/Dockerfile", "Dockerfile", "none",
		"api/Dockerfilf", "",
	};
	static const char *const want[] = {
		"web worker web2 ", "api cron ", "a ", "", "", "",
	};
	struct sg_links l;
	struct sg_link k;
	size_t i, pass;
	char *s;

	sg_links_init(&l);
	for (i = 0; i < SG_ARRAY_SIZE(spec); i++) {
		memset(&k, 0, sizeof(k));
		k.compose_path = "compose.yaml";
		k.service = spec[i][0];
		k.dockerfile = spec[i][1];
		ck_assert_int_eq(sg_links_add(&l, &k), 0);
	}
	for (pass = 0; pass < 2; pass++) {      /* the list, then the index */
		if (pass)
			ck_assert_int_eq(sg_links_index(&l), 0);
		for (i = 0; i < SG_ARRAY_SIZE(files); i++) {
			s = links_of(&l, files[i]);
			ck_assert_msg(!strcmp(s, want[i]), "%s (%s): '%s'",
				      files[i], pass ? "index" : "list", s);
			free(s);
		}
	}
	/* added after the index: found all the same */
	k.service = "late";
	k.dockerfile = "api/Dockerfile";
	ck_assert_int_eq(sg_links_add(&l, &k), 0);
	s = links_of(&l, "api/Dockerfile");
	ck_assert_str_eq(s, "api cron late ");
	free(s);
	ck_assert_int_eq(sg_links_index(&l), 0);
	s = links_of(&l, "api/Dockerfile");
	ck_assert_str_eq(s, "api cron late ");
	free(s);
	ck_assert_ptr_null(sg_links_next_of(NULL, "x", &(size_t){ 0 }));
	sg_links_release(&l);
}
END_TEST

START_TEST(test_core_names_roundtrip)
{
	sg_severity s;
	sg_verdict v;

	ck_assert_int_eq(sg_severity_parse("HIGH", &s), 0);
	ck_assert_int_eq(s, SG_SEVERITY_HIGH);
	ck_assert_int_eq(sg_severity_parse("none", &s), SG_ENOTFOUND);
	ck_assert_str_eq(sg_severity_sarif_level(SG_SEVERITY_MEDIUM), "warning");
	ck_assert_str_eq(sg_practice_title(SG_PRACTICE_LOGGING), "Logging & monitoring");
	ck_assert_int_eq(sg_verdict_parse("below-threshold", &v), 0);
	ck_assert_int_eq(v, SG_VERDICT_BELOW_THRESHOLD);
	ck_assert_str_eq(sg_exit_text(3), "an input could not be analysed (reports written)");
}
END_TEST

/* Names from the corpus that the earlier lists (BuildKit's tokens in the
 * Dockerfile stage, substrings in the Compose stage) got wrong, and the
 * plain cases they agreed on. */
START_TEST(test_core_secret_names)
{
	static const char *const secret[] = {
		"POSTGRES_PASSWORD", "DB_PASS", "MYSQL_PWD", "GITHUB_TOKEN",
		"AWS_SECRET_ACCESS_KEY", "SECRET_KEY_BASE", "NEO4J_AUTH",
		"sonar.jdbc.password", "apiKey", "amazonToken", "WEBPASSWORD",
		"clientSecret", "REDIS_STORAGE_SERVER_PASSWORD",
		"BLACKFIRE_SERVER_TOKEN", "WORDPRESS_NONCE_SALT",
		"MEILI_MASTER_KEY", "MERCURE_PUBLISHER_JWT_KEY", "token",
		"COMPOSER_AUTH_JSON", "DOCKER_AUTH_CONFIG",
	};
	static const char *const plain[] = {
		"CASSANDRA_NUM_TOKENS", "OPENAI_MAX_TOKENS", "DB_PASSWORD_FILE",
		"API_KEY_HEADER", "SECRET_NAME", "TOKEN_TTL", "GPG_KEY",
		"GPG_KEYS", "PUBLIC_KEY", "ENABLE_AUTH", "JVB_AUTH_USER",
		"MAILCOW_PASS_SCHEME", "PASSWORD_SCHEME",
		"MYSQL_ALLOW_EMPTY_PASSWORD", "GF_AUTH_ANONYMOUS_ORG_ROLE",
		"JICOFO_AUTH_LIFETIME", "AUTH_RATELIMIT", "PASSTHROUGH",
		"KEYBOARD_LAYOUT", "JVB_ADVERTISE_PRIVATE_CANDIDATES",
		"VITE_API_KEY", "NEXT_PUBLIC_TOKEN", "AWS_ACCESS_KEY_ID", "",
		"_", "PATH", "APP_CONFIG", "AUTH_CONFIG_PATH", "JSON",
		"NOPASSWD", "password-stdin",
	};
	size_t i;

	for (i = 0; i < SG_ARRAY_SIZE(secret); i++)
		ck_assert_msg(sg_secret_name(secret[i]), "%s", secret[i]);
	for (i = 0; i < SG_ARRAY_SIZE(plain); i++)
		ck_assert_msg(!sg_secret_name(plain[i]), "%s", plain[i]);
	/* an auth setting is not a credential; a credential still is */
	ck_assert(sg_secret_value_is_harmless("NEO4J_AUTH", "none"));
	ck_assert(sg_secret_value_is_harmless("REGISTRY_AUTH", "htpasswd"));
	ck_assert(sg_secret_value_is_harmless("auth", "Token"));
	ck_assert(!sg_secret_value_is_harmless("NEO4J_AUTH", "neo4j/s3cr3t"));
	ck_assert(!sg_secret_value_is_harmless("DB_PASSWORD", "none"));
	ck_assert(!sg_secret_value_is_harmless("GITHUB_OAUTH", "none"));
	ck_assert(!sg_secret_value_is_harmless("AUTH_TOKEN", "basic"));
	/* a path is where the secret is, whatever the name */
	ck_assert(sg_secret_value_is_harmless("TLS_KEY", "/certs/domain.key"));
	ck_assert(sg_secret_value_is_harmless("TLS_KEY", "./tls/key.pem"));
	ck_assert(sg_secret_value_is_harmless("STORE_PASS", "node.p12"));
	ck_assert(!sg_secret_value_is_harmless("DB_PASSWORD", "hunter2"));
	ck_assert(!sg_secret_value_is_harmless("TLS_KEY", "my secret.key"));
}
END_TEST

/* What a key (k) or a message (m) shows of a secret; masking again changes
 * nothing. */
START_TEST(test_core_secrets_masked)
{
	static const struct { char mode; const char *in, *out; } cases[] = {
		{ 'k', "ENV DB_PASSWORD=hunter2 | DB_PASSWORD",
		  "ENV DB_PASSWORD=<redacted> | DB_PASSWORD" },
		{ 'k', "ENV A=1 GITHUB_TOKEN=\"ghp_abcdefghijklmnopqrstuvwxyz0123456789\" B=2",
		  "ENV A=1 GITHUB_TOKEN=\"<redacted>\" B=2" },
		{ 'k', "RUN curl https://admin:s3cret@example.com/x",
		  "RUN curl https://admin:<redacted>@example.com/x" },
		{ 'k', "RUN echo -----BEGIN RSA PRIVATE KEY----- MIIEpAIB -----END RSA PRIVATE KEY----- > k",
		  "RUN echo -----BEGIN RSA PRIVATE KEY-----<redacted>-----END RSA PRIVATE KEY----- > k" },
		{ 'k', "RUN echo AKIAABCDEFGHIJKLMNOP > /x", "RUN echo <redacted> > /x" },
		/* a token whose prefix ends where a --flag starts (fuzzer) */
		{ 'm', "see xoxb--vvvDkevcvo there", "see <redacted> there" },
		{ 'k', "ENV MYSQL_PASSWD secret1", "ENV MYSQL_PASSWD <redacted>" },
		{ 'k', "RUN docker login -u me -p hunter2 reg.io && x --password=pw1 --token t0k",
		  "RUN docker login -u me -p <redacted> reg.io && x --password=<redacted> --token <redacted>" },
		{ 'k', "DB_PASSWORD: hunter2", "DB_PASSWORD: <redacted>" },
		{ 'k', "{\"password\":\"pw\",\"user\":\"me\"}",
		  "{\"password\":\"<redacted>\",\"user\":\"me\"}" },
		/* variables, paths, switches, structures, tags: kept */
		{ 'k', "ENV DB_PASSWORD=$DB_PW TLS_KEY=/certs/tls.key SECRET_ENABLED=false",
		  NULL },
		{ 'k', "RUN echo '{\"key\":{\"algo\":\"rsa\"}}' && echo 'ALL ALL=(ALL) NOPASSWD: ALL'",
		  NULL },
		{ 'k', "RUN docker login --password-stdin reg.io", NULL },
		{ 'k', "ENV PASSWORD_FILE=/run/secrets/pw", NULL },
		/* a message: NAME=value and the finders, not prose */
		{ 'm', "build step: |1 DB_PASSWORD=hunter2 /bin/sh -c make",
		  "build step: |1 DB_PASSWORD=<redacted> /bin/sh -c make" },
		{ 'm', "/app/.env contains a secret: GitHub personal access token", NULL },
		{ 'm', "ENV MYSQL_PASSWD puts a secret-like value into the image config", NULL },
		{ 'm', "legacy 'ENV key value' form; write ENV MYSQL_PASSWD=value", NULL },
	};
	struct sg_buf a = SG_BUF_INIT(1 << 20), b = SG_BUF_INIT(1 << 20);
	size_t i;

	for (i = 0; i < SG_ARRAY_SIZE(cases); i++) {
		const char *in = cases[i].in;
		const char *want = cases[i].out ? cases[i].out : in;
		bool key = cases[i].mode == 'k';

		sg_buf_clear(&a);
		ck_assert_int_eq(sg_secret_redact(in, strlen(in), key, &a),
				 cases[i].out != NULL);
		/* nothing is appended when nothing is masked */
		ck_assert_str_eq(sg_buf_cstr(&a), cases[i].out ? want : "");
		sg_buf_clear(&b);
		if (sg_secret_redact(want, strlen(want), key, &b))
			ck_assert_str_eq(sg_buf_cstr(&b), want);
	}
	sg_buf_release(&a);
	sg_buf_release(&b);
}
END_TEST

/* Inputs the fuzzer once broke (fuzz_findings), each in a buffer of
 * exactly its length and the NUL: the masks read only the text they are
 * given (`make test SAN=1` sees a byte past it). */
START_TEST(test_core_redact_fuzz_regressions)
{
	static const char *const inputs[] = {
		" ENV NOPASSWD:ND ",    /* a name as the last word: read t[n] */
	};
	struct sg_buf out = SG_BUF_INIT(1 << 16);
	size_t i, n;
	int key;

	for (i = 0; i < SG_ARRAY_SIZE(inputs); i++)
		for (key = 0; key < 2; key++) {
			char *t = malloc((n = strlen(inputs[i])) + 1);

			ck_assert_ptr_nonnull(t);
			memcpy(t, inputs[i], n + 1);
			sg_buf_clear(&out);
			ck_assert(!sg_secret_redact(t, n, key, &out));
			ck_assert_uint_eq(out.len, 0);
			free(t);
		}
	sg_buf_release(&out);
}
END_TEST

/* Through the finding set: the key and the message are masked as added,
 * so every report and a merge see the same masked text. */
START_TEST(test_core_finding_masks_secrets)
{
	sg_findings *set;
	sg_location loc = { .path = "Dockerfile", .line = 2, .column = 1 };
	sg_finding *f;

	ck_assert_int_eq(sg_findings_new(&set), 0);
	f = sg_findings_add(set, &rule_a, &loc, "ENV  DB_PASSWORD=hunter2",
			    "step: %s", "DB_PASSWORD=hunter2 make");
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(f->key, "ENV DB_PASSWORD=<redacted>");
	ck_assert_str_eq(f->message, "step: DB_PASSWORD=<redacted> make");
	/* more secrets than the masker keeps spans for: none is shown */
	{
		char many[80 * 15 + 1];
		size_t i;

		for (i = 0; i < 80; i++)
			memcpy(many + 15 * i, "PASSWORD=pw123 ", 15);
		many[80 * 15] = '\0';
		f = sg_findings_add(set, &rule_a, &loc, many, "m");
		ck_assert_ptr_nonnull(f);
		ck_assert_ptr_null(strstr(f->key, "pw123"));
		ck_assert_ptr_nonnull(strstr(f->key, "PASSWORD=<redacted>"));
	}
	sg_findings_free(set);
}
END_TEST

Suite *core_suite(void)
{
	Suite *s = suite_create("core");
	TCase *tc = tcase_create("findings");

	tcase_add_test(tc, test_core_fingerprint_survives_edits_above);
	tcase_add_test(tc, test_core_secrets_masked);
	tcase_add_test(tc, test_core_finding_masks_secrets);
	tcase_add_test(tc, test_core_redact_fuzz_regressions);
	tcase_add_test(tc, test_core_fingerprints_on_threads_agree);
	tcase_add_test(tc, test_core_key_normalised);
	tcase_add_test(tc, test_core_key_piece_normalised);
	tcase_add_test(tc, test_core_key_piece_bounded);
	tcase_add_test(tc, test_core_identical_problems_stay_distinct);
	tcase_add_test(tc, test_core_sort_is_deterministic);
	tcase_add_test(tc, test_core_sort_by_runs);
	tcase_add_test(tc, test_core_presorted_runs_agree);
	tcase_add_test(tc, test_core_take_ranges);
	tcase_add_test(tc, test_core_fingerprints_off);
	tcase_add_test(tc, test_core_fingerprint_formula);
	tcase_add_test(tc, test_core_refinalize);
	tcase_add_test(tc, test_core_suppressed_numbered_apart);
	tcase_add_test(tc, test_core_compare_suppressed_never_vouches);
	tcase_add_test(tc, test_core_image_fingerprint_is_tag_free);
	tcase_add_test(tc, test_core_exit_codes);
	tcase_add_test(tc, test_core_registry_invariants);
	tcase_add_test(tc, test_core_names_roundtrip);
	tcase_add_test(tc, test_core_links_by_dockerfile);
	tcase_add_test(tc, test_core_secret_names);
	suite_add_tcase(s, tc);
	return s;
}

/*
 * fuzz_findings.c: libFuzzer target for the finding set: its order and
 * the masking of secrets in what it keeps.
 *
 * The first byte chooses.  Even: the rest is text, masked as a key and as
 * a message (sg_secret_redact()); masking the result again must change
 * nothing, and every secret a finder sees in it must be the mask itself.
 * Odd: the rest is a list of operations: findings (with keys and messages
 * from a table or from the input) added to the run's set and to a
 * worker's, a worker's range sorted (sg_findings_sort_range()) and taken,
 * filters and finalizes.  After every finalize the set must hold exactly
 * what a plain stable sort of everything it received (in the documented
 * order: path, image, line, column, end, rule, object, layer, message,
 * key, baseline; absent strings last) gives once equal findings are merged,
 * the first received kept: the same findings, by pointer, in the same
 * order; and every key and message must be masked already.
 */
#include "util/compat.h"
#include "core/redact.h"
#include "core/stage.h"
#include "shipgate/finding.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const sg_rule rules[2] = {
	{ .id = "SGF001", .name = "fuzz-a", .title = "a", .help = "a",
	  .stage = SG_STAGE_GATE, .practice = SG_PRACTICE_NON_ROOT,
	  .severity = SG_SEVERITY_HIGH },
	{ .id = "SGF002", .name = "fuzz-b", .title = "b", .help = "b",
	  .stage = SG_STAGE_GATE, .practice = SG_PRACTICE_MINIMAL_IMAGE,
	  .severity = SG_SEVERITY_LOW },
};
/* the whitespace variants normalise to one key */
static const char *const keys[] = { "RUN x", " RUN  x ", "RUN\tx", "k", "" };
static const char *const paths[] = { "a/Dockerfile", "b/compose.yaml",
				     "a/Dockerfile.dev", "b" };
static const char *const strs[] = { NULL, "x", "y" };

#define MAXIN 1024
#define MAXREF 8192

struct state {
	const uint8_t *p, *end;
	sg_findings *run, *worker;
	const sg_finding *ref[MAXREF];  /* what `run` received, in order */
	size_t nref;
	size_t mark;                    /* the worker's range starts here */
};

static unsigned int next(struct state *s)
{
	return s->p < s->end ? *s->p++ : 0;
}

static int cmpstr(const char *a, const char *b)
{
	if (!a || !b)
		return (a == NULL) - (b == NULL);
	return strcmp(a, b);
}

static int cmpu(uint32_t a, uint32_t b)
{
	return (a > b) - (a < b);
}

static int ref_cmp(const sg_finding *a, const sg_finding *b)
{
	int c;

	if ((c = cmpstr(a->loc.path, b->loc.path)) ||
	    (c = cmpstr(a->loc.image, b->loc.image)) ||
	    (c = cmpu(a->loc.line, b->loc.line)) ||
	    (c = cmpu(a->loc.column, b->loc.column)) ||
	    (c = cmpu(a->loc.end_line, b->loc.end_line)) ||
	    (c = cmpu(a->loc.end_column, b->loc.end_column)) ||
	    (c = strcmp(a->rule->id, b->rule->id)) ||
	    (c = cmpstr(a->loc.object, b->loc.object)) ||
	    (c = cmpstr(a->loc.layer, b->loc.layer)) ||
	    (c = strcmp(a->message, b->message)) ||
	    (c = strcmp(a->key, b->key)))
		return c;
	return cmpu(a->baseline, b->baseline);
}

/* t, masked again, is t; a secret any finder sees in it is the mask. */
static void check_masked(const char *t, size_t n, bool key)
{
	struct sg_buf b = SG_BUF_INIT(1 << 20);
	struct sg_secret_hit h;
	size_t k, from;
	bool hit;

	if (sg_secret_redact(t, n, key, &b) &&
	    (sg_buf_error(&b) || b.len != n || memcmp(b.ptr, t, n)))
		abort();
	sg_buf_release(&b);
	for (k = 0; k < SG_SECRET_SHAPES + 2; k++) {
		for (from = 0;; from = h.off + h.len) {
			if (k < SG_SECRET_SHAPES)
				hit = sg_secret_find_shape(k, t, n, from, &h);
			else if (k == SG_SECRET_SHAPES)
				hit = sg_secret_find_private_key(t, n, from, &h);
			else
				hit = sg_secret_find_url_password(t, n, from, &h);
			if (!hit)
				break;
			/* (a key block's empty body holds nothing) */
			if (h.mask_len &&
			    (h.mask_len != strlen(SG_SECRET_MASK) ||
			     memcmp(t + h.mask, SG_SECRET_MASK, h.mask_len))) {
				fprintf(stderr, "unmasked %s at %zu in [%.*s]\n",
					h.what, h.mask, (int)n, t);
				abort();
			}
		}
	}
}

static void check_text(const uint8_t *data, size_t size)
{
	struct sg_buf b = SG_BUF_INIT(1 << 20);
	char *t = malloc(size + 1);     /* the NUL sg_secret_redact() wants */
	int key;

	if (!t)
		abort();
	memcpy(t, data, size);
	t[size] = '\0';
	for (key = 0; key < 2; key++) {
		sg_buf_clear(&b);
		if (!sg_secret_redact(t, size, key, &b))
			check_masked(t, size, key);
		else if (sg_buf_error(&b))
			abort();
		else
			check_masked(b.ptr, b.len, key);
	}
	free(t);
	sg_buf_release(&b);
}

/* Up to 63 bytes of the input as a string (to a NUL), in `buf`. */
static const char *text(struct state *s, char buf[64])
{
	size_t n = next(s) % 64, i;

	for (i = 0; i < n && s->p < s->end && *s->p; i++)
		buf[i] = (char)*s->p++;
	buf[i] = '\0';
	return buf;
}

static void add(struct state *s, sg_findings *set)
{
	unsigned int p = next(s), l = next(s), m = next(s);
	char kbuf[64], mbuf[64];
	const char *key = m & 0x80 ? text(s, kbuf) : keys[(m >> 1) % 5];
	const char *msg = p & 0x40 ? text(s, mbuf) : NULL;
	sg_location loc = {
		.path = p % 5 < 4 ? paths[p % 5] : NULL,
		.image = p & 0x80 ? "img:1" : NULL,
		.line = l % 8, .column = (l >> 3) % 3,
		.end_line = (l >> 5) % 8, .end_column = (p >> 3) % 3,
		.object = strs[(m >> 4) % 3], .layer = strs[(m >> 6) % 3],
	};
	sg_finding *f = msg ? sg_findings_add(set, &rules[m & 1], &loc, key,
					      "%s", msg)
			    : sg_findings_add(set, &rules[m & 1], &loc, key,
					      "m%u", (p >> 5) % 3);

	if (!f)
		abort();
	check_masked(f->key, strlen(f->key), true);
	check_masked(f->message, strlen(f->message), false);
	if (set == s->run) {
		if (s->nref == MAXREF)
			abort();
		s->ref[s->nref++] = f;
	}
}

struct ranked {
	const sg_finding *f;
	size_t at;              /* when it was received: ties keep it */
};

static int ranked_cmp(const void *pa, const void *pb)
{
	const struct ranked *a = pa, *b = pb;
	int c = ref_cmp(a->f, b->f);

	return c ? c : (a->at > b->at) - (a->at < b->at);
}

/* A stable sort, then equal neighbours merged: the reference. */
static size_t reference(struct state *s, const sg_finding **v)
{
	static struct ranked r[MAXREF];
	size_t i, o;

	for (i = 0; i < s->nref; i++)
		r[i] = (struct ranked){ s->ref[i], i };
	qsort(r, s->nref, sizeof(*r), ranked_cmp);
	for (i = o = 0; i < s->nref; i++)
		if (!o || ref_cmp(v[o - 1], r[i].f) != 0)
			v[o++] = r[i].f;
	return o;
}

static void finalize(struct state *s)
{
	static const sg_finding *want[MAXREF];
	size_t n, i;

	if (sg_findings_finalize(s->run) < 0)
		abort();
	n = reference(s, want);
	if (sg_findings_count(s->run) != n)
		abort();
	for (i = 0; i < n; i++)
		if (sg_findings_at(s->run, i) != want[i])
			abort();
	/* what finalize keeps is what the next one starts from */
	memcpy(s->ref, want, n * sizeof(*want));
	s->nref = n;
}

static bool keep_line(const sg_finding *f, void *payload)
{
	return f->loc.line % 4 != *(unsigned int *)payload;
}

static void filter(struct state *s)
{
	unsigned int drop = next(s) % 4;
	size_t i, o;

	sg_findings_filter(s->run, keep_line, &drop);
	for (i = o = 0; i < s->nref; i++)
		if (keep_line(s->ref[i], &drop))
			s->ref[o++] = s->ref[i];
	s->nref = o;
}

static void take(struct state *s)
{
	size_t n = sg_findings_count(s->worker);
	size_t start = s->mark + next(s) % 4, end = start + next(s) % 16, i;

	if (sg_findings_take(s->run, s->worker, start, end) < 0)
		abort();
	for (i = start; i < end && i < n; i++) {
		if (s->nref == MAXREF)
			abort();
		s->ref[s->nref++] = sg_findings_at(s->worker, i);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct state s;

	if (size && !(data[0] & 1)) {
		check_text(data + 1, SG_MIN(size - 1, 4 * MAXIN));
		return 0;
	}
	memset(&s, 0, sizeof(s));
	s.p = data + (size > 0);
	s.end = data + SG_MIN(size, MAXIN);
	if (sg_findings_new(&s.run) < 0 || sg_findings_new(&s.worker) < 0)
		abort();
	sg_findings_set_fingerprints(s.run, false);
	while (s.p < s.end) {
		switch (next(&s) % 7) {
		case 0: add(&s, s.run); break;
		case 1: add(&s, s.worker); break;
		case 2: s.mark = sg_findings_count(s.worker); break;
		case 3:
			sg_findings_sort_range(s.worker, s.mark,
					       sg_findings_count(s.worker));
			break;
		case 4: take(&s); break;
		case 5: filter(&s); break;
		default: finalize(&s); break;
		}
	}
	finalize(&s);
	sg_findings_adopt(s.run, s.worker);
	sg_findings_free(s.worker);
	sg_findings_free(s.run);
	return 0;
}

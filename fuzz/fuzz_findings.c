/*
 * fuzz_findings.c: libFuzzer target for the finding set's order: findings
 * added to the run's set and to a worker's, a worker's range sorted
 * (sg_findings_sort_range()) and taken, filters and finalizes, in the
 * order the input says.
 *
 * After every finalize the set must hold exactly what a plain stable sort
 * of everything it received (in the documented order: path, image, line,
 * column, end, rule, object, layer, message, key, baseline; absent strings
 * last) gives once equal findings are merged, the first received kept:
 * the same findings, by pointer, in the same order.
 */
#include "util/compat.h"
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

static void add(struct state *s, sg_findings *set)
{
	unsigned int p = next(s), l = next(s), m = next(s);
	sg_location loc = {
		.path = p % 5 < 4 ? paths[p % 5] : NULL,
		.image = p & 0x80 ? "img:1" : NULL,
		.line = l % 8, .column = (l >> 3) % 3,
		.end_line = (l >> 5) % 8, .end_column = (p >> 3) % 3,
		.object = strs[(m >> 4) % 3], .layer = strs[(m >> 6) % 3],
	};
	sg_finding *f = sg_findings_add(set, &rules[m & 1], &loc,
					keys[(m >> 1) % 5], "m%u", (p >> 5) % 3);

	if (!f)
		abort();
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

	memset(&s, 0, sizeof(s));
	s.p = data;
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

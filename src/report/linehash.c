/*
 * linehash.c: GitHub's rolling line hash (outputs.md §1.6).
 *
 * A window of the last 100 non-blank UTF-16 code units is hashed with
 * base 37 in 64-bit wraparound arithmetic.  A line's hash is the window
 * hash once 100 further code units have gone past the line's first one, so
 * it covers the line and what follows it.  Spaces and tabs are skipped, CR
 * and CRLF count as LF, the end of input is code unit 65535 followed by 100
 * zeros.  Each value is suffixed with how often that hash occurred so far.
 */
#include "util/compat.h"
#include "report/linehash.h"
#include "report/render.h"
#include "shipgate/finding.h"
#include "shipgate/report.h"

#define BLOCK 100
#define MOD 37u
#define EOF_UNIT 65535u

/* hash value -> occurrences so far, open addressing */
struct counts {
	uint64_t *key;
	uint32_t *val;
	size_t cap;
};

static uint32_t count_bump(struct counts *c, uint64_t h)
{
	size_t i = (size_t)((h ^ (h >> 29)) * 0x9E3779B97F4A7C15ull) & (c->cap - 1);

	while (c->val[i] && c->key[i] != h)
		i = (i + 1) & (c->cap - 1);
	c->key[i] = h;
	return ++c->val[i];
}

struct state {
	uint32_t window[BLOCK];
	int64_t lines[BLOCK];   /* line starting at this slot, or -1 */
	uint64_t hash, first_mod;
	size_t index;
	int64_t line;
	bool line_start, prev_cr;
	struct counts counts;
	struct linehash *out;
};

static void output_hash(struct state *s)
{
	int64_t ln = s->lines[s->index];
	uint32_t n = count_bump(&s->counts, s->hash);

	/* lines are emitted in order, each exactly once */
	if (ln >= 1 && (size_t)ln <= s->out->n)
		snprintf(s->out->line[ln - 1], LINEHASH_MAX, "%llx:%lu",
			 (unsigned long long)s->hash, (unsigned long)n);
	s->lines[s->index] = -1;
}

static void update_hash(struct state *s, uint32_t cur)
{
	uint32_t begin = s->window[s->index];

	s->window[s->index] = cur;
	s->hash = MOD * s->hash + cur - s->first_mod * begin;
	s->index = (s->index + 1) % BLOCK;
}

static void process(struct state *s, uint32_t cur)
{
	if (cur == ' ' || cur == '\t' || (s->prev_cr && cur == '\n')) {
		s->prev_cr = false;
		return;
	}
	if (cur == '\r') {
		cur = '\n';
		s->prev_cr = true;
	} else {
		s->prev_cr = false;
	}
	if (s->lines[s->index] != -1)
		output_hash(s);
	if (s->line_start) {
		s->line_start = false;
		s->lines[s->index] = ++s->line;
	}
	if (cur == '\n')
		s->line_start = true;
	update_hash(s, cur);
}

int linehash_compute(struct linehash *out, const char *data, size_t len)
{
	struct state *s = calloc(1, sizeof(*s));
	size_t i, nl = 2, cap = 16;
	int rc = SG_ENOMEM;

	out->line = NULL;
	out->n = 0;
	if (!s)
		return SG_ENOMEM;
	for (i = 0; i < len; i++)
		if (data[i] == '\n' || data[i] == '\r')
			nl++;
	while (cap < 2 * nl)
		cap <<= 1;
	s->counts.cap = cap;
	s->counts.key = calloc(cap, sizeof(*s->counts.key));
	s->counts.val = calloc(cap, sizeof(*s->counts.val));
	out->line = calloc(nl, sizeof(*out->line));
	if (!s->counts.key || !s->counts.val || !out->line)
		goto done;
	out->n = nl;
	s->out = out;
	s->first_mod = 1;
	for (i = 0; i < BLOCK; i++) {
		s->first_mod *= MOD;
		s->lines[i] = -1;
	}
	s->line_start = true;
	for (i = 0; i < len;) {
		uint32_t cp = report_utf8_next(data, len, &i);

		if (cp >= 0x10000) {    /* a surrogate pair in UTF-16 */
			cp -= 0x10000;
			process(s, 0xD800 + (cp >> 10));
			process(s, 0xDC00 + (cp & 0x3FF));
		} else {
			process(s, cp);
		}
	}
	process(s, EOF_UNIT);
	for (i = 0; i < BLOCK; i++) {
		if (s->lines[s->index] != -1)
			output_hash(s);
		update_hash(s, 0);
	}
	out->n = (size_t)s->line;
	rc = 0;
done:
	if (rc < 0)
		linehash_release(out);
	free(s->counts.key);
	free(s->counts.val);
	free(s);
	return rc;
}

void linehash_release(struct linehash *lh)
{
	free(lh->line);
	lh->line = NULL;
	lh->n = 0;
}

int sg_findings_set_line_hashes_range(sg_findings *set, size_t start,
				      size_t end, const char *path,
				      const char *data, size_t len)
{
	struct linehash lh;
	size_t i;
	int rc;

	/* most calls are for files without findings: skip the hashing */
	for (i = start; i < end; i++)
		if (sg_streq(sg_findings_at(set, i)->loc.path, path))
			break;
	if (i == end)
		return 0;
	if ((rc = linehash_compute(&lh, data, len)) < 0)
		return rc;
	for (; i < end; i++) {
		sg_finding *f = sg_findings_at(set, i);
		uint32_t line;

		if (!sg_streq(f->loc.path, path))
			continue;
		/* GitHub hashes line 1 for a result without a region */
		line = f->loc.line ? f->loc.line : 1;
		if (line > lh.n)
			continue;
		f->line_hash = sg_findings_strdup(set, lh.line[line - 1]);
		if (!f->line_hash) {
			rc = SG_ENOMEM;
			break;
		}
	}
	linehash_release(&lh);
	return rc;
}

int sg_findings_set_line_hashes(sg_findings *set, const char *path,
				const char *data, size_t len)
{
	return sg_findings_set_line_hashes_range(set, 0, sg_findings_count(set),
						 path, data, len);
}

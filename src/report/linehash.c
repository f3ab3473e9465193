/*
 * linehash.c: GitHub's rolling line hash (outputs.md §1.6).
 *
 * A window of the last 100 non-blank UTF-16 code units is hashed with
 * base 37 in 64-bit wraparound arithmetic.  A line's hash is the window
 * hash once 100 further code units have gone past the line's first one, so
 * it covers the line and what follows it.  Spaces and tabs are skipped, CR
 * and CRLF count as LF, the end of input is code unit 65535 followed by 100
 * zeros.  Each value is suffixed with how often that hash occurred so far.
 *
 * One pass, constant work per code unit: ASCII bytes are taken inline, the
 * window and the starts of the lines still waiting for their hash are rings,
 * and only the lines a finding asks for are formatted.
 */
#include "util/compat.h"
#include "report/linehash.h"
#include "report/render.h"
#include "shipgate/finding.h"
#include "shipgate/report.h"

#define BLOCK 100
#define RING 128                /* a power of two above BLOCK */
#define MOD 37u
#define MOD_POW_BLOCK 0xe59cd09a331cdb71ull     /* 37^100 mod 2^64 */
#define EOF_UNIT 65535u

/* hash value -> occurrences so far, open addressing, at most half full */
struct counts {
	uint64_t *key;
	uint32_t *val;
	size_t cap, n;
};

static size_t count_slot(const struct counts *c, uint64_t h)
{
	size_t i = (size_t)((h ^ (h >> 29)) * 0x9E3779B97F4A7C15ull) & (c->cap - 1);

	while (c->val[i] && c->key[i] != h)
		i = (i + 1) & (c->cap - 1);
	return i;
}

static int counts_grow(struct counts *c)
{
	struct counts big = { NULL, NULL, c->cap ? 2 * c->cap : 64, c->n };
	size_t i;

	big.key = malloc(big.cap * sizeof(*big.key));
	big.val = calloc(big.cap, sizeof(*big.val));
	if (!big.key || !big.val) {
		free(big.key);
		free(big.val);
		return SG_ENOMEM;
	}
	for (i = 0; i < c->cap; i++)
		if (c->val[i]) {
			size_t j = count_slot(&big, c->key[i]);

			big.key[j] = c->key[i];
			big.val[j] = c->val[i];
		}
	free(c->key);
	free(c->val);
	*c = big;
	return 0;
}

/* Where the hashes go: the lines done so far and their occurrence counts,
 * and which line is due next. */
struct sink {
	struct linehash *out;           /* out->n: lines done */
	size_t cap;                     /* of out->hash and out->count */
	size_t max;                     /* lines wanted */
	size_t started;                 /* lines started */
	uint64_t due;                   /* position at which the oldest line
					   waiting gets its hash, or UINT64_MAX */
	uint64_t start[RING];           /* line k starts at start[k % RING] */
	struct counts counts;
	int rc;
};

/* `hash` is line out->n + 1's: record it with its occurrence.  True when no
 * more lines are wanted (or memory ran out). */
static bool emit(struct sink *k, uint64_t hash)
{
	struct linehash *o = k->out;
	size_t i;

	if (o->n == k->cap) {
		size_t cap = k->cap ? 2 * k->cap : 64;
		uint64_t *h = realloc(o->hash, cap * sizeof(*h));
		uint32_t *c = h ? realloc(o->count, cap * sizeof(*c)) : NULL;

		if (h)
			o->hash = h;
		if (!c)
			goto oom;
		o->count = c;
		k->cap = cap;
	}
	if (2 * (k->counts.n + 1) > k->counts.cap && counts_grow(&k->counts) < 0)
		goto oom;
	i = count_slot(&k->counts, hash);
	if (!k->counts.val[i]) {
		k->counts.key[i] = hash;
		k->counts.n++;
	}
	o->hash[o->n] = hash;
	o->count[o->n] = ++k->counts.val[i];
	return ++o->n >= k->max;
oom:
	k->rc = SG_ENOMEM;
	return true;
}

/* 100 units have gone past the oldest waiting line's start: its hash is
 * the window's.  Lines start on distinct units, so no other line is due
 * now.  True when no more lines are wanted. */
static bool line_due(struct sink *k, uint64_t hash)
{
	size_t done;

	if (emit(k, hash))
		return true;
	done = k->out->n;
	k->due = done < k->started ? k->start[(done + 1) % RING] + BLOCK
				   : UINT64_MAX;
	return false;
}

/*
 * The rolling hash: a local of linehash_compute() whose address reaches no
 * other function, so the compiler keeps it in registers; so is `window`,
 * which holds the unit taken at position p in slot p % RING (zeros before
 * the first: the window starts empty).
 */
struct roll {
	uint64_t hash;
	uint64_t pos;                   /* code units taken */
	bool line_start;
};

/* ASCII bytes that are not taken as they are: blanks, CR, LF. */
static const bool ascii_special[0x80] = {
	[' '] = true, ['\t'] = true, ['\r'] = true, ['\n'] = true,
};

/* Roll `unit` into the window; true when no more lines are wanted. */
static inline bool roll(struct roll *r, uint32_t window[RING], struct sink *k,
			uint32_t unit)
{
	r->hash = MOD * r->hash + unit -
		  MOD_POW_BLOCK * window[(r->pos - BLOCK) % RING];
	window[r->pos % RING] = unit;
	return ++r->pos == k->due && line_due(k, r->hash);
}

/* Take one normalised code unit; true when no more lines are wanted. */
static inline bool take(struct roll *r, uint32_t window[RING], struct sink *k,
			uint32_t unit)
{
	if (r->line_start) {
		k->start[++k->started % RING] = r->pos;
		if (k->started == k->out->n + 1)
			k->due = r->pos + BLOCK;
	}
	r->line_start = unit == '\n';
	return roll(r, window, k, unit);
}

int linehash_compute(struct linehash *out, const char *data, size_t len,
		     size_t max_line)
{
	const unsigned char *p = (const unsigned char *)data;
	struct roll r = { .line_start = true };
	struct sink *k = calloc(1, sizeof(*k));
	uint32_t window[RING] = { 0 };
	bool prev_cr = false, stop = max_line == 0;
	size_t i;
	int rc;

	out->hash = NULL;
	out->count = NULL;
	out->n = 0;
	if (!k)
		return SG_ENOMEM;
	k->out = out;
	k->max = max_line;
	k->due = UINT64_MAX;
	for (i = 0; i < len && !stop;) {
		uint32_t cp = p[i];
		size_t next;

		if (cp < 0x80 && !ascii_special[cp]) {  /* most bytes */
			prev_cr = false;
			stop = take(&r, window, k, cp);
			/* the rest of the run: no line starts inside it */
			while (++i < len && !stop && p[i] < 0x80 &&
			       !ascii_special[p[i]])
				stop = roll(&r, window, k, p[i]);
			continue;
		}
		if (cp < 0x80) {
			i++;
			/* blanks are skipped; CR and CRLF are one LF */
			if (cp == ' ' || cp == '\t' || (cp == '\n' && prev_cr)) {
				prev_cr = false;
				continue;
			}
			prev_cr = cp == '\r';
			stop = take(&r, window, k, prev_cr ? '\n' : cp);
			continue;
		}
		prev_cr = false;
		next = i;       /* i itself stays in a register */
		cp = report_utf8_next(data, len, &next);
		i = next;
		if (cp >= 0x10000) {    /* a surrogate pair in UTF-16 */
			cp -= 0x10000;
			stop = take(&r, window, k, 0xD800 + (cp >> 10)) ||
			       take(&r, window, k, 0xDC00 + (cp & 0x3FF));
		} else {
			stop = take(&r, window, k, cp);
		}
	}
	if (!stop)
		stop = take(&r, window, k, EOF_UNIT);
	while (!stop && out->n < k->started)
		stop = roll(&r, window, k, 0);
	rc = k->rc;
	if (rc < 0)
		linehash_release(out);
	free(k->counts.key);
	free(k->counts.val);
	free(k);
	return rc;
}

void linehash_format(const struct linehash *lh, size_t line,
		     char out[LINEHASH_MAX])
{
	static const char hex[] = "0123456789abcdef";
	uint64_t h = lh->hash[line - 1];
	uint32_t c = lh->count[line - 1];
	char digits[24];
	size_t n = 0, o = 0;

	do
		digits[n++] = hex[h & 15];
	while (h >>= 4);
	while (n)
		out[o++] = digits[--n];
	out[o++] = ':';
	do
		digits[n++] = (char)('0' + c % 10);
	while (c /= 10);
	while (n)
		out[o++] = digits[--n];
	out[o] = '\0';
}

void linehash_release(struct linehash *lh)
{
	free(lh->hash);
	free(lh->count);
	lh->hash = NULL;
	lh->count = NULL;
	lh->n = 0;
}

int sg_findings_set_line_hashes_range(sg_findings *set, size_t start,
				      size_t end, const char *path,
				      const char *data, size_t len)
{
	struct linehash lh;
	size_t i, first, last = 0;
	int rc;

	/* most calls are for files without findings: skip the hashing;
	 * else hash as far as the last line a finding is on */
	for (first = i = start; i < end; i++) {
		const sg_finding *f = sg_findings_at(set, i);

		if (!sg_streq(f->loc.path, path))
			continue;
		if (!last)
			first = i;
		/* GitHub hashes line 1 for a result without a region */
		if ((f->loc.line ? f->loc.line : 1) > last)
			last = f->loc.line ? f->loc.line : 1;
	}
	if (!last)
		return 0;
	if ((rc = linehash_compute(&lh, data, len, last)) < 0)
		return rc;
	for (i = first; i < end; i++) {
		sg_finding *f = sg_findings_at(set, i);
		char text[LINEHASH_MAX];
		uint32_t line;

		if (!sg_streq(f->loc.path, path))
			continue;
		line = f->loc.line ? f->loc.line : 1;
		if (line > lh.n)
			continue;
		linehash_format(&lh, line, text);
		f->line_hash = sg_findings_strdup(set, text);
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

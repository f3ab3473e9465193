/*
 * finding.c: the finding set (see shipgate/finding.h).
 *
 * Findings are allocated in the set's arena and referenced from a pointer
 * vector, so sorting moves pointers, not records.
 */
#include "util/compat.h"
#include "shipgate/finding.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/sha256.h"
#include "util/strmap.h"
#include "util/threads.h"
#include "util/vec.h"
#include "core/redact.h"
#include "core/stage.h"

/*
 * What a finding's fingerprint was computed from.  A run finalizes the same
 * set several times (line hashes, policy, result); when no finding's inputs
 * changed since the last time, its fingerprints stand and are not hashed
 * again.  Strings in the set are never rewritten, so equal pointers mean
 * equal text.
 */
struct fp_input {
	const sg_finding *f;
	const sg_rule *rule;
	const char *path, *image, *object, *key;
	bool kept, suppressed;
};

struct sg_findings {
	struct sg_arena arena;
	SG_VEC(sg_finding *) items;
	SG_VEC(struct fp_input) fp_inputs;  /* as of the last finalize */
	const char *last_path;  /* the last copy of a path: findings come a
				   file at a time, and share it */
	struct sg_buf masked;   /* mask_secrets()' scratch */
	struct sg_workers *workers;     /* finalize may fingerprint on these */
	bool no_fingerprints;   /* nothing will read them */
	/* Sorted and merged by the last finalize, and nothing added since.
	 * The fields compare() reads are set as a finding is added, except
	 * `baseline` (PR mode), which only tells apart findings equal in
	 * everything else, and those finalize has merged already. */
	bool sorted;
	bool oom;
};

int sg_findings_new(sg_findings **out)
{
	sg_findings *set = calloc(1, sizeof(*set));

	*out = set;
	if (!set)
		return SG_ENOMEM;
	sg_arena_init(&set->arena);
	/* as long as the key, plus a few masks */
	sg_buf_init(&set->masked, SIZE_MAX / 2);
	return 0;
}

void sg_findings_free(sg_findings *set)
{
	if (!set)
		return;
	sg_arena_release(&set->arena);
	sg_buf_release(&set->masked);
	sg_vec_release(&set->items);
	sg_vec_release(&set->fp_inputs);
	free(set);
}

size_t sg_findings_count(const sg_findings *set)
{
	return set ? set->items.n : 0;
}

sg_finding *sg_findings_at(const sg_findings *set, size_t i)
{
	return i < set->items.n ? set->items.v[i] : NULL;
}

bool sg_findings_oom(const sg_findings *set)
{
	return set->oom || set->arena.oom;
}

const char *sg_findings_strdup(sg_findings *set, const char *s)
{
	const char *p;

	if (!s)
		return NULL;
	p = sg_arena_strdup(&set->arena, s);
	if (!p)
		set->oom = true;
	return p;
}

/* What sg_isspace() accepts, for the string functions' vector loops. */
static const char key_space[] = " \t\n\r\f\v";

/*
 * `s` (n bytes, a C string) with the secrets in it masked (`key`:
 * sg_secret_redact()): a copy in the arena when there were any, else `s`.
 * Keys and messages are written to reports; a credential the gate read in
 * a Dockerfile, a Compose file or an image's history is not repeated there.
 */
static const char *mask_secrets(sg_findings *set, const char *s, size_t n,
				bool key)
{
	const char *masked;

	sg_buf_clear(&set->masked);
	if (!sg_secret_redact(s, n, key, &set->masked))
		return s;
	masked = sg_buf_error(&set->masked)
			 ? NULL : sg_arena_strdup(&set->arena, set->masked.ptr);
	if (!masked)
		set->oom = true;
	return masked;
}

/* Collapse whitespace runs to one space and trim: identity ignores layout.
 * Keys are whole instructions: copy the runs between blanks, not bytes. */
static const char *normalize_key(sg_findings *set, const char *key)
{
	size_t n = strlen(key), o = 0, run;
	char *out = sg_arena_alloc(&set->arena, n + 1);

	if (!out) {
		set->oom = true;
		return NULL;
	}
	key += strspn(key, key_space);
	while (*key) {
		run = strcspn(key, key_space);
		memcpy(out + o, key, run);
		o += run;
		key += run;
		key += strspn(key, key_space);
		if (*key)
			out[o++] = ' ';
	}
	out[o] = '\0';
	return mask_secrets(set, out, o, true);
}

static int copy_location(sg_findings *set, sg_location *dst,
			 const sg_location *src)
{
	*dst = *src;
	if (src->path && set->last_path && !strcmp(src->path, set->last_path))
		dst->path = set->last_path;
	else if ((dst->path = sg_findings_strdup(set, src->path)))
		set->last_path = dst->path;
	dst->image = sg_findings_strdup(set, src->image);
	dst->layer = sg_findings_strdup(set, src->layer);
	dst->object = sg_findings_strdup(set, src->object);
	if (dst->end_line == 0)
		dst->end_line = dst->line;
	if (dst->end_line < dst->line)
		dst->end_line = dst->line;
	return set->oom ? SG_ENOMEM : 0;
}

sg_finding *sg_findings_add(sg_findings *set, const sg_rule *rule,
			    const sg_location *loc, const char *key,
			    const char *fmt, ...)
{
	sg_finding *f;
	va_list ap;

	assert(rule && loc && fmt);
	f = sg_arena_alloc(&set->arena, sizeof(*f));
	if (!f)
		goto oom;
	f->rule = rule;
	f->severity = rule->severity;
	if (copy_location(set, &f->loc, loc) < 0)
		goto oom;
	va_start(ap, fmt);
	/* most stages hand over a ready message as "%s": copy it */
	if (fmt[0] == '%' && fmt[1] == 's' && !fmt[2]) {
		const char *m = va_arg(ap, const char *);

		f->message = sg_arena_strdup(&set->arena, m ? m : "(null)");
	} else {
		f->message = sg_arena_vprintf(&set->arena, fmt, ap);
	}
	va_end(ap);
	if (!f->message ||
	    !(f->message = mask_secrets(set, f->message, strlen(f->message),
					false)))
		goto oom;
	f->key = normalize_key(set, key ? key : f->message);
	if (!f->key)
		goto oom;
	f->target = f->loc.path ? f->loc.path : f->loc.image;
	f->verdict = SG_VERDICT_GATING;
	if (sg_vec_push(&set->items, f) < 0)
		goto oom;
	set->sorted = false;
	return f;
oom:
	set->oom = true;
	return NULL;
}

int sg_findings_add_related(sg_findings *set, sg_finding *f,
			    const sg_location *loc, const char *message)
{
	sg_related *r = sg_arena_calloc(&set->arena, f->nrelated + 1,
					sizeof(*r));

	if (!r)
		return set->oom = true, SG_ENOMEM;
	if (f->nrelated)
		memcpy(r, f->related, f->nrelated * sizeof(*r));
	if (copy_location(set, &r[f->nrelated].loc, loc) < 0)
		return SG_ENOMEM;
	r[f->nrelated].message = sg_findings_strdup(set, message);
	f->related = r;
	f->nrelated++;
	return set->oom ? SG_ENOMEM : 0;
}

int sg_findings_set_vuln(sg_findings *set, sg_finding *f, const sg_vuln_ref *v)
{
	sg_vuln_ref *c = sg_arena_alloc(&set->arena, sizeof(*c));

	if (!c)
		return set->oom = true, SG_ENOMEM;
	*c = *v;
	c->id = sg_findings_strdup(set, v->id);
	c->aliases = sg_findings_strdup(set, v->aliases);
	c->summary = sg_findings_strdup(set, v->summary);
	c->package = sg_findings_strdup(set, v->package);
	c->source = sg_findings_strdup(set, v->source);
	c->ecosystem = sg_findings_strdup(set, v->ecosystem);
	c->purl = sg_findings_strdup(set, v->purl);
	c->installed = sg_findings_strdup(set, v->installed);
	c->fixed = sg_findings_strdup(set, v->fixed);
	c->vector = sg_findings_strdup(set, v->vector);
	c->db_source = sg_findings_strdup(set, v->db_source);
	f->vuln = c;
	return set->oom ? SG_ENOMEM : 0;
}

sg_finding *sg_findings_add_copy(sg_findings *set, const sg_finding *src)
{
	sg_finding *f;
	size_t j;

	f = sg_findings_add(set, src->rule, &src->loc, src->key, "%s",
			    src->message);
	if (!f)
		return NULL;
	f->severity = src->severity;
	f->verdict = src->verdict;
	f->why = sg_findings_strdup(set, src->why);
	f->expires = sg_findings_strdup(set, src->expires);
	f->baseline = src->baseline;
	f->target = sg_findings_strdup(set, src->target);
	f->line_hash = sg_findings_strdup(set, src->line_hash);
	f->inline_suppression = src->inline_suppression;
	memcpy(f->fingerprint, src->fingerprint, sizeof(f->fingerprint));
	for (j = 0; j < src->nrelated; j++)
		if (sg_findings_add_related(set, f, &src->related[j].loc,
					    src->related[j].message) < 0)
			return NULL;
	if (src->vuln && sg_findings_set_vuln(set, f, src->vuln) < 0)
		return NULL;
	return sg_findings_oom(set) ? NULL : f;
}

int sg_findings_merge(sg_findings *set, const sg_findings *from)
{
	size_t i;

	for (i = 0; i < from->items.n; i++)
		if (!sg_findings_add_copy(set, from->items.v[i]))
			return SG_ENOMEM;
	return 0;
}

static int reserve(sg_findings *set, size_t n)
{
	if (sg_vec_reserve(&set->items, n) < 0) {
		set->oom = true;
		return SG_ENOMEM;
	}
	return 0;
}

int sg_findings_reserve_workers(sg_findings *set,
				const struct sg_stage_ctx *ctx, unsigned int nw)
{
	size_t n = 0;
	unsigned int k;

	for (k = 0; k < nw; k++)
		n += sg_findings_count(ctx[k].findings);
	return reserve(set, n);
}

int sg_findings_take(sg_findings *set, const sg_findings *from, size_t start,
		     size_t end)
{
	size_t n;

	if (from->oom)
		set->oom = true;
	end = SG_MIN(end, from->items.n);
	n = start < end ? end - start : 0;
	if (reserve(set, n) < 0)
		return SG_ENOMEM;
	if (n) {
		memcpy(set->items.v + set->items.n, from->items.v + start,
		       n * sizeof(*set->items.v));
		set->sorted = false;
	}
	set->items.n += n;
	return set->oom ? SG_ENOMEM : 0;
}

void sg_findings_adopt(sg_findings *set, sg_findings *from)
{
	sg_arena_absorb(&set->arena, &from->arena);
	set->oom = set->oom || from->oom;
	from->items.n = 0;
	from->fp_inputs.n = 0;
	from->last_path = NULL;         /* `set`'s memory now */
}

void sg_findings_filter(sg_findings *set,
			bool (*keep)(const sg_finding *f, void *payload),
			void *payload)
{
	size_t i, o;

	for (i = o = 0; i < set->items.n; i++)
		if (keep(set->items.v[i], payload))
			set->items.v[o++] = set->items.v[i];
	set->items.n = o;
}

static int cmpstr(const char *a, const char *b)
{
	/* NULL sorts last: repo files before image-only findings */
	if (!a || !b)
		return (a == NULL) - (b == NULL);
	/* one file's findings share their path (copy_location()) */
	return a == b ? 0 : strcmp(a, b);
}

static int cmpu(uint32_t a, uint32_t b)
{
	return (a > b) - (a < b);
}

static int compare(const void *pa, const void *pb)
{
	const sg_finding *a = *(sg_finding *const *)pa;
	const sg_finding *b = *(sg_finding *const *)pb;
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
	    (c = strcmp(a->key, b->key)) ||
	    (c = cmpu(a->baseline, b->baseline)))
		return c;
	return 0;
}

/* Image identity without tag or digest: "reg:5000/app:1.2@sha256:…" -> "reg:5000/app". */
static size_t image_repo_len(const char *image)
{
	const char *at = strchr(image, '@');
	size_t n = at ? (size_t)(at - image) : strlen(image);
	const char *slash = NULL, *colon;
	size_t i;

	for (i = 0; i < n; i++)
		if (image[i] == '/')
			slash = image + i;
	colon = memchr(slash ? slash : image, ':',
		       n - (size_t)((slash ? slash : image) - image));
	return colon ? (size_t)(colon - image) : n;
}

/*
 * Identity text of `f`, with `path` standing for its location's path.  A
 * finding under an inline suppression comment is marked before the rule id,
 * where no file content can reach (every other identity starts with a
 * registry id), so no unsuppressed finding's identity can equal it.
 */
static int identity(struct sg_buf *b, const sg_finding *f, const char *path)
{
	sg_buf_clear(b);
	/* as long as its parts, whatever they hold: a shard given to merge
	 * may carry a key of megabytes */
	b->max = 64 + strlen(f->rule->id) + (path ? strlen(path) : 0) +
		 (f->loc.image ? strlen(f->loc.image) : 0) +
		 (f->loc.object ? strlen(f->loc.object) : 0) + strlen(f->key);
	if (f->inline_suppression)
		sg_buf_puts(b, "\x1einline-suppressed\x1f");
	sg_buf_puts(b, f->rule->id);
	sg_buf_putc(b, '\x1f');
	if (path)
		sg_buf_puts(b, path);
	sg_buf_putc(b, '\x1f');
	if (f->loc.image)
		sg_buf_put(b, f->loc.image, image_repo_len(f->loc.image));
	sg_buf_putc(b, '\x1f');
	if (f->loc.object)
		sg_buf_puts(b, f->loc.object);
	sg_buf_putc(b, '\x1f');
	sg_buf_puts(b, f->key);
	return sg_buf_error(b);
}

/*
 * A copy of a base finding marked absent (PR mode) keeps the fingerprint it
 * had on the base revision, and stays out of the occurrence numbering, so
 * appending it never renumbers the live findings of the same file.
 */
static bool keeps_fingerprint(const sg_finding *f)
{
	return f->baseline == SG_BASELINE_ABSENT && f->fingerprint[0];
}

/* "\x1f<count>" in decimal (as "%lu" would write it); returns its length. */
static size_t occurrence(char out[24], size_t count)
{
	char digits[20];
	size_t n = 0, o = 0;

	do
		digits[n++] = (char)('0' + count % 10);
	while (count /= 10);
	out[o++] = '\x1f';
	while (n)
		out[o++] = digits[--n];
	return o;
}

static struct fp_input fp_input_of(const sg_finding *f)
{
	struct fp_input in = { f, f->rule, f->loc.path, f->loc.image,
			       f->loc.object, f->key, keeps_fingerprint(f),
			       f->inline_suppression };

	return in;
}

static bool fp_input_eq(const struct fp_input *a, const struct fp_input *b)
{
	return a->f == b->f && a->rule == b->rule && a->path == b->path &&
	       a->image == b->image && a->object == b->object &&
	       a->key == b->key && a->kept == b->kept &&
	       a->suppressed == b->suppressed;
}

/* True when every fingerprint is still what finalize last computed. */
static bool fingerprints_current(const sg_findings *set)
{
	size_t i;

	if (set->fp_inputs.n != set->items.n)
		return false;
	for (i = 0; i < set->items.n; i++) {
		struct fp_input now = fp_input_of(set->items.v[i]);

		if (!fp_input_eq(&now, &set->fp_inputs.v[i]))
			return false;
	}
	return true;
}

static int remember_fp_inputs(sg_findings *set)
{
	size_t i;

	set->fp_inputs.n = 0;
	if (sg_vec_reserve(&set->fp_inputs, set->items.n) < 0)
		return SG_ENOMEM;
	for (i = 0; i < set->items.n; i++)
		set->fp_inputs.v[i] = fp_input_of(set->items.v[i]);
	set->fp_inputs.n = set->items.n;
	return 0;
}

/*
 * Fingerprints in the set's current (sorted) order: sha256 of the identity
 * plus an occurrence index, so identical problems in one file stay
 * distinct.  The index counts line order among findings of the same
 * identity, and suppressed findings have their own (see identity()), so
 * the two kinds are numbered separately.  With `out`, write there and leave the findings alone; `map`
 * (may be NULL) substitutes paths.
 *
 * The identity is hashed once: a copy of the digest context finished after
 * the identity gives its sha256, the key that counts occurrences; the
 * context itself then takes "\x1f<occurrence>" and gives the fingerprint.
 */
static int fingerprint_range(const sg_findings *set,
			     const char *(*map)(const char *path,
						void *payload),
			     void *payload, char (*out)[65], size_t start,
			     size_t end)
{
	struct sg_digest_counts seen = SG_DIGEST_COUNTS_INIT;
	struct sg_buf id = SG_BUF_INIT(0);      /* sized by identity() */
	struct sg_sha256 sha = { NULL }, peek = { NULL };
	unsigned char d[SG_SHA256_LEN];
	const char *run_path = NULL;
	bool counted = false;
	size_t i;
	int err = 0;

	if (start < end && ((err = sg_sha256_init(&sha)) < 0 ||
			    (err = sg_sha256_init(&peek)) < 0))
		goto done;
	for (i = start; i < end; i++) {
		sg_finding *f = set->items.v[i];
		const char *path = f->loc.path, *mapped;
		char *dst = out ? out[i] : f->fingerprint, occ[24];
		size_t count;

		if (keeps_fingerprint(f)) {
			if (out)
				memcpy(dst, f->fingerprint, 65);
			continue;
		}
		/* An identity holds its path and the set is sorted by path, so
		 * no identity spans two files: the counts start over with each
		 * file and stay small.  Mapped paths may merge files: counted
		 * across the whole set. */
		if (!map && (!counted || !sg_streq(path, run_path))) {
			sg_digest_counts_clear(&seen);
			run_path = path;
			counted = true;
		}
		if (map && path && (mapped = map(path, payload)))
			path = mapped;
		if ((err = identity(&id, f, path)) < 0 ||
		    (err = sg_sha256_restart(&sha)) < 0 ||
		    (err = sg_sha256_update(&sha, id.ptr, id.len)) < 0 ||
		    (err = sg_sha256_peek(&sha, &peek, d)) < 0 ||
		    (err = sg_digest_counts_add(&seen, d, &count)) < 0)
			break;
		if ((err = sg_sha256_update(&sha, occ,
					    occurrence(occ, count))) < 0 ||
		    (err = sg_sha256_digest(&sha, d)) < 0)
			break;
		sg_hex(d, sizeof(d), dst);
	}
done:
	sg_sha256_release(&sha);
	sg_sha256_release(&peek);
	sg_digest_counts_release(&seen);
	sg_buf_release(&id);
	return err;
}

/* Fingerprinting a range of whole files, one call of the workers'. */
struct fp_chunk {
	const sg_findings *set;
	char (*out)[65];
	size_t start, end;
	int err;
};

static void fp_work(void *payload, size_t call, unsigned int worker)
{
	struct fp_chunk *c = (struct fp_chunk *)payload + call;

	(void)worker;
	c->err = fingerprint_range(c->set, NULL, NULL, c->out, c->start,
				   c->end);
}

/* Below this many findings a thread costs more than it saves. */
#define FP_PER_THREAD 2048
#define FP_MAX_THREADS 16

/*
 * Occurrences are counted per file (see fingerprint_range()), so files
 * are fingerprinted apart, on set->workers, a run of whole files
 * each; mapped paths may merge files: one range.
 */
static int fingerprints(const sg_findings *set,
			const char *(*map)(const char *path, void *payload),
			void *payload, char (*out)[65])
{
	struct fp_chunk c[FP_MAX_THREADS];
	size_t n = set->items.n, k;
	size_t nk = SG_MIN(sg_workers_count(set->workers), FP_MAX_THREADS);
	int err = 0;

	if (map || nk < 2 || n < 2 * FP_PER_THREAD)
		return fingerprint_range(set, map, payload, out, 0, n);
	nk = SG_MIN(nk, n / FP_PER_THREAD);
	for (k = 0; k < nk; k++) {
		size_t b = k ? c[k - 1].end : 0, e = k + 1 < nk ?
						      n / nk * (k + 1) : n;

		/* a file's findings stay in one range */
		if (e < b)
			e = b;
		while (e > 0 && e < n &&
		       sg_streq(set->items.v[e]->loc.path,
				set->items.v[e - 1]->loc.path))
			e++;
		c[k] = (struct fp_chunk){ set, out, b, e, 0 };
	}
	sg_workers_run(set->workers, nk, fp_work, c);
	for (k = 0; k < nk && !err; k++)
		err = c[k].err;
	return err;
}

int sg_findings_fingerprints_mapped(const sg_findings *set,
				    const char *(*map)(const char *path,
						       void *payload),
				    void *payload, char (*out)[65])
{
	return fingerprints(set, map, payload, out);
}

/* A run of findings that share one path pointer: one file's, as a stage
 * added them (copy_location()). */
struct path_run {
	size_t start, n;
	const char *path;
};

static int compare_runs(const void *pa, const void *pb)
{
	const struct path_run *a = pa, *b = pb;
	int c = cmpstr(a->path, b->path);

	return c ? c : (a->start > b->start) - (a->start < b->start);
}

/* v[0..n) strictly ascending: sorting would not move nor merge anything. */
static bool ascending(sg_finding *const *v, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (compare(&v[i - 1], &v[i]) >= 0)
			return false;
	return true;
}

/* Sort v[0..n) and merge equal findings (the first added stays: the sort
 * is glibc's merge sort, stable); returns how many are left. */
static size_t sort_unique(sg_finding **v, size_t n)
{
	size_t i, o;

	if (n < 2)
		return n;
	qsort(v, n, sizeof(*v), compare);
	for (i = o = 1; i < n; i++)
		if (compare(&v[o - 1], &v[i]) != 0)
			v[o++] = v[i];
	return o;
}

void sg_findings_sort_range(sg_findings *set, size_t start, size_t end)
{
	end = SG_MIN(end, set->items.n);
	if (start < end && !ascending(set->items.v + start, end - start))
		qsort(set->items.v + start, end - start, sizeof(*set->items.v),
		      compare);
}

/*
 * Sort and merge in two steps: the files by path, then each file's
 * findings, where comparing two paths is comparing two pointers.  Findings
 * arrive a file at a time, so sorting ~800 runs and ~800 short ranges
 * costs a third of the comparisons of one sort of everything, and the
 * cheap ones.  Runs of one path (a file two stages reported on) are
 * sorted together; a file's only run that is in order already (a worker
 * sorted it, sg_findings_sort_range()) is checked, not sorted.
 */
static int sort_by_runs(sg_findings *set)
{
	sg_finding **v = set->items.v, **tmp;
	size_t n = set->items.n, nruns = 0, i, j, o, len;
	struct path_run *runs;

	if (n < 2)
		return 0;
	for (i = 0; i < n; i++)
		if (!i || v[i]->loc.path != v[i - 1]->loc.path)
			nruns++;
	runs = malloc(nruns * sizeof(*runs));
	tmp = malloc(n * sizeof(*tmp));
	if (!runs || !tmp) {
		free(runs);
		free(tmp);
		return SG_ENOMEM;
	}
	for (i = 0, nruns = 0; i < n; i++) {
		if (!i || v[i]->loc.path != v[i - 1]->loc.path)
			runs[nruns++] = (struct path_run){ i, 0, v[i]->loc.path };
		runs[nruns - 1].n++;
	}
	qsort(runs, nruns, sizeof(*runs), compare_runs);
	/* each stretch of one path, copied to its place, then sorted there */
	for (i = o = 0; i < nruns; i = j) {
		for (j = i, len = 0;
		     j < nruns && !cmpstr(runs[j].path, runs[i].path); j++) {
			memcpy(tmp + o + len, v + runs[j].start,
			       runs[j].n * sizeof(*tmp));
			len += runs[j].n;
		}
		if (j == i + 1 && ascending(tmp + o, len))
			o += len;
		else
			o += sort_unique(tmp + o, len);
	}
	memcpy(v, tmp, o * sizeof(*tmp));
	set->items.n = o;
	free(runs);
	free(tmp);
	return 0;
}

int sg_findings_finalize(sg_findings *set)
{
	int err;

	if (sg_findings_oom(set))
		return SG_ENOMEM;
	if (!set->sorted &&
	    !ascending(set->items.v, set->items.n) &&
	    (err = sort_by_runs(set)) < 0)
		return set->oom = true, err;
	set->sorted = true;
	if (set->no_fingerprints || fingerprints_current(set))
		return 0;
	/* the inputs as this computation sees them (before it fills in the
	 * fingerprints keeps_fingerprint() looks at) */
	if ((err = remember_fp_inputs(set)) < 0 ||
	    (err = fingerprints(set, NULL, NULL, NULL)) < 0)
		set->fp_inputs.n = 0;
	return err;
}

void sg_findings_set_workers(sg_findings *set, struct sg_workers *w)
{
	set->workers = w;
}

void sg_findings_set_fingerprints(sg_findings *set, bool on)
{
	set->no_fingerprints = !on;
	set->fp_inputs.n = 0;
}

/*
 * lint.c: the Compose stage driver: projects from discovered files, rule
 * dispatch, inline suppressions, and the service -> Dockerfile links.
 *
 * A project's findings are the run's findings from the count at its start
 * on: suppression comments (which need the files' raw text: the YAML tree
 * keeps no comments) are applied to those alone, in place, with no
 * per-project set to copy over.
 */
#include "util/compat.h"
#include <pthread.h>
#include "compose/compose.h"

#include "compose/inline.h"
#include "compose/rules.h"
#include "core/key.h"
#include "core/suppress.h"
#include "repo/source.h"
#include "shipgate/report.h"
#include "util/buf.h"
#include "util/path.h"
#include "util/strmap.h"
#include "util/threads.h"

#define COMPOSE_RULE(name) &name,
const struct compose_rule *const compose_rule_list[] = {
#include "compose/rules/list.h"
};
#undef COMPOSE_RULE
#define COMPOSE_RULE(name) &name.meta,
static const sg_rule *const rule_ptrs[] = {
#include "compose/rules/list.h"
};
#undef COMPOSE_RULE

const size_t compose_rule_count = SG_ARRAY_SIZE(compose_rule_list);
const struct sg_rule_table compose_rules = SG_RULE_PTR_TABLE(rule_ptrs);

bool compose_rule_enabled(const struct sg_policy *pol, const sg_rule *r)
{
	return sg_policy_rule_enabled(pol, r);
}

/* A service that runs only under profiles says so in its findings. */
static void profiles(struct compose_project *p, char *msg, size_t size)
{
	const struct cm_node *it[16];
	size_t i, n, len = strlen(msg), shown = 0;

	if (!p->service)
		return;
	n = compose_items(cm_get(cm_get(p->services, p->service), "profiles"),
			  it, 16);
	for (i = 0; i < n && len + 4 < size; i++) {
		if (!cm_is_str(it[i]))
			continue;
		snprintf(msg + len, size - len, "%s%s",
			 shown++ ? ", " : " (profiles: ", it[i]->value);
		len = strlen(msg);
	}
	if (shown && len + 2 < size)
		snprintf(msg + len, size - len, ")");
}

/*
 * A value that came from elsewhere (an anchor, an extends base, an
 * included or override file) is reported where it was written; the
 * service it applies to is attached as a related location.
 */
static void service_site(struct compose_project *p, sg_finding *f,
			 const struct cm_node *at)
{
	const struct cm_node *svc = cm_get(p->services, p->service);
	sg_location rel = { 0 };

	if (!svc || !svc->kline || (sg_streq(at->file, svc->file) &&
				    at->line >= svc->kline &&
				    at->line <= svc->end_line))
		return;
	rel.path = svc->file;
	rel.line = svc->kline;
	rel.column = svc->kcol;
	sg_findings_add_related(p->out, f, &rel,
				sg_arena_printf(&p->arena, "service '%s' is "
						"defined here", p->service));
}

/* `raw` names a variable ("$$" is a literal dollar, not one). */
static bool interpolated(const char *raw)
{
	const char *d = raw;

	while ((d = strchr(d, '$'))) {
		if (d[1] != '$')
			return true;
		d += 2;
	}
	return false;
}

/*
 * The identity text of a finding at `at` on `line` when the rule gives
 * none: the source line, then " => " and the node's value when the line
 * does not show it, because it was interpolated (`image: ${IMAGE}` takes
 * IMAGE from .env: the finding judges that value) or because the scalar
 * runs over several lines.  Each part is one bounded key piece.
 */
static int line_key(struct compose_project *p, const char *path,
		    uint32_t line, const struct cm_node *at, struct sg_buf *out)
{
	const char *text = compose_line_text(p, path, line);

	sg_key_put(out, text, strlen(text));
	if (at && at->kind == CM_SCALAR && at->raw && at->value &&
	    ((interpolated(at->raw) && strcmp(at->raw, at->value)) ||
	     at->line != line || at->end_line != at->line)) {
		sg_buf_puts(out, " => ");
		sg_key_put(out, at->value, strlen(at->value));
	}
	return sg_buf_error(out);
}

static sg_finding *vreport(struct compose_project *p,
			   const struct compose_rule *r,
			   const struct cm_node *at, bool on_key,
			   const char *key, const char *fmt, va_list ap)
{
	char msg[600];
	sg_location loc = { 0 };
	sg_finding *f;

	if (!compose_rule_enabled(p->ctx->policy, &r->meta))
		return NULL;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	profiles(p, msg, sizeof(msg));
	loc.path = at && at->file ? at->file : p->main_path;
	if (at && on_key && at->kline) {
		loc.line = at->kline;
		loc.column = at->kcol;
	} else if (at) {
		loc.line = at->line;
		loc.column = at->col;
		if (at->kind == CM_SCALAR && at->end_line == at->line &&
		    at->end_col > at->col) {
			loc.end_line = at->end_line;
			loc.end_column = at->end_col - 1;
		}
	}
	/* a service's findings come one after another: its name once */
	if (p->service && (!p->object || strcmp(p->object + 8, p->service)))
		p->object = sg_arena_printf(&p->arena, "service %s", p->service);
	loc.object = p->service ? p->object : NULL;
	if (!key) {
		sg_buf_clear(&p->key);
		if (line_key(p, loc.path, loc.line, at, &p->key) < 0) {
			p->arena.oom = true;    /* the run fails: out of memory */
			return NULL;
		}
		key = sg_buf_cstr(&p->key);
	}
	f = sg_findings_add(p->out, &r->meta, &loc, key, "%s", msg);
	if (f && at && p->service)
		service_site(p, f, at);
	return f;
}

sg_finding *compose_report(struct compose_project *p,
			   const struct compose_rule *r,
			   const struct cm_node *at, const char *key,
			   const char *fmt, ...)
{
	sg_finding *f;
	va_list ap;

	va_start(ap, fmt);
	f = vreport(p, r, at, false, key, fmt, ap);
	va_end(ap);
	return f;
}

sg_finding *compose_report_key(struct compose_project *p,
			       const struct compose_rule *r,
			       const struct cm_node *at, const char *key,
			       const char *fmt, ...)
{
	sg_finding *f;
	va_list ap;

	va_start(ap, fmt);
	f = vreport(p, r, at, true, key, fmt, ap);
	va_end(ap);
	return f;
}

/* ---- suppressions ------------------------------------------------------- */

enum dir_kind { DIR_SPAN, DIR_FILE };

struct directive;
struct dir_vec {
	struct directive *v;
	size_t n, cap;
};

struct directive {
	enum dir_kind kind;
	const char *file;
	uint32_t from, to;           /* lines covered (DIR_SPAN) */
	struct sg_suppress s;
	const char *origin;          /* the comment text */
};

struct line {
	const char *s;
	size_t len;
	size_t indent;
	const char *comment;         /* after '#', or NULL */
	size_t clen;
	bool code;                   /* something before the comment */
};

static void split_line(struct line *l)
{
	size_t i;
	char q = 0;

	l->indent = 0;
	while (l->indent < l->len && l->s[l->indent] == ' ')
		l->indent++;
	l->comment = NULL;
	l->code = false;
	for (i = l->indent; i < l->len; i++) {
		char c = l->s[i];

		if (q) {
			if (c == q)
				q = 0;
			continue;
		}
		if ((c == '"' || c == '\'') &&
		    (i == l->indent || strchr(" :-[{,", l->s[i - 1])))
			q = c;
		else if (c == '#' && (i == l->indent || l->s[i - 1] == ' ' ||
				      l->s[i - 1] == '\t')) {
			l->comment = l->s + i + 1;
			l->clen = l->len - i - 1;
			break;
		}
		if (!sg_isspace((unsigned char)c))
			l->code = true;
	}
}

/* The last line of the block that starts at `t` (a key and its value). */
static uint32_t span_end(const struct line *lines, size_t n, size_t t)
{
	size_t i, last = t;
	bool opens = false;
	size_t e = lines[t].len;

	while (e > 0 && sg_isspace((unsigned char)lines[t].s[e - 1]))
		e--;
	if (lines[t].comment)
		e = (size_t)(lines[t].comment - 1 - lines[t].s);
	while (e > 0 && sg_isspace((unsigned char)lines[t].s[e - 1]))
		e--;
	opens = e > 0 && lines[t].s[e - 1] == ':';
	for (i = t + 1; i < n; i++) {
		const struct line *l = &lines[i];

		if (!l->code)
			continue;
		if (l->indent > lines[t].indent ||
		    (opens && l->indent == lines[t].indent &&
		     l->len > l->indent && l->s[l->indent] == '-' &&
		     lines[t].s[lines[t].indent] != '-'))
			last = i;
		else
			break;
	}
	return (uint32_t)last + 1;
}

static bool word_at(const char **s, const char *end, const char *w)
{
	size_t n = strlen(w);

	while (*s < end && (**s == ' ' || **s == '\t'))
		(*s)++;
	if ((size_t)(end - *s) < n || memcmp(*s, w, n) != 0)
		return false;
	*s += n;
	return true;
}

static void unknown_refs(struct compose_project *p, const struct directive *d,
			 uint32_t line)
{
	size_t i;
	sg_location loc = { 0 };

	loc.path = d->file;
	loc.line = line;
	for (i = 0; i < d->s.nunknown; i++)
		sg_findings_add(p->out, &sg_rule_unknown_suppression, &loc,
				d->s.unknown[i],
				"suppression names unknown rule '%s'",
				d->s.unknown[i]);
}

/*
 * Whether any '#' in the file is followed by a directive's first word: a
 * file without one (most) needs no line table.  Every comment starts at a
 * '#', so this never skips a directive the scan below would find.
 */
static bool may_have_directive(const struct cm_file *f)
{
	const char *s = f->data, *end = f->data + f->len;

	while (s < end && (s = memchr(s, '#', (size_t)(end - s))) != NULL) {
		const char *w = ++s;

		if (word_at(&w, end, "shipgate") || word_at(&w, end, "dclint"))
			return true;
	}
	return false;
}

static int scan_file(struct compose_project *p, const struct cm_file *f,
		     struct dir_vec *out)
{
	SG_VEC(struct line) lines = SG_VEC_INIT;
	size_t i = 0;
	int rc = 0;

	if (!f->data || !may_have_directive(f))
		return 0;
	while (i < f->len) {
		struct line l = { 0 };
		const char *eol = memchr(f->data + i, '\n', f->len - i);

		l.s = f->data + i;
		l.len = eol ? (size_t)(eol - l.s) : f->len - i;
		i += l.len + 1;
		if (l.len && l.s[l.len - 1] == '\r')
			l.len--;
		split_line(&l);
		if ((rc = sg_vec_push(&lines, l)) < 0)
			goto done;
	}
	for (i = 0; i < lines.n; i++) {
		const struct line *l = &lines.v[i];
		const char *s = l->comment, *end;
		struct directive d = { 0 };
		char list[512];
		size_t ln = 0, t;

		if (!s)
			continue;
		end = s + l->clen;
		d.file = f->path;
		while (end > s && sg_isspace((unsigned char)end[-1]))
			end--;
		if (word_at(&s, end, "shipgate") && word_at(&s, end, "ignore=")) {
			rc = sg_suppress_parse(s, (size_t)(end - s), &p->arena,
					       &d.s);
			if (rc < 0)
				goto done;
			/* the line itself, or the next line with code */
			t = i;
			if (!l->code)
				for (t = i + 1; t < lines.n && !lines.v[t].code;
				     t++)
					;
			if (t >= lines.n)
				continue;
			d.kind = DIR_SPAN;
			d.from = (uint32_t)t + 1;
			d.to = span_end(lines.v, lines.n, t);
		} else if (s = l->comment, word_at(&s, end, "dclint")) {
			bool next = false, line = false;

			if (word_at(&s, end, "disable-next-line"))
				next = true;
			else if (word_at(&s, end, "disable-line"))
				line = true;
			else if (!word_at(&s, end, "disable-file") &&
				 !word_at(&s, end, "disable"))
				continue;
			/* "a b, c" -> "a,b,c" for the shared parser */
			while (s < end && ln + 2 < sizeof(list)) {
				while (s < end && (*s == ' ' || *s == ',' ||
						   *s == '\t'))
					s++;
				if (s >= end)
					break;
				if (ln)
					list[ln++] = ',';
				while (s < end && *s != ' ' && *s != ',' &&
				       ln + 1 < sizeof(list))
					list[ln++] = *s++;
			}
			if (ln == 0) {
				d.s.all = true;
			} else if ((rc = sg_suppress_parse(list, ln, &p->arena,
							   &d.s)) < 0) {
				goto done;
			}
			if (next) {
				for (t = i + 1; t < lines.n && !lines.v[t].code;
				     t++)
					;
				if (t >= lines.n)
					continue;
				d.kind = DIR_SPAN;
				d.from = (uint32_t)t + 1;
				d.to = span_end(lines.v, lines.n, t);
			} else if (line) {
				d.kind = DIR_SPAN;
				d.from = (uint32_t)i + 1;
				d.to = l->code ? span_end(lines.v, lines.n, i)
					       : d.from;
			} else {
				d.kind = DIR_FILE;
			}
		} else {
			continue;
		}
		/* the origin names the comment; the reason is added apart */
		d.origin = sg_arena_printf(&p->arena, "#%.*s", (int)l->clen,
					   l->comment);
		if (d.s.reason) {
			size_t ol = strlen(d.origin), rl = strlen(d.s.reason);

			if (ol > rl && !strcmp(d.origin + ol - rl, d.s.reason)) {
				while (ol > rl && d.origin[ol - rl - 1] == ' ')
					ol--;
				d.origin = sg_arena_strndup(&p->arena, d.origin,
							    ol - rl);
			}
		}
		unknown_refs(p, &d, (uint32_t)i + 1);
		if ((rc = sg_vec_push(out, d)) < 0)
			goto done;
	}
done:
	sg_vec_release(&lines);
	return rc;
}

/* Suppression comments apply to the project's findings: from `first` on. */
static int apply_suppressions(struct compose_project *p, size_t first)
{
	struct dir_vec dirs = SG_VEC_INIT;
	size_t i, j, n;
	int rc = 0;

	for (i = 0; i < p->files.n; i++)
		if ((rc = scan_file(p, &p->files.v[i], &dirs)) < 0)
			goto done;
	n = sg_findings_count(p->out);
	for (i = first; i < n && dirs.n; i++) {
		sg_finding *f = sg_findings_at(p->out, i);

		if (f->rule->stage != SG_STAGE_COMPOSE)
			continue;
		for (j = 0; j < dirs.n; j++) {
			const struct directive *d = &dirs.v[j];

			if (!sg_streq(d->file, f->loc.path) ||
			    !sg_suppress_covers(&d->s, f->rule))
				continue;
			if (d->kind == DIR_SPAN &&
			    (f->loc.line < d->from || f->loc.line > d->to))
				continue;
			if ((rc = sg_finding_suppress(p->out, f, d->origin,
						      d->s.reason)) < 0)
				goto done;
			break;
		}
	}
done:
	sg_vec_release(&dirs);
	return rc;
}

/*
 * GitHub's line hashes of the project's findings while its files are at
 * hand, as the Dockerfile workers do: the run's last pass (hash_lines)
 * then need not read them again.  Only a file that pass would read the same
 * (not empty, within max-file-size) is hashed here; findings on any other
 * file are left to it.  Each file's hashing scans all the project's
 * findings, so a project of many files (an include tree) leaves them all
 * to that pass, which takes each file's findings in one sorted run.
 */
#define HASH_FILES_MAX 4

static int hash_files(struct compose_project *p, size_t first)
{
	size_t n = sg_findings_count(p->out), i;
	int rc;

	if (p->files.n > HASH_FILES_MAX)
		return 0;
	for (i = 0; i < p->files.n && first < n; i++) {
		const struct cm_file *f = &p->files.v[i];

		if (!f->data || !f->len ||
		    f->len > p->ctx->policy->max_file_size)
			continue;
		if ((rc = sg_findings_set_line_hashes_range(p->out, first, n,
							    f->path, f->data,
							    f->len)) < 0)
			return rc;
	}
	return 0;
}

/* ---- links and rules ---------------------------------------------------- */

/*
 * Links already recorded, by identity, so that the dedup below is a lookup
 * and not a scan of every link so far.  A run keeps one index across its
 * projects and adds only the links appended since the last project (the
 * vector only grows): rebuilding it per project was quadratic in the
 * number of projects.
 */
struct link_index {
	struct sg_arena arena;
	struct sg_strmap keys;
	size_t indexed;     /* links->v[0 .. indexed) are in `keys` */
};

static void link_index_init(struct link_index *ix)
{
	sg_arena_init(&ix->arena);
	memset(&ix->keys, 0, sizeof(ix->keys));
	ix->indexed = 0;
}

static void link_index_release(struct link_index *ix)
{
	sg_strmap_release(&ix->keys);
	sg_arena_release(&ix->arena);
}

static char *put_num(char *o, uint64_t v)
{
	char d[24];
	size_t n = 0;

	do
		d[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (n)
		*o++ = d[--n];
	return o;
}

/* "-" for NULL, else "+<length>:<text>": the key is unambiguous. */
static char *put_field(char *o, const char *s, size_t n)
{
	if (!s) {
		*o++ = '-';
		return o;
	}
	*o++ = '+';
	o = put_num(o, n);
	*o++ = ':';
	memcpy(o, s, n);
	return o + n;
}

/* A link's identity as one string, in the index's arena. */
static const char *link_key(struct link_index *ix, const struct sg_link *l)
{
	const char *f[5] = { l->compose_path, l->service, l->dockerfile,
			     l->target, l->image };
	size_t len[5], i, size = 24;
	char *k, *o;

	for (i = 0; i < 5; i++) {
		len[i] = f[i] ? strlen(f[i]) : 0;
		size += len[i] + 24;
	}
	if (!(k = o = sg_arena_alloc(&ix->arena, size)))
		return NULL;
	for (i = 0; i < 5; i++) {
		if (i == 2)
			o = put_num(o, l->line);
		o = put_field(o, f[i], len[i]);
	}
	*o = '\0';
	return k;
}

/*
 * What commit() needs of a linted project, copied out of it into `a` so the
 * project can be freed before it is committed: the files it read and the
 * links of its services to the Dockerfiles they build or the images they
 * name.
 */
struct kept {
	const char *main_path;
	const char **files;
	size_t nfiles;
	bool services;          /* it has services, and the run wants links */
	struct sg_link *links;
	size_t nlinks;
};

static int keep_project(struct compose_project *p, struct sg_arena *a,
			struct kept *k)
{
	size_t i;

	memset(k, 0, sizeof(*k));
	k->main_path = sg_arena_strdup(a, p->main_path);
	if (!(k->files = sg_arena_alloc(a, (p->files.n + 1) *
					       sizeof(*k->files))))
		return SG_ENOMEM;
	for (i = 0; i < p->files.n; i++)
		k->files[k->nfiles++] = sg_arena_strdup(a, p->files.v[i].path);
	k->services = p->root && p->ctx->links && p->services;
	if (!k->services)
		return a->oom ? SG_ENOMEM : 0;
	if (!(k->links = sg_arena_alloc(a, (p->services->n + 1) *
					       sizeof(*k->links))))
		return SG_ENOMEM;
	for (i = 0; i < p->services->n; i++) {
		const struct cm_node *svc = p->services->kids[i];
		const struct cm_node *img = cm_get(svc, "image");
		struct compose_build b;
		struct sg_link *l = &k->links[k->nlinks];
		bool built = compose_build_resolve(p, svc, &b);

		if (!built && !cm_is_str(img))
			continue;
		l->compose_path = sg_arena_strdup(a, svc->file);
		l->service = sg_arena_strdup(a, svc->key);
		l->line = svc->kline;
		l->dockerfile = built ? sg_arena_strdup(a, b.dockerfile) : NULL;
		l->target = built ? sg_arena_strdup(a, b.target) : NULL;
		l->image = cm_is_str(img) ? sg_arena_strdup(a, img->value)
					  : NULL;
		k->nlinks++;
	}
	return a->oom ? SG_ENOMEM : 0;
}

/* A project's links added to the run's, each link once. */
static int add_links(const struct kept *k, struct sg_links *links,
		     struct link_index *ix)
{
	const char *key;
	size_t i;

	if (!k->services)
		return 0;
	/* an included file linted on its own links its services too */
	for (; ix->indexed < links->v.n; ix->indexed++)
		if (!(key = link_key(ix, &links->v.v[ix->indexed])) ||
		    sg_strmap_put(&ix->keys, key, (void *)1, NULL) < 0)
			return SG_ENOMEM;
	for (i = 0; i < k->nlinks; i++) {
		if (!(key = link_key(ix, &k->links[i])))
			return SG_ENOMEM;
		if (sg_strmap_has(&ix->keys, key))
			continue;
		if (sg_strmap_put(&ix->keys, key, (void *)1, NULL) < 0 ||
		    sg_links_add(links, &k->links[i]) < 0)
			return SG_ENOMEM;
		ix->indexed++;
	}
	return 0;
}

static void run_rules(struct compose_project *p)
{
	size_t r, i;

	for (r = 0; r < compose_rule_count; r++) {
		const struct compose_rule *rule = compose_rule_list[r];

		if (!compose_rule_enabled(p->ctx->policy, &rule->meta))
			continue;
		if (rule->project) {
			p->service = NULL;
			rule->project(p, rule);
		}
		if (!rule->service || !p->services)
			continue;
		for (i = 0; i < p->services->n; i++) {
			const struct cm_node *svc = p->services->kids[i];

			if (svc->kind != CM_MAP)
				continue;
			p->service = svc->key;
			rule->service(p, rule, svc);
		}
		p->service = NULL;
	}
}

/* Files a project read (includes, extends) and the links index, kept
 * across projects. */
struct loaded {
	struct sg_arena arena;
	struct sg_strmap paths;
	struct link_index links;
};

/*
 * Load and lint one project into ctx->findings: everything but what ties
 * it to the other projects of the run (commit() does that).  `hash`: a run
 * computes the line hashes here, a file linted alone leaves them to its
 * caller.  *out is the project, for commit(); the caller frees it.
 */
static int project_lint(const struct sg_stage_ctx *ctx,
			const char *const *paths, size_t n, const char *data,
			size_t len, bool hash, struct compose_project **out,
			sg_error *err)
{
	struct compose_project *p = NULL;
	size_t first = sg_findings_count(ctx->findings);
	int rc;

	*out = NULL;
	if ((rc = compose_project_load(&p, ctx, ctx->findings, paths, n, data,
				       len, err)) < 0)
		return rc;
	*out = p;
	if (p->root) {
		run_rules(p);
		if ((rc = compose_lint_inline(p, err)) < 0)
			return rc;
	}
	if (apply_suppressions(p, first) < 0 ||
	    (hash && ctx->line_hashes && hash_files(p, first) < 0) ||
	    sg_findings_oom(ctx->findings) || p->arena.oom)
		return sg_error_set(err, SG_ENOMEM, paths[0], 0, 0,
				    "out of memory");
	return 0;
}

/* Link a linted project's services to their Dockerfiles (once per link in
 * the run) and remember the files it read. */
static int commit(const struct kept *k, struct sg_links *links,
		  struct loaded *seen, sg_error *err)
{
	size_t i;

	if (add_links(k, links, &seen->links) < 0)
		goto oom;
	for (i = 0; i < k->nfiles; i++) {
		const char *f = sg_arena_strdup(&seen->arena, k->files[i]);

		if (!f || sg_strmap_put(&seen->paths, f, (void *)1, NULL) < 0)
			goto oom;
	}
	return 0;
oom:
	return sg_error_set(err, SG_ENOMEM, k->main_path, 0, 0,
			    "out of memory");
}

/* One project on this thread; `seen` NULL for a file linted alone. */
static int lint_project(const struct sg_stage_ctx *ctx,
			const char *const *paths, size_t n, const char *data,
			size_t len, struct loaded *seen, sg_error *err)
{
	struct compose_project *p = NULL;
	struct link_index own;
	struct kept k;
	int rc;

	link_index_init(&own);
	rc = project_lint(ctx, paths, n, data, len, seen != NULL, &p, err);
	if (rc >= 0 && keep_project(p, &p->arena, &k) < 0)
		rc = sg_error_set(err, SG_ENOMEM, paths[0], 0, 0,
				  "out of memory");
	if (rc >= 0 && seen)
		rc = commit(&k, ctx->links, seen, err);
	else if (rc >= 0 && add_links(&k, ctx->links, &own) < 0)
		rc = sg_error_set(err, SG_ENOMEM, paths[0], 0, 0,
				  "out of memory");
	compose_project_free(p);
	link_index_release(&own);
	return rc;
}

int compose_lint_file(const struct sg_stage_ctx *ctx, const char *path,
		      const char *data, size_t len, sg_error *err)
{
	return lint_project(ctx, &path, 1, data, len, NULL, err);
}

/* ---- grouping files into projects --------------------------------------- */

static const char *const mains[] = {
	"compose.yaml", "compose.yml", "docker-compose.yaml",
	"docker-compose.yml",
};

static bool is_override_of(const char *base, const char *main)
{
	bool legacy = sg_startswith(main, "docker-");

	if (legacy)
		return !strcmp(base, "docker-compose.override.yml") ||
		       !strcmp(base, "docker-compose.override.yaml");
	return !strcmp(base, "compose.override.yml") ||
	       !strcmp(base, "compose.override.yaml");
}

static bool is_override(const char *base)
{
	return is_override_of(base, "compose.yaml") ||
	       is_override_of(base, "docker-compose.yaml");
}

static bool same_dir(const char *a, const char *b)
{
	size_t la = sg_path_dirlen(a), lb = sg_path_dirlen(b);

	return la == lb && memcmp(a, b, la) == 0;
}

static int index_of(const char *const *paths, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (sg_streq(paths[i], s))
			return (int)i;
	return -1;
}

/* A policy `compose.projects` entry "a.yml, b.yml" -> its files. */
static size_t split_project(const char *spec, char buf[][512], size_t max)
{
	size_t n = 0;

	while (spec && *spec && n < max) {
		const char *c = strchr(spec, ',');
		size_t len = c ? (size_t)(c - spec) : strlen(spec);
		long m;

		while (len && *spec == ' ') {
			spec++;
			len--;
		}
		while (len && spec[len - 1] == ' ')
			len--;
		if (len && len < 512 &&
		    (m = sg_path_normalize(spec, len, buf[n])) > 0)
			n++;
		spec = c ? c + 1 : NULL;
	}
	return n;
}

struct group {
	const char *v[16];
	size_t n;
	bool include;   /* its first file has a top-level `include:` */
	char *text;     /* that file as compose_read() gives it, or NULL */
	size_t len;
};

struct groups {
	struct group *v;
	size_t n, cap;
};

static int add_group(struct groups *gs, const char *const *v, size_t n)
{
	struct group g;

	memset(&g, 0, sizeof(g));
	g.n = SG_MIN(n, SG_ARRAY_SIZE(g.v));
	memcpy(g.v, v, g.n * sizeof(*v));
	return sg_vec_push(gs, g);
}

/*
 * Texts of groups' first files kept from the include scan for their lint,
 * up to this many bytes in all: past it a file is read a second time
 * rather than a large tree of Compose files held in memory at once.
 */
#define KEEP_MAX ((size_t)64 << 20)

/*
 * A group's first file, read once: whether it has a top-level `include:`
 * key (a text scan, no parse needed) and, while `*keep` allows, its text
 * for the project, kept only where compose_read() would accept the file
 * (a regular file read whole).
 */
static void read_first(const struct sg_stage_ctx *ctx, struct group *g,
		       size_t *keep)
{
	struct sg_buf b = SG_BUF_INIT(ctx->policy->max_file_size
					      ? ctx->policy->max_file_size
					      : 1024 * 1024);
	struct sg_entry e;
	bool file = sg_source_stat(ctx->source, g->v[0], &e, NULL) == 0 &&
		    e.type == SG_ENTRY_FILE;

	if (sg_source_read(ctx->source, g->v[0], b.max, &b, NULL) == 0 &&
	    b.ptr) {
		g->include = sg_startswith(b.ptr, "include:") ||
			     strstr(b.ptr, "\ninclude:") != NULL;
		if (file && !sg_buf_error(&b) && b.len <= *keep) {
			*keep -= b.len;
			g->len = b.len;
			g->text = sg_buf_detach(&b);
		}
	}
	sg_buf_release(&b);
}

/* The order projects are committed in, on one thread or several: those
 * with `include:` first, then the others, each in group order.  `order`
 * holds gs->n; returns how many it got. */
static size_t commit_order(const struct groups *gs, struct group **order)
{
	size_t pass, i, n = 0;

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < gs->n; i++)
			if (gs->v[i].include == (pass == 0))
				order[n++] = &gs->v[i];
	return n;
}

/* ---- projects on several threads --------------------------------------- */

/*
 * Every project is linted on the run's workers, each into its worker's own
 * set: the worker reads the project's first file (whether it has
 * `include:`), lints the project, keeps what commit() needs and frees it.
 * Then, on this thread, the projects with `include:` first and each kind in
 * group order, as compose_lint_files() orders them, each is skipped (a
 * project committed before it read its first file, as an `include:` or
 * `extends:` does) or committed: its findings move to the run's set and its
 * links are added, as if the projects had been linted one after another, so
 * every thread count gives the same report.
 *
 * The workers take the projects shallowest directory first: a project
 * usually includes files below it (laradock's top file includes 111
 * fragments, one directory down), so an includer is taken before the files
 * it includes, and a file a project with `include:` read is not linted on
 * its own (its commit would skip it).  A file reached while such a project
 * is still being linted, and named in its first file, is put off until
 * every worker has passed over the list, then linted unless an includer
 * read it: taken as they came, up to 49 of laradock's fragments were linted
 * for nothing.  What commit still skips (a file an `extends:` read) was.
 */

/* A project whose first file one before it read (as an `include:` or an
 * `extends:` does): its findings are that one's.  Projects with `include:`
 * come first and are never skipped. */
static bool linted_elsewhere(const struct group *g, const struct loaded *seen)
{
	return !g->include && sg_strmap_has(&seen->paths, g->v[0]);
}

struct cjob {
	bool linted;                    /* false: its commit will skip it */
	unsigned int worker;
	size_t start, end;              /* its findings in the worker's set */
	struct kept kept;               /* in the worker's arena */
	int rc;
	sg_error *err;                  /* malloc'd when rc < 0 (the jobs
					 * stay small: one per project) */
};

struct cpool {
	struct group *groups;
	struct cjob *jobs;              /* one per group */
	size_t *order;                  /* groups, shallowest first */
	size_t *later, nlater;          /* groups put off by take() */
	struct group **commit;          /* commit_order(), once linted */
	/* the run's context with a worker's set and source (projects point
	 * here; the workers read overrides, extends and env files) */
	struct sg_stage_ctx ctx[SG_WORKERS_MAX];
	struct sg_source *src[SG_WORKERS_MAX]; /* sg_source_threads_open() */
	struct sg_arena kept[SG_WORKERS_MAX];  /* the workers' kept projects */
	unsigned int nw;
	/* files read by projects with `include:` linted so far (keys in
	 * `kept`) */
	pthread_mutex_t lock;
	struct sg_strmap included;
	/* the project with `include:` each worker is linting, or NULL */
	const struct group *running[SG_WORKERS_MAX];
};

/* Does the first file of `inc`, a project with `include:`, name `path`
 * (relative to its directory, as `include:` paths are)?  A text search:
 * a wrong answer only moves or repeats work, never changes a report. */
static bool names(const struct group *inc, const char *path)
{
	size_t dl = sg_path_dirlen(inc->v[0]);

	if (!inc->text)
		return false;
	if (dl) {
		if (strncmp(path, inc->v[0], dl) != 0 || path[dl] != '/')
			return false;
		path += dl + 1;
	}
	return strstr(inc->text, path) != NULL;
}

enum take { TAKE_LINT, TAKE_SKIP, TAKE_LATER };

/* What a worker does with group `i` (its first file read): lint it, skip
 * it (a project with `include:` linted so far read it), or put it off
 * while such a project being linted names it, until all of them are
 * done (`later`). */
static enum take take(struct cpool *pool, size_t i, bool may_put_off)
{
	const struct group *g = &pool->groups[i];
	enum take t = TAKE_LINT;
	unsigned int k;

	if (g->include)
		return TAKE_LINT;
	pthread_mutex_lock(&pool->lock);
	if (sg_strmap_has(&pool->included, g->v[0]))
		t = TAKE_SKIP;
	for (k = 0; may_put_off && t == TAKE_LINT && k < pool->nw; k++)
		if (pool->running[k] && names(pool->running[k], g->v[0])) {
			pool->later[pool->nlater++] = i;
			t = TAKE_LATER;
		}
	pthread_mutex_unlock(&pool->lock);
	return t;
}

/* `g`, a project with `include:`, is being linted on `worker` */
static void includer_start(struct cpool *pool, unsigned int worker,
			   const struct group *g)
{
	pthread_mutex_lock(&pool->lock);
	pool->running[worker] = g;
	pthread_mutex_unlock(&pool->lock);
}

/* ... and is done: the files it read (`k`, NULL when it failed) are not
 * linted on their own */
static void includer_done(struct cpool *pool, unsigned int worker,
			  const struct kept *k)
{
	size_t i;

	pthread_mutex_lock(&pool->lock);
	pool->running[worker] = NULL;
	/* out of memory here only means fewer projects are skipped */
	for (i = 0; k && i < k->nfiles; i++)
		if (sg_strmap_put(&pool->included, k->files[i], (void *)1,
				  NULL) < 0)
			break;
	pthread_mutex_unlock(&pool->lock);
}

/* Lint group `i` into the worker's set, unless take() says otherwise; the
 * `first` time a group is taken, its first file is read (put off, it is
 * not read again: project_lint() reads it). */
static void lint_group(struct cpool *pool, size_t i, unsigned int worker,
		       bool first)
{
	struct group *g = &pool->groups[i];
	struct cjob *j = &pool->jobs[i];
	const struct sg_stage_ctx *ctx = &pool->ctx[worker];
	struct compose_project *p = NULL;
	size_t keep = KEEP_MAX;
	sg_error err;

	if (first)
		read_first(ctx, g, &keep);
	if (take(pool, i, first) != TAKE_LINT) {
		free(g->text);
		g->text = NULL;
		return;
	}
	if (g->include)
		includer_start(pool, worker, g);
	j->linted = true;
	j->worker = worker;
	j->start = sg_findings_count(ctx->findings);
	sg_error_clear(&err);
	j->rc = project_lint(ctx, g->v, g->n, g->text, g->len, true, &p, &err);
	if (j->rc >= 0 && keep_project(p, &pool->kept[worker], &j->kept) < 0)
		j->rc = sg_error_set(&err, SG_ENOMEM, g->v[0], 0, 0,
				     "out of memory");
	if (j->rc < 0 && (j->err = malloc(sizeof(*j->err))))
		*j->err = err;
	if (g->include)
		includer_done(pool, worker, j->rc >= 0 ? &j->kept : NULL);
	j->end = sg_findings_count(ctx->findings);
	sg_findings_sort_range(ctx->findings, j->start, j->end);
	compose_project_free(p);
	free(g->text);
	g->text = NULL;
}

/* sg_work_fn: the call's group, in the order taken */
static void lint_work(void *payload, size_t call, unsigned int worker)
{
	struct cpool *pool = payload;

	lint_group(pool, pool->order[call], worker, true);
}

/* sg_work_fn: a group put off */
static void lint_later(void *payload, size_t call, unsigned int worker)
{
	struct cpool *pool = payload;

	lint_group(pool, pool->later[call], worker, false);
}

static size_t depth(const char *path)
{
	size_t n = 0;

	for (; *path; path++)
		n += *path == '/';
	return n;
}

struct by_depth {
	size_t depth, i;
};

static int cmp_depth(const void *pa, const void *pb)
{
	const struct by_depth *a = pa, *b = pb;

	if (a->depth != b->depth)
		return a->depth < b->depth ? -1 : 1;
	return (a->i > b->i) - (a->i < b->i);
}

/* The groups' indices, shallowest first directory first, then in order. */
static size_t *shallow_first(const struct groups *gs)
{
	struct by_depth *d = calloc(gs->n + 1, sizeof(*d));
	size_t *order = d ? calloc(gs->n + 1, sizeof(*order)) : NULL, i;

	if (order) {
		for (i = 0; i < gs->n; i++)
			d[i] = (struct by_depth){ depth(gs->v[i].v[0]), i };
		qsort(d, gs->n, sizeof(*d), cmp_depth);
		for (i = 0; i < gs->n; i++)
			order[i] = d[i].i;
	}
	free(d);
	return order;
}

/* Skip or commit the projects in commit_order(); the first error stops. */
static int commit_all(const struct sg_stage_ctx *ctx, struct cpool *pool,
		      struct group *const *order, size_t n,
		      struct loaded *seen, sg_error *err)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < n && rc >= 0; i++) {
		const struct group *g = order[i];
		struct cjob *j = &pool->jobs[g - pool->groups];

		/* skipped first: one thread would not have linted it */
		if (linted_elsewhere(g, seen))
			continue;
		if (!j->linted) {
			/* a project with `include:` read its first file, so
			 * this is not reached; were it, the project is linted
			 * here, not passed over */
			rc = lint_project(ctx, g->v, g->n, NULL, 0, seen, err);
		} else if (j->rc < 0) {
			rc = j->err ? (*err = *j->err, j->rc)
				    : sg_error_set(err, SG_ENOMEM, g->v[0], 0,
						   0, "out of memory");
		} else if (sg_findings_take(ctx->findings,
					    pool->ctx[j->worker].findings,
					    j->start, j->end) < 0) {
			rc = sg_error_set(err, SG_ENOMEM, g->v[0], 0, 0,
					  "out of memory");
		} else {
			rc = commit(&j->kept, ctx->links, seen, err);
		}
	}
	return rc;
}

static int lint_parallel(const struct sg_stage_ctx *ctx, struct groups *gs,
			 struct loaded *seen, sg_error *err)
{
	struct cpool *pool = calloc(1, sizeof(*pool));
	unsigned int k;
	size_t i;
	int rc = 0;

	if (!pool || !(pool->jobs = calloc(gs->n + 1, sizeof(*pool->jobs))) ||
	    !(pool->commit = calloc(gs->n + 1, sizeof(*pool->commit))) ||
	    !(pool->later = calloc(gs->n + 1, sizeof(*pool->later))) ||
	    !(pool->order = shallow_first(gs))) {
		if (pool) {
			free(pool->jobs);
			free(pool->commit);
			free(pool->later);
		}
		free(pool);
		return sg_error_set(err, SG_ENOMEM, NULL, 0, 0, "out of memory");
	}
	pthread_mutex_init(&pool->lock, NULL);
	pool->groups = gs->v;
	pool->nw = sg_workers_count(ctx->workers);
	for (k = 0; k < pool->nw; k++)
		sg_arena_init(&pool->kept[k]);
	if ((rc = sg_source_threads_open(pool->src, pool->nw, ctx->source,
					 err)) < 0)
		goto done;
	for (k = 0; k < pool->nw; k++) {
		pool->ctx[k] = *ctx;
		pool->ctx[k].source = pool->src[k];
		pool->ctx[k].findings = NULL;
		if (sg_findings_new(&pool->ctx[k].findings) < 0) {
			rc = sg_error_set(err, SG_ENOMEM, NULL, 0, 0,
					  "out of memory");
			goto done;
		}
	}
	sg_workers_run(ctx->workers, gs->n, lint_work, pool);
	sg_workers_run(ctx->workers, pool->nlater, lint_later, pool);
	if (sg_findings_reserve_workers(ctx->findings, pool->ctx, pool->nw) < 0) {
		rc = sg_error_set(err, SG_ENOMEM, NULL, 0, 0, "out of memory");
		goto done;
	}
	/* the include flags are known now */
	rc = commit_all(ctx, pool, pool->commit,
			commit_order(gs, pool->commit), seen, err);
	for (k = 0; k < pool->nw; k++)
		sg_findings_adopt(ctx->findings, pool->ctx[k].findings);
done:
	for (k = 0; k < pool->nw; k++) {
		sg_findings_free(pool->ctx[k].findings);
		sg_arena_release(&pool->kept[k]);
	}
	sg_source_threads_free(pool->src, pool->nw);
	for (i = 0; i < gs->n; i++)
		free(pool->jobs[i].err);
	sg_strmap_release(&pool->included);
	pthread_mutex_destroy(&pool->lock);
	free(pool->order);
	free(pool->later);
	free(pool->commit);
	free(pool->jobs);
	free(pool);
	return rc;
}

/*
 * The files grouped into projects, and the projects with `include:` linted
 * first, so a file another project includes (a fragment that relies on
 * the networks and services of its includer, as laradock's do) is linted
 * as part of it and not again on its own.  Which projects include is
 * known from their first files: on one thread, all are read before any is
 * linted; on several, each is read as a worker takes it and the order is
 * kept when they are committed (lint_parallel()).
 */
int compose_lint_files(const struct sg_stage_ctx *ctx,
		       const char *const *paths, size_t n, sg_error *err)
{
	struct groups groups = SG_VEC_INIT;
	struct loaded seen;
	bool *done = calloc(n + 1, sizeof(*done));
	size_t *ovr = calloc(n + 1, sizeof(*ovr));
	char (*files)[512] = calloc(16 * (ctx->policy->compose.projects.n + 1),
				    512);
	struct group **order = NULL;
	size_t i, j, k, o, novr = 0, nord = 0, keep = KEEP_MAX;
	int rc = 0;

	sg_arena_init(&seen.arena);
	memset(&seen.paths, 0, sizeof(seen.paths));
	link_index_init(&seen.links);
	if (!ctx->source) {
		rc = sg_error_set(err, SG_EUSAGE, n ? paths[0] : NULL, 0, 0,
				  "compose projects need a source tree");
		goto out;
	}
	if (!done || !ovr || !files) {
		rc = sg_error_set(err, SG_ENOMEM, NULL, 0, 0, "out of memory");
		goto out;
	}
	/* policy -f lists: their files are not linted elsewhere */
	for (i = 0; i < ctx->policy->compose.projects.n; i++) {
		char (*f)[512] = files + 16 * i;
		size_t nf = split_project(ctx->policy->compose.projects.v[i], f,
					  16), ng = 0;
		const char *g[16];

		for (j = 0; j < nf; j++) {
			int at = index_of(paths, n, f[j]);

			if (at >= 0)
				done[at] = true;
			if (sg_source_exists(ctx->source, f[j]))
				g[ng++] = f[j];
		}
		if (ng && add_group(&groups, g, ng) < 0)
			goto oom;
	}
	/* override files, in order: the few a main file can pair with, so
	 * pairing is not a scan of every path per main file */
	for (i = 0; i < n; i++)
		if (is_override(sg_path_basename(paths[i])))
			ovr[novr++] = i;
	/* main files with their override companions */
	for (k = 0; k < SG_ARRAY_SIZE(mains); k++) {
		for (i = 0; i < n; i++) {
			const char *g[16];
			size_t ng = 0;

			if (done[i] ||
			    strcmp(sg_path_basename(paths[i]), mains[k]) != 0)
				continue;
			done[i] = true;
			g[ng++] = paths[i];
			for (o = 0; o < novr; o++) {
				j = ovr[o];
				if (done[j] || !same_dir(paths[i], paths[j]) ||
				    !is_override_of(sg_path_basename(paths[j]),
						    mains[k]))
					continue;
				done[j] = true;
				if (ng < 16)
					g[ng++] = paths[j];
			}
			if (add_group(&groups, g, ng) < 0)
				goto oom;
		}
	}
	/* everything else on its own */
	for (i = 0; i < n; i++)
		if (!done[i] && add_group(&groups, &paths[i], 1) < 0)
			goto oom;
	if (sg_workers_count(ctx->workers) > 1) {
		rc = lint_parallel(ctx, &groups, &seen, err);
		goto out;
	}
	for (i = 0; i < groups.n; i++)
		read_first(ctx, &groups.v[i], &keep);
	if (!(order = calloc(groups.n + 1, sizeof(*order))))
		goto oom;
	nord = commit_order(&groups, order);
	for (i = 0; i < nord; i++) {
		struct group *g = order[i];

		if (!linted_elsewhere(g, &seen) &&
		    (rc = lint_project(ctx, g->v, g->n, g->text, g->len, &seen,
				       err)) < 0)
			goto out;
		free(g->text);
		g->text = NULL;
	}
	goto out;
oom:
	rc = sg_error_set(err, SG_ENOMEM, NULL, 0, 0, "out of memory");
out:
	for (i = 0; i < groups.n; i++)
		free(groups.v[i].text);
	sg_vec_release(&groups);
	sg_strmap_release(&seen.paths);
	sg_arena_release(&seen.arena);
	link_index_release(&seen.links);
	free(done);
	free(ovr);
	free(files);
	free(order);
	return rc;
}

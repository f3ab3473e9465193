/*
 * engine.c: one walk over a parsed Dockerfile, every enabled rule, and the
 * inline suppressions of every linter whose comments people already write.
 *
 * Suppression scopes (see the reference's suppression table):
 *   # shipgate ignore=ID[,ID] reason     next instruction
 *   # shipgate global ignore=ID …        whole file
 *   # shipgate stage ignore=ID …         the stage whose FROM follows
 *   # hadolint ignore= / global ignore= / stage ignore=   the same
 *   # check=skip=Name[,Name]|all         directive: whole file; comment
 *                                        above an instruction: that one
 *                                        (above FROM: its stage)
 *   # trivy:ignore:<id>                  next instruction
 *   # kics-scan ignore-line              next instruction, every rule
 *   # kics-scan ignore-block             rest of the stage (above FROM:
 *                                        the whole stage)
 *   # kics-scan ignore                   whole file, every rule
 *   # checkov:skip=<ID>:<reason>         whole file
 * A finding about the whole file or a stage ("no HEALTHCHECK") is anchored
 * at the stage's FROM, so a comment above that FROM silences it.
 */
#include "util/compat.h"
#include "dockerfile/dockerfile.h"

#include "core/key.h"
#include "core/registry.h"
#include "core/suppress.h"
#include "dockerfile/rule.h"
#include "dockerfile/rules/rules.h"
#include "repo/source.h"
#include "util/buf.h"
#include "util/vec.h"
#include "util/yaml.h"

enum scope { SC_NEXT, SC_FILE, SC_STAGE, SC_BLOCK };

struct supp {
	enum scope scope;
	int32_t target;          /* instruction index (NEXT, BLOCK) or stage */
	int32_t stage;           /* BLOCK: the stage */
	struct sg_suppress s;
	const char *origin;      /* the comment, for the finding's "why" */
	uint32_t line;
	bool config;             /* from a config file: unknown ids are not
				    findings (shellcheck codes and the like) */
};

struct df_engine {
	struct sg_arena arena;
	SG_VEC(struct supp) supps;
	const struct df_plan *plan;
	unsigned char *state_block;     /* every rule's state, plan->state_off */
	const struct df_instr *key_in;  /* whose identity `key` holds */
	struct sg_buf key;
};

/* ---- reporting ------------------------------------------------------------ */

static bool scope_covers(const struct supp *s, const struct df_instr *in)
{
	switch (s->scope) {
	case SC_FILE:
		return true;
	case SC_NEXT:
		return in && (int32_t)in->index == s->target;
	case SC_STAGE:
		return in && in->stage == s->target;
	case SC_BLOCK:
		return in && in->stage == s->stage &&
		       (int32_t)in->index >= s->target;
	}
	return false;
}

static void add_links(struct df_ctx *c, sg_finding *f)
{
	const struct sg_links *l = c->stage_ctx->links;
	const struct sg_link *k;
	size_t it = 0;

	if (!l || !f)
		return;
	while ((k = sg_links_next_of(l, c->path, &it))) {
		sg_location loc;
		char msg[512];

		memset(&loc, 0, sizeof(loc));
		loc.path = k->compose_path;
		loc.line = k->line;
		loc.object = k->service;
		if (k->target)
			snprintf(msg, sizeof(msg), "built by compose service '%s' "
				 "(target %s)", k->service, k->target);
		else
			snprintf(msg, sizeof(msg), "built by compose service '%s'",
				 k->service);
		sg_findings_add_related(c->stage_ctx->findings, f, &loc, msg);
	}
}

static sg_finding *report(struct df_ctx *c, const struct df_instr *in,
			  struct df_span span, const char *key,
			  const char *fmt, va_list ap)
{
	struct sg_buf msg = SG_BUF_INIT(4096);
	const char *text = NULL;
	sg_location loc;
	sg_finding *f;
	char object[300];
	size_t i;
	const sg_rule *rule = &c->rule->meta;

	memset(&loc, 0, sizeof(loc));
	loc.path = c->path;
	loc.line = span.line;
	loc.column = span.col;
	loc.end_line = span.end_line;
	loc.end_column = span.end_col;
	/* The object is part of the identity: a named stage keeps its name
	 * there, but an unnamed one has only its position, which a stage
	 * added above renumbers, so it gets no object (the line already says
	 * where the finding is in every report). */
	if (in && in->stage >= 0 && (uint32_t)in->stage < c->file->nstages &&
	    c->file->stages[in->stage].name) {
		snprintf(object, sizeof(object), "stage %s",
			 c->file->stages[in->stage].name);
		loc.object = object;
	}
	/* the RUN rules hand over a ready message as "%s": no second pass */
	if (fmt[0] == '%' && fmt[1] == 's' && !fmt[2]) {
		va_list one;

		va_copy(one, ap);
		text = va_arg(one, const char *);
		va_end(one);
	}
	if (!text || strlen(text) > msg.max) {
		sg_buf_vprintf(&msg, fmt, ap);
		text = sg_buf_cstr(&msg);
	}
	f = sg_findings_add(c->stage_ctx->findings, rule, &loc, key, "%s",
			    text);
	sg_buf_release(&msg);
	if (!f)
		return NULL;
	for (i = 0; i < c->eng->supps.n; i++) {
		const struct supp *s = &c->eng->supps.v[i];

		if (sg_suppress_covers(&s->s, rule) && scope_covers(s, in)) {
			sg_finding_suppress(c->stage_ctx->findings, f, s->origin,
					    s->s.reason);
			break;
		}
	}
	add_links(c, f);
	return f;
}

/* ---- identity keys ------------------------------------------------------- */

/* Kinds whose words BuildKit does not expand: the shell does, at run time. */
#define SHELL_KINDS (DF_ON(DF_RUN) | DF_ON(DF_CMD) | DF_ON(DF_ENTRYPOINT) | \
		     DF_ON(DF_SHELL) | DF_ON(DF_HEALTHCHECK))

struct subst {
	uint32_t off, len;      /* the raw word in the text */
	const char *value;
};

struct subst_vec {
	struct subst *v;
	size_t n, cap;
};

/* A word whose value came from ARG/ENV (or defaults) and differs from it. */
static void add_subst(struct subst_vec *v, const struct df_word *w,
		      int *err)
{
	struct subst s;

	if (!w->raw || !w->value || !strchr(w->raw, '$') ||
	    !strcmp(w->raw, w->value))
		return;
	s.off = w->off;
	s.len = w->len;
	s.value = w->value;
	if (sg_vec_push(v, s) < 0)
		*err = SG_ENOMEM;
}

static int cmp_subst(const void *a, const void *b)
{
	const struct subst *x = a, *y = b;

	return (x->off > y->off) - (x->off < y->off);
}

/*
 * The instruction's text again with every word BuildKit expanded replaced
 * by its value (ARG defaults, ENV), as one key piece; nothing when no word
 * needed a variable.  Rules judge the value (`FROM ${BASE}` is judged on
 * what BASE is), so the value is what the finding is about.
 */
static int put_expanded(struct sg_buf *out, const struct df_instr *in)
{
	struct subst_vec v = SG_VEC_INIT;
	struct sg_key_piece k;
	uint32_t i, at = 0;
	int err = 0;

	for (i = 0; i < in->nflags; i++)
		if (in->flags[i].has_value)
			add_subst(&v, &in->flags[i].val, &err);
	for (i = 0; !(DF_ON(in->kind) & SHELL_KINDS) && i < in->nargs; i++)
		add_subst(&v, &in->args[i], &err);
	for (i = 0; i < in->nkvs; i++) {
		add_subst(&v, &in->kvs[i].key, &err);
		if (in->kvs[i].has_value)
			add_subst(&v, &in->kvs[i].value, &err);
	}
	if (err || !v.n)
		goto done;
	qsort(v.v, v.n, sizeof(*v.v), cmp_subst);
	sg_buf_puts(out, " => ");
	sg_key_begin(&k, out);
	for (i = 0; i < v.n; i++) {
		const struct subst *s = &v.v[i];

		if (s->off < at || s->off + s->len > in->text_len)
			continue;
		sg_key_feed(&k, in->text + at, s->off - at);
		sg_key_feed(&k, s->value, strlen(s->value));
		at = s->off + s->len;
	}
	sg_key_feed(&k, in->text + at, in->text_len - at);
	err = sg_key_end(&k);
done:
	sg_vec_release(&v);
	return err;
}

/*
 * Identity of an instruction: its whole logical text and every heredoc
 * body (one piece), then " => " and the text with its expanded words
 * resolved, when any was.  Several rules report on one instruction in a
 * row: the last one is kept.
 */
static const char *instr_key(struct df_engine *e, const struct df_instr *in)
{
	struct sg_key_piece k;
	uint32_t i;

	if (e->key_in == in && !sg_buf_error(&e->key))
		return sg_buf_cstr(&e->key);
	e->key_in = in;
	sg_buf_clear(&e->key);
	sg_key_begin(&k, &e->key);
	sg_key_feed(&k, in->text, in->text_len);
	for (i = 0; i < in->nheredocs; i++) {
		sg_key_feed(&k, "\n", 1);
		sg_key_feed(&k, in->heredocs[i].body, in->heredocs[i].body_len);
	}
	if (sg_key_end(&k) < 0 || put_expanded(&e->key, in) < 0) {
		e->key_in = NULL;
		return NULL;
	}
	return sg_buf_cstr(&e->key);
}

/*
 * The key of a finding on `in`: the instruction's identity, then " = " and
 * `value` (a value the finding judges that is not in the instruction: a base
 * image reached through another stage, a label the policy requires), then
 * " | " and the part of the instruction or of a heredoc body the finding
 * points at (kept last: compose/inline.c reads the name after the last
 * " | ").  NULL when out of memory.
 */
static const char *make_key(struct df_ctx *c, const struct df_instr *in,
			    const char *value, const char *part, size_t len,
			    struct sg_buf *out)
{
	const char *ik = instr_key(c->eng, in);

	if (!ik)
		return NULL;
	sg_buf_clear(out);
	/* sized once: the identity, often kilobytes, is most of the key */
	(void)sg_buf_grow(out, strlen(ik) + (value ? strlen(value) : 0) +
				       len + 64);
	sg_buf_puts(out, ik);
	if (value) {
		sg_buf_puts(out, " = ");
		sg_key_put(out, value, strlen(value));
	}
	if (part && len) {
		sg_buf_puts(out, " | ");
		sg_key_put(out, part, len);
	}
	return sg_buf_error(out) ? NULL : sg_buf_cstr(out);
}

/* Bytes [off, off+len) of the text as the offending part, when they are a
 * proper part of it (len 0, or the whole text: none). */
static const char *text_part(const struct df_instr *in, uint32_t off,
			     uint32_t *len)
{
	if (!*len || off >= in->text_len || *len >= in->text_len)
		return *len = 0, NULL;
	if (off + *len > in->text_len)
		*len = in->text_len - off;
	return in->text + off;
}

static sg_finding *vreport_at(struct df_ctx *c, const struct df_instr *in,
			      uint32_t off, uint32_t len, const char *value,
			      const char *fmt, va_list ap)
{
	struct df_span span = { 1, 0, 1, 0 };
	struct sg_buf key = SG_BUF_INIT(1 << 20);
	const char *k = NULL, *part;
	sg_finding *f;

	if (in) {
		if (len)
			span = df_instr_span(in, off, len);
		else
			span = in->span;
		part = text_part(in, off, &len);
		if (!(k = make_key(c, in, value, part, len, &key))) {
			sg_buf_release(&key);
			c->eng->arena.oom = true;
			return NULL;
		}
	}
	f = report(c, in, span, k, fmt, ap);
	sg_buf_release(&key);
	return f;
}

sg_finding *df_report(struct df_ctx *c, const struct df_instr *in,
		      uint32_t off, uint32_t len, const char *fmt, ...)
{
	sg_finding *f;
	va_list ap;

	va_start(ap, fmt);
	f = vreport_at(c, in, off, len, NULL, fmt, ap);
	va_end(ap);
	return f;
}

sg_finding *df_report_value(struct df_ctx *c, const struct df_instr *in,
			    uint32_t off, uint32_t len, const char *value,
			    const char *fmt, ...)
{
	sg_finding *f;
	va_list ap;

	va_start(ap, fmt);
	f = vreport_at(c, in, off, len, value, fmt, ap);
	va_end(ap);
	return f;
}

sg_finding *df_report_span(struct df_ctx *c, const struct df_instr *in,
			   struct df_span span, const char *part, size_t len,
			   const char *fmt, ...)
{
	struct sg_buf key = SG_BUF_INIT(1 << 20);
	const char *k = NULL;
	sg_finding *f = NULL;
	va_list ap;

	if (in)
		k = make_key(c, in, NULL, part, len, &key);
	else if (part && sg_key_put(&key, part, len) == 0)
		k = sg_buf_cstr(&key);
	if ((in || part) && !k) {
		c->eng->arena.oom = true;
		goto done;
	}
	va_start(ap, fmt);
	f = report(c, in, span, k, fmt, ap);
	va_end(ap);
done:
	sg_buf_release(&key);
	return f;
}

/* ---- suppressions --------------------------------------------------------- */

/* Index of the first instruction starting after `line`, or -1. */
static int32_t next_instr(const struct df_file *f, uint32_t line)
{
	uint32_t i;

	for (i = 0; i < f->ninstrs; i++)
		if (f->instrs[i].span.line > line)
			return (int32_t)i;
	return -1;
}

static int add_supp(struct df_engine *e, const struct df_file *f,
		    enum scope scope, uint32_t line, const char *payload,
		    size_t len, bool all, const char *origin)
{
	struct supp s;
	int32_t nx = next_instr(f, line);
	int rc;

	memset(&s, 0, sizeof(s));
	s.line = line;
	s.origin = sg_arena_strdup(&e->arena, origin);
	if (all) {
		s.s.all = true;
		if (len) {
			s.s.reason = sg_arena_strndup(&e->arena, payload, len);
		}
	} else if ((rc = sg_suppress_parse(payload, len, &e->arena, &s.s)) < 0) {
		return rc;
	}
	s.scope = scope;
	switch (scope) {
	case SC_NEXT:
		if (nx < 0)
			break;
		s.target = nx;
		/* above a FROM, BuildKit's check=skip covers the stage */
		break;
	case SC_STAGE:
		if (nx < 0 || f->instrs[nx].kind != DF_FROM)
			s.target = -2;  /* hadolint: ignored when no FROM follows */
		else
			s.target = f->instrs[nx].stage;
		break;
	case SC_BLOCK:
		if (nx < 0)
			break;
		s.target = nx;
		s.stage = f->instrs[nx].stage;
		break;
	case SC_FILE:
		break;
	}
	if (scope != SC_FILE && nx < 0 && scope != SC_STAGE)
		s.target = -2;
	return sg_vec_push(&e->supps, s);
}

static bool word_at(const char *t, const char *w, const char **rest)
{
	size_t n = strlen(w);

	if (strncmp(t, w, n))
		return false;
	*rest = t + n;
	return true;
}

/* "skip=A,B;error=true" -> the skip list (into buf). */
static const char *check_skip(const char *v, char *buf, size_t size)
{
	const char *p = v;

	while (*p) {
		const char *semi = strchr(p, ';');
		size_t n = semi ? (size_t)(semi - p) : strlen(p);

		while (n && (*p == ' ' || *p == '\t')) {
			p++;
			n--;
		}
		if (n > 5 && !sg_strncasecmp(p, "skip=", 5)) {
			snprintf(buf, size, "%.*s", (int)(n - 5), p + 5);
			return buf;
		}
		if (!semi)
			break;
		p = semi + 1;
	}
	return NULL;
}

static int parse_comment(struct df_engine *e, const struct df_file *f,
			 const struct df_comment *cm, bool is_directive)
{
	const char *t = cm->text, *r;
	char origin[256], buf[1024];

	snprintf(origin, sizeof(origin), "# %.*s", 200, t);
	/* strip a trailing reason marker: "# hadolint ignore=X # why" */
	if (word_at(t, "shipgate ", &r) || word_at(t, "hadolint ", &r)) {
		enum scope sc = SC_NEXT;

		if (word_at(r, "global ", &r))
			sc = SC_FILE;
		else if (word_at(r, "stage ", &r))
			sc = SC_STAGE;
		if (!word_at(r, "ignore=", &r))
			return 0;
		{
			/* hadolint allows "ignore=DL1 # reason" */
			const char *hash = strchr(r, '#');
			size_t n = strlen(r);
			char tmp[1024];

			if (hash) {
				size_t k = (size_t)(hash - r);
				const char *why = hash + 1;

				while (*why == ' ')
					why++;
				snprintf(tmp, sizeof(tmp), "%.*s %s", (int)k, r, why);
				return add_supp(e, f, sc, cm->line, tmp,
						strlen(tmp), false, origin);
			}
			return add_supp(e, f, sc, cm->line, r, n, false, origin);
		}
	}
	if (word_at(t, "check=", &r) || word_at(t, "check =", &r)) {
		const char *skip;

		while (*r == ' ')
			r++;
		skip = check_skip(r, buf, sizeof(buf));
		if (!skip)
			return 0;
		if (is_directive)
			return add_supp(e, f, SC_FILE, cm->line, skip,
					strlen(skip), false, origin);
		{
			int32_t nx = next_instr(f, cm->line);

			if (nx >= 0 && f->instrs[nx].kind == DF_FROM) {
				/* above FROM: the stage */
				int rc = add_supp(e, f, SC_STAGE, cm->line, skip,
						  strlen(skip), false, origin);

				return rc;
			}
		}
		return add_supp(e, f, SC_NEXT, cm->line, skip, strlen(skip),
				false, origin);
	}
	if (word_at(t, "trivy:ignore:", &r))
		return add_supp(e, f, SC_NEXT, cm->line, r, strlen(r), false,
				origin);
	if (word_at(t, "checkov:skip=", &r)) {
		const char *colon = strchr(r, ':');
		size_t n = colon ? (size_t)(colon - r) : strlen(r);

		snprintf(buf, sizeof(buf), "%.*s %s", (int)n, r,
			 colon ? colon + 1 : "");
		return add_supp(e, f, SC_FILE, cm->line, buf, strlen(buf), false,
				origin);
	}
	if (word_at(t, "kics-scan ", &r)) {
		while (*r == ' ')
			r++;
		if (!strncmp(r, "ignore-line", 11))
			return add_supp(e, f, SC_NEXT, cm->line, "", 0, true,
					origin);
		if (!strncmp(r, "ignore-block", 12)) {
			int32_t nx = next_instr(f, cm->line);

			if (nx >= 0 && f->instrs[nx].kind == DF_FROM)
				return add_supp(e, f, SC_STAGE, cm->line, "", 0,
						true, origin);
			return add_supp(e, f, SC_BLOCK, cm->line, "", 0, true,
					origin);
		}
		if (!strncmp(r, "ignore", 6) && (!r[6] || r[6] == ' '))
			return add_supp(e, f, SC_FILE, cm->line, "", 0, true,
					origin);
	}
	return 0;
}

static void report_unknown(struct df_ctx *c, const struct df_engine *e)
{
	size_t i, k;
	const sg_rule *rule = &sg_rule_unknown_suppression;

	if (!sg_policy_rule_enabled(c->stage_ctx->policy, rule))
		return;
	for (i = 0; i < e->supps.n; i++) {
		const struct supp *s = &e->supps.v[i];

		for (k = 0; !s->config && k < s->s.nunknown; k++) {
			sg_location loc;
			char key[600];
			const char *u = s->s.unknown[k];

			/* ShellCheck codes in hadolint comments: hadolint passes
			 * them to ShellCheck, which shipgate does not embed, so
			 * they are foreign, not typos */
			if (u[0] == 'S' && u[1] == 'C' && strlen(u) == 6 &&
			    strspn(u + 2, "0123456789") == 4)
				continue;

			memset(&loc, 0, sizeof(loc));
			loc.path = c->path;
			loc.line = s->line;
			snprintf(key, sizeof(key), "%s | %s", s->origin,
				 s->s.unknown[k]);
			sg_findings_add(c->stage_ctx->findings, rule, &loc, key,
					"suppression names unknown rule '%s'",
					s->s.unknown[k]);
		}
	}
}

/*
 * What a policy enables, worked out once: the rules, where each one's state
 * lives in the per-file block, and per instruction kind the rules the walk
 * calls on it (and on an ONBUILD trigger of that kind), in rule order, so
 * the walk looks at no rule that has nothing to say about an instruction;
 * and .hadolint.yaml, parsed once for all the run's files.
 */
struct df_plan {
	struct sg_arena arena;
	/* .hadolint.yaml's lists (plan_hadolint()) */
	struct sg_strlist trusted, labels;
	char *ignored;
	size_t ignored_len;
	char ignored_origin[64];  /* the suppression's origin: "<path> ignored" */
	const struct df_rule **rules;
	size_t nrules;
	size_t *state_off;
	size_t state_size;
	uint16_t *calls;        /* rule indices, kind after kind */
	size_t on[DF_KIND__COUNT + 1], trigger[DF_KIND__COUNT + 1];
};

/* ---- .hadolint.yaml ------------------------------------------------------- */

static int strlist_add(struct sg_arena *a, struct sg_strlist *l,
		       const char *v)
{
	const char **nv = sg_arena_calloc(a, l->n + 1, sizeof(*nv));

	if (!nv)
		return SG_ENOMEM;
	if (l->n)
		memcpy(nv, l->v, l->n * sizeof(*nv));
	nv[l->n] = sg_arena_strdup(a, v);
	l->v = nv;
	l->n++;
	return nv[l->n - 1] ? 0 : SG_ENOMEM;
}

/*
 * hadolint's configuration, when the policy allows it: `ignored` silences
 * rules for the whole file, `trustedRegistries` and `label-schema` stand
 * in for the policy's lists when those are empty.  (`override` and
 * `failure-threshold` are severity and gating: the policy's business.)
 * A config that does not parse is ignored, as hadolint's absence would be.
 * The scan driver reads the file once per run (ctx->hadolint), the plan
 * parses it once per run.
 */
static int plan_hadolint(struct df_plan *p, const struct sg_stage_ctx *ctx)
{
	const struct sg_stage_file *hf = ctx->hadolint;
	struct sg_yaml_doc *doc = NULL;
	const struct sg_yaml_node *n, *root;
	size_t i;
	int rc = 0;

	if (!hf || !ctx->policy->dockerfile.import_hadolint)
		return 0;
	if (sg_yaml_parse(&doc, hf->path, hf->data, hf->len, NULL, NULL) < 0)
		goto done;
	root = doc->root;
	if (!root || root->kind != SG_YAML_MAP)
		goto done;
	if ((n = sg_yaml_get(root, "ignored")) && n->kind == SG_YAML_SEQ) {
		struct sg_buf ids = SG_BUF_INIT(64 * 1024);

		for (i = 0; i < n->nitems; i++)
			if (n->items[i]->kind == SG_YAML_SCALAR)
				sg_buf_printf(&ids, "%s%s", ids.len ? "," : "",
					      n->items[i]->value);
		snprintf(p->ignored_origin, sizeof(p->ignored_origin),
			 "%s ignored", hf->path);
		if (ids.len && !sg_buf_error(&ids)) {
			p->ignored_len = ids.len;
			if (!(p->ignored = sg_arena_strndup(&p->arena, ids.ptr,
							    ids.len)))
				rc = SG_ENOMEM;
		}
		sg_buf_release(&ids);
		if (rc < 0)
			goto done;
	}
	if ((n = sg_yaml_get(root, "trustedRegistries"))) {
		if (n->kind == SG_YAML_SCALAR)
			rc = strlist_add(&p->arena, &p->trusted, n->value);
		for (i = 0; n->kind == SG_YAML_SEQ && i < n->nitems && !rc; i++)
			if (n->items[i]->kind == SG_YAML_SCALAR)
				rc = strlist_add(&p->arena, &p->trusted,
						 n->items[i]->value);
	}
	if (!rc && (n = sg_yaml_get(root, "label-schema")) &&
	    n->kind == SG_YAML_MAP)
		for (i = 0; i < n->npairs && !rc; i++) {
			const struct sg_yaml_pair *pr = &n->pairs[i];
			char entry[512];

			if (pr->key->kind != SG_YAML_SCALAR)
				continue;
			snprintf(entry, sizeof(entry), "%s:%s", pr->key->value,
				 pr->value->kind == SG_YAML_SCALAR ?
				 pr->value->value : "text");
			rc = strlist_add(&p->arena, &p->labels, entry);
		}
done:
	sg_yaml_free(doc);
	return rc;
}

/* The plan's `ignored` list, a whole-file suppression of every file. */
static int hadolint_ignored(struct df_engine *e, const struct df_file *f)
{
	const struct df_plan *p = e->plan;
	int rc;

	if (!p->ignored)
		return 0;
	rc = add_supp(e, f, SC_FILE, 0, p->ignored, p->ignored_len, false,
		      p->ignored_origin);
	if (rc == 0)
		e->supps.v[e->supps.n - 1].config = true;
	return rc;
}

/* ---- driver ------------------------------------------------------------ */

/* Bytes a rule state takes in the block, rounded so every state is aligned. */
static size_t state_span(size_t size)
{
	const size_t a = _Alignof(max_align_t);

	return (size + a - 1) / a * a;
}

static bool calls_on(const struct df_rule *rule, int kind, bool trigger)
{
	return rule->check && (rule->on & DF_ON(kind)) &&
	       (!trigger || (rule->flags & DF_RULE_ONBUILD));
}

int df_plan_new(struct df_plan **out, const struct sg_stage_ctx *ctx)
{
	const struct sg_policy *policy = ctx->policy;
	const struct sg_rule_table *const *fam;
	struct df_plan *p = calloc(1, sizeof(*p));
	size_t i, f_i, nfam, r, n = 0;
	int k, t;

	*out = NULL;
	if (!p)
		return SG_ENOMEM;
	sg_arena_init(&p->arena);
	if (plan_hadolint(p, ctx) < 0)
		goto oom;
	nfam = sg_rule_families(&fam);
	for (f_i = 0; f_i < nfam; f_i++)
		n += fam[f_i]->count;
	if (!(p->rules = calloc(n ? n : 1, sizeof(*p->rules))) ||
	    !(p->state_off = calloc(n ? n : 1, sizeof(*p->state_off))) ||
	    !(p->calls = calloc(2 * DF_KIND__COUNT * (n ? n : 1),
				sizeof(*p->calls))))
		goto oom;
	for (f_i = 0; f_i < nfam; f_i++)
		for (i = 0; i < fam[f_i]->count; i++) {
			const sg_rule *m = sg_rule_table_at(fam[f_i], i);

			if (m->stage != SG_STAGE_DOCKERFILE ||
			    !sg_policy_rule_enabled(policy, m))
				continue;
			p->state_off[p->nrules] = p->state_size;
			p->state_size += state_span(df_rule_of(m)->state_size);
			p->rules[p->nrules++] = df_rule_of(m);
		}
	if (p->nrules > UINT16_MAX)
		goto oom;
	for (n = 0, t = 0; t < 2; t++)
		for (k = 0; k < DF_KIND__COUNT; k++) {
			size_t *at = t ? p->trigger : p->on;

			at[k] = n;
			for (r = 0; r < p->nrules; r++)
				if (calls_on(p->rules[r], k, t))
					p->calls[n++] = (uint16_t)r;
			at[k + 1] = n;
		}
	*out = p;
	return 0;
oom:
	df_plan_free(p);
	return SG_ENOMEM;
}

void df_plan_free(struct df_plan *p)
{
	if (!p)
		return;
	free(p->rules);
	free(p->state_off);
	free(p->calls);
	sg_arena_release(&p->arena);
	free(p);
}

static void run_check(struct df_ctx *c, size_t r, const struct df_instr *in)
{
	const struct df_plan *p = c->eng->plan;

	c->rule = p->rules[r];
	c->rule->check(c, in, c->eng->state_block + p->state_off[r]);
}

/* Every rule the plan calls on `in` (and on its ONBUILD trigger). */
static void walk_instr(struct df_ctx *c, const struct df_instr *in)
{
	const struct df_plan *p = c->eng->plan;
	size_t i;

	for (i = p->on[in->kind]; i < p->on[in->kind + 1]; i++)
		run_check(c, p->calls[i], in);
	if (in->onbuild)
		for (i = p->trigger[in->onbuild->kind];
		     i < p->trigger[in->onbuild->kind + 1]; i++)
			run_check(c, p->calls[i], in->onbuild);
}

int df_lint_parsed(const struct sg_stage_ctx *ctx, const struct df_file *f,
		   sg_error *err)
{
	const char *path = f->path;
	struct df_engine eng;
	struct df_ctx c;
	struct df_plan *own = NULL;
	size_t i, r;
	int rc;

	memset(&eng, 0, sizeof(eng));
	sg_arena_init(&eng.arena);
	sg_buf_init(&eng.key, 1 << 20);
	memset(&c, 0, sizeof(c));
	c.stage_ctx = ctx;
	c.file = f;
	c.path = path;
	c.eng = &eng;

	eng.plan = ctx->df_plan;
	if (!eng.plan) {
		if (df_plan_new(&own, ctx) < 0)
			goto oom;
		eng.plan = own;
	}
	/* every rule's state in one zeroed block: one allocation per file */
	if (!(eng.state_block = calloc(1, eng.plan->state_size ?
					  eng.plan->state_size : 1)))
		goto oom;

	for (i = 0; i < f->ndirectives; i++) {
		struct df_comment d;
		char text[1100];

		snprintf(text, sizeof(text), "%s=%s", f->directives[i].key,
			 f->directives[i].value);
		d.text = text;
		d.line = f->directives[i].line;
		if (!strcmp(f->directives[i].key, "check") &&
		    (rc = parse_comment(&eng, f, &d, true)) < 0)
			goto oom;
	}
	for (i = 0; i < f->ncomments; i++) {
		bool is_dir = false;
		size_t k;

		for (k = 0; k < f->ndirectives; k++)
			if (f->directives[k].line == f->comments[i].line)
				is_dir = true;
		if (is_dir)
			continue;
		if ((rc = parse_comment(&eng, f, &f->comments[i], false)) < 0)
			goto oom;
	}

	if ((rc = hadolint_ignored(&eng, f)) < 0)
		goto oom;
	c.trusted_registries = ctx->policy->dockerfile.trusted_registries.n ?
			       &ctx->policy->dockerfile.trusted_registries :
			       &eng.plan->trusted;
	c.required_labels = ctx->policy->dockerfile.required_labels.n ?
			    &ctx->policy->dockerfile.required_labels :
			    &eng.plan->labels;

	/* parse problems */
	for (i = 0; i < f->nproblems; i++) {
		const struct df_problem *p = &f->problems[i];
		const sg_rule *m = df_problem_rule(p->kind);

		if (!m || !sg_policy_rule_enabled(ctx->policy, m))
			continue;
		c.rule = df_rule_of(m);
		c.stage = p->instr ? df_instr_stage(f, p->instr) : NULL;
		df_report_span(&c, p->instr, p->span, NULL, 0, "%s",
			       p->message);
	}

	for (i = 0; i < f->ninstrs; i++) {
		c.stage = df_instr_stage(f, &f->instrs[i]);
		walk_instr(&c, &f->instrs[i]);
	}
	c.stage = NULL;
	for (r = 0; r < eng.plan->nrules; r++)
		if (eng.plan->rules[r]->finish) {
			c.rule = eng.plan->rules[r];
			c.rule->finish(&c, eng.state_block +
					   eng.plan->state_off[r]);
		}
	report_unknown(&c, &eng);
	rc = sg_findings_oom(ctx->findings) || eng.arena.oom ? SG_ENOMEM : 0;
	if (rc < 0)
		sg_error_set(err, rc, path, 0, 0, "out of memory");
	goto done;
oom:
	rc = sg_error_set(err, SG_ENOMEM, path, 0, 0, "out of memory");
done:
	if (c.shared_free)
		c.shared_free(c.shared);
	free(eng.state_block);
	df_plan_free(own);
	sg_vec_release(&eng.supps);
	sg_buf_release(&eng.key);
	sg_arena_release(&eng.arena);
	return rc;
}

int df_lint_file(const struct sg_stage_ctx *ctx, const char *path,
		 const char *data, size_t len, sg_error *err)
{
	struct df_file *f = NULL;
	int rc;

	if ((rc = df_parse(path, data, len, &f, err)) < 0)
		return rc;
	rc = df_lint_parsed(ctx, f, err);
	df_file_free(f);
	return rc;
}

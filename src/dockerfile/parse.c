/*
 * parse.c: Dockerfile parser with BuildKit's grammar (see ast.h).
 *
 * Order of work, as BuildKit does it: BOM, parser directives, then one
 * logical line at a time (continuations joined, comment lines inside them
 * dropped), the instruction keyword, leading --flags, the arguments in the
 * instruction's own form, then heredoc bodies from the following physical
 * lines.  ARG/ENV scope is tracked on the way so expandable words get their
 * values; the stage graph is built at the end.
 */
#include "util/compat.h"
#include "dockerfile/ast.h"

#include "util/vec.h"

typedef SG_VEC(struct df_var) var_vec;
typedef SG_VEC(struct df_heredoc) heredoc_vec;

struct parser {
	struct df_file *f;
	struct sg_arena *a;
	SG_VEC(struct df_instr) instrs;
	SG_VEC(struct df_comment) comments;
	SG_VEC(struct df_problem) problems;
	SG_VEC(struct df_directive) directives;
	var_vec global;                 /* global ARGs */
	var_vec env;                    /* current stage scope */
	SG_VEC(struct df_seg) segs;     /* current instruction */
	SG_VEC(struct df_stage) stages;
	/* per stage: its final ENV, for children (arena copies) */
	SG_VEC(struct df_var *) stage_env;
	SG_VEC(uint32_t) stage_nenv;
	SG_VEC(bool) stage_closed;
	bool closed;                   /* every variable of the scope is known */
	bool stop;
	int oom;
};

static const char *const kind_names[] = {
#define XX(name, text) text,
	DF_KIND_MAP(XX)
#undef XX
};

const char *df_kind_name(enum df_kind k)
{
	return k < DF_KIND__COUNT ? kind_names[k] : "";
}

static const char *const auto_args[] = {
	"TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
	"BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
};

/* ---- lines ------------------------------------------------------------ */

static const char *line_at(const struct df_file *f, uint32_t line, size_t *len)
{
	uint32_t s, e;

	if (line == 0 || line > f->nlines) {
		*len = 0;
		return "";
	}
	s = f->line_off[line - 1];
	e = line < f->nlines ? f->line_off[line] : (uint32_t)f->len;
	if (e > s && f->data[e - 1] == '\n')
		e--;
	if (e > s && f->data[e - 1] == '\r')
		e--;
	*len = e - s;
	return f->data + s;
}

const char *df_line(const struct df_file *f, uint32_t line, size_t *len)
{
	return line_at(f, line, len);
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool wspace(char c)
{
	/* ' ', and \t \n \v \f \r: the five are consecutive */
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* ---- problems ------------------------------------------------------------ */

static void problem(struct parser *p, enum df_problem_kind kind,
		    struct df_span span, const struct df_instr *in,
		    const char *fmt, ...) SG_PRINTF(5, 6);

static void problem(struct parser *p, enum df_problem_kind kind,
		    struct df_span span, const struct df_instr *in,
		    const char *fmt, ...)
{
	struct df_problem pr;
	va_list ap;

	memset(&pr, 0, sizeof(pr));
	pr.kind = kind;
	pr.span = span;
	pr.instr = NULL;
	pr.index = in ? (int32_t)in->index : -1;
	va_start(ap, fmt);
	pr.message = sg_arena_vprintf(p->a, fmt, ap);
	va_end(ap);
	if (sg_vec_push(&p->problems, pr) < 0)
		p->oom = SG_ENOMEM;
}

static struct df_span line_span(uint32_t line, uint32_t col, uint32_t end)
{
	struct df_span s = { line, col, line, end };

	return s;
}

/* ---- positions ---------------------------------------------------------- */

void df_instr_pos(const struct df_instr *in, uint32_t off, uint32_t *line,
		  uint32_t *col)
{
	uint32_t lo = 0, hi = in->nsegs;
	const struct df_seg *s;

	if (!in->nsegs) {
		*line = in->span.line;
		*col = in->span.col;
		return;
	}
	while (hi - lo > 1) {
		uint32_t mid = (lo + hi) / 2;

		if (in->segs[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	s = &in->segs[lo];
	*line = s->line;
	if (off > s->off + s->len)
		off = s->off + s->len;
	*col = s->col + (off - s->off);
}

struct df_span df_instr_span(const struct df_instr *in, uint32_t off,
			     uint32_t len)
{
	struct df_span sp;

	df_instr_pos(in, off, &sp.line, &sp.col);
	if (len == 0)
		len = 1;
	df_instr_pos(in, off + len - 1, &sp.end_line, &sp.end_col);
	return sp;
}

const struct df_flag *df_instr_flag(const struct df_instr *in,
				    const char *name)
{
	uint32_t i;
	const struct df_flag *hit = NULL;

	for (i = 0; i < in->nflags; i++)
		if (!strcmp(in->flags[i].name, name))
			hit = &in->flags[i];
	return hit;
}

const struct df_stage *df_instr_stage(const struct df_file *f,
				      const struct df_instr *in)
{
	if (in->stage < 0 || (uint32_t)in->stage >= f->nstages)
		return NULL;
	return &f->stages[in->stage];
}

const struct df_stage *df_stage_lookup(const struct df_file *f,
				       const char *ref, uint32_t before)
{
	uint32_t i;
	uint64_t n;

	if (!ref || !*ref)
		return NULL;
	if (before > f->nstages)
		before = f->nstages;
	for (i = 0; i < before; i++)
		if (f->stages[i].name && !sg_strcasecmp(f->stages[i].name, ref))
			return &f->stages[i];
	if (sg_parse_u64(ref, strlen(ref), &n) == 0 && n < before)
		return &f->stages[n];
	return NULL;
}

/* ---- scope ---------------------------------------------------------------- */

static void set_var(struct parser *p, var_vec *v, const char *name,
		    const char *value, bool is_arg)
{
	struct df_var var = { name, value, is_arg };

	if (sg_vec_push(v, var) < 0)
		p->oom = SG_ENOMEM;
}

static const struct df_var *find_var(const struct df_var *v, size_t n,
				     const char *name)
{
	while (n-- > 0)
		if (!strcmp(v[n].name, name))
			return &v[n];
	return NULL;
}

/* Expand a word of `in` in the scope (global for FROM). */
static void expand_word(struct parser *p, struct df_instr *in,
			struct df_word *w, bool global)
{
	const char *msg = NULL;
	int rc;

	if (in->in_onbuild) {
		/* expanded in the child build, with its scope */
		w->value = sg_arena_strdup(p->a, w->raw);
		w->unresolved = strchr(w->raw, '$') != NULL;
		return;
	}
	if (global) {
		var_vec tmp = SG_VEC_INIT;
		size_t i;

		for (i = 0; i < SG_ARRAY_SIZE(auto_args); i++)
			set_var(p, &tmp, auto_args[i], NULL, true);
		for (i = 0; i < p->global.n; i++)
			if (sg_vec_push(&tmp, p->global.v[i]) < 0)
				p->oom = SG_ENOMEM;
		rc = df_expand(p->a, w->raw, strlen(w->raw), p->f->escape,
			       tmp.v, tmp.n, &w->value, &w->unresolved,
			       &w->undefined, &msg);
		sg_vec_release(&tmp);
	} else {
		rc = df_expand(p->a, w->raw, strlen(w->raw), p->f->escape,
			       p->env.v, p->env.n, &w->value, &w->unresolved,
			       &w->undefined, &msg);
		/* a name the file never declares may come from the base
		 * image's ENV: unknown, unless the whole scope is known */
		if (w->undefined && !p->closed)
			w->unresolved = true;
	}
	if (rc == SG_ENOMEM)
		p->oom = SG_ENOMEM;
	else if (rc < 0)
		problem(p, DF_P_SYNTAX, df_instr_span(in, w->off, w->len), in,
			"%s in '%s'", msg ? msg : "bad substitution", w->raw);
}

/* ---- words ------------------------------------------------------------- */

static uint32_t skip_ws(const char *t, uint32_t i, uint32_t n)
{
	while (i < n && wspace(t[i]))
		i++;
	return i;
}

/* End of the blank-delimited word at t[i]: BuildKit's
 * parseStringsWhitespaceDelimited. */
static uint32_t plain_end(const char *t, uint32_t i, uint32_t n)
{
	while (i < n && !wspace(t[i]))
		i++;
	return i;
}

/* End of the quote-aware word at t[i] (BuildKit's parseWords for
 * ENV/LABEL/ARG): quotes and escapes kept in the word, blanks outside
 * quotes separate. */
static uint32_t quoted_end(const char *t, uint32_t i, uint32_t n, char esc)
{
	char q = 0;

	while (i < n) {
		char c = t[i];

		if (q) {
			if (c == esc && q == '"' && i + 1 < n)
				i++;
			else if (c == q)
				q = 0;
		} else if (c == esc && i + 1 < n) {
			i++;
		} else if (c == '\'' || c == '"') {
			q = c;
		} else if (wspace(c)) {
			break;
		}
		i++;
	}
	return i;
}

/* The words of text[off..n), plain or quote-aware. */
static int split_words(struct parser *p, struct df_instr *in, uint32_t off,
		       bool quoted, struct df_word **out, uint32_t *nout)
{
	SG_VEC(struct df_word) v = SG_VEC_INIT;
	const char *t = in->text;
	uint32_t i = off, n = in->text_len;

	for (;;) {
		struct df_word w;
		uint32_t s;

		i = skip_ws(t, i, n);
		if (i >= n)
			break;
		s = i;
		i = quoted ? quoted_end(t, i, n, p->f->escape) :
			     plain_end(t, i, n);
		memset(&w, 0, sizeof(w));
		w.raw = sg_arena_strndup(p->a, t + s, i - s);
		w.value = w.raw;
		w.off = s;
		w.len = i - s;
		if (v.n >= DF_MAX_WORDS) {
			problem(p, DF_P_LIMIT, df_instr_span(in, s, 1), in,
				"more than %d words in one instruction",
				DF_MAX_WORDS);
			break;
		}
		if (sg_vec_push(&v, w) < 0) {
			p->oom = SG_ENOMEM;
			break;
		}
	}
	*out = v.n ? sg_arena_calloc(p->a, v.n, sizeof(**out)) : NULL;
	if (*out)
		memcpy(*out, v.v, v.n * sizeof(**out));
	*nout = (uint32_t)v.n;
	sg_vec_release(&v);
	return 0;
}

/* ---- JSON form ------------------------------------------------------------ */

static void put_utf8(struct sg_buf *b, uint32_t cp)
{
	if (cp < 0x80) {
		sg_buf_putc(b, (char)cp);
	} else if (cp < 0x800) {
		sg_buf_putc(b, (char)(0xC0 | (cp >> 6)));
		sg_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		sg_buf_putc(b, (char)(0xE0 | (cp >> 12)));
		sg_buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		sg_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	} else {
		sg_buf_putc(b, (char)(0xF0 | (cp >> 18)));
		sg_buf_putc(b, (char)(0x80 | ((cp >> 12) & 0x3F)));
		sg_buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		sg_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	}
}

static int hex4(const char *t, uint32_t i, uint32_t n, uint32_t *out)
{
	uint32_t k, v = 0;

	if (i + 4 > n)
		return -1;
	for (k = 0; k < 4; k++) {
		char c = t[i + k];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (uint32_t)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/* A JSON array of strings from text[off..n); false when it is not one
 * (BuildKit then falls back to shell form). */
static bool parse_json(struct parser *p, struct df_instr *in, uint32_t off)
{
	SG_VEC(struct df_word) v = SG_VEC_INIT;
	const char *t = in->text;
	uint32_t i = off, n = in->text_len;
	struct sg_buf b = SG_BUF_INIT(DF_MAX_HEREDOC);
	bool ok = false;

	if (i >= n || t[i] != '[')
		return false;
	i = skip_ws(t, i + 1, n);
	if (i < n && t[i] == ']') {
		i++;
		goto end;
	}
	for (;;) {
		struct df_word w;
		uint32_t s;

		if (i >= n || t[i] != '"')
			goto out;
		s = i++;
		sg_buf_clear(&b);
		while (i < n && t[i] != '"') {
			unsigned char c = (unsigned char)t[i];

			if (c < 0x20)
				goto out;
			if (c != '\\') {
				sg_buf_putc(&b, (char)c);
				i++;
				continue;
			}
			if (++i >= n)
				goto out;
			switch (t[i]) {
			case '"': sg_buf_putc(&b, '"'); break;
			case '\\': sg_buf_putc(&b, '\\'); break;
			case '/': sg_buf_putc(&b, '/'); break;
			case 'b': sg_buf_putc(&b, '\b'); break;
			case 'f': sg_buf_putc(&b, '\f'); break;
			case 'n': sg_buf_putc(&b, '\n'); break;
			case 'r': sg_buf_putc(&b, '\r'); break;
			case 't': sg_buf_putc(&b, '\t'); break;
			case 'u': {
				uint32_t cp, lo;

				if (hex4(t, i + 1, n, &cp) < 0)
					goto out;
				i += 4;
				if (cp >= 0xD800 && cp < 0xDC00 && i + 6 < n &&
				    t[i + 1] == '\\' && t[i + 2] == 'u' &&
				    hex4(t, i + 3, n, &lo) == 0 &&
				    lo >= 0xDC00 && lo < 0xE000) {
					cp = 0x10000 + ((cp - 0xD800) << 10) +
					     (lo - 0xDC00);
					i += 6;
				} else if (cp >= 0xD800 && cp < 0xE000) {
					cp = 0xFFFD;
				}
				put_utf8(&b, cp);
				break;
			}
			default:
				goto out;
			}
			i++;
		}
		if (i >= n)
			goto out;
		i++;
		memset(&w, 0, sizeof(w));
		w.raw = sg_arena_strndup(p->a, t + s, i - s);
		w.value = sg_arena_strndup(p->a, sg_buf_cstr(&b), b.len);
		w.off = s;
		w.len = i - s;
		if (sg_vec_push(&v, w) < 0) {
			p->oom = SG_ENOMEM;
			goto out;
		}
		i = skip_ws(t, i, n);
		if (i < n && t[i] == ',') {
			i = skip_ws(t, i + 1, n);
			continue;
		}
		if (i < n && t[i] == ']') {
			i++;
			break;
		}
		goto out;
	}
end:
	if (skip_ws(t, i, n) != n)
		goto out;
	if (sg_buf_error(&b))
		goto out;
	ok = true;
	in->json = true;
	in->nargs = (uint32_t)v.n;
	in->args = v.n ? sg_arena_calloc(p->a, v.n, sizeof(*in->args)) : NULL;
	if (in->args)
		memcpy(in->args, v.v, v.n * sizeof(*in->args));
out:
	sg_buf_release(&b);
	sg_vec_release(&v);
	return ok;
}

/* RUN/CMD/ENTRYPOINT/SHELL/ADD/COPY/VOLUME: JSON, else shell form. */
static void maybe_json(struct parser *p, struct df_instr *in)
{
	uint32_t off = in->args_off;

	if (off < in->text_len && in->text[off] == '[') {
		if (parse_json(p, in, off))
			return;
		in->json_fallback = true;
	}
	split_words(p, in, off, false, &in->args, &in->nargs);
}

/* ---- flags ------------------------------------------------------------ */

struct flag_spec {
	enum df_kind kind;
	const char *name;
	char type;      /* 's' string, 'b' bool, 'm' repeatable string */
};

static const struct flag_spec flag_specs[] = {
	{ DF_FROM, "platform", 's' },
	{ DF_RUN, "mount", 'm' }, { DF_RUN, "network", 's' },
	{ DF_RUN, "security", 's' }, { DF_RUN, "device", 'm' },
	{ DF_COPY, "from", 's' }, { DF_COPY, "chown", 's' },
	{ DF_COPY, "chmod", 's' }, { DF_COPY, "link", 'b' },
	{ DF_COPY, "exclude", 'm' }, { DF_COPY, "parents", 'b' },
	{ DF_ADD, "chown", 's' }, { DF_ADD, "chmod", 's' },
	{ DF_ADD, "link", 'b' }, { DF_ADD, "exclude", 'm' },
	{ DF_ADD, "checksum", 's' }, { DF_ADD, "keep-git-dir", 'b' },
	{ DF_ADD, "unpack", 'b' },
	{ DF_HEALTHCHECK, "interval", 's' }, { DF_HEALTHCHECK, "timeout", 's' },
	{ DF_HEALTHCHECK, "start-period", 's' },
	{ DF_HEALTHCHECK, "start-interval", 's' },
	{ DF_HEALTHCHECK, "retries", 's' },
};

static bool takes_flags(enum df_kind k)
{
	return k == DF_FROM || k == DF_RUN || k == DF_COPY || k == DF_ADD ||
	       k == DF_HEALTHCHECK;
}

static const struct flag_spec *find_spec(enum df_kind k, const char *name)
{
	size_t i;

	for (i = 0; i < SG_ARRAY_SIZE(flag_specs); i++)
		if (flag_specs[i].kind == k && !strcmp(flag_specs[i].name, name))
			return &flag_specs[i];
	return NULL;
}

/* Parse a mount flag value: comma-separated key=value in any order. */
static void parse_mount(struct parser *p, struct df_instr *in,
			const struct df_flag *fl, struct df_mount *m)
{
	const char *s = fl->val.value ? fl->val.value : "";
	static const char *const types[] = { "bind", "cache", "tmpfs",
					     "secret", "ssh" };

	memset(m, 0, sizeof(*m));
	m->type = "bind";
	m->flag = fl;
	while (*s) {
		const char *e = strchr(s, ','), *eq;
		size_t len = e ? (size_t)(e - s) : strlen(s), kl;
		const char *val;

		eq = memchr(s, '=', len);
		kl = eq ? (size_t)(eq - s) : len;
		val = eq ? sg_arena_strndup(p->a, eq + 1, len - kl - 1) : NULL;
#define KEY(k) (kl == strlen(k) && !sg_strncasecmp(s, k, kl))
		if (KEY("type")) {
			size_t i;
			bool known = false;

			m->type = val ? val : "";
			for (i = 0; i < SG_ARRAY_SIZE(types); i++)
				known |= !strcmp(types[i], m->type);
			if (!known)
				problem(p, DF_P_FLAG,
					df_instr_span(in, fl->off, fl->len), in,
					"unsupported mount type '%s'", m->type);
		} else if (KEY("target") || KEY("dst") || KEY("destination")) {
			m->target = val;
		} else if (KEY("source") || KEY("src")) {
			m->source = val;
		} else if (KEY("from")) {
			m->from = val;
		} else if (KEY("id")) {
			m->id = val;
		} else if (KEY("env")) {
			m->env = val;
		} else if (KEY("ro") || KEY("readonly")) {
			m->readonly = !val || !sg_strcasecmp(val, "true");
		}
#undef KEY
		if (!e)
			break;
		s = e + 1;
	}
}

/* Leading --flags; returns the offset after them. */
static uint32_t parse_flags(struct parser *p, struct df_instr *in, uint32_t off)
{
	SG_VEC(struct df_flag) v = SG_VEC_INIT;
	const char *t = in->text;
	uint32_t i = off, n = in->text_len;

	for (;;) {
		struct df_flag fl;
		uint32_t s, eq = 0;
		char q = 0;
		const struct flag_spec *spec;

		i = skip_ws(t, i, n);
		if (i + 2 > n || t[i] != '-' || t[i + 1] != '-')
			break;
		if (i + 2 == n || wspace(t[i + 2])) {  /* "--" ends flags */
			i += 2;
			break;
		}
		s = i;
		while (i < n && (q || !wspace(t[i]))) {
			if (q && t[i] == q)
				q = 0;
			else if (!q && (t[i] == '"' || t[i] == '\''))
				q = t[i];
			if (!eq && t[i] == '=')
				eq = i;
			i++;
		}
		memset(&fl, 0, sizeof(fl));
		fl.off = s;
		fl.len = i - s;
		fl.name = sg_arena_strndup(p->a, t + s + 2,
					   (eq ? eq : i) - s - 2);
		if (eq) {
			fl.has_value = true;
			fl.val.raw = sg_arena_strndup(p->a, t + eq + 1, i - eq - 1);
			fl.val.value = fl.val.raw;
			fl.val.off = eq + 1;
			fl.val.len = i - eq - 1;
		}
		spec = find_spec(in->kind, fl.name ? fl.name : "");
		if (!spec) {
			problem(p, DF_P_FLAG, df_instr_span(in, s, fl.len), in,
				"unknown flag: --%s", fl.name);
		} else if (spec->type == 'b') {
			if (fl.has_value && strcmp(fl.val.raw, "true") &&
			    strcmp(fl.val.raw, "false"))
				problem(p, DF_P_FLAG,
					df_instr_span(in, s, fl.len), in,
					"expecting boolean value for flag "
					"--%s, not: %s", fl.name, fl.val.raw);
		} else if (!fl.has_value) {
			problem(p, DF_P_FLAG, df_instr_span(in, s, fl.len), in,
				"missing a value on flag: --%s", fl.name);
		} else if (spec->type == 's') {
			uint32_t k;

			for (k = 0; k < v.n; k++)
				if (!strcmp(v.v[k].name, fl.name))
					problem(p, DF_P_FLAG,
						df_instr_span(in, s, fl.len), in,
						"duplicate flag specified: --%s",
						fl.name);
		}
		if (fl.has_value && in->kind != DF_HEALTHCHECK)
			expand_word(p, in, &fl.val, in->kind == DF_FROM);
		if (sg_vec_push(&v, fl) < 0) {
			p->oom = SG_ENOMEM;
			break;
		}
	}
	in->nflags = (uint32_t)v.n;
	in->flags = v.n ? sg_arena_calloc(p->a, v.n, sizeof(*in->flags)) : NULL;
	if (in->flags)
		memcpy(in->flags, v.v, v.n * sizeof(*in->flags));
	sg_vec_release(&v);
	return skip_ws(t, i, n);
}

static void check_flag_values(struct parser *p, struct df_instr *in)
{
	uint32_t i, nm = 0;

	for (i = 0; i < in->nflags; i++) {
		const struct df_flag *fl = &in->flags[i];
		const char *v = fl->val.value;

		if (fl->has_value && !strcmp(fl->name, "mount"))
			nm++;
		if (!fl->has_value || fl->val.unresolved)
			continue;
		if (in->kind == DF_RUN && !strcmp(fl->name, "network") &&
		    strcmp(v, "default") && strcmp(v, "none") && strcmp(v, "host"))
			problem(p, DF_P_FLAG, df_instr_span(in, fl->off, fl->len),
				in, "unsupported network mode '%s'", v);
		if (in->kind == DF_RUN && !strcmp(fl->name, "security") &&
		    strcmp(v, "sandbox") && strcmp(v, "insecure"))
			problem(p, DF_P_FLAG, df_instr_span(in, fl->off, fl->len),
				in, "unsupported security mode '%s'", v);
	}
	if (in->kind != DF_RUN || !nm)
		return;
	in->mounts = sg_arena_calloc(p->a, nm, sizeof(*in->mounts));
	if (!in->mounts) {
		p->oom = SG_ENOMEM;
		return;
	}
	for (i = 0; i < in->nflags && in->nmounts < nm; i++)
		if (!strcmp(in->flags[i].name, "mount") && in->flags[i].has_value)
			parse_mount(p, in, &in->flags[i],
				    &in->mounts[in->nmounts++]);
}

/* ---- per instruction ----------------------------------------------------- */

/* ENV / LABEL (parseNameVal) and ARG (parseNameOrNameVal). */
static void parse_kvs(struct parser *p, struct df_instr *in)
{
	struct df_word *w = NULL;
	uint32_t nw = 0, i;
	struct df_kv *kv;
	const char *name = df_kind_name(in->kind);

	split_words(p, in, in->args_off, true, &w, &nw);
	if (!nw) {
		problem(p, DF_P_ARGS, df_instr_span(in, 0, in->text_len), in,
			"%s requires at least one argument", name);
		return;
	}
	if (in->kind != DF_ARG && !strchr(w[0].raw, '=')) {
		/* legacy "ENV key value": the rest of the line is the value */
		struct df_word *val;
		uint32_t e = in->text_len;

		kv = sg_arena_calloc(p->a, 1, sizeof(*kv));
		if (!kv) {
			p->oom = SG_ENOMEM;
			return;
		}
		kv->key = w[0];
		kv->legacy = true;
		if (nw < 2) {
			problem(p, DF_P_ARGS, df_instr_span(in, 0, in->text_len),
				in, "%s must have two arguments", name);
		} else {
			val = &kv->value;
			while (e > w[1].off && wspace(in->text[e - 1]))
				e--;
			val->off = w[1].off;
			val->len = e - w[1].off;
			val->raw = sg_arena_strndup(p->a, in->text + val->off,
						    val->len);
			kv->has_value = true;
		}
		in->kvs = kv;
		in->nkvs = 1;
		return;
	}
	kv = sg_arena_calloc(p->a, nw, sizeof(*kv));
	if (!kv) {
		p->oom = SG_ENOMEM;
		return;
	}
	for (i = 0; i < nw; i++) {
		const char *eq = strchr(w[i].raw, '=');

		if (!eq) {
			if (in->kind != DF_ARG)
				problem(p, DF_P_ARGS,
					df_instr_span(in, w[i].off, w[i].len), in,
					"syntax error - can't find = in '%s'; "
					"must be of the form: name=value",
					w[i].raw);
			kv[i].key = w[i];
			continue;
		}
		kv[i].key = w[i];
		kv[i].key.raw = sg_arena_strndup(p->a, w[i].raw,
						 (size_t)(eq - w[i].raw));
		kv[i].key.value = kv[i].key.raw;
		kv[i].key.len = (uint32_t)(eq - w[i].raw);
		kv[i].has_value = true;
		kv[i].value.raw = eq + 1;
		kv[i].value.off = w[i].off + kv[i].key.len + 1;
		kv[i].value.len = w[i].len - kv[i].key.len - 1;
		if (!*kv[i].key.raw)
			problem(p, DF_P_ARGS, df_instr_span(in, w[i].off, w[i].len),
				in, "%s names can not be blank", name);
	}
	in->kvs = kv;
	in->nkvs = nw;
}

/* Expand ENV/LABEL/ARG values and update the scope. */
static void apply_kvs(struct parser *p, struct df_instr *in)
{
	uint32_t i;

	for (i = 0; i < in->nkvs; i++) {
		struct df_kv *kv = &in->kvs[i];

		if (in->kind == DF_LABEL)
			expand_word(p, in, &kv->key, false);
		if (kv->has_value)
			expand_word(p, in, &kv->value, in->stage < 0);
	}
	if (in->in_onbuild)
		return;
	/* ENV values are all expanded with the scope before the instruction
	 * (BuildKit), so the scope changes only now */
	for (i = 0; i < in->nkvs; i++) {
		struct df_kv *kv = &in->kvs[i];
		const char *name = kv->key.value;
		const char *val = kv->has_value && !kv->value.unresolved ?
				  kv->value.value : NULL;

		if (!name || !*name)
			continue;
		if (in->kind == DF_ENV) {
			set_var(p, &p->env, name, val, false);
		} else if (in->kind == DF_ARG) {
			if (in->stage < 0) {
				set_var(p, &p->global, name, val, true);
			} else if (!kv->has_value) {
				const struct df_var *g = find_var(
					p->global.v, p->global.n, name);
				/* an existing ENV keeps precedence */
				const struct df_var *e = find_var(
					p->env.v, p->env.n, name);

				if (e && !e->is_arg)
					continue;
				set_var(p, &p->env, name, g ? g->value : NULL,
					true);
			} else {
				const struct df_var *e = find_var(
					p->env.v, p->env.n, name);

				if (e && !e->is_arg)
					continue;
				set_var(p, &p->env, name, val, true);
			}
		}
	}
}

static void expand_args(struct parser *p, struct df_instr *in, bool global)
{
	uint32_t i;

	for (i = 0; i < in->nargs; i++) {
		if (in->json) {
			/* JSON elements of COPY/ADD/VOLUME are expanded too */
			struct df_word w = in->args[i];
			const char *msg = NULL;

			if (in->in_onbuild)
				continue;
			if (df_expand(p->a, w.value, strlen(w.value),
				      p->f->escape, p->env.v, p->env.n,
				      &in->args[i].value, &in->args[i].unresolved,
				      &in->args[i].undefined, &msg) == SG_ENOMEM)
				p->oom = SG_ENOMEM;
			if (in->args[i].undefined && !p->closed)
				in->args[i].unresolved = true;
			continue;
		}
		expand_word(p, in, &in->args[i], global);
	}
}

/* A single-string argument (USER, WORKDIR, STOPSIGNAL, MAINTAINER). */
static void parse_single(struct parser *p, struct df_instr *in, bool expand)
{
	uint32_t s = in->args_off, e = in->text_len;

	while (e > s && wspace(in->text[e - 1]))
		e--;
	if (e == s) {
		problem(p, DF_P_ARGS, df_instr_span(in, 0, in->text_len), in,
			"%s requires exactly one argument", df_kind_name(in->kind));
		return;
	}
	in->args = sg_arena_calloc(p->a, 1, sizeof(*in->args));
	if (!in->args) {
		p->oom = SG_ENOMEM;
		return;
	}
	in->nargs = 1;
	in->args[0].raw = sg_arena_strndup(p->a, in->text + s, e - s);
	in->args[0].value = in->args[0].raw;
	in->args[0].off = s;
	in->args[0].len = e - s;
	if (expand)
		expand_word(p, in, &in->args[0], false);
}

static bool valid_stage_name(const char *s)
{
	if (!sg_isalpha((unsigned char)*s))
		return false;
	for (s++; *s; s++)
		if (!sg_isalnum((unsigned char)*s) && *s != '-' && *s != '_' &&
		    *s != '.')
			return false;
	return true;
}

static void parse_from(struct parser *p, struct df_instr *in)
{
	split_words(p, in, in->args_off, false, &in->args, &in->nargs);
	if (in->nargs != 1 && !(in->nargs == 3 &&
				!sg_strcasecmp(in->args[1].raw, "as"))) {
		problem(p, DF_P_ARGS, df_instr_span(in, 0, in->text_len), in,
			"FROM requires either one or three arguments");
		if (in->nargs == 0)
			return;
	}
	expand_word(p, in, &in->args[0], true);
	if (in->nargs == 3 && !sg_strcasecmp(in->args[1].raw, "as")) {
		in->args[2].value = in->args[2].raw;
		if (!valid_stage_name(in->args[2].raw))
			problem(p, DF_P_STAGE_NAME,
				df_instr_span(in, in->args[2].off,
					      in->args[2].len), in,
				"invalid name for build stage: '%s', name can't "
				"start with a number or contain symbols",
				in->args[2].raw);
	}
}

/* Go duration ("1m30s", "0.5ms") in nanoseconds; -1 when invalid. */
static double parse_duration(const char *s)
{
	double total = 0;

	if (!*s)
		return -1;
	if (!strcmp(s, "0"))
		return 0;
	while (*s) {
		double v = 0, scale = 1, mult;
		const char *st = s;

		while (sg_isdigit((unsigned char)*s))
			v = v * 10 + (*s++ - '0');
		if (*s == '.') {
			s++;
			while (sg_isdigit((unsigned char)*s)) {
				scale /= 10;
				v += (*s++ - '0') * scale;
			}
		}
		if (s == st || v > 1e18)
			return -1;
		if (!strncmp(s, "ns", 2)) { mult = 1; s += 2; }
		else if (!strncmp(s, "us", 2)) { mult = 1e3; s += 2; }
		else if (!strncmp(s, "ms", 2)) { mult = 1e6; s += 2; }
		else if (*s == 's') { mult = 1e9; s++; }
		else if (*s == 'm') { mult = 60e9; s++; }
		else if (*s == 'h') { mult = 3600e9; s++; }
		else
			return -1;
		total += v * mult;
	}
	return total;
}

static void parse_healthcheck(struct parser *p, struct df_instr *in)
{
	uint32_t s = in->args_off, e = s, i;
	const char *t = in->text;

	while (e < in->text_len && !wspace(t[e]))
		e++;
	if (e == s) {
		problem(p, DF_P_ARGS, df_instr_span(in, 0, in->text_len), in,
			"HEALTHCHECK requires an argument");
		return;
	}
	if (e - s == 4 && !sg_strncasecmp(t + s, "NONE", 4)) {
		in->hc_none = true;
		if (skip_ws(t, e, in->text_len) != in->text_len)
			problem(p, DF_P_HEALTHCHECK, df_instr_span(in, s, e - s),
				in, "HEALTHCHECK NONE takes no arguments");
		if (in->nflags)
			problem(p, DF_P_HEALTHCHECK, df_instr_span(in, 0, e), in,
				"HEALTHCHECK NONE takes no options");
		return;
	}
	if (e - s != 3 || sg_strncasecmp(t + s, "CMD", 3)) {
		problem(p, DF_P_HEALTHCHECK, df_instr_span(in, s, e - s), in,
			"unknown type '%.*s' in HEALTHCHECK (try CMD)",
			(int)(e - s), t + s);
		return;
	}
	in->hc_cmd = true;
	in->args_off = skip_ws(t, e, in->text_len);
	if (in->args_off >= in->text_len)
		problem(p, DF_P_HEALTHCHECK, df_instr_span(in, s, e - s), in,
			"missing command after HEALTHCHECK CMD");
	maybe_json(p, in);
	for (i = 0; i < in->nflags; i++) {
		const struct df_flag *fl = &in->flags[i];
		const char *v = fl->val.raw ? fl->val.raw : "";

		if (!fl->has_value)
			continue;
		if (!strcmp(fl->name, "retries")) {
			uint64_t r;

			if (sg_parse_u64(v, strlen(v), &r) < 0)
				problem(p, DF_P_HEALTHCHECK,
					df_instr_span(in, fl->off, fl->len), in,
					"--retries must be a non-negative "
					"integer, not '%s'", v);
		} else {
			double d = parse_duration(v);

			if (d < 0)
				problem(p, DF_P_HEALTHCHECK,
					df_instr_span(in, fl->off, fl->len), in,
					"invalid duration '%s' for --%s", v,
					fl->name);
			else if (d != 0 && d < 1e6)
				problem(p, DF_P_HEALTHCHECK,
					df_instr_span(in, fl->off, fl->len), in,
					"--%s cannot be less than 1ms", fl->name);
		}
	}
}

/* ---- heredocs ------------------------------------------------------------ */

static bool can_heredoc(enum df_kind k)
{
	return k == DF_RUN || k == DF_COPY || k == DF_ADD;
}

/* Find <<WORD words in text[off..) the way BuildKit does: whitespace
 * separated words (quotes kept), each matched against ^(\d*)<<(-?)(.+)$. */
static void find_heredocs(struct parser *p, struct df_instr *in,
			  heredoc_vec *out)
{
	const char *t = in->text;
	uint32_t i = in->args_off, n = in->text_len;
	char esc = p->f->escape;

	while (i < n) {
		uint32_t s, k;
		char q = 0;
		struct df_heredoc h;

		i = skip_ws(t, i, n);
		if (i >= n)
			break;
		s = i;
		while (i < n && (q || !wspace(t[i]))) {
			if (q) {
				if (t[i] == esc && q == '"' && i + 1 < n)
					i++;
				else if (t[i] == q)
					q = 0;
			} else if (t[i] == esc && i + 1 < n) {
				i++;
			} else if (t[i] == '\'' || t[i] == '"') {
				q = t[i];
			}
			i++;
		}
		k = s;
		while (k < i && sg_isdigit((unsigned char)t[k]))
			k++;
		if (k + 2 > i || t[k] != '<' || t[k + 1] != '<')
			continue;
		memset(&h, 0, sizeof(h));
		h.fd = -1;
		if (k > s) {
			uint64_t fd;

			if (sg_parse_u64(t + s, k - s, &fd) == 0 && fd < 1000)
				h.fd = (int)fd;
		}
		k += 2;
		if (k < i && t[k] == '-') {
			h.chomp = true;
			k++;
		}
		if (k >= i || memchr(t + k, '<', i - k))
			continue;
		{
			struct sg_buf b = SG_BUF_INIT(4096);
			uint32_t j;
			char qq = 0;

			for (j = k; j < i; j++) {
				char c = t[j];

				if (qq) {
					if (c == qq)
						qq = 0;
					else
						sg_buf_putc(&b, c);
				} else if (c == '\'' || c == '"') {
					qq = c;
					h.quoted = true;
				} else if (c == esc && j + 1 < i) {
					h.quoted = true;
					sg_buf_putc(&b, t[++j]);
				} else {
					sg_buf_putc(&b, c);
				}
			}
			h.name = sg_arena_strndup(p->a, sg_buf_cstr(&b), b.len);
			sg_buf_release(&b);
		}
		if (!h.name || !*h.name)
			continue;
		h.word_off = s;
		if (sg_vec_push(out, h) < 0)
			p->oom = SG_ENOMEM;
	}
}

/* Read heredoc bodies from the lines after `*line`; advances *line. */
static void read_heredocs(struct parser *p, struct df_instr *in,
			  uint32_t *line)
{
	heredoc_vec hs = SG_VEC_INIT;
	size_t k, done_n = 0;
	const struct df_file *f = p->f;

	find_heredocs(p, in, &hs);
	for (k = 0; k < hs.n; k++) {
		struct df_heredoc *h = &hs.v[k];
		bool done = false;
		uint32_t start_off, end_off;

		h->body_line = *line + 1;
		start_off = *line < f->nlines ? f->line_off[*line] : (uint32_t)f->len;
		end_off = start_off;
		while (*line < f->nlines) {
			size_t len;
			const char *l;

			(*line)++;
			l = line_at(f, *line, &len);
			if (h->chomp)
				while (len && *l == '\t') {
					l++;
					len--;
				}
			if (len == strlen(h->name) && !memcmp(l, h->name, len)) {
				done = true;
				h->end_line = *line;
				break;
			}
			end_off = *line < f->nlines ? f->line_off[*line] :
						      (uint32_t)f->len;
			if (end_off - start_off > DF_MAX_HEREDOC) {
				problem(p, DF_P_LIMIT,
					line_span(h->body_line, 1, 0), in,
					"heredoc '%s' is larger than %d bytes",
					h->name, DF_MAX_HEREDOC);
				p->stop = true;
				break;
			}
		}
		h->body = f->data + start_off;
		h->body_len = end_off - start_off;
		done_n = k + 1;
		if (h->body_len >= 2 && h->body[0] == '#' && h->body[1] == '!') {
			const char *nl = memchr(h->body, '\n', h->body_len);

			h->shebang = sg_arena_strndup(
				p->a, h->body,
				nl ? (size_t)(nl - h->body) : h->body_len);
		}
		if (p->stop)
			break;
		if (!done) {
			problem(p, DF_P_HEREDOC,
				df_instr_span(in, h->word_off, 2), in,
				"unterminated heredoc '%s'", h->name);
			h->end_line = *line;
			break;
		}
	}
	/* only the heredocs whose bodies were read (a limit stops early) */
	hs.n = done_n;
	if (hs.n) {
		in->heredocs = sg_arena_calloc(p->a, hs.n, sizeof(*in->heredocs));
		if (in->heredocs) {
			memcpy(in->heredocs, hs.v, hs.n * sizeof(*hs.v));
			in->nheredocs = (uint32_t)hs.n;
		} else {
			p->oom = SG_ENOMEM;
		}
		if (in->kind == DF_RUN && in->nargs == 1 &&
		    in->args[0].off == in->heredocs[0].word_off)
			in->heredoc_script = true;
		in->span.end_line = *line;
		{
			size_t len;

			line_at(f, *line, &len);
			in->span.end_col = len ? (uint32_t)len : 1;
		}
	}
	sg_vec_release(&hs);
}

/* ---- one instruction ------------------------------------------------------ */

static enum df_kind kind_of(const char *w, size_t len)
{
	int k;

	for (k = 0; k < DF_UNKNOWN; k++)
		if (strlen(kind_names[k]) == len &&
		    !sg_strncasecmp(kind_names[k], w, len))
			return (enum df_kind)k;
	return DF_UNKNOWN;
}

/* Parse the instruction whose keyword starts at `off` of in->text. */
static void parse_instr(struct parser *p, struct df_instr *in, uint32_t off)
{
	const char *t = in->text;
	uint32_t n = in->text_len, e = off;

	while (e < n && !wspace(t[e]))
		e++;
	in->keyword = sg_arena_strndup(p->a, t + off, e - off);
	in->kw_off = off;
	in->kind = kind_of(t + off, e - off);
	in->args_off = skip_ws(t, e, n);
	if (in->kind == DF_UNKNOWN) {
		problem(p, DF_P_SYNTAX, df_instr_span(in, off, e - off), in,
			"unknown instruction: %s", in->keyword);
		return;
	}
	if (takes_flags(in->kind))
		in->args_off = parse_flags(p, in, in->args_off);
	switch (in->kind) {
	case DF_FROM:
		parse_from(p, in);
		break;
	case DF_RUN:
	case DF_CMD:
	case DF_ENTRYPOINT:
		maybe_json(p, in);
		if (in->kind == DF_RUN && !in->nargs && !in->json)
			problem(p, DF_P_ARGS, df_instr_span(in, 0, n), in,
				"RUN requires at least one argument");
		break;
	case DF_SHELL:
		maybe_json(p, in);
		if (!in->json)
			problem(p, DF_P_SHELL_FORM, df_instr_span(in, 0, n), in,
				"SHELL requires the arguments to be in JSON form");
		else if (!in->nargs)
			problem(p, DF_P_ARGS, df_instr_span(in, 0, n), in,
				"SHELL requires at least one argument");
		break;
	case DF_ADD:
	case DF_COPY:
		maybe_json(p, in);
		if (in->nargs < 2)
			problem(p, DF_P_ARGS, df_instr_span(in, 0, n), in,
				"%s requires at least two arguments, but only "
				"%u provided", df_kind_name(in->kind), in->nargs);
		expand_args(p, in, false);
		break;
	case DF_VOLUME:
		maybe_json(p, in);
		if (!in->nargs)
			problem(p, DF_P_ARGS, df_instr_span(in, 0, n), in,
				"VOLUME requires at least one argument");
		expand_args(p, in, false);
		break;
	case DF_EXPOSE:
		split_words(p, in, in->args_off, false, &in->args, &in->nargs);
		if (!in->nargs)
			problem(p, DF_P_ARGS, df_instr_span(in, 0, n), in,
				"EXPOSE requires at least one argument");
		expand_args(p, in, false);
		break;
	case DF_ENV:
	case DF_LABEL:
	case DF_ARG:
		parse_kvs(p, in);
		apply_kvs(p, in);
		break;
	case DF_USER:
	case DF_WORKDIR:
	case DF_STOPSIGNAL:
		parse_single(p, in, true);
		break;
	case DF_MAINTAINER:
		parse_single(p, in, false);
		break;
	case DF_HEALTHCHECK:
		parse_healthcheck(p, in);
		break;
	case DF_ONBUILD: {
		struct df_instr *sub;
		uint32_t s = in->args_off;

		if (s >= n) {
			problem(p, DF_P_ARGS, df_instr_span(in, 0, n), in,
				"ONBUILD requires at least one argument");
			break;
		}
		if (in->in_onbuild)
			break;  /* ONBUILD ONBUILD: a rule reports it */
		sub = sg_arena_calloc(p->a, 1, sizeof(*sub));
		if (!sub) {
			p->oom = SG_ENOMEM;
			break;
		}
		*sub = *in;
		sub->onbuild = NULL;
		sub->in_onbuild = true;
		sub->comments = NULL;
		sub->ncomments = 0;
		parse_instr(p, sub, s);
		in->onbuild = sub;
		break;
	}
	default:
		break;
	}
	if (in->kind == DF_RUN)
		check_flag_values(p, in);
}

/* ---- stages ------------------------------------------------------------ */

static void save_stage_env(struct parser *p)
{
	struct df_var *copy = NULL;

	if (!p->stages.n)
		return;
	if (p->env.n) {
		copy = sg_arena_calloc(p->a, p->env.n, sizeof(*copy));
		if (!copy) {
			p->oom = SG_ENOMEM;
			return;
		}
		memcpy(copy, p->env.v, p->env.n * sizeof(*copy));
	}
	p->stage_env.v[p->stages.n - 1] = copy;
	p->stage_nenv.v[p->stages.n - 1] = (uint32_t)p->env.n;
	p->stage_closed.v[p->stages.n - 1] = p->closed;
}

static void begin_stage(struct parser *p, struct df_instr *in)
{
	struct df_stage st;
	size_t i;

	save_stage_env(p);
	memset(&st, 0, sizeof(st));
	st.index = (uint32_t)p->stages.n;
	st.from = NULL;  /* fixed up at the end (instrs may move) */
	st.first = in->index;
	st.last = in->index;
	st.parent = -1;
	if (in->nargs >= 1) {
		st.base = in->args[0].value;
		st.base_unresolved = in->args[0].unresolved;
	}
	if (in->nargs == 3 && !sg_strcasecmp(in->args[1].raw, "as")) {
		char *lc = sg_arena_strdup(p->a, in->args[2].raw);

		st.name_raw = in->args[2].raw;
		for (i = 0; lc && lc[i]; i++)
			lc[i] = (char)sg_tolower((unsigned char)lc[i]);
		st.name = lc;
	}
	p->env.n = 0;
	p->closed = false;
	if (st.base && !st.base_unresolved) {
		for (i = 0; i < p->stages.n; i++)
			if (p->stages.v[i].name &&
			    !sg_strcasecmp(p->stages.v[i].name, st.base))
				st.parent = (int)i;
		if (st.parent >= 0) {
			const struct df_var *pe = p->stage_env.v[st.parent];
			uint32_t k, pn = p->stage_nenv.v[st.parent];

			/* ENV is inherited, ARG is not */
			for (k = 0; k < pn; k++)
				if (!pe[k].is_arg)
					set_var(p, &p->env, pe[k].name,
						pe[k].value, false);
			p->closed = p->stage_closed.v[st.parent];
		} else if (!sg_strcasecmp(st.base, "scratch")) {
			st.scratch = true;
			p->closed = true;
		}
	}
	if (sg_vec_push(&p->stages, st) < 0 ||
	    sg_vec_push(&p->stage_env, (struct df_var *)NULL) < 0 ||
	    sg_vec_push(&p->stage_nenv, 0) < 0 ||
	    sg_vec_push(&p->stage_closed, false) < 0)
		p->oom = SG_ENOMEM;
}

static void mark_reachable(struct df_file *f)
{
	bool changed = true;
	uint32_t s, i, m;

	if (!f->nstages)
		return;
	f->stages[f->nstages - 1].reachable = true;
	while (changed) {
		changed = false;
		for (s = f->nstages; s-- > 0;) {
			struct df_stage *st = &f->stages[s];

			if (!st->reachable)
				continue;
			if (st->parent >= 0 && !f->stages[st->parent].reachable)
				changed = f->stages[st->parent].reachable = true;
			for (i = st->first; i <= st->last && i < f->ninstrs; i++) {
				const struct df_instr *in = &f->instrs[i];
				const struct df_stage *dep;
				const struct df_flag *fl;

				if (in->kind == DF_COPY &&
				    (fl = df_instr_flag(in, "from")) &&
				    !fl->val.unresolved &&
				    (dep = df_stage_lookup(f, fl->val.value, s)) &&
				    !dep->reachable)
					changed = f->stages[dep->index].reachable = true;
				for (m = 0; in->kind == DF_RUN && m < in->nmounts; m++)
					if (in->mounts[m].from &&
					    (dep = df_stage_lookup(f, in->mounts[m].from, s)) &&
					    !dep->reachable)
						changed = f->stages[dep->index].reachable = true;
			}
		}
	}
}

/* ---- directives ---------------------------------------------------------- */

/* "# key=value" before anything else; returns true when it is one. */
static bool directive(struct parser *p, const char *l, size_t len,
		      uint32_t line)
{
	size_t i = 0, ks, ke, vs, ve, k;
	struct df_directive d;

	while (i < len && blank(l[i]))
		i++;
	if (i >= len || l[i] != '#')
		return false;
	i++;
	while (i < len && blank(l[i]))
		i++;
	ks = i;
	if (i >= len || !sg_isalpha((unsigned char)l[i]))
		return false;
	while (i < len && sg_isalnum((unsigned char)l[i]))
		i++;
	ke = i;
	while (i < len && blank(l[i]))
		i++;
	if (i >= len || l[i] != '=')
		return false;
	i++;
	while (i < len && blank(l[i]))
		i++;
	vs = i;
	ve = len;
	while (ve > vs && wspace(l[ve - 1]))
		ve--;
	if (ve == vs)
		return false;
	memset(&d, 0, sizeof(d));
	{
		char *key = sg_arena_strndup(p->a, l + ks, ke - ks);

		for (k = 0; key && key[k]; k++)
			key[k] = (char)sg_tolower((unsigned char)key[k]);
		d.key = key;
	}
	d.value = sg_arena_strndup(p->a, l + vs, ve - vs);
	d.line = line;
	if (!d.key || !d.value) {
		p->oom = SG_ENOMEM;
		return true;
	}
	for (k = 0; k < p->directives.n; k++)
		if (!strcmp(p->directives.v[k].key, d.key))
			problem(p, DF_P_SYNTAX, line_span(line, 1, (uint32_t)len),
				NULL, "only one %s parser directive can be used",
				d.key);
	if (!strcmp(d.key, "escape")) {
		if (strcmp(d.value, "\\") && strcmp(d.value, "`"))
			problem(p, DF_P_SYNTAX,
				line_span(line, (uint32_t)vs + 1, (uint32_t)ve),
				NULL, "invalid escape token '%s' does not "
				"match ` or \\", d.value);
		else
			p->f->escape = d.value[0];
	}
	if (sg_vec_push(&p->directives, d) < 0)
		p->oom = SG_ENOMEM;
	return true;
}

static bool is_comment(const char *l, size_t len)
{
	size_t i = 0;

	while (i < len && wspace(l[i]))
		i++;
	return i < len && l[i] == '#';
}

static bool is_empty(const char *l, size_t len)
{
	size_t i = 0;

	while (i < len && wspace(l[i]))
		i++;
	return i == len;
}

static void add_comment(struct parser *p, const char *l, size_t len,
			uint32_t line)
{
	struct df_comment c;
	size_t i = 0;

	while (i < len && wspace(l[i]))
		i++;
	i++;  /* '#' */
	while (i < len && blank(l[i]))
		i++;
	while (len > i && wspace(l[len - 1]))
		len--;
	c.text = sg_arena_strndup(p->a, l + i, len - i);
	c.line = line;
	if (!c.text || sg_vec_push(&p->comments, c) < 0)
		p->oom = SG_ENOMEM;
	if (!strncmp(c.text ? c.text : "", "hadolint shell=", 15))
		p->f->shell_pragma = c.text + 15;
}

/*
 * Continuation: the escape char followed only by blanks at the end of the
 * line (and not itself escaped).  Returns the length without it, and sets
 * *cont.
 */
static size_t trim_cont(const char *l, size_t len, char esc, bool *cont)
{
	size_t e = len;

	while (e > 0 && blank(l[e - 1]))
		e--;
	*cont = false;
	if (e == 0 || l[e - 1] != esc)
		return len;
	if (e == 1) {
		*cont = true;
		return 0;
	}
	if (l[e - 2] == esc)
		return len;
	*cont = true;
	return e - 1;
}

static bool has_lshift(const char *t, uint32_t n)
{
	const char *p, *end = t + n;

	for (p = t; p + 1 < end && (p = memchr(p, '<', (size_t)(end - p - 1)));
	     p++)
		if (p[1] == '<')
			return true;
	return false;
}

/* ---- driver ------------------------------------------------------------ */

static void add_seg(struct parser *p, struct sg_buf *text, const char *s,
		    size_t len, uint32_t line, uint32_t col)
{
	struct df_seg seg;

	seg.off = (uint32_t)text->len;
	seg.len = (uint32_t)len;
	seg.line = line;
	seg.col = col;
	/* a NUL (reported by find_nuls) reads as a blank, one byte for one
	 * byte so columns stay right, instead of ending the C string */
	if (sg_buf_put(text, s, len) == 0 && memchr(s, '\0', len)) {
		size_t i;

		for (i = seg.off; i < text->len; i++)
			if (text->ptr[i] == '\0')
				text->ptr[i] = ' ';
	}
	if (sg_vec_push(&p->segs, seg) < 0)
		p->oom = SG_ENOMEM;
}

static int index_lines(struct df_file *f)
{
	const char *s = f->data, *end = s + f->len, *nl;
	size_t n = f->len ? 1 : 0;
	uint32_t k = 0;

	/* a line starts after every newline but a last one */
	for (nl = s; n && (nl = memchr(nl, '\n', (size_t)(end - nl))) &&
		     nl + 1 < end; nl++)
		n++;
	f->line_off = sg_arena_calloc(&f->arena, n + 1, sizeof(uint32_t));
	if (!f->line_off)
		return SG_ENOMEM;
	f->nlines = (uint32_t)n;
	if (n)
		f->line_off[k++] = f->bom ? 3 : 0;
	for (nl = s; k < n && (nl = memchr(nl, '\n', (size_t)(end - nl)));
	     nl++)
		f->line_off[k++] = (uint32_t)(nl - s) + 1;
	return 0;
}

/* One problem per line holding NUL bytes, at the first one: BuildKit keeps
 * them in words (and fails on them), C strings would silently end there. */
static void find_nuls(struct parser *p)
{
	const struct df_file *f = p->f;
	const char *at = f->data, *end = f->data + f->len;
	uint32_t line = 1, last = 0;

	while (at < end && (at = memchr(at, '\0', (size_t)(end - at)))) {
		uint32_t off = (uint32_t)(at - f->data);

		while (line < f->nlines && f->line_off[line] <= off)
			line++;
		if (line != last) {
			uint32_t col = off - f->line_off[line - 1] + 1;

			problem(p, DF_P_NUL, line_span(line, col, col), NULL,
				"NUL byte in the Dockerfile; the line was read "
				"with a blank in its place");
			last = line;
		}
		at++;
	}
}

#define FINISH(field, vec)                                                   \
	do {                                                                 \
		f->n##field = (uint32_t)(vec).n;                             \
		if ((vec).n) {                                               \
			f->field = sg_arena_calloc(p->a, (vec).n,            \
						   sizeof(*(vec).v));        \
			if (!f->field)                                       \
				p->oom = SG_ENOMEM;                          \
			else                                                 \
				memcpy(f->field, (vec).v,                    \
				       (vec).n * sizeof(*(vec).v));          \
		}                                                            \
	} while (0)

int df_parse(const char *path, const char *data, size_t len,
	     struct df_file **out, sg_error *err)
{
	struct df_file *f;
	struct parser pp, *p = &pp;
	struct sg_buf text = SG_BUF_INIT((size_t)DF_MAX_LINE * 8);
	uint32_t line = 0;
	bool in_directives = true;
	int rc = 0;
	size_t i;

	*out = NULL;
	f = calloc(1, sizeof(*f));
	if (!f)
		return sg_error_set(err, SG_ENOMEM, path, 0, 0, "out of memory");
	memset(p, 0, sizeof(*p));
	sg_arena_init(&f->arena);
	p->f = f;
	p->a = &f->arena;
	f->path = sg_arena_strdup(p->a, path ? path : "Dockerfile");
	f->data = data;
	f->len = len > UINT32_MAX - 1 ? UINT32_MAX - 1 : len;
	f->escape = '\\';
	f->bom = len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3);
	if (index_lines(f) < 0) {
		rc = SG_ENOMEM;
		goto done;
	}
	find_nuls(p);
	while (line < f->nlines && !p->stop && !p->oom) {
		size_t l_len, s;
		const char *l;
		struct df_instr in;
		uint32_t start, nphys = 1;
		bool cont, empty_cont = false;
		uint32_t empty_line = 0;

		l = line_at(f, ++line, &l_len);
		if (l_len > DF_MAX_LINE) {
			problem(p, DF_P_LIMIT, line_span(line, 1, 1), NULL,
				"line is longer than %d bytes; the rest of the "
				"file was not analysed", DF_MAX_LINE);
			break;
		}
		if (in_directives) {
			if (directive(p, l, l_len, line)) {
				add_comment(p, l, l_len, line);
				continue;
			}
			in_directives = false;
		}
		if (is_comment(l, l_len)) {
			add_comment(p, l, l_len, line);
			continue;
		}
		if (is_empty(l, l_len))
			continue;
		if (p->instrs.n >= DF_MAX_INSTRUCTIONS) {
			problem(p, DF_P_LIMIT, line_span(line, 1, 1), NULL,
				"more than %d instructions; the rest of the file "
				"was not analysed", DF_MAX_INSTRUCTIONS);
			break;
		}
		start = line;
		s = 0;
		while (s < l_len && wspace(l[s]))
			s++;
		sg_buf_clear(&text);
		p->segs.n = 0;
		{
			size_t e = trim_cont(l + s, l_len - s, f->escape, &cont);

			add_seg(p, &text, l + s, e, line, (uint32_t)s + 1);
		}
		while (cont && line < f->nlines) {
			size_t e;

			l = line_at(f, ++line, &l_len);
			if (l_len > DF_MAX_LINE || ++nphys > DF_MAX_CONTINUATION) {
				problem(p, DF_P_LIMIT, line_span(line, 1, 1), NULL,
					"%s; the rest of the file was not analysed",
					l_len > DF_MAX_LINE ?
					"line is too long" :
					"too many continuation lines");
				p->stop = true;
				break;
			}
			if (is_comment(l, l_len)) {
				add_comment(p, l, l_len, line);
				continue;
			}
			if (is_empty(l, l_len)) {
				if (!empty_cont)
					empty_line = line;
				empty_cont = true;
				continue;
			}
			e = trim_cont(l, l_len, f->escape, &cont);
			add_seg(p, &text, l, e, line, 1);
		}
		if (p->stop)
			break;
		if (sg_buf_error(&text)) {
			problem(p, DF_P_LIMIT, line_span(start, 1, 1), NULL,
				"instruction is too long; the rest of the file "
				"was not analysed");
			break;
		}
		memset(&in, 0, sizeof(in));
		in.index = (uint32_t)p->instrs.n;
		in.stage = (int)p->stages.n - 1;
		in.text = sg_arena_strndup(p->a, sg_buf_cstr(&text), text.len);
		in.text_len = (uint32_t)text.len;
		in.nsegs = (uint32_t)p->segs.n;
		in.segs = sg_arena_calloc(p->a, p->segs.n ? p->segs.n : 1,
					  sizeof(*in.segs));
		if (!in.text || !in.segs) {
			p->oom = SG_ENOMEM;
			break;
		}
		memcpy((void *)in.segs, p->segs.v, p->segs.n * sizeof(*in.segs));
		in.span.line = start;
		in.span.col = (uint32_t)s + 1;
		in.span.end_line = p->segs.v[p->segs.n - 1].line;
		in.span.end_col = p->segs.v[p->segs.n - 1].col +
				  p->segs.v[p->segs.n - 1].len;
		if (in.span.end_col > 1)
			in.span.end_col--;
		/* the stage starts before parsing so FROM's own index is right */
		{
			uint32_t e = 0;

			while (e < in.text_len && !wspace(in.text[e]))
				e++;
			if (kind_of(in.text, e) == DF_FROM)
				in.stage = (int)p->stages.n;
		}
		parse_instr(p, &in, 0);
		if (in.kind == DF_FROM)
			begin_stage(p, &in);
		if (empty_cont)
			problem(p, DF_P_EMPTY_CONT, line_span(empty_line, 1, 1),
				NULL, "empty continuation line");
		if (!in.json && (can_heredoc(in.kind) ||
				 (in.onbuild && can_heredoc(in.onbuild->kind) &&
				  !in.onbuild->json)) &&
		    has_lshift(in.text, in.text_len)) {
			struct df_instr *h = in.onbuild ?
				(struct df_instr *)in.onbuild : &in;

			read_heredocs(p, h, &line);
			if (in.onbuild) {
				in.heredocs = h->heredocs;
				in.nheredocs = h->nheredocs;
				in.span.end_line = h->span.end_line;
				in.span.end_col = h->span.end_col;
			}
		} else if (in.json && can_heredoc(in.kind)) {
			uint32_t k;

			for (k = 0; k < in.nargs; k++)
				if (!strncmp(in.args[k].value, "<<", 2) &&
				    in.args[k].value[2] &&
				    in.args[k].value[2] != '<')
					problem(p, DF_P_HEREDOC,
						df_instr_span(&in, in.args[k].off,
							      in.args[k].len),
						NULL, "heredocs are not supported "
						"in the JSON form");
		}
		if (sg_vec_push(&p->instrs, in) < 0) {
			p->oom = SG_ENOMEM;
			break;
		}
		if (p->stages.n)
			p->stages.v[p->stages.n - 1].last = in.index;
	}
	if (p->oom) {
		rc = SG_ENOMEM;
		goto done;
	}
	f->truncated = false;
	for (i = 0; i < p->problems.n; i++)
		if (p->problems.v[i].kind == DF_P_LIMIT)
			f->truncated = true;
	FINISH(instrs, p->instrs);
	FINISH(comments, p->comments);
	FINISH(stages, p->stages);
	FINISH(directives, p->directives);
	FINISH(global_args, p->global);
	if (p->oom) {
		rc = SG_ENOMEM;
		goto done;
	}
	/* attach comments and stage FROM pointers now that arrays are final */
	{
		size_t ci = 0;
		uint32_t prev_end = 0;

		for (i = 0; i < f->ninstrs; i++) {
			struct df_instr *in = &f->instrs[i];
			size_t first;

			while (ci < f->ncomments && f->comments[ci].line <= prev_end)
				ci++;
			first = ci;
			while (ci < f->ncomments &&
			       f->comments[ci].line < in->span.line)
				ci++;
			in->comments = ci > first ? &f->comments[first] : NULL;
			in->ncomments = (uint32_t)(ci - first);
			prev_end = in->span.end_line;
			if (in->onbuild) {
				struct df_instr *sub = (struct df_instr *)in->onbuild;

				sub->index = in->index;
				sub->stage = in->stage;
				sub->comments = in->comments;
				sub->ncomments = in->ncomments;
			}
		}
		for (i = 0; i < f->nstages; i++)
			f->stages[i].from = &f->instrs[f->stages[i].first];
	}
	/* problems point at instructions by value copies; re-point them */
	for (i = 0; i < p->problems.n; i++) {
		struct df_problem *pr = &p->problems.v[i];
		uint32_t k;

		if (pr->index < 0)
			continue;
		k = (uint32_t)pr->index;
		pr->instr = k < f->ninstrs ? &f->instrs[k] : NULL;
	}
	FINISH(problems, p->problems);
	mark_reachable(f);
	if (p->oom || f->arena.oom)
		rc = SG_ENOMEM;
done:
	sg_buf_release(&text);
	sg_vec_release(&p->instrs);
	sg_vec_release(&p->comments);
	sg_vec_release(&p->problems);
	sg_vec_release(&p->directives);
	sg_vec_release(&p->global);
	sg_vec_release(&p->env);
	sg_vec_release(&p->segs);
	sg_vec_release(&p->stages);
	sg_vec_release(&p->stage_env);
	sg_vec_release(&p->stage_nenv);
	sg_vec_release(&p->stage_closed);
	if (rc < 0) {
		df_file_free(f);
		return sg_error_set(err, rc, path, 0, 0, "out of memory");
	}
	*out = f;
	return 0;
}

void df_file_free(struct df_file *f)
{
	if (!f)
		return;
	sg_arena_release(&f->arena);
	free(f);
}

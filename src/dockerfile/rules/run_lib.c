/*
 * run_lib.c: the common driver of the RUN rules (see run_lib.h).
 */
#include "util/compat.h"
#include "dockerfile/rules/run_lib.h"
#include "util/buf.h"

static const struct run_rule *run_rule_of(const struct df_rule *r)
{
	return (const struct run_rule *)(const void *)r;
}

static const char *const needle_text[RUN_N_COUNT] = {
#define RUN_NEEDLE_TEXT(id, text) [RUN_N_##id] = text,
	RUN_NEEDLE_LIST(RUN_NEEDLE_TEXT)
#undef RUN_NEEDLE_TEXT
};

static const unsigned char needle_len[RUN_N_COUNT] = {
#define RUN_NEEDLE_LEN(id, text) [RUN_N_##id] = sizeof(text) - 1,
	RUN_NEEDLE_LIST(RUN_NEEDLE_LEN)
#undef RUN_NEEDLE_LEN
};

_Static_assert(RUN_N_COUNT <= 64, "RUN_N() bits are a uint64_t");

/*
 * Which needles occur in s[0..n): one pass, every needle at once.  A needle
 * is a candidate at a byte when that byte, the next and the one after are
 * its first three (bytes past a short needle's end match anything): the
 * three tables leave few candidates to compare.
 */
static uint64_t needles_in(const struct run_parsed *p, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	uint64_t found = 0, m;
	size_t i;
	unsigned int k;

	for (i = 0; i < n; i++) {
		m = p->first[u[i]] & ~found;
		if (!m)
			continue;
		m &= i + 1 < n ? p->second[u[i + 1]] | p->short2 : p->short2;
		m &= i + 2 < n ? p->third[u[i + 2]] | p->short3 : p->short3;
		for (; m; m &= m - 1) {
			k = sg_ctz64(m);
			if (needle_len[k] <= n - i &&
			    memcmp(s + i, needle_text[k], needle_len[k]) == 0)
				found |= UINT64_C(1) << k;
		}
	}
	return found;
}

static bool has_quoting(const char *s, size_t n)
{
	return memchr(s, '\'', n) || memchr(s, '"', n) || memchr(s, '\\', n);
}

/* s[0..n) holds the two bytes `a` `b` in a row. */
static bool has_pair(const char *s, size_t n, char a, char b)
{
	const char *p, *end = s + n;

	for (p = s; p + 1 < end && (p = memchr(p, a, (size_t)(end - p - 1)));
	     p++)
		if (p[1] == b)
			return true;
	return false;
}

/* Append s[0..n) without quotes and backslashes, then a newline. */
static char *put_plain(char *d, const char *s, size_t n)
{
	const char *end = s + n;

	for (; s < end; s++)
		if (*s != '\'' && *s != '"' && *s != '\\')
			*d++ = *s;
	*d++ = '\n';
	return d;
}

/*
 * The needles the RUN's text or one of its heredoc bodies holds.  The shell
 * runs c''url, "cu"rl and \curl as curl, so where the RUN (or a
 * here-document body) quotes or escapes, the search is in a copy without
 * quotes and backslashes; a needle found in the text is found there too.
 * Escapes that make letters ($'\x63url', JSON "\u0063url") turn the filter
 * off for the RUN (every needle), as does running out of memory.
 */
static uint64_t needles_of(struct run_parsed *p, const struct df_instr *in)
{
	bool quoting = has_quoting(in->text, in->text_len), escapes;
	size_t size = in->text_len + 1;
	uint64_t found;
	uint32_t i;
	char *d;

	escapes = has_pair(in->text, in->text_len, '$', '\'') ||
		  (in->json && has_pair(in->text, in->text_len, '\\', 'u'));
	for (i = 0; i < in->nheredocs; i++)
		if (in->heredocs[i].body) {
			quoting |= has_quoting(in->heredocs[i].body,
					       in->heredocs[i].body_len);
			escapes |= has_pair(in->heredocs[i].body,
					    in->heredocs[i].body_len, '$', '\'');
			size += in->heredocs[i].body_len + 1;
		}
	if (!quoting) {
		found = needles_in(p, in->text, in->text_len);
		for (i = 0; i < in->nheredocs; i++)
			if (in->heredocs[i].body)
				found |= needles_in(p, in->heredocs[i].body,
						    in->heredocs[i].body_len);
		return found;
	}
	if (escapes)
		return ~UINT64_C(0);
	if (size > p->plain_cap) {
		free(p->plain);
		p->plain_cap = 0;
		if (!(p->plain = malloc(size)))
			return ~UINT64_C(0);
		p->plain_cap = size;
	}
	d = put_plain(p->plain, in->text, in->text_len);
	for (i = 0; i < in->nheredocs; i++)
		if (in->heredocs[i].body)
			d = put_plain(d, in->heredocs[i].body,
				      in->heredocs[i].body_len);
	return needles_in(p, p->plain, (size_t)(d - p->plain));
}

/* A heredoc body whose `#!` names something other than sh is not shell. */
static bool body_is_sh(const struct df_heredoc *d)
{
	char buf[64];
	const char *interp;

	if (!d->shebang)
		return true;
	interp = sh_shebang_interp(d->shebang, strlen(d->shebang), buf,
				   sizeof(buf));
	return !interp || sh_is_posix_shell(interp);
}

static int add_unit(struct run_parsed *rc, const char *src, size_t len,
		    const struct df_heredoc *doc, uint32_t base, bool whole,
		    unsigned int flags, char *owned)
{
	struct run_unit *u;

	if (rc->nunit >= RUN_MAX_UNITS) {
		rc->units_dropped = true;
		free(owned);
		return 0;
	}
	/* field by field: a unit holds an sg_error (1 KiB) */
	u = &rc->unit[rc->nunit++];
	u->sh = NULL;
	u->err_off = 0;
	u->src = src;
	u->len = len;
	u->doc = doc;
	u->base = base;
	u->whole = whole;
	u->owned = owned;
	sg_error_clear(&u->err);
	if (sh_parse(&u->sh, src, len, flags, &u->err_off, &u->err) < 0)
		u->sh = NULL;
	return 0;
}

/* Exec form: one command; re-quote the elements so the parser reads them
 * back verbatim (and looks into `sh -c` strings). */
static int add_exec_unit(struct run_parsed *rc, const struct df_instr *in)
{
	struct sg_buf b = SG_BUF_INIT(SH_MAX_INPUT);
	uint32_t i;
	const char *p;
	char *text;
	size_t len;

	for (i = 0; i < in->nargs; i++) {
		if (i)
			sg_buf_putc(&b, ' ');
		sg_buf_putc(&b, '\'');
		for (p = in->args[i].value; p && *p; p++) {
			if (*p == '\'')
				sg_buf_puts(&b, "'\\''");
			else
				sg_buf_putc(&b, *p);
		}
		sg_buf_putc(&b, '\'');
	}
	if (sg_buf_error(&b) || !b.ptr) {
		sg_buf_release(&b);
		return 0;
	}
	len = b.len;
	text = sg_buf_detach(&b);
	return add_unit(rc, text, len, NULL, in->args_off, true, 0, text);
}

/*
 * Heredocs fed to a shell reading its script from stdin (`RUN bash <<EOF`,
 * `RUN sh -s <<EOF`) are scripts too.
 */
static bool feeds_shell(const struct sh_script *sh, const char *name)
{
	size_t i, j, k;

	for (i = 0; sh && i < sh->ncmds; i++) {
		const struct sh_cmd *c = &sh->cmds[i];
		struct sh_view v;
		bool operand = false;

		sh_view_of(&v, c);
		if (!sh_is_posix_shell(v.name))
			continue;
		for (k = 1; k < v.argc; k++)
			if (v.argv[k].text[0] != '-' ||
			    strchr(v.argv[k].text, 'c'))
				operand = true;
		if (operand)
			continue;
		for (j = 0; j < c->nredir; j++)
			if ((c->redir[j]->op == SH_REDIR_HEREDOC ||
			     c->redir[j]->op == SH_REDIR_HEREDOC_TAB) &&
			    strcmp(c->redir[j]->target.text, name) == 0)
				return true;
	}
	return false;
}

/* The text holds a command substitution, $( or a backquote. */
static bool has_subst(const char *s, size_t n)
{
	return memchr(s, '`', n) || has_pair(s, n, '$', '(');
}

static int build_units(struct run_parsed *rc, const struct df_instr *in)
{
	uint32_t i;
	int error;

	if (in->heredoc_script && in->nheredocs) {
		const struct df_heredoc *d = &in->heredocs[0];

		if (body_is_sh(d))
			return add_unit(rc, d->body, d->body_len, d, 0, false, 0,
					NULL);
		return 0;
	}
	if (in->json)
		return add_exec_unit(rc, in);
	if (in->args_off > in->text_len)
		return 0;
	if ((error = add_unit(rc, in->text + in->args_off,
			      in->text_len - in->args_off, NULL, in->args_off,
			      false, SH_PARSE_HEREDOC_EXTERNAL, NULL)) < 0)
		return error;
	for (i = 0; i < in->nheredocs; i++) {
		const struct df_heredoc *d = &in->heredocs[i];

		if (!d->body)
			continue;
		if (body_is_sh(d) && feeds_shell(rc->unit[0].sh, d->name))
			add_unit(rc, d->body, d->body_len, d, 0, false, 0, NULL);
		else if (!d->quoted && has_subst(d->body, d->body_len))
			/* the shell expands it: its $( … ) run */
			add_unit(rc, d->body, d->body_len, d, 0, false,
				 SH_PARSE_EXPANSIONS, NULL);
	}
	return 0;
}

static void free_units(struct run_parsed *p)
{
	size_t i;

	for (i = 0; i < p->nunit; i++) {
		sh_script_free(p->unit[i].sh);
		free(p->unit[i].owned);
	}
	for (i = 0; p->pm && i < p->nitems; i++)
		free(p->pm[i]);
	free(p->pm);
	free(p->pm_done);
	free(p->items);
	p->pm = NULL;
	p->pm_done = NULL;
	p->items = NULL;
	p->nunit = p->nitems = 0;
	p->units_dropped = false;
	p->in = NULL;
}

static void parsed_free(void *shared)
{
	struct run_parsed *p = shared;

	if (p) {
		free_units(p);
		free(p->scratch);
		free(p->plain);
	}
	free(p);
}

/* The scratch every RUN rule shares (df_ctx.shared); NULL when out of
 * memory. */
static struct run_parsed *shared_of(struct df_ctx *c)
{
	struct run_parsed *p = c->shared;
	unsigned int k;

	if (c->shared && c->shared_free != parsed_free)
		return NULL;
	if (!p) {
		if (!(p = malloc(sizeof(*p))))
			return NULL;
		memset(p, 0, offsetof(struct run_parsed, unit));
		for (k = 0; k < RUN_N_COUNT; k++) {
			const unsigned char *t =
				(const unsigned char *)needle_text[k];
			uint64_t bit = UINT64_C(1) << k;

			p->first[t[0]] |= bit;
			if (needle_len[k] < 2)
				p->short2 |= bit;
			else
				p->second[t[1]] |= bit;
			if (needle_len[k] < 3)
				p->short3 |= bit;
			else
				p->third[t[2]] |= bit;
		}
		c->shared = p;
		c->shared_free = parsed_free;
	}
	return p;
}

/* The scripts of `in`, parsed by the first RUN rule that asks; NULL when
 * out of memory (the rule then skips the RUN, as before). */
static struct run_parsed *parsed_of(struct run_parsed *p,
				    const struct df_instr *in)
{
	size_t i, k, n;

	if (!p)
		return NULL;
	if (p->in == in)
		return p;
	free_units(p);
	if (build_units(p, in) < 0) {
		free_units(p);
		return NULL;
	}
	for (i = 0, n = 0; i < p->nunit; i++)
		if (p->unit[i].sh)
			n += p->unit[i].sh->ncmds;
	if (n && (!(p->items = calloc(n, sizeof(*p->items))) ||
		  !(p->pm = calloc(n, sizeof(*p->pm))) ||
		  !(p->pm_done = calloc(n, 1)))) {
		free_units(p);
		return NULL;
	}
	for (i = 0; i < p->nunit; i++)
		for (k = 0; p->unit[i].sh && k < p->unit[i].sh->ncmds; k++) {
			p->items[p->nitems].u = &p->unit[i];
			p->items[p->nitems].cmd = &p->unit[i].sh->cmds[k];
			sh_view_of(&p->items[p->nitems].view,
				   p->items[p->nitems].cmd);
			p->nitems++;
		}
	p->in = in;
	return p;
}

/*
 * The interpreter SHELL names: SHELL ["/usr/bin/env", "bash", "-c"] runs
 * bash, and must not pass for a non-sh shell that blinds every RUN rule.
 * env's options and NAME=value words are skipped; -S "bash -e" splits.
 */
static void shell_interp(const char *const *argv, size_t n, char *out,
			 size_t size)
{
	size_t i = 0;

	if (n && !strcmp(sh_basename(argv[0]), "env"))
		for (i = 1; i < n; i++) {
			const char *a = argv[i];

			if (!strcmp(a, "-S") || !strcmp(a, "--split-string")) {
				i++;
				break;
			}
			if (!strcmp(a, "-u") || !strcmp(a, "--unset") ||
			    !strcmp(a, "-C") || !strcmp(a, "--chdir"))
				i++;
			else if (a[0] != '-' && !strchr(a, '='))
				break;
		}
	(void)snprintf(out, size, "%.*s", i < n ? (int)strcspn(argv[i], " \t") : 0,
		       i < n ? argv[i] : "");
}

static void shell_instr(struct run_parsed *p, const struct df_instr *in)
{
	char interp[256];
	const char *argv[32];
	size_t n = 0;
	uint32_t i;
	struct run_shell *sh;

	if (!p || in->stage < 0 || in->stage >= RUN_MAX_STAGES)
		return;
	sh = &p->shell[in->stage];
	for (i = 0; i < in->nargs && n < SG_ARRAY_SIZE(argv); i++)
		argv[n++] = in->args[i].value ? in->args[i].value : "";
	sh->set = true;
	sh->pipefail = in->json && sh_shell_argv_pipefail(argv, n);
	shell_interp(argv, n, interp, sizeof(interp));
	sh->nonposix = n > 0 && !sh_is_posix_shell(sh_basename(interp));
}

static void from_instr(struct df_ctx *c, struct run_parsed *p,
		       const struct df_instr *in)
{
	const struct df_stage *s;

	if (!p || in->stage < 0 || in->stage >= RUN_MAX_STAGES ||
	    (uint32_t)in->stage >= c->file->nstages)
		return;
	s = &c->file->stages[in->stage];
	memset(&p->shell[in->stage], 0, sizeof(p->shell[0]));
	if (s->parent >= 0 && s->parent < RUN_MAX_STAGES)
		p->shell[in->stage] = p->shell[s->parent];
}

static bool pragma_nonposix(const struct df_file *f)
{
	return f->shell_pragma && f->shell_pragma[0] &&
	       !sh_is_posix_shell(sh_basename(f->shell_pragma));
}

/* Image references are lowercase by definition, so no case folding. */
static bool ref_contains(const char *s, const char *needle)
{
	return s && strstr(s, needle) != NULL;
}

/*
 * Linux images, by repository (Docker Hub's library/ and a few registries):
 * a stage built on one runs /bin/sh whatever the escape directive says.
 */
static bool linux_image(const char *ref)
{
	static const char *const names[] = {
		"alpine", "almalinux", "amazonlinux", "archlinux", "bash",
		"buildpack-deps", "busybox", "caddy", "centos", "clojure",
		"debian", "eclipse-temurin", "elixir", "erlang", "fedora",
		"gcc", "golang", "gradle", "haproxy", "haskell", "httpd",
		"julia", "mariadb", "maven", "memcached", "mongo", "mysql",
		"nginx", "node", "openjdk", "oraclelinux", "perl", "php",
		"postgres", "python", "r-base", "rabbitmq", "redis",
		"rockylinux", "ruby", "rust", "swift", "tomcat", "traefik",
		"ubuntu",
	};
	static const char *const prefixes[] = {
		"gcr.io/distroless/", "cgr.dev/chainguard/",
		"registry.access.redhat.com/ubi", "quay.io/centos/",
	};
	char name[256];
	size_t i, n;

	if (!ref)
		return false;
	for (i = 0; i < SG_ARRAY_SIZE(prefixes); i++)
		if (sg_startswith(ref, prefixes[i]))
			return true;
	if (sg_startswith(ref, "docker.io/"))
		ref += strlen("docker.io/");
	if (sg_startswith(ref, "library/"))
		ref += strlen("library/");
	n = strcspn(ref, ":@");
	if (n == 0 || n >= sizeof(name))
		return false;
	memcpy(name, ref, n);
	name[n] = '\0';
	for (i = 0; i < SG_ARRAY_SIZE(names); i++)
		if (!strcmp(name, names[i]))
			return true;
	return false;
}

/*
 * Windows images run RUN with cmd.exe unless SHELL says otherwise: a
 * Windows base image in the stage's FROM chain means the text is not sh,
 * and so does a backtick escape directive, unless the chain is built on a
 * Linux image: `# escape=`` must not blind the RUN rules on alpine.
 */
static bool windows_stage(const struct df_file *f, int stage)
{
	bool linux = false;
	int guard;

	for (guard = 0; stage >= 0 && (uint32_t)stage < f->nstages && guard < 64;
	     guard++) {
		const char *b = f->stages[stage].base;

		if (ref_contains(b, "windowsservercore") ||
		    ref_contains(b, "nanoserver") || ref_contains(b, "/windows/") ||
		    ref_contains(b, "windows:"))
			return true;
		/* only a backtick escape asks whether the chain is Linux */
		linux = linux || (f->escape == '`' && linux_image(b));
		stage = f->stages[stage].parent;
	}
	return f->escape == '`' && !linux;
}

const char *run_unit_error(const struct run_unit *u, size_t *n)
{
	const char *at = strstr(u->err.message, " at offset ");

	*n = at ? (size_t)(at - u->err.message) : strlen(u->err.message);
	return u->err.message;
}

/*
 * A script past a limit of the shell model (nesting, words, commands) or a
 * RUN with more scripts than RUN_MAX_UNITS is not seen by any RUN rule:
 * `RUN ((((…(curl … | sh)…))))` would hide its pipe.  Once per RUN that is
 * SGD008, the parser-limit finding, which counts as not analysed (exit 3).
 */
static void report_limits(struct run_ctx *rc)
{
	const sg_rule *m = df_problem_rule(DF_P_LIMIT);
	const struct df_rule *rule = rc->c->rule;
	size_t i, n;

	if (!m || !sg_policy_rule_enabled(rc->c->stage_ctx->policy, m))
		return;
	rc->c->rule = df_rule_of(m);
	for (i = 0; i < rc->nunit; i++) {
		const struct run_unit *u = &rc->unit[i];
		const char *msg;

		if (u->sh || u->err.code != SG_ELIMIT)
			continue;
		msg = run_unit_error(u, &n);
		run_report(rc, u, u->err_off, u->err_off < u->len ? 1 : 0,
			   "RUN script past a limit of the shell model (%.*s); "
			   "no RUN rule checked it", (int)n, msg);
	}
	if (rc->parsed->units_dropped)
		run_report(rc, NULL, 0, 0,
			   "more than %d scripts in one RUN; the rest were not "
			   "checked", RUN_MAX_UNITS);
	rc->c->rule = rule;
}

/* A RUN's shell and mounts, and the needles it holds, for every rule. */
static void run_base(struct run_parsed *p, const struct df_ctx *c,
		     const struct df_instr *in)
{
	struct run_ctx *b = &p->base;
	uint32_t m;

	memset(b, 0, sizeof(*b));
	b->in = in;
	b->stage = in->stage;
	if (in->stage >= 0 && in->stage < RUN_MAX_STAGES) {
		const struct run_shell *sh = &p->shell[in->stage];

		b->shell = sh;
		b->nonposix = sh->nonposix || pragma_nonposix(c->file) ||
			      (!sh->set && windows_stage(c->file, in->stage));
		b->pipefail = sh->pipefail;
	}
	for (m = 0; m < in->nmounts; m++) {
		const struct df_mount *mt = &in->mounts[m];

		if (mt->type && !strcmp(mt->type, "secret"))
			b->secret_mount = true;
		if (mt->type && (!strcmp(mt->type, "cache") ||
				 !strcmp(mt->type, "tmpfs")) &&
		    mt->target && b->nmounts < RUN_MAX_MOUNTS)
			b->mounts[b->nmounts++] = mt->target;
	}
	p->needles = needles_of(p, in);
}

/*
 * What the instruction tells every RUN rule, worked out by the first one
 * that sees it: the shell per stage (FROM, SHELL), a RUN's base context.
 * The engine runs all rules on one instruction before the next.
 */
static void seen(struct run_parsed *p, struct df_ctx *c,
		 const struct df_instr *in)
{
	if (p->seen_in == in)
		return;
	p->seen_in = in;
	if (in->kind == DF_FROM)
		from_instr(c, p, in);
	else if (in->kind == DF_SHELL)
		shell_instr(p, in);
	else if (in->kind == DF_RUN)
		run_base(p, c, in);
}

void run_check(struct df_ctx *c, const struct df_instr *in, void *state)
{
	const struct run_rule *rr = run_rule_of(c->rule);
	struct run_parsed *p;
	struct run_ctx rc;

	if (rr->other && (rr->other_on & DF_ON(in->kind)))
		rr->other(c, in, state);
	if (!(p = shared_of(c)))
		return;
	seen(p, c, in);
	if (in->kind != DF_RUN || !rr->run)
		return;
	if (!rr->any_run && (p->base.nonposix ||
			     (rr->needles && !(rr->needles & p->needles))))
		return;
	if (!parsed_of(p, in))
		return;
	rc = p->base;
	rc.c = c;
	rc.st = state;
	rc.unit = p->unit;
	rc.nunit = p->nunit;
	rc.items = p->items;
	rc.nitems = p->nitems;
	rc.parsed = p;
	if (p->limits_done != in) {
		p->limits_done = in;
		report_limits(&rc);
	}
	rr->run(&rc);
}

const struct pm_cmd *run_pm(const struct run_ctx *rc, size_t i)
{
	struct run_parsed *p = rc->parsed;

	if (!p || i >= p->nitems)
		return NULL;
	if (p->pm_done[i])
		return p->pm[i];
	/* out of memory: not cached, the command reads as no package manager */
	if (!p->scratch && !(p->scratch = malloc(sizeof(*p->scratch))))
		return NULL;
	p->pm_done[i] = 1;
	if (pm_classify(p->scratch, p->items[i].cmd)) {
		p->pm[i] = p->scratch;
		p->scratch = NULL;
	}
	return p->pm[i];
}

/* ---- reporting ----------------------------------------------------------- */

/* Line/column of byte `off` of a heredoc body. */
static void body_pos(const struct df_heredoc *d, size_t off, uint32_t *line,
		     uint32_t *col)
{
	size_t i, ls = 0;
	uint32_t l = d->body_line;

	if (off > d->body_len)
		off = d->body_len;
	for (i = 0; i < off; i++)
		if (d->body[i] == '\n') {
			l++;
			ls = i + 1;
		}
	*line = l;
	*col = (uint32_t)(off - ls) + 1;
}

static void vreport(struct run_ctx *rc, const struct run_unit *u, size_t off,
		    size_t len, const char *fmt, va_list ap)
{
	char msg[512];

	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	if (!u || u->whole || (!u->doc && len == 0)) {
		df_report(rc->c, rc->in, 0, 0, "%s", msg);
		return;
	}
	if (u->doc) {
		struct df_span span;

		if (len == 0)
			len = 1;
		if (off > u->len)
			off = u->len;
		if (len > u->len - off)
			len = u->len - off;
		body_pos(u->doc, off, &span.line, &span.col);
		body_pos(u->doc, off + (len ? len - 1 : 0), &span.end_line,
			 &span.end_col);
		df_report_span(rc->c, rc->in, span, u->src + off, len, "%s",
			       msg);
		return;
	}
	df_report(rc->c, rc->in, (uint32_t)(u->base + off), (uint32_t)len, "%s",
		  msg);
}

void run_report(struct run_ctx *rc, const struct run_unit *u, size_t off,
		size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(rc, u, off, len, fmt, ap);
	va_end(ap);
}

void run_report_cmd(struct run_ctx *rc, const struct run_unit *u,
		    const struct sh_cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(rc, u, cmd->off, cmd->len, fmt, ap);
	va_end(ap);
}

void run_report_word(struct run_ctx *rc, const struct run_unit *u,
		     const struct sh_word *w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(rc, u, w->off, w->len, fmt, ap);
	va_end(ap);
}

bool run_mount_covers(const struct run_ctx *rc, enum pm_tool tool)
{
	return pm_mount_covers(tool, rc->mounts, rc->nmounts);
}

static const char *assign_value(const struct sh_word *w, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(w->text, name, n) == 0 && w->text[n] == '=')
		return w->text + n + 1;
	return NULL;
}

const char *run_env_value(const struct run_unit *u, const struct sh_cmd *cmd,
			  const char *name)
{
	const char *v = NULL;
	struct sh_view view;
	size_t i, k;

	for (i = 0; i < cmd->nassign; i++)
		if ((v = assign_value(&cmd->assign[i], name)))
			return v;
	sh_view_of(&view, cmd);
	for (k = 0; cmd->argv + k < view.argv; k++)
		if ((v = assign_value(&cmd->argv[k], name)))
			return v;
	/* `export NAME=v` or `NAME=v` earlier in the same script */
	for (i = 0; i < u->sh->ncmds && &u->sh->cmds[i] < cmd; i++) {
		const struct sh_cmd *e = &u->sh->cmds[i];

		if (e->argc == 0) {
			for (k = 0; k < e->nassign; k++)
				if (assign_value(&e->assign[k], name))
					v = assign_value(&e->assign[k], name);
		} else if (!strcmp(e->argv[0].text, "export")) {
			for (k = 1; k < e->argc; k++)
				if (assign_value(&e->argv[k], name))
					v = assign_value(&e->argv[k], name);
		}
	}
	return v;
}

bool run_in_final_image(const struct run_ctx *rc)
{
	return !rc->c->stage ||
	       df_stage_in_final_chain(rc->c->file, rc->c->stage);
}

bool run_fed_by_yes(const struct run_ctx *rc, size_t i)
{
	const struct sh_cmd *c = rc->items[i].cmd;
	size_t k;

	if (c->pipe_pos == 0 || c->pipe_len == 0)
		return false;
	/* the previous element is near: bound the walk back */
	for (k = i; k-- > 0 && i - k <= 64;) {
		const struct sh_cmd *p = rc->items[k].cmd;
		struct sh_view v;

		if (rc->items[k].u != rc->items[i].u || p->pipeline != c->pipeline)
			continue;
		if (p->pipe_pos + 1 == c->pipe_pos) {
			sh_view_of(&v, p);
			return sh_view_is(&v, "yes");
		}
	}
	return false;
}

bool run_stage_seen(const struct run_ctx *rc, uint32_t bit)
{
	int s = rc->stage, guard;

	for (guard = 0; s >= 0 && s < RUN_MAX_STAGES && guard < 64; guard++) {
		if (rc->st->seen[s] & bit)
			return true;
		if ((uint32_t)s >= rc->c->file->nstages)
			break;
		s = rc->c->file->stages[s].parent;
	}
	return false;
}

void run_stage_mark(struct run_state *st, int stage, uint32_t bit)
{
	if (stage >= 0 && stage < RUN_MAX_STAGES)
		st->seen[stage] |= bit;
}

/*
 * dump.c: a stable text rendering of a parsed Dockerfile, for the parser's
 * golden tests and for debugging.  One line per fact; strings C-escaped.
 */
#include "util/compat.h"
#include "dockerfile/ast.h"

static void qstr(struct sg_buf *b, const char *s, size_t n)
{
	size_t i;

	sg_buf_putc(b, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			sg_buf_printf(b, "\\%c", c);
		else if (c == '\n')
			sg_buf_puts(b, "\\n");
		else if (c == '\t')
			sg_buf_puts(b, "\\t");
		else if (c < 0x20 || c == 0x7f)
			sg_buf_printf(b, "\\x%02x", c);
		else
			sg_buf_putc(b, (char)c);
	}
	sg_buf_putc(b, '"');
}

static void qs(struct sg_buf *b, const char *s)
{
	if (!s)
		sg_buf_puts(b, "null");
	else
		qstr(b, s, strlen(s));
}

static void word(struct sg_buf *b, const struct df_instr *in,
		 const struct df_word *w)
{
	uint32_t line, col;

	df_instr_pos(in, w->off, &line, &col);
	qs(b, w->raw);
	if (w->value && w->raw && strcmp(w->value, w->raw)) {
		sg_buf_puts(b, " => ");
		qs(b, w->value);
	}
	if (w->unresolved)
		sg_buf_puts(b, " unresolved");
	if (w->undefined)
		sg_buf_printf(b, " undefined=%s", w->undefined);
	sg_buf_printf(b, " @%u:%u", line, col);
}

static void instr(struct sg_buf *b, const struct df_instr *in, int depth)
{
	uint32_t i;
	const char *ind = depth ? "    " : "  ";

	sg_buf_printf(b, "%s%s [%u:%u-%u:%u] stage=%d", depth ? "  trigger " : "",
		      in->kind == DF_UNKNOWN ? in->keyword : df_kind_name(in->kind),
		      in->span.line, in->span.col, in->span.end_line,
		      in->span.end_col, in->stage);
	if (in->json)
		sg_buf_puts(b, " json");
	if (in->json_fallback)
		sg_buf_puts(b, " json-fallback");
	if (in->hc_none)
		sg_buf_puts(b, " none");
	if (in->heredoc_script)
		sg_buf_puts(b, " heredoc-script");
	sg_buf_puts(b, "\n");
	if (!depth) {
		sg_buf_printf(b, "%stext ", ind);
		qstr(b, in->text, in->text_len);
		sg_buf_puts(b, "\n");
		for (i = 0; i < in->ncomments; i++) {
			sg_buf_printf(b, "%scomment %u ", ind, in->comments[i].line);
			qs(b, in->comments[i].text);
			sg_buf_puts(b, "\n");
		}
		if (in->nsegs > 1)
			for (i = 0; i < in->nsegs; i++)
				sg_buf_printf(b, "%sseg off=%u len=%u at %u:%u\n",
					      ind, in->segs[i].off,
					      in->segs[i].len, in->segs[i].line,
					      in->segs[i].col);
	}
	for (i = 0; i < in->nflags; i++) {
		sg_buf_printf(b, "%sflag %s", ind, in->flags[i].name);
		if (in->flags[i].has_value) {
			sg_buf_puts(b, " = ");
			word(b, in, &in->flags[i].val);
		}
		sg_buf_puts(b, "\n");
	}
	for (i = 0; i < in->nmounts; i++) {
		const struct df_mount *m = &in->mounts[i];

		sg_buf_printf(b, "%smount type=%s target=%s source=%s from=%s "
			      "id=%s%s\n", ind, m->type,
			      m->target ? m->target : "-",
			      m->source ? m->source : "-",
			      m->from ? m->from : "-", m->id ? m->id : "-",
			      m->readonly ? " ro" : "");
	}
	for (i = 0; i < in->nargs; i++) {
		sg_buf_printf(b, "%sarg ", ind);
		word(b, in, &in->args[i]);
		sg_buf_puts(b, "\n");
	}
	for (i = 0; i < in->nkvs; i++) {
		sg_buf_printf(b, "%skv%s ", ind, in->kvs[i].legacy ? " legacy" : "");
		word(b, in, &in->kvs[i].key);
		if (in->kvs[i].has_value) {
			sg_buf_puts(b, " = ");
			word(b, in, &in->kvs[i].value);
		}
		sg_buf_puts(b, "\n");
	}
	for (i = 0; i < in->nheredocs; i++) {
		const struct df_heredoc *h = &in->heredocs[i];

		sg_buf_printf(b, "%sheredoc %s%s%s fd=%d lines %u-%u", ind,
			      h->name, h->chomp ? " chomp" : "",
			      h->quoted ? " quoted" : "", h->fd, h->body_line,
			      h->end_line);
		if (h->shebang) {
			sg_buf_puts(b, " shebang=");
			qs(b, h->shebang);
		}
		sg_buf_puts(b, " body=");
		qstr(b, h->body, h->body_len);
		sg_buf_puts(b, "\n");
	}
	if (in->onbuild)
		instr(b, in->onbuild, 1);
}

static const char *const pnames[] = {
	"syntax", "args", "shell-form", "stage-name", "heredoc",
	"healthcheck", "flag", "limit", "empty-continuation", "nul",
};
/* a new problem kind must be named here too (the fuzzer found the gap) */
_Static_assert(sizeof(pnames) / sizeof(pnames[0]) == DF_P__COUNT,
	       "pnames must name every enum df_problem_kind");

int df_dump(const struct df_file *f, struct sg_buf *b)
{
	uint32_t i;

	sg_buf_printf(b, "escape %c%s\n", f->escape, f->bom ? " bom" : "");
	for (i = 0; i < f->ndirectives; i++)
		sg_buf_printf(b, "directive %s=%s @%u\n", f->directives[i].key,
			      f->directives[i].value, f->directives[i].line);
	for (i = 0; i < f->nglobal_args; i++) {
		sg_buf_printf(b, "global-arg %s = ", f->global_args[i].name);
		qs(b, f->global_args[i].value);
		sg_buf_puts(b, "\n");
	}
	for (i = 0; i < f->ninstrs; i++)
		instr(b, &f->instrs[i], 0);
	for (i = 0; i < f->nstages; i++) {
		const struct df_stage *s = &f->stages[i];

		sg_buf_printf(b, "stage %u name=%s base=", s->index,
			      s->name ? s->name : "-");
		qs(b, s->base);
		sg_buf_printf(b, "%s parent=%d instrs=%u-%u%s%s\n",
			      s->base_unresolved ? " unresolved" : "",
			      s->parent, s->first, s->last,
			      s->scratch ? " scratch" : "",
			      s->reachable ? " reachable" : "");
	}
	for (i = 0; i < f->nproblems; i++) {
		const struct df_problem *p = &f->problems[i];

		sg_buf_printf(b, "problem %s [%u:%u-%u:%u] %s\n",
			      pnames[p->kind], p->span.line, p->span.col,
			      p->span.end_line, p->span.end_col, p->message);
	}
	return sg_buf_error(b);
}

/*
 * text.c: the terminal summary `scan` and `lint` print.  One line per gating
 * finding in the compiler format editors and problem matchers understand
 * (`path:line:col: severity RULE message`), then counts, then one verdict
 * line that always starts with "shipgate: ".  Text from scanned files is
 * made inert first: a hostile Dockerfile must not drive the terminal.
 */
#include "util/compat.h"
#include "report/render.h"

/* Append `s` with controls (C0, DEL, C1) escaped and bad UTF-8 replaced. */
static void put_safe(struct sg_buf *b, const char *s)
{
	size_t len = strlen(s), i = 0;

	while (i < len) {
		uint32_t cp = report_utf8_next(s, len, &i);

		if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
			sg_buf_printf(b, "\\x%02x", (unsigned int)cp);
		else
			report_utf8_put(b, cp);
	}
}

/*
 * `s` at the start of a line: a CI runner reads a line that starts with
 * "::", after any blanks, as a command ("::error::", "::stop-commands::"),
 * and a file can be named so; such a name is shown as "./::error::...".
 */
static void put_line_start(struct sg_buf *b, const char *s)
{
	if (*s == ':' || *s == ' ' || *s == '\t')
		sg_buf_puts(b, "./");
	put_safe(b, s);
}

static void put_location(struct sg_buf *b, const sg_finding *f)
{
	const sg_location *l = &f->loc;

	if (l->path) {
		put_line_start(b, l->path);
		if (l->line) {
			sg_buf_printf(b, ":%u", (unsigned int)l->line);
			if (l->column)
				sg_buf_printf(b, ":%u", (unsigned int)l->column);
		}
		return;
	}
	put_line_start(b, l->image ? l->image
				   : f->target ? f->target : "(repository)");
	if (l->object) {
		sg_buf_puts(b, " ");
		put_safe(b, l->object);
	}
}

int report_text(struct sg_buf *out, const sg_result *res,
		const sg_report_options *opts, sg_error *err)
{
	size_t i, n = sg_findings_count(res->findings), gating = 0;
	size_t kinds[SG_TARGET__COUNT] = { 0 }, unanalysed = 0;
	bool first;
	int v;

	for (i = 0; i < n; i++) {
		const sg_finding *f = sg_findings_at(res->findings, i);

		if (f->verdict != SG_VERDICT_GATING)
			continue;
		gating++;
		put_location(out, f);
		sg_buf_printf(out, ": %s %s ", sg_severity_name(f->severity),
			      f->rule->id);
		put_safe(out, f->message);
		sg_buf_putc(out, '\n');
	}

	first = true;
	for (v = 0; v < SG_VERDICT__COUNT; v++) {
		if (v == SG_VERDICT_GATING || !res->verdict_counts[v])
			continue;
		sg_buf_printf(out, "%s%zu %s", first ? "not gating: " : ", ",
			      res->verdict_counts[v], sg_verdict_name((sg_verdict)v));
		first = false;
	}
	if (!first)
		sg_buf_putc(out, '\n');

	for (i = 0; i < res->ntargets; i++) {
		if (res->targets[i].kind < SG_TARGET__COUNT)
			kinds[res->targets[i].kind]++;
		unanalysed += !res->targets[i].analysed;
	}
	if (res->ntargets == 0) {
		sg_buf_puts(out, "targets: none found\n");
	} else {
		sg_buf_printf(out, "targets: %zu scanned (", res->ntargets);
		first = true;
		for (v = 0; v < SG_TARGET__COUNT; v++) {
			if (!kinds[v])
				continue;
			sg_buf_printf(out, "%s%zu %s", first ? "" : ", ", kinds[v],
				      sg_target_kind_name((sg_target_kind)v));
			first = false;
		}
		sg_buf_puts(out, ")");
		if (unanalysed) {
			sg_buf_printf(out, "; %zu not analysed:", unanalysed);
			for (i = 0; i < res->ntargets; i++) {
				if (res->targets[i].analysed)
					continue;
				sg_buf_putc(out, ' ');
				put_safe(out, res->targets[i].path);
			}
		}
		sg_buf_putc(out, '\n');
	}
	for (i = 0; i < res->nnotes; i++) {
		sg_buf_puts(out, "note: ");
		put_safe(out, res->notes[i]);
		sg_buf_putc(out, '\n');
	}

	sg_buf_printf(out, "shipgate: %s (%zu gating of %zu finding%s; fail-on %s",
		      report_outcome(res), gating, n, n == 1 ? "" : "s",
		      sg_fail_on_name(res->fail_on));
	if (res->gate_new_only)
		sg_buf_puts(out, "; gate new");
	if (res->baseline_path) {
		sg_buf_printf(out, "; baseline %zu accepted", res->baseline_size);
		if (res->baseline_created) {
			sg_buf_puts(out, " on ");
			put_safe(out, res->baseline_created);
		}
	}
	if (res->rules_off)
		sg_buf_printf(out, "; %zu dropped by rules turned off",
			      res->rules_off);
	if (res->exit_code == SG_EXIT_INPUT)
		sg_buf_puts(out, "; an input could not be analysed");
	sg_buf_puts(out, ")\n");
	return sg_buf_error(out);
}

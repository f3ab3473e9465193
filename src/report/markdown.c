/*
 * markdown.c: the PR comment / step summary (outputs.md §6).
 *
 * Verdict line, a practice x severity table, then one collapsible block per
 * file (or image) in priority order: files with gating findings first, then
 * by worst severity.  The whole text stays within opts->markdown_max
 * characters (GitHub's comment limit is 65,536); what does not fit is
 * counted in a closing note.  Characters are counted as UTF-16 code units,
 * which is what JavaScript's length says and never less than code points.
 *
 * Text from scanned files is escaped to inert HTML entities: a finding
 * message cannot open a tag, break a table, @-mention someone or forge
 * a link.
 */
#include "util/compat.h"
#include "report/render.h"

#define MD_DEFAULT_MAX 65536
#define MARKER "<!-- shipgate:report -->\n"

static size_t units(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c & 0xC0) != 0x80)
			n += c >= 0xF0 ? 2 : 1;
	}
	return n;
}

static size_t buf_units(const struct sg_buf *b)
{
	return units(sg_buf_cstr(b), b->len);
}

/* Table-cell-safe inline text. */
static void md_put(struct sg_buf *b, const char *s)
{
	size_t len = strlen(s), i = 0;

	while (i < len) {
		uint32_t cp = report_utf8_next(s, len, &i);

		switch (cp) {
		case '&': sg_buf_puts(b, "&amp;"); break;
		case '<': sg_buf_puts(b, "&lt;"); break;
		case '>': sg_buf_puts(b, "&gt;"); break;
		case '|': sg_buf_puts(b, "&#124;"); break;
		case '\\': sg_buf_puts(b, "&#92;"); break;
		case '`': sg_buf_puts(b, "&#96;"); break;
		case '*': sg_buf_puts(b, "&#42;"); break;
		case '_': sg_buf_puts(b, "&#95;"); break;
		case '[': sg_buf_puts(b, "&#91;"); break;
		case ']': sg_buf_puts(b, "&#93;"); break;
		case '@': sg_buf_puts(b, "&#64;"); break;
		case '#': sg_buf_puts(b, "&#35;"); break;
		case '~': sg_buf_puts(b, "&#126;"); break;
		case '!': sg_buf_puts(b, "&#33;"); break;
		case '$': sg_buf_puts(b, "&#36;"); break;
		case ':':
			/* "scheme://" would autolink: a forged link */
			sg_buf_puts(b, strncmp(s + i, "//", 2) ? ":" : "&#58;");
			break;
		case '\n': sg_buf_puts(b, "<br>"); break;
		default:
			if (cp < 0x20 || cp == 0x7F)
				sg_buf_putc(b, ' ');
			else
				report_utf8_put(b, cp);
		}
	}
}

/* A URL for a Markdown link target: no space, parenthesis or angle. */
static void url_put(struct sg_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c <= ' ' || c == '(' || c == ')' || c == '<' || c == '>' ||
		    c == '"' || c >= 0x7F)
			sg_buf_printf(b, "%%%02X", c);
		else
			sg_buf_putc(b, (char)c);
	}
}

static const char *sev_icon(sg_severity s)
{
	static const char *const icons[] = { "", "⚪", "🔵", "🟡", "🟠", "🔴" };

	return s < SG_ARRAY_SIZE(icons) ? icons[s] : "";
}

struct group {
	const char *name;       /* path, or image */
	bool is_file;
	const sg_finding **f;   /* priority order */
	size_t n, gating;
	size_t shown;           /* rows that fit under the cap */
	sg_severity worst;
	bool only_absent;
};

static int rank(const sg_finding *f)
{
	/* gating, then the rest, fixed ones last */
	return f->verdict == SG_VERDICT_GATING ? 0 :
	       f->verdict == SG_VERDICT_ABSENT ? 2 : 1;
}

static int cmp_prio(const void *pa, const void *pb)
{
	const sg_finding *a = *(const sg_finding *const *)pa;
	const sg_finding *b = *(const sg_finding *const *)pb;
	int c = rank(a) - rank(b);

	if (c)
		return c;
	if (a->severity != b->severity)
		return a->severity > b->severity ? -1 : 1;
	if (a->loc.line != b->loc.line)
		return a->loc.line < b->loc.line ? -1 : 1;
	c = strcmp(a->rule->id, b->rule->id);
	return c ? c : strcmp(a->fingerprint, b->fingerprint);
}

static int cmp_group(const void *pa, const void *pb)
{
	const struct group *a = pa, *b = pb;

	if ((a->gating > 0) != (b->gating > 0))
		return a->gating ? -1 : 1;
	if (a->only_absent != b->only_absent)
		return a->only_absent ? 1 : -1;
	if (a->worst != b->worst)
		return a->worst > b->worst ? -1 : 1;
	if (a->is_file != b->is_file)
		return a->is_file ? -1 : 1;
	return strcmp(a->name, b->name);
}

static const char *group_name(const sg_finding *f)
{
	if (f->loc.path)
		return f->loc.path;
	if (f->loc.image)
		return f->loc.image;
	return f->target ? f->target : "(repository)";
}

static int cmp_by_group(const void *pa, const void *pb)
{
	const sg_finding *a = *(const sg_finding *const *)pa;
	const sg_finding *b = *(const sg_finding *const *)pb;
	int c = strcmp(group_name(a), group_name(b));

	if (c)
		return c;
	if ((a->loc.path == NULL) != (b->loc.path == NULL))
		return a->loc.path ? -1 : 1;
	return cmp_prio(pa, pb);
}

/* `shown` == SIZE_MAX sizes the header for the longest count it can have */
static void group_head(struct sg_buf *b, const struct group *g, size_t shown)
{
	sg_buf_printf(b, "<details%s><summary>%s <code>", g->gating ? " open" : "",
		      g->gating ? "❌" : g->only_absent ? "✅" : "➖");
	md_put(b, g->name);
	sg_buf_printf(b, "</code> — %zu finding%s", g->n, g->n == 1 ? "" : "s");
	if (g->gating)
		sg_buf_printf(b, ", %zu gating", g->gating);
	if (shown == SIZE_MAX)
		sg_buf_printf(b, ", %zu shown", g->n);
	else if (shown < g->n)
		sg_buf_printf(b, ", %zu shown", shown);
	sg_buf_puts(b, "</summary>\n\n| | Severity | Rule | Where | Finding | Verdict |\n"
		       "|---|---|---|---|---|---|\n");
}

static const char *group_tail = "\n</details>\n\n";

static void row(struct sg_buf *b, const sg_finding *f, const char *link_base)
{
	sg_buf_printf(b, "| %s | %s %s | `%s` | ", f->verdict == SG_VERDICT_GATING ?
		      "❌" : f->verdict == SG_VERDICT_ABSENT ? "✅" : "",
		      sev_icon(f->severity), sg_severity_name(f->severity),
		      f->rule->id);
	if (f->loc.path && f->loc.line && link_base) {
		char line[32];

		snprintf(line, sizeof(line), "%u", (unsigned int)f->loc.line);
		sg_buf_printf(b, "[L%s](", line);
		url_put(b, link_base);
		report_uri_encode(b, f->loc.path);
		sg_buf_printf(b, "#L%s", line);
		if (f->loc.end_line > f->loc.line)
			sg_buf_printf(b, "-L%u", (unsigned int)f->loc.end_line);
		sg_buf_puts(b, ")");
	} else if (f->loc.path && f->loc.line) {
		sg_buf_printf(b, "L%u", (unsigned int)f->loc.line);
	} else if (f->loc.object) {
		md_put(b, f->loc.object);
	} else {
		sg_buf_puts(b, "—");
	}
	sg_buf_puts(b, " | ");
	md_put(b, f->message);
	if (f->vuln && f->vuln->fixed) {
		sg_buf_puts(b, " (fixed in ");
		md_put(b, f->vuln->fixed);
		sg_buf_puts(b, ")");
	}
	sg_buf_printf(b, " | %s", sg_verdict_name(f->verdict));
	if (f->verdict != SG_VERDICT_GATING) {
		sg_buf_puts(b, ": ");
		md_put(b, report_why(f));
	}
	sg_buf_puts(b, " |\n");
}

static void head(struct sg_buf *b, const sg_result *res, size_t gating)
{
	size_t n = sg_findings_count(res->findings), i;
	size_t cell[SG_PRACTICE__COUNT][SG_SEVERITY__COUNT] = { { 0 } };
	size_t pgate[SG_PRACTICE__COUNT] = { 0 }, tot[SG_SEVERITY__COUNT] = { 0 };
	bool first;
	int p, s, v;

	sg_buf_printf(b, "## %s shipgate: %s\n\n",
		      res->exit_code == SG_EXIT_PASS ? "✅" :
		      res->exit_code == SG_EXIT_FAIL ? "❌" : "⚠️",
		      report_outcome(res));
	sg_buf_printf(b, "**%zu** gating of **%zu** finding%s · fails on **%s** "
		      "or above", gating, n, n == 1 ? "" : "s",
		      sg_fail_on_name(res->fail_on));
	if (res->gate_new_only)
		sg_buf_puts(b, " · gates new findings only");
	if (res->baseline_path) {
		sg_buf_printf(b, " · baseline: %zu accepted", res->baseline_size);
		if (res->baseline_created) {
			sg_buf_puts(b, " on ");
			md_put(b, res->baseline_created);
		}
	}
	if (res->commit) {
		sg_buf_puts(b, " · commit <code>");
		md_put(b, res->commit);
		sg_buf_puts(b, "</code>");
	}
	sg_buf_puts(b, "\n\n");
	if (res->exit_code == SG_EXIT_INPUT)
		sg_buf_puts(b, "> ⚠️ An input could not be analysed; see the "
			       "gating findings of the `gate` stage.\n\n");

	for (i = 0; i < n; i++) {
		const sg_finding *f = sg_findings_at(res->findings, i);

		if (f->verdict == SG_VERDICT_ABSENT)
			continue;
		cell[f->rule->practice][f->severity]++;
		tot[f->severity]++;
		pgate[f->rule->practice] += f->verdict == SG_VERDICT_GATING;
	}
	if (n > res->verdict_counts[SG_VERDICT_ABSENT]) {
		sg_buf_puts(b, "| Practice |");
		for (s = SG_SEVERITY__COUNT - 1; s > SG_SEVERITY_NONE; s--)
			sg_buf_printf(b, " %s %s |", sev_icon((sg_severity)s),
				      sg_severity_name((sg_severity)s));
		sg_buf_puts(b, " Gating |\n|---|---:|---:|---:|---:|---:|---:|\n");
		for (p = 0; p < SG_PRACTICE__COUNT; p++) {
			size_t any = 0;

			for (s = 1; s < SG_SEVERITY__COUNT; s++)
				any += cell[p][s];
			if (!any)
				continue;
			sg_buf_printf(b, "| %s |", sg_practice_title((sg_practice)p));
			for (s = SG_SEVERITY__COUNT - 1; s > SG_SEVERITY_NONE; s--)
				sg_buf_printf(b, " %zu |", cell[p][s]);
			sg_buf_printf(b, " %s%zu%s |\n", pgate[p] ? "**" : "",
				      pgate[p], pgate[p] ? "**" : "");
		}
		sg_buf_puts(b, "| **Total** |");
		for (s = SG_SEVERITY__COUNT - 1; s > SG_SEVERITY_NONE; s--)
			sg_buf_printf(b, " %zu |", tot[s]);
		sg_buf_printf(b, " **%zu** |\n\n", gating);
	} else {
		sg_buf_puts(b, "No findings.\n\n");
	}
	first = true;
	for (v = 0; v < SG_VERDICT__COUNT; v++) {
		if (v == SG_VERDICT_GATING || !res->verdict_counts[v])
			continue;
		sg_buf_printf(b, "%s%zu %s", first ? "Not gating: " : " · ",
			      res->verdict_counts[v], sg_verdict_name((sg_verdict)v));
		first = false;
	}
	if (!first)
		sg_buf_puts(b, "\n\n");
	for (i = 0; i < res->nnotes; i++) {
		sg_buf_puts(b, "- ");
		md_put(b, res->notes[i]);
		sg_buf_putc(b, '\n');
	}
	if (res->nnotes)
		sg_buf_putc(b, '\n');
}

static void note(struct sg_buf *b, size_t left, size_t total, size_t cap)
{
	sg_buf_printf(b, "> ⚠️ Truncated: %zu of %zu findings are not shown "
		      "(this summary is limited to %zu characters). Every "
		      "finding is in the JSON and SARIF reports.\n\n",
		      left, total, cap);
}

/* Cut `b` to at most `cap` units at a code point boundary. */
static void hard_cap(struct sg_buf *b, size_t cap)
{
	size_t i, n = 0;

	for (i = 0; i < b->len; i++) {
		unsigned char c = (unsigned char)b->ptr[i];

		if ((c & 0xC0) == 0x80)
			continue;
		n += c >= 0xF0 ? 2 : 1;
		if (n > cap) {
			sg_buf_truncate(b, i);
			return;
		}
	}
}

/* Global priority: gating first, then by severity, then file order. */
struct pick {
	const sg_finding *f;
	struct group *g;
	size_t gi, fi;          /* group rank, index within the group */
};

static int cmp_pick(const void *pa, const void *pb)
{
	const struct pick *a = pa, *b = pb;
	int c = rank(a->f) - rank(b->f);

	if (c)
		return c;
	if (a->f->severity != b->f->severity)
		return a->f->severity > b->f->severity ? -1 : 1;
	if (a->gi != b->gi)
		return a->gi < b->gi ? -1 : 1;
	return (a->fi > b->fi) - (a->fi < b->fi);
}

int report_markdown(struct sg_buf *out, const sg_result *res,
		    const sg_report_options *opts, sg_error *err)
{
	size_t n = sg_findings_count(res->findings), i, j, ng = 0;
	size_t cap = opts->markdown_max ? opts->markdown_max : MD_DEFAULT_MAX;
	const sg_finding **v = calloc(n ? n : 1, sizeof(*v));
	struct group *g = calloc(n ? n : 1, sizeof(*g));
	struct pick *pk = calloc(n ? n : 1, sizeof(*pk));
	bool *take = calloc(n ? n : 1, sizeof(*take));
	struct sg_buf doc = SG_BUF_INIT(64u << 20), tmp = SG_BUF_INIT(64u << 20);
	const char *link = report_link_base(res, opts);
	size_t shown = 0, used, tail = units(group_tail, strlen(group_tail));
	size_t gating = report_gating(res);
	int rc = 0;

	if (!v || !g || !pk || !take) {
		rc = SG_ENOMEM;
		goto done;
	}
	for (i = 0; i < n; i++)
		v[i] = sg_findings_at(res->findings, i);
	qsort(v, n, sizeof(*v), cmp_by_group);
	for (i = 0; i < n; i = j) {
		struct group *cur = &g[ng++];

		cur->name = group_name(v[i]);
		cur->is_file = v[i]->loc.path != NULL;
		cur->f = v + i;
		cur->only_absent = true;
		for (j = i; j < n && strcmp(group_name(v[j]), cur->name) == 0 &&
			    (v[j]->loc.path != NULL) == cur->is_file; j++) {
			cur->gating += v[j]->verdict == SG_VERDICT_GATING;
			if (v[j]->severity > cur->worst)
				cur->worst = v[j]->severity;
			cur->only_absent &= v[j]->verdict == SG_VERDICT_ABSENT;
		}
		cur->n = j - i;
	}
	qsort(g, ng, sizeof(*g), cmp_group);

	/*
	 * Choose what fits, most important first, across all files: a file's
	 * below-threshold rows never push out another file's gating rows.
	 * Header sizes are taken at their largest, so the rendering below
	 * can only be shorter than the plan.
	 */
	head(&doc, res, gating);
	note(&tmp, n, n, cap);
	used = buf_units(&doc) + buf_units(&tmp) + units(MARKER, strlen(MARKER));
	for (i = j = 0; i < ng; i++) {
		size_t k;

		for (k = 0; k < g[i].n; k++, j++) {
			pk[j].f = g[i].f[k];
			pk[j].g = &g[i];
			pk[j].gi = i;
			pk[j].fi = k;
		}
	}
	qsort(pk, n, sizeof(*pk), cmp_pick);
	for (i = 0; i < n; i++) {
		size_t cost;

		sg_buf_clear(&tmp);
		row(&tmp, pk[i].f, link);
		cost = buf_units(&tmp);
		if (pk[i].g->shown == 0) {
			sg_buf_clear(&tmp);
			group_head(&tmp, pk[i].g, SIZE_MAX);
			cost += buf_units(&tmp) + tail;
		}
		if (sg_buf_error(&tmp) || used + cost > cap)
			break;
		used += cost;
		pk[i].g->shown++;
		shown++;
	}
	/* the first `shown` picks are in */
	for (i = 0; i < shown; i++) {
		const sg_finding **pos = pk[i].g->f + pk[i].fi;

		take[(size_t)(pos - v)] = true;
	}
	for (i = 0; i < ng; i++) {
		size_t k;

		if (!g[i].shown)
			continue;
		group_head(&doc, &g[i], g[i].shown);
		for (k = 0; k < g[i].n; k++)
			if (take[(size_t)(g[i].f + k - v)])
				row(&doc, g[i].f[k], link);
		sg_buf_puts(&doc, group_tail);
	}
	if (shown < n)
		note(&doc, n - shown, n, cap);
	sg_buf_puts(&doc, MARKER);
	if ((rc = sg_buf_error(&doc)) < 0 || (rc = sg_buf_error(&tmp)) < 0)
		goto done;
	/* only a cap smaller than the header itself ends up here */
	if (buf_units(&doc) > cap)
		hard_cap(&doc, cap);
	sg_buf_put(out, doc.ptr, doc.len);
	rc = sg_buf_error(out);
done:
	free(v);
	free(g);
	free(pk);
	free(take);
	sg_buf_release(&doc);
	sg_buf_release(&tmp);
	SG_UNUSED(err);
	return rc;
}

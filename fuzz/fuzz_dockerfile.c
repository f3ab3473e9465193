/*
 * fuzz_dockerfile.c: libFuzzer target for the Dockerfile stage.
 *
 * Parses the input once, dumps the parse, then lints that same parse
 * with every rule enabled.  Besides the sanitizers' findings it checks
 * the parser's own promises: every segment and word lies inside its
 * instruction's text, spans are ordered, and every finding points inside
 * the file.
 */
#include "util/compat.h"
#include "dockerfile/ast.h"
#include "dockerfile/dockerfile.h"
#include "policy/policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_word(const struct df_instr *in, const struct df_word *w)
{
	if (w->raw && (w->off > in->text_len || w->len > in->text_len - w->off))
		abort();
}

static void check_file(const struct df_file *f)
{
	uint32_t i, k;

	for (i = 0; i < f->ninstrs; i++) {
		const struct df_instr *in = &f->instrs[i];

		if (in->span.line == 0 || in->span.end_line < in->span.line ||
		    in->span.end_line > f->nlines)
			abort();
		for (k = 0; k < in->nsegs; k++)
			if (in->segs[k].off + in->segs[k].len > in->text_len)
				abort();
		for (k = 0; k < in->nargs; k++)
			check_word(in, &in->args[k]);
		for (k = 0; k < in->nkvs; k++) {
			check_word(in, &in->kvs[k].key);
			if (in->kvs[k].has_value)
				check_word(in, &in->kvs[k].value);
		}
		for (k = 0; k < in->nheredocs; k++)
			if (in->heredocs[k].body + in->heredocs[k].body_len >
			    f->data + f->len)
				abort();
	}
	for (i = 0; i < f->nstages; i++)
		if (f->stages[i].first > f->stages[i].last ||
		    f->stages[i].last >= f->ninstrs)
			abort();
}

/* Lint the parse with every rule; every finding points inside the file. */
static void lint(const struct df_file *f, const uint8_t *data, size_t size)
{
	/* one policy for the whole run: building it is not what is fuzzed */
	static struct sg_policy *pol;
	static struct df_plan *plan;
	struct sg_stage_ctx ctx = { 0 };
	sg_error err;
	uint32_t lines = 1;
	size_t i;

	sg_error_clear(&err);
	if (!pol) {
		if (sg_policy_defaults(&pol, "2026-01-01", &err) < 0)
			return;
		pol->enable_all = true;
		ctx.policy = pol;
		if (df_plan_new(&plan, &ctx) < 0)
			return;
	}
	ctx.policy = pol;
	ctx.df_plan = plan;
	if (sg_findings_new(&ctx.findings) < 0)
		return;
	for (i = 0; i < size; i++)
		lines += data[i] == '\n';
	if (df_lint_parsed(&ctx, f, &err) == 0 &&
	    sg_findings_finalize(ctx.findings) == 0)
		for (i = 0; i < sg_findings_count(ctx.findings); i++) {
			const sg_finding *fd = sg_findings_at(ctx.findings, i);

			if (fd->loc.line > lines || !fd->message)
				abort();
		}
	sg_findings_free(ctx.findings);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct df_file *f = NULL;
	struct sg_buf dump = SG_BUF_INIT(64 * 1024 * 1024);
	sg_error err;

	/* parsed once: its promises checked, dumped, then linted */
	sg_error_clear(&err);
	if (df_parse("Dockerfile", (const char *)data, size, &f, &err) < 0)
		return 0;
	check_file(f);
	df_dump(f, &dump);
	sg_buf_release(&dump);
	lint(f, data, size);
	df_file_free(f);
	return 0;
}

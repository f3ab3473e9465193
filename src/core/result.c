/* result.c: the result of one run, and the exit code it maps to. */
#include "util/compat.h"
#include "shipgate/result.h"
#include "util/vec.h"

/* The result and what its public struct does not show: the capacity of
 * its two arrays, grown by sg_vec_reserve_() (one realloc per entry was
 * quadratic where realloc copies: two million Dockerfiles never finished
 * under AddressSanitizer).  Every sg_result is one of these. */
struct result {
	sg_result pub;
	size_t targets_cap, notes_cap;
};

static struct result *result_of(sg_result *res)
{
	return (struct result *)res;    /* pub is the first member */
}

int sg_result_new(sg_result **out)
{
	struct result *r = calloc(1, sizeof(*r));
	sg_result *res = r ? &r->pub : NULL;
	int err;

	*out = NULL;
	if (!res)
		return SG_ENOMEM;
	if ((err = sg_findings_new(&res->findings)) < 0) {
		free(r);
		return err;
	}
	res->tool_version = SG_VERSION;
	res->fail_on = SG_SEVERITY_HIGH;
	*out = res;
	return 0;
}

void sg_result_free(sg_result *res)
{
	if (!res)
		return;
	sg_findings_free(res->findings);
	free(res->targets);
	free(res->notes);
	free(result_of(res));
}

int sg_result_add_target(sg_result *res, const char *path, sg_target_kind kind,
			 bool analysed)
{
	const char *p = sg_findings_strdup(res->findings, path);
	sg_target *t;

	if (!p || sg_vec_reserve_((void **)&res->targets,
				  &result_of(res)->targets_cap, res->ntargets,
				  1, sizeof(*res->targets)) < 0)
		return SG_ENOMEM;
	t = res->targets;
	t[res->ntargets].path = p;
	t[res->ntargets].kind = kind;
	t[res->ntargets].analysed = analysed;
	res->ntargets++;
	return 0;
}

int sg_result_add_note(sg_result *res, const char *fmt, ...)
{
	char line[1024];
	const char *p;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	p = sg_findings_strdup(res->findings, line);
	if (!p || sg_vec_reserve_((void **)&res->notes,
				  &result_of(res)->notes_cap, res->nnotes, 1,
				  sizeof(*res->notes)) < 0)
		return SG_ENOMEM;
	res->notes[res->nnotes++] = p;
	return 0;
}

int sg_result_merge(sg_result *dst, const sg_result *src)
{
	size_t i;
	int rc;

	if ((rc = sg_findings_merge(dst->findings, src->findings)) < 0)
		return rc;
	for (i = 0; i < src->ntargets; i++)
		if ((rc = sg_result_add_target(dst, src->targets[i].path,
					       src->targets[i].kind,
					       src->targets[i].analysed)) < 0)
			return rc;
	for (i = 0; i < src->nnotes; i++)
		if ((rc = sg_result_add_note(dst, "%s", src->notes[i])) < 0)
			return rc;
	dst->rules_off += src->rules_off;
	return 0;
}

static int cmp_target(const void *pa, const void *pb)
{
	const sg_target *a = pa, *b = pb;
	int c = strcmp(a->path, b->path);

	if (c)
		return c;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	/* an unanalysed record of the same target sorts first and wins */
	return (int)a->analysed - (int)b->analysed;
}

static int cmp_note(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

int sg_result_finish(sg_result *res)
{
	size_t i, o;
	int err;

	if (res->ntargets > 1)
		qsort(res->targets, res->ntargets, sizeof(*res->targets),
		      cmp_target);
	for (i = o = 0; i < res->ntargets; i++) {
		if (o && strcmp(res->targets[o - 1].path, res->targets[i].path) == 0 &&
		    res->targets[o - 1].kind == res->targets[i].kind)
			continue;
		res->targets[o++] = res->targets[i];
	}
	res->ntargets = o;
	if (res->nnotes > 1)
		qsort(res->notes, res->nnotes, sizeof(*res->notes), cmp_note);
	for (i = o = 0; i < res->nnotes; i++) {
		if (o && strcmp(res->notes[o - 1], res->notes[i]) == 0)
			continue;
		res->notes[o++] = res->notes[i];
	}
	res->nnotes = o;

	if ((err = sg_findings_finalize(res->findings)) < 0)
		return err;
	memset(res->verdict_counts, 0, sizeof(res->verdict_counts));
	for (i = 0; i < sg_findings_count(res->findings); i++) {
		const sg_finding *f = sg_findings_at(res->findings, i);

		if (f->verdict < SG_VERDICT__COUNT)
			res->verdict_counts[f->verdict]++;
	}
	res->exit_code = sg_result_exit_code(res);
	return 0;
}

int sg_result_exit_code(const sg_result *res)
{
	bool gating = false;
	size_t i;

	for (i = 0; i < sg_findings_count(res->findings); i++) {
		const sg_finding *f = sg_findings_at(res->findings, i);

		if (f->verdict != SG_VERDICT_GATING)
			continue;
		/* An input the gate could not read outranks everything: the
		 * gate cannot vouch for what it did not see. */
		if (f->rule->flags & SG_RULE_PARSE_ERROR)
			return SG_EXIT_INPUT;
		gating = true;
	}
	return gating ? SG_EXIT_FAIL : SG_EXIT_PASS;
}

/*
 * inline.c: a service's build.dockerfile_inline is a Dockerfile like any
 * other, and as able to run `curl … | sh`.  It is linted with the
 * Dockerfile rules and each finding is placed on the Compose file: a
 * literal block (`dockerfile_inline: |`) maps line for line, any other
 * style puts every finding on the value.
 */
#include "util/compat.h"
#include "compose/inline.h"
#include "compose/rules.h"
#include "dockerfile/dockerfile.h"
#include "util/buf.h"

/* Where line 1, column 1 of the inline text sits in the Compose file. */
struct origin {
	const struct cm_node *value;
	bool literal;           /* line k is the file's line value->line + k */
	uint32_t indent;        /* columns before the block's text */
};

static void origin_of(struct compose_project *p, const struct cm_node *v,
		      struct origin *o)
{
	uint32_t line;

	o->value = v;
	o->literal = false;
	o->indent = 0;
	if (v->style != SG_YAML_LITERAL)
		return;
	/* the block's indentation is that of its first line with text */
	for (line = v->line + 1; line <= v->end_line; line++) {
		int n = compose_line_indent(p, v->file, line);

		if (n >= 0) {
			o->literal = true;
			o->indent = (uint32_t)n;
			return;
		}
	}
}

static void place(const struct origin *o, const sg_location *in,
		  sg_location *out)
{
	memset(out, 0, sizeof(*out));
	out->path = o->value->file;
	if (!o->literal || !in->line) {
		out->line = o->value->line;
		out->column = o->value->col;
		return;
	}
	out->line = o->value->line + in->line;
	out->column = in->column ? in->column + o->indent : 0;
	out->end_line = in->end_line ? o->value->line + in->end_line : 0;
	out->end_column = in->end_column ? in->end_column + o->indent : 0;
}

/*
 * build.additional_contexts names contexts that FROM and COPY --from may
 * use as if they were images or stages: a finding about one of those
 * names (no tag, no such stage) is not one.  The Dockerfile rules end
 * their key with " | " and the name.
 */
static bool names_context(const struct cm_node *build, const sg_finding *f)
{
	const struct cm_node *ac = cm_get(build, "additional_contexts");
	const char *s, *at = NULL;
	char name[256];
	size_t i, n;

	if (!ac || !f->key || (strcmp(f->rule->id, "SGD020") &&
			       strcmp(f->rule->id, "SGD021") &&
			       strcmp(f->rule->id, "SGD035")))
		return false;
	for (s = f->key; (s = strstr(s, " | ")); s += 3)
		at = s + 3;
	if (!at)
		return false;
	if (sg_startswith(at, "--from="))
		at += strlen("--from=");
	n = strcspn(at, ":@ ");
	if (n == 0 || n >= sizeof(name))
		return false;
	memcpy(name, at, n);
	name[n] = '\0';
	if (ac->kind == CM_MAP)
		return cm_get(ac, name) != NULL;
	for (i = 0; ac->kind == CM_SEQ && i < ac->n; i++)
		if (cm_is_str(ac->kids[i]) &&
		    !strncmp(ac->kids[i]->value, name, n) &&
		    ac->kids[i]->value[n] == '=')
			return true;
	return false;
}

static int lint_one(struct compose_project *p, const char *service,
		    const struct cm_node *build, const struct cm_node *v,
		    sg_error *err)
{
	struct sg_stage_ctx sub = *p->ctx;
	sg_findings *tmp = NULL;
	struct origin o;
	size_t i;
	int rc;

	if (sg_findings_new(&tmp) < 0)
		return sg_error_set(err, SG_ENOMEM, v->file, 0, 0, "out of memory");
	origin_of(p, v, &o);
	sub.findings = tmp;
	sub.links = NULL;
	rc = df_lint_file(&sub, v->file, v->value, strlen(v->value), err);
	for (i = 0; rc >= 0 && i < sg_findings_count(tmp); i++) {
		const sg_finding *f = sg_findings_at(tmp, i);
		struct sg_buf key = SG_BUF_INIT(1 << 20);
		char obj[300];
		sg_location loc;
		sg_finding *nf = NULL;

		if (names_context(build, f))
			continue;
		place(&o, &f->loc, &loc);
		snprintf(obj, sizeof(obj), "service %s", service);
		loc.object = obj;
		/* the service in the key: two services' identical inline
		 * Dockerfiles are two findings (the Dockerfile key is
		 * bounded already: copied whole) */
		sg_buf_printf(&key, "dockerfile_inline %s: %s", service,
			      f->key ? f->key : "");
		if (!sg_buf_error(&key))
			nf = sg_findings_add(p->out, f->rule, &loc,
					     sg_buf_cstr(&key),
					     "%s (dockerfile_inline of "
					     "service '%s')", f->message,
					     service);
		sg_buf_release(&key);
		if (!nf) {
			rc = sg_error_set(err, SG_ENOMEM, v->file, 0, 0,
					  "out of memory");
			break;
		}
		nf->severity = f->severity;
		if (f->verdict == SG_VERDICT_SUPPRESSED) {
			nf->verdict = f->verdict;
			nf->inline_suppression = f->inline_suppression;
			nf->why = sg_findings_strdup(p->out, f->why);
		}
	}
	sg_findings_free(tmp);
	return rc;
}

int compose_lint_inline(struct compose_project *p, sg_error *err)
{
	size_t i;
	int rc = 0;

	for (i = 0; p->services && i < p->services->n && rc >= 0; i++) {
		const struct cm_node *svc = p->services->kids[i];
		const struct cm_node *b = svc->kind == CM_MAP
					  ? cm_get(svc, "build") : NULL;
		const struct cm_node *v = b && b->kind == CM_MAP
					  ? cm_get(b, "dockerfile_inline") : NULL;

		if (cm_is_str(v) && v->file)
			rc = lint_one(p, svc->key, b, v, err);
	}
	return rc;
}

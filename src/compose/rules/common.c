/*
 * common.c: what several Compose rules need: list items, a service's
 * `build` resolved to a Dockerfile in the tree (spec build.md), and a light
 * scan of that Dockerfile for its stages, last USER and HEALTHCHECK.
 */
#include "util/compat.h"
#include "compose/rules.h"

size_t compose_items(const struct cm_node *field, const struct cm_node **out,
		     size_t max)
{
	size_t i, n = 0;

	if (!field)
		return 0;
	if (field->kind == CM_SCALAR) {
		if (field->null || !max)
			return 0;
		out[0] = field;
		return 1;
	}
	if (field->kind != CM_SEQ)
		return 0;
	for (i = 0; i < field->n && n < max; i++)
		out[n++] = field->kids[i];
	return n;
}

bool compose_is_remote(const char *ref)
{
	return strstr(ref, "://") || sg_startswith(ref, "git@") ||
	       sg_startswith(ref, "github.com/");
}

bool compose_build_resolve(struct compose_project *p,
			   const struct cm_node *svc, struct compose_build *b)
{
	const struct cm_node *build = cm_get(svc, "build");
	const char *dir, *ctx = ".", *df = "Dockerfile";

	memset(b, 0, sizeof(*b));
	if (!build || build->null)
		return false;
	b->node = build;
	if (build->kind == CM_SCALAR) {
		b->context_node = build;
	} else if (build->kind == CM_MAP) {
		const struct cm_node *in = cm_get(build, "dockerfile_inline");

		b->context_node = cm_get(build, "context");
		b->dockerfile_node = cm_get(build, "dockerfile");
		b->target_node = cm_get(build, "target");
		if (cm_is_str(b->target_node))
			b->target = b->target_node->value;
		if (cm_is_str(in))
			b->inline_text = in->value;
	} else {
		return false;
	}
	if (b->context_node) {
		if (!cm_is_str(b->context_node))
			return false;     /* unknown: do not guess */
		ctx = b->context_node->value;
	}
	if (b->dockerfile_node) {
		if (!cm_is_str(b->dockerfile_node))
			return false;
		df = b->dockerfile_node->value;
	}
	if (compose_is_remote(ctx)) {
		b->remote = true;
		return true;
	}
	if (ctx[0] == '/' || df[0] == '/') {
		b->absolute = true;
		return true;
	}
	/* relative paths resolve against the file that wrote them */
	dir = compose_dirname(p, b->context_node ? b->context_node->file
						 : svc->file);
	b->context = compose_join(p, dir, ctx);
	if (!b->context) {
		b->outside = true;
		return true;
	}
	if (!b->inline_text) {
		b->dockerfile = compose_join(p, b->context, df);
		if (!b->dockerfile)
			b->outside = true;
	}
	return true;
}

static bool ieq_word(const char *s, size_t len, const char *w)
{
	return strlen(w) == len && sg_strncasecmp(s, w, len) == 0;
}

/* Words of one logical line (continuations joined by the caller). */
static size_t words(const char *s, size_t len, const char **w, size_t *wl,
		    size_t max)
{
	size_t i = 0, n = 0;

	while (i < len && n < max) {
		while (i < len && sg_isspace((unsigned char)s[i]))
			i++;
		if (i >= len)
			break;
		w[n] = s + i;
		while (i < len && !sg_isspace((unsigned char)s[i]))
			i++;
		wl[n] = (size_t)(s + i - w[n]);
		n++;
	}
	return n;
}

void compose_dockerfile_scan(struct compose_project *p, const char *text,
			     size_t len, struct compose_df_info *out)
{
	size_t i = 0;

	memset(out, 0, sizeof(*out));
	while (i < len) {
		const char *line = text + i, *eol = memchr(line, '\n', len - i);
		size_t n = eol ? (size_t)(eol - line) : len - i;
		const char *w[8];
		size_t wl[8], nw;

		i += n + 1;
		nw = words(line, n, w, wl, 8);
		if (nw == 0 || w[0][0] == '#')
			continue;
		if (ieq_word(w[0], wl[0], "FROM")) {
			size_t k;

			out->last_user = NULL;
			out->healthcheck = false;
			for (k = 1; k + 1 < nw; k++) {
				if (!ieq_word(w[k], wl[k], "AS"))
					continue;
				if (out->nstages < SG_ARRAY_SIZE(out->stages))
					out->stages[out->nstages++] =
						sg_arena_strndup(&p->arena,
								 w[k + 1],
								 wl[k + 1]);
				break;
			}
		} else if (ieq_word(w[0], wl[0], "USER") && nw > 1) {
			out->last_user = sg_arena_strndup(&p->arena, w[1],
							  wl[1]);
		} else if (ieq_word(w[0], wl[0], "HEALTHCHECK") && nw > 1) {
			out->healthcheck = !ieq_word(w[1], wl[1], "NONE");
		}
	}
}

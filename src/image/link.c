/*
 * link.c: image findings placed on the Dockerfile line that caused them.
 *
 * The Compose stage records which Dockerfile (and target) builds the image
 * a service names.  That Dockerfile's final stage (or the named target) is
 * parsed and its instructions are aligned, in order, with the history
 * entries the image's own build wrote (those after the base image): the
 * history line rebuilt as an instruction (history.c) must have the same
 * keyword and the same normalised text -- for COPY/ADD the same
 * destination, since the history names sources by content hash.  A
 * history entry that matches nothing is left unplaced; nothing is guessed.
 * A placed finding receives a related location "path:line" (SARIF
 * relatedLocations); its primary location stays the image.
 */
#include "util/compat.h"

#include "dockerfile/ast.h"
#include "image/rules.h"
#include "util/buf.h"

#define MAX_DOCKERFILE (4u << 20)

/* Collapse whitespace runs, uppercase the keyword: "RUN a  b" == "run a b". */
static void norm(const char *s, size_t n, struct sg_buf *out)
{
	size_t i;
	bool space = false, kw = true;

	sg_buf_clear(out);
	for (i = 0; i < n; i++) {
		char ch = s[i];

		if (sg_isspace(ch) || ch == '\\') {
			space = out->len > 0;
			kw = false;
			continue;
		}
		if (space)
			sg_buf_putc(out, ' ');
		space = false;
		sg_buf_putc(out, kw ? (char)sg_toupper(ch) : ch);
	}
}

static const char *last_word(const char *s)
{
	const char *sp = strrchr(s, ' ');

	return sp ? sp + 1 : s;
}

static bool same(const char *hist, const char *instr)
{
	size_t hk = strcspn(hist, " "), ik = strcspn(instr, " ");

	if (hk != ik || strncmp(hist, instr, hk) != 0)
		return false;
	if (!strncmp(hist, "COPY", 4) || !strncmp(hist, "ADD", 3))
		return !strcmp(last_word(hist), last_word(instr));
	return !strcmp(hist, instr);
}

static const struct sg_link *find_link(struct img_ctx *c)
{
	size_t i;

	for (i = 0; c->stage->links && i < c->stage->links->v.n; i++) {
		const struct sg_link *l = &c->stage->links->v.v[i];

		if (l->image && l->dockerfile &&
		    (!strcmp(l->image, c->name) || sg_streq(l->image, c->img->ref)))
			return l;
	}
	return NULL;
}

static const struct df_stage *pick_stage(const struct df_file *df,
					 const char *target)
{
	uint32_t i;

	if (df->nstages == 0)
		return NULL;
	for (i = 0; target && i < df->nstages; i++)
		if (df->stages[i].name && !sg_strcasecmp(df->stages[i].name, target))
			return &df->stages[i];
	return target ? NULL : &df->stages[df->nstages - 1];
}

static bool history_of(struct img_ctx *c, const sg_finding *f, size_t *h)
{
	size_t i;

	if (f->loc.object && sg_startswith(f->loc.object, "history[")) {
		uint64_t v;
		size_t n = strcspn(f->loc.object + 8, "]");

		if (sg_parse_u64(f->loc.object + 8, n, &v) == 0) {
			*h = (size_t)v;
			return true;
		}
	}
	for (i = 0; f->loc.layer && i < c->img->layers.n; i++)
		if (sg_streq(c->img->layers.v[i].diff_id, f->loc.layer) &&
		    c->img->layers.v[i].history_index != UINT32_MAX) {
			*h = c->img->layers.v[i].history_index;
			return true;
		}
	return false;
}

int img_link_dockerfile(struct img_ctx *c, size_t first, sg_error *err)
{
	const struct sg_link *l = find_link(c);
	json_t *hist = json_object_get(c->img->config, "history");
	struct sg_buf src = SG_BUF_INIT(MAX_DOCKERFILE + 1);
	struct sg_buf a = SG_BUF_INIT(1 << 20), b = SG_BUF_INIT(1 << 20);
	struct sg_buf tmp = SG_BUF_INIT(1 << 20);
	struct df_file *df = NULL;
	const struct df_stage *st;
	uint32_t *lines = NULL;   /* history index -> Dockerfile line, 0: none */
	size_t n = json_array_size(hist), i, k, next;
	sg_error rerr;
	int rc = 0;

	if (!l || !c->stage->source || n == 0)
		return 0;
	sg_error_clear(&rerr);
	if (sg_source_read(c->stage->source, l->dockerfile, MAX_DOCKERFILE, &src,
			   &rerr) < 0)
		goto done;   /* the Dockerfile stage reports unreadable files */
	rc = df_parse(l->dockerfile, src.ptr ? src.ptr : "", src.len, &df, err);
	if (rc < 0)
		goto done;
	st = pick_stage(df, l->target);
	lines = calloc(n, sizeof(*lines));
	if (!st || !lines) {
		rc = lines ? 0 : sg_error_set(err, SG_ENOMEM, NULL, 0, 0,
					      "out of memory");
		goto done;
	}
	next = st->first + 1;
	for (i = (size_t)(img_history_base(hist) + 1); i < n; i++) {
		const char *cb = json_string_value(
			json_object_get(json_array_get(hist, i), "created_by"));
		struct sg_buf h = SG_BUF_INIT(1 << 20);

		if (!cb || !img_history_instruction(cb, &h)) {
			sg_buf_release(&h);
			continue;
		}
		norm(h.ptr, h.len, &a);
		sg_buf_release(&h);
		for (k = next; k <= st->last && k < df->ninstrs; k++) {
			const struct df_instr *in = &df->instrs[k];

			/* keyword and arguments; flags (--chown, --mount)
			 * are not in the history */
			sg_buf_clear(&tmp);
			sg_buf_puts(&tmp, in->keyword ? in->keyword : "");
			sg_buf_putc(&tmp, ' ');
			if (in->args_off <= in->text_len)
				sg_buf_put(&tmp, in->text + in->args_off,
					   in->text_len - in->args_off);
			norm(tmp.ptr ? tmp.ptr : "", tmp.len, &b);
			if (same(sg_buf_cstr(&a), sg_buf_cstr(&b))) {
				lines[i] = in->span.line;
				next = k + 1;
				break;
			}
		}
	}
	for (i = first; i < sg_findings_count(c->stage->findings); i++) {
		sg_finding *f = sg_findings_at(c->stage->findings, i);
		struct sg_location rl;
		size_t h;

		if (!history_of(c, f, &h) || h >= n || !lines[h])
			continue;
		memset(&rl, 0, sizeof(rl));
		rl.path = l->dockerfile;
		rl.line = lines[h];
		if (sg_findings_add_related(c->stage->findings, f, &rl,
					    "the build step that made this") < 0) {
			rc = sg_error_set(err, SG_ENOMEM, NULL, 0, 0,
					  "out of memory");
			goto done;
		}
	}
done:
	free(lines);
	df_file_free(df);
	sg_buf_release(&src);
	sg_buf_release(&a);
	sg_buf_release(&b);
	sg_buf_release(&tmp);
	return rc;
}

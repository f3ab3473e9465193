/*
 * history.c: the config history as a Dockerfile, linted by the Dockerfile
 * stage's own rules (Trivy's image-config misconfiguration scan does the
 * same with its Dockerfile checks), so one rule set covers both.
 *
 * Reconstruction, after Trivy's pkg/fanal/analyzer/imgconf/dockerfile:
 * - entries up to the base image are skipped: walking back from the end,
 *   past the trailing empty-layer entries, the first empty-layer CMD is the
 *   base image's last entry (Trivy's GuessBaseImageIndex);
 * - only lines a Dockerfile build writes are kept, as Trivy does: legacy
 *   "/bin/sh -c #(nop) X" becomes "X", "/bin/sh -c cmd" and "|N A=b
 *   /bin/sh -c cmd" become "RUN cmd", BuildKit lines ending "# buildkit"
 *   lose the suffix, and USER/HEALTHCHECK/ENV/ARG/ENTRYPOINT lines are
 *   taken as they are; anything else (BuildKit's CMD/WORKDIR/EXPOSE
 *   map[...] forms, other tools' free text such as "debootstrap ...") is
 *   skipped; "COPY file:<hash> in /x" becomes "COPY file:<hash> /x";
 * - a finding of a Dockerfile rule that shares a peer id with an image rule
 *   (DS-0002 for root, ...) is left to the image rule, so the image is
 *   not reported twice for one problem;
 * - one line per entry after a synthetic "FROM scratch" on line 1, newlines
 *   in an entry folded to spaces, so line N+2 is entry N's own line.
 * Findings come back located in the image (loc.object "history[N]", the
 * entry's layer); findings on the synthetic FROM and whole-file findings
 * (line 0: what the image rules already say about the config) are dropped.
 */
#include "util/compat.h"

#include "dockerfile/dockerfile.h"
#include "image/rules.h"
#include "util/buf.h"

static const char *const keywords[] = {
	"ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE",
	"HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL",
	"STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
};

static bool is_empty(json_t *e)
{
	return json_is_true(json_object_get(e, "empty_layer"));
}

static const char *created_by(json_t *e)
{
	const char *s = json_string_value(json_object_get(e, "created_by"));

	return s ? s : "";
}

static bool starts_instruction(const char *t, const char **kw)
{
	size_t i;

	for (i = 0; i < SG_ARRAY_SIZE(keywords); i++) {
		size_t l = strlen(keywords[i]);

		if (!strncmp(t, keywords[i], l) && (t[l] == ' ' || !t[l])) {
			*kw = keywords[i];
			return true;
		}
	}
	return false;
}

/*
 * BuildKit records CMD/ENTRYPOINT exec form as Go prints a []string:
 * `["gunicorn" "--bind" "0.0.0.0:8000"]`, no commas.  Rewrite it as the JSON
 * the Dockerfile had, so the exec form is not mistaken for shell form.
 * Returns false (nothing written) when `t` is not such a slice.
 */
static bool go_array(const char *t, struct sg_buf *out, const char *kw)
{
	const char *p = t;
	size_t mark = out->len;
	bool first = true;

	if (*p != '[')
		return false;
	sg_buf_printf(out, "%s [", kw);
	for (p++;;) {
		while (*p == ' ')
			p++;
		if (*p == ']' && !p[1 + strspn(p + 1, " ")])
			break;
		if (*p != '"')
			goto no;
		sg_buf_puts(out, first ? "\"" : ", \"");
		for (p++; *p && *p != '"'; p++) {
			if (*p == '\\' && p[1])
				sg_buf_putc(out, *p++);
			sg_buf_putc(out, *p);
		}
		if (*p != '"')
			goto no;
		sg_buf_putc(out, '"');
		p++;
		first = false;
	}
	sg_buf_putc(out, ']');
	return true;
no:
	sg_buf_truncate(out, mark);
	return false;
}

long img_history_base(json_t *hist)
{
	bool seen_layer = false;
	size_t n = json_array_size(hist), i;

	for (i = n; i-- > 0;) {
		json_t *e = json_array_get(hist, i);
		char text[64];

		if (!is_empty(e)) {
			seen_layer = true;
			continue;
		}
		img_history_text(created_by(e), text, sizeof(text));
		if (seen_layer && sg_startswith(text, "CMD"))
			return (long)i;
	}
	return -1;
}

bool img_history_instruction(const char *cb, struct sg_buf *out)
{
	char *text = malloc(65536);
	const char *t, *kw = NULL, *in;
	size_t i, len;
	bool ok = true;

	if (!text)
		return false;
	/* "|2 A=b C=d /bin/sh -c cmd": legacy build args, a RUN */
	if (cb[0] == '|' && (in = strstr(cb, "/bin/sh -c ")) != NULL)
		cb = in;
	len = strlen(cb);
	while (len && (cb[len - 1] == ' ' || cb[len - 1] == '\n'))
		len--;
	if (!sg_startswith(cb, "/bin/sh -c") &&
	    !(len >= 10 && !strncmp(cb + len - 10, "# buildkit", 10)) &&
	    !(starts_instruction(cb, &kw) &&
	      (!strcmp(kw, "USER") || !strcmp(kw, "HEALTHCHECK") ||
	       !strcmp(kw, "ENV") || !strcmp(kw, "ARG") ||
	       !strcmp(kw, "ENTRYPOINT") || !strcmp(kw, "CMD") ||
	       !strcmp(kw, "WORKDIR")))) {
		free(text);
		return false;
	}
	img_history_text(cb, text, 65536);
	for (i = 0; text[i]; i++)
		if (text[i] == '\n' || text[i] == '\r')
			text[i] = ' ';
	t = text;
	if (!*t) {
		ok = false;
	} else if (starts_instruction(t, &kw)) {
		if ((!strcmp(kw, "EXPOSE") || !strcmp(kw, "LABEL")) &&
		    strstr(t, "map["))
			ok = false;
		else if ((!strcmp(kw, "COPY") || !strcmp(kw, "ADD")) &&
			 (in = strstr(t, " in ")) != NULL &&
			 (strstr(t, "file:") || strstr(t, "dir:") ||
			  strstr(t, "multi:"))) {
			len = (size_t)(in - t);
			sg_buf_put(out, t, len);
			sg_buf_puts(out, in + 3);
		} else if ((!strcmp(kw, "CMD") || !strcmp(kw, "ENTRYPOINT")) &&
			   go_array(t + strlen(kw) + 1, out, kw)) {
			/* BuildKit writes exec form as a Go slice: ["a" "b"] */
		} else if (!strcmp(kw, "RUN") &&
			   sg_startswith(t, "RUN /bin/sh -c ")) {
			/* BuildKit: "RUN /bin/sh -c cmd # buildkit" */
			sg_buf_puts(out, "RUN ");
			sg_buf_puts(out, t + 15);
		} else {
			sg_buf_puts(out, t);
		}
	} else {
		sg_buf_puts(out, "RUN ");
		sg_buf_puts(out, t);
	}
	if (ok)
		sg_buf_putc(out, '\n');
	free(text);
	return ok;
}

static bool covered_by_image_rule(const sg_rule *r)
{
	const char *const *a;
	size_t i;

	for (a = r->aliases; a && *a; a++)
		for (i = 0; i < img_rules.count; i++)
			if (sg_rule_has_alias(sg_rule_table_at(&img_rules, i), *a))
				return true;
	return false;
}

static uint32_t layer_of(const struct img_image *img, size_t hist)
{
	size_t i;

	for (i = 0; i < img->layers.n; i++)
		if (img->layers.v[i].history_index == hist)
			return (uint32_t)i;
	return UINT32_MAX;
}

int img_history_lint(struct img_ctx *c, sg_error *err)
{
	json_t *hist = json_object_get(c->img->config, "history");
	struct sg_buf df = SG_BUF_INIT(16 << 20);
	SG_VEC(size_t) lines = SG_VEC_INIT;   /* Dockerfile line - 2 -> entry */
	struct sg_stage_ctx sub;
	sg_findings *tmp = NULL;
	size_t i, n = json_array_size(hist);
	long base = img_history_base(hist);
	int rc = 0;

	if (n == 0)
		return 0;
	sg_buf_puts(&df, "FROM scratch\n");
	for (i = (size_t)(base + 1); i < n; i++)
		if (img_history_instruction(created_by(json_array_get(hist, i)),
					    &df) &&
		    sg_vec_push(&lines, i) < 0) {
			rc = sg_error_set(err, SG_ENOMEM, NULL, 0, 0,
					  "out of memory");
			goto done;
		}
	if (lines.n == 0)
		goto done;
	if (sg_buf_error(&df)) {
		rc = sg_buf_error(&df) == SG_ENOMEM
		     ? sg_error_set(err, SG_ENOMEM, NULL, 0, 0, "out of memory")
		     : 0;   /* a 16 MiB history: skip, the image rules ran */
		goto done;
	}
	if (sg_findings_new(&tmp) < 0) {
		rc = sg_error_set(err, SG_ENOMEM, NULL, 0, 0, "out of memory");
		goto done;
	}
	sub = *c->stage;
	sub.findings = tmp;
	sub.links = NULL;
	rc = df_lint_file(&sub, "history.Dockerfile", df.ptr, df.len, err);
	if (rc < 0)
		goto done;
	for (i = 0; i < sg_findings_count(tmp); i++) {
		const sg_finding *f = sg_findings_at(tmp, i);
		size_t entry;
		char obj[32], key[700];
		sg_finding *nf;
		struct sg_location loc;
		uint32_t layer;

		if (f->loc.line < 2 || f->loc.line - 2 >= lines.n ||
		    covered_by_image_rule(f->rule))
			continue;
		entry = lines.v[f->loc.line - 2];
		layer = layer_of(c->img, entry);
		snprintf(obj, sizeof(obj), "history[%zu]", entry);
		snprintf(key, sizeof(key), "%s %s", obj, f->key ? f->key : "");
		memset(&loc, 0, sizeof(loc));
		loc.image = c->name;
		loc.object = obj;
		if (layer < c->img->layers.n)
			loc.layer = c->img->layers.v[layer].diff_id;
		nf = sg_findings_add(c->stage->findings, f->rule, &loc, key,
				     "%s (build step %zu)", f->message, entry);
		if (nf) {
			nf->severity = f->severity;
			nf->target = sg_findings_strdup(c->stage->findings,
							c->name);
		}
	}
done:
	sg_findings_free(tmp);
	sg_vec_release(&lines);
	sg_buf_release(&df);
	return rc;
}

/*
 * report.c: the format table and the helpers every renderer shares (see
 * render.h).  Renderers are pure functions of the result: no clock, no
 * environment except SOURCE_DATE_EPOCH, no hash-table iteration order.
 */
#include "util/compat.h"
#include "report/render.h"
#include "util/fs.h"

/* Reports are big but bounded: 5,000 findings of SARIF are ~10 MB. */
#define REPORT_MAX ((size_t)1 << 30)

static const struct format {
	const char *name;
	report_render_fn render;
} formats[] = {
	{ "text", report_text },
	{ "json", report_json },
	{ "sarif", report_sarif },
	{ "junit", report_junit },
	{ "markdown", report_markdown },
	{ "gitlab-codequality", report_gitlab_codequality },
	{ "gitlab-container-scanning", report_gitlab_container_scanning },
};

int sg_report_render(char **out, size_t *len, const sg_result *res,
		     const char *format, const sg_report_options *opts,
		     sg_error *err)
{
	static const sg_report_options defaults = { 0 };
	struct sg_buf b = SG_BUF_INIT(REPORT_MAX);
	const struct format *fmt = NULL;
	size_t i;
	int rc;

	*out = NULL;
	if (len)
		*len = 0;
	for (i = 0; format && i < SG_ARRAY_SIZE(formats); i++)
		if (strcmp(formats[i].name, format) == 0)
			fmt = &formats[i];
	if (!fmt)
		return sg_error_set(err, SG_EUSAGE, NULL, 0, 0,
				    "unknown report format '%s' (text, json, "
				    "sarif, junit, markdown, gitlab-codequality, "
				    "gitlab-container-scanning)",
				    format ? format : "");
	rc = fmt->render(&b, res, opts ? opts : &defaults, err);
	if (rc == 0)
		rc = sg_buf_error(&b);
	if (rc < 0) {
		sg_buf_release(&b);
		return sg_error_set(err, rc, NULL, 0, 0, "cannot render %s "
				    "report: %s", fmt->name, sg_status_text(rc));
	}
	if (len)
		*len = b.len;
	*out = sg_buf_detach(&b);
	if (!*out) {
		*out = calloc(1, 1);
		if (!*out)
			return sg_error_set(err, SG_ENOMEM, NULL, 0, 0,
					    "out of memory");
	}
	return 0;
}

int sg_report_write(const char *path, const sg_result *res, const char *format,
		    const sg_report_options *opts, sg_error *err)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	if ((rc = sg_report_render(&data, &len, res, format, opts, err)) < 0)
		return rc;
	rc = sg_write_file_atomic(path, data, len, err);
	free(data);
	return rc;
}

uint32_t report_utf8_next(const char *s, size_t len, size_t *pos)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = *pos;
	unsigned int c = p[i++], need, lo = 0x80, hi = 0xBF;
	uint32_t cp;

	if (c < 0x80) {
		*pos = i;
		return c;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
		cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		if (c == 0xE0)
			lo = 0xA0;
		if (c == 0xED)
			hi = 0x9F;      /* no UTF-16 surrogates */
		need = 2;
		cp = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		if (c == 0xF0)
			lo = 0x90;
		if (c == 0xF4)
			hi = 0x8F;
		need = 3;
		cp = c & 0x07;
	} else {
		*pos = i;
		return 0xFFFD;
	}
	while (need) {
		/* the offending byte is not consumed: it starts the next */
		if (i >= len || p[i] < lo || p[i] > hi) {
			*pos = i;
			return 0xFFFD;
		}
		cp = (cp << 6) | (p[i++] & 0x3F);
		lo = 0x80;
		hi = 0xBF;
		need--;
	}
	*pos = i;
	return cp;
}

void report_utf8_put(struct sg_buf *b, uint32_t cp)
{
	char u[4];

	if (cp < 0x80) {
		sg_buf_putc(b, (char)cp);
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		sg_buf_put(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		sg_buf_put(b, u, 3);
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		sg_buf_put(b, u, 4);
	}
}

bool report_utf8_valid(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t start = i;

		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		/* U+FFFD spelled out in the input is valid; a decoded
		 * replacement from fewer bytes is not */
		if (report_utf8_next(s, len, &i) == 0xFFFD &&
		    !(i - start == 3 &&
		      memcmp(s + start, "\xEF\xBF\xBD", 3) == 0))
			return false;
	}
	return true;
}

size_t report_utf8_count(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

json_t *report_jstr(const char *s)
{
	struct sg_buf b = SG_BUF_INIT(SIZE_MAX / 2);
	size_t len, i = 0;
	json_t *j;

	if (!s)
		return json_null();
	len = strlen(s);
	if (report_utf8_valid(s, len))
		return json_stringn(s, len);
	while (i < len)
		report_utf8_put(&b, report_utf8_next(s, len, &i));
	j = sg_buf_error(&b) ? NULL : json_stringn(sg_buf_cstr(&b), b.len);
	sg_buf_release(&b);
	return j;
}

void report_jset(json_t *obj, const char *key, json_t *val, int *rc)
{
	if (!val || !obj) {
		json_decref(val);
		*rc = SG_ENOMEM;
		return;
	}
	if (json_object_set_new(obj, key, val) < 0)
		*rc = SG_ENOMEM;
}

void report_jpush(json_t *arr, json_t *val, int *rc)
{
	if (!val || !arr) {
		json_decref(val);
		*rc = SG_ENOMEM;
		return;
	}
	if (json_array_append_new(arr, val) < 0)
		*rc = SG_ENOMEM;
}

static int jdump_cb(const char *data, size_t size, void *ctx)
{
	return sg_buf_put(ctx, data, size) < 0 ? -1 : 0;
}

int report_jdump(struct sg_buf *out, json_t *root, size_t flags)
{
	int rc;

	if (!root)
		return SG_ENOMEM;
	/* 15 significant digits round-trip through strtod unchanged */
	rc = json_dump_callback(root, jdump_cb, out, flags | JSON_PRESERVE_ORDER |
				JSON_REAL_PRECISION(15));
	json_decref(root);
	sg_buf_putc(out, '\n');
	if (sg_buf_error(out))
		return sg_buf_error(out);
	return rc < 0 ? SG_ENOMEM : 0;
}

/* ---- piecewise JSON (render.h) ------------------------------------------ */

#define JW_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | \
		  JSON_REAL_PRECISION(15) | JSON_ENCODE_ANY)

static void jw_newline(struct sg_buf *out, unsigned depth)
{
	unsigned i;

	sg_buf_putc(out, '\n');
	for (i = 0; i < depth; i++)
		sg_buf_put(out, "  ", 2);
}

struct jw_indent {
	struct sg_buf *out;
	unsigned depth;
};

/* jansson's text of a value dumped on its own, moved `depth` levels in:
 * its strings hold no raw newline, so every newline starts a line */
static int jw_indent_cb(const char *data, size_t size, void *ctx)
{
	struct jw_indent *w = ctx;
	const char *nl;

	while (size && (nl = memchr(data, '\n', size))) {
		sg_buf_put(w->out, data, (size_t)(nl - data));
		jw_newline(w->out, w->depth);
		size -= (size_t)(nl - data) + 1;
		data = nl + 1;
	}
	sg_buf_put(w->out, data, size);
	return sg_buf_error(w->out) ? -1 : 0;
}

void report_jw_open(struct sg_buf *out, bool *first, char bracket)
{
	*first = true;
	sg_buf_putc(out, bracket);
}

void report_jw_item(struct sg_buf *out, bool *first, unsigned depth)
{
	if (!*first)
		sg_buf_putc(out, ',');
	*first = false;
	jw_newline(out, depth + 1);
}

void report_jw_key(struct sg_buf *out, bool *first, unsigned depth,
		   const char *key, int *rc)
{
	report_jw_item(out, first, depth);
	report_jw_value(out, json_string(key), 0, rc);  /* jansson's escapes */
	sg_buf_put(out, ": ", 2);
}

void report_jw_value(struct sg_buf *out, json_t *v, unsigned depth, int *rc)
{
	struct jw_indent w = { out, depth };

	if (!v) {
		*rc = SG_ENOMEM;
		return;
	}
	if (json_dump_callback(v, jw_indent_cb, &w, JW_FLAGS) < 0)
		*rc = sg_buf_error(out) ? sg_buf_error(out) : SG_ENOMEM;
	json_decref(v);
}

void report_jw_set(struct sg_buf *out, bool *first, unsigned depth,
		   const char *key, json_t *v, int *rc)
{
	report_jw_key(out, first, depth, key, rc);
	report_jw_value(out, v, depth + 1, rc);
}

void report_jw_push(struct sg_buf *out, bool *first, unsigned depth,
		    json_t *v, int *rc)
{
	report_jw_item(out, first, depth);
	report_jw_value(out, v, depth + 1, rc);
}

void report_jw_members(struct sg_buf *out, bool *first, unsigned depth,
		       json_t *obj, int *rc)
{
	const char *key;
	json_t *v;

	if (!obj)
		*rc = SG_ENOMEM;
	json_object_foreach(obj, key, v)
		report_jw_set(out, first, depth, key, json_incref(v), rc);
	json_decref(obj);
}

void report_jw_close(struct sg_buf *out, bool first, unsigned depth,
		     char bracket)
{
	if (!first)
		jw_newline(out, depth);
	sg_buf_putc(out, bracket);
}

size_t report_image_repo_len(const char *image)
{
	const char *at = strchr(image, '@');
	size_t n = at ? (size_t)(at - image) : strlen(image);
	const char *last = image, *colon;
	size_t i;

	/* a ':' before the last '/' is a registry port, not a tag */
	for (i = 0; i < n; i++)
		if (image[i] == '/')
			last = image + i;
	colon = memchr(last, ':', n - (size_t)(last - image));
	return colon ? (size_t)(colon - image) : n;
}

size_t report_len(const char *s)
{
	return s ? strlen(s) : 0;
}

size_t report_text_max(const sg_finding *f)
{
	const sg_vuln_ref *v = f->vuln;
	size_t n = report_len(f->message) + report_len(f->key) +
		   report_len(f->why) + report_len(f->expires) +
		   report_len(f->target) + report_len(f->loc.path) +
		   report_len(f->loc.image) + report_len(f->loc.object) +
		   report_len(f->loc.layer) + report_len(f->rule->id), i;

	for (i = 0; i < f->nrelated; i++)
		n += report_len(f->related[i].message) +
		     report_len(f->related[i].loc.path) +
		     report_len(f->related[i].loc.image);
	if (v)
		n += report_len(v->id) + report_len(v->aliases) +
		     report_len(v->summary) + report_len(v->package) +
		     report_len(v->source) + report_len(v->ecosystem) +
		     report_len(v->purl) + report_len(v->installed) +
		     report_len(v->fixed) + report_len(v->vector) +
		     report_len(v->db_source);
	return 3 * n + 32 * f->nrelated + (64u << 10);
}

void report_pseudo_path(struct sg_buf *b, const char *image)
{
	size_t n = image ? report_image_repo_len(image) : 0, i;
	bool seg_start = true;

	sg_buf_puts(b, ".shipgate/images/");
	if (n == 0) {
		sg_buf_puts(b, "unknown");
		return;
	}
	for (i = 0; i < n; i++) {
		char c = image[i];

		if (c == '/') {
			if (!seg_start)
				sg_buf_putc(b, '/');
			seg_start = true;
			continue;
		}
		/* "." and ".." segments would be resolved away by URI
		 * normalisation; keep them literal */
		if (seg_start && c == '.')
			c = '_';
		seg_start = false;
		sg_buf_putc(b, (sg_isalnum((unsigned char)c) || c == '.' ||
				c == '_' || c == '-') ? c : '_');
	}
	if (seg_start && b->len && b->ptr[b->len - 1] == '/')
		sg_buf_truncate(b, b->len - 1);
}

void report_uri_encode(struct sg_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (sg_isalnum(c) || c == '-' || c == '.' || c == '_' ||
		    c == '~' || c == '/') {
			sg_buf_putc(b, (char)c);
		} else {
			sg_buf_putc(b, '%');
			sg_buf_putc(b, hex[c >> 4]);
			sg_buf_putc(b, hex[c & 15]);
		}
	}
}

void report_finding_path(struct sg_buf *b, const sg_finding *f)
{
	if (f->loc.path)
		sg_buf_puts(b, f->loc.path);
	else
		report_pseudo_path(b, f->loc.image ? f->loc.image : f->target);
}

void report_timestamp(char out[20])
{
	const char *env = getenv("SOURCE_DATE_EPOCH");
	uint64_t t = 0;
	int64_t days, secs, y, m, d, era, doe, yoe, doy, mp;
	char tmp[64];

	if (!env || sg_parse_u64(env, strlen(env), &t) < 0 ||
	    t > 253402300799ull)        /* 9999-12-31T23:59:59 */
		t = 0;
	days = (int64_t)(t / 86400);
	secs = (int64_t)(t % 86400);
	/* civil_from_days (H. Hinnant): no gmtime, no locale, no TZ */
	days += 719468;
	era = days / 146097;
	doe = days - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	if (m <= 2)
		y++;
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02dT%02d:%02d:%02d", (int)y,
		 (int)m, (int)d, (int)(secs / 3600), (int)(secs / 60 % 60),
		 (int)(secs % 60));
	memcpy(out, tmp, 19);
	out[19] = '\0';
}

const char *report_why(const sg_finding *f)
{
	return f->why && *f->why ? f->why : sg_verdict_why(f->verdict);
}

const char *report_link_base(const sg_result *res,
			     const sg_report_options *opts)
{
	if (opts && opts->link_base && *opts->link_base)
		return opts->link_base;
	return res->link_base && *res->link_base ? res->link_base : NULL;
}

const char *report_category(const sg_result *res,
			    const sg_report_options *opts)
{
	if (opts && opts->category && *opts->category)
		return opts->category;
	return res->category && *res->category ? res->category : "shipgate/";
}

const char *report_outcome(const sg_result *res)
{
	switch (res->exit_code) {
	case SG_EXIT_PASS:
		return "passed";
	case SG_EXIT_FAIL:
		return "failed";
	default:
		return "error";
	}
}

size_t report_gating(const sg_result *res)
{
	size_t i, n = 0;

	for (i = 0; i < sg_findings_count(res->findings); i++)
		if (sg_findings_at(res->findings, i)->verdict == SG_VERDICT_GATING)
			n++;
	return n;
}

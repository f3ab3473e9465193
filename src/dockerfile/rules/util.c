/* util.c: helpers shared by the Dockerfile rules (see rules.h). */
#include "util/compat.h"
#include "dockerfile/rules/rules.h"

bool df_imgref_parse(const char *ref, struct df_imgref *o)
{
	char *b = o->buf, *at, *slash, *colon, *first;
	size_t n = strlen(ref), i;

	memset(o, 0, sizeof(*o));
	if (!n || n >= sizeof(o->buf))
		return false;
	memcpy(b, ref, n + 1);
	for (i = 0; i < n; i++)
		if (sg_isspace((unsigned char)b[i]) || b[i] == '$')
			return false;
	at = strchr(b, '@');
	if (at) {
		*at = '\0';
		o->digest = at + 1;
		if (!strchr(o->digest, ':'))
			return false;
	}
	slash = strrchr(b, '/');
	colon = strrchr(slash ? slash : b, ':');
	if (colon) {
		*colon = '\0';
		o->tag = colon + 1;
		if (!*o->tag)
			return false;
	}
	first = strchr(b, '/');
	o->registry = "docker.io";
	o->path = b;
	if (first) {
		size_t fl = (size_t)(first - b);

		if (memchr(b, '.', fl) || memchr(b, ':', fl) ||
		    (fl == 9 && !strncmp(b, "localhost", 9))) {
			*first = '\0';
			o->registry = b;
			o->path = first + 1;
			o->explicit_registry = true;
		}
	}
	if (!*o->path)
		return false;
	for (i = 0; o->path[i]; i++) {
		char c = o->path[i];

		if (!(sg_isdigit((unsigned char)c) || (c >= 'a' && c <= 'z') ||
		      c == '.' || c == '_' || c == '-' || c == '/'))
			return false;
	}
	return true;
}

const struct df_stage *df_stage_parent(const struct df_file *f,
				       const struct df_stage *st)
{
	if (!st || st->parent < 0 || (uint32_t)st->parent >= f->nstages)
		return NULL;
	return &f->stages[st->parent];
}

size_t df_final_chain(const struct df_file *f, const struct df_stage **out,
		      size_t max)
{
	const struct df_stage *st = df_final_stage(f);
	size_t n = 0;

	while (st && n < max) {
		out[n++] = st;
		st = df_stage_parent(f, st);
	}
	return n;
}

bool df_stage_in_final_chain(const struct df_file *f, const struct df_stage *st)
{
	const struct df_stage *c = df_final_stage(f);
	size_t guard = 0;

	while (c && guard++ <= f->nstages) {
		if (c == st)
			return true;
		c = df_stage_parent(f, c);
	}
	return false;
}

bool df_is_url(const char *s)
{
	return !sg_strncasecmp(s, "http://", 7) ||
	       !sg_strncasecmp(s, "https://", 8);
}

bool df_is_git(const char *s)
{
	const char *hash = strchr(s, '#');
	size_t n = hash ? (size_t)(hash - s) : strlen(s);

	if (!strncmp(s, "git@", 4) || !strncmp(s, "git://", 6) ||
	    !strncmp(s, "ssh://", 6))
		return true;
	return df_is_url(s) && n > 4 && !strncmp(s + n - 4, ".git", 4);
}

bool df_is_archive(const char *s)
{
	static const char *const ext[] = {
		".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz",
		".tar.xz", ".txz", ".tar.zst", ".tzst", ".tar.lz", ".tar.lzma",
		".tlz", ".gz", ".bz2", ".xz", ".zst", ".lz4",
	};
	size_t i;

	for (i = 0; i < SG_ARRAY_SIZE(ext); i++)
		if (sg_endswith(s, ext[i]))
			return true;
	return false;
}

const char *df_context_dir(const char *path, char *buf, size_t size)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		snprintf(buf, size, "%s", "");
	else
		snprintf(buf, size, "%.*s", (int)(slash - path), path);
	return buf;
}

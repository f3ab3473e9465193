/*
 * overlay.c: one file served from memory over another source.
 *
 * `lint -` reads a Dockerfile or Compose file from standard input (an
 * editor's unsaved buffer) and lints it as if it lay at a path in the
 * current directory: its neighbours (.dockerignore, the env file, included
 * Compose files, build contexts) still come from the disk around that path.
 */
#include "util/compat.h"
#include "repo/source.h"
#include "util/fs.h"

struct overlay_source {
	struct sg_source base;
	struct sg_source *inner;
	bool owns_inner;        /* a fork's inner source is its own */
	const char *path;       /* borrowed, like data */
	const char *data;
	size_t len;
};

static struct overlay_source *overlay_of(struct sg_source *s)
{
	return (struct overlay_source *)s;
}

static int overlay_stat(struct sg_source *s, const char *path,
			struct sg_entry *out, sg_error *err)
{
	struct overlay_source *o = overlay_of(s);

	if (strcmp(path, o->path) != 0)
		return sg_source_stat(o->inner, path, out, err);
	memset(out, 0, sizeof(*out));
	out->type = SG_ENTRY_FILE;
	out->size = o->len;
	return 0;
}

static int overlay_read(struct sg_source *s, const char *path, size_t max,
			struct sg_buf *out, sg_error *err)
{
	struct overlay_source *o = overlay_of(s);

	if (strcmp(path, o->path) != 0)
		return sg_source_read(o->inner, path, max, out, err);
	if (o->len > max)
		return sg_error_over_limit(err, path, max);
	/* terminated, even when empty, as a file read is */
	if (sg_buf_put(out, o->len ? o->data : "", o->len) < 0)
		return sg_error_set(err, out->error, path, 0, 0, "%s",
				    sg_status_text(out->error));
	return 0;
}

/* The inner tree's walk: lint names its targets and never walks, so the
 * overlay file is not merged into it. */
static int overlay_walk(struct sg_source *s, unsigned int flags,
			int (*fn)(const char *, const struct sg_entry *, void *),
			void *payload, sg_error *err)
{
	struct overlay_source *o = overlay_of(s);

	return o->inner->ops->walk(o->inner, flags, fn, payload, err);
}

static int overlay_resolve(struct sg_source *s, const char *path, char *out,
			   size_t size, sg_error *err)
{
	struct overlay_source *o = overlay_of(s);

	if (strcmp(path, o->path) != 0)
		return sg_source_resolve(o->inner, path, out, size, err);
	if ((size_t)snprintf(out, size, "%s", path) >= size)
		return sg_error_set(err, SG_EINVALID, path, 0, 0,
				    "path too long");
	return 0;
}

static void overlay_free(struct sg_source *s)
{
	struct overlay_source *o = overlay_of(s);

	if (o->owns_inner)
		sg_source_free(o->inner);
	free(o);
}

static int overlay_fork(struct sg_source *s, struct sg_source **out,
			sg_error *err);

/* A fork overlays a fork of the inner source. */
static const struct sg_source_ops overlay_ops = {
	"overlay", overlay_stat, overlay_read, overlay_walk, overlay_free,
	overlay_resolve, overlay_fork,
};

static int overlay_new(struct sg_source **out, struct sg_source *inner,
		       bool owns_inner, const char *path, const char *data,
		       size_t len, sg_error *err)
{
	struct overlay_source *o;

	*out = NULL;
	if (!(o = calloc(1, sizeof(*o))))
		return sg_error_set(err, SG_ENOMEM, NULL, 0, 0, "out of memory");
	o->base.ops = &overlay_ops;
	o->base.commit = inner->commit;
	o->base.root = inner->root;
	o->inner = inner;
	o->owns_inner = owns_inner;
	o->path = path;
	o->data = data;
	o->len = len;
	*out = &o->base;
	return 0;
}

static int overlay_fork(struct sg_source *s, struct sg_source **out,
			sg_error *err)
{
	struct overlay_source *o = overlay_of(s);
	struct sg_source *inner;
	int rc;

	*out = NULL;
	if ((rc = sg_source_threads_open(&inner, 1, o->inner, err)) < 0)
		return rc;
	if ((rc = overlay_new(out, inner, true, o->path, o->data, o->len,
			      err)) < 0)
		sg_source_free(inner);
	return rc;
}

int sg_source_open_overlay(struct sg_source **out, struct sg_source *inner,
			   const char *path, const char *data, size_t len,
			   sg_error *err)
{
	return overlay_new(out, inner, false, path, data, len, err);
}

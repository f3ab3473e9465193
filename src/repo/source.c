/* source.c: backend-independent helpers for sg_source (see source.h). */
#include "util/compat.h"
#include "repo/source.h"

bool sg_source_exists(struct sg_source *s, const char *path)
{
	struct sg_entry e;

	return sg_source_stat(s, path, &e, NULL) == 0 && e.type != SG_ENTRY_NONE;
}

bool sg_source_is_lfs_pointer(const char *data, size_t len)
{
	static const char magic[] = "version https://git-lfs.github.com/spec/v1";

	return len < 1024 && len >= sizeof(magic) - 1 &&
	       memcmp(data, magic, sizeof(magic) - 1) == 0;
}

void sg_source_free(struct sg_source *s)
{
	if (s)
		s->ops->free(s);
}

int sg_source_threads_open(struct sg_source **out, size_t n,
			   struct sg_source *s, sg_error *err)
{
	size_t k;
	int rc;

	memset(out, 0, n * sizeof(*out));
	if (n && !s->ops->fork)
		return sg_error_set(err, SG_EINVALID, s->root, 0, 0,
				    "a '%s' source cannot be read by several "
				    "threads", s->ops->kind);
	for (k = 0; k < n; k++)
		if ((rc = s->ops->fork(s, &out[k], err)) < 0) {
			sg_source_threads_free(out, n);
			return rc;
		}
	return 0;
}

void sg_source_threads_free(struct sg_source **v, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		sg_source_free(v[k]);
	memset(v, 0, n * sizeof(*v));
}

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

/* source.c: backend-independent helpers for sg_source (see source.h). */
#include "util/compat.h"
#include "repo/source.h"

bool sg_source_exists(struct sg_source *s, const char *path)
{
	struct sg_entry e;

	return sg_source_stat(s, path, &e, NULL) == 0 && e.type != SG_ENTRY_NONE;
}

void sg_source_free(struct sg_source *s)
{
	if (s)
		s->ops->free(s);
}

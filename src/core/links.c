/* links.c: cross-stage links (see links.h). */
#include "util/compat.h"
#include "core/links.h"

void sg_links_init(struct sg_links *l)
{
	sg_arena_init(&l->arena);
	l->v.v = NULL;
	l->v.n = l->v.cap = 0;
}

void sg_links_release(struct sg_links *l)
{
	sg_arena_release(&l->arena);
	sg_vec_release(&l->v);
}

int sg_links_add(struct sg_links *l, const struct sg_link *link)
{
	struct sg_link c = *link;

	c.compose_path = sg_arena_strdup(&l->arena, link->compose_path);
	c.service = sg_arena_strdup(&l->arena, link->service);
	c.dockerfile = sg_arena_strdup(&l->arena, link->dockerfile);
	c.target = sg_arena_strdup(&l->arena, link->target);
	c.image = sg_arena_strdup(&l->arena, link->image);
	if (l->arena.oom)
		return SG_ENOMEM;
	return sg_vec_push(&l->v, c);
}

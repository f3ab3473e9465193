/*
 * links.h: what one stage learns about another's targets.
 *
 * The Compose stage records, for every service, the Dockerfile and target it
 * builds and the image it names.  The Dockerfile stage uses that to say which
 * services use a file; the image stage uses it to place an image finding on
 * the Dockerfile line that produced it.  Owned by the scan driver.
 */
#ifndef SG_CORE_LINKS_H
#define SG_CORE_LINKS_H

#include "util/compat.h"
#include "util/arena.h"
#include "util/vec.h"

struct sg_link {
	const char *compose_path;   /* compose file that declares the service */
	const char *service;
	uint32_t line;              /* line of the service key */
	const char *dockerfile;     /* repo-relative Dockerfile it builds, or NULL */
	const char *target;         /* build target stage, or NULL (final stage) */
	const char *image;          /* `image:` value, or NULL */
};

struct sg_links {
	struct sg_arena arena;
	SG_VEC(struct sg_link) v;
};

void sg_links_init(struct sg_links *l);
void sg_links_release(struct sg_links *l);

/* Copy `link` (strings into the arena) and append it. */
int sg_links_add(struct sg_links *l, const struct sg_link *link);

#endif

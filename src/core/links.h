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
	size_t *by_file;            /* indices of v by Dockerfile, then index */
	size_t nby_file;            /* v.n when by_file was built */
};

void sg_links_init(struct sg_links *l);
void sg_links_release(struct sg_links *l);

/* Copy `link` (strings into the arena) and append it. */
int sg_links_add(struct sg_links *l, const struct sg_link *link);

/*
 * Index the links by Dockerfile, once every link is in and before threads
 * ask sg_links_next_of(): each of a scan's Dockerfile findings looks its
 * file's links up, and going through the whole list for each was
 * findings x links (23 M comparisons in a 3,645-target monorepo).
 */
int sg_links_index(struct sg_links *l);

/*
 * The links that build `dockerfile`, in the order they were added:
 *   for (it = 0; (k = sg_links_next_of(l, path, &it));)
 * Through the index when it is current, else (links added since) by going
 * through the list: the same answer, slowly.
 */
const struct sg_link *sg_links_next_of(const struct sg_links *l,
				       const char *dockerfile, size_t *it);

#endif

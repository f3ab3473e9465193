/*
 * squash.h: folding layers into one file view (squash.c).  Internal to
 * src/image/.
 */
#ifndef SG_IMAGE_SQUASH_H
#define SG_IMAGE_SQUASH_H

#include "util/compat.h"
#include "image/archive.h"
#include "image/image.h"

/* A path of the squashed view; `f` first so a node is an img_file. */
struct img_node {
	struct img_file f;
	struct img_node *parent, *child, *next;
	bool live;
	bool implicit;          /* created for a child, no entry of its own */
	unsigned char *owned;   /* malloc'd content */
};

int img_squash_init(struct img_image *img, const struct img_options *opt,
		    sg_error *err);

/* Apply one layer's entries (read from `ls`) on top of the view. */
int img_squash_layer(struct img_image *img, uint32_t layer,
		     struct img_layer_stream *ls, const struct img_limits *lim,
		     size_t *entries, sg_error *err);

/* Build the sorted list of live files. */
int img_squash_finish(struct img_image *img, sg_error *err);
void img_squash_release(struct img_image *img);

/* Secret patterns in a text buffer: the first pattern name found, or NULL. */
const char *img_secret_scan(const unsigned char *p, size_t n);

#endif

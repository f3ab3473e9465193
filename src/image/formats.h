/*
 * formats.h: from a container's names to "this config, these layers, in
 * this order" (formats.c).  Internal to src/image/.
 */
#ifndef SG_IMAGE_FORMATS_H
#define SG_IMAGE_FORMATS_H

#include "util/compat.h"
#include "image/archive.h"
#include "image/image.h"

struct img_plan_layer {
	const char *name;        /* container path of the blob */
	const char *digest;      /* expected "sha256:<hex>" of the blob, or NULL */
	const char *media_type;  /* or NULL */
};

struct img_plan {
	const char *format;
	const char *config_name;
	const char *config_digest;   /* expected, or NULL */
	SG_VEC(struct img_plan_layer) layers;
};

/* Decide the format and fill `plan` (strings in img's arena). */
int img_plan_build(struct img_container *c, const struct img_options *opt,
		   const struct img_limits *lim, struct img_image *img,
		   struct img_plan *plan, sg_error *err);

/* Host platform as an OCI "os/arch" string. */
const char *img_host_platform(void);

/* Read a JSON blob (at most `max` bytes); *sha receives its sha256 hex. */
int img_read_json(struct img_container *c, const char *name, size_t max,
		  json_t **out, char sha[65], sg_error *err);

#endif

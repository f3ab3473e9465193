/*
 * vec.h: typed growable arrays.
 *
 *	SG_VEC(struct item) items = SG_VEC_INIT;
 *	if (sg_vec_push(&items, it) < 0) goto done;
 *	...
 *	sg_vec_release(&items);
 */
#ifndef SG_VEC_H
#define SG_VEC_H

#include "compat.h"

#define SG_VEC(type) struct { type *v; size_t n, cap; }
#define SG_VEC_INIT { NULL, 0, 0 }

/* Make room for `extra` more elements; SG_ENOMEM on failure. */
int sg_vec_reserve_(void **v, size_t *cap, size_t n, size_t extra, size_t elem);

#define sg_vec_reserve(vec, extra)                                          \
	sg_vec_reserve_((void **)&(vec)->v, &(vec)->cap, (vec)->n, (extra), \
			sizeof(*(vec)->v))

#define sg_vec_push(vec, item)                                             \
	(sg_vec_reserve((vec), 1) < 0 ? SG_ENOMEM                          \
				      : ((vec)->v[(vec)->n++] = (item), 0))

#define sg_vec_release(vec)           \
	do {                          \
		free((vec)->v);       \
		(vec)->v = NULL;      \
		(vec)->n = 0;         \
		(vec)->cap = 0;       \
	} while (0)

#endif

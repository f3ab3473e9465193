/*
 * strmap.h: an open-addressing hash map from NUL-terminated string keys to
 * pointers.  Keys are borrowed: the caller keeps them alive (usually in an
 * arena) for the life of the map.  Insertion order is not kept; callers that
 * need determinism sort what they read out.
 */
#ifndef SG_STRMAP_H
#define SG_STRMAP_H

#include "compat.h"

struct sg_strmap_slot {
	const char *key;
	void *value;
	uint64_t hash;
};

struct sg_strmap {
	struct sg_strmap_slot *slots;
	size_t cap;     /* power of two, or 0 */
	size_t count;
};

#define SG_STRMAP_INIT { NULL, 0, 0 }

uint64_t sg_hash_bytes(const void *data, size_t len);

void sg_strmap_release(struct sg_strmap *m);

/* The value for `key`, or NULL. */
void *sg_strmap_get(const struct sg_strmap *m, const char *key);
bool sg_strmap_has(const struct sg_strmap *m, const char *key);

/* Insert or replace; SG_ENOMEM on failure.  `*old` (if given) gets the
 * replaced value or NULL. */
int sg_strmap_put(struct sg_strmap *m, const char *key, void *value, void **old);

/* Iterate: for (size_t i = 0; sg_strmap_next(m, &i, &k, &v);) */
bool sg_strmap_next(const struct sg_strmap *m, size_t *iter, const char **key,
		    void **value);

#endif

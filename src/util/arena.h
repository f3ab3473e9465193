/*
 * arena.h: a bump allocator for data that dies all at once (a parsed file,
 * a finding set).  Allocations are zeroed and 16-byte aligned.  Nothing is
 * freed individually; sg_arena_release() frees everything.
 */
#ifndef SG_ARENA_H
#define SG_ARENA_H

#include "compat.h"

struct sg_arena_chunk;

struct sg_arena {
	struct sg_arena_chunk *head;
	size_t total;     /* bytes handed out, for limits and benchmarks */
	bool oom;         /* sticky: set once an allocation failed */
};

#define SG_ARENA_INIT { NULL, 0, false }

void sg_arena_init(struct sg_arena *a);
void sg_arena_release(struct sg_arena *a);

void *sg_arena_alloc(struct sg_arena *a, size_t size);
void *sg_arena_calloc(struct sg_arena *a, size_t n, size_t size);
char *sg_arena_strdup(struct sg_arena *a, const char *s);    /* NULL-safe */
char *sg_arena_strndup(struct sg_arena *a, const char *s, size_t n);
char *sg_arena_printf(struct sg_arena *a, const char *fmt, ...) SG_PRINTF(2, 3);
char *sg_arena_vprintf(struct sg_arena *a, const char *fmt, va_list ap);

/* Move everything `src` holds into `dst` (which keeps allocating from its
 * own current chunk); `src` is left empty. */
void sg_arena_absorb(struct sg_arena *dst, struct sg_arena *src);

#endif

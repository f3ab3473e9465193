/* arena.c: bump allocator (see arena.h). */
#include "compat.h"
#include "arena.h"

#include <pthread.h>
#include <sys/mman.h>

struct sg_arena_chunk {
	struct sg_arena_chunk *next;
	size_t size, used;
	bool pooled;            /* from pool_get(), a standard chunk */
	_Alignas(16) unsigned char data[];
};

#define CHUNK_BYTES ((size_t)64 * 1024)
#define CHUNK_MIN (CHUNK_BYTES - sizeof(struct sg_arena_chunk))

/*
 * Standard chunks come from 2 MiB regions that the kernel may back with
 * one huge page each, and go back to a free list when an arena is
 * released; larger ones are malloc'd.  Memory an arena touches for the
 * first time was the largest cost of a corpus lint on the development VM:
 * a 4 KiB page fault there costs 8-20 us (a 2 MiB one about what 4 KiB
 * ones cost for 64 KiB), and a lint's findings, parse trees and rule state
 * are most of its memory.  (Linux since 6.7 places a 2 MiB anonymous
 * mapping on a 2 MiB boundary; elsewhere a region may get small pages.)
 * The pool is process-wide, as malloc's own state is, and never shrinks
 * (a run's peak is its peak); its lock is taken once per 64 KiB chunk.
 * Under AddressSanitizer the chunks stay malloc's, redzones between them.
 */
#if defined(__SANITIZE_ADDRESS__)
#define POOL 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define POOL 0
#endif
#endif
#ifndef POOL
#define POOL 1
#endif

#define REGION_BYTES ((size_t)2 << 20)

static struct {
	pthread_mutex_t lock;
	struct sg_arena_chunk *free;    /* standard chunks given back */
	unsigned char *next, *end;      /* the current region's unused part */
} pool = { PTHREAD_MUTEX_INITIALIZER, NULL, NULL, NULL };

static struct sg_arena_chunk *pool_get(void)
{
	struct sg_arena_chunk *c = NULL;
	void *r;

	if (!POOL)
		goto heap;
	pthread_mutex_lock(&pool.lock);
	if (pool.free) {
		c = pool.free;
		pool.free = c->next;
	} else {
		if (pool.next == pool.end) {
			r = mmap(NULL, REGION_BYTES, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (r != MAP_FAILED) {
#ifdef MADV_HUGEPAGE
				madvise(r, REGION_BYTES, MADV_HUGEPAGE);
#endif
				pool.next = r;
				pool.end = pool.next + REGION_BYTES;
			}
		}
		if (pool.next != pool.end) {
			c = (struct sg_arena_chunk *)(void *)pool.next;
			pool.next += CHUNK_BYTES;
		}
	}
	pthread_mutex_unlock(&pool.lock);
	if (c) {
		c->pooled = true;
		return c;
	}
heap:
	if ((c = malloc(CHUNK_BYTES)))
		c->pooled = false;
	return c;
}

static void chunk_free(struct sg_arena_chunk *c)
{
	if (!c->pooled) {
		free(c);
		return;
	}
	pthread_mutex_lock(&pool.lock);
	c->next = pool.free;
	pool.free = c;
	pthread_mutex_unlock(&pool.lock);
}

void sg_arena_init(struct sg_arena *a)
{
	a->head = NULL;
	a->total = 0;
	a->oom = false;
}

void sg_arena_release(struct sg_arena *a)
{
	struct sg_arena_chunk *c = a->head, *next;

	for (; c; c = next) {
		next = c->next;
		chunk_free(c);
	}
	sg_arena_init(a);
}

void sg_arena_absorb(struct sg_arena *dst, struct sg_arena *src)
{
	struct sg_arena_chunk *last = src->head;

	if (last) {
		while (last->next)
			last = last->next;
		if (dst->head) {
			last->next = dst->head->next;
			dst->head->next = src->head;
		} else {
			dst->head = src->head;
		}
	}
	dst->total += src->total;
	dst->oom = dst->oom || src->oom;
	sg_arena_init(src);
}

void *sg_arena_alloc(struct sg_arena *a, size_t size)
{
	struct sg_arena_chunk *c = a->head;
	size_t need = (size + 15) & ~(size_t)15;
	void *p;

	if (size == 0)
		need = 16;
	if (need < size)
		goto oom;
	if (!c || c->size - c->used < need) {
		size_t csize = need > CHUNK_MIN ? need : CHUNK_MIN;

		if (csize > SIZE_MAX - sizeof(*c))
			goto oom;
		if (csize == CHUNK_MIN) {
			c = pool_get();
		} else if ((c = malloc(sizeof(*c) + csize))) {
			c->pooled = false;
		}
		if (!c)
			goto oom;
		c->size = csize;
		c->used = 0;
		/* A big one-off allocation goes behind the current chunk so the
		 * current chunk's free space is not wasted. */
		if (a->head && need > CHUNK_MIN) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	p = c->data + c->used;
	c->used += need;
	a->total += need;
	memset(p, 0, size);
	return p;
oom:
	a->oom = true;
	return NULL;
}

void *sg_arena_calloc(struct sg_arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size) {
		a->oom = true;
		return NULL;
	}
	return sg_arena_alloc(a, n * size);
}

char *sg_arena_strndup(struct sg_arena *a, const char *s, size_t n)
{
	char *p;

	if (!s)
		return NULL;
	if (n == SIZE_MAX) {
		a->oom = true;
		return NULL;
	}
	p = sg_arena_alloc(a, n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *sg_arena_strdup(struct sg_arena *a, const char *s)
{
	return s ? sg_arena_strndup(a, s, strlen(s)) : NULL;
}

char *sg_arena_vprintf(struct sg_arena *a, const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	char *p;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return NULL;
	p = sg_arena_alloc(a, (size_t)n + 1);
	if (!p)
		return NULL;
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *sg_arena_printf(struct sg_arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = sg_arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

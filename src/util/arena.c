/* arena.c: bump allocator (see arena.h). */
#include "compat.h"
#include "arena.h"

struct sg_arena_chunk {
	struct sg_arena_chunk *next;
	size_t size, used;
	_Alignas(16) unsigned char data[];
};

#define CHUNK_MIN (64 * 1024 - sizeof(struct sg_arena_chunk))

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
		free(c);
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
		c = malloc(sizeof(*c) + csize);
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

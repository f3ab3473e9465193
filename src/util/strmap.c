/* strmap.c: open-addressing string map with linear probing (see strmap.h). */
#include "compat.h"
#include "strmap.h"

/* FNV-1a, 64-bit: small, no tables, good enough for path-like keys. */
uint64_t sg_hash_bytes(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 0xcbf29ce484222325ULL;

	while (len--) {
		h ^= *p++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

void sg_strmap_release(struct sg_strmap *m)
{
	free(m->slots);
	m->slots = NULL;
	m->cap = m->count = 0;
}

static struct sg_strmap_slot *find(const struct sg_strmap *m, const char *key,
				   uint64_t h)
{
	size_t mask = m->cap - 1, i = (size_t)h & mask;

	for (;;) {
		struct sg_strmap_slot *s = &m->slots[i];

		if (!s->key || (s->hash == h && strcmp(s->key, key) == 0))
			return s;
		i = (i + 1) & mask;
	}
}

void *sg_strmap_get(const struct sg_strmap *m, const char *key)
{
	struct sg_strmap_slot *s;

	if (!m->cap)
		return NULL;
	s = find(m, key, sg_hash_bytes(key, strlen(key)));
	return s->key ? s->value : NULL;
}

bool sg_strmap_has(const struct sg_strmap *m, const char *key)
{
	if (!m->cap)
		return false;
	return find(m, key, sg_hash_bytes(key, strlen(key)))->key != NULL;
}

static int rehash(struct sg_strmap *m, size_t ncap)
{
	struct sg_strmap old = *m;
	size_t i;

	m->slots = calloc(ncap, sizeof(*m->slots));
	if (!m->slots) {
		*m = old;
		return SG_ENOMEM;
	}
	m->cap = ncap;
	for (i = 0; i < old.cap; i++)
		if (old.slots[i].key)
			*find(m, old.slots[i].key, old.slots[i].hash) = old.slots[i];
	free(old.slots);
	return 0;
}

int sg_strmap_put(struct sg_strmap *m, const char *key, void *value, void **old)
{
	uint64_t h = sg_hash_bytes(key, strlen(key));
	struct sg_strmap_slot *s;

	if (old)
		*old = NULL;
	/* Keep the load factor under 3/4. */
	if ((m->count + 1) * 4 > m->cap * 3) {
		if (m->cap > SIZE_MAX / 2 / sizeof(*m->slots))
			return SG_ENOMEM;
		if (rehash(m, m->cap ? m->cap * 2 : 16) < 0)
			return SG_ENOMEM;
	}
	s = find(m, key, h);
	if (s->key) {
		if (old)
			*old = s->value;
		s->value = value;
		return 0;
	}
	s->key = key;
	s->value = value;
	s->hash = h;
	m->count++;
	return 0;
}

bool sg_strmap_next(const struct sg_strmap *m, size_t *iter, const char **key,
		    void **value)
{
	while (*iter < m->cap) {
		struct sg_strmap_slot *s = &m->slots[(*iter)++];

		if (s->key) {
			if (key)
				*key = s->key;
			if (value)
				*value = s->value;
			return true;
		}
	}
	return false;
}

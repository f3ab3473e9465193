/* links.c: cross-stage links (see links.h). */
#include "util/compat.h"
#include "core/links.h"

void sg_links_init(struct sg_links *l)
{
	sg_arena_init(&l->arena);
	l->v.v = NULL;
	l->v.n = l->v.cap = 0;
	l->by_file = NULL;
	l->nby_file = 0;
}

void sg_links_release(struct sg_links *l)
{
	sg_arena_release(&l->arena);
	sg_vec_release(&l->v);
	free(l->by_file);
	l->by_file = NULL;
	l->nby_file = 0;
}

int sg_links_add(struct sg_links *l, const struct sg_link *link)
{
	struct sg_link c = *link;

	c.compose_path = sg_arena_strdup(&l->arena, link->compose_path);
	c.service = sg_arena_strdup(&l->arena, link->service);
	c.dockerfile = sg_arena_strdup(&l->arena, link->dockerfile);
	c.target = sg_arena_strdup(&l->arena, link->target);
	c.image = sg_arena_strdup(&l->arena, link->image);
	if (l->arena.oom)
		return SG_ENOMEM;
	return sg_vec_push(&l->v, c);
}

struct by_file {
	const char *dockerfile;
	size_t i;
};

/* By Dockerfile (links that build none last), then in the order added. */
static int cmp_by_file(const void *a, const void *b)
{
	const struct by_file *x = a, *y = b;
	int c = x->dockerfile && y->dockerfile
			? strcmp(x->dockerfile, y->dockerfile)
			: (x->dockerfile == NULL) - (y->dockerfile == NULL);

	return c ? c : (x->i > y->i) - (x->i < y->i);
}

int sg_links_index(struct sg_links *l)
{
	struct by_file *t;
	size_t i, *v;

	if (l->by_file && l->nby_file == l->v.n)
		return 0;
	t = malloc((l->v.n ? l->v.n : 1) * sizeof(*t));
	v = realloc(l->by_file, (l->v.n ? l->v.n : 1) * sizeof(*v));
	if (!t || !v) {
		free(t);
		if (v)
			l->by_file = v;
		l->nby_file = (size_t)-1;       /* not current */
		return SG_ENOMEM;
	}
	for (i = 0; i < l->v.n; i++)
		t[i] = (struct by_file){ l->v.v[i].dockerfile, i };
	qsort(t, l->v.n, sizeof(*t), cmp_by_file);
	for (i = 0; i < l->v.n; i++)
		v[i] = t[i].i;
	free(t);
	l->by_file = v;
	l->nby_file = l->v.n;
	return 0;
}

static bool builds(const struct sg_link *k, const char *dockerfile)
{
	return k->dockerfile && strcmp(k->dockerfile, dockerfile) == 0;
}

/* *it: 0 before the first call, then one more than the position (in the
 * index, or in the list without one) to look at next. */
const struct sg_link *sg_links_next_of(const struct sg_links *l,
				       const char *dockerfile, size_t *it)
{
	size_t pos = *it ? *it - 1 : 0, lo, hi, mid;
	const struct sg_link *k = NULL;

	if (!l)
		return NULL;
	if (!l->by_file || l->nby_file != l->v.n) {
		for (; pos < l->v.n && !k; pos++)
			if (builds(&l->v.v[pos], dockerfile))
				k = &l->v.v[pos];
		*it = pos + 1;
		return k;
	}
	if (*it == 0) {         /* the first entry not before `dockerfile` */
		for (lo = 0, hi = l->v.n; lo < hi;) {
			const char *d;

			mid = lo + (hi - lo) / 2;
			d = l->v.v[l->by_file[mid]].dockerfile;
			if (d && strcmp(d, dockerfile) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		pos = lo;
	}
	if (pos < l->v.n && builds(&l->v.v[l->by_file[pos]], dockerfile))
		k = &l->v.v[l->by_file[pos++]];
	else
		pos = l->v.n;
	*it = pos + 1;
	return k;
}

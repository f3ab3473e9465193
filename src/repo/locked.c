/*
 * locked.c: a source that serialises every call to the one it wraps, and
 * the sources of threads that read one tree at once.
 *
 * Dockerfiles are read and linted on several threads, and a rule may read
 * from the tree (.dockerignore, .hadolint.yaml).  A libgit2 repository must
 * not be used by two threads at once, so the workers share this wrapper;
 * the reads are short next to the linting.
 */
#include "util/compat.h"
#include "repo/source.h"

#include <pthread.h>

struct locked_source {
	struct sg_source base;
	struct sg_source *inner;        /* borrowed */
	pthread_mutex_t lock;
};

static struct locked_source *locked_of(struct sg_source *s)
{
	return (struct locked_source *)s;
}

static int locked_stat(struct sg_source *s, const char *path,
		       struct sg_entry *out, sg_error *err)
{
	struct locked_source *l = locked_of(s);
	int rc;

	pthread_mutex_lock(&l->lock);
	rc = sg_source_stat(l->inner, path, out, err);
	pthread_mutex_unlock(&l->lock);
	return rc;
}

static int locked_read(struct sg_source *s, const char *path, size_t max,
		       struct sg_buf *out, sg_error *err)
{
	struct locked_source *l = locked_of(s);
	int rc;

	pthread_mutex_lock(&l->lock);
	rc = sg_source_read(l->inner, path, max, out, err);
	pthread_mutex_unlock(&l->lock);
	return rc;
}

static int locked_walk(struct sg_source *s, unsigned int flags,
		       int (*fn)(const char *, const struct sg_entry *, void *),
		       void *payload, sg_error *err)
{
	struct locked_source *l = locked_of(s);
	int rc;

	/* fn runs under the lock: it must not call back into this source */
	pthread_mutex_lock(&l->lock);
	rc = l->inner->ops->walk(l->inner, flags, fn, payload, err);
	pthread_mutex_unlock(&l->lock);
	return rc;
}

static int locked_resolve(struct sg_source *s, const char *path, char *out,
			  size_t size, sg_error *err)
{
	struct locked_source *l = locked_of(s);
	int rc;

	pthread_mutex_lock(&l->lock);
	rc = sg_source_resolve(l->inner, path, out, size, err);
	pthread_mutex_unlock(&l->lock);
	return rc;
}

static void locked_free(struct sg_source *s)
{
	struct locked_source *l = locked_of(s);

	pthread_mutex_destroy(&l->lock);
	free(l);
}

static const struct sg_source_ops locked_ops = {
	"locked", locked_stat, locked_read, locked_walk, locked_free,
	locked_resolve, NULL,
};

int sg_source_open_locked(struct sg_source **out, struct sg_source *inner,
			  sg_error *err)
{
	struct locked_source *l;

	*out = NULL;
	if (!(l = calloc(1, sizeof(*l))))
		return sg_error_set(err, SG_ENOMEM, NULL, 0, 0, "out of memory");
	if (pthread_mutex_init(&l->lock, NULL) != 0) {
		free(l);
		return sg_error_set(err, SG_ENOMEM, NULL, 0, 0,
				    "cannot create a lock");
	}
	l->base.ops = &locked_ops;
	l->base.commit = inner->commit;
	l->base.root = inner->root;
	l->inner = inner;
	*out = &l->base;
	return 0;
}

int sg_source_threads_open(struct sg_source **out, size_t n,
			   struct sg_source *s, sg_error *err)
{
	size_t k;
	int rc;

	memset(out, 0, n * sizeof(*out));
	if (s->ops->fork) {
		for (k = 0; k < n; k++)
			if ((rc = s->ops->fork(s, &out[k], err)) < 0) {
				sg_source_threads_free(out, n);
				return rc;
			}
		return 0;
	}
	if (n && (rc = sg_source_open_locked(&out[0], s, err)) < 0)
		return rc;
	for (k = 1; k < n; k++)
		out[k] = out[0];
	return 0;
}

void sg_source_threads_free(struct sg_source **v, size_t n)
{
	size_t k;

	/* the locked wrapper is every thread's: freed once */
	for (k = 0; k < n; k++)
		if (k == 0 || v[k] != v[k - 1])
			sg_source_free(v[k]);
	memset(v, 0, n * sizeof(*v));
}

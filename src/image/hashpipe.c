/* hashpipe.c: sha256 on a second thread (see hashpipe.h). */
#include "util/compat.h"

#include <pthread.h>

#include "image/hashpipe.h"
#include "util/fs.h"

#define SLOTS 8                 /* 512 KiB of ring */
#define SLOT_SIZE 65536
/* Bytes hashed inline before the thread starts: a small layer is done
 * sooner than a thread starts (and a fuzzer runs thousands a second). */
#define INLINE_MAX ((uint64_t)1 << 20)

struct img_hashpipe {
	struct sg_sha256 *ctx[2];
	pthread_mutex_t lock;
	pthread_cond_t work;    /* a slot was filled, or stop */
	pthread_cond_t done;    /* a slot was hashed */
	pthread_t thread;
	bool threaded, stop, failed;
	bool tried;             /* to start the thread */
	uint64_t inline_bytes;
	uint64_t filled, hashed;
	int which[SLOTS];
	size_t len[SLOTS];
	unsigned char (*slot)[SLOT_SIZE];
};

static void *hash_thread(void *arg)
{
	struct img_hashpipe *p = arg;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		size_t i;
		bool ok;

		while (p->hashed == p->filled && !p->stop)
			pthread_cond_wait(&p->work, &p->lock);
		if (p->hashed == p->filled)
			break;          /* stopped, nothing left */
		i = (size_t)(p->hashed % SLOTS);
		/* the reader does not touch a filled slot until it is
		 * counted as hashed: hash it unlocked */
		pthread_mutex_unlock(&p->lock);
		ok = sg_sha256_update(p->ctx[p->which[i]], p->slot[i],
				      p->len[i]) == 0;
		pthread_mutex_lock(&p->lock);
		p->failed = p->failed || !ok;
		p->hashed++;
		pthread_cond_signal(&p->done);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

int img_hashpipe_new(struct img_hashpipe **out, struct sg_sha256 *ctx0,
		     struct sg_sha256 *ctx1)
{
	struct img_hashpipe *p = calloc(1, sizeof(*p));

	*out = NULL;
	if (!p || pthread_mutex_init(&p->lock, NULL) != 0) {
		free(p);
		return SG_ENOMEM;
	}
	p->ctx[0] = ctx0;
	p->ctx[1] = ctx1;
	*out = p;
	return 0;
}

/* Start the thread; without the ring, the conditions or the thread, or
 * with one CPU to run on (where it would only add the copies), hash
 * inline.  The ring is allocated here, not with the pipe: most layers are
 * done inline and never need it. */
static void start(struct img_hashpipe *p)
{
	p->tried = true;
	if (sg_usable_cpus() < 2 ||
	    !(p->slot = malloc(SLOTS * sizeof(*p->slot))))
		return;
	if (pthread_cond_init(&p->work, NULL) == 0) {
		if (pthread_cond_init(&p->done, NULL) == 0) {
			p->threaded = pthread_create(&p->thread, NULL,
						     hash_thread, p) == 0;
			if (p->threaded)
				return;
			pthread_cond_destroy(&p->done);
		}
		pthread_cond_destroy(&p->work);
	}
	free(p->slot);
	p->slot = NULL;
}

/* Fill the next slot once the thread is done with it, and hand it over. */
static void fill(struct img_hashpipe *p, int which, const void *data,
		 size_t len)
{
	size_t i = (size_t)(p->filled % SLOTS);

	if (!p->threaded && !p->tried && p->inline_bytes >= INLINE_MAX)
		start(p);
	if (!p->threaded) {
		p->inline_bytes += len;
		p->failed = p->failed ||
			    sg_sha256_update(p->ctx[which], data, len) < 0;
		p->filled++;
		p->hashed++;
		return;
	}
	pthread_mutex_lock(&p->lock);
	while (p->filled - p->hashed >= SLOTS)
		pthread_cond_wait(&p->done, &p->lock);
	pthread_mutex_unlock(&p->lock);
	/* free until `filled` moves past it: no lock needed to copy */
	memcpy(p->slot[i], data, len);
	pthread_mutex_lock(&p->lock);
	p->which[i] = which;
	p->len[i] = len;
	p->filled++;
	pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->lock);
}

void img_hashpipe_copy(struct img_hashpipe *p, int which, const void *data,
		       size_t len)
{
	const unsigned char *d = data;

	while (len) {
		size_t n = len < SLOT_SIZE ? len : SLOT_SIZE;

		fill(p, which, d, n);
		d += n;
		len -= n;
	}
}

int img_hashpipe_drain(struct img_hashpipe *p)
{
	bool failed;

	if (!p->threaded)
		return p->failed ? SG_ERROR : 0;
	pthread_mutex_lock(&p->lock);
	while (p->hashed < p->filled)
		pthread_cond_wait(&p->done, &p->lock);
	failed = p->failed;
	pthread_mutex_unlock(&p->lock);
	return failed ? SG_ERROR : 0;
}

void img_hashpipe_free(struct img_hashpipe *p)
{
	if (!p)
		return;
	if (p->threaded) {
		pthread_mutex_lock(&p->lock);
		p->stop = true;
		pthread_cond_signal(&p->work);
		pthread_mutex_unlock(&p->lock);
		pthread_join(p->thread, NULL);
		pthread_cond_destroy(&p->work);
		pthread_cond_destroy(&p->done);
	}
	pthread_mutex_destroy(&p->lock);
	free(p->slot);
	free(p);
}

/* threads.c: a run's worker threads (see threads.h). */
#include "compat.h"
#include "threads.h"

#include <pthread.h>


struct helper {
	struct sg_workers *w;
	pthread_t thread;
	unsigned int id;
};

struct sg_workers {
	pthread_mutex_t lock;
	pthread_cond_t work;            /* calls to take, or stop */
	pthread_cond_t done;            /* the run's last call returned */
	struct helper h[SG_WORKERS_MAX];
	unsigned int n;                 /* workers, the caller included */
	unsigned int started;           /* helpers running: h[1..started] */
	unsigned int ready;             /* helpers that have run */
	bool stop;
	/* the current run */
	sg_work_fn *fn;
	void *payload;
	size_t calls, next, finished;
};

static void *helper_main(void *arg)
{
	struct helper *h = arg;
	struct sg_workers *w = h->w;

	pthread_mutex_lock(&w->lock);
	w->ready++;
	pthread_cond_signal(&w->done);
	for (;;) {
		size_t k;

		while (!w->stop && w->next >= w->calls)
			pthread_cond_wait(&w->work, &w->lock);
		if (w->stop)
			break;
		k = w->next++;
		pthread_mutex_unlock(&w->lock);
		w->fn(w->payload, k, h->id);
		pthread_mutex_lock(&w->lock);
		if (++w->finished == w->calls)
			pthread_cond_signal(&w->done);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

int sg_workers_new(struct sg_workers **out, unsigned int n)
{
	struct sg_workers *w = calloc(1, sizeof(*w));

	*out = NULL;
	if (!w)
		return SG_ENOMEM;
	if (pthread_mutex_init(&w->lock, NULL) != 0)
		goto no_lock;
	if (pthread_cond_init(&w->work, NULL) != 0)
		goto no_work;
	if (pthread_cond_init(&w->done, NULL) != 0)
		goto no_done;
	w->n = n < 1 ? 1 : n > SG_WORKERS_MAX ? SG_WORKERS_MAX : n;
	*out = w;
	return 0;
no_done:
	pthread_cond_destroy(&w->work);
no_work:
	pthread_mutex_destroy(&w->lock);
no_lock:
	free(w);
	return SG_ENOMEM;
}

void sg_workers_free(struct sg_workers *w)
{
	unsigned int k;

	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = true;
	pthread_cond_broadcast(&w->work);
	pthread_mutex_unlock(&w->lock);
	for (k = 1; k <= w->started; k++)
		pthread_join(w->h[k].thread, NULL);
	pthread_cond_destroy(&w->done);
	pthread_cond_destroy(&w->work);
	pthread_mutex_destroy(&w->lock);
	free(w);
}

unsigned int sg_workers_count(const struct sg_workers *w)
{
	return w ? w->n : 1;
}

void sg_workers_run(struct sg_workers *w, size_t calls, sg_work_fn *fn,
		    void *payload)
{
	size_t k;

	if (!w || w->n < 2 || calls < 2) {
		for (k = 0; k < calls; k++)
			fn(payload, k, 0);
		return;
	}
	pthread_mutex_lock(&w->lock);
	w->fn = fn;
	w->payload = payload;
	w->calls = calls;
	w->next = w->finished = 0;
	/* helpers start when first needed, and no more than the calls */
	while (w->started + 1 < w->n && w->started + 1 < calls) {
		struct helper *h = &w->h[w->started + 1];

		h->w = w;
		h->id = w->started + 1;
		if (pthread_create(&h->thread, NULL, helper_main, h) != 0)
			break;
		w->started++;
	}
	/*
	 * Wait for new helpers to run once.  A new thread is queued on its
	 * creator's CPU and, while the creator runs, waits there for the
	 * scheduler's tick to move it (milliseconds); once it has run and
	 * waits, a wake-up places it on an idle CPU at once.
	 */
	while (w->ready < w->started)
		pthread_cond_wait(&w->done, &w->lock);
	pthread_cond_broadcast(&w->work);
	while (w->next < w->calls) {
		k = w->next++;
		pthread_mutex_unlock(&w->lock);
		fn(payload, k, 0);
		pthread_mutex_lock(&w->lock);
		w->finished++;
	}
	while (w->finished < w->calls)
		pthread_cond_wait(&w->done, &w->lock);
	w->calls = w->next = w->finished = 0;
	pthread_mutex_unlock(&w->lock);
}

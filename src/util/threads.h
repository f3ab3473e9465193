/*
 * threads.h: a run's worker threads.
 *
 * A stage that lints on several threads hands the run's workers a number
 * of calls; each call is told which worker makes it, so state that is
 * per thread (a findings set, a source with its own descriptors) is
 * indexed by the worker, and work split into more calls than workers is
 * balanced by whoever is free.  The helpers start on the first run that
 * needs them and then wait between runs: on the VMs CI runs on, starting
 * a thread took 0.6 to 4.8 ms before it ran (waking a waiting one, about
 * 10 us), so a thread per batch left most batches to the calling thread.
 */
#ifndef SG_THREADS_H
#define SG_THREADS_H

#include "compat.h"

struct sg_workers;

/* At most this many workers: arrays indexed by worker may be this long. */
#define SG_WORKERS_MAX 64

/* fn(payload, call, worker): worker < sg_workers_count(), 0 is the caller */
typedef void sg_work_fn(void *payload, size_t call, unsigned int worker);

/* `n` workers in all, the calling thread among them (n < 1 is 1). */
int sg_workers_new(struct sg_workers **out, unsigned int n);
void sg_workers_free(struct sg_workers *w);

/* Workers a run may use: 1 for NULL. */
unsigned int sg_workers_count(const struct sg_workers *w);

/*
 * fn(payload, k, worker) for every k in [0, calls), on the calling thread
 * and the helpers, and return when every call has returned.  Calls are
 * taken in order by whichever worker is free; a helper that cannot be
 * started leaves its share to the others.  NULL `w` runs every call here.
 * Not reentrant: a call must not run the same workers.
 */
void sg_workers_run(struct sg_workers *w, size_t calls, sg_work_fn *fn,
		    void *payload);

#endif

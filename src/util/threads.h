/*
 * threads.h: run one function on several threads and wait for them.
 *
 * The stages that lint on several threads (Dockerfiles, Compose projects)
 * give each worker an argument of its own; the workers pull jobs from a
 * shared counter, so a thread that cannot be started only leaves its share
 * to the others.
 */
#ifndef SG_THREADS_H
#define SG_THREADS_H

#include "compat.h"

/* fn(args + k * size) for k in [0, n): k = 0 on this thread, the others on
 * threads of their own; returns when every call has returned. */
void sg_run_threads(unsigned int n, void *(*fn)(void *), void *args,
		    size_t size);

#endif

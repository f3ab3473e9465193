/* threads.c: run one function on several threads (see threads.h). */
#include "compat.h"
#include "threads.h"

#include <pthread.h>

#define MAX_THREADS 64

void sg_run_threads(unsigned int n, void *(*fn)(void *), void *args,
		    size_t size)
{
	pthread_t t[MAX_THREADS];
	bool started[MAX_THREADS] = { false };
	unsigned int k;

	if (n > MAX_THREADS)
		n = MAX_THREADS;
	for (k = 1; k < n; k++)
		started[k] = pthread_create(&t[k], NULL, fn,
					    (char *)args + k * size) == 0;
	if (n)
		fn(args);
	for (k = 1; k < n; k++)
		if (started[k])
			pthread_join(t[k], NULL);
}

/*
 * bench/image.c: driver for bench/image.  Reads one image the way the image
 * stage does (img_open with the default content requests: every layer
 * streamed, hashed twice, squashed) and prints one line:
 *
 *	FORMAT FILES LAYERS STORED_BYTES SIZE_BYTES WALL_MS CPU_MS PEAK_RSS_KB
 *
 * CPU time (user + system) is printed because the 2-core machine this runs
 * on is shared: wall time includes waiting for a core, CPU time does not.
 *
 * With --layers it prints "CONTAINER-PATH COMPRESSION" per layer instead,
 * for the decode-floor pipeline in bench/image.
 */
#include "util/compat.h"

#include <sys/resource.h>
#include <time.h>

#include "image/image.h"

int main(int argc, char **argv)
{
	struct img_image *img = NULL;
	struct timespec t0, t1;
	struct rusage ru;
	sg_error err;
	bool layers = argc == 3 && !strcmp(argv[1], "--layers");
	const char *path = argv[argc - 1];
	size_t i;

	if (argc < 2) {
		fprintf(stderr, "usage: image [--layers] IMAGE\n");
		return 2;
	}
	sg_error_clear(&err);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (img_open(&img, path, NULL, &err) < 0) {
		char buf[1200];

		fprintf(stderr, "bench/image: %s\n",
			sg_error_format(&err, buf, sizeof(buf)));
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	getrusage(RUSAGE_SELF, &ru);
	if (layers) {
		for (i = 0; i < img->layers.n; i++)
			printf("%s %s\n", img->layers.v[i].blob,
			       img_compression_name(img->layers.v[i].compression));
	} else {
		printf("%s %zu %zu %llu %llu %.0f %.0f %ld\n", img->format,
		       img_nfiles(img), img->layers.n,
		       (unsigned long long)img->stored_size,
		       (unsigned long long)img->size,
		       (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
			       (double)(t1.tv_nsec - t0.tv_nsec) / 1e6,
		       (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
			       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3,
		       ru.ru_maxrss);
	}
	img_free(img);
	return 0;
}

/*
 * compose.c: the driver behind bench/compose-corpus.  Lints every file
 * under DIR with the Compose stage (grouped into projects, as a scan
 * would) RUNS times and prints files/s, MB/s and peak RSS.  Reading the
 * files is included: the stage reads through the source like in a scan.
 */
#include "util/compat.h"
#include "compose/compose.h"
#include "policy/policy.h"
#include "repo/source.h"
#include "util/vec.h"

#include <sys/resource.h>
#include <time.h>

struct files {
	char **v;
	size_t n, cap;
	uint64_t bytes;
};

static int collect(const char *path, const struct sg_entry *e, void *payload)
{
	struct files *f = payload;

	if (e->type != SG_ENTRY_FILE)
		return 0;
	f->bytes += e->size;
	return sg_vec_push(f, strdup(path));
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct sg_policy *pol = NULL;
	struct sg_source *src = NULL;
	struct files files = SG_VEC_INIT;
	struct rusage ru;
	sg_error err;
	size_t i, findings = 0;
	int runs = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 5, r;
	double best = 1e9;

	if (argc < 2) {
		fprintf(stderr, "usage: compose DIR [RUNS]\n");
		return 2;
	}
	sg_error_clear(&err);
	if (sg_policy_defaults(&pol, "2026-01-01", &err) < 0 ||
	    sg_source_open_dir(&src, argv[1], &err) < 0 ||
	    sg_source_walk(src, collect, &files, &err) < 0) {
		fprintf(stderr, "compose: %s\n", err.message);
		return 2;
	}
	for (r = 0; r < runs; r++) {
		sg_findings *set = NULL;
		struct sg_links links;
		struct sg_stage_ctx ctx;
		double t0 = now(), dt;

		sg_findings_new(&set);
		sg_links_init(&links);
		ctx.policy = pol;
		ctx.source = src;
		ctx.findings = set;
		ctx.links = &links;
		if (compose_lint_files(&ctx, (const char *const *)files.v,
				       files.n, &err) < 0) {
			fprintf(stderr, "compose: %s\n", err.message);
			return 4;
		}
		sg_findings_finalize(set);
		dt = now() - t0;
		if (dt < best)
			best = dt;
		findings = sg_findings_count(set);
		sg_findings_free(set);
		sg_links_release(&links);
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("compose: %zu files, %.2f MB, %zu findings; best of %d: "
	       "%.3f s = %.0f files/s, %.2f MB/s; peak RSS %ld MB\n",
	       files.n, (double)files.bytes / 1e6, findings, runs, best,
	       (double)files.n / best, (double)files.bytes / 1e6 / best,
	       ru.ru_maxrss / 1024);
	for (i = 0; i < files.n; i++)
		free(files.v[i]);
	sg_vec_release(&files);
	sg_source_free(src);
	sg_policy_free(pol);
	return 0;
}

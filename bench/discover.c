/*
 * bench/discover.c: time discovery alone on a repository and check what it
 * found against make-monorepo.sh's list of expected targets.
 *
 *	discover REPO [EXPECTED.tsv] [RUNS]
 *
 * Prints the median wall time of RUNS (default 5) complete discoveries
 * (open the repository, resolve HEAD, walk the tree, classify, stat) and,
 * with EXPECTED.tsv, every path whose classification disagrees.  Exit 1 on
 * any disagreement.  Each discovery starts libgit2 afresh, as a process
 * does; what that start costs alone (the Debian build parses the system's
 * TLS CA bundle in git_libgit2_init) is printed beside it.  Built by bench/discover against build/libshipgate.a.
 */
#include "util/compat.h"

#include <time.h>

#include <git2.h>

#include "repo/discover.h"
#include "repo/source.h"
#include "shipgate/result.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int run_once(const char *repo, struct repo_targets *t, sg_result **res,
		    double *ms)
{
	struct sg_source *src = NULL;
	sg_error err = { 0 };
	char msg[1200];
	double t0 = now_ms();
	int rc;

	if ((rc = sg_result_new(res)) < 0 ||
	    (rc = sg_source_open_git(&src, repo, NULL, &err)) < 0 ||
	    (rc = repo_discover(src, NULL, t, *res, &err)) < 0) {
		fprintf(stderr, "discover: %s\n",
			sg_error_format(&err, msg, sizeof(msg)));
		sg_source_free(src);
		return rc;
	}
	sg_source_free(src);
	*ms = now_ms() - t0;
	return 0;
}

/* The target kind of `path` in the discovery, or NULL. */
static const char *kind_of(const struct repo_targets *t, const char *path)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(t->v[mid].path, path);

		if (c == 0)
			return sg_target_kind_name(t->v[mid].kind);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int check_expected(const char *tsv, const struct repo_targets *t)
{
	FILE *f = fopen(tsv, "r");
	char line[8192];
	size_t want = 0, bad = 0;

	if (!f) {
		fprintf(stderr, "discover: cannot open %s\n", tsv);
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *tab = strchr(line, '\t'), *nl;
		const char *got;

		if (!tab)
			continue;
		*tab = '\0';
		if ((nl = strchr(tab + 1, '\n')))
			*nl = '\0';
		got = kind_of(t, tab + 1);
		if (!strcmp(line, "dockerfile") || !strcmp(line, "compose")) {
			want++;
			if (got && !strcmp(got, line))
				continue;
		} else if (!got) {
			continue;       /* decoy, symlink, ignored: not a target */
		}
		bad++;
		printf("  mismatch: %s %s: found as %s\n", line, tab + 1,
		       got ? got : "nothing");
	}
	fclose(f);
	printf("expected targets:   %zu (%zu found, %zu mismatches)\n", want,
	       t->n, bad);
	return bad || want != t->n;
}

int main(int argc, char **argv)
{
	double times[101];
	struct repo_targets t = REPO_TARGETS_INIT;
	sg_result *res = NULL;
	int runs = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 5, i, rc = 0;
	size_t k, nd = 0, nc = 0;

	if (argc < 2 || runs < 1 || runs > 100) {
		fprintf(stderr, "usage: discover REPO [EXPECTED.tsv] [RUNS]\n");
		return 2;
	}
	for (i = 0; i < runs; i++) {
		repo_targets_release(&t);
		sg_result_free(res);
		res = NULL;
		if (run_once(argv[1], &t, &res, &times[i]) < 0)
			return 1;
	}
	qsort(times, (size_t)runs, sizeof(*times), cmp_double);
	printf("discovery:          %.1f ms median of %d (min %.1f, max %.1f)\n",
	       times[runs / 2], runs, times[0], times[runs - 1]);
	for (i = 0; i < runs; i++) {
		double t0 = now_ms();

		git_libgit2_init();
		git_libgit2_shutdown();
		times[i] = now_ms() - t0;
	}
	qsort(times, (size_t)runs, sizeof(*times), cmp_double);
	printf("  of which libgit2 start: %.1f ms median (init and shutdown "
	       "alone)\n", times[runs / 2]);
	for (k = 0; k < t.n; k++)
		if (t.v[k].kind == SG_TARGET_DOCKERFILE)
			nd++;
		else
			nc++;
	printf("targets:            %zu (%zu dockerfiles, %zu compose), "
	       "%zu notes, %zu findings\n", t.n, nd, nc, res->nnotes,
	       sg_findings_count(res->findings));
	if (argc > 2 && *argv[2])
		rc = check_expected(argv[2], &t);
	repo_targets_release(&t);
	sg_result_free(res);
	return rc;
}

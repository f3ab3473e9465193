/*
 * bench/scan.c: time matching an image's packages against the database.
 *
 *	scan DB ROOT [RUNS]
 *
 * ROOT is a directory holding the image files the inventory reads (at least
 * etc/os-release and a package database: var/lib/dpkg/status, …).  Prints
 * the inventory size, the findings, the median wall time of RUNS (default
 * 20) inventory+match passes and the process's peak RSS.  Built by
 * bench/scan against build/libshipgate.a.
 */
#include "util/compat.h"
#include <dirent.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include "inventory/inventory.h"
#include "shipgate/vulndb.h"
#include "util/buf.h"
#include "util/fs.h"
#include "vuln/match.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int feed(struct inventory *inv, const char *root, const char *rel,
		sg_error *err)
{
	char dir[4096], path[8192];
	struct dirent *de;
	DIR *d;
	int rc = 0;

	snprintf(dir, sizeof(dir), "%s%s%s", root, *rel ? "/" : "", rel);
	if (!(d = opendir(dir)))
		return 0;
	while (rc == 0 && (de = readdir(d)) != NULL) {
		char sub[4096];
		struct stat sb;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "",
			 de->d_name);
		snprintf(path, sizeof(path), "%s/%s", root, sub);
		if (stat(path, &sb) != 0)
			continue;
		if (S_ISDIR(sb.st_mode)) {
			rc = feed(inv, root, sub, err);
		} else if (inventory_wants(sub)) {
			struct sg_buf b = SG_BUF_INIT(256u << 20);

			rc = sg_read_file(path, 256u << 20, &b, err);
			if (rc == 0)
				rc = inventory_add_file(inv, sub, b.ptr ? b.ptr : "",
							b.len, "layer", err);
			sg_buf_release(&b);
		}
	}
	closedir(d);
	return rc;
}

int main(int argc, char **argv)
{
	int runs = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 20, i;
	struct vuln_match_stats st;
	struct rusage ru;
	sg_vulndb *db;
	sg_error err;
	double *t;
	char msg[1200];

	if (argc < 3 || runs < 1) {
		fprintf(stderr, "usage: scan DB ROOT [RUNS]\n");
		return 2;
	}
	t = calloc((size_t)runs, sizeof(double));
	sg_error_clear(&err);
	if (sg_vulndb_open(&db, argv[1], &err) < 0)
		goto fail;
	for (i = 0; i < runs; i++) {
		struct inventory *inv;
		sg_findings *f;
		double t0 = now_ms();

		if (inventory_new(&inv, &err) < 0 ||
		    feed(inv, argv[2], "", &err) < 0 ||
		    inventory_finish(inv, &err) < 0 ||
		    sg_findings_new(&f) < 0)
			goto fail;
		if (vuln_match(db, inv, NULL, f, &st, &err) < 0)
			goto fail;
		t[i] = now_ms() - t0;
		sg_findings_free(f);
		inventory_free(inv);
	}
	qsort(t, (size_t)runs, sizeof(double), cmp_double);
	getrusage(RUSAGE_SELF, &ru);
	printf("match: %zu packages, %zu advisory rows evaluated, %zu findings "
	       "(%zu unfixed), %zu skipped; median %.1f ms over %d runs "
	       "(inventory + match); peak RSS %ld MiB\n", st.packages, st.rows,
	       st.findings, st.unfixed, st.no_scheme + st.bad_version +
	       st.bad_rows, t[runs / 2], runs, ru.ru_maxrss / 1024);
	sg_vulndb_free(db);
	free(t);
	return 0;
fail:
	fprintf(stderr, "scan: %s\n", sg_error_format(&err, msg, sizeof(msg)));
	free(t);
	return 1;
}

/*
 * dpkg-oracle.c: dpkg's own version code (libdpkg: parseversion() and
 * dpkg_version_compare(), the functions behind `dpkg --compare-versions`)
 * as a batch oracle, because spawning dpkg 100,000 times takes minutes.
 * run.sh cross-checks this harness against the dpkg binary on a sample.
 *
 *   cc dpkg-oracle.c $(pkg-config --cflags --libs libdpkg)   (libdpkg-dev)
 *
 * Reads "A B" lines, prints < = > or invalid (dpkg reports an error or a
 * warning for A or B: bad syntax either way).
 */
#define LIBDPKG_VOLATILE_API 1
#include <stdio.h>
#include <string.h>

#include <dpkg/dpkg.h>
#include <dpkg/dpkg-db.h>
#include <dpkg/version.h>

int main(void)
{
	char line[8192];

	while (fgets(line, sizeof(line), stdin)) {
		struct dpkg_version a, b;
		struct dpkg_error e1 = DPKG_ERROR_INIT, e2 = DPKG_ERROR_INIT;
		char *sa = line, *sb = strchr(line, ' ');
		int rc;

		line[strcspn(line, "\n")] = '\0';
		if (sb)
			*sb++ = '\0';
		if (!sb ||
		    parseversion(&a, sa, &e1) < 0 ||
		    parseversion(&b, sb, &e2) < 0) {
			puts("invalid");
			dpkg_error_destroy(&e1);
			dpkg_error_destroy(&e2);
			continue;
		}
		rc = dpkg_version_compare(&a, &b);
		puts(rc < 0 ? "<" : rc > 0 ? ">" : "=");
	}
	return 0;
}

/*
 * range-harness.c: shipgate's npm range evaluator in batch, for run.sh.
 * Reads "VERSION<TAB>RANGE" lines, prints yes, no or invalid per line.
 * Built by run.sh against build/libshipgate.a (internal API).
 */
#include "util/compat.h"
#include "vuln/version/version.h"

int main(void)
{
	char line[4096];

	while (fgets(line, sizeof(line), stdin)) {
		char *tab = strchr(line, '\t');
		bool yes = false;

		line[strcspn(line, "\n")] = '\0';
		if (!tab) {
			puts("invalid");
			continue;
		}
		*tab++ = '\0';
		if (vuln_semver_range_satisfies(tab, line, &yes, NULL) < 0)
			puts("invalid");
		else
			puts(yes ? "yes" : "no");
	}
	return 0;
}

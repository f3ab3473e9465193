/*
 * linehash.h: GitHub's primaryLocationLineHash (github/codeql-action
 * src/fingerprints.ts), ported exactly so the values we put in SARIF are
 * the ones upload-sarif would compute itself.
 */
#ifndef SG_REPORT_LINEHASH_H
#define SG_REPORT_LINEHASH_H

#include "util/compat.h"

/* "<hex without padding>:<occurrence>": 16 + 1 + 20 digits + NUL */
#define LINEHASH_MAX 40

struct linehash {
	char (*line)[LINEHASH_MAX];     /* line[i] = hash of line i+1 */
	size_t n;
};

/*
 * Hash every line of `data` (UTF-8; decoded to UTF-16 code units as Node
 * does).  A trailing newline yields one extra, final line, as upstream.
 */
int linehash_compute(struct linehash *out, const char *data, size_t len);
void linehash_release(struct linehash *lh);

#endif

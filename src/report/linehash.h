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
	uint64_t *hash;         /* hash[i]: line i+1 */
	uint32_t *count;        /* occurrences of hash[i] in lines 1..i+1 */
	size_t n;               /* lines hashed */
};

/*
 * Hash the lines of `data` (UTF-8; decoded to UTF-16 code units as Node
 * does), in one pass that stops once line `max_line` has its hash
 * (SIZE_MAX: every line).  A trailing newline yields one extra, final line,
 * as upstream.
 */
int linehash_compute(struct linehash *out, const char *data, size_t len,
		     size_t max_line);
/* Line `line` (1-based, at most lh->n) as upstream writes it:
 * "<hex without padding>:<occurrence>". */
void linehash_format(const struct linehash *lh, size_t line,
		     char out[LINEHASH_MAX]);
void linehash_release(struct linehash *lh);

#endif

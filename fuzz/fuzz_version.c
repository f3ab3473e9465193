/*
 * fuzz_version.c: libFuzzer target for the version comparators, npm ranges
 * and OSV range evaluation.
 *
 * The input is split at newlines into up to three versions a, b, c; the
 * rest are range events.  For every scheme it checks the promises callers
 * rely on, besides the sanitizers' findings:
 *   - a string is valid exactly when comparing it succeeds, and an error
 *     always carries a message;
 *   - compare is antisymmetric (a ? b == -(b ? a)), reflexive (a == a) and
 *     transitive over a, b, c;
 *   - the npm range evaluator and vuln_range_match() never crash, and a
 *     reported fixed version is above the installed one.
 */
#include "util/compat.h"
#include "vuln/range.h"
#include "vuln/version/version.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAXPART 8

static int cmp_ok(const struct vuln_scheme *s, const char *a, const char *b,
		  int *c)
{
	sg_error err;
	int rc;

	sg_error_clear(&err);
	rc = vuln_version_compare(s, a, b, c, &err);
	if (rc < 0 && (rc != SG_EINVALID || !err.message[0]))
		abort();
	if (rc == 0 && *c != -1 && *c != 0 && *c != 1)
		abort();
	return rc;
}

static void check_scheme(const struct vuln_scheme *s, char **part, size_t n)
{
	int ab, ba, bc, ac, aa;
	bool va, vb, vc;

	va = vuln_version_validate(s, part[0], NULL) == 0;
	vb = vuln_version_validate(s, part[1], NULL) == 0;
	vc = vuln_version_validate(s, part[2], NULL) == 0;
	if ((cmp_ok(s, part[0], part[1], &ab) == 0) != (va && vb))
		abort();
	if ((cmp_ok(s, part[1], part[0], &ba) == 0) != (va && vb))
		abort();
	if (va && vb && ab != -ba)
		abort();
	if (va && (cmp_ok(s, part[0], part[0], &aa) != 0 || aa != 0))
		abort();
	if (va && vb && vc && cmp_ok(s, part[1], part[2], &bc) == 0 &&
	    cmp_ok(s, part[0], part[2], &ac) == 0) {
		if (ab <= 0 && bc <= 0 && ac > 0)
			abort();
		if (ab >= 0 && bc >= 0 && ac < 0)
			abort();
		if (ab == 0 && bc == 0 && ac != 0)
			abort();
	}
	(void)n;
}

static void check_range(const struct vuln_scheme *s, char **part, size_t n)
{
	struct vuln_event ev[MAXPART];
	struct vuln_range r = { VULN_RANGE_ECOSYSTEM, ev, 0 };
	struct vuln_affected a = { s->name, &r, 1, (const char *const *)part,
				   n };
	struct vuln_match m;
	size_t i;
	int c;

	for (i = 1; i < n; i++) {
		ev[r.nevents].kind = (enum vuln_event_kind)(i % 4);
		ev[r.nevents++].version = part[i];
	}
	if (vuln_range_match(&a, part[0], &m, NULL) < 0)
		return;
	if (m.affected && m.fix == VULN_FIX_VERSION &&
	    (!m.fixed || vuln_version_compare(s, part[0], m.fixed, &c,
					      NULL) < 0 || c >= 0))
		abort();
	if (!m.affected && (m.fixed || m.last_affected))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf, *part[MAXPART], *p;
	const struct vuln_scheme *const *all;
	size_t n = 0, i, ns;
	bool yes;

	if (size > 4096)
		return 0;
	buf = malloc(size + 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (p = buf; n < MAXPART;) {
		part[n++] = p;
		p = strchr(p, '\n');
		if (!p)
			break;
		*p++ = '\0';
	}
	while (n < 3)
		part[n++] = "";
	all = vuln_schemes(&ns);
	for (i = 0; i < ns; i++) {
		check_scheme(all[i], part, n);
		check_range(all[i], part, n);
	}
	(void)vuln_semver_range_satisfies(part[0], part[1], &yes, NULL);
	(void)vuln_semver_range_satisfies(part[1], part[0], &yes, NULL);
	free(buf);
	return 0;
}

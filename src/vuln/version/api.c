/* api.c: the public face of the comparators (include/shipgate/version.h). */
#include "util/compat.h"
#include "shipgate/version.h"
#include "vuln/version/version.h"

int sg_version_compare(const char *ecosystem, const char *a, const char *b,
		       int *result, sg_error *err)
{
	const struct vuln_scheme *s = vuln_scheme_find(ecosystem);

	*result = 0;
	if (!s)
		return sg_error_set(err, SG_ENOTFOUND, NULL, 0, 0,
				    "no version comparator for ecosystem '%s'",
				    ecosystem);
	return vuln_version_compare(s, a, b, result, err);
}

const char *sg_version_scheme(const char *ecosystem)
{
	const struct vuln_scheme *s = vuln_scheme_find(ecosystem);

	return s ? s->name : NULL;
}

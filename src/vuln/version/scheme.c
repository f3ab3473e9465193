/*
 * scheme.c: which comparator an ecosystem uses, and the one entry point
 * that validates before it compares.
 */
#include "util/compat.h"
#include "vuln/version/version.h"

struct eco {
	const char *name;       /* OSV ecosystem (part before ':') or alias */
	const struct vuln_scheme *scheme;
};

/* OSV ecosystems.json names plus the scheme names themselves. */
static const struct eco ecosystems[] = {
	{ "Debian", &vuln_scheme_deb },
	{ "Ubuntu", &vuln_scheme_deb },
	{ "deb", &vuln_scheme_deb },
	{ "dpkg", &vuln_scheme_deb },
	{ "Alpine", &vuln_scheme_apk },
	{ "Wolfi", &vuln_scheme_apk },
	{ "Chainguard", &vuln_scheme_apk },
	{ "apk", &vuln_scheme_apk },
	{ "Red Hat", &vuln_scheme_rpm },
	{ "Rocky Linux", &vuln_scheme_rpm },
	{ "AlmaLinux", &vuln_scheme_rpm },
	{ "SUSE", &vuln_scheme_rpm },
	{ "openSUSE", &vuln_scheme_rpm },
	{ "Photon OS", &vuln_scheme_rpm },
	{ "Mageia", &vuln_scheme_rpm },
	{ "openEuler", &vuln_scheme_rpm },
	{ "rpm", &vuln_scheme_rpm },
	{ "npm", &vuln_scheme_semver },
	{ "Go", &vuln_scheme_semver },
	{ "crates.io", &vuln_scheme_semver },
	{ "semver", &vuln_scheme_semver },
	{ "PyPI", &vuln_scheme_pep440 },
	{ "pep440", &vuln_scheme_pep440 },
	{ "python", &vuln_scheme_pep440 },
};

static const struct vuln_scheme *const all[] = {
	&vuln_scheme_deb, &vuln_scheme_apk, &vuln_scheme_rpm,
	&vuln_scheme_semver, &vuln_scheme_pep440,
};

const struct vuln_scheme *const *vuln_schemes(size_t *n)
{
	*n = SG_ARRAY_SIZE(all);
	return all;
}

const struct vuln_scheme *vuln_scheme_find(const char *ecosystem)
{
	const char *colon;
	size_t len, i;

	if (!ecosystem)
		return NULL;
	colon = strchr(ecosystem, ':');
	len = colon ? (size_t)(colon - ecosystem) : strlen(ecosystem);
	for (i = 0; i < SG_ARRAY_SIZE(ecosystems); i++)
		if (strlen(ecosystems[i].name) == len &&
		    !sg_strncasecmp(ecosystems[i].name, ecosystem, len))
			return ecosystems[i].scheme;
	return NULL;
}

int vuln_version_validate(const struct vuln_scheme *s, const char *v,
			  sg_error *err)
{
	const char *why = "invalid";

	if (strlen(v) > VULN_VERSION_MAX)
		return sg_error_set(err, SG_EINVALID, NULL, 0, 0,
				    "invalid %s version: longer than %d bytes",
				    s->title, VULN_VERSION_MAX);
	if (s->validate(v, &why) < 0)
		return sg_error_set(err, SG_EINVALID, NULL, 0, 0,
				    "invalid %s version '%s': %s", s->title, v,
				    why);
	return 0;
}

int vuln_version_compare(const struct vuln_scheme *s, const char *a,
			 const char *b, int *cmp, sg_error *err)
{
	int rc;

	*cmp = 0;
	if ((rc = vuln_version_validate(s, a, err)) < 0 ||
	    (rc = vuln_version_validate(s, b, err)) < 0)
		return rc;
	rc = s->compare(a, b);
	*cmp = rc < 0 ? -1 : rc > 0;
	return 0;
}

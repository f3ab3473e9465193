/*
 * fuzz_policy.c: libFuzzer target for the policy loader (YAML or JSON
 * bytes -> struct sg_policy).  A policy comes from the repository being
 * gated, so it is untrusted input like everything else.  Every input must
 * load or fail with a message and a code; a loaded policy must answer rule
 * questions for every registered rule.
 */
#include "util/compat.h"

#include "policy/policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sg_policy *p = NULL;
	sg_error err;
	size_t i, n;

	sg_error_clear(&err);
	if (sg_policy_load(&p, "fuzz.yaml", (const char *)data, size,
			   "2026-11-29", &err) < 0) {
		/* a refused policy always says why, and where when it can */
		if (!err.message[0] || err.code == 0)
			__builtin_trap();
		return 0;
	}
	n = sg_rules_count();
	for (i = 0; i < n; i++) {
		const sg_rule *r = sg_rules_at(i);

		(void)sg_policy_rule_enabled(p, r);
		if (sg_policy_rule_severity(p, r) == SG_SEVERITY_NONE)
			__builtin_trap();
	}
	for (i = 0; i < p->nignores; i++)
		if (!p->ignores[i].reason || !*p->ignores[i].reason)
			__builtin_trap();
	sg_policy_free(p);
	return 0;
}

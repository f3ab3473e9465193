/* cmd_rules.c: `shipgate rules`: the rule table, from the descriptors. */
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "opt.h"

int cmd_rules(int argc, char **argv)
{
	const char *format = "text";
	const struct opt_spec specs[] = {
		{ "format", 'f', OPT_VALUE, "FORMAT",
		  "text (default), json or markdown", &format },
	};
	const struct opt_cmd cmd = {
		"rules", "[--format text|json|markdown]",
		"Print every rule: id, severity, stage, practice, title and the "
		"peer rule ids it covers.",
		"docs/rules.md is `shipgate rules --format markdown`.",
		specs, sizeof(specs) / sizeof(specs[0]),
	};
	struct opt_list pos = { 0 };
	sg_error err;
	char *out = NULL;
	int rc = opt_parse(&cmd, argc, argv, &pos);

	if (rc == 0 && pos.n) {
		fprintf(stderr, "shipgate rules: unexpected argument '%s'\n",
			pos.v[0]);
		rc = 2;
	}
	opt_list_release(&pos);
	if (rc)
		return rc == 1 ? SG_EXIT_PASS : SG_EXIT_USAGE;
	sg_error_clear(&err);
	if (sg_rules_render(&out, format, &err) < 0)
		return cmd_fail(&err, err.code == SG_EUSAGE ? SG_EXIT_USAGE
							    : SG_EXIT_INTERNAL);
	fputs(out, stdout);
	free(out);
	return SG_EXIT_PASS;
}

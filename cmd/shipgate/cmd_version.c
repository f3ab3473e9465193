/* cmd_version.c: `shipgate version`. */
#include <stdio.h>

#include "cmd.h"
#include "opt.h"

int cmd_version(int argc, char **argv)
{
	static const struct opt_cmd cmd = {
		"version", "", "Print the shipgate version.", NULL, NULL, 0,
	};
	struct opt_list pos = { 0 };
	int rc = opt_parse(&cmd, argc, argv, &pos);

	opt_list_release(&pos);
	if (rc)
		return rc == 1 ? SG_EXIT_PASS : SG_EXIT_USAGE;
	printf("shipgate %s\n", SG_VERSION);
	return SG_EXIT_PASS;
}

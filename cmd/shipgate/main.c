/*
 * main.c: shipgate's entry point.  Thin on purpose: find the subcommand in
 * the table and return what it returns (libgit2's cli_cmds[], git's
 * commands[]).
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "scan", cmd_scan, "gate a git repository: discover, lint, inspect, scan, apply policy" },
	{ "lint", cmd_lint, "lint Dockerfiles and Compose files from disk" },
	{ "image", cmd_image, "inspect and scan built images without a repository" },
	{ "db", cmd_db, "import and inspect the offline vulnerability database" },
	{ "merge", cmd_merge, "merge sharded JSON reports into one result" },
	{ "baseline", cmd_baseline, "accept today's findings: write a baseline file" },
	{ "rules", cmd_rules, "print the rule table (text, json, markdown)" },
	{ "vercmp", cmd_vercmp, "compare two package versions (<, =, >)" },
	{ "version", cmd_version, "print the version" },
};

static void usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: shipgate <command> [options]\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\n'shipgate <command> --help' describes a command.\n"
		     "exit codes: 0 passed, 1 gating findings, 2 usage or policy "
		     "error,\n            3 an input could not be analysed, 4 "
		     "internal or i/o error\n");
}

void cmd_eputs(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		if (*p < 0x20 || *p == 0x7F)
			fprintf(stderr, "\\x%02x", *p);
		else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
			fprintf(stderr, "\\u%04x", *++p);     /* C1 */
		else
			fputc(*p, stderr);
	}
	fputc('\n', stderr);
}

int cmd_fail(const sg_error *err, int code)
{
	char buf[1200];

	fputs("shipgate: ", stderr);
	cmd_eputs(sg_error_format(err, buf, sizeof(buf)));
	return code;
}

int cmd_run_error(const sg_error *err)
{
	switch (err->code) {
	case SG_EUSAGE:
	case SG_EPOLICY:
	case SG_ENOTFOUND:
		return cmd_fail(err, SG_EXIT_USAGE);
	default:
		return cmd_fail(err, SG_EXIT_INTERNAL);
	}
}

int main(int argc, char **argv)
{
	size_t i;

	sg_heap_prefer_huge_pages();
	if (argc < 2) {
		usage(stderr);
		return SG_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return SG_EXIT_PASS;
	}
	if (!strcmp(argv[1], "--version"))
		return cmd_version(1, argv + 1);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "shipgate: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return SG_EXIT_USAGE;
}

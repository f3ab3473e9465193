/*
 * opt.h: command-line options from one table per command, which also
 * generates that command's --help (libgit2's cli/opt.c, curl's option table).
 */
#ifndef SG_CMD_OPT_H
#define SG_CMD_OPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum opt_type {
	OPT_FLAG,       /* --x: sets a bool */
	OPT_VALUE,      /* --x VALUE or --x=VALUE: sets a const char * */
	OPT_LIST,       /* repeatable --x VALUE: appends to a struct opt_list */
};

struct opt_list {
	const char **v;
	size_t n;
};

struct opt_spec {
	const char *name;       /* long name without "--" */
	char short_name;        /* 0 for none */
	enum opt_type type;
	const char *value_name; /* "FILE", for help */
	const char *help;
	void *dest;             /* bool *, const char **, struct opt_list * */
};

struct opt_cmd {
	const char *name;       /* "scan" */
	const char *usage;      /* "[PATH] [options]" */
	const char *summary;    /* one line */
	const char *details;    /* paragraph after the options, or NULL */
	const struct opt_spec *specs;
	size_t nspecs;
};

/*
 * Parse argv[1..] (argv[0] is the command name).  Positional arguments go to
 * `pos` (everything after "--" is positional).  Returns 0, 1 when --help was
 * printed, or 2 after printing a usage error.
 */
int opt_parse(const struct opt_cmd *cmd, int argc, char **argv,
	      struct opt_list *pos);

void opt_help(FILE *out, const struct opt_cmd *cmd);
void opt_list_release(struct opt_list *l);

#endif

/*
 * opt.h: command-line options from one table per command, which also
 * generates that command's --help (libgit2's cli/opt.c, curl's option table).
 */
#ifndef SG_CMD_OPT_H
#define SG_CMD_OPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <shipgate/shipgate.h>

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

/*
 * The report files a command was asked to write (--sarif FILE, --json
 * FILE, ...), in output.c: checked before the run, written after it,
 * removed when the run fails, so that CI never uploads a report that is not
 * this run's.
 */
struct report_out {
	const char *flag;       /* "--sarif", for messages */
	const char *format;     /* "sarif", as sg_report_render takes it */
	const char *path;       /* NULL: not asked for; "-": stdout */
};

/*
 * Before anything is read or written: two reports to one file (the second
 * would silently replace the first), a report over one of the run's
 * `inputs` (NULL entries are skipped) or over an existing file whose name
 * a run reads as input (sg_scan_reads_name(): a --worktree run's
 * Dockerfile, which a failed run would also remove as a stale report), or
 * more than one report to stdout is a usage error.  Prints one line "shipgate CMD: ..." and returns
 * SG_EXIT_USAGE, else 0.
 */
int output_check(const char *cmd, const struct report_out *o, size_t n,
		 const char *const *inputs, size_t ninputs);

/* Only the inputs half of output_check(). */
int output_check_inputs(const char *cmd, const struct report_out *o,
			size_t n, const char *const *inputs, size_t ninputs);

/*
 * After a run on the files on disk (--worktree): a report over one of the
 * Dockerfiles or Compose files it found would replace the file the report
 * is about.  The same usage error, writing nothing.
 */
int output_check_targets(const char *cmd, const struct report_out *o,
			 size_t n, const sg_result *res);

/* Whether a report goes to stdout ('-'): the text summary must not. */
bool output_to_stdout(const struct report_out *o, size_t n);

/*
 * Render and write every requested report: '-' to stdout, an existing FIFO
 * or device (/dev/null, a process substitution) in place, anything else
 * atomically (temporary file, then rename).  A report that cannot be
 * written is an error line and leaves no file at its path; the others are
 * still written.  Returns 0 or SG_EXIT_INTERNAL.
 */
int output_write(const struct report_out *o, size_t n, const sg_result *res,
		 const sg_report_options *ro);

/*
 * The run failed before writing: remove what the report paths hold (the
 * files of an earlier run), so that nothing stale is taken for this run's.
 * Only regular files and symbolic links are removed.
 */
void output_discard(const struct report_out *o, size_t n);

#endif

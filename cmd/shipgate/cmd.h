/*
 * cmd.h: the subcommands.  Each lives in cmd_<name>.c as
 * `int cmd_<name>(int argc, char **argv)` (argv[0] is the command name) and
 * returns the process exit code.  To add one, write it and list it in
 * main.c's table.
 */
#ifndef SG_CMD_H
#define SG_CMD_H

#include <shipgate/shipgate.h>

int cmd_scan(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_image(int argc, char **argv);
int cmd_db(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_vercmp(int argc, char **argv);
int cmd_baseline(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_version(int argc, char **argv);

/*
 * Finish a line on stderr with `s`, its control characters escaped (\x0a):
 * errors quote file names, image entries and advisory ids, and a name must
 * not start a line of its own (a CI runner reads "::error::" at the start
 * of a line as a command) or move a terminal's cursor.
 */
void cmd_eputs(const char *s);

/* Print "shipgate: <error>" for a failed library call; returns `code`. */
int cmd_fail(const sg_error *err, int code);

/* The same for a run that could not start (sg_scan_run and friends): a
 * usage, policy or not-found error is exit 2, anything else exit 4. */
int cmd_run_error(const sg_error *err);

#endif

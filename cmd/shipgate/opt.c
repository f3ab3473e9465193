/* opt.c: table-driven option parsing and --help (see opt.h). */
#include <stdlib.h>
#include <string.h>

#include "opt.h"

static int push(struct opt_list *l, const char *v)
{
	const char **p = realloc(l->v, (l->n + 1) * sizeof(*p));

	if (!p)
		return -1;
	l->v = p;
	l->v[l->n++] = v;
	return 0;
}

void opt_list_release(struct opt_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void opt_help(FILE *out, const struct opt_cmd *cmd)
{
	size_t i;

	fprintf(out, "usage: shipgate %s %s\n\n%s\n", cmd->name, cmd->usage,
		cmd->summary);
	if (cmd->nspecs)
		fprintf(out, "\noptions:\n");
	for (i = 0; i < cmd->nspecs; i++) {
		const struct opt_spec *s = &cmd->specs[i];
		char left[64];

		if (s->short_name)
			snprintf(left, sizeof(left), "-%c, --%s%s%s",
				 s->short_name, s->name,
				 s->value_name ? " " : "",
				 s->value_name ? s->value_name : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", s->name,
				 s->value_name ? " " : "",
				 s->value_name ? s->value_name : "");
		fprintf(out, "  %-28s %s%s\n", left, s->help,
			s->type == OPT_LIST ? " (repeatable)" : "");
	}
	fprintf(out, "  %-28s %s\n", "-h, --help", "show this help");
	if (cmd->details)
		fprintf(out, "\n%s\n", cmd->details);
}

static const struct opt_spec *find_long(const struct opt_cmd *cmd,
					const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < cmd->nspecs; i++)
		if (strlen(cmd->specs[i].name) == len &&
		    strncmp(cmd->specs[i].name, name, len) == 0)
			return &cmd->specs[i];
	return NULL;
}

static const struct opt_spec *find_short(const struct opt_cmd *cmd, char c)
{
	size_t i;

	for (i = 0; i < cmd->nspecs; i++)
		if (cmd->specs[i].short_name == c)
			return &cmd->specs[i];
	return NULL;
}

static int usage_error(const struct opt_cmd *cmd, const char *what,
		       const char *arg)
{
	/* one line, as every error is */
	fprintf(stderr, "shipgate %s: %s '%s' (see 'shipgate %s --help')\n",
		cmd->name, what, arg, cmd->name);
	return 2;
}

/*
 * `arg` is the option as given, for messages.  An empty value ('--sarif ""',
 * '--include=') is refused: it names no file, glob or revision, and taken as
 * one it quietly changed the run (an empty --include discovered nothing and
 * passed).  A single-value option given twice is refused too: the last one
 * silently won, so '--fail-on high ... --fail-on never' passed everything
 * and '--sarif a ... --sarif b' left a stale a.
 */
static int assign(const struct opt_cmd *cmd, const struct opt_spec *s,
		  const char *arg, const char *value, bool *seen)
{
	if (s->type != OPT_FLAG && !*value)
		return usage_error(cmd, "option needs a non-empty value:", arg);
	if (s->type == OPT_VALUE && *seen)
		return usage_error(cmd, "option given twice (it takes one value):",
				   arg);
	*seen = true;
	switch (s->type) {
	case OPT_FLAG:
		*(bool *)s->dest = true;
		return 0;
	case OPT_VALUE:
		*(const char **)s->dest = value;
		return 0;
	case OPT_LIST:
		if (push((struct opt_list *)s->dest, value) < 0)
			return usage_error(cmd, "out of memory", "");
		return 0;
	}
	return 0;
}

int opt_parse(const struct opt_cmd *cmd, int argc, char **argv,
	      struct opt_list *pos)
{
	bool *seen = calloc(cmd->nspecs + 1, sizeof(*seen));
	int i, rc = 0;

	if (!seen)
		return usage_error(cmd, "out of memory", "");
	for (i = 1; i < argc && rc == 0; i++) {
		const char *a = argv[i];
		const struct opt_spec *s;
		const char *value = NULL;

		if (strcmp(a, "--") == 0) {
			for (i++; i < argc && rc == 0; i++)
				if (push(pos, argv[i]) < 0)
					rc = usage_error(cmd, "out of memory", "");
			break;
		}
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			opt_help(stdout, cmd);
			rc = 1;
			break;
		}
		if (a[0] != '-' || a[1] == '\0') {
			if (push(pos, a) < 0)
				rc = usage_error(cmd, "out of memory", "");
			continue;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);

			s = find_long(cmd, a + 2, len);
			if (!s) {
				rc = usage_error(cmd, "unknown option", a);
				break;
			}
			if (eq)
				value = eq + 1;
			if (s->type == OPT_FLAG && eq) {
				rc = usage_error(cmd, "option takes no value:", a);
				break;
			}
		} else {
			s = find_short(cmd, a[1]);
			if (!s) {
				rc = usage_error(cmd, "unknown option", a);
				break;
			}
			if (a[2])
				value = a + 2;
		}
		if (s->type != OPT_FLAG && !value) {
			if (i + 1 >= argc) {
				rc = usage_error(cmd, "option needs a value:", a);
				break;
			}
			value = argv[++i];
		}
		rc = assign(cmd, s, a, value ? value : "",
			    &seen[s - cmd->specs]);
	}
	free(seen);
	return rc;
}

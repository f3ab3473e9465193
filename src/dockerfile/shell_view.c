/*
 * shell_view.c: reading a parsed command the way its program would:
 * looking through wrapper commands (sudo, env, xargs, timeout, …), splitting
 * options from operands with per-tool knowledge of which options take a
 * value, and script-level facts (pipefail, shebangs).
 *
 * Wrapper policy (see dockerfile-rules.md §(c).5): shipgate looks through
 * wrappers by default.  `sudo apt-get install x` installs x whatever runs it,
 * and hadolint's literal-name reading misses it; rules that are about the
 * wrapper itself (sudo) read `sh_view.via_sudo` or the raw argv.
 */
#include "util/compat.h"
#include "dockerfile/shell.h"

/* How one wrapper is parsed: options taking a value, and operands to skip. */
struct wrapper {
	const char *name;
	const char *short_val;          /* short options that take a value */
	const char *const *long_val;    /* long options that take a value */
	unsigned int operands;          /* operands before the command */
	bool assignments;               /* NAME=value words may precede it */
	bool stop_on;                   /* see `stop` */
	const char *stop;               /* an option meaning "not running a command" */
};

static const char *const sudo_long[] = {
	"user", "group", "close-from", "chdir", "host", "prompt", "role",
	"type", "command-timeout", "other-user", "chroot", NULL,
};
static const char *const env_long[] = {
	"unset", "chdir", "split-string", "block-signal", "default-signal",
	"ignore-signal", NULL,
};
static const char *const nice_long[] = { "adjustment", NULL };
static const char *const timeout_long[] = { "signal", "kill-after", NULL };
static const char *const stdbuf_long[] = { "input", "output", "error", NULL };
static const char *const time_long[] = { "format", "output", NULL };
static const char *const xargs_long[] = {
	"arg-file", "delimiter", "eof", "replace", "max-lines", "max-args",
	"max-procs", "max-chars", "process-slot-var", NULL,
};
static const char *const chroot_long[] = { "userspec", "groups", NULL };
static const char *const ionice_long[] = { "class", "classdata", "pid", NULL };
static const char *const none_long[] = { NULL };

static const struct wrapper wrappers[] = {
	{ "sudo", "ugCDhprtTUR", sudo_long, 0, true, true, "lvV" },
	{ "doas", "uC", none_long, 0, false, false, NULL },
	{ "env", "uCS", env_long, 0, true, false, NULL },
	{ "nice", "n", nice_long, 0, false, false, NULL },
	{ "nohup", "", none_long, 0, false, false, NULL },
	{ "timeout", "sk", timeout_long, 1, false, false, NULL },
	{ "stdbuf", "ioe", stdbuf_long, 0, false, false, NULL },
	{ "time", "fo", time_long, 0, false, false, NULL },
	{ "exec", "a", none_long, 0, false, false, NULL },
	{ "command", "", none_long, 0, false, true, "vV" },
	{ "builtin", "", none_long, 0, false, false, NULL },
	{ "xargs", "adEILnPs", xargs_long, 0, false, false, NULL },
	{ "chroot", "", chroot_long, 1, false, false, NULL },
	{ "ionice", "cnp", ionice_long, 0, false, false, NULL },
	{ "eatmydata", "", none_long, 0, false, false, NULL },
	{ "fakeroot", "lsi", none_long, 0, false, false, NULL },
	{ "gosu", "", none_long, 1, false, false, NULL },
	{ "su-exec", "", none_long, 1, false, false, NULL },
	{ "setpriv", "", none_long, 0, false, false, NULL },
	{ "tini", "", none_long, 0, false, false, NULL },
};

static const struct wrapper *find_wrapper(const char *name)
{
	size_t i;

	/* every command of every RUN comes through here: compare the first
	 * byte before the string */
	for (i = 0; i < SG_ARRAY_SIZE(wrappers); i++)
		if (wrappers[i].name[0] == name[0] &&
		    strcmp(wrappers[i].name, name) == 0)
			return &wrappers[i];
	return NULL;
}

static bool in_list(const char *const *list, const char *s, size_t n)
{
	for (; list && *list; list++)
		if (strlen(*list) == n && strncmp(*list, s, n) == 0)
			return true;
	return false;
}

static bool is_assign_text(const char *s)
{
	size_t i = 0;

	if (!sg_isalpha((unsigned char)s[0]) && s[0] != '_')
		return false;
	while (sg_isalnum((unsigned char)s[i]) || s[i] == '_')
		i++;
	return s[i] == '=';
}

/*
 * Index of the command a wrapper runs, or 0 when `w` at argv[0] runs none
 * (`command -v x`, `sudo -l`, `xargs` alone runs echo: not interesting).
 */
static size_t skip_wrapper(const struct wrapper *w, const struct sh_word *argv,
			   size_t argc)
{
	size_t i = 1, ops = 0;

	while (i < argc) {
		const char *a = argv[i].text;

		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (a[0] == '-' && a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);

			i++;
			if (!eq && in_list(w->long_val, a + 2, n))
				i++;
			continue;
		}
		if (a[0] == '-' && a[1] != '\0') {
			size_t j;

			/* nice -10, env -, sudo -E */
			i++;
			for (j = 1; a[j]; j++) {
				if (w->stop && strchr(w->stop, a[j]))
					return 0;
				if (strchr(w->short_val, a[j])) {
					if (a[j + 1] == '\0')
						i++;
					break;
				}
			}
			continue;
		}
		if (strcmp(a, "-") == 0) {
			i++;
			continue;
		}
		if (w->assignments && is_assign_text(a)) {
			i++;
			continue;
		}
		if (ops < w->operands) {
			ops++;
			i++;
			continue;
		}
		break;
	}
	/* env's NAME=value words may also follow `--` */
	while (w->assignments && i < argc && is_assign_text(argv[i].text))
		i++;
	return i < argc ? i : 0;
}

void sh_view_of(struct sh_view *v, const struct sh_cmd *c)
{
	size_t guard;

	if (c->has_view) {
		*v = c->view;
		return;
	}
	memset(v, 0, sizeof(*v));
	v->cmd = c;
	v->argv = c->argv;
	v->argc = c->argc;
	v->name = c->argc ? sh_basename(c->argv[0].text) : "";
	for (guard = 0; guard < 16 && v->argc; guard++) {
		const struct wrapper *w = find_wrapper(v->name);
		size_t at;

		if (!w || (v->argv[0].flags & SH_W_DYNAMIC))
			return;
		at = skip_wrapper(w, v->argv, v->argc);
		if (at == 0)
			return;
		if (!v->wrapped)
			v->wrapped = w->name;
		if (!strcmp(w->name, "sudo") || !strcmp(w->name, "doas"))
			v->via_sudo = true;
		if (!strcmp(w->name, "xargs"))
			v->via_xargs = true;
		v->argv += at;
		v->argc -= at;
		v->name = sh_basename(v->argv[0].text);
	}
}

bool sh_view_is(const struct sh_view *v, const char *name)
{
	return v && v->argc && name && strcmp(v->name, name) == 0;
}

/* ---- options ------------------------------------------------------------- */

static void add_opt(struct sh_args *a, const struct sh_word *w, const char *name,
		    size_t n, bool is_long)
{
	struct sh_opt *o;

	if (a->nopt >= SH_MAX_OPTS) {
		a->truncated = true;
		return;
	}
	o = &a->opt[a->nopt++];
	memset(o, 0, sizeof(*o));
	if (n >= sizeof(o->name))
		n = sizeof(o->name) - 1;
	memcpy(o->name, name, n);
	o->name[n] = '\0';
	o->is_long = is_long;
	o->word = w;
}

void sh_args_parse(struct sh_args *a, const struct sh_view *v,
		   const struct sh_optspec *spec)
{
	size_t i;
	bool opts_done = false;

	sh_args_reset(a);
	for (i = 1; i < v->argc; i++) {
		const struct sh_word *w = &v->argv[i];
		const char *s = w->text;

		if (opts_done || s[0] != '-' || s[1] == '\0') {
			if (a->noperand < SH_MAX_OPERANDS)
				a->operand[a->noperand++] = w;
			else
				a->truncated = true;
			continue;
		}
		if (strcmp(s, "--") == 0) {
			opts_done = true;
			continue;
		}
		if (s[1] == '-') {
			const char *eq = strchr(s + 2, '=');
			size_t n = eq ? (size_t)(eq - s - 2) : strlen(s + 2);
			struct sh_opt *o;

			add_opt(a, w, s + 2, n, true);
			if (a->truncated && a->nopt >= SH_MAX_OPTS)
				continue;
			o = &a->opt[a->nopt - 1];
			if (eq) {
				o->value = eq + 1;
			} else if (spec && in_list(spec->long_val, s + 2, n) &&
				   i + 1 < v->argc) {
				o->value = v->argv[i + 1].text;
				o->value_word = &v->argv[i + 1];
				i++;
			}
			continue;
		}
		{
			size_t j;

			for (j = 1; s[j]; j++) {
				bool takes = spec && spec->short_val &&
					     strchr(spec->short_val, s[j]);

				add_opt(a, w, s + j, 1, false);
				if (!takes)
					continue;
				if (a->nopt == 0 || a->truncated)
					break;
				if (s[j + 1]) {
					a->opt[a->nopt - 1].value = s + j + 1;
				} else if (i + 1 < v->argc) {
					a->opt[a->nopt - 1].value = v->argv[i + 1].text;
					a->opt[a->nopt - 1].value_word = &v->argv[i + 1];
					i++;
				}
				break;
			}
		}
	}
}

static bool opt_is(const struct sh_opt *o, const char *short_name,
		   const char *long_name)
{
	if (o->is_long)
		return long_name && strcmp(o->name, long_name) == 0;
	return short_name && strcmp(o->name, short_name) == 0;
}

size_t sh_args_count(const struct sh_args *a, const char *short_name,
		     const char *long_name)
{
	size_t i, n = 0;

	for (i = 0; i < a->nopt; i++)
		if (opt_is(&a->opt[i], short_name, long_name))
			n++;
	return n;
}

const struct sh_opt *sh_args_find(const struct sh_args *a,
				  const char *short_name, const char *long_name)
{
	size_t i;

	for (i = 0; i < a->nopt; i++)
		if (opt_is(&a->opt[i], short_name, long_name))
			return &a->opt[i];
	return NULL;
}

/* ---- script-level facts -------------------------------------------------- */

/* `set`/shell options turning pipefail on: -o pipefail, -eo pipefail, … */
static bool args_set_pipefail(const struct sh_word *argv, size_t argc,
			      size_t from)
{
	size_t i;

	for (i = from; i + 1 < argc; i++) {
		const char *a = argv[i].text;

		if (a[0] == '-' && a[1] != '-' && strchr(a + 1, 'o') &&
		    a[strlen(a) - 1] == 'o' &&
		    strcmp(argv[i + 1].text, "pipefail") == 0)
			return true;
	}
	for (i = from; i < argc; i++)
		if (strcmp(argv[i].text, "-opipefail") == 0 ||
		    strcmp(argv[i].text, "--pipefail") == 0)
			return true;
	return false;
}

bool sh_sets_pipefail(const struct sh_script *s)
{
	size_t i;

	for (i = 0; i < s->ncmds; i++) {
		const struct sh_cmd *c = &s->cmds[i];

		if (c->pipe_len > 1)
			return false;
		if (c->depth != 0 || c->ctx != 0 || c->argc < 2)
			continue;
		if (strcmp(c->argv[0].text, "set") == 0 &&
		    args_set_pipefail(c->argv, c->argc, 1))
			return true;
	}
	return false;
}

bool sh_shell_argv_pipefail(const char *const *argv, size_t argc)
{
	static const char *const capable[] = {
		"bash", "zsh", "ash", "ksh", "mksh", NULL,
	};
	const char *name;
	size_t i;
	bool ok = false;

	if (!argv || argc < 2)
		return false;
	name = sh_basename(argv[0]);
	for (i = 0; capable[i]; i++)
		if (strcmp(name, capable[i]) == 0)
			ok = true;
	if (!ok)
		return false;
	for (i = 1; i + 1 < argc; i++) {
		const char *a = argv[i];

		if (a[0] == '-' && a[1] != '-' && a[1] && a[strlen(a) - 1] == 'o' &&
		    strcmp(argv[i + 1], "pipefail") == 0)
			return true;
	}
	return false;
}

const char *sh_shebang_interp(const char *src, size_t len, char *buf,
			      size_t size)
{
	size_t i = 2, s, n;

	if (!src || len < 2 || src[0] != '#' || src[1] != '!' || size == 0)
		return NULL;
	for (;;) {
		while (i < len && (src[i] == ' ' || src[i] == '\t'))
			i++;
		s = i;
		while (i < len && src[i] != ' ' && src[i] != '\t' &&
		       src[i] != '\n' && src[i] != '\r')
			i++;
		if (i == s)
			return NULL;
		{
			const char *base = src + s;
			size_t k;

			for (k = s; k < i; k++)
				if (src[k] == '/')
					base = src + k + 1;
			n = (size_t)(src + i - base);
			/* #!/usr/bin/env [-S] interp */
			if ((n == 3 && memcmp(base, "env", 3) == 0) ||
			    (n == 2 && memcmp(base, "-S", 2) == 0) ||
			    (n >= 2 && base[0] == '-' && s != 2)) {
				continue;
			}
			if (n >= size)
				n = size - 1;
			memcpy(buf, base, n);
			buf[n] = '\0';
			return buf;
		}
	}
}

/*
 * run_shell.c: RUN script hygiene (reference section K) and the RUN side of
 * privilege and credentials (sections C and D): cd, pipefail, changing
 * /bin/sh, interactive tools, curl and wget together, wget progress bars,
 * RUNs that could be merged, scripts that do not parse, sudo, useradd with
 * a large UID, chpasswd, credentials configured in a layer.
 */
#include "util/compat.h"
#include "dockerfile/rules/run_lib.h"

enum {
	R_CD, R_PIPEFAIL, R_SHELL_LINK, R_NONSENSE, R_CURL_WGET, R_WGET_PROGRESS,
	R_CONSECUTIVE, R_SYNTAX, R_SUDO, R_USERADD, R_CHPASSWD, R_CREDS,
};

#define SEEN_CURL 4u
#define SEEN_WGET 8u
#define SEEN_BOTH_REPORTED 16u

/* Contexts that run in their own process: a cd there changes nothing else. */
#define CD_SCOPED (SH_CTX_SUBSHELL | SH_CTX_SUBST | SH_CTX_FUNC | SH_CTX_CMDSTR)

static void check_cd(struct run_ctx *rc)
{
	size_t i;

	for (i = 0; i < rc->nitems; i++) {
		const struct sh_cmd *c = rc->items[i].cmd;
		struct sh_view v;

		if (strcmp(run_name(c, &v), "cd") || (c->ctx & CD_SCOPED) ||
		    c->pipe_len)
			continue;
		if (v.argc > 1 && !strcmp(v.argv[1].text, "-"))
			continue;
		run_report_cmd(rc, rc->items[i].u, c,
			       "'cd%s%s' in RUN: use WORKDIR to change the "
			       "directory for later instructions",
			       v.argc > 1 ? " " : "", v.argc > 1 ? v.argv[1].text : "");
		return;     /* once per RUN */
	}
}

/* A pipeline element whose failure cannot matter (echo, printf, yes, …). */
static bool harmless_source(const struct sh_cmd *c)
{
	static const char *const names[] = {
		"echo", "printf", "yes", "true", ":", NULL,
	};
	struct sh_view v;
	const char *const *n;
	size_t k;

	sh_view_of(&v, c);
	for (n = names; *n; n++)
		if (sh_view_is(&v, *n))
			return true;
	/* cat <<EOF / cat <<<"x": the input is in the script */
	if (sh_view_is(&v, "cat") && v.argc == 1)
		for (k = 0; k < c->nredir; k++)
			if (c->redir[k]->op == SH_REDIR_HEREDOC ||
			    c->redir[k]->op == SH_REDIR_HEREDOC_TAB ||
			    c->redir[k]->op == SH_REDIR_HERESTR)
				return true;
	return false;
}

/* The pipeline of item i ends in `sha256sum -c`: a failed producer makes
 * the check fail too (no checksum lines), so the exit status is not lost. */
static bool ends_in_check(const struct run_ctx *rc, size_t i)
{
	const struct sh_cmd *c = rc->items[i].cmd;
	size_t k;

	for (k = i + 1; k < rc->nitems && k - i <= 64; k++) {
		const struct sh_cmd *n = rc->items[k].cmd;
		struct sh_view v;
		size_t j;

		if (rc->items[k].u != rc->items[i].u || n->pipeline != c->pipeline ||
		    n->pipe_pos + 1 != n->pipe_len)
			continue;
		sh_view_of(&v, n);
		if (!sg_endswith(v.name, "sum"))
			return false;
		for (j = 1; j < v.argc; j++)
			if (!strcmp(v.argv[j].text, "--check") ||
			    (v.argv[j].text[0] == '-' && v.argv[j].text[1] != '-' &&
			     strchr(v.argv[j].text, 'c')))
				return true;
		return false;
	}
	return false;
}

static void check_pipefail(struct run_ctx *rc)
{
	size_t i;

	if (rc->pipefail)
		return;
	for (i = 0; i < rc->nitems; i++) {
		const struct sh_cmd *c = rc->items[i].cmd;
		struct sh_view v;

		if (!c->pipe_len || c->pipe_pos + 1 == c->pipe_len ||
		    harmless_source(c) || ends_in_check(rc, i))
			continue;
		if (sh_sets_pipefail(rc->items[i].u->sh))
			continue;
		run_report_cmd(rc, rc->items[i].u, c,
			       "the exit status of '%s' is lost in the pipe; set "
			       "'SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]' "
			       "or start the RUN with 'set -o pipefail'",
			       run_name(c, &v));
		return;
	}
}

static bool is_bin_sh(const char *s)
{
	return !strcmp(s, "/bin/sh") || !strcmp(s, "/usr/bin/sh");
}

static void check_shell_link(struct run_ctx *rc)
{
	size_t i, k;

	for (i = 0; i < rc->nitems; i++) {
		const struct sh_cmd *c = rc->items[i].cmd;
		struct sh_view v;
		const char *name = run_name(c, &v);
		bool hit = false;

		if (!strcmp(name, "ln") || !strcmp(name, "mv") ||
		    !strcmp(name, "cp")) {
			hit = v.argc > 2 && is_bin_sh(v.argv[v.argc - 1].text);
		} else if (!strcmp(name, "update-alternatives")) {
			for (k = 1; k + 1 < v.argc; k++)
				if (!strcmp(v.argv[k].text, "--install") &&
				    is_bin_sh(v.argv[k + 1].text))
					hit = true;
		}
		if (hit)
			run_report_cmd(rc, rc->items[i].u, c,
				       "'%s' replaces /bin/sh; use the SHELL "
				       "instruction to pick the shell RUN uses", name);
	}
}

/*
 * `RUN powershell -Command …` runs every step through a second shell; the
 * text need not be sh (Windows images run cmd), so only its first word is
 * read.  Not reported when SHELL already selects a non-sh shell.
 */
static void check_run_powershell(struct run_ctx *rc)
{
	const struct df_instr *in = rc->in;
	char first[32];
	size_t n = 0;
	uint32_t i;

	if (rc->shell && rc->shell->nonposix)
		return;
	if (in->json) {
		if (!in->nargs || !in->args[0].value)
			return;
		(void)snprintf(first, sizeof(first), "%s",
			       sh_basename(in->args[0].value));
		n = strlen(first);
	} else if (!in->heredoc_script) {
		for (i = in->args_off; i < in->text_len && n + 1 < sizeof(first) &&
		     !sg_isspace((unsigned char)in->text[i]); i++)
			first[n++] = (char)sg_tolower((unsigned char)in->text[i]);
		first[n] = '\0';
	}
	if (n > 4 && !strcmp(first + n - 4, ".exe"))
		first[n - 4] = '\0';
	if (strcmp(first, "powershell") && strcmp(first, "pwsh"))
		return;
	run_report(rc, NULL, 0, 0,
		   "RUN starts %s for its command; set SHELL [\"%s\", "
		   "\"-Command\"] instead", first, first);
}

static void check_shell_change(struct run_ctx *rc)
{
	check_run_powershell(rc);
	if (rc->nonposix)
		return;
	check_shell_link(rc);
}

static void check_nonsense(struct run_ctx *rc)
{
	static const char *const names[] = {
		"free", "kill", "mount", "ps", "service", "shutdown", "ssh",
		"top", "vim", "vi", "nano", "ifconfig", NULL,
	};
	size_t i;

	for (i = 0; i < rc->nitems; i++) {
		const struct sh_cmd *c = rc->items[i].cmd;
		struct sh_view v;
		const char *name = run_name(c, &v);

		if (sg_str_in(name, names))
			run_report_cmd(rc, rc->items[i].u, c,
				       "'%s' makes no sense in a build step "
				       "(nothing is running, nobody is "
				       "watching)", name);
	}
}

static void check_curl_wget(struct run_ctx *rc)
{
	size_t i;

	if (rc->stage < 0 || rc->stage >= RUN_MAX_STAGES)
		return;
	for (i = 0; i < rc->nitems; i++) {
		const struct sh_cmd *c = rc->items[i].cmd;
		struct sh_view v;
		const char *name = run_name(c, &v);
		uint32_t bit = !strcmp(name, "curl") ? SEEN_CURL
			       : !strcmp(name, "wget") ? SEEN_WGET : 0;
		uint8_t *seen = &rc->st->seen[rc->stage];

		if (!bit)
			continue;
		*seen |= bit;
		if ((*seen & (SEEN_CURL | SEEN_WGET)) ==
		    (SEEN_CURL | SEEN_WGET) && !(*seen & SEEN_BOTH_REPORTED)) {
			*seen |= SEEN_BOTH_REPORTED;
			run_report_cmd(rc, rc->items[i].u, c,
				       "both curl and wget are used in this stage; "
				       "pick one");
		}
	}
}

static void check_wget_progress(struct run_ctx *rc)
{
	size_t i;

	for (i = 0; i < rc->nitems; i++) {
		const struct sh_cmd *c = rc->items[i].cmd;
		struct sh_view v;
		struct sh_args a;
		static const char *const longv[] = {
			"output-file", "append-output", "output-document",
			"progress", NULL,
		};
		static const struct sh_optspec spec = { "oaOPeUtTw", longv };

		if (strcmp(run_name(c, &v), "wget"))
			continue;
		sh_args_parse(&a, &v, &spec);
		if (sh_args_find(&a, "q", "quiet") ||
		    sh_args_find(&a, NULL, "no-verbose") ||
		    sh_args_find(&a, NULL, "progress") ||
		    sh_args_find(&a, "o", "output-file") ||
		    sh_args_find(&a, "a", "append-output") ||
		    sh_args_find(&a, NULL, "nv"))
			continue;
		/* -nv is one option to wget, two letters to a cluster parser */
		if (sh_args_find(&a, "n", NULL) && sh_args_find(&a, "v", NULL))
			continue;
		run_report_cmd(rc, rc->items[i].u, c,
			       "wget without --progress=dot:giga, -nv or -q fills "
			       "the build log with progress bars");
	}
}

static void consecutive_other(struct df_ctx *c, const struct df_instr *in,
			      struct run_state *st)
{
	st->prev = NULL;
}

static void check_consecutive(struct run_ctx *rc)
{
	const struct df_instr *prev = rc->st->prev;
	const struct df_instr *in = rc->in;
	size_t n = rc->nitems;
	bool parsed = rc->nunit == 1 && rc->unit[0].sh;

	rc->st->prev = NULL;
	if (in->heredoc_script || in->nflags || !parsed || n > 2)
		return;
	if (prev && prev->stage == in->stage && rc->st->prev_ncmds <= 2)
		run_report(rc, NULL, 0, 0,
			   "RUN follows another short RUN (line %u); merge them "
			   "to save a layer", prev->span.line);
	rc->st->prev = in;
	rc->st->prev_ncmds = (uint32_t)n;
}

static void check_syntax(struct run_ctx *rc)
{
	size_t i;

	for (i = 0; i < rc->nunit; i++) {
		const struct run_unit *u = &rc->unit[i];
		const char *msg;
		size_t n;

		if (u->sh || u->err.code != SG_EINVALID)
			continue;
		msg = run_unit_error(u, &n);
		run_report(rc, u, u->err_off,
			   u->err_off < u->len ? 1 : 0,
			   "the RUN script is not valid sh: %.*s", (int)n, msg);
	}
}

static void check_sudo(struct run_ctx *rc)
{
	size_t i;

	for (i = 0; i < rc->nitems; i++) {
		const struct sh_cmd *c = rc->items[i].cmd;
		struct sh_view v;

		sh_view_of(&v, c);
		if (!v.via_sudo && !sh_view_is(&v, "sudo") &&
		    !sh_view_is(&v, "doas"))
			continue;
		run_report_cmd(rc, rc->items[i].u, c,
			       "sudo in RUN: build steps already run as the "
			       "current USER; switch with USER instead");
		return;
	}
}

static void check_useradd(struct run_ctx *rc)
{
	static const char *const longv[] = {
		"uid", "gid", "home-dir", "shell", "comment", "groups",
		"key", "expiredate", "inactive", "password", "root", "prefix",
		"skel", "selinux-user", "base-dir", "btrfs-subvolume-home", NULL,
	};
	static const struct sh_optspec spec = { "ugdscGKefpRPbkZ", longv };
	size_t i;

	for (i = 0; i < rc->nitems; i++) {
		const struct sh_cmd *c = rc->items[i].cmd;
		const struct sh_opt *o;
		struct sh_view v;
		struct sh_args a;
		uint64_t uid;

		if (strcmp(run_name(c, &v), "useradd"))
			continue;
		sh_args_parse(&a, &v, &spec);
		o = sh_args_find(&a, "u", "uid");
		if (!o || !o->value || sh_args_find(&a, "l", "no-log-init") ||
		    sg_parse_u64(o->value, strlen(o->value), &uid) < 0 ||
		    uid < 65536)
			continue;
		run_report_cmd(rc, rc->items[i].u, c,
			       "useradd with UID %s without -l/--no-log-init "
			       "writes a sparse lastlog of ~%llu MB into the layer",
			       o->value,
			       (unsigned long long)(uid * 292 / 1000000));
	}
}

static void check_chpasswd(struct run_ctx *rc)
{
	size_t i;

	for (i = 0; i < rc->nitems; i++) {
		const struct sh_cmd *c = rc->items[i].cmd;
		struct sh_view v;

		if (strcmp(run_name(c, &v), "chpasswd"))
			continue;
		run_report_cmd(rc, rc->items[i].u, c,
			       "chpasswd sets a password that is stored in the "
			       "image layer (and usually in the Dockerfile)");
	}
}

/* word i+1.. of v equals the words `seq` */
static bool has_seq(const struct sh_view *v, const char *const *seq)
{
	size_t k, j;

	for (k = 1; k < v->argc; k++) {
		for (j = 0; seq[j] && k + j < v->argc; j++)
			if (strcmp(v->argv[k + j].text, seq[j]))
				break;
		if (!seq[j])
			return true;
	}
	return false;
}

static bool has_word(const struct sh_view *v, const char *const *any)
{
	size_t k;
	const char *const *a;

	for (k = 1; k < v->argc; k++)
		for (a = any; *a; a++)
			if (!strcmp(v->argv[k].text, *a) ||
			    (sg_startswith(v->argv[k].text, *a) &&
			     v->argv[k].text[strlen(*a)] == '=' && (*a)[0] == '-'))
				return true;
	return false;
}

static const char *credential_cmd(const struct sh_view *v)
{
	static const char *const aws_id[] = {
		"configure", "set", "aws_access_key_id", NULL };
	static const char *const aws_secret[] = {
		"configure", "set", "aws_secret_access_key", NULL };
	static const char *const aws_token[] = {
		"configure", "set", "aws_session_token", NULL };
	static const char *const gcloud[] = {
		"auth", "activate-service-account", NULL };
	static const char *const az_secret[] = {
		"-p", "--password", "--federated-token", NULL };
	static const char *const doctl[] = { "auth", "init", NULL };
	static const char *const doctl_tok[] = { "-t", "--access-token", NULL };
	static const char *const login[] = { "login", NULL };
	static const char *const docker_pw[] = { "-p", "--password", NULL };

	if (sh_view_is(v, "aws") && (has_seq(v, aws_id) ||
				     has_seq(v, aws_secret) ||
				     has_seq(v, aws_token)))
		return "aws configure set";
	if (sh_view_is(v, "gcloud") && has_seq(v, gcloud))
		return "gcloud auth activate-service-account";
	if (sh_view_is(v, "az") && has_seq(v, login) && has_word(v, az_secret))
		return "az login with a secret";
	if (sh_view_is(v, "doctl") && has_seq(v, doctl) &&
	    has_word(v, doctl_tok))
		return "doctl auth init with a token";
	if ((sh_view_is(v, "docker") || sh_view_is(v, "podman") ||
	     sh_view_is(v, "helm")) && has_seq(v, login) &&
	    has_word(v, docker_pw))
		return "registry login with a password argument";
	return NULL;
}

static void check_creds(struct run_ctx *rc)
{
	size_t i;

	if (rc->secret_mount)
		return;
	for (i = 0; i < rc->nitems; i++) {
		const struct sh_cmd *c = rc->items[i].cmd;
		struct sh_view v;
		const char *what;

		sh_view_of(&v, c);
		if (!(what = credential_cmd(&v)))
			continue;
		run_report_cmd(rc, rc->items[i].u, c,
			       "%s in RUN stores the credential in the image and "
			       "its history; pass it with --mount=type=secret",
			       what);
	}
}

static const struct run_rule rules[] = {
	RULE(R_CD, 0, .id = "SGD150", .name = "run-cd",
	     .title = "cd in RUN instead of WORKDIR",
	     .help = "A `cd` only lasts for its RUN; the next instruction is "
		     "back in the WORKDIR, which surprises readers and breaks "
		     "relative paths. WORKDIR states the directory once for "
		     "every following instruction.\n\n"
		     "Not reported inside a subshell `( cd x && make )`, a "
		     "command substitution, a function or an `sh -c` string "
		     "(the change is local there on purpose), for `cd -`, or in "
		     "a pipeline. One finding per RUN.\n\n"
		     "Fix:\n\n```dockerfile\nWORKDIR /src/app\nRUN make\n```",
	     .aliases = SG_ALIASES("DL3003", "DS-0013",
				   "RUN Instruction Using 'cd' Instead of WORKDIR",
				   "use-workdir"),
	     .practice = SG_PRACTICE_PATCHING,
	     .severity = SG_SEVERITY_LOW)
		.needles = RUN_N(CD),
		.run = check_cd,
	},
	RULE(R_PIPEFAIL, 0, .id = "SGD151", .name = "run-pipe-without-pipefail",
	     .title = "Pipe in RUN without pipefail",
	     .help = "A shell reports the exit status of the *last* command of "
		     "a pipeline: in `curl -fsSL $URL | tar xz` a failed "
		     "download still lets the build continue with a partial or "
		     "empty result.\n\n"
		     "Not reported when the stage's SHELL runs bash/zsh/ash/ksh "
		     "with `-o pipefail`, when the RUN starts with `set -o "
		     "pipefail` (also `set -euo pipefail`), when every "
		     "command feeding the pipe cannot fail (`echo`, `printf`, "
		     "`yes`, `cat <<EOF`), or when the pipe ends in a checksum "
		     "check (`grep x SHASUMS | sha256sum -c -`), which fails by "
		     "itself when its input is missing.\n\n"
		     "Fix:\n\n```dockerfile\nSHELL [\"/bin/bash\", \"-o\", "
		     "\"pipefail\", \"-c\"]\nRUN curl -fsSL https://example.com/"
		     "x.tgz | tar xz\n```\n\nOn Alpine (BusyBox ash): `RUN set -o "
		     "pipefail && wget -qO- $URL | tar xz`.",
	     .aliases = SG_ALIASES("DL4006",
				   "Shell Running A Pipe Without Pipefail Flag",
				   "set-pipefail"),
	     .practice = SG_PRACTICE_PATCHING,
	     .severity = SG_SEVERITY_LOW)
		.needles = RUN_N(PIPE),
		.run = check_pipefail,
	},
	RULE(R_SHELL_LINK, 0, .id = "SGD152", .name = "run-replaces-bin-sh",
	     .title = "RUN replaces /bin/sh instead of using SHELL",
	     .help = "Linking or copying another shell over /bin/sh changes "
		     "every script in the image that expects a POSIX sh, not "
		     "just the build. The SHELL instruction changes the shell "
		     "of RUN only, and says so where readers look. Also "
		     "reported: a RUN that starts `powershell`/`pwsh` while "
		     "SHELL is still the default.\n\n"
		     "Fix:\n\n```dockerfile\nSHELL [\"/bin/bash\", \"-o\", "
		     "\"pipefail\", \"-c\"]\n```",
	     .aliases = SG_ALIASES("DL4005",
				   "Changing Default Shell Using RUN Command",
				   "use-shell-instruction"),
	     .practice = SG_PRACTICE_PATCHING,
	     .severity = SG_SEVERITY_LOW)
		.run = check_shell_change, .any_run = true,
	},
	RULE(R_NONSENSE, 0, .id = "SGD153", .name = "run-interactive-command",
	     .title = "Interactive or system command in RUN",
	     .help = "`ssh`, `vim`, `nano`, `top`, `ps`, `free`, `kill`, "
		     "`mount`, `service`, `shutdown`, `ifconfig` do nothing "
		     "useful in a build step: nothing is running yet and nobody "
		     "is at the terminal. Usually they are leftovers of "
		     "debugging or of a VM provisioning script; `service x "
		     "start` does not keep x running in the image.\n\n"
		     "Fix: remove the command; start services from CMD or "
		     "ENTRYPOINT.",
	     .aliases = SG_ALIASES("DL3001", "Run Utilities And POSIX Commands",
				   "nonsensical-command"),
	     .practice = SG_PRACTICE_MINIMAL_IMAGE,
	     .severity = SG_SEVERITY_INFO)
		.needles = RUN_N(FREE) | RUN_N(KILL) | RUN_N(MOUNT) | RUN_N(PS) |
			    RUN_N(SERVICE) | RUN_N(SHUTDOWN) | RUN_N(SSH) |
			    RUN_N(TOP) | RUN_N(VI) | RUN_N(NANO) |
			    RUN_N(IFCONFIG),
		.run = check_nonsense,
	},
	RULE(R_CURL_WGET, 0, .id = "SGD154", .name = "curl-and-wget",
	     .title = "Both curl and wget used in one stage",
	     .help = "Installing and using two download tools doubles what the "
		     "image carries for the same job. Pick one (curl is "
		     "usually already there, BusyBox has wget).\n\n"
		     "Fix:\n\n```dockerfile\nRUN curl -fsSLo /tmp/a.tgz $A_URL "
		     "&& curl -fsSLo /tmp/b.tgz $B_URL\n```",
	     .aliases = SG_ALIASES("DL4001", "DS-0014", "Run Using 'wget' and 'curl'",
				   "use-either-wget-or-curl"),
	     .practice = SG_PRACTICE_MINIMAL_IMAGE,
	     .severity = SG_SEVERITY_INFO)
		.needles = RUN_N(CURL) | RUN_N(WGET),
		.run = check_curl_wget,
	},
	RULE(R_WGET_PROGRESS, 0, .id = "SGD155", .name = "wget-progress-bar",
	     .title = "wget without a quiet progress option",
	     .help = "wget's default progress bar writes thousands of lines "
		     "into a non-interactive build log, hiding the lines that "
		     "matter.\n\n"
		     "Accepted: `--progress=…`, `-q`/`--quiet`, `-nv`/`--no-"
		     "verbose`, `-o`/`--output-file`, `-a`/`--append-output`.\n\n"
		     "Fix:\n\n```dockerfile\nRUN wget --progress=dot:giga -O "
		     "/tmp/x.tgz https://example.com/x.tgz\n```",
	     .aliases = SG_ALIASES("DL3047"),
	     .practice = SG_PRACTICE_LOGGING,
	     .severity = SG_SEVERITY_INFO)
		.needles = RUN_N(WGET),
		.run = check_wget_progress,
	},
	RULE(R_CONSECUTIVE, DF_ON_ALL, .id = "SGD156", .name = "run-consecutive",
	     .title = "Consecutive short RUN instructions could be one",
	     .help = "Each RUN is a layer. Two adjacent RUNs of one or two "
		     "commands each (no flags, no heredoc) usually belong "
		     "together. Off by default: separate RUNs cache better "
		     "while a Dockerfile is being developed, and many teams "
		     "prefer them for readability.\n\n"
		     "Fix:\n\n```dockerfile\nRUN mkdir -p /app/data \\\n && chown "
		     "app /app/data\n```",
	     .aliases = SG_ALIASES("DL3059",
				   "Multiple RUN, ADD, COPY, Instructions Listed"),
	     .practice = SG_PRACTICE_MINIMAL_IMAGE,
	     .severity = SG_SEVERITY_INFO, .flags = SG_RULE_OFF_BY_DEFAULT)
		.run = check_consecutive, .any_run = true,
		.other_on = DF_ON_ALL & ~DF_ON(DF_RUN),
		.other = consecutive_other,
	},
	RULE(R_SYNTAX, 0, .id = "SGD157", .name = "run-shell-syntax",
	     .title = "RUN script is not valid sh",
	     .help = "The shell-form RUN (or its heredoc script) does not parse "
		     "as a POSIX/bash script: an unterminated quote, a missing "
		     "`fi` or `done`, a stray operator. The build fails at this "
		     "step, or worse, runs something else than intended. The "
		     "finding points at the offending byte.\n\n"
		     "Not checked when SHELL (or a `# hadolint shell=` pragma) "
		     "selects a non-sh shell such as PowerShell, or for heredoc "
		     "bodies with a non-sh `#!`.\n\n"
		     "Fix: close the construct.\n\n```dockerfile\nRUN if [ -f x ]; "
		     "then make; fi\n```",
	     .practice = SG_PRACTICE_PATCHING,
	     .severity = SG_SEVERITY_MEDIUM)
		.run = check_syntax,
	},
	RULE(R_SUDO, 0, .id = "SGD160", .name = "run-sudo",
	     .title = "sudo in RUN",
	     .help = "RUN already executes as the current USER; `sudo` in a "
		     "build means the image ships sudo (and a sudoers policy) "
		     "that a compromised process can use to become root, and "
		     "its TTY and environment handling makes builds "
		     "unpredictable. Switch users with USER.\n\n"
		     "Found anywhere in the script, also behind env, xargs or "
		     "inside `sh -c`. `doas` counts too. One finding per RUN.\n\n"
		     "Fix:\n\n```dockerfile\nUSER root\nRUN apt-get update && "
		     "apt-get install -y --no-install-recommends curl\nUSER "
		     "10001\n```",
	     .aliases = SG_ALIASES("DL3004", "DS-0010", "CKV2_DOCKER_1",
				   "Run Using Sudo", "sudo_usage",
				   "no-sudo-in-dockerfile", "DKL-DI-0001"),
	     .practice = SG_PRACTICE_NON_ROOT,
	     .severity = SG_SEVERITY_MEDIUM)
		.needles = RUN_N(SUDO) | RUN_N(DOAS),
		.run = check_sudo,
	},
	RULE(R_USERADD, 0, .id = "SGD161", .name = "useradd-without-no-log-init",
	     .title = "useradd with a large UID without -l",
	     .help = "useradd records every user in /var/log/lastlog and "
		     "faillog, files indexed by UID: a UID of 100000 makes a "
		     "sparse file of ~29 MB, which image layers store densely. "
		     "`-l` (`--no-log-init`) skips it.\n\n"
		     "Fix:\n\n```dockerfile\nRUN useradd --no-log-init -u 123456 "
		     "app\n```",
	     .aliases = SG_ALIASES("DL3046"),
	     .practice = SG_PRACTICE_MINIMAL_IMAGE,
	     .severity = SG_SEVERITY_LOW)
		.needles = RUN_N(USERADD),
		.run = check_useradd,
	},
	RULE(R_CHPASSWD, 0, .id = "SGD162", .name = "run-chpasswd",
	     .title = "chpasswd used in RUN",
	     .help = "`echo 'user:password' | chpasswd` puts a password in the "
		     "Dockerfile, the build history and the image's "
		     "/etc/shadow, identical in every container. Containers "
		     "should not need password logins; if one is needed, set it "
		     "at run time from a secret.\n\n"
		     "Fix: remove password logins (`passwd -l user`), or set "
		     "the password at start-up from a mounted secret.",
	     .aliases = SG_ALIASES("CKV2_DOCKER_17"),
	     .practice = SG_PRACTICE_VULN_SCANNING,
	     .severity = SG_SEVERITY_MEDIUM)
		.needles = RUN_N(CHPASSWD),
		.run = check_chpasswd,
	},
	RULE(R_CREDS, 0, .id = "SGD163", .name = "run-credential-setup",
	     .title = "Credentials configured in a RUN layer",
	     .help = "`aws configure set aws_secret_access_key …`, `gcloud auth "
		     "activate-service-account`, `az login -p …`, `doctl auth "
		     "init -t …` and `docker login -p …` write the credential "
		     "into the image (config files) and the command line into "
		     "the build history. Anyone who can pull the image has "
		     "it.\n\n"
		     "Not reported when the RUN mounts a secret "
		     "(`--mount=type=secret`).\n\n"
		     "Fix:\n\n```dockerfile\nRUN --mount=type=secret,id=aws,"
		     "target=/root/.aws/credentials \\\n    aws s3 cp "
		     "s3://bucket/model.bin /models/\n```",
	     .aliases = SG_ALIASES("DS-0031"),
	     .practice = SG_PRACTICE_VULN_SCANNING,
	     .severity = SG_SEVERITY_HIGH)
		.needles = RUN_N(AWS) | RUN_N(GCLOUD) | RUN_N(AZ) |
			    RUN_N(DOCTL) | RUN_N(LOGIN),
		.run = check_creds,
	},
};

const struct sg_rule_table df_rules_run_shell = SG_RULE_TABLE(rules);

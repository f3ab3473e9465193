/*
 * run_lib.h: what the RUN rules (run_*.c) share.
 *
 * A RUN rule is a `struct run_rule`: the engine's df_rule first (so the
 * registry and engine see an ordinary Dockerfile rule), then the function
 * that looks at one RUN through the shell model.  run_check() is the
 * df_rule check of all of them: it tracks SHELL per stage, skips RUNs that
 * are not sh (a PowerShell SHELL, a python heredoc), parses the script once
 * per RUN for all the rules (struct run_parsed) and hands each a
 * `struct run_ctx`.
 *
 * A RUN has one or more scripts (`units`): the shell-form text (or the exec
 * form, re-read as one command), a `RUN <<EOF` body, and the bodies of
 * here-documents fed to a shell (`RUN bash <<EOF`).  Offsets in a unit map
 * back to the physical line through the Dockerfile AST, so findings point at
 * the offending command.
 */
#ifndef SG_DOCKERFILE_RULES_RUN_LIB_H
#define SG_DOCKERFILE_RULES_RUN_LIB_H

#include "util/compat.h"
#include "dockerfile/rules/rules.h"
#include "dockerfile/shell.h"
#include "dockerfile/pkgmgr.h"

#define RUN_MAX_UNITS 8
#define RUN_MAX_MOUNTS 16
#define RUN_MAX_STAGES 128

/*
 * The words RUN rules look for before anything else (see .needles): a RUN
 * whose text holds none of a rule's words is skipped without being parsed.
 * Searched once per RUN, all together; a rule names its words by RUN_N(ID).
 */
#define RUN_NEEDLE_LIST(X) \
	X(APT, "apt") \
	X(APK, "apk") \
	X(YUM, "yum") \
	X(DNF, "dnf") \
	X(ZYPPER, "zypper") \
	X(CURL, "curl") \
	X(WGET, "wget") \
	X(FETCH, "fetch") \
	X(CHMOD, "chmod") \
	X(MODE_OPT, "-m") \
	X(CLONE, "clone") \
	X(PIP, "pip") \
	X(NPM, "npm") \
	X(YARN, "yarn") \
	X(PNPM, "pnpm") \
	X(GEM, "gem") \
	X(GO_CMD, "go ") \
	X(MICRODNF, "microdnf") \
	X(CD, "cd") \
	X(PIPE, "|") \
	X(FREE, "free") \
	X(KILL, "kill") \
	X(MOUNT, "mount") \
	X(PS, "ps") \
	X(SERVICE, "service") \
	X(SHUTDOWN, "shutdown") \
	X(SSH, "ssh") \
	X(TOP, "top") \
	X(VI, "vi") \
	X(NANO, "nano") \
	X(IFCONFIG, "ifconfig") \
	X(SUDO, "sudo") \
	X(DOAS, "doas") \
	X(USERADD, "useradd") \
	X(CHPASSWD, "chpasswd") \
	X(AWS, "aws") \
	X(GCLOUD, "gcloud") \
	X(AZ, "az") \
	X(DOCTL, "doctl") \
	X(LOGIN, "login") \
	X(TRUSTED_HOST, "trusted-host") \
	X(PIP_TRUSTED_HOST, "PIP_TRUSTED_HOST") \
	X(PYTHONHTTPSVERIFY, "PYTHONHTTPSVERIFY") \
	X(NODE_TLS_REJECT, "NODE_TLS_REJECT_UNAUTHORIZED") \
	X(STRICT_SSL_UC, "STRICT_SSL") \
	X(STRICT_SSL, "strict_ssl") \
	X(TRICT_SSL, "trict-ssl") \
	X(STRICTSSL_CAMEL, "StrictSsl") \
	X(GIT_SSL_NO_VERIFY, "GIT_SSL_NO_VERIFY") \
	X(SSLVERIFY_CAMEL, "sslVerify") \
	X(SSLVERIFY, "sslverify") \
	X(SSLVERIFY_UC, "SSLVERIFY") \
	X(ALLOW_UNTRUSTED, "allow-untrusted") \
	X(ALLOW_OPT, "allow-") \
	X(ALLOW_UC, "Allow") \
	X(TRUSTED_YES, "trusted=yes") \
	X(FORCE_YES, "force-yes") \
	X(GPGCHECK, "gpgcheck") \
	X(GPG_CHECK_OPT, "gpg-check") \
	X(NO_OPT, "--no")

enum run_needle {
#define RUN_NEEDLE_ID(id, text) RUN_N_##id,
	RUN_NEEDLE_LIST(RUN_NEEDLE_ID)
#undef RUN_NEEDLE_ID
	RUN_N_COUNT
};

#define RUN_N(id) (UINT64_C(1) << RUN_N_##id)

struct run_unit {
	const char *src;
	char *owned;                    /* src when built here (exec form) */
	sg_error err;                   /* parse error when sh is NULL */
	size_t err_off;
	size_t len;
	struct sh_script *sh;
	const struct df_heredoc *doc;   /* body of this heredoc, or NULL */
	uint32_t base;                  /* offset of src in the instruction text */
	bool whole;                     /* offsets do not map: report the RUN */
};

/* Per stage, what every RUN rule needs to know about the shell. */
struct run_shell {
	bool set;               /* a SHELL was seen for this stage (or inherited) */
	bool pipefail;          /* SHELL [bash, -o, pipefail, -c] */
	bool nonposix;          /* SHELL runs pwsh / cmd / python: not sh */
};

/* A rule's per-file state (a hundred rules: keep it small). */
struct run_state {
	/* per-stage facts some rules accumulate (curl vs wget, env) */
	uint8_t seen[RUN_MAX_STAGES];
	const struct df_instr *prev;    /* previous instruction (adjacency) */
	uint32_t prev_ncmds;
};

/* One command of the RUN, with the script it came from and the command it
 * runs (wrappers looked through once, for every rule). */
struct run_item {
	const struct run_unit *u;
	const struct sh_cmd *cmd;
	struct sh_view view;
};

struct run_parsed;

struct run_ctx {
	struct df_ctx *c;
	const struct df_instr *in;
	struct run_state *st;
	int stage;
	const struct run_unit *unit;    /* the RUN's scripts (shared) */
	size_t nunit;
	const char *mounts[RUN_MAX_MOUNTS];     /* cache and tmpfs targets */
	size_t nmounts;
	bool secret_mount;
	const struct run_shell *shell;  /* SHELL of this stage, or NULL */
	bool pipefail;          /* from SHELL of this stage */
	bool nonposix;          /* the RUN text is not sh (any_run rules only) */
	const struct run_item *items;   /* every command of every unit, in order */
	size_t nitems;
	struct run_parsed *parsed;      /* owner of items; see run_pm() */
};

/*
 * The current RUN's scripts, parsed once for every RUN rule (the engine runs
 * all rules on one instruction before the next); in df_ctx.shared.
 */
struct run_parsed {
	const struct df_instr *in;      /* whose scripts these are */
	size_t nunit;
	struct run_item *items;
	size_t nitems;
	/* run_pm(): each item classified once, by the first rule that asks */
	struct pm_cmd **pm;             /* per item; NULL: not a package manager */
	unsigned char *pm_done;         /* per item: pm[i] is known */
	struct pm_cmd *scratch;         /* where the next classification goes */
	/* per stage, what every rule needs to know of the shell */
	struct run_shell shell[RUN_MAX_STAGES];
	/* What every rule asks of the current instruction before parsing it,
	 * worked out by the first RUN rule that sees it (see seen()). */
	const struct df_instr *seen_in;
	struct run_ctx base;            /* a RUN's shell and mounts */
	uint64_t needles;               /* RUN_N() bits of the words it holds */
	/* RUN_N() bits of the words by their first, second and third byte;
	 * short2, short3: the words shorter than two, three bytes */
	uint64_t first[256], second[256], third[256], short2, short3;
	char *plain;                    /* scratch of needles_of() */
	size_t plain_cap;
	bool units_dropped;             /* more scripts than RUN_MAX_UNITS */
	const struct df_instr *limits_done;     /* report_limits() ran for it */
	/* last and not zeroed (9 KiB of errors): add_unit() sets each one
	 * it hands out */
	struct run_unit unit[RUN_MAX_UNITS];
};

struct run_rule {
	struct df_rule df;
	/* The RUN is skipped unless its text holds one of these words, RUN_N()
	 * bits (0: any). */
	uint64_t needles;
	void (*run)(struct run_ctx *rc);
	/* Other instruction kinds (ENV, ARG, COPY…): `other_on` mask. */
	uint32_t other_on;
	void (*other)(struct df_ctx *c, const struct df_instr *in,
		      struct run_state *st);
	/* The adjacency rule needs every RUN, sh or not. */
	bool any_run;
	/* Rules shared by several tools: PM_BIT(tool) mask. */
	uint32_t tools;
	/* Anything else the rule's functions need. */
	const void *data;
};

/*
 * RULE(index, extra instruction kinds, descriptor…) opens one entry of a
 * RUN rule table; the entry goes on with the run_rule fields (.needles,
 * .run, …) and its closing brace.
 */
#define RULE(idx, extra_on, ...)                                           \
	[idx] = {                                                          \
		.df = {                                                    \
			DF_META(__VA_ARGS__),                              \
			.on = RUN_ON | (extra_on),                         \
			.flags = DF_RULE_ONBUILD,                          \
			.check = run_check,                                \
			.state_size = sizeof(struct run_state),            \
		},

#define PM_BIT(t) (1u << (t))

/* The run_rule being run. */
static inline const struct run_rule *run_rule_cur(const struct run_ctx *rc)
{
	return (const struct run_rule *)(const void *)rc->c->rule;
}

/* The stage of this RUN ends up in the final image (or is unknown). */
bool run_in_final_image(const struct run_ctx *rc);

/* rc->st->seen of this stage or one it is built FROM has `bit`. */
bool run_stage_seen(const struct run_ctx *rc, uint32_t bit);

/* Set `bit` in the seen mask of the stage of `in`. */
void run_stage_mark(struct run_state *st, int stage, uint32_t bit);

/*
 * Item i read as a package-manager command (pm_classify), or NULL when it is
 * not one.  Classified once per RUN however many rules ask: the rules loop
 * over every command and most ask about most of them.
 */
const struct pm_cmd *run_pm(const struct run_ctx *rc, size_t i);

/* `yes | cmd`: item i's stdin comes from `yes`. */
bool run_fed_by_yes(const struct run_ctx *rc, size_t i);

#define RUN_ON (DF_ON(DF_RUN) | DF_ON(DF_FROM) | DF_ON(DF_SHELL))

/* The df_rule check of every RUN rule. */
void run_check(struct df_ctx *c, const struct df_instr *in, void *state);

/* A unit's parse error without its " at offset N" (the finding's location
 * says where); the length of that text in *n. */
const char *run_unit_error(const struct run_unit *u, size_t *n);

/* Report on a span of a unit (len 0: the whole command is unknown). */
void run_report(struct run_ctx *rc, const struct run_unit *u, size_t off,
		size_t len, const char *fmt, ...) SG_PRINTF(5, 6);
void run_report_cmd(struct run_ctx *rc, const struct run_unit *u,
		    const struct sh_cmd *cmd, const char *fmt, ...)
	SG_PRINTF(4, 5);
void run_report_word(struct run_ctx *rc, const struct run_unit *u,
		     const struct sh_word *w, const char *fmt, ...)
	SG_PRINTF(4, 5);

/* A cache or tmpfs mount of this RUN covers the tool's cache. */
bool run_mount_covers(const struct run_ctx *rc, enum pm_tool tool);

/* Is an environment variable set for `cmd` (prefix, env wrapper, earlier
 * `export` in the same unit) to a value; returns the value or NULL. */
const char *run_env_value(const struct run_unit *u, const struct sh_cmd *cmd,
			  const char *name);

/* Name of the command as the rules see it (wrappers looked through). */
static inline const char *run_name(const struct sh_cmd *cmd, struct sh_view *v)
{
	sh_view_of(v, cmd);
	return v->name;
}

/* Tables, one per file; listed in src/core/registry.c. */
extern const struct sg_rule_table df_rules_run_apt;
extern const struct sg_rule_table df_rules_run_pkg;
extern const struct sg_rule_table df_rules_run_lang;
extern const struct sg_rule_table df_rules_run_shell;
extern const struct sg_rule_table df_rules_run_tls;
extern const struct sg_rule_table df_rules_run_fetch;

#endif

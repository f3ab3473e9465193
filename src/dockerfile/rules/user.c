/*
 * user.c: who the image runs as (reference section C).
 *
 * Only the final stage matters at run time, and it inherits USER from the
 * stage it is built FROM; builder stages legitimately run as root, which
 * is the most reported false positive of every peer.
 */
#include "util/compat.h"
#include "dockerfile/rules/rules.h"

enum { R_ROOT, R_MISSING, R_NUMERIC, R_CHOWN };

#define MAX_CHAIN 256

/* The last USER in effect for the final stage, or NULL. */
static const struct df_instr *last_user(const struct df_file *f)
{
	const struct df_stage *chain[MAX_CHAIN];
	size_t n = df_final_chain(f, chain, MAX_CHAIN), k;
	uint32_t i;

	for (k = 0; k < n; k++)
		for (i = chain[k]->last + 1; i-- > chain[k]->first;)
			if (f->instrs[i].kind == DF_USER && f->instrs[i].nargs)
				return &f->instrs[i];
	return NULL;
}

static bool is_root(const char *v)
{
	const char *colon = strchr(v, ':');
	size_t n = colon ? (size_t)(colon - v) : strlen(v);

	return (n == 4 && !strncmp(v, "root", 4)) || (n == 1 && v[0] == '0');
}

static void root_finish(struct df_ctx *c, void *s)
{
	const struct df_instr *u = last_user(c->file);

	if (!u || u->args[0].unresolved || !is_root(u->args[0].value))
		return;
	c->stage = df_instr_stage(c->file, u);
	df_report(c, u, u->args[0].off, u->args[0].len,
		  "the final image runs as '%s'", u->args[0].value);
}

static bool nonroot_base(const char *base)
{
	return base && (strstr(base, "nonroot") || strstr(base, "non-root") ||
			strstr(base, "rootless"));
}

static void missing_finish(struct df_ctx *c, void *s)
{
	const struct df_stage *chain[MAX_CHAIN];
	size_t n = df_final_chain(c->file, chain, MAX_CHAIN);
	const struct df_stage *root_stage, *fin = df_final_stage(c->file);

	if (!n || last_user(c->file))
		return;
	root_stage = chain[n - 1];
	/* scratch images have no users at all; "nonroot" bases set one */
	if (root_stage->scratch || root_stage->base_unresolved ||
	    nonroot_base(root_stage->base))
		return;
	c->stage = fin;
	/* a base named by another stage's FROM goes into the key (the
	 * final FROM's own is in its text) */
	df_report_value(c, fin->from, 0, 0,
			root_stage != fin ? root_stage->base : NULL,
			"the final stage sets no USER, so the image runs as "
			"root unless '%s' sets one",
			root_stage->base ? root_stage->base : "");
}

static void numeric_finish(struct df_ctx *c, void *s)
{
	const struct df_instr *u = last_user(c->file);
	const char *v, *p;

	if (!u || u->args[0].unresolved)
		return;
	v = u->args[0].value;
	for (p = v; *p && *p != ':'; p++)
		if (!sg_isdigit((unsigned char)*p)) {
			c->stage = df_instr_stage(c->file, u);
			df_report(c, u, u->args[0].off, u->args[0].len,
				  "USER '%s' is a name; Kubernetes runAsNonRoot "
				  "can only verify a numeric UID", v);
			return;
		}
}

static void chown(struct df_ctx *c, const struct df_instr *in, void *s)
{
	const struct df_flag *fl = df_instr_flag(in, "chown");

	if (fl)
		df_report(c, in, fl->off, fl->len,
			  "%s --chown makes the copied files writable by '%s' "
			  "at run time", df_kind_name(in->kind),
			  fl->val.value ? fl->val.value : "");
}

static const struct df_rule rules[] = {
	[R_ROOT] = {
		DF_META(.id = "SGD040", .name = "final-user-root",
			.title = "The final image runs as root",
			.help = "The last `USER` in effect for the final stage "
				"(including the stage it is built from) is `root` or "
				"UID 0, so every process in the container runs as "
				"root: a compromise of the app is a compromise of the "
				"container, and a short step from the host. Builder "
				"stages are not reported: only the image you ship "
				"counts.\n\n"
				"Fix: create an unprivileged user and switch to it "
				"last.\n\n"
				"```dockerfile\nRUN useradd --system --uid 10001 app\n"
				"USER 10001\n```",
			.aliases = SG_ALIASES("DL3002", "DS-0002", "CKV_DOCKER_8",
					      "Last User Is 'root'",
					      "last-user-is-root", "CIS-DI-0001"),
			.practice = SG_PRACTICE_NON_ROOT,
			.severity = SG_SEVERITY_HIGH),
		.finish = root_finish,
	},
	[R_MISSING] = {
		DF_META(.id = "SGD041", .name = "final-user-missing",
			.title = "The final stage never sets USER",
			.help = "Without a `USER` in the final stage (or the stage "
				"it builds on) the container runs as the base image's "
				"user, which is root for almost every public image. "
				"`scratch` images and bases whose name says `nonroot` "
				"or `rootless` are not reported; the finding sits on "
				"the final `FROM`, so a suppression above that line "
				"silences it.\n\n"
				"Fix:\n\n```dockerfile\nFROM python:3.12-slim\nRUN "
				"useradd --system --uid 10001 app\nUSER 10001\n```",
			.aliases = SG_ALIASES("DS-0002", "CKV_DOCKER_3",
					      "Missing User Instruction",
					      "missing-user", "missing-user-entrypoint",
					      "CIS-DI-0001"),
			.practice = SG_PRACTICE_NON_ROOT,
			.severity = SG_SEVERITY_HIGH),
		.finish = missing_finish,
	},
	[R_NUMERIC] = {
		DF_META(.id = "SGD042", .name = "final-user-not-numeric",
			.title = "The final USER is a name, not a numeric UID",
			.help = "Kubernetes `runAsNonRoot` cannot tell whether a "
				"user *name* is root and refuses to start the pod; a "
				"numeric UID can be verified. Only the last USER of "
				"the final stage is checked; `${UID}` values are "
				"skipped.\n\n"
				"Fix:\n\n```dockerfile\nUSER 10001:10001\n```",
			.aliases = SG_ALIASES("DL3066"),
			.practice = SG_PRACTICE_NON_ROOT,
			.severity = SG_SEVERITY_INFO,
			.flags = SG_RULE_OFF_BY_DEFAULT),
		.finish = numeric_finish,
	},
	[R_CHOWN] = {
		DF_META(.id = "SGD043", .name = "copy-chown",
			.title = "COPY/ADD --chown gives the runtime user write "
				 "access",
			.help = "Files owned by the user the container runs as can "
				"be rewritten by a compromised process (code, "
				"config). Root-owned, read-only files are safer. Off "
				"by default: some apps must write their own files.\n\n"
				"Fix: keep files root-owned, grant write access only "
				"to data directories.\n\n"
				"```dockerfile\nCOPY app/ /srv/app/\nRUN mkdir /data && "
				"chown 10001 /data\nUSER 10001\n```",
			.aliases = SG_ALIASES("Chown Flag Exists"),
			.practice = SG_PRACTICE_NON_ROOT,
			.severity = SG_SEVERITY_LOW,
			.flags = SG_RULE_OFF_BY_DEFAULT),
		.on = DF_ON(DF_COPY) | DF_ON(DF_ADD), .check = chown,
	},
};

const struct sg_rule_table df_rules_user = SG_RULE_TABLE(rules);

/*
 * cmd.c: CMD, ENTRYPOINT and HEALTHCHECK (reference section L, and G07).
 *
 * What runs is decided by the final stage and the stages it is built FROM,
 * so the "missing" and "NONE" rules look only there.
 */
#include "util/compat.h"
#include "dockerfile/rules/rules.h"

enum { R_JSON, R_MULTI_CMD, R_MULTI_EP, R_MULTI_HC, R_HC_MISSING, R_HC_NONE };

#define MAX_CHAIN 256

struct json_state {
	int stage;
	bool shell_set;
};

static void json_check(struct df_ctx *c, const struct df_instr *in, void *s)
{
	struct json_state *st = s;

	if (st->stage != in->stage) {
		st->stage = in->stage;
		st->shell_set = false;
	}
	if (in->kind == DF_SHELL) {
		st->shell_set = true;
		return;
	}
	/* BuildKit: a stage with its own SHELL means shell form is wanted */
	if (st->shell_set || in->json || !c->stage ||
	    !df_stage_in_final_chain(c->file, c->stage))
		return;
	if (!in->nargs)
		return;
	df_report(c, in, in->kw_off,
				  (uint32_t)strlen(in->keyword),
		  "%s in shell form runs under /bin/sh -c, which does not "
		  "forward signals; use the JSON form", in->keyword);
}

/* Report every earlier instruction of `kind` in a stage: only the last
 * one takes effect (BuildKit reports the ignored ones). */
static void multi_finish(struct df_ctx *c, enum df_kind kind)
{
	const struct df_file *f = c->file;
	uint32_t s, i;

	for (s = 0; s < f->nstages; s++) {
		const struct df_stage *st = &f->stages[s];
		const struct df_instr *last = NULL;

		for (i = st->last + 1; i-- > st->first;)
			if (f->instrs[i].kind == kind) {
				if (!last) {
					last = &f->instrs[i];
					continue;
				}
				c->stage = st;
				df_report(c, &f->instrs[i], 0,
					  (uint32_t)strlen(f->instrs[i].keyword),
					  "this %s is overridden by the one on "
					  "line %u and has no effect",
					  df_kind_name(kind), last->span.line);
			}
	}
}

static void multi_cmd(struct df_ctx *c, void *s)
{
	multi_finish(c, DF_CMD);
}

static void multi_ep(struct df_ctx *c, void *s)
{
	multi_finish(c, DF_ENTRYPOINT);
}

static void multi_hc(struct df_ctx *c, void *s)
{
	multi_finish(c, DF_HEALTHCHECK);
}

/* The last HEALTHCHECK in effect for the final stage, or NULL. */
static const struct df_instr *last_hc(const struct df_file *f)
{
	const struct df_stage *chain[MAX_CHAIN];
	size_t n = df_final_chain(f, chain, MAX_CHAIN), k;
	uint32_t i;

	for (k = 0; k < n; k++)
		for (i = chain[k]->last + 1; i-- > chain[k]->first;)
			if (f->instrs[i].kind == DF_HEALTHCHECK)
				return &f->instrs[i];
	return NULL;
}

static void hc_missing(struct df_ctx *c, void *s)
{
	const struct df_stage *chain[MAX_CHAIN];
	const struct df_stage *fin = df_final_stage(c->file);
	size_t n = df_final_chain(c->file, chain, MAX_CHAIN);

	if (!fin || last_hc(c->file))
		return;
	if (n && chain[n - 1]->scratch)
		return;  /* nothing to run a check with */
	c->stage = fin;
	df_report(c, fin->from, 0, 0,
		  "the final stage has no HEALTHCHECK, so the runtime cannot "
		  "tell a hung container from a healthy one");
}

static void hc_none(struct df_ctx *c, void *s)
{
	const struct df_instr *hc = last_hc(c->file);

	if (!hc || !hc->hc_none)
		return;
	c->stage = df_instr_stage(c->file, hc);
	df_report(c, hc, 0, 0,
		  "HEALTHCHECK NONE disables the base image's health check "
		  "in the final image");
}

static const struct df_rule rules[] = {
	[R_JSON] = {
		DF_META(.id = "SGD060", .name = "cmd-shell-form",
			.title = "CMD/ENTRYPOINT in shell form",
			.help = "Shell form runs the command as a child of "
				"`/bin/sh -c`: the process is not PID 1, SIGTERM from "
				"`docker stop` or Kubernetes never reaches it, and the "
				"container is killed after the grace period. Only the "
				"final stage and its ancestors are checked; a stage "
				"that sets SHELL is taken to want shell form. "
				"HEALTHCHECK is not checked: the runtime runs it "
				"as a short-lived probe with a timeout, where "
				"signals do not matter (BuildKit and hadolint "
				"do not check it either).\n\n"
				"Fix:\n\n```dockerfile\n# wrong\nCMD node server.js\n"
				"# right\nCMD [\"node\", \"server.js\"]\n```",
			.aliases = SG_ALIASES("DL3025", "JSONArgsRecommended",
					      "Not Using JSON In CMD And ENTRYPOINT Arguments",
					      "prefer-json-notation"),
			.practice = SG_PRACTICE_LOGGING,
			.severity = SG_SEVERITY_LOW),
		.on = DF_ON(DF_CMD) | DF_ON(DF_ENTRYPOINT) | DF_ON(DF_SHELL),
		.check = json_check, .state_size = sizeof(struct json_state),
	},
	[R_MULTI_CMD] = {
		DF_META(.id = "SGD061", .name = "multiple-cmd",
			.title = "More than one CMD in a stage",
			.help = "Only the last CMD of a stage takes effect; the "
				"others are dead code that misleads readers.\n\n"
				"Fix: keep one CMD per stage.\n\n"
				"```dockerfile\nCMD [\"gunicorn\", \"app:wsgi\"]\n```",
			.aliases = SG_ALIASES("DL4003", "MultipleInstructionsDisallowed",
					      "DS-0016", "Multiple CMD Instructions Listed",
					      "multiple-cmd-instructions"),
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_MEDIUM),
		.finish = multi_cmd,
	},
	[R_MULTI_EP] = {
		DF_META(.id = "SGD062", .name = "multiple-entrypoint",
			.title = "More than one ENTRYPOINT in a stage",
			.help = "Only the last ENTRYPOINT of a stage takes effect.\n\n"
				"Fix: keep one.\n\n"
				"```dockerfile\nENTRYPOINT [\"/usr/bin/tini\", \"--\"]\n```",
			.aliases = SG_ALIASES("DL4004", "MultipleInstructionsDisallowed",
					      "DS-0007",
					      "Multiple ENTRYPOINT Instructions Listed",
					      "multiple-entrypoint-instructions"),
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_MEDIUM),
		.finish = multi_ep,
	},
	[R_MULTI_HC] = {
		DF_META(.id = "SGD063", .name = "multiple-healthcheck",
			.title = "More than one HEALTHCHECK in a stage",
			.help = "Only the last HEALTHCHECK of a stage takes effect.\n\n"
				"Fix: keep one.\n\n"
				"```dockerfile\nHEALTHCHECK CMD [\"/app/healthz\"]\n```",
			.aliases = SG_ALIASES("DL3012", "MultipleInstructionsDisallowed",
					      "DS-0023"),
			.practice = SG_PRACTICE_LOGGING,
			.severity = SG_SEVERITY_MEDIUM),
		.finish = multi_hc,
	},
	[R_HC_MISSING] = {
		DF_META(.id = "SGD064", .name = "healthcheck-missing",
			.title = "The final stage has no HEALTHCHECK",
			.help = "Without a HEALTHCHECK, Docker and Swarm only know "
				"whether the process exists, not whether it serves. "
				"Inherited checks (from a stage the final one is "
				"built on) count. Under Kubernetes, probes replace "
				"HEALTHCHECK: turn the rule off in the policy there. "
				"The finding sits on the final FROM.\n\n"
				"Fix:\n\n```dockerfile\nHEALTHCHECK --interval=30s "
				"--timeout=3s CMD [\"wget\", \"-qO-\", "
				"\"http://localhost:8080/healthz\"]\n```",
			.aliases = SG_ALIASES("DL3057", "DS-0026", "CKV_DOCKER_2",
					      "Healthcheck Instruction Missing",
					      "CIS-DI-0006"),
			.practice = SG_PRACTICE_LOGGING,
			.severity = SG_SEVERITY_LOW),
		.finish = hc_missing,
	},
	[R_HC_NONE] = {
		DF_META(.id = "SGD065", .name = "healthcheck-none-final",
			.title = "HEALTHCHECK NONE in the final image",
			.help = "`HEALTHCHECK NONE` switches off a check the base "
				"image provides, so the final image ships without "
				"one. Peers count NONE as \"present\".\n\n"
				"Fix: define a check for what the image actually "
				"serves, or drop the line.\n\n"
				"```dockerfile\nHEALTHCHECK CMD [\"pg_isready\", \"-U\", "
				"\"postgres\"]\n```",
			.practice = SG_PRACTICE_LOGGING,
			.severity = SG_SEVERITY_LOW),
		.finish = hc_none,
	},
};

const struct sg_rule_table df_rules_cmd = SG_RULE_TABLE(rules);

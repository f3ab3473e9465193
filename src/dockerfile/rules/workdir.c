/*
 * workdir.c: WORKDIR and VOLUME (reference section N) and the RUN flags
 * that widen the build sandbox (G02, G03).
 */
#include "util/compat.h"
#include "dockerfile/rules/rules.h"

enum { R_RELATIVE, R_SYSTEM, R_SPACE, R_VOLUME, R_INSECURE, R_HOSTNET };

static bool absolute(const char *v)
{
	return v[0] == '/' || v[0] == '\\' ||
	       (sg_isalpha((unsigned char)v[0]) && v[1] == ':');
}

struct rel_state {
	bool set[512];
};

/* BuildKit's WorkdirRelativePath: only when no absolute WORKDIR was set
 * earlier in the stage (or the stage it is built on). */
static void relative(struct df_ctx *c, const struct df_instr *in, void *s)
{
	struct rel_state *st = s;
	const struct df_word *w;
	const struct df_stage *p;
	size_t guard = 0;

	if (!in->nargs || !c->stage || c->stage->index >= 512)
		return;
	w = &in->args[0];
	if (w->unresolved || w->raw[0] == '$')
		return;
	if (absolute(w->value)) {
		st->set[c->stage->index] = true;
		return;
	}
	for (p = c->stage; p && guard++ <= c->file->nstages;
	     p = df_stage_parent(c->file, p))
		if (p->index < 512 && st->set[p->index])
			return;
	df_report(c, in, w->off, w->len,
		  "WORKDIR '%s' is relative; its meaning depends on the base "
		  "image", w->value);
}

static void system_dir(struct df_ctx *c, const struct df_instr *in, void *s)
{
	static const char *const dirs[] = {
		"/proc", "/boot", "/dev", "/initrd", "/lost+found", "/sys",
	};
	const struct df_word *w;
	size_t k;

	if (!in->nargs || in->args[0].unresolved)
		return;
	w = &in->args[0];
	for (k = 0; k < SG_ARRAY_SIZE(dirs); k++) {
		size_t n = strlen(dirs[k]);

		if (!strncmp(w->value, dirs[k], n) &&
		    (w->value[n] == '\0' || w->value[n] == '/')) {
			df_report(c, in, w->off, w->len,
				  "WORKDIR '%s' is inside the system directory %s",
				  w->value, dirs[k]);
			return;
		}
	}
}

static void space(struct df_ctx *c, const struct df_instr *in, void *s)
{
	const char *r;
	char q = 0;

	if (!in->nargs)
		return;
	for (r = in->args[0].raw; *r; r++) {
		if (q) {
			if (*r == q)
				q = 0;
		} else if (*r == '"' || *r == '\'') {
			q = *r;
		} else if (*r == ' ' || *r == '\t') {
			df_report(c, in, in->args[0].off, in->args[0].len,
				  "WORKDIR '%s' contains unquoted whitespace",
				  in->args[0].raw);
			return;
		}
	}
}

static void volume(struct df_ctx *c, const struct df_instr *in, void *s)
{
	static const char *const socks[] = {
		"/var/run/docker.sock", "/run/docker.sock",
		"/run/containerd/containerd.sock", "/var/run/crio/crio.sock",
		"/run/podman/podman.sock",
	};
	uint32_t i;
	size_t k;

	for (i = 0; i < in->nargs; i++) {
		const struct df_word *w = &in->args[i];

		if (w->unresolved)
			continue;
		for (k = 0; k < SG_ARRAY_SIZE(socks); k++)
			if (!strcmp(w->value, socks[k]) ||
			    (!strcmp(w->value, "/var/run") &&
			     !strcmp(socks[k], "/var/run/docker.sock")))
				df_report(c, in, w->off, w->len,
					  "VOLUME %s invites mounting the container "
					  "runtime socket, which is root on the host",
					  w->value);
	}
}

static void insecure(struct df_ctx *c, const struct df_instr *in, void *s)
{
	const struct df_flag *fl = df_instr_flag(in, "security");

	if (fl && fl->has_value && !strcmp(fl->val.raw, "insecure"))
		df_report(c, in, fl->off, fl->len,
			  "RUN --security=insecure runs the step without the "
			  "build sandbox (all capabilities, no seccomp)");
}

static void hostnet(struct df_ctx *c, const struct df_instr *in, void *s)
{
	const struct df_flag *fl = df_instr_flag(in, "network");

	if (fl && fl->has_value && !strcmp(fl->val.raw, "host"))
		df_report(c, in, fl->off, fl->len,
			  "RUN --network=host gives the step the build host's "
			  "network, including services bound to localhost");
}

static const struct df_rule rules[] = {
	[R_RELATIVE] = {
		DF_META(.id = "SGD075", .name = "workdir-relative",
			.title = "WORKDIR is a relative path",
			.help = "A relative WORKDIR is resolved against the previous "
				"one, which for the first WORKDIR of a stage comes from "
				"the base image and can change under you. `$VAR` "
				"paths and Windows drive paths are accepted; a "
				"relative WORKDIR after an absolute one in the same "
				"stage is not reported (BuildKit's rule).\n\n"
				"Fix:\n\n```dockerfile\nWORKDIR /app\n```",
			.aliases = SG_ALIASES("DL3000", "WorkdirRelativePath",
					      "DS-0009", "CKV_DOCKER_10",
					      "WORKDIR Path Not Absolute",
					      "use-absolute-workdir"),
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_MEDIUM),
		.on = DF_ON(DF_WORKDIR), .check = relative,
		.state_size = sizeof(struct rel_state),
	},
	[R_SYSTEM] = {
		DF_META(.id = "SGD076", .name = "workdir-system-directory",
			.title = "WORKDIR inside a system directory",
			.help = "`/proc`, `/sys`, `/dev`, `/boot` and friends are "
				"kernel or boot mounts; files written there are lost "
				"or shadowed at run time.\n\n"
				"Fix:\n\n```dockerfile\nWORKDIR /srv/app\n```",
			.aliases = SG_ALIASES("DS-0030"),
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_HIGH),
		.on = DF_ON(DF_WORKDIR), .check = system_dir,
	},
	[R_SPACE] = {
		DF_META(.id = "SGD077", .name = "workdir-whitespace",
			.title = "WORKDIR contains unquoted whitespace",
			.help = "WORKDIR takes the whole rest of the line as one "
				"path, so `WORKDIR /app src` creates a directory named "
				"`app src`: almost always a mistake.\n\n"
				"Fix:\n\n```dockerfile\nWORKDIR /app/src\n```",
			.aliases = SG_ALIASES("invalid_workdir"),
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_LOW),
		.on = DF_ON(DF_WORKDIR), .check = space,
	},
	[R_VOLUME] = {
		DF_META(.id = "SGD078", .name = "volume-runtime-socket",
			.title = "VOLUME for the container runtime socket",
			.help = "Declaring the Docker (or containerd, CRI-O, "
				"Podman) socket as a volume tells users to mount it; "
				"access to that socket is root on the host.\n\n"
				"Fix: do not design images around the runtime socket; "
				"use a rootless builder or the orchestrator's API "
				"with scoped credentials.",
			.aliases = SG_ALIASES("dockerfile-dockerd-socket-mount",
					      "DKL-DI-0002"),
			.practice = SG_PRACTICE_NON_ROOT,
			.severity = SG_SEVERITY_HIGH),
		.on = DF_ON(DF_VOLUME), .check = volume,
	},
	[R_INSECURE] = {
		DF_META(.id = "SGD091", .name = "run-security-insecure",
			.title = "RUN --security=insecure",
			.help = "An insecure RUN step runs with every capability "
				"and no seccomp or AppArmor profile; anything it "
				"downloads can take over the build host. It needs the "
				"`security.insecure` entitlement, which CI should not "
				"grant.\n\n"
				"Fix: remove the flag; do privileged work (loop "
				"devices, mounts) outside the image build.",
			.practice = SG_PRACTICE_NON_ROOT,
			.severity = SG_SEVERITY_HIGH),
		.on = DF_ON(DF_RUN), .flags = DF_RULE_ONBUILD, .check = insecure,
	},
	[R_HOSTNET] = {
		DF_META(.id = "SGD092", .name = "run-network-host",
			.title = "RUN --network=host",
			.help = "The step shares the build host's network: it can "
				"reach services bound to localhost and the cloud "
				"metadata endpoint, with the builder's identity.\n\n"
				"Fix: remove the flag, or use `--network=none` for "
				"steps that need no network.",
			.practice = SG_PRACTICE_NETWORK,
			.severity = SG_SEVERITY_MEDIUM),
		.on = DF_ON(DF_RUN), .flags = DF_RULE_ONBUILD, .check = hostnet,
	},
};

const struct sg_rule_table df_rules_workdir = SG_RULE_TABLE(rules);

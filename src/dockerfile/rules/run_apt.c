/*
 * run_apt.c: apt / apt-get in RUN (reference section G) and the
 * "index update without install" rule shared by every OS package manager.
 *
 * Commands are found anywhere in the script (lists, pipelines, if/for
 * bodies, `sh -c` strings, behind sudo/env/xargs), options are read with
 * apt's own value-taking flags so `apt-get -o X=y install z` is understood.
 */
#include "util/compat.h"
#include "dockerfile/rules/run_lib.h"

enum {
	R_RECOMMENDS, R_YES, R_PIN, R_LISTS, R_APT, R_UPGRADE, R_DIST,
	R_UPDATE_ALONE,
};

/* state bit: an earlier RUN configured APT::Install-Recommends "false" */
#define SEEN_NO_RECOMMENDS 1u

static bool is_apt(const struct pm_cmd *pc)
{
	return pc->tool == PM_APT_GET || pc->tool == PM_APT;
}

static void recommends_config(struct run_ctx *rc)
{
	size_t i, k;

	for (i = 0; i < rc->nitems; i++) {
		const struct sh_cmd *c = rc->items[i].cmd;

		for (k = 0; k < c->argc; k++)
			if (strstr(c->argv[k].text, "Install-Recommends") &&
			    (strstr(c->argv[k].text, "false") ||
			     strstr(c->argv[k].text, "\"0\"")) &&
			    rc->stage >= 0 && rc->stage < RUN_MAX_STAGES)
				rc->st->seen[rc->stage] |= SEEN_NO_RECOMMENDS;
	}
}

static void check_recommends(struct run_ctx *rc)
{
	size_t i;

	if (run_stage_seen(rc, SEEN_NO_RECOMMENDS))
		return;
	recommends_config(rc);
	for (i = 0; i < rc->nitems; i++) {
		const struct pm_cmd *pc;

		if (!(pc = run_pm(rc, i)) || !is_apt(pc) ||
		    pc->action != PM_ACT_INSTALL || strcmp(pc->sub, "install") ||
		    pc->no_recommends || (pc->npkg == 0 && !pc->from_file))
			continue;
		run_report_cmd(rc, rc->items[i].u, rc->items[i].cmd,
			       "'%s install' without --no-install-recommends",
			       pc->view.name);
	}
}

static void check_yes(struct run_ctx *rc)
{
	size_t i;

	for (i = 0; i < rc->nitems; i++) {
		const struct pm_cmd *pc;

		if (!(pc = run_pm(rc, i)) || !is_apt(pc) ||
		    pc->action != PM_ACT_INSTALL || pc->assume_yes ||
		    run_fed_by_yes(rc, i))
			continue;
		run_report_cmd(rc, rc->items[i].u, rc->items[i].cmd,
			       "'%s %s' without -y waits for an answer",
			       pc->view.name, pc->sub);
	}
}

static void check_pin(struct run_ctx *rc)
{
	size_t i, k;

	for (i = 0; i < rc->nitems; i++) {
		const struct pm_cmd *pc;

		if (!(pc = run_pm(rc, i)) || !is_apt(pc) ||
		    pc->action != PM_ACT_INSTALL)
			continue;
		for (k = 0; k < pc->npkg; k++)
			if (!pc->pkg[k].pinned)
				run_report_word(rc, rc->items[i].u, pc->pkg[k].word,
						"package '%s' is not pinned to a "
						"version (use '%s=<version>')",
						pc->pkg[k].word->text,
						pc->pkg[k].word->text);
	}
}

static void check_lists(struct run_ctx *rc)
{
	size_t i, last = (size_t)-1;

	if (!run_in_final_image(rc))
		return;
	if (run_mount_covers(rc, PM_APT_GET))
		return;
	for (i = 0; i < rc->nitems; i++) {
		const struct pm_cmd *pc;

		if ((pc = run_pm(rc, i)) && is_apt(pc) &&
		    pc->action == PM_ACT_UPDATE)
			last = i;
	}
	if (last == (size_t)-1)
		return;
	for (i = last + 1; i < rc->nitems; i++)
		if (pm_cleans_cache(rc->items[i].cmd, PM_APT_GET))
			return;
	run_report_cmd(rc, rc->items[last].u, rc->items[last].cmd,
		       "the apt lists fetched here stay in the layer; end the RUN "
		       "with 'rm -rf /var/lib/apt/lists/*'");
}

static void check_apt(struct run_ctx *rc)
{
	size_t i;

	for (i = 0; i < rc->nitems; i++) {
		const struct pm_cmd *pc;

		if (!(pc = run_pm(rc, i)) || pc->tool != PM_APT ||
		    !pc->sub[0])
			continue;
		run_report_cmd(rc, rc->items[i].u, rc->items[i].cmd,
			       "'apt %s': apt's interface is not stable for "
			       "scripts; use apt-get or apt-cache", pc->sub);
	}
}

static void check_upgrade(struct run_ctx *rc, enum pm_action want)
{
	size_t i;

	for (i = 0; i < rc->nitems; i++) {
		const struct pm_cmd *pc;

		if (!(pc = run_pm(rc, i)) || !is_apt(pc) ||
		    pc->action != want)
			continue;
		run_report_cmd(rc, rc->items[i].u, rc->items[i].cmd,
			       "'%s %s' in a Dockerfile", pc->view.name, pc->sub);
	}
}

static void check_upgrade_plain(struct run_ctx *rc)
{
	check_upgrade(rc, PM_ACT_UPGRADE);
}

static void check_dist(struct run_ctx *rc)
{
	check_upgrade(rc, PM_ACT_DIST_UPGRADE);
}

/* apt and apt-get, yum/dnf/microdnf/tdnf, apk and zypper are families */
static int family(enum pm_tool t)
{
	switch (t) {
	case PM_APT_GET:
	case PM_APT:
		return 1;
	case PM_APK:
		return 2;
	case PM_YUM:
	case PM_DNF:
	case PM_MICRODNF:
	case PM_TDNF:
		return 3;
	case PM_ZYPPER:
		return 4;
	default:
		return 0;
	}
}

static void check_update_alone(struct run_ctx *rc)
{
	bool used[5] = { false };
	size_t i;

	/* linear: one pass for what is installed, one for the updates */
	for (i = 0; i < rc->nitems; i++) {
		const struct pm_cmd *o;

		if ((o = run_pm(rc, i)) &&
		    (o->action == PM_ACT_INSTALL || o->action == PM_ACT_UPGRADE ||
		     o->action == PM_ACT_DIST_UPGRADE))
			used[family(o->tool)] = true;
	}
	for (i = 0; i < rc->nitems; i++) {
		const struct pm_cmd *pc;
		int fam;

		if (!(pc = run_pm(rc, i)) ||
		    pc->action != PM_ACT_UPDATE || !(fam = family(pc->tool)) ||
		    used[fam])
			continue;
		run_report_cmd(rc, rc->items[i].u, rc->items[i].cmd,
			       "'%s %s' without an install in the same RUN: "
			       "the cached index goes stale and later "
			       "installs use it", pc->view.name, pc->sub);
	}
}

static const struct run_rule rules[] = {
	[R_RECOMMENDS] = {
		.df = {
			DF_META(.id = "SGD100", .name = "apt-no-install-recommends",
				.title = "apt-get install without "
					 "--no-install-recommends",
				.help = "By default apt also installs every package "
					"the requested ones *recommend*: documentation, "
					"extra tools, sometimes whole language runtimes. "
					"They make the image larger and add code that "
					"can carry vulnerabilities, for nothing the "
					"image uses.\n\n"
					"Not reported when the command sets "
					"`-o APT::Install-Recommends=false`, or when an "
					"earlier RUN of the stage (or its parent) writes "
					"that setting to apt's configuration.\n\n"
					"Fix:\n\n```dockerfile\nRUN apt-get update \\\n"
					" && apt-get install -y --no-install-recommends "
					"curl \\\n && rm -rf /var/lib/apt/lists/*\n```",
				.aliases = SG_ALIASES("DL3015", "DS-0029",
					"APT-GET Not Avoiding Additional Packages",
					"apt-get_recommends",
					"missing-no-install-recommends"),
				.practice = SG_PRACTICE_MINIMAL_IMAGE,
				.severity = SG_SEVERITY_LOW),
			.on = RUN_ON, .flags = DF_RULE_ONBUILD,
			.check = run_check, .state_size = sizeof(struct run_state),
		},
		.needles = RUN_N(APT),
		.run = check_recommends,
	},
	[R_YES] = {
		.df = {
			DF_META(.id = "SGD101", .name = "apt-missing-yes",
				.title = "apt-get install without -y",
				.help = "A build has no terminal: without `-y` apt "
					"asks for confirmation and, depending on the "
					"builder, aborts or hangs.\n\n"
					"Accepted: `-y`, `--yes`, `--assume-yes`, `-qq` "
					"(or `-q -q`, `-q=2`), `--force-yes`, "
					"`-o APT::Get::Assume-Yes=true`, and a pipe from "
					"`yes`. A simulation (`-s`, `--simulate`, "
					"`--dry-run`) installs nothing and asks nothing; "
					"no install rule looks at it.\n\n"
					"Fix:\n\n```dockerfile\nRUN apt-get install -y "
					"--no-install-recommends curl\n```",
				.aliases = SG_ALIASES("DL3014", "DS-0021",
					"APT-GET Missing Flags To Avoid Manual Input",
					"apt-get_missing_param",
					"missing-assume-yes-switch"),
				.practice = SG_PRACTICE_PATCHING,
				.severity = SG_SEVERITY_MEDIUM),
			.on = RUN_ON, .flags = DF_RULE_ONBUILD,
			.check = run_check, .state_size = sizeof(struct run_state),
		},
		.needles = RUN_N(APT),
		.run = check_yes,
	},
	[R_PIN] = {
		.df = {
			DF_META(.id = "SGD102", .name = "apt-unpinned",
				.title = "apt package installed without a version",
				.help = "`apt-get install curl` installs whatever "
					"version the mirror has that day, so two builds "
					"of the same Dockerfile differ. Pinning "
					"(`curl=7.88.1-10+deb12u5`) makes builds "
					"reproducible, but Debian and Ubuntu drop "
					"superseded versions from their mirrors, so "
					"pinned Dockerfiles stop building within weeks: "
					"that trade-off is why this rule is off by "
					"default (enable it in policy when you also "
					"control the mirror or snapshot).\n\n"
					"Versions (`pkg=1.2`), releases (`pkg/bookworm`), "
					"`.deb` files and variables (`$PKGS`) pass.\n\n"
					"Fix:\n\n```dockerfile\nRUN apt-get install -y "
					"--no-install-recommends curl=7.88.1-10+deb12u5\n```",
				.aliases = SG_ALIASES("DL3008",
					"Apt Get Install Pin Version Not Defined"),
				.practice = SG_PRACTICE_PATCHING,
				.severity = SG_SEVERITY_LOW,
				.flags = SG_RULE_OFF_BY_DEFAULT),
			.on = RUN_ON, .flags = DF_RULE_ONBUILD,
			.check = run_check, .state_size = sizeof(struct run_state),
		},
		.needles = RUN_N(APT),
		.run = check_pin,
	},
	[R_LISTS] = {
		.df = {
			DF_META(.id = "SGD103", .name = "apt-lists-not-removed",
				.title = "apt lists left in the image after "
					 "apt-get update",
				.help = "`apt-get update` downloads the package "
					"indexes to /var/lib/apt/lists (tens of MB). "
					"Unless the same RUN deletes them they are part "
					"of the layer forever; a later RUN cannot "
					"shrink it.\n\n"
					"Only stages that end up in the final image (the "
					"final stage and the stages it is built FROM) "
					"are checked. A `--mount=type=cache` or "
					"`type=tmpfs` on /var/lib/apt or "
					"/var/lib/apt/lists satisfies the rule, and so "
					"does `apt-get dist-clean` (apt 2.7 and later: "
					"Debian 13, Ubuntu 24.04), which removes the "
					"lists; `apt-get clean` does not.\n\n"
					"Fix:\n\n```dockerfile\nRUN apt-get update \\\n"
					" && apt-get install -y --no-install-recommends "
					"curl \\\n && rm -rf /var/lib/apt/lists/*\n```\n\n"
					"or\n\n```dockerfile\nRUN --mount=type=cache,"
					"target=/var/lib/apt/lists \\\n    apt-get update "
					"&& apt-get install -y curl\n```",
				.aliases = SG_ALIASES("DL3009",
					"Apt Get Install Lists Were Not Deleted",
					"apt-get_missing_rm", "remove-package-lists",
					"remove-package-cache", "DKL-DI-0005"),
				.practice = SG_PRACTICE_MINIMAL_IMAGE,
				.severity = SG_SEVERITY_LOW),
			.on = RUN_ON, .flags = DF_RULE_ONBUILD,
			.check = run_check, .state_size = sizeof(struct run_state),
		},
		.needles = RUN_N(APT),
		.run = check_lists,
	},
	[R_APT] = {
		.df = {
			DF_META(.id = "SGD104", .name = "apt-instead-of-apt-get",
				.title = "apt used in a script instead of apt-get",
				.help = "`apt` is the interactive front end: its "
					"output and behaviour may change between "
					"releases and it warns \"apt does not have a "
					"stable CLI interface\". Scripts should use "
					"`apt-get` and `apt-cache`.\n\n"
					"Fix:\n\n```dockerfile\nRUN apt-get update && "
					"apt-get install -y --no-install-recommends git\n```",
				.aliases = SG_ALIASES("DL3027", "CKV_DOCKER_9",
					"Run Using apt", "prefer-apt-get"),
				.practice = SG_PRACTICE_PATCHING,
				.severity = SG_SEVERITY_LOW),
			.on = RUN_ON, .flags = DF_RULE_ONBUILD,
			.check = run_check, .state_size = sizeof(struct run_state),
		},
		.needles = RUN_N(APT),
		.run = check_apt,
	},
	[R_UPGRADE] = {
		.df = {
			DF_META(.id = "SGD105", .name = "apt-upgrade",
				.title = "apt-get upgrade in a Dockerfile",
				.help = "Older advice said never to upgrade packages "
					"in a Dockerfile; current Docker and OWASP "
					"guidance is the opposite (apply security "
					"updates when you build), which is why hadolint "
					"dropped its rule. Off by default; enable it if "
					"your policy wants all updates to come from the "
					"base image.\n\n"
					"Fix: rebuild on a fresh base image instead:\n\n"
					"```dockerfile\nFROM debian:bookworm-20240513-slim\n```",
				.aliases = SG_ALIASES("apt-get-upgrade",
						      "avoid-apt-get-upgrade"),
				.practice = SG_PRACTICE_PATCHING,
				.severity = SG_SEVERITY_INFO,
				.flags = SG_RULE_OFF_BY_DEFAULT),
			.on = RUN_ON, .flags = DF_RULE_ONBUILD,
			.check = run_check, .state_size = sizeof(struct run_state),
		},
		.needles = RUN_N(APT),
		.run = check_upgrade_plain,
	},
	[R_DIST] = {
		.df = {
			DF_META(.id = "SGD106", .name = "apt-dist-upgrade",
				.title = "apt-get dist-upgrade in a Dockerfile",
				.help = "`dist-upgrade` (`full-upgrade`) may install "
					"and remove packages to resolve dependencies, "
					"even move the image to what amounts to another "
					"distribution release than the base image's tag "
					"says. Security updates (`apt-get upgrade`) are "
					"fine; a distribution upgrade belongs in the "
					"base image.\n\n"
					"Fix:\n\n```dockerfile\nFROM debian:bookworm-slim\n"
					"RUN apt-get update && apt-get upgrade -y && rm -rf "
					"/var/lib/apt/lists/*\n```",
				.aliases = SG_ALIASES("DS-0024", "apt-get-dist-upgrade",
						      "DKL-DI-0003"),
				.practice = SG_PRACTICE_PATCHING,
				.severity = SG_SEVERITY_LOW),
			.on = RUN_ON, .flags = DF_RULE_ONBUILD,
			.check = run_check, .state_size = sizeof(struct run_state),
		},
		.needles = RUN_N(APT),
		.run = check_dist,
	},
	[R_UPDATE_ALONE] = {
		.df = {
			DF_META(.id = "SGD107", .name = "package-index-update-alone",
				.title = "Package index updated in a RUN that "
					 "installs nothing",
				.help = "`RUN apt-get update` on its own line is cached "
					"as a layer: when a later RUN's install list "
					"changes, the build reuses the old index and "
					"installs outdated packages, or fails with 404s. "
					"Update and install in the same RUN. Applies to "
					"apt/apt-get, apk, yum/dnf/microdnf/tdnf "
					"(`makecache`) and zypper (`refresh`).\n\n"
					"Fix:\n\n```dockerfile\nRUN apt-get update && "
					"apt-get install -y --no-install-recommends curl\n```",
				.aliases = SG_ALIASES("DS-0017", "CKV_DOCKER_5",
					"Update Instruction Alone",
					"apt-get-update_require_install",
					"CIS-DI-0007"),
				.practice = SG_PRACTICE_PATCHING,
				.severity = SG_SEVERITY_MEDIUM),
			.on = RUN_ON, .flags = DF_RULE_ONBUILD,
			.check = run_check, .state_size = sizeof(struct run_state),
		},
		.needles = RUN_N(APT) | RUN_N(APK) | RUN_N(YUM) | RUN_N(DNF) |
			    RUN_N(ZYPPER),
		.run = check_update_alone,
	},
};

const struct sg_rule_table df_rules_run_apt = SG_RULE_TABLE(rules);

/*
 * run_pkg.c: apk, yum, dnf, microdnf, tdnf and zypper in RUN (reference
 * sections H and I).
 *
 * The checks are the same few for every tool (non-interactive switch,
 * cache cleaned in the same RUN, version pins); each rule names its tools
 * in `tools`.  Cache rules only look at stages that end up in the final
 * image and accept a cache/tmpfs mount over the tool's cache directory.
 */
#include "util/compat.h"
#include "dockerfile/rules/run_lib.h"

enum {
	R_APK_CACHE, R_APK_PIN, R_APK_VIRTUAL, R_APK_UPGRADE,
	R_YUM_YES, R_YUM_CLEAN, R_YUM_PIN, R_DNF_YES, R_DNF_CLEAN,
	R_MICRODNF_CLEAN, R_DNF_PIN, R_ZYPPER_YES, R_ZYPPER_CLEAN,
	R_ZYPPER_PIN, R_ZYPPER_DUP, R_RPM_UPGRADE,
};

static bool mine(const struct run_ctx *rc, const struct pm_cmd *pc)
{
	return (run_rule_cur(rc)->tools & PM_BIT(pc->tool)) != 0;
}

static void check_yes(struct run_ctx *rc)
{
	size_t i;

	for (i = 0; i < rc->nitems; i++) {
		const struct pm_cmd *pc;
		bool zypper_act;

		if (!(pc = run_pm(rc, i)) || !mine(rc, pc) ||
		    pc->assume_yes || run_fed_by_yes(rc, i))
			continue;
		/* zypper prompts for removals and patches too */
		zypper_act = pc->tool == PM_ZYPPER &&
			     (pc->action == PM_ACT_REMOVE ||
			      pc->action == PM_ACT_UPGRADE ||
			      pc->action == PM_ACT_DIST_UPGRADE);
		if (pc->action != PM_ACT_INSTALL && !zypper_act)
			continue;
		run_report_cmd(rc, rc->items[i].u, rc->items[i].cmd,
			       "'%s %s' without %s waits for an answer",
			       pc->view.name, pc->sub,
			       pc->tool == PM_ZYPPER ? "-n" : "-y");
	}
}

/*
 * The last install by one of the rule's tools must be followed by a cache
 * cleanup in the same RUN (apk: or use --no-cache on every add).
 */
static void check_clean(struct run_ctx *rc)
{
	const struct run_rule *rr = run_rule_cur(rc);
	size_t i, last = (size_t)-1;
	enum pm_tool tool = PM_NONE;
	const char *sub = "";
	int t;

	if (!run_in_final_image(rc))
		return;
	for (t = 0; t < PM__COUNT; t++)
		if ((rr->tools & PM_BIT(t)) && run_mount_covers(rc, (enum pm_tool)t))
			return;
	for (i = 0; i < rc->nitems; i++) {
		const struct pm_cmd *pc;

		if (!(pc = run_pm(rc, i)) || !mine(rc, pc))
			continue;
		if (pc->action == PM_ACT_INSTALL ||
		    (pc->tool == PM_APK && pc->action == PM_ACT_UPDATE)) {
			if (pc->tool == PM_APK && pc->no_cache)
				continue;
			last = i;
			tool = pc->tool;
			sub = pc->sub;
		}
	}
	if (last == (size_t)-1)
		return;
	for (i = last + 1; i < rc->nitems; i++)
		if (pm_cleans_cache(rc->items[i].cmd, tool))
			return;
	if (tool == PM_APK)
		run_report_cmd(rc, rc->items[last].u, rc->items[last].cmd,
			       "'apk %s' without --no-cache leaves the package "
			       "index in /var/cache/apk", sub);
	else
		run_report_cmd(rc, rc->items[last].u, rc->items[last].cmd,
			       "'%s' install not followed by '%s' in the same "
			       "RUN: the package cache stays in the layer",
			       pm_tool_name(tool),
			       tool == PM_ZYPPER ? "zypper clean --all"
						 : "clean all");
}

static void check_pin(struct run_ctx *rc)
{
	size_t i, k;

	for (i = 0; i < rc->nitems; i++) {
		const struct pm_cmd *pc;

		if (!(pc = run_pm(rc, i)) || !mine(rc, pc) ||
		    pc->action != PM_ACT_INSTALL)
			continue;
		for (k = 0; k < pc->npkg; k++)
			if (!pc->pkg[k].pinned)
				run_report_word(rc, rc->items[i].u, pc->pkg[k].word,
						"%s package '%s' is not pinned to a "
						"version", pm_tool_name(pc->tool),
						pc->pkg[k].word->text);
	}
}

/* apk add and apk del of the same packages in one RUN, without --virtual */
static void check_virtual(struct run_ctx *rc)
{
	size_t i, k, j, add = (size_t)-1;
	const struct pm_cmd *first = NULL;

	for (i = 0; i < rc->nitems; i++) {
		const struct pm_cmd *pc;

		if (!(pc = run_pm(rc, i)) || pc->tool != PM_APK)
			continue;
		if (pc->action == PM_ACT_INSTALL && add == (size_t)-1 &&
		    !sh_args_find(&pc->args, "t", "virtual")) {
			add = i;
			first = pc;
			continue;
		}
		if (pc->action != PM_ACT_REMOVE || add == (size_t)-1)
			continue;
		for (k = 1; k < pc->args.noperand; k++)
			for (j = 0; first && j < first->npkg; j++)
				if (!strcmp(pc->args.operand[k]->text,
					    first->pkg[j].word->text)) {
					run_report_cmd(rc, rc->items[add].u,
						       rc->items[add].cmd,
						       "packages added and deleted "
						       "in one RUN: group them with "
						       "'apk add --virtual .name' "
						       "and 'apk del .name'");
					return;
				}
	}
}

static void check_action(struct run_ctx *rc, enum pm_action act)
{
	size_t i;

	for (i = 0; i < rc->nitems; i++) {
		const struct pm_cmd *pc;

		if (!(pc = run_pm(rc, i)) || !mine(rc, pc) ||
		    pc->action != act)
			continue;
		run_report_cmd(rc, rc->items[i].u, rc->items[i].cmd,
			       "'%s %s' in a Dockerfile", pc->view.name, pc->sub);
	}
}

static void check_upgrade(struct run_ctx *rc)
{
	check_action(rc, PM_ACT_UPGRADE);
}

static void check_dist(struct run_ctx *rc)
{
	check_action(rc, PM_ACT_DIST_UPGRADE);
}

#define RPM_TOOLS (PM_BIT(PM_YUM) | PM_BIT(PM_DNF) | PM_BIT(PM_MICRODNF) | \
		   PM_BIT(PM_TDNF))

static const struct run_rule rules[] = {
	RULE(R_APK_CACHE, 0, .id = "SGD110", .name = "apk-no-cache",
	     .title = "apk add without --no-cache",
	     .help = "`apk add` (and `apk update`) store the package index in "
		     "/var/cache/apk; left there it is dead weight in the layer. "
		     "`--no-cache` fetches the index to a temporary location "
		     "and removes nothing you need.\n\n"
		     "Also accepted: `--no-network` (nothing is fetched), "
		     "`rm -rf /var/cache/apk/*` later in the same "
		     "RUN, or a cache/tmpfs mount on /var/cache/apk. Stages that "
		     "do not end up in the final image are not checked.\n\n"
		     "Fix:\n\n```dockerfile\nRUN apk add --no-cache curl\n```",
	     .aliases = SG_ALIASES("DL3019", "DS-0025",
				   "Apk Add Using Local Cache Path",
				   "apkadd-missing_nocache_or_updaterm",
				   "missing-apk-no-cache", "DKL-DI-0004"),
	     .practice = SG_PRACTICE_MINIMAL_IMAGE,
	     .severity = SG_SEVERITY_LOW)
		.needles = RUN_N(APK),
		.run = check_clean, .tools = PM_BIT(PM_APK),
	},
	RULE(R_APK_PIN, 0, .id = "SGD111", .name = "apk-unpinned",
	     .title = "apk package installed without a version",
	     .help = "`apk add curl` installs whatever the repository has on "
		     "the day of the build. Pinning (`curl=8.5.0-r0`, or "
		     "`curl~8.5`) makes builds reproducible, but Alpine removes "
		     "old package versions from its mirrors, so exact pins break "
		     "builds: off by default. `~` pins (minor series) are the "
		     "usual compromise.\n\n"
		     "Passes: `=`, `~`, `<`, `>` constraints, `.apk` files, "
		     "variables. Values of `--virtual`/`-t` and `--repository`/"
		     "`-X` are not packages.\n\n"
		     "Fix:\n\n```dockerfile\nRUN apk add --no-cache 'curl~8.5'\n```",
	     .aliases = SG_ALIASES("DL3018",
				   "Unpinned Package Version in Apk Add"),
	     .practice = SG_PRACTICE_PATCHING,
	     .severity = SG_SEVERITY_LOW, .flags = SG_RULE_OFF_BY_DEFAULT)
		.needles = RUN_N(APK),
		.run = check_pin, .tools = PM_BIT(PM_APK),
	},
	RULE(R_APK_VIRTUAL, 0, .id = "SGD112", .name = "apk-add-del-without-virtual",
	     .title = "apk add and apk del of the same packages without "
		      "--virtual",
	     .help = "Build-only packages installed and removed in one RUN are "
		     "easier to remove completely when grouped under a virtual "
		     "package: `apk del .build-deps` removes exactly what was "
		     "added, including dependencies pulled in for them.\n\n"
		     "Fix:\n\n```dockerfile\nRUN apk add --no-cache --virtual "
		     ".build-deps gcc musl-dev \\\n && pip install --no-cache-dir "
		     "-r requirements.txt \\\n && apk del .build-deps\n```",
	     .aliases = SG_ALIASES("apkadd-missing-virtual"),
	     .practice = SG_PRACTICE_MINIMAL_IMAGE,
	     .severity = SG_SEVERITY_INFO)
		.needles = RUN_N(APK),
		.run = check_virtual, .tools = PM_BIT(PM_APK),
	},
	RULE(R_APK_UPGRADE, 0, .id = "SGD113", .name = "apk-upgrade",
	     .title = "apk upgrade in a Dockerfile",
	     .help = "Upgrading packages during the build used to be "
		     "discouraged; current guidance is to apply security "
		     "updates, so hadolint removed its rule. Off by default, for "
		     "policies that want all updates to come from the base "
		     "image.\n\n"
		     "Fix: use a newer base image tag.\n\n"
		     "```dockerfile\nFROM alpine:3.20\n```",
	     .aliases = SG_ALIASES("avoid-apk-upgrade"),
	     .practice = SG_PRACTICE_PATCHING,
	     .severity = SG_SEVERITY_INFO, .flags = SG_RULE_OFF_BY_DEFAULT)
		.needles = RUN_N(APK),
		.run = check_upgrade, .tools = PM_BIT(PM_APK),
	},
	RULE(R_YUM_YES, 0, .id = "SGD120", .name = "yum-missing-yes",
	     .title = "yum install without -y",
	     .help = "Without `-y` (`--assumeyes`) yum asks for confirmation; "
		     "a build has no terminal, so it aborts.\n\n"
		     "Fix:\n\n```dockerfile\nRUN yum install -y httpd && yum "
		     "clean all\n```",
	     .aliases = SG_ALIASES("DL3030", "Yum Install Allows Manual Input",
				   "missing-yum-assume-yes-switch"),
	     .practice = SG_PRACTICE_PATCHING,
	     .severity = SG_SEVERITY_MEDIUM)
		.needles = RUN_N(YUM),
		.run = check_yes, .tools = PM_BIT(PM_YUM),
	},
	RULE(R_YUM_CLEAN, 0, .id = "SGD121", .name = "yum-clean-missing",
	     .title = "yum install without yum clean all",
	     .help = "yum keeps downloaded packages and metadata in "
		     "/var/cache/yum. Unless `yum clean all` (or `rm -rf "
		     "/var/cache/yum`) runs after the last install in the same "
		     "RUN, they stay in the layer. A cache/tmpfs mount on "
		     "/var/cache/yum also satisfies the rule; stages that do not "
		     "end up in the final image are not checked.\n\n"
		     "Fix:\n\n```dockerfile\nRUN yum install -y httpd && yum "
		     "clean all\n```",
	     .aliases = SG_ALIASES("DL3032", "DS-0015", "Yum Clean All Missing",
				   "missing-yum-clean-all"),
	     .practice = SG_PRACTICE_MINIMAL_IMAGE,
	     .severity = SG_SEVERITY_LOW)
		.needles = RUN_N(YUM),
		.run = check_clean, .tools = PM_BIT(PM_YUM),
	},
	RULE(R_YUM_PIN, 0, .id = "SGD122", .name = "yum-unpinned",
	     .title = "yum package installed without a version",
	     .help = "`yum install httpd` installs the newest build in the "
		     "repositories, so rebuilds drift. Pin with "
		     "`name-version` (`httpd-2.4.57`). Off by default: "
		     "repositories drop old builds.\n\n"
		     "Passes: `name-<version>`, `.rpm` files and paths, groups "
		     "(`@group`), `name-${VERSION}`.\n\n"
		     "Fix:\n\n```dockerfile\nRUN yum install -y httpd-2.4.57 && "
		     "yum clean all\n```",
	     .aliases = SG_ALIASES("DL3033", "Yum install Without Version"),
	     .practice = SG_PRACTICE_PATCHING,
	     .severity = SG_SEVERITY_LOW, .flags = SG_RULE_OFF_BY_DEFAULT)
		.needles = RUN_N(YUM),
		.run = check_pin, .tools = PM_BIT(PM_YUM),
	},
	RULE(R_DNF_YES, 0, .id = "SGD123", .name = "dnf-missing-yes",
	     .title = "dnf or microdnf install without -y",
	     .help = "Without `-y` (`--assumeyes`) dnf, microdnf and tdnf ask "
		     "for confirmation; a build has no terminal, so it "
		     "aborts.\n\n"
		     "Fix:\n\n```dockerfile\nRUN dnf install -y nginx && dnf "
		     "clean all\n```",
	     .aliases = SG_ALIASES("DL3038", "Missing Flag From Dnf Install",
				   "missing-dnf-assume-yes-switch"),
	     .practice = SG_PRACTICE_PATCHING,
	     .severity = SG_SEVERITY_MEDIUM)
		.needles = RUN_N(DNF),
		.run = check_yes,
		.tools = PM_BIT(PM_DNF) | PM_BIT(PM_MICRODNF) | PM_BIT(PM_TDNF),
	},
	RULE(R_DNF_CLEAN, 0, .id = "SGD124", .name = "dnf-clean-missing",
	     .title = "dnf install without dnf clean all",
	     .help = "dnf keeps metadata and packages in /var/cache/dnf "
		     "(/var/cache/libdnf5 for dnf5). Run `dnf clean all` after "
		     "the last install of the RUN, or mount a cache there. "
		     "Stages that do not end up in the final image are not "
		     "checked.\n\n"
		     "Fix:\n\n```dockerfile\nRUN dnf install -y nginx && dnf "
		     "clean all\n```",
	     .aliases = SG_ALIASES("DL3040", "DS-0019", "Missing Dnf Clean All",
				   "missing-dnf-clean-all"),
	     .practice = SG_PRACTICE_MINIMAL_IMAGE,
	     .severity = SG_SEVERITY_LOW)
		.needles = RUN_N(DNF),
		.run = check_clean, .tools = PM_BIT(PM_DNF) | PM_BIT(PM_TDNF),
	},
	RULE(R_MICRODNF_CLEAN, 0, .id = "SGD125", .name = "microdnf-clean-missing",
	     .title = "microdnf install without microdnf clean all",
	     .help = "microdnf (UBI minimal images) keeps its metadata and "
		     "packages in /var/cache/yum and /var/cache/dnf. Run "
		     "`microdnf clean all` after the last install of the RUN. "
		     "Stages that do not end up in the final image are not "
		     "checked.\n\n"
		     "Fix:\n\n```dockerfile\nRUN microdnf install -y shadow-utils "
		     "&& microdnf clean all\n```",
	     .aliases = SG_ALIASES("DL3040", "DS-0027"),
	     .practice = SG_PRACTICE_MINIMAL_IMAGE,
	     .severity = SG_SEVERITY_LOW)
		.needles = RUN_N(MICRODNF),
		.run = check_clean, .tools = PM_BIT(PM_MICRODNF),
	},
	RULE(R_DNF_PIN, 0, .id = "SGD126", .name = "dnf-unpinned",
	     .title = "dnf package installed without a version",
	     .help = "`dnf install nginx` installs the newest build available, "
		     "so rebuilds drift. Pin with `name-version`. Off by "
		     "default: repositories drop old builds.\n\n"
		     "Passes: `name-<version>`, `.rpm` files, groups and "
		     "modules, `name-${VERSION}`.\n\n"
		     "Fix:\n\n```dockerfile\nRUN dnf install -y nginx-1.24.0 && "
		     "dnf clean all\n```",
	     .aliases = SG_ALIASES("DL3041",
				   "Missing Version Specification In dnf install"),
	     .practice = SG_PRACTICE_PATCHING,
	     .severity = SG_SEVERITY_LOW, .flags = SG_RULE_OFF_BY_DEFAULT)
		.needles = RUN_N(DNF),
		.run = check_pin,
		.tools = PM_BIT(PM_DNF) | PM_BIT(PM_MICRODNF) | PM_BIT(PM_TDNF),
	},
	RULE(R_ZYPPER_YES, 0, .id = "SGD127", .name = "zypper-missing-non-interactive",
	     .title = "zypper without -n / --non-interactive",
	     .help = "zypper asks for confirmation on install, remove, patch "
		     "and upgrade. Without `-n` (`--non-interactive`, or `-y` / "
		     "`--no-confirm` on the subcommand) a build aborts.\n\n"
		     "Fix:\n\n```dockerfile\nRUN zypper -n install curl && "
		     "zypper clean --all\n```",
	     .aliases = SG_ALIASES("DL3034",
				   "Missing Zypper Non-interactive Switch",
				   "missing-zypper-no-confirm-switch"),
	     .practice = SG_PRACTICE_PATCHING,
	     .severity = SG_SEVERITY_MEDIUM)
		.needles = RUN_N(ZYPPER),
		.run = check_yes, .tools = PM_BIT(PM_ZYPPER),
	},
	RULE(R_ZYPPER_CLEAN, 0, .id = "SGD128", .name = "zypper-clean-missing",
	     .title = "zypper install without zypper clean",
	     .help = "zypper keeps packages and metadata in /var/cache/zypp. "
		     "Run `zypper clean --all` (`zypper cc -a`) after the last "
		     "install of the RUN, or mount a cache there. Stages that do "
		     "not end up in the final image are not checked.\n\n"
		     "Fix:\n\n```dockerfile\nRUN zypper -n install curl && "
		     "zypper clean --all\n```",
	     .aliases = SG_ALIASES("DL3036", "DS-0020", "Missing Zypper Clean",
				   "missing-zypper-clean"),
	     .practice = SG_PRACTICE_MINIMAL_IMAGE,
	     .severity = SG_SEVERITY_LOW)
		.needles = RUN_N(ZYPPER),
		.run = check_clean, .tools = PM_BIT(PM_ZYPPER),
	},
	RULE(R_ZYPPER_PIN, 0, .id = "SGD129", .name = "zypper-unpinned",
	     .title = "zypper package installed without a version",
	     .help = "`zypper install curl` installs the newest build "
		     "available. Pin with `curl=8.0.1` or a range "
		     "(`'curl>=8'`). Off by default: repositories drop old "
		     "builds.\n\n"
		     "Fix:\n\n```dockerfile\nRUN zypper -n install 'curl>=8' && "
		     "zypper clean --all\n```",
	     .aliases = SG_ALIASES("DL3037", "Zypper Install Without Version"),
	     .practice = SG_PRACTICE_PATCHING,
	     .severity = SG_SEVERITY_LOW, .flags = SG_RULE_OFF_BY_DEFAULT)
		.needles = RUN_N(ZYPPER),
		.run = check_pin, .tools = PM_BIT(PM_ZYPPER),
	},
	RULE(R_ZYPPER_DUP, 0, .id = "SGD130", .name = "zypper-dist-upgrade",
	     .title = "zypper dist-upgrade in a Dockerfile",
	     .help = "`zypper dist-upgrade` (`dup`) may move the image to a "
		     "newer distribution release than its base tag says, "
		     "installing and removing packages along the way. Use a "
		     "newer base image; `zypper patch` or `update` for security "
		     "fixes is fine.\n\n"
		     "Fix:\n\n```dockerfile\nFROM opensuse/leap:15.6\nRUN zypper -n "
		     "patch && zypper clean --all\n```",
	     .aliases = SG_ALIASES("DL3035"),
	     .practice = SG_PRACTICE_PATCHING,
	     .severity = SG_SEVERITY_LOW)
		.needles = RUN_N(ZYPPER),
		.run = check_dist, .tools = PM_BIT(PM_ZYPPER),
	},
	RULE(R_RPM_UPGRADE, 0, .id = "SGD131", .name = "rpm-upgrade",
	     .title = "yum update, dnf upgrade or zypper update in a "
		      "Dockerfile",
	     .help = "Older advice said not to upgrade packages during a build; "
		     "current guidance is to apply security updates, so hadolint "
		     "removed DL3031/DL3039. Off by default, for policies that "
		     "want every update to come from the base image.\n\n"
		     "Fix: use a newer base image.\n\n"
		     "```dockerfile\nFROM registry.access.redhat.com/ubi9/ubi:9.4\n```",
	     .aliases = SG_ALIASES("avoid-yum-update", "avoid-dnf-update",
				   "avoid-zypper-update"),
	     .practice = SG_PRACTICE_PATCHING,
	     .severity = SG_SEVERITY_INFO, .flags = SG_RULE_OFF_BY_DEFAULT)
		.needles = RUN_N(YUM) | RUN_N(DNF) | RUN_N(ZYPPER),
		.run = check_upgrade, .tools = RPM_TOOLS | PM_BIT(PM_ZYPPER),
	},
};

const struct sg_rule_table df_rules_run_pkg = SG_RULE_TABLE(rules);

/*
 * run_lang.c: language package managers in RUN (reference section J):
 * pip, npm, yarn, gem, go.
 */
#include "util/compat.h"
#include "dockerfile/rules/run_lib.h"

enum { R_PIP_PIN, R_PIP_CACHE, R_NPM_PIN, R_GEM_PIN, R_GO_PIN, R_YARN_CACHE };

/* state bit: PIP_NO_CACHE_DIR set by ENV/ARG in the stage */
#define SEEN_PIP_NO_CACHE 1u

static void check_pin(struct run_ctx *rc)
{
	size_t i, k;

	for (i = 0; i < rc->nitems; i++) {
		const struct pm_cmd *pc;

		if (!(pc = run_pm(rc, i)) ||
		    !(run_rule_cur(rc)->tools & PM_BIT(pc->tool)) ||
		    pc->action != PM_ACT_INSTALL)
			continue;
		for (k = 0; k < pc->npkg; k++) {
			const char *hint;

			if (pc->pkg[k].pinned)
				continue;
			switch (pc->tool) {
			case PM_PIP: hint = "name==<version>"; break;
			case PM_GEM: hint = "name:<version> or -v <version>"; break;
			case PM_GO: hint = "path@<version>"; break;
			default: hint = "name@<version>"; break;
			}
			run_report_word(rc, rc->items[i].u, pc->pkg[k].word,
					"%s package '%s' is not pinned to a version "
					"(use %s)", pm_tool_name(pc->tool),
					pc->pkg[k].word->text, hint);
		}
	}
}

static void pip_env(struct df_ctx *c, const struct df_instr *in,
		    struct run_state *st)
{
	uint32_t i;

	if (in->stage < 0 || in->stage >= RUN_MAX_STAGES)
		return;
	for (i = 0; i < in->nkvs; i++)
		if (in->kvs[i].key.value &&
		    !strcmp(in->kvs[i].key.value, "PIP_NO_CACHE_DIR") &&
		    in->kvs[i].has_value && in->kvs[i].value.value &&
		    in->kvs[i].value.value[0])
			st->seen[in->stage] |= SEEN_PIP_NO_CACHE;
}

static void check_pip_cache(struct run_ctx *rc)
{
	size_t i;

	if (!run_in_final_image(rc) || run_mount_covers(rc, PM_PIP) ||
	    run_stage_seen(rc, SEEN_PIP_NO_CACHE))
		return;
	for (i = 0; i < rc->nitems; i++) {
		const struct pm_cmd *pc;
		const char *env;

		if (!(pc = run_pm(rc, i)) || pc->tool != PM_PIP ||
		    pc->action != PM_ACT_INSTALL || pc->no_cache)
			continue;
		env = run_env_value(rc->items[i].u, rc->items[i].cmd,
				    "PIP_NO_CACHE_DIR");
		if (env && env[0])
			continue;
		run_report_cmd(rc, rc->items[i].u, rc->items[i].cmd,
			       "'pip install' without --no-cache-dir keeps the "
			       "wheel cache in the layer");
	}
}

static void check_yarn_cache(struct run_ctx *rc)
{
	size_t i, last = (size_t)-1;

	if (!run_in_final_image(rc) || run_mount_covers(rc, PM_YARN))
		return;
	for (i = 0; i < rc->nitems; i++) {
		const struct pm_cmd *pc;

		if ((pc = run_pm(rc, i)) && pc->tool == PM_YARN &&
		    pc->action == PM_ACT_INSTALL)
			last = i;
	}
	if (last == (size_t)-1)
		return;
	for (i = last + 1; i < rc->nitems; i++)
		if (pm_cleans_cache(rc->items[i].cmd, PM_YARN))
			return;
	run_report_cmd(rc, rc->items[last].u, rc->items[last].cmd,
		       "yarn install not followed by 'yarn cache clean' in the "
		       "same RUN");
}

static const struct run_rule rules[] = {
	RULE(R_PIP_PIN, 0, .id = "SGD140", .name = "pip-unpinned",
	     .title = "pip package installed without a version",
	     .help = "`pip install flask` installs the newest release on the "
		     "day of the build: rebuilds change behaviour, and a "
		     "compromised new release is picked up automatically. Pin "
		     "exact versions, ideally in a requirements file with "
		     "hashes.\n\n"
		     "Passes: version specifiers (`==`, `>=`, `~=`, …), "
		     "`-r`/`--requirement` files, local paths and `.`, wheels and "
		     "sdists, VCS URLs with `@ref`, variables, and `pip install "
		     "-U pip setuptools wheel` (the installer itself). Values of "
		     "value-taking options (`--index-url x`, `-c file`, …) are "
		     "not packages.\n\n"
		     "Fix:\n\n```dockerfile\nRUN pip install --no-cache-dir "
		     "flask==3.0.3\n# or\nRUN pip install --no-cache-dir "
		     "--require-hashes -r requirements.txt\n```",
	     .aliases = SG_ALIASES("DL3013",
				   "Unpinned Package Version in Pip Install"),
	     .practice = SG_PRACTICE_PATCHING,
	     .severity = SG_SEVERITY_LOW)
		.needles = RUN_N(PIP),
		.run = check_pin, .tools = PM_BIT(PM_PIP),
	},
	RULE(R_PIP_CACHE, DF_ON(DF_ENV) | DF_ON(DF_ARG), .id = "SGD141", .name = "pip-no-cache-dir",
	     .title = "pip install without --no-cache-dir",
	     .help = "pip keeps every downloaded wheel in ~/.cache/pip; in an "
		     "image that is dead weight, often larger than the installed "
		     "packages.\n\n"
		     "Not reported when `PIP_NO_CACHE_DIR` is set (ENV or ARG in "
		     "the stage or a parent, on the command, or exported earlier "
		     "in the RUN), when a cache/tmpfs mount covers ~/.cache/pip, "
		     "or in stages that do not end up in the final image.\n\n"
		     "Fix:\n\n```dockerfile\nRUN pip install --no-cache-dir -r "
		     "requirements.txt\n# or\nRUN --mount=type=cache,target=/root/"
		     ".cache/pip pip install -r requirements.txt\n```",
	     .aliases = SG_ALIASES("DL3042", "Pip install Keeping Cached Packages",
				   "missing-pip-no-cache-dir"),
	     .practice = SG_PRACTICE_MINIMAL_IMAGE,
	     .severity = SG_SEVERITY_LOW)
		.needles = RUN_N(PIP),
		.run = check_pip_cache, .tools = PM_BIT(PM_PIP),
		.other_on = DF_ON(DF_ENV) | DF_ON(DF_ARG), .other = pip_env,
	},
	RULE(R_NPM_PIN, 0, .id = "SGD142", .name = "npm-unpinned",
	     .title = "npm package installed without a version",
	     .help = "`npm install -g typescript` installs the newest release "
		     "when the image is built; rebuilds drift and a malicious "
		     "release is picked up at once. Pin `name@version`. Bare "
		     "`npm install` / `npm ci` (from package.json and the lock "
		     "file) pass, as do tarballs, local paths and git URLs with "
		     "`#ref`. `@latest` is not a pin.\n\n"
		     "Fix:\n\n```dockerfile\nRUN npm install -g typescript@5.4.5\n```",
	     .aliases = SG_ALIASES("DL3016",
				   "NPM Install Command Without Pinned Version"),
	     .practice = SG_PRACTICE_PATCHING,
	     .severity = SG_SEVERITY_LOW)
		.needles = RUN_N(NPM) | RUN_N(YARN) | RUN_N(PNPM),
		.run = check_pin,
		.tools = PM_BIT(PM_NPM) | PM_BIT(PM_YARN) | PM_BIT(PM_PNPM),
	},
	RULE(R_GEM_PIN, 0, .id = "SGD143", .name = "gem-unpinned",
	     .title = "gem installed without a version",
	     .help = "`gem install rails` installs the newest release when the "
		     "image is built. Pin with `rails:7.1.3` or `-v 7.1.3`; a "
		     "Gemfile.lock with `bundle install` is better still.\n\n"
		     "Fix:\n\n```dockerfile\nRUN gem install bundler:2.5.10\n```",
	     .aliases = SG_ALIASES("DL3028", "Gem Install Without Version"),
	     .practice = SG_PRACTICE_PATCHING,
	     .severity = SG_SEVERITY_LOW)
		.needles = RUN_N(GEM),
		.run = check_pin, .tools = PM_BIT(PM_GEM),
	},
	RULE(R_GO_PIN, 0, .id = "SGD144", .name = "go-install-unpinned",
	     .title = "go install / go get / go run without a version",
	     .help = "`go install example.com/cmd@latest` (or no `@version`) "
		     "builds whatever the module's newest version is when the "
		     "image is built. Pin `@v1.2.3` or a commit. Local packages "
		     "(`./...`) pass.\n\n"
		     "Fix:\n\n```dockerfile\nRUN go install "
		     "golang.org/x/tools/gopls@v0.15.3\n```",
	     .aliases = SG_ALIASES("DL3062"),
	     .practice = SG_PRACTICE_PATCHING,
	     .severity = SG_SEVERITY_LOW)
		.needles = RUN_N(GO_CMD),
		.run = check_pin, .tools = PM_BIT(PM_GO),
	},
	RULE(R_YARN_CACHE, 0, .id = "SGD145", .name = "yarn-cache-not-cleaned",
	     .title = "yarn install without yarn cache clean",
	     .help = "yarn (v1) keeps a global cache of every package tarball; "
		     "left in the image it can double the size of "
		     "node_modules. Run `yarn cache clean` after the install in "
		     "the same RUN, or mount a cache on its directory. Stages "
		     "that do not end up in the final image are not checked.\n\n"
		     "Fix:\n\n```dockerfile\nRUN yarn install --frozen-lockfile "
		     "&& yarn cache clean\n```",
	     .aliases = SG_ALIASES("DL3060"),
	     .practice = SG_PRACTICE_MINIMAL_IMAGE,
	     .severity = SG_SEVERITY_INFO)
		.needles = RUN_N(YARN),
		.run = check_yarn_cache, .tools = PM_BIT(PM_YARN),
	},
};

const struct sg_rule_table df_rules_run_lang = SG_RULE_TABLE(rules);

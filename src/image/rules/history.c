/*
 * history.c: Dockle's build-history checkpoints, applied to the config's
 * `history[].created_by` lines (legacy builder "/bin/sh -c #(nop) ...",
 * BuildKit "RUN /bin/sh -c ... # buildkit", build-arg prefixes "|1 A=b").
 * A RUN line is split into commands on && || ; | and each command into
 * words, as Dockle does; nothing is executed.
 */
#include "util/compat.h"

#include "image/rules.h"

#define MAX_WORDS 64
#define MAX_CMDS 64

struct cmd {
	const char *w[MAX_WORDS];
	size_t n;
};

struct run {
	char text[8192];
	struct cmd cmds[MAX_CMDS];
	size_t n;
};

static const char *const instructions[] = {
	"ENV", "LABEL", "CMD", "ENTRYPOINT", "COPY", "ADD", "EXPOSE",
	"WORKDIR", "USER", "VOLUME", "ARG", "ONBUILD", "STOPSIGNAL",
	"HEALTHCHECK", "SHELL", "MAINTAINER",
};

/* Parse a history line as RUN commands; false for other instructions. */
static bool parse_run(const char *created_by, struct run *r)
{
	char *p, *word;
	size_t i;

	img_history_text(created_by, r->text, sizeof(r->text));
	p = r->text;
	if (sg_startswith(p, "RUN "))
		p += 4;
	else
		for (i = 0; i < SG_ARRAY_SIZE(instructions); i++) {
			size_t l = strlen(instructions[i]);

			if (!strncmp(p, instructions[i], l) &&
			    (p[l] == ' ' || p[l] == '\0'))
				return false;
		}
	/* "|2 A=b C=d /bin/sh -c ...": build args of the legacy builder */
	if (p[0] == '|') {
		while (*p && !sg_startswith(p, "/bin/sh -c "))
			p++;
	}
	if (sg_startswith(p, "/bin/sh -c "))
		p += 11;
	r->n = 0;
	r->cmds[0].n = 0;
	while (*p && r->n < MAX_CMDS) {
		char t;

		if (sg_isspace(*p) || *p == '\\') {
			*p++ = '\0';
			continue;
		}
		t = *p;
		if (t != ';' && t != '&' && t != '|') {
			word = p;
			while (*p && !sg_isspace(*p) && *p != ';' &&
			       *p != '&' && *p != '|')
				p++;
			t = *p;
			if (r->cmds[r->n].n < MAX_WORDS)
				r->cmds[r->n].w[r->cmds[r->n].n++] = word;
			if (!t)
				break;
		}
		*p++ = '\0';
		/* a separator ends the command */
		if ((t == ';' || t == '&' || t == '|') && r->cmds[r->n].n &&
		    r->n + 1 < MAX_CMDS)
			r->cmds[++r->n].n = 0;
	}
	if (r->n < MAX_CMDS && r->cmds[r->n].n)
		r->n++;
	return true;
}

static bool has(const struct cmd *c, const char *w)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (!strcmp(c->w[i], w))
			return true;
	return false;
}

/* The command word, after VAR=value assignments. */
static const char *verb(const struct cmd *c, size_t *at)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (!strchr(c->w[i], '=')) {
			if (at)
				*at = i;
			return c->w[i];
		}
	return "";
}

static uint32_t layer_of(struct img_ctx *c, size_t hist)
{
	size_t i;

	for (i = 0; i < c->img->layers.n; i++)
		if (c->img->layers.v[i].history_index == hist)
			return (uint32_t)i;
	return UINT32_MAX;
}

typedef void (*run_check)(struct img_ctx *c, const struct img_rule *r,
			  size_t hist, const struct run *run);

static void each_run(struct img_ctx *c, const struct img_rule *r,
		     run_check fn)
{
	json_t *hist = json_object_get(c->img->config, "history"), *e;
	struct run *run = malloc(sizeof(*run));
	size_t i;

	if (!run)
		return;
	json_array_foreach(hist, i, e) {
		const char *cb = json_string_value(json_object_get(e, "created_by"));

		if (cb && parse_run(cb, run))
			fn(c, r, i, run);
	}
	free(run);
}

static void report_hist(struct img_ctx *c, const struct img_rule *r,
			size_t hist, const char *what)
{
	json_t *e = json_array_get(json_object_get(c->img->config, "history"),
				   hist);
	char text[4096], obj[32];

	img_history_text(json_string_value(json_object_get(e, "created_by")),
			 text, sizeof(text));
	snprintf(obj, sizeof(obj), "history[%zu]", hist);
	img_report(c, r, layer_of(c, hist), obj, text, "%s in build step: %.200s",
		   what, text);
}

static bool is_pm(const char *v)
{
	return !strcmp(v, "apt-get") || !strcmp(v, "apt") || !strcmp(v, "yum") ||
	       !strcmp(v, "dnf") || !strcmp(v, "microdnf") ||
	       !strcmp(v, "apk") || !strcmp(v, "zypper");
}

static void run_update_alone(struct img_ctx *c, const struct img_rule *r,
			     size_t hist, const struct run *run)
{
	size_t i, j;

	for (i = 0; i < run->n; i++) {
		const char *v = verb(&run->cmds[i], NULL);
		bool later = false;

		if (!is_pm(v) || !(has(&run->cmds[i], "update") ||
				   has(&run->cmds[i], "refresh")))
			continue;
		if (has(&run->cmds[i], "install") || has(&run->cmds[i], "add") ||
		    has(&run->cmds[i], "upgrade"))
			continue;
		for (j = i + 1; j < run->n && !later; j++)
			later = !strcmp(verb(&run->cmds[j], NULL), v) &&
				(has(&run->cmds[j], "install") ||
				 has(&run->cmds[j], "add") ||
				 has(&run->cmds[j], "upgrade"));
		if (!later) {
			report_hist(c, r, hist, "package index update without "
				    "an install");
			return;
		}
	}
}

static void check_update_alone(struct img_ctx *c, const struct img_rule *r)
{
	each_run(c, r, run_update_alone);
}

const struct img_rule img_rule_update_alone = {
	.meta = {
		.id = "SGI012",
		.name = "history-update-alone",
		.title = "A build step updates the package index without installing",
		.help = "`RUN apt-get update` on its own line is cached as a "
			"layer: later `apt-get install` steps reuse the stale index "
			"and install outdated packages, or fail once the mirror "
			"drops them.\n\n"
			"Fix: update and install in the same step:\n\n"
			"```dockerfile\nRUN apt-get update && apt-get install -y "
			"--no-install-recommends curl \\\n && rm -rf "
			"/var/lib/apt/lists/*\n```",
		.aliases = SG_ALIASES("CIS-DI-0007", "DS-0017", "DS017"),
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_PATCHING,
		.severity = SG_SEVERITY_HIGH,
	},
	.check = check_update_alone,
};

static bool is_archive(const char *s)
{
	return sg_endswith(s, ".tar") || sg_endswith(s, ".tar.gz") ||
	       sg_endswith(s, ".tgz") || sg_endswith(s, ".tar.xz") ||
	       sg_endswith(s, ".tar.bz2") || sg_endswith(s, ".tar.zst");
}

static void check_add(struct img_ctx *c, const struct img_rule *r)
{
	json_t *hist = json_object_get(c->img->config, "history"), *e;
	bool base = true;
	size_t i;

	json_array_foreach(hist, i, e) {
		char text[4096], src[1024];
		const char *p;
		size_t n;

		img_history_text(json_string_value(json_object_get(e, "created_by")),
				 text, sizeof(text));
		if (!sg_startswith(text, "ADD "))
			continue;
		if (base) {
			base = false;   /* the base image's rootfs: exempt */
			continue;
		}
		p = text + 4;
		while (*p == '-' ) {   /* --chown=... --chmod=... */
			p += strcspn(p, " ");
			while (*p == ' ')
				p++;
		}
		n = strcspn(p, " ");
		snprintf(src, sizeof(src), "%.*s", (int)SG_MIN(n, sizeof(src) - 1), p);
		if (is_archive(src))
			continue;   /* ADD's one job: unpacking a local tar */
		report_hist(c, r, i, "ADD instead of COPY");
	}
}

const struct img_rule img_rule_add = {
	.meta = {
		.id = "SGI014",
		.name = "history-add-instead-of-copy",
		.title = "A build step uses ADD where COPY would do",
		.help = "`ADD` also fetches URLs and unpacks archives, so what "
			"lands in the image depends on the source's type and on a "
			"remote server at build time. `COPY` does one predictable "
			"thing. The first ADD of the history (the base image's "
			"root filesystem) is exempt, as are local tar archives.\n\n"
			"Fix: `COPY app/ /app/`; download with a checked `RUN curl "
			"… && sha256sum -c` instead of `ADD https://…`.",
		.aliases = SG_ALIASES("CIS-DI-0009", "DS-0005", "DS005"),
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_TRUSTED_BASE,
		.severity = SG_SEVERITY_LOW,
	},
	.check = check_add,
};

static void run_sudo(struct img_ctx *c, const struct img_rule *r, size_t hist,
		     const struct run *run)
{
	size_t i;

	for (i = 0; i < run->n; i++)
		if (!strcmp(verb(&run->cmds[i], NULL), "sudo")) {
			report_hist(c, r, hist, "sudo");
			return;
		}
}

static void check_sudo(struct img_ctx *c, const struct img_rule *r)
{
	each_run(c, r, run_sudo);
}

const struct img_rule img_rule_sudo = {
	.meta = {
		.id = "SGI018",
		.name = "history-sudo",
		.title = "A build step runs sudo",
		.help = "Build steps already run as the current `USER`; `sudo` "
			"in an image means sudo and a sudoers policy are shipped "
			"too, an easy privilege escalation for anything that obtains "
			"a shell in the container.\n\n"
			"Fix: switch users explicitly (`USER root` … `USER app`) "
			"and remove sudo from the image.",
		.aliases = SG_ALIASES("DKL-DI-0001", "DS-0010", "DS010"),
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_NON_ROOT,
		.severity = SG_SEVERITY_HIGH,
	},
	.check = check_sudo,
};

static void run_dist_upgrade(struct img_ctx *c, const struct img_rule *r,
			     size_t hist, const struct run *run)
{
	size_t i;

	for (i = 0; i < run->n; i++) {
		const char *v = verb(&run->cmds[i], NULL);

		if ((!strcmp(v, "apt-get") || !strcmp(v, "apt")) &&
		    (has(&run->cmds[i], "dist-upgrade") ||
		     has(&run->cmds[i], "full-upgrade"))) {
			report_hist(c, r, hist, "apt-get dist-upgrade");
			return;
		}
	}
}

static void check_dist_upgrade(struct img_ctx *c, const struct img_rule *r)
{
	each_run(c, r, run_dist_upgrade);
}

const struct img_rule img_rule_dist_upgrade = {
	.meta = {
		.id = "SGI020",
		.name = "history-dist-upgrade",
		.title = "A build step runs apt-get dist-upgrade",
		.help = "`dist-upgrade` may add and remove packages and move the "
			"image across major versions of its libraries, so the "
			"image no longer matches the base it claims.\n\n"
			"Fix: use a newer base image; if needed, `apt-get "
			"upgrade -y` only.",
		.aliases = SG_ALIASES("DKL-DI-0003", "DS-0024", "DS024"),
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_PATCHING,
		.severity = SG_SEVERITY_MEDIUM,
	},
	.check = check_dist_upgrade,
};

static void run_apk(struct img_ctx *c, const struct img_rule *r, size_t hist,
		    const struct run *run)
{
	size_t i;

	for (i = 0; i < run->n; i++)
		if (!strcmp(verb(&run->cmds[i], NULL), "apk") &&
		    has(&run->cmds[i], "add") &&
		    !has(&run->cmds[i], "--no-cache")) {
			report_hist(c, r, hist, "apk add without --no-cache");
			return;
		}
}

static void check_apk(struct img_ctx *c, const struct img_rule *r)
{
	each_run(c, r, run_apk);
}

const struct img_rule img_rule_apk_cache = {
	.meta = {
		.id = "SGI021",
		.name = "history-apk-cache",
		.title = "apk add runs without --no-cache",
		.help = "Without `--no-cache`, apk keeps its package index in "
			"/var/cache/apk, adding size to the layer that nothing "
			"at run time uses.\n\n"
			"Fix: `RUN apk add --no-cache curl`.",
		.aliases = SG_ALIASES("DKL-DI-0004", "DS-0025", "DS025"),
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_MINIMAL_IMAGE,
		.severity = SG_SEVERITY_MEDIUM,
	},
	.check = check_apk,
};

static void run_apt_lists(struct img_ctx *c, const struct img_rule *r,
			  size_t hist, const struct run *run)
{
	size_t i, k;
	bool apt = false;

	for (i = 0; i < run->n; i++) {
		const struct cmd *cm = &run->cmds[i];
		const char *v = verb(cm, NULL);

		if ((!strcmp(v, "apt-get") || !strcmp(v, "apt")) &&
		    (has(cm, "install") || has(cm, "update")))
			apt = true;
		if ((!strcmp(v, "apt-get") || !strcmp(v, "apt")) &&
		    (has(cm, "dist-clean") || has(cm, "distclean")))
			return;
		if (!strcmp(v, "rm"))
			for (k = 0; k < cm->n; k++)
				if (sg_startswith(cm->w[k], "/var/lib/apt/lists"))
					return;
	}
	if (apt)
		report_hist(c, r, hist, "apt lists not removed");
}

static void check_apt_lists(struct img_ctx *c, const struct img_rule *r)
{
	each_run(c, r, run_apt_lists);
}

const struct img_rule img_rule_apt_lists = {
	.meta = {
		.id = "SGI022",
		.name = "history-apt-lists-kept",
		.title = "An apt step does not remove /var/lib/apt/lists",
		.help = "`apt-get update` downloads tens of megabytes of package "
			"indexes. Unless the same step deletes them, they stay in "
			"that layer forever, even if a later step removes them "
			"(see SGI035).\n\n"
			"Fix:\n\n```dockerfile\nRUN apt-get update && apt-get "
			"install -y --no-install-recommends curl \\\n && rm -rf "
			"/var/lib/apt/lists/*\n```",
		.aliases = SG_ALIASES("DKL-DI-0005"),
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_MINIMAL_IMAGE,
		.severity = SG_SEVERITY_MEDIUM,
	},
	.check = check_apt_lists,
};

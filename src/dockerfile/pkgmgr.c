/*
 * pkgmgr.c: package-manager knowledge for the RUN rules.
 *
 * One table row per tool: the option letters and long names that take a
 * value (so `apt-get -o Foo=bar install x` finds "install" and "x"), how
 * subcommands map to actions, and the predicate that says whether a package
 * argument pins a version.  Words that are wholly an expansion (`$PKGS`) are
 * treated as pinned: their value is unknown and guessing is how hadolint
 * earned its most-reported false positives (dockerfile-rules.md §(d).1).
 */
#include "util/compat.h"
#include "dockerfile/pkgmgr.h"

const char *pm_tool_name(enum pm_tool t)
{
	static const char *const names[] = {
#define XX(name, text) text,
		PM_TOOL_MAP(XX)
#undef XX
	};
	return (size_t)t < SG_ARRAY_SIZE(names) ? names[t] : "";
}

const char *pm_action_name(enum pm_action a)
{
	static const char *const names[] = {
#define XX(name, text) text,
		PM_ACTION_MAP(XX)
#undef XX
	};
	return (size_t)a < SG_ARRAY_SIZE(names) ? names[a] : "";
}

bool pm_truthy(const char *v)
{
	return v && (strcmp(v, "1") == 0 || sg_strcasecmp(v, "true") == 0 ||
		     sg_strcasecmp(v, "yes") == 0 || sg_strcasecmp(v, "on") == 0);
}

/* ---- option specs -------------------------------------------------------- */

static const char *const apt_long[] = {
	"option", "target-release", "default-release", "config-file",
	"host-architecture", "architecture", NULL,
};
static const struct sh_optspec apt_spec = { "otcaC", apt_long };

static const char *const apk_long[] = {
	"virtual", "repository", "root", "keys-dir", "repositories-file",
	"arch", "cache-dir", "progress-fd", "wait", "cache-max-age", NULL,
};
static const struct sh_optspec apk_spec = { "tXp", apk_long };

static const char *const yum_long[] = {
	"config", "debuglevel", "errorlevel", "rpmverbosity", "exclude",
	"enablerepo", "disablerepo", "repo", "repoid", "installroot",
	"releasever", "setopt", "color", "downloaddir", "destdir",
	"repofrompath", "forcearch", "comment", "advisory", "cve", "bz",
	"sec-severity", "secseverity", "enableplugin", "disableplugin",
	"platform-id", "use-host-config", NULL,
};
static const struct sh_optspec yum_spec = { "cdeRx", yum_long };

static const char *const zypper_long[] = {
	"config", "reposd-dir", "cache-dir", "raw-cache-dir", "solv-cache-dir",
	"pkg-cache-dir", "root", "type", "repo", "from", "installroot",
	"releasever", NULL,
};
static const struct sh_optspec zypper_spec = { "cDCRtr", zypper_long };

static const char *const pip_long[] = {
	"requirement", "constraint", "editable", "index-url",
	"extra-index-url", "find-links", "target", "src", "root", "prefix",
	"trusted-host", "global-option", "install-option", "upgrade-strategy",
	"python-version", "platform", "implementation", "abi", "progress-bar",
	"log", "cache-dir", "timeout", "retries", "proxy", "cert",
	"client-cert", "exists-action", "no-binary", "only-binary",
	"config-settings", "report", "python", "root-user-action", "build",
	"uninstall-option", NULL,
};
static const struct sh_optspec pip_spec = { "rceitfCb", pip_long };

static const char *const npm_long[] = {
	"registry", "loglevel", "prefix", "cache", "userconfig",
	"globalconfig", "workspace", "tag", "omit", "include",
	"install-strategy", "script-shell", "before", "location", NULL,
};
static const struct sh_optspec npm_spec = { "wC", npm_long };

static const char *const gem_long[] = {
	"version", "source", "install-dir", "bindir", "platform", "document",
	"build-root", "trust-policy", "proxy", "config-file", "file", NULL,
};
static const struct sh_optspec gem_spec = { "vinPspg", gem_long };

static const char *const rpm_long[] = {
	"root", "dbpath", "define", "macros", "rcfile", "excludepath",
	"relocate", "prefix", NULL,
};
static const struct sh_optspec rpm_spec = { "rD", rpm_long };

/* ---- version predicates -------------------------------------------------- */

static bool pure_expansion(const struct sh_word *w)
{
	return (w->flags & SH_W_DYNAMIC) && w->text[0] == '$';
}

static bool has_any(const char *s, const char *chars)
{
	return strpbrk(s, chars) != NULL;
}

static bool ends_with_any(const char *s, const char *const *suffixes)
{
	for (; *suffixes; suffixes++)
		if (sg_endswith(s, *suffixes))
			return true;
	return false;
}

static bool apt_pinned(const struct sh_word *w)
{
	static const char *const sfx[] = { ".deb", NULL };

	return pure_expansion(w) || has_any(w->text, "=/") ||
	       ends_with_any(w->text, sfx);
}

static bool apk_pinned(const struct sh_word *w)
{
	static const char *const sfx[] = { ".apk", NULL };

	return pure_expansion(w) || has_any(w->text, "=~<>/") ||
	       ends_with_any(w->text, sfx);
}

/* name-<digit…> (yum/dnf), *.rpm, paths, @groups, module streams */
static bool rpm_pinned(const struct sh_word *w)
{
	static const char *const sfx[] = { ".rpm", NULL };
	const char *s = w->text;
	size_t i;

	if (pure_expansion(w) || ends_with_any(s, sfx) || has_any(s, "/@=<>"))
		return true;
	for (i = 1; s[i]; i++)
		if (s[i - 1] == '-' && sg_isdigit((unsigned char)s[i]))
			return true;
	/* name-${VERSION} */
	return (w->flags & SH_W_DYNAMIC) && strstr(s, "-$") != NULL;
}

static bool zypper_pinned(const struct sh_word *w)
{
	static const char *const sfx[] = { ".rpm", NULL };

	return pure_expansion(w) || has_any(w->text, "=<>/") ||
	       ends_with_any(w->text, sfx);
}

static bool pip_pinned(const struct sh_word *w)
{
	static const char *const sfx[] = {
		".whl", ".tar.gz", ".tgz", ".zip", ".tar.bz2", ".tar.xz", NULL,
	};
	const char *s = w->text;

	return pure_expansion(w) || has_any(s, "=<>~@/") ||
	       ends_with_any(s, sfx) || strcmp(s, ".") == 0 ||
	       strcmp(s, "..") == 0;
}

static bool npm_pinned(const struct sh_word *w)
{
	static const char *const sfx[] = { ".tgz", ".tar.gz", ".tar", NULL };
	const char *s = w->text, *at;

	if (pure_expansion(w) || ends_with_any(s, sfx))
		return true;
	if (s[0] == '.' || s[0] == '/' || s[0] == '~' ||
	    sg_startswith(s, "file:"))
		return true;
	if (strchr(s, '#') && (strstr(s, "git") || strchr(s, '/')))
		return true;    /* git URL or user/repo pinned to a ref */
	at = strchr(s + (s[0] == '@' ? 1 : 0), '@');
	return at && at[1] && strcmp(at + 1, "latest") != 0 &&
	       strcmp(at + 1, "next") != 0;
}

static bool go_pinned(const struct sh_word *w)
{
	const char *s = w->text, *at = strrchr(s, '@');

	if (pure_expansion(w) || s[0] == '.' || s[0] == '/')
		return true;
	return at && at[1] && strcmp(at + 1, "latest") != 0 &&
	       strcmp(at + 1, "none") != 0 && strcmp(at + 1, "master") != 0 &&
	       strcmp(at + 1, "main") != 0 && strcmp(at + 1, "upgrade") != 0 &&
	       strcmp(at + 1, "patch") != 0;
}

/* ---- classification ------------------------------------------------------ */

struct submap {
	const char *word;
	enum pm_action action;
};

static enum pm_action lookup(const struct submap *m, const char *word)
{
	for (; m->word; m++)
		if (strcmp(m->word, word) == 0)
			return m->action;
	return PM_ACT_OTHER;
}

static const struct submap apt_subs[] = {
	{ "install", PM_ACT_INSTALL }, { "reinstall", PM_ACT_INSTALL },
	{ "build-dep", PM_ACT_INSTALL }, { "update", PM_ACT_UPDATE },
	{ "upgrade", PM_ACT_UPGRADE }, { "dist-upgrade", PM_ACT_DIST_UPGRADE },
	{ "full-upgrade", PM_ACT_DIST_UPGRADE }, { "remove", PM_ACT_REMOVE },
	{ "purge", PM_ACT_REMOVE }, { "autoremove", PM_ACT_REMOVE },
	{ "clean", PM_ACT_CLEAN }, { "autoclean", PM_ACT_CLEAN },
	{ "distclean", PM_ACT_CLEAN }, { "dist-clean", PM_ACT_CLEAN },
	{ NULL, PM_ACT_OTHER },
};
static const struct submap apk_subs[] = {
	{ "add", PM_ACT_INSTALL }, { "update", PM_ACT_UPDATE },
	{ "upgrade", PM_ACT_UPGRADE }, { "del", PM_ACT_REMOVE },
	{ "cache", PM_ACT_CLEAN }, { NULL, PM_ACT_OTHER },
};
static const struct submap yum_subs[] = {
	{ "install", PM_ACT_INSTALL }, { "groupinstall", PM_ACT_INSTALL },
	{ "localinstall", PM_ACT_INSTALL }, { "reinstall", PM_ACT_INSTALL },
	{ "in", PM_ACT_INSTALL }, { "makecache", PM_ACT_UPDATE },
	{ "check-update", PM_ACT_UPDATE }, { "update", PM_ACT_UPGRADE },
	{ "upgrade", PM_ACT_UPGRADE }, { "update-minimal", PM_ACT_UPGRADE },
	{ "upgrade-minimal", PM_ACT_UPGRADE },
	{ "distro-sync", PM_ACT_DIST_UPGRADE },
	{ "dist-upgrade", PM_ACT_DIST_UPGRADE }, { "remove", PM_ACT_REMOVE },
	{ "erase", PM_ACT_REMOVE }, { "autoremove", PM_ACT_REMOVE },
	{ "clean", PM_ACT_CLEAN }, { "config-manager", PM_ACT_CONFIG },
	{ NULL, PM_ACT_OTHER },
};
static const struct submap zypper_subs[] = {
	{ "install", PM_ACT_INSTALL }, { "in", PM_ACT_INSTALL },
	{ "refresh", PM_ACT_UPDATE }, { "ref", PM_ACT_UPDATE },
	{ "update", PM_ACT_UPGRADE }, { "up", PM_ACT_UPGRADE },
	{ "patch", PM_ACT_UPGRADE }, { "dist-upgrade", PM_ACT_DIST_UPGRADE },
	{ "dup", PM_ACT_DIST_UPGRADE }, { "remove", PM_ACT_REMOVE },
	{ "rm", PM_ACT_REMOVE }, { "clean", PM_ACT_CLEAN },
	{ "cc", PM_ACT_CLEAN }, { NULL, PM_ACT_OTHER },
};
static const struct submap pip_subs[] = {
	{ "install", PM_ACT_INSTALL }, { "uninstall", PM_ACT_REMOVE },
	{ "cache", PM_ACT_CLEAN }, { "config", PM_ACT_CONFIG },
	{ NULL, PM_ACT_OTHER },
};
static const struct submap npm_subs[] = {
	{ "install", PM_ACT_INSTALL }, { "i", PM_ACT_INSTALL },
	{ "add", PM_ACT_INSTALL }, { "isntall", PM_ACT_INSTALL },
	{ "in", PM_ACT_INSTALL }, { "ci", PM_ACT_INSTALL },
	{ "clean-install", PM_ACT_INSTALL }, { "install-clean", PM_ACT_INSTALL },
	{ "update", PM_ACT_UPGRADE }, { "up", PM_ACT_UPGRADE },
	{ "upgrade", PM_ACT_UPGRADE }, { "uninstall", PM_ACT_REMOVE },
	{ "remove", PM_ACT_REMOVE }, { "rm", PM_ACT_REMOVE },
	{ "un", PM_ACT_REMOVE }, { "cache", PM_ACT_CLEAN },
	{ "config", PM_ACT_CONFIG }, { "c", PM_ACT_CONFIG },
	{ NULL, PM_ACT_OTHER },
};
static const struct submap gem_subs[] = {
	{ "install", PM_ACT_INSTALL }, { "i", PM_ACT_INSTALL },
	{ "update", PM_ACT_UPGRADE }, { "uninstall", PM_ACT_REMOVE },
	{ "cleanup", PM_ACT_CLEAN }, { "sources", PM_ACT_CONFIG },
	{ NULL, PM_ACT_OTHER },
};

static enum pm_tool tool_of(const char *name)
{
	static const struct {
		const char *name;
		enum pm_tool tool;
	} tools[] = {
		{ "apt-get", PM_APT_GET }, { "apt", PM_APT },
		{ "apk", PM_APK }, { "yum", PM_YUM }, { "dnf", PM_DNF },
		{ "dnf5", PM_DNF }, { "dnf-3", PM_DNF },
		{ "microdnf", PM_MICRODNF }, { "tdnf", PM_TDNF },
		{ "zypper", PM_ZYPPER }, { "rpm", PM_RPM }, { "npm", PM_NPM },
		{ "yarn", PM_YARN }, { "yarnpkg", PM_YARN }, { "pnpm", PM_PNPM },
		{ "gem", PM_GEM }, { "go", PM_GO },
	};
	size_t i;

	for (i = 0; i < SG_ARRAY_SIZE(tools); i++)
		if (tools[i].name[0] == name[0] && strcmp(tools[i].name, name) == 0)
			return tools[i].tool;
	/* pip, pip3, pip3.12 */
	if (sg_startswith(name, "pip")) {
		for (i = 3; name[i]; i++)
			if (!sg_isdigit((unsigned char)name[i]) && name[i] != '.')
				return PM_NONE;
		return PM_PIP;
	}
	return PM_NONE;
}

static bool is_python(const char *name)
{
	size_t i;

	if (!sg_startswith(name, "python"))
		return false;
	for (i = 6; name[i]; i++)
		if (!sg_isdigit((unsigned char)name[i]) && name[i] != '.')
			return false;
	return true;
}

/* Subcommand = first operand; the rest are package arguments. */
static void split_sub(struct pm_cmd *pc, const struct submap *subs)
{
	if (pc->args.noperand == 0)
		return;
	pc->sub_word = pc->args.operand[0];
	pc->sub = pc->sub_word->text;
	pc->action = lookup(subs, pc->sub);
}

static void add_pkgs(struct pm_cmd *pc, size_t from,
		     bool (*pinned)(const struct sh_word *))
{
	size_t i;

	for (i = from; i < pc->args.noperand && pc->npkg < PM_MAX_PKGS; i++) {
		pc->pkg[pc->npkg].word = pc->args.operand[i];
		pc->pkg[pc->npkg].pinned = pinned(pc->args.operand[i]);
		pc->npkg++;
	}
}

static const char *opt_value(const struct pm_cmd *pc, const char *s,
			     const char *l)
{
	const struct sh_opt *o = sh_args_find(&pc->args, s, l);

	return o && o->value ? o->value : NULL;
}

/* apt -o Key=value given anywhere */
static bool apt_option(const struct pm_cmd *pc, const char *key,
		       const char *const *values)
{
	size_t i, kl = strlen(key);

	for (i = 0; i < pc->args.nopt; i++) {
		const struct sh_opt *o = &pc->args.opt[i];
		const char *const *v;

		if (!o->value || (strcmp(o->name, "o") != 0 &&
				  strcmp(o->name, "option") != 0))
			continue;
		if (sg_strncasecmp(o->value, key, kl) != 0 || o->value[kl] != '=')
			continue;
		for (v = values; *v; v++)
			if (sg_strcasecmp(o->value + kl + 1, *v) == 0)
				return true;
	}
	return false;
}

static void classify_apt(struct pm_cmd *pc)
{
	static const char *const falsy[] = { "false", "0", "no", "off", NULL };
	static const char *const truthy[] = { "true", "1", "yes", "on", NULL };
	const char *q;

	sh_args_parse(&pc->args, &pc->view, &apt_spec);
	split_sub(pc, apt_subs);
	/* a simulation (`apt-get install -s pkg`, a test of whether pkg
	 * exists) installs nothing and asks nothing */
	if (sh_args_count(&pc->args, "s", "simulate") ||
	    sh_args_count(&pc->args, NULL, "dry-run") ||
	    sh_args_count(&pc->args, NULL, "just-print") ||
	    sh_args_count(&pc->args, NULL, "recon") ||
	    sh_args_count(&pc->args, NULL, "no-act"))
		pc->action = PM_ACT_OTHER;
	q = opt_value(pc, "q", "quiet");
	pc->assume_yes = sh_args_count(&pc->args, "y", "yes") ||
			 sh_args_count(&pc->args, NULL, "assume-yes") ||
			 sh_args_count(&pc->args, NULL, "force-yes") ||
			 sh_args_count(&pc->args, "q", "quiet") >= 2 ||
			 (q && strcmp(q, "2") == 0) ||
			 apt_option(pc, "APT::Get::Assume-Yes", truthy);
	pc->no_recommends =
		sh_args_count(&pc->args, NULL, "no-install-recommends") ||
		apt_option(pc, "APT::Install-Recommends", falsy);
	if (pc->action == PM_ACT_INSTALL)
		add_pkgs(pc, 1, apt_pinned);
	pc->from_file = pc->view.via_xargs;
}

static void classify_apk(struct pm_cmd *pc)
{
	sh_args_parse(&pc->args, &pc->view, &apk_spec);
	split_sub(pc, apk_subs);
	pc->assume_yes = true;  /* apk never prompts */
	/* --no-network fetches nothing, so it leaves no index behind either
	 * (docker-library's `apk add --no-network --virtual .rundeps`) */
	pc->no_cache = sh_args_count(&pc->args, NULL, "no-cache") > 0 ||
		       sh_args_count(&pc->args, NULL, "no-network") > 0;
	if (pc->action == PM_ACT_INSTALL)
		add_pkgs(pc, 1, apk_pinned);
	pc->from_file = pc->view.via_xargs;
}

static void classify_rpmfamily(struct pm_cmd *pc)
{
	sh_args_parse(&pc->args, &pc->view, &yum_spec);
	split_sub(pc, yum_subs);
	/* dnf group install / dnf module install */
	if (pc->args.noperand >= 2 &&
	    (strcmp(pc->sub, "group") == 0 || strcmp(pc->sub, "groups") == 0 ||
	     strcmp(pc->sub, "module") == 0)) {
		const char *verb = pc->args.operand[1]->text;

		pc->action = lookup(yum_subs, verb);
		if (pc->action == PM_ACT_INSTALL) {
			pc->assume_yes = sh_args_count(&pc->args, "y", "assumeyes") ||
					 sh_args_count(&pc->args, NULL, "yes");
			return;     /* groups and modules are not versioned packages */
		}
	}
	pc->assume_yes = sh_args_count(&pc->args, "y", "assumeyes") ||
			 sh_args_count(&pc->args, NULL, "yes") ||
			 sh_args_count(&pc->args, NULL, "assume-yes");
	if (pc->action == PM_ACT_INSTALL &&
	    strcmp(pc->sub, "groupinstall") != 0)
		add_pkgs(pc, 1, rpm_pinned);
	pc->from_file = pc->view.via_xargs;
}

static void classify_zypper(struct pm_cmd *pc)
{
	sh_args_parse(&pc->args, &pc->view, &zypper_spec);
	split_sub(pc, zypper_subs);
	pc->assume_yes = sh_args_count(&pc->args, "n", "non-interactive") ||
			 sh_args_count(&pc->args, "y", "no-confirm");
	if (pc->action == PM_ACT_INSTALL)
		add_pkgs(pc, 1, zypper_pinned);
	pc->from_file = pc->view.via_xargs;
}

static void classify_pip(struct pm_cmd *pc)
{
	size_t i;

	sh_args_parse(&pc->args, &pc->view, &pip_spec);
	split_sub(pc, pip_subs);
	pc->no_cache = sh_args_count(&pc->args, NULL, "no-cache-dir") > 0;
	pc->from_file = sh_args_count(&pc->args, "r", "requirement") > 0 ||
			pc->view.via_xargs;
	if (pc->action != PM_ACT_INSTALL)
		return;
	add_pkgs(pc, 1, pip_pinned);
	/*
	 * `pip install -U pip setuptools wheel` bootstraps the installer
	 * itself; pinning it is not what the rule is about.
	 */
	if (sh_args_count(&pc->args, "U", "upgrade")) {
		for (i = 0; i < pc->npkg; i++) {
			const char *n = pc->pkg[i].word->text;

			if (!strcmp(n, "pip") || !strcmp(n, "setuptools") ||
			    !strcmp(n, "wheel"))
				pc->pkg[i].pinned = true;
		}
	}
}

static void classify_npm(struct pm_cmd *pc)
{
	sh_args_parse(&pc->args, &pc->view, &npm_spec);
	if (pc->tool == PM_YARN && pc->args.noperand &&
	    strcmp(pc->args.operand[0]->text, "global") == 0) {
		/* yarn global add x: drop "global" */
		memmove(&pc->args.operand[0], &pc->args.operand[1],
			(pc->args.noperand - 1) * sizeof(pc->args.operand[0]));
		pc->args.noperand--;
	}
	if (pc->tool == PM_YARN && pc->args.noperand == 0) {
		pc->action = PM_ACT_INSTALL;    /* bare `yarn` installs */
		pc->from_file = true;
		return;
	}
	split_sub(pc, npm_subs);
	if (pc->action != PM_ACT_INSTALL)
		return;
	if (!strcmp(pc->sub, "ci") || !strcmp(pc->sub, "clean-install") ||
	    !strcmp(pc->sub, "install-clean") ||
	    (pc->tool == PM_YARN && !strcmp(pc->sub, "install")))
		pc->from_file = true;
	else
		add_pkgs(pc, 1, npm_pinned);
	if (pc->npkg == 0)
		pc->from_file = true;   /* package.json */
}

static void classify_gem(struct pm_cmd *pc)
{
	size_t i;
	bool versioned;

	sh_args_parse(&pc->args, &pc->view, &gem_spec);
	split_sub(pc, gem_subs);
	if (pc->action != PM_ACT_INSTALL)
		return;
	versioned = sh_args_count(&pc->args, "v", "version") > 0;
	for (i = 1; i < pc->args.noperand && pc->npkg < PM_MAX_PKGS; i++) {
		const struct sh_word *w = pc->args.operand[i];

		pc->pkg[pc->npkg].word = w;
		pc->pkg[pc->npkg].pinned = versioned || pure_expansion(w) ||
					   strchr(w->text, ':') != NULL ||
					   sg_endswith(w->text, ".gem");
		pc->npkg++;
	}
}

/* go uses single-dash long flags: -ldflags '…', -tags x, -o out */
static void classify_go(struct pm_cmd *pc)
{
	static const char *const valued[] = {
		"-ldflags", "-gcflags", "-asmflags", "-gccgoflags", "-tags",
		"-o", "-mod", "-modfile", "-p", "-pkgdir", "-toolexec",
		"-buildmode", "-compiler", "-overlay", "-pgo", "-exec", NULL,
	};
	const struct sh_view *v = &pc->view;
	size_t i;

	sh_args_reset(&pc->args);
	if (v->argc < 2)
		return;
	pc->sub_word = &v->argv[1];
	pc->sub = v->argv[1].text;
	if (strcmp(pc->sub, "install") && strcmp(pc->sub, "get") &&
	    strcmp(pc->sub, "run"))
		return;
	pc->action = PM_ACT_INSTALL;
	for (i = 2; i < v->argc; i++) {
		const char *a = v->argv[i].text;
		const char *const *f;
		bool takes = false;

		if (a[0] == '-') {
			for (f = valued; *f; f++)
				if (strcmp(a, *f) == 0 || strcmp(a + 1, *f) == 0)
					takes = true;
			if (takes)
				i++;
			continue;
		}
		if (pc->npkg < PM_MAX_PKGS) {
			pc->pkg[pc->npkg].word = &v->argv[i];
			pc->pkg[pc->npkg].pinned = go_pinned(&v->argv[i]);
			pc->npkg++;
		}
		if (strcmp(pc->sub, "run") == 0)
			break;      /* the rest are the program's arguments */
	}
}

static void classify_rpm(struct pm_cmd *pc)
{
	size_t i;

	sh_args_parse(&pc->args, &pc->view, &rpm_spec);
	for (i = 0; i < pc->args.nopt; i++) {
		const char *n = pc->args.opt[i].name;

		if ((!pc->args.opt[i].is_long &&
		     (!strcmp(n, "i") || !strcmp(n, "U") || !strcmp(n, "F"))) ||
		    !strcmp(n, "install") || !strcmp(n, "upgrade") ||
		    !strcmp(n, "freshen"))
			pc->action = PM_ACT_INSTALL;
		else if (!strcmp(n, "e") || !strcmp(n, "erase"))
			pc->action = PM_ACT_REMOVE;
	}
}

bool pm_classify(struct pm_cmd *out, const struct sh_cmd *c)
{
	struct sh_view v;
	enum pm_tool tool;
	bool via_python = false;

	/* cheap rejection first: this runs for every command of every RUN */
	out->tool = PM_NONE;
	sh_view_of(&v, c);
	if (!v.argc || (v.argv[0].flags & SH_W_DYNAMIC))
		return false;
	tool = tool_of(v.name);
	if (tool == PM_NONE && is_python(v.name) && v.argc >= 3 &&
	    strcmp(v.argv[1].text, "-m") == 0 &&
	    (strcmp(v.argv[2].text, "pip") == 0 ||
	     strcmp(v.argv[2].text, "pip3") == 0)) {
		tool = PM_PIP;
		via_python = true;
	}
	if (tool == PM_NONE)
		return false;
	/* field by field: the args and package arrays are 8 KB, read only up
	 * to their counts */
	out->action = PM_ACT_OTHER;
	out->sub_word = NULL;
	sh_args_reset(&out->args);
	out->assume_yes = out->no_recommends = false;
	out->no_cache = out->from_file = false;
	out->npkg = 0;
	out->view = v;
	out->sub = "";
	out->tool = tool;
	if (via_python) {
		/* python -m pip …: pip's argv starts at "pip" */
		out->view.argv += 2;
		out->view.argc -= 2;
		out->view.name = out->view.argv[0].text;
	}
	switch (out->tool) {
	case PM_APT_GET:
	case PM_APT:
		classify_apt(out);
		break;
	case PM_APK:
		classify_apk(out);
		break;
	case PM_YUM:
	case PM_DNF:
	case PM_MICRODNF:
	case PM_TDNF:
		classify_rpmfamily(out);
		break;
	case PM_ZYPPER:
		classify_zypper(out);
		break;
	case PM_PIP:
		classify_pip(out);
		break;
	case PM_NPM:
	case PM_YARN:
	case PM_PNPM:
		classify_npm(out);
		break;
	case PM_GEM:
		classify_gem(out);
		break;
	case PM_GO:
		classify_go(out);
		break;
	case PM_RPM:
		classify_rpm(out);
		break;
	default:
		return false;
	}
	return true;
}

/* ---- cache cleanup ------------------------------------------------------- */

static const char *const *cache_dirs(enum pm_tool tool)
{
	static const char *const apt[] = { "/var/lib/apt/lists", NULL };
	static const char *const apk[] = { "/var/cache/apk", NULL };
	static const char *const yum[] = { "/var/cache/yum", NULL };
	static const char *const dnf[] = {
		"/var/cache/dnf", "/var/cache/yum", "/var/cache/libdnf5",
		"/var/cache/tdnf", NULL,
	};
	static const char *const zypper[] = { "/var/cache/zypp", NULL };
	static const char *const pip[] = {
		"/root/.cache/pip", "~/.cache/pip", "$HOME/.cache/pip",
		"${HOME}/.cache/pip", "/root/.cache", NULL,
	};
	static const char *const npm[] = {
		"/root/.npm", "~/.npm", "$HOME/.npm", "${HOME}/.npm", NULL,
	};
	static const char *const yarn[] = {
		"/usr/local/share/.cache/yarn", "/root/.cache/yarn",
		"~/.cache/yarn", "$HOME/.cache/yarn", "${HOME}/.cache/yarn",
		"/root/.yarn-cache", NULL,
	};
	static const char *const none[] = { NULL };

	switch (tool) {
	case PM_APT_GET:
	case PM_APT:
		return apt;
	case PM_APK:
		return apk;
	case PM_YUM:
		return yum;
	case PM_DNF:
	case PM_MICRODNF:
	case PM_TDNF:
		return dnf;
	case PM_ZYPPER:
		return zypper;
	case PM_PIP:
		return pip;
	case PM_NPM:
		return npm;
	case PM_YARN:
		return yarn;
	default:
		return none;
	}
}

/* `path` is `dir` or inside it ("/var/lib/apt/lists/x"). */
static bool path_in(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return strncmp(path, dir, n) == 0 &&
	       (path[n] == '\0' || path[n] == '/');
}

bool pm_cleans_cache(const struct sh_cmd *c, enum pm_tool tool)
{
	struct pm_cmd pc;
	struct sh_view v;
	size_t i;

	sh_view_of(&v, c);
	if (sh_view_is(&v, "rm")) {
		const char *const *d;

		for (i = 1; i < v.argc; i++) {
			const char *a = v.argv[i].text;

			if (a[0] == '-')
				continue;
			for (d = cache_dirs(tool); *d; d++)
				if (path_in(a, *d))
					return true;
		}
		return false;
	}
	if (!pm_classify(&pc, c) || pc.action != PM_ACT_CLEAN)
		return false;
	switch (tool) {
	case PM_APT_GET:
	case PM_APT:
		/* clean and autoclean keep /var/lib/apt/lists; dist-clean
		 * (apt 2.7: Debian 13, Ubuntu 24.04) removes it too */
		return (pc.tool == PM_APT_GET || pc.tool == PM_APT) &&
		       (!strcmp(pc.sub, "distclean") ||
			!strcmp(pc.sub, "dist-clean"));
	case PM_YUM:
	case PM_DNF:
	case PM_MICRODNF:
	case PM_TDNF:
		if (pc.tool != PM_YUM && pc.tool != PM_DNF &&
		    pc.tool != PM_MICRODNF && pc.tool != PM_TDNF)
			return false;
		for (i = 1; i < pc.args.noperand; i++)
			if (!strcmp(pc.args.operand[i]->text, "all") ||
			    !strcmp(pc.args.operand[i]->text, "packages"))
				return true;
		return false;
	case PM_ZYPPER:
		return pc.tool == PM_ZYPPER;
	case PM_APK:
		return pc.tool == PM_APK;
	case PM_PIP:
		return pc.tool == PM_PIP && pc.args.noperand >= 2 &&
		       (!strcmp(pc.args.operand[1]->text, "purge") ||
			!strcmp(pc.args.operand[1]->text, "remove"));
	case PM_NPM:
	case PM_YARN:
		return pc.tool == tool && pc.args.noperand >= 2 &&
		       !strcmp(pc.args.operand[1]->text, "clean");
	default:
		return false;
	}
}

bool pm_mount_covers(enum pm_tool tool, const char *const *targets, size_t n)
{
	const char *const *d;
	size_t i;

	for (i = 0; i < n; i++) {
		char t[256];
		size_t l;

		if (!targets[i])
			continue;
		l = strlen(targets[i]);
		if (l == 0 || l >= sizeof(t))
			continue;
		memcpy(t, targets[i], l + 1);
		while (l > 1 && t[l - 1] == '/')
			t[--l] = '\0';
		for (d = cache_dirs(tool); *d; d++) {
			const char *dir = *d;

			/* ~/.cache/pip and /root/.cache/pip are the same for root */
			if (dir[0] == '~' || dir[0] == '$')
				continue;
			if (path_in(dir, t))
				return true;
		}
		/* a …/.cache/pip, …/.npm or …/.cache/yarn target of any user */
		if ((tool == PM_PIP && sg_endswith(t, "/.cache/pip")) ||
		    (tool == PM_NPM && sg_endswith(t, "/.npm")) ||
		    (tool == PM_YARN && (sg_endswith(t, "/.cache/yarn") ||
					 sg_endswith(t, "/.yarn-cache"))))
			return true;
	}
	return false;
}

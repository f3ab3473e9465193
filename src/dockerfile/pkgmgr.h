/*
 * pkgmgr.h: what package-manager commands in a RUN script do.
 *
 * pm_classify() reads one parsed shell command (through its wrappers) and
 * says which tool it is, which action it performs (install, refresh the
 * index, upgrade, clean the cache…), which packages it names and whether
 * each is pinned to a version, and the switches the rules care about
 * (non-interactive, no recommends, no cache).  The version predicates follow
 * hadolint's, documented per ecosystem in dockerfile-rules.md §(c).7.
 *
 * Everything points into the sh_script the command came from.
 */
#ifndef SG_DOCKERFILE_PKGMGR_H
#define SG_DOCKERFILE_PKGMGR_H

#include "util/compat.h"
#include "dockerfile/shell.h"

#define PM_TOOL_MAP(XX)                          \
	XX(NONE, "")                             \
	XX(APT_GET, "apt-get")                   \
	XX(APT, "apt")                           \
	XX(APK, "apk")                           \
	XX(YUM, "yum")                           \
	XX(DNF, "dnf")                           \
	XX(MICRODNF, "microdnf")                 \
	XX(TDNF, "tdnf")                         \
	XX(ZYPPER, "zypper")                     \
	XX(RPM, "rpm")                           \
	XX(PIP, "pip")                           \
	XX(NPM, "npm")                           \
	XX(YARN, "yarn")                         \
	XX(PNPM, "pnpm")                         \
	XX(GEM, "gem")                           \
	XX(GO, "go")

enum pm_tool {
#define XX(name, text) PM_##name,
	PM_TOOL_MAP(XX)
#undef XX
	PM__COUNT
};

#define PM_ACTION_MAP(XX)                        \
	XX(OTHER, "other")                       \
	XX(INSTALL, "install")                   \
	XX(UPDATE, "update")       /* refresh the package index */ \
	XX(UPGRADE, "upgrade")     /* upgrade installed packages */ \
	XX(DIST_UPGRADE, "dist-upgrade")         \
	XX(REMOVE, "remove")                     \
	XX(CLEAN, "clean")         /* clean the package cache */ \
	XX(CONFIG, "config")

enum pm_action {
#define XX(name, text) PM_ACT_##name,
	PM_ACTION_MAP(XX)
#undef XX
};

struct pm_pkg {
	const struct sh_word *word;
	bool pinned;            /* version given, or not a registry name */
};

#define PM_MAX_PKGS 128

struct pm_cmd {
	enum pm_tool tool;
	enum pm_action action;
	const char *sub;        /* the subcommand word ("install", "add"), or "" */
	const struct sh_word *sub_word;
	struct sh_view view;
	struct sh_args args;
	bool assume_yes;        /* -y / --yes / --assume-yes / -qq / -n … */
	bool no_recommends;     /* apt --no-install-recommends (or -o …=false) */
	bool no_cache;          /* apk --no-cache, pip --no-cache-dir, … */
	bool from_file;         /* packages from -r file, xargs, a .deb… */
	struct pm_pkg pkg[PM_MAX_PKGS];
	size_t npkg;
};

const char *pm_tool_name(enum pm_tool t);
const char *pm_action_name(enum pm_action a);

/* Classify `c`; returns false when it is not a package-manager command. */
bool pm_classify(struct pm_cmd *out, const struct sh_cmd *c);

/*
 * `rm` of the tool's cache (rm -rf /var/lib/apt/lists/…,
 * rm -rf /var/cache/apk/…) or a clean subcommand (yum clean all, npm
 * cache clean, yarn cache clean, apt-get clean for the archive cache).
 */
bool pm_cleans_cache(const struct sh_cmd *c, enum pm_tool tool);

/*
 * True when one of the RUN's cache/tmpfs mount targets covers the tool's
 * cache directory, so nothing is left in the layer.
 */
bool pm_mount_covers(enum pm_tool tool, const char *const *targets,
		     size_t n);

/* Truthy environment value ("1", "true", "yes", "on"; case-insensitive). */
bool pm_truthy(const char *v);

#endif

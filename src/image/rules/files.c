/*
 * files.c: checks over the squashed file view -- setuid/setgid binaries,
 * world-writable paths, secrets by name and by content, credential
 * directories, build leftovers, package caches, and the account files
 * (Dockle's CIS-DI-0008/0010 and DKL-LI checkpoints).
 */
#include "util/compat.h"

#include <sys/stat.h>

#include "image/rules.h"
#include "util/path.h"

/* ---- setuid / setgid ---------------------------------------------------- */

/*
 * Setuid/setgid programs every distribution ships for account management
 * (shadow, util-linux, Debian/Alpine/RHEL base images); `image.setuid-allow`
 * in the policy adds paths or globs.
 */
static const char *const setuid_builtin[] = {
	"bin/su", "usr/bin/su", "bin/mount", "usr/bin/mount", "bin/umount",
	"usr/bin/umount", "usr/bin/passwd", "usr/bin/chsh", "usr/bin/chfn",
	"usr/bin/gpasswd", "usr/bin/newgrp", "usr/bin/expiry", "usr/bin/chage",
	"usr/bin/wall", "usr/bin/write", "usr/bin/crontab", "usr/bin/ssh-agent",
	"sbin/unix_chkpwd", "usr/sbin/unix_chkpwd", "usr/sbin/pam_extrausers_chkpwd",
	"usr/bin/newuidmap", "usr/bin/newgidmap", "bin/ping", "usr/bin/ping",
	"usr/lib/openssh/ssh-keysign", "usr/libexec/openssh/ssh-keysign",
	"usr/lib/dbus-1.0/dbus-daemon-launch-helper", "bin/bbsuid",
	"usr/bin/sudo", "usr/sbin/pam_timestamp_check",
};

static bool setuid_allowed(struct img_ctx *c, const char *path)
{
	const struct sg_strlist *l = &c->stage->policy->image.setuid_allow;
	size_t i;

	for (i = 0; i < SG_ARRAY_SIZE(setuid_builtin); i++)
		if (!strcmp(setuid_builtin[i], path))
			return true;
	for (i = 0; i < l->n; i++) {
		const char *p = l->v[i];

		while (*p == '/')
			p++;
		if (sg_glob_match(p, path))
			return true;
	}
	return false;
}

static void check_setuid(struct img_ctx *c, const struct img_rule *r)
{
	size_t i, n = img_nfiles(c->img);

	for (i = 0; i < n; i++) {
		const struct img_file *f = img_file_at(c->img, i);

		if (!S_ISREG(f->mode) || !(f->mode & (S_ISUID | S_ISGID)) ||
		    setuid_allowed(c, f->path))
			continue;
		img_report(c, r, f->layer, f->path, NULL,
			   "/%s is %s (mode %04o, owner %u:%u)", f->path,
			   (f->mode & S_ISUID) && (f->mode & S_ISGID)
				   ? "setuid and setgid"
				   : (f->mode & S_ISUID) ? "setuid" : "setgid",
			   (unsigned)(f->mode & 07777), f->uid, f->gid);
	}
}

const struct img_rule img_rule_setuid = {
	.meta = {
		.id = "SGI013",
		.name = "setuid-file",
		.title = "The image contains an unexpected setuid/setgid file",
		.help = "A setuid (or setgid) program runs with its owner's "
			"privileges whoever starts it; any bug in it is a "
			"privilege escalation inside the container. The usual "
			"account tools (su, passwd, mount, ...) are allowed "
			"built in; anything else should be a conscious choice.\n\n"
			"Fix: drop the bit (`RUN chmod u-s,g-s /app/tool`), or "
			"strip all of them in the final stage:\n\n"
			"```dockerfile\nRUN find / -xdev -perm /6000 -type f "
			"-exec chmod a-s {} +\n```\n\n"
			"or allow the path in the policy:\n\n```yaml\nimage:\n"
			"  setuid-allow: [/usr/bin/ping]\n```",
		.aliases = SG_ALIASES("CIS-DI-0008"),
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_NON_ROOT,
		.severity = SG_SEVERITY_MEDIUM,
	},
	.check = check_setuid,
};

/* ---- world-writable ----------------------------------------------------- */

static void check_world_writable(struct img_ctx *c, const struct img_rule *r)
{
	size_t i, n = img_nfiles(c->img);

	for (i = 0; i < n; i++) {
		const struct img_file *f = img_file_at(c->img, i);

		if (!(f->mode & S_IWOTH) || S_ISLNK(f->mode) ||
		    S_ISCHR(f->mode) || S_ISBLK(f->mode) || S_ISSOCK(f->mode))
			continue;
		if (S_ISDIR(f->mode) && (f->mode & S_ISVTX))
			continue;   /* /tmp-style: sticky */
		img_report(c, r, f->layer, f->path, NULL,
			   "%s /%s is world-writable (mode %04o)",
			   S_ISDIR(f->mode) ? "directory" : "file", f->path,
			   (unsigned)(f->mode & 07777));
	}
}

const struct img_rule img_rule_world_writable = {
	.meta = {
		.id = "SGI031",
		.name = "world-writable",
		.title = "A file or directory is writable by every user",
		.help = "Any process in the container, whatever its uid, can "
			"change a world-writable file -- replace a script that root "
			"later runs, plant a library in a world-writable directory "
			"on a search path. Directories like /tmp are fine when the "
			"sticky bit is set (mode 1777).\n\n"
			"Fix: `RUN chmod o-w /app/data` or `COPY --chmod=0644`.",
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_NON_ROOT,
		.severity = SG_SEVERITY_MEDIUM,
	},
	.check = check_world_writable,
};

/* ---- secrets by name ---------------------------------------------------- */

static const char *const secret_names[] = {
	"credentials.json", "credential.json", "credentials", "credential",
	"password.txt", "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519",
	"secret_token.rb", "carrierwave.rb", "omniauth.rb", "settings.py",
	"database.yml", "credentials.xml", ".env", ".npmrc", ".pypirc",
	".netrc", ".git-credentials", ".dockercfg",
};

static const char *const secret_exts[] = {
	".secret", ".ovpn", ".private_key", ".cscfg", ".rdp", ".mdf", ".sdf",
	".bek", ".tpm", ".fve", ".jks", ".psafe3", ".agilekeychain",
	".keychain", ".pcap", ".gnucache", ".pem", ".key", ".p12", ".pfx",
};

/* Package content that legitimately matches a secret name. */
static bool package_path(const char *p)
{
	return sg_startswith(p, "usr/share/") || sg_startswith(p, "usr/lib/") ||
	       sg_startswith(p, "usr/include/") || sg_startswith(p, "etc/ssl/certs/") ||
	       sg_startswith(p, "lib/") || strstr(p, "/node_modules/") ||
	       strstr(p, "/site-packages/") || strstr(p, "/dist-packages/");
}

static void check_secret_name(struct img_ctx *c, const struct img_rule *r)
{
	size_t i, k, n = img_nfiles(c->img);

	for (i = 0; i < n; i++) {
		const struct img_file *f = img_file_at(c->img, i);
		const char *base = sg_path_basename(f->path);
		const char *why = NULL;

		if (!S_ISREG(f->mode) || package_path(f->path))
			continue;
		for (k = 0; !why && k < SG_ARRAY_SIZE(secret_names); k++)
			if (!strcmp(base, secret_names[k]))
				why = "name";
		for (k = 0; !why && k < SG_ARRAY_SIZE(secret_exts); k++)
			if (sg_endswith(base, secret_exts[k]) &&
			    strlen(base) > strlen(secret_exts[k]))
				why = "extension";
		if (why)
			img_report(c, r, f->layer, f->path, NULL,
				   "/%s looks like a secret (by %s)", f->path,
				   why);
	}
}

const struct img_rule img_rule_secret_name = {
	.meta = {
		.id = "SGI016",
		.name = "secret-file-name",
		.title = "A file named like a credential is in the image",
		.help = "Files such as `id_rsa`, `.env`, `credentials.json`, "
			"`*.pem` or `*.key` usually hold secrets, and everything "
			"in an image can be read by anyone who can pull it. "
			"They typically arrive through `COPY . .` without a "
			"`.dockerignore`.\n\n"
			"Fix: add them to `.dockerignore`, mount secrets at run "
			"time, and rotate anything that was shipped.",
		.aliases = SG_ALIASES("CIS-DI-0010", "DS-0031"),
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_TRUSTED_BASE,
		.severity = SG_SEVERITY_HIGH,
	},
	.check = check_secret_name,
};

/* ---- secrets by content (found while streaming, every layer) ------------- */

static void check_secret_content(struct img_ctx *c, const struct img_rule *r)
{
	size_t i;

	for (i = 0; i < c->img->issues.n; i++) {
		const struct img_issue *is = &c->img->issues.v[i];
		const struct img_file *f;
		char key[600];

		if (is->kind != IMG_ISSUE_SECRET)
			continue;
		f = img_lookup(c->img, is->path);
		snprintf(key, sizeof(key), "%s %s", is->path, is->detail);
		if (f && f->layer == is->layer)
			img_report(c, r, is->layer, is->path, key,
				   "/%s contains a secret: %s", is->path,
				   is->detail);
		else
			img_report(c, r, is->layer, is->path, key,
				   "/%s in layer %u contains a secret: %s; a "
				   "later layer hides it, but the layer still "
				   "ships it",
				   is->path, is->layer + 1, is->detail);
	}
}

const struct img_rule img_rule_secret_content = {
	.meta = {
		.id = "SGI017",
		.name = "secret-in-file",
		.title = "A file in the image contains a private key or token",
		.help = "Small text files of every layer are scanned for private "
			"keys (`-----BEGIN ... PRIVATE KEY-----`) and well-known "
			"token formats (AWS, GitHub, GitLab, Slack, Stripe, "
			"Google). Deleting the file in a later layer does not "
			"help: the layer that added it is still in the image.\n\n"
			"Fix: rotate the credential now; rebuild without it (use "
			"`RUN --mount=type=secret` for build-time secrets).",
		.aliases = SG_ALIASES("CIS-DI-0010"),
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_TRUSTED_BASE,
		.severity = SG_SEVERITY_CRITICAL,
	},
	.check = check_secret_content,
};

/* ---- account files -------------------------------------------------------- */

/* Field `idx` (0-based, ':'-separated) of a line; length in *len. */
static const char *field(const char *line, size_t linelen, int idx,
			 size_t *len)
{
	const char *p = line, *end = line + linelen, *colon;

	while (idx-- > 0) {
		p = memchr(p, ':', (size_t)(end - p));
		if (!p)
			return NULL;
		p++;
	}
	colon = memchr(p, ':', (size_t)(end - p));
	*len = (size_t)((colon ? colon : end) - p);
	return p;
}

typedef void (*line_fn)(struct img_ctx *c, const struct img_rule *r,
			const struct img_file *f, const char *line,
			size_t len, void *data);

static void each_line(struct img_ctx *c, const struct img_rule *r,
		      const struct img_file *f, line_fn fn, void *data)
{
	const char *p = (const char *)f->content, *end = p + f->content_len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (len && p[0] != '#')
			fn(c, r, f, p, len, data);
		p += len + 1;
	}
}

static void empty_pw_line(struct img_ctx *c, const struct img_rule *r,
			  const struct img_file *f, const char *line,
			  size_t len, void *data)
{
	size_t ul, pl;
	const char *user = field(line, len, 0, &ul);
	const char *pw = field(line, len, 1, &pl);

	SG_UNUSED(data);
	if (user && pw && pl == 0) {
		char key[300];

		snprintf(key, sizeof(key), "%s %.*s", f->path, (int)ul, user);
		img_report(c, r, f->layer, f->path, key,
			   "account '%.*s' in /%s has an empty password",
			   (int)SG_MIN(ul, 64), user, f->path);
	}
}

static void check_empty_password(struct img_ctx *c, const struct img_rule *r)
{
	static const char *const files[] = { "etc/shadow", "etc/master.passwd" };
	size_t i;

	for (i = 0; i < SG_ARRAY_SIZE(files); i++) {
		const struct img_file *f = img_resolve(c->img, files[i], NULL);

		if (f && f->content)
			each_line(c, r, f, empty_pw_line, NULL);
	}
}

const struct img_rule img_rule_empty_password = {
	.meta = {
		.id = "SGI024",
		.name = "account-empty-password",
		.title = "An account has an empty password",
		.help = "An empty password field in /etc/shadow lets anyone log "
			"in as that user without a password (`su app` from any "
			"shell in the container).\n\n"
			"Fix: lock the account (`passwd -l app`, or `*`/`!` in the "
			"password field); create users with `useradd` / "
			"`adduser -D`, which lock by default.",
		.aliases = SG_ALIASES("DKL-LI-0001"),
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_NON_ROOT,
		.severity = SG_SEVERITY_CRITICAL,
	},
	.check = check_empty_password,
};

struct dup_state {
	struct sg_strmap seen;   /* id -> first name */
	struct sg_arena arena;
	const char *kind;
};

static void dup_line(struct img_ctx *c, const struct img_rule *r,
		     const struct img_file *f, const char *line, size_t len,
		     void *data)
{
	struct dup_state *st = data;
	size_t nl, il;
	const char *name = field(line, len, 0, &nl);
	const char *id = field(line, len, 2, &il);
	const char *k, *first;
	char key[300];

	if (!name || !id || il == 0 || il > 20)
		return;
	k = sg_arena_strndup(&st->arena, id, il);
	if (!k)
		return;
	first = sg_strmap_get(&st->seen, k);
	if (!first) {
		sg_strmap_put(&st->seen, k, sg_arena_strndup(&st->arena, name,
							     SG_MIN(nl, 64)),
			      NULL);
		return;
	}
	snprintf(key, sizeof(key), "%s %s %.*s", f->path, k, (int)nl, name);
	img_report(c, r, f->layer, f->path, key,
		   "%s '%.*s' in /%s reuses %s %s of '%s'", st->kind,
		   (int)SG_MIN(nl, 64), name, f->path,
		   !strcmp(st->kind, "user") ? "uid" : "gid", k, first);
}

static void check_duplicate_id(struct img_ctx *c, const struct img_rule *r)
{
	static const char *const files[] = { "etc/passwd", "etc/group" };
	size_t i;

	for (i = 0; i < SG_ARRAY_SIZE(files); i++) {
		const struct img_file *f = img_resolve(c->img, files[i], NULL);
		struct dup_state st;

		if (!f || !f->content)
			continue;
		memset(&st, 0, sizeof(st));
		sg_arena_init(&st.arena);
		st.kind = i == 0 ? "user" : "group";
		each_line(c, r, f, dup_line, &st);
		sg_strmap_release(&st.seen);
		sg_arena_release(&st.arena);
	}
}

const struct img_rule img_rule_duplicate_id = {
	.meta = {
		.id = "SGI025",
		.name = "account-duplicate-id",
		.title = "Two accounts share a uid or gid",
		.help = "The kernel only knows numbers: two users with the same "
			"uid are the same user, so a process running as the "
			"harmless-looking one owns the other's files (a classic "
			"way to hide a second root).\n\n"
			"Fix: give every account its own id; remove the "
			"duplicate.",
		.aliases = SG_ALIASES("DKL-LI-0002"),
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_NON_ROOT,
		.severity = SG_SEVERITY_MEDIUM,
	},
	.check = check_duplicate_id,
};

/* ---- leftovers ------------------------------------------------------------ */

static bool vendored(const char *p)
{
	return strstr(p, "node_modules/") || sg_startswith(p, "vendor/") ||
	       strstr(p, "/vendor/");
}

static void check_unnecessary(struct img_ctx *c, const struct img_rule *r)
{
	static const char *const dirs[] = {
		".cache", ".vscode", ".idea", ".npm",
	};
	static const char *const files[] = {
		"Dockerfile", "docker-compose.yml", "docker-compose.yaml",
		"compose.yml", "compose.yaml", ".vimrc", ".DS_Store",
	};
	size_t i, k, n = img_nfiles(c->img);

	for (i = 0; i < n; i++) {
		const struct img_file *f = img_file_at(c->img, i);
		const char *base = sg_path_basename(f->path);

		if (vendored(f->path) || package_path(f->path))
			continue;
		for (k = 0; S_ISDIR(f->mode) && k < SG_ARRAY_SIZE(dirs); k++)
			if (!strcmp(base, dirs[k]))
				img_report(c, r, f->layer, f->path, NULL,
					   "directory /%s is a build or editor "
					   "leftover", f->path);
		for (k = 0; S_ISREG(f->mode) && k < SG_ARRAY_SIZE(files); k++)
			if (!strcmp(base, files[k]))
				img_report(c, r, f->layer, f->path, NULL,
					   "/%s is a build or editor leftover",
					   f->path);
	}
}

const struct img_rule img_rule_unnecessary = {
	.meta = {
		.id = "SGI026",
		.name = "unnecessary-file",
		.title = "Build or editor leftovers are in the image",
		.help = "Dockerfiles, compose files, editor settings and tool "
			"caches are not needed at run time; they add size and "
			"tell an attacker how the image was built.\n\n"
			"Fix: list them in `.dockerignore`; copy only what the "
			"application needs (`COPY dist/ /app/`).",
		.aliases = SG_ALIASES("DKL-LI-0003"),
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_MINIMAL_IMAGE,
		.severity = SG_SEVERITY_LOW,
	},
	.check = check_unnecessary,
};

static void check_credential_dir(struct img_ctx *c, const struct img_rule *r)
{
	static const char *const dirs[] = {
		".git", ".aws", ".ssh", ".azure", ".gcp", ".kube", ".docker",
		".gnupg", ".config/gcloud",
	};
	size_t i, k, n = img_nfiles(c->img);

	for (i = 0; i < n; i++) {
		const struct img_file *f = img_file_at(c->img, i);

		if (!S_ISDIR(f->mode) || vendored(f->path))
			continue;
		for (k = 0; k < SG_ARRAY_SIZE(dirs); k++) {
			size_t pl = strlen(f->path), dl = strlen(dirs[k]);

			if (pl >= dl && !strcmp(f->path + pl - dl, dirs[k]) &&
			    (pl == dl || f->path[pl - dl - 1] == '/'))
				img_report(c, r, f->layer, f->path, NULL,
					   "directory /%s may hold credentials "
					   "or source history", f->path);
		}
	}
}

const struct img_rule img_rule_credential_dir = {
	.meta = {
		.id = "SGI027",
		.name = "credential-directory",
		.title = "A .git, .aws, .ssh or similar directory is in the image",
		.help = "`.git` carries the whole source history (and often "
			"tokens in `.git/config`); `.aws`, `.ssh`, `.kube`, "
			"`.docker`, `.gnupg` hold credentials. They arrive "
			"through `COPY . .` or a home directory copied whole.\n\n"
			"Fix: add them to `.dockerignore` and rotate any "
			"credential that shipped.",
		.aliases = SG_ALIASES("DKL-LI-0003"),
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_TRUSTED_BASE,
		.severity = SG_SEVERITY_HIGH,
	},
	.check = check_credential_dir,
};

struct cache_kind {
	const char *glob;
	const char *what;
};

static const struct cache_kind caches[] = {
	{ "var/lib/apt/lists/*", "apt package lists" },
	{ "var/cache/apt/archives/*.deb", "apt downloaded packages" },
	{ "var/cache/apt/*.bin", "apt package cache" },
	{ "var/cache/apk/*", "apk package index" },
	{ "var/cache/yum/**", "yum cache" },
	{ "var/cache/dnf/**", "dnf cache" },
	{ "root/.cache/pip/**", "pip cache" },
	{ "root/.npm/_cacache/**", "npm cache" },
	{ "usr/local/share/.cache/yarn/**", "yarn cache" },
	{ "root/.cache/go-build/**", "Go build cache" },
};

static void check_package_cache(struct img_ctx *c, const struct img_rule *r)
{
	uint64_t bytes[SG_ARRAY_SIZE(caches)] = { 0 };
	size_t files[SG_ARRAY_SIZE(caches)] = { 0 };
	uint32_t layer[SG_ARRAY_SIZE(caches)] = { 0 };
	size_t i, k, n = img_nfiles(c->img);

	for (i = 0; i < n; i++) {
		const struct img_file *f = img_file_at(c->img, i);
		const char *base = sg_path_basename(f->path);

		if (!S_ISREG(f->mode) || f->size == 0 || !strcmp(base, "lock"))
			continue;
		for (k = 0; k < SG_ARRAY_SIZE(caches); k++)
			if (sg_glob_match(caches[k].glob, f->path)) {
				bytes[k] += f->size;
				files[k]++;
				layer[k] = SG_MAX(layer[k], f->layer);
				break;
			}
	}
	for (k = 0; k < SG_ARRAY_SIZE(caches); k++)
		if (files[k])
			img_report(c, r, layer[k], caches[k].glob, caches[k].what,
				   "%s left in the image: %zu files, %llu bytes "
				   "(/%s)", caches[k].what, files[k],
				   (unsigned long long)bytes[k], caches[k].glob);
}

const struct img_rule img_rule_package_cache = {
	.meta = {
		.id = "SGI032",
		.name = "package-cache-left",
		.title = "Package manager caches are left in the image",
		.help = "Package indexes and downloaded packages are only needed "
			"while installing. Left behind they make every pull "
			"slower and describe packages that are not installed.\n\n"
			"Fix: clean up in the same `RUN` that installs: `rm -rf "
			"/var/lib/apt/lists/*`, `apk add --no-cache`, `pip "
			"install --no-cache-dir`, `npm ci && npm cache clean "
			"--force`, `dnf clean all`.",
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_MINIMAL_IMAGE,
		.severity = SG_SEVERITY_LOW,
	},
	.check = check_package_cache,
};

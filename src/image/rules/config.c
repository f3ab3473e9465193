/*
 * config.c: checks on the image config (Dockle's CIS-DI/DKL-DI config
 * checkpoints, Trivy's config-level DS checks).
 */
#include "util/compat.h"

#include "core/secretname.h"
#include "image/rules.h"
#include "util/path.h"

static const char *cfg_str(struct img_ctx *c, const char *key)
{
	json_t *v = img_config_get(c->img, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* "", "root", "0", "0:0", "root:x", "0:1000" all run as uid 0. */
static bool is_root_user(const char *u)
{
	size_t n;

	if (!u || !*u)
		return true;
	n = strcspn(u, ":");
	return (n == 4 && !strncmp(u, "root", 4)) ||
	       (n >= 1 && strspn(u, "0") == n);
}

static void check_root_user(struct img_ctx *c, const struct img_rule *r)
{
	const char *u = cfg_str(c, "User");

	if (is_root_user(u))
		img_report(c, r, UINT32_MAX, "config.User", NULL,
			   u && *u ? "image runs as '%s' (uid 0)"
				   : "image runs as root: no USER in the config%s",
			   u && *u ? u : "");
}

const struct img_rule img_rule_root_user = {
	.meta = {
		.id = "SGI009",
		.name = "image-user-root",
		.title = "The image runs as root",
		.help = "Without a `USER`, every process in the container runs "
			"as uid 0. A compromise of the application is then root "
			"inside the container, one kernel or runtime bug away from "
			"root on the host, and can rewrite anything in the image.\n\n"
			"Fix: create an unprivileged user and switch to it last:\n\n"
			"```dockerfile\nRUN useradd --uid 10001 --no-create-home app\n"
			"USER 10001\n```",
		.aliases = SG_ALIASES("CIS-DI-0001", "DS-0002", "DS002"),
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_NON_ROOT,
		.severity = SG_SEVERITY_HIGH,
	},
	.check = check_root_user,
};

/* "registry.example.com/team/app:1" -> true when its registry is trusted. */
static bool trusted(const struct sg_strlist *list, const char *ref)
{
	size_t i;

	for (i = 0; i < list->n; i++) {
		const char *t = list->v[i];
		size_t tl = strlen(t);

		if (sg_glob_match(t, ref) ||
		    (!strncmp(ref, t, tl) && (ref[tl] == '/' || t[tl - 1] == '/')))
			return true;
	}
	return false;
}

static void check_untrusted(struct img_ctx *c, const struct img_rule *r)
{
	const struct sg_strlist *list =
		&c->stage->policy->dockerfile.trusted_registries;
	size_t i;

	if (list->n == 0)
		return;
	if (c->img->tags.n == 0) {
		img_report(c, r, UINT32_MAX, "tags", "untagged",
			   "image names no repository, so its registry cannot "
			   "be checked against trusted-registries");
		return;
	}
	for (i = 0; i < c->img->tags.n; i++) {
		const char *t = c->img->tags.v[i];

		if (!strchr(t, '/') || trusted(list, t))
			continue;
		img_report(c, r, UINT32_MAX, "tags", t,
			   "image tag '%s' is not from a trusted registry", t);
	}
}

const struct img_rule img_rule_untrusted = {
	.meta = {
		.id = "SGI010",
		.name = "image-tag-untrusted-registry",
		.title = "The image is not from a trusted registry",
		.help = "Dockle's content-trust checkpoint (CIS-DI-0005) asks "
			"whether images come from a source you trust. The gate "
			"cannot verify signatures offline, so it applies the "
			"policy's `dockerfile.trusted-registries` list to the "
			"repository names stored in the image (`RepoTags`, "
			"`io.containerd.image.name`). The rule runs only when "
			"that list is set.\n\n"
			"Fix: push and pull through an approved registry, or add "
			"the registry to the policy:\n\n"
			"```yaml\ndockerfile:\n  trusted-registries: "
			"[registry.example.com]\n```",
		.aliases = SG_ALIASES("CIS-DI-0005", "CIS-DI-0002"),
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_TRUSTED_BASE,
		.severity = SG_SEVERITY_MEDIUM,
	},
	.check = check_untrusted,
};

static void check_healthcheck(struct img_ctx *c, const struct img_rule *r)
{
	json_t *h = img_config_get(c->img, "Healthcheck");
	json_t *test = json_object_get(h, "Test");

	if (!json_is_object(h))
		img_report(c, r, UINT32_MAX, "config.Healthcheck", NULL,
			   "image defines no HEALTHCHECK");
	else if (json_is_array(test) && json_array_size(test) >= 1 &&
		 sg_streq(json_string_value(json_array_get(test, 0)), "NONE"))
		img_report(c, r, UINT32_MAX, "config.Healthcheck", NULL,
			   "image disables its health check (HEALTHCHECK NONE)");
}

const struct img_rule img_rule_healthcheck = {
	.meta = {
		.id = "SGI011",
		.name = "image-no-healthcheck",
		.title = "The image has no HEALTHCHECK",
		.help = "Without a health check the runtime only knows whether "
			"the main process exists, not whether it serves: a hung "
			"application keeps receiving traffic and is never "
			"restarted.\n\n"
			"Fix:\n\n```dockerfile\nHEALTHCHECK --interval=30s "
			"--timeout=3s CMD wget -qO- http://localhost:8080/health "
			"|| exit 1\n```\n\n(Orchestrators with their own probes, "
			"such as Kubernetes, may ignore it; disable the rule "
			"there.)",
		.aliases = SG_ALIASES("CIS-DI-0006", "DS-0026", "DS026"),
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_LOGGING,
		.severity = SG_SEVERITY_LOW,
	},
	.check = check_healthcheck,
};

/*
 * A KEY=VALUE token with an identifier key named like a credential (the
 * Dockerfile and Compose stages' classifier: Dockle's substrings PASS,
 * KEY, ACCESS and TOKEN called PASSENGER_VERSION, NGINX_ACCESS_LOG and
 * TOKENIZERS_PARALLELISM secrets, at critical) and a literal value that
 * is not a path to where the secret is.
 */
static bool secret_assignment(const char *tok, size_t len, size_t *klen)
{
	const char *eq = memchr(tok, '=', len);
	char key[256], val[256];
	size_t k, i;

	if (!eq)
		return false;
	k = (size_t)(eq - tok);
	if (k == 0 || k >= sizeof(key) || !(sg_isalpha(tok[0]) || tok[0] == '_'))
		return false;
	for (i = 1; i < k; i++)
		if (!(sg_isalnum(tok[i]) || tok[i] == '_'))
			return false;
	if (k + 1 >= len || tok[k + 1] == '$')
		return false;   /* empty, or a reference to another variable */
	memcpy(key, tok, k);
	key[k] = '\0';
	snprintf(val, sizeof(val), "%.*s", (int)(len - k - 1), tok + k + 1);
	*klen = k;
	return sg_secret_name(key) && !sg_secret_value_is_harmless(key, val);
}

static void check_secret_config(struct img_ctx *c, const struct img_rule *r)
{
	json_t *env = img_config_get(c->img, "Env"), *v;
	json_t *hist = json_object_get(c->img->config, "history");
	size_t i, k;

	json_array_foreach(env, i, v) {
		const char *e = json_string_value(v);
		char obj[300];

		if (!e || !secret_assignment(e, strlen(e), &k))
			continue;
		snprintf(obj, sizeof(obj), "config.Env %.*s", (int)k, e);
		img_report(c, r, UINT32_MAX, obj, NULL,
			   "environment variable %.*s carries a value in the "
			   "image config (value not shown)", (int)k, e);
	}
	json_array_foreach(hist, i, v) {
		char text[4096], obj[300];
		const char *p;

		img_history_text(json_string_value(json_object_get(v, "created_by")),
				 text, sizeof(text));
		if (sg_startswith(text, "ENV "))
			continue;   /* the final values are in config.Env */
		for (p = text; *p;) {
			size_t len;

			while (*p && sg_isspace(*p))
				p++;
			len = 0;
			while (p[len] && !sg_isspace(p[len]))
				len++;
			if (len && secret_assignment(p, len, &k)) {
				snprintf(obj, sizeof(obj), "history[%zu] %.*s", i,
					 (int)k, p);
				img_report(c, r, UINT32_MAX, obj, NULL,
					   "build history entry %zu sets %.*s "
					   "(value not shown)", i, (int)k, p);
			}
			p += len;
		}
	}
}

const struct img_rule img_rule_secret_config = {
	.meta = {
		.id = "SGI015",
		.name = "secret-in-config",
		.title = "A secret is stored in the image config or build history",
		.help = "`ENV` values, build arguments used by `RUN` and every "
			"history line are part of the image: anyone who can pull "
			"it can read them with `docker history --no-trunc` or "
			"`docker inspect`. A variable named like a password, "
			"token or key with a literal value is a leaked secret.\n\n"
			"Fix: pass secrets at run time (environment, mounted "
			"files, a secret store) and at build time with "
			"`RUN --mount=type=secret,id=npm cat /run/secrets/npm`; "
			"rotate the leaked value.",
		.aliases = SG_ALIASES("CIS-DI-0010", "DS-0031", "DS031"),
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_TRUSTED_BASE,
		.severity = SG_SEVERITY_CRITICAL,
	},
	.check = check_secret_config,
};

static void check_volume(struct img_ctx *c, const struct img_rule *r)
{
	static const char *const bad[] = { "/sys", "/dev", "/proc" };
	json_t *vols = img_config_get(c->img, "Volumes"), *v;
	const char *k;

	json_object_foreach(vols, k, v) {
		char norm[4096];
		size_t i, len = strlen(k);

		if (len >= sizeof(norm) || sg_path_normalize(k, len, norm) < 0)
			continue;
		for (i = 0; i < SG_ARRAY_SIZE(bad); i++)
			if (!strcmp(norm, bad[i] + 1))
				img_report(c, r, UINT32_MAX, "config.Volumes", k,
					   "image declares %s as a volume", k);
	}
}

const struct img_rule img_rule_volume = {
	.meta = {
		.id = "SGI019",
		.name = "sensitive-volume",
		.title = "The image declares /sys, /dev or /proc as a volume",
		.help = "A `VOLUME` on a kernel filesystem invites runtimes and "
			"users to mount the host's copy there, handing the "
			"container host devices or kernel tunables.\n\n"
			"Fix: remove the `VOLUME` line; if the application needs "
			"a device, grant that one device at run time.",
		.aliases = SG_ALIASES("DKL-DI-0002"),
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_NON_ROOT,
		.severity = SG_SEVERITY_HIGH,
	},
	.check = check_volume,
};

/* Tag of a reference ("repo:tag@sha256:…" -> "tag"); NULL when none. */
static const char *ref_tag(const char *ref, size_t *len)
{
	const char *at = strchr(ref, '@'), *slash, *colon;
	size_t n = at ? (size_t)(at - ref) : strlen(ref);

	slash = ref;
	for (colon = ref; colon < ref + n; colon++)
		if (*colon == '/')
			slash = colon + 1;
	colon = memchr(slash, ':', n - (size_t)(slash - ref));
	if (!colon)
		return NULL;
	*len = n - (size_t)(colon + 1 - ref);
	return colon + 1;
}

static void check_latest(struct img_ctx *c, const struct img_rule *r)
{
	size_t i, tl = 0;
	const char *t;

	if (strcmp(c->name, c->path) != 0) {
		/* a digest pin makes the tag irrelevant */
		if (strchr(c->name, '@'))
			return;
		t = ref_tag(c->name, &tl);
		if (!t || (tl == 6 && !strncmp(t, "latest", 6)))
			img_report(c, r, UINT32_MAX, "name", c->name,
				   "image is named '%s', i.e. the moving "
				   "'latest' tag", c->name);
		return;
	}
	for (i = 0; i < c->img->tags.n; i++) {
		t = ref_tag(c->img->tags.v[i], &tl);
		if (t && tl == 6 && !strncmp(t, "latest", 6))
			img_report(c, r, UINT32_MAX, "tags", c->img->tags.v[i],
				   "image is tagged '%s'", c->img->tags.v[i]);
	}
}

const struct img_rule img_rule_latest = {
	.meta = {
		.id = "SGI023",
		.name = "image-latest-tag",
		.title = "The image is referenced by the 'latest' tag",
		.help = "`latest` moves with every push, so what was scanned is "
			"not necessarily what runs, and a rollback has nothing to "
			"roll back to.\n\n"
			"Fix: tag releases immutably (`app:1.4.2`, `app:git-3f2c1a`) "
			"and deploy by that tag or by digest.",
		.aliases = SG_ALIASES("DKL-DI-0006", "DS-0001", "DS001"),
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_TRUSTED_BASE,
		.severity = SG_SEVERITY_MEDIUM,
	},
	.check = check_latest,
};

/* Port number of "8080/tcp" (or "8080"); -1 when not a number. */
static long port_of(const char *spec)
{
	size_t n = strcspn(spec, "/");
	uint64_t v;

	if (n == 0 || sg_parse_u64(spec, n, &v) < 0 || v > 1000000)
		return -1;
	return (long)v;
}

static void check_port22(struct img_ctx *c, const struct img_rule *r)
{
	json_t *ports = img_config_get(c->img, "ExposedPorts"), *v;
	const char *k;

	json_object_foreach(ports, k, v)
		if (port_of(k) == 22)
			img_report(c, r, UINT32_MAX, "config.ExposedPorts", k,
				   "image exposes SSH port %s", k);
}

const struct img_rule img_rule_port22 = {
	.meta = {
		.id = "SGI028",
		.name = "port-22-exposed",
		.title = "The image exposes port 22 (SSH)",
		.help = "An SSH daemon in a container is a second way in that "
			"bypasses the runtime's access control and usually comes "
			"with long-lived keys baked into the image.\n\n"
			"Fix: remove sshd and `EXPOSE 22`; use `docker exec` / "
			"`kubectl exec` for debugging.",
		.aliases = SG_ALIASES("DS-0004", "DS004"),
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_NETWORK,
		.severity = SG_SEVERITY_MEDIUM,
	},
	.check = check_port22,
};

static void check_port_range(struct img_ctx *c, const struct img_rule *r)
{
	json_t *ports = img_config_get(c->img, "ExposedPorts"), *v;
	const char *k;

	json_object_foreach(ports, k, v) {
		long p = port_of(k);

		if (p < 1 || p > 65535)
			img_report(c, r, UINT32_MAX, "config.ExposedPorts", k,
				   "exposed port '%s' is not in 1-65535", k);
	}
}

const struct img_rule img_rule_port_range = {
	.meta = {
		.id = "SGI029",
		.name = "port-out-of-range",
		.title = "An exposed port is outside 1-65535",
		.help = "TCP and UDP ports are 16-bit; `EXPOSE 70000` or a "
			"non-numeric port is a typo that leaves the real port "
			"undocumented.\n\nFix: `EXPOSE 8080/tcp`.",
		.aliases = SG_ALIASES("DS-0008", "DS008"),
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_NETWORK,
		.severity = SG_SEVERITY_HIGH,
	},
	.check = check_port_range,
};

static void check_workdir(struct img_ctx *c, const struct img_rule *r)
{
	const char *w = cfg_str(c, "WorkingDir");

	if (w && *w && w[0] != '/' && w[0] != '$')
		img_report(c, r, UINT32_MAX, "config.WorkingDir", w,
			   "working directory '%s' is not absolute", w);
}

const struct img_rule img_rule_workdir = {
	.meta = {
		.id = "SGI030",
		.name = "workdir-not-absolute",
		.title = "The working directory is a relative path",
		.help = "A relative `WORKDIR` is resolved against whatever the "
			"previous one was, which changes when the base image "
			"does.\n\nFix: `WORKDIR /app`.",
		.aliases = SG_ALIASES("DS-0009", "DS009"),
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_MINIMAL_IMAGE,
		.severity = SG_SEVERITY_MEDIUM,
	},
	.check = check_workdir,
};

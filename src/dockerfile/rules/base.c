/*
 * base.c: the base image (reference section A): tags, digests, registries,
 * --platform and the ARGs FROM depends on.
 *
 * FROM is judged on its value with the ARG defaults; when that value needs
 * an ARG without a default (or an automatic platform ARG) it is
 * unresolved and the tag rules stay quiet rather than guess (the most
 * reported false positive of the peers is `FROM ${IMAGE}`).
 */
#include "util/compat.h"
#include "dockerfile/rules/rules.h"

#include "util/path.h"

enum {
	R_UNTAGGED, R_LATEST, R_DIGEST, R_REGISTRY, R_PLATFORM,
	R_PLATFORM_CONST, R_PLATFORM_REDUNDANT, R_UNDEF_ARG, R_BAD_DEFAULT,
	R_FIRST, R_ARCH,
};

/* The external image a FROM names, or NULL (a stage, scratch, unresolved). */
static bool from_image(struct df_ctx *c, const struct df_instr *in,
		       struct df_imgref *ref)
{
	const struct df_stage *st = c->stage;

	if (!st || in->nargs < 1 || st->base_unresolved || st->scratch ||
	    st->parent >= 0)
		return false;
	return df_imgref_parse(st->base, ref);
}

static void untagged(struct df_ctx *c, const struct df_instr *in, void *s)
{
	struct df_imgref r;

	if (!from_image(c, in, &r) || r.tag || r.digest)
		return;
	df_report(c, in, in->args[0].off, in->args[0].len,
		  "base image '%s' has no tag or digest, so it floats to "
		  "whatever 'latest' is at build time", c->stage->base);
}

static void latest(struct df_ctx *c, const struct df_instr *in, void *s)
{
	struct df_imgref r;

	if (!from_image(c, in, &r) || !r.tag || r.digest ||
	    strcmp(r.tag, "latest"))
		return;
	df_report(c, in, in->args[0].off, in->args[0].len,
		  "base image '%s' uses the moving 'latest' tag",
		  c->stage->base);
}

static void digest(struct df_ctx *c, const struct df_instr *in, void *s)
{
	struct df_imgref r;

	if (!from_image(c, in, &r) || r.digest)
		return;
	df_report(c, in, in->args[0].off, in->args[0].len,
		  "base image '%s' is not pinned by digest", c->stage->base);
}

/* "*.gcr.io", "my.reg*", "docker.io": hadolint's wildcard forms. */
static bool registry_match(const char *pat, const char *reg)
{
	size_t pl = strlen(pat), rl = strlen(reg);

	if (!strcmp(pat, "*"))
		return true;
	if (pl && pat[0] == '*')
		return rl >= pl - 1 && !strcmp(reg + rl - (pl - 1), pat + 1);
	if (pl && pat[pl - 1] == '*')
		return !strncmp(reg, pat, pl - 1);
	if (!strcmp(pat, "hub.docker.com") || !strcmp(pat, "index.docker.io"))
		return !strcmp(reg, "docker.io");
	return !strcmp(pat, reg);
}

static bool trusted(const struct sg_strlist *l, const char *reg)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (registry_match(l->v[i], reg))
			return true;
	return false;
}

static void check_ref(struct df_ctx *c, const struct df_instr *in,
		      const char *value, uint32_t off, uint32_t len)
{
	struct df_imgref r;

	if (!df_imgref_parse(value, &r))
		return;
	if (!trusted(c->trusted_registries, r.registry))
		df_report(c, in, off, len,
			  "image '%s' comes from registry '%s', which is not in "
			  "the policy's trusted registries", value, r.registry);
}

static void registry(struct df_ctx *c, const struct df_instr *in, void *s)
{
	const struct df_flag *fl;
	uint32_t i;

	if (!c->trusted_registries->n)
		return;
	if (in->kind == DF_FROM) {
		struct df_imgref r;

		if (from_image(c, in, &r))
			check_ref(c, in, c->stage->base, in->args[0].off,
				  in->args[0].len);
		return;
	}
	if (in->kind == DF_COPY && (fl = df_instr_flag(in, "from")) &&
	    !fl->val.unresolved &&
	    !df_stage_lookup(c->file, fl->val.value, c->file->nstages) &&
	    (strchr(fl->val.value, ':') || strchr(fl->val.value, '/')))
		check_ref(c, in, fl->val.value, fl->off, fl->len);
	for (i = 0; in->kind == DF_RUN && i < in->nmounts; i++) {
		const struct df_mount *m = &in->mounts[i];

		if (m->from && !strchr(m->from, '$') &&
		    !df_stage_lookup(c->file, m->from, c->file->nstages) &&
		    (strchr(m->from, ':') || strchr(m->from, '/')))
			check_ref(c, in, m->from, m->flag->off, m->flag->len);
	}
}

static bool mentions(const char *raw, const char *var)
{
	const char *p = raw;
	size_t n = strlen(var);

	while ((p = strstr(p, var))) {
		bool left = p > raw && (p[-1] == '$' || p[-1] == '{');
		bool right = !sg_isalnum((unsigned char)p[n]) && p[n] != '_';

		if (left && right)
			return true;
		p += n;
	}
	return false;
}

static void platform(struct df_ctx *c, const struct df_instr *in, void *s)
{
	const struct df_flag *fl = df_instr_flag(in, "platform");

	/* hadolint exempts the build/target platform variables */
	if (!fl || !fl->has_value || mentions(fl->val.raw, "BUILDPLATFORM") ||
	    mentions(fl->val.raw, "TARGETPLATFORM"))
		return;
	df_report(c, in, fl->off, fl->len,
		  "FROM --platform=%s pins the stage to one platform",
		  fl->val.raw);
}

static void platform_const(struct df_ctx *c, const struct df_instr *in,
			   void *s)
{
	const struct df_flag *fl = df_instr_flag(in, "platform");
	const char *v;
	char os[64];
	size_t k;

	if (!fl || !fl->has_value || strchr(fl->val.raw, '$'))
		return;
	v = fl->val.value;
	/* BuildKit: fine when the stage name says which platform it is */
	if (c->stage && c->stage->name) {
		const char *slash = strchr(v, '/');

		k = slash ? (size_t)(slash - v) : strlen(v);
		snprintf(os, sizeof(os), "%.*s", (int)SG_MIN(k, 60u), v);
		if (strstr(c->stage->name, os) ||
		    (slash && strstr(c->stage->name, slash + 1)))
			return;
	}
	df_report(c, in, fl->off, fl->len,
		  "FROM --platform=%s is a constant; use $BUILDPLATFORM or "
		  "$TARGETPLATFORM, or drop it", v);
}

static void platform_redundant(struct df_ctx *c, const struct df_instr *in,
			       void *s)
{
	const struct df_flag *fl = df_instr_flag(in, "platform");

	if (!fl || !fl->has_value)
		return;
	if (strcmp(fl->val.raw, "$TARGETPLATFORM") &&
	    strcmp(fl->val.raw, "${TARGETPLATFORM}"))
		return;
	df_report(c, in, fl->off, fl->len,
		  "--platform=$TARGETPLATFORM is the default and can be removed");
}

static void undef_arg(struct df_ctx *c, const struct df_instr *in, void *s)
{
	const struct df_flag *fl = df_instr_flag(in, "platform");

	if (in->in_onbuild)
		return;
	if (in->nargs && in->args[0].undefined)
		df_report(c, in, in->args[0].off, in->args[0].len,
			  "FROM uses $%s, which no global ARG declares",
			  in->args[0].undefined);
	if (fl && fl->val.undefined)
		df_report(c, in, fl->off, fl->len,
			  "FROM --platform uses $%s, which no global ARG declares",
			  fl->val.undefined);
}

static const char *const auto_args[] = {
	"TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
	"BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
};

static void bad_default(struct df_ctx *c, const struct df_instr *in, void *s)
{
	struct df_imgref r;
	const char *v;
	size_t i;

	if (in->in_onbuild || !in->nargs || !strchr(in->args[0].raw, '$') ||
	    in->args[0].undefined)
		return;
	for (i = 0; i < SG_ARRAY_SIZE(auto_args); i++)
		if (mentions(in->args[0].raw, auto_args[i]))
			return;  /* BuildKit always knows these */
	v = in->args[0].value;
	if (!sg_strcasecmp(v, "scratch") ||
	    df_stage_lookup(c->file, v, c->stage ? c->stage->index : 0))
		return;
	if (!df_imgref_parse(v, &r))
		df_report(c, in, in->args[0].off, in->args[0].len,
			  "with the ARG defaults, '%s' becomes '%s', which is "
			  "not a valid image reference", in->args[0].raw, v);
}

static void first(struct df_ctx *c, const struct df_instr *in, void *s)
{
	bool *seen = s;

	if (*seen)
		return;
	if (in->kind == DF_FROM) {
		*seen = true;
		return;
	}
	if (in->kind == DF_ARG || in->kind == DF_UNKNOWN)
		return;
	*seen = true;
	df_report(c, in, in->kw_off,
				  (uint32_t)strlen(in->keyword),
		  "%s before the first FROM; only ARG may precede FROM",
		  in->keyword);
}

/* Docker Hub's per-architecture namespaces and the platform they hold. */
static const struct {
	const char *ns, *platform;
} arch_ns[] = {
	{ "amd64/", "linux/amd64" }, { "arm64v8/", "linux/arm64" },
	{ "arm32v7/", "linux/arm/v7" }, { "arm32v6/", "linux/arm/v6" },
	{ "arm32v5/", "linux/arm/v5" }, { "i386/", "linux/386" },
	{ "ppc64le/", "linux/ppc64le" }, { "s390x/", "linux/s390x" },
	{ "riscv64/", "linux/riscv64" }, { "mips64le/", "linux/mips64le" },
};

static void arch(struct df_ctx *c, const struct df_instr *in, void *s)
{
	const struct df_flag *fl = df_instr_flag(in, "platform");
	struct df_imgref r;
	size_t k;

	if (!fl || !fl->has_value || fl->val.unresolved ||
	    !from_image(c, in, &r) || r.explicit_registry)
		return;
	for (k = 0; k < SG_ARRAY_SIZE(arch_ns); k++)
		if (sg_startswith(r.path, arch_ns[k].ns) &&
		    sg_strncasecmp(fl->val.value, arch_ns[k].platform,
				   strlen(arch_ns[k].platform)))
			df_report(c, in, in->args[0].off, in->args[0].len,
				  "'%s' only holds %s images, but the stage asks "
				  "for --platform=%s", c->stage->base,
				  arch_ns[k].platform, fl->val.value);
}

static const struct df_rule rules[] = {
	[R_UNTAGGED] = {
		DF_META(.id = "SGD020", .name = "from-untagged",
			.title = "Base image has no tag or digest",
			.help = "`FROM image` without a tag means `image:latest`: "
				"the build silently changes when upstream publishes, "
				"and a rebuild of an old commit is not the image you "
				"tested. Stage references, `scratch` and unresolved "
				"`${ARG}` values are not reported.\n\n"
				"Fix: pin a version tag, ideally with its digest.\n\n"
				"```dockerfile\n# wrong\nFROM python\n# right\n"
				"FROM python:3.12-slim-bookworm\n```",
			.aliases = SG_ALIASES("DL3006", "DS-0001", "CKV_DOCKER_7",
					      "Image Version Not Explicit",
					      "missing_tag", "missing-image-version"),
			.practice = SG_PRACTICE_TRUSTED_BASE,
			.severity = SG_SEVERITY_MEDIUM),
		.on = DF_ON(DF_FROM), .check = untagged,
	},
	[R_LATEST] = {
		DF_META(.id = "SGD021", .name = "from-latest-tag",
			.title = "Base image uses the `latest` tag",
			.help = "`latest` is a moving pointer: two builds of the "
				"same commit can get different operating systems, "
				"libraries and vulnerabilities. A digest next to the "
				"tag (`image:latest@sha256:...`) pins it and is not "
				"reported.\n\n"
				"Fix: use a versioned tag.\n\n"
				"```dockerfile\n# wrong\nFROM node:latest\n# right\n"
				"FROM node:20.11-bookworm-slim\n```",
			.aliases = SG_ALIASES("DL3007", "DS-0001", "CKV_DOCKER_7",
					      "Image Version Using 'latest'",
					      "latest_tag", "avoid-latest-version",
					      "DKL-DI-0006"),
			.practice = SG_PRACTICE_TRUSTED_BASE,
			.severity = SG_SEVERITY_MEDIUM),
		.on = DF_ON(DF_FROM), .check = latest,
	},
	[R_DIGEST] = {
		DF_META(.id = "SGD022", .name = "from-not-pinned-by-digest",
			.title = "Base image is not pinned by digest",
			.help = "A tag can be re-pointed by whoever controls the "
				"repository; only a digest names exact bytes. Pinning "
				"by digest makes builds reproducible and tamper-"
				"evident; a bot (Renovate, Dependabot) keeps digests "
				"fresh.\n\n"
				"Fix:\n\n```dockerfile\nFROM alpine:3.20@sha256:"
				"beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367"
				"effd16dc0d06d\n```",
			.aliases = SG_ALIASES("dockerfile-source-not-pinned"),
			.practice = SG_PRACTICE_TRUSTED_BASE,
			.severity = SG_SEVERITY_INFO,
			.flags = SG_RULE_OFF_BY_DEFAULT),
		.on = DF_ON(DF_FROM), .check = digest,
	},
	[R_REGISTRY] = {
		DF_META(.id = "SGD023", .name = "image-from-untrusted-registry",
			.title = "Image comes from a registry not on the trusted list",
			.help = "When the policy lists trusted registries "
				"(`dockerfile: trusted-registries:`), every base image, "
				"`COPY --from=<image>` and `RUN --mount=from=<image>` "
				"must come from one of them. Unqualified names are "
				"Docker Hub (`docker.io`). Wildcards: `*.gcr.io`, "
				"`registry.corp.example*`.\n\n"
				"Fix: mirror the image into a trusted registry.\n\n"
				"```dockerfile\nFROM registry.corp.example/base/"
				"python:3.12\n```",
			.aliases = SG_ALIASES("DL3026"),
			.practice = SG_PRACTICE_TRUSTED_BASE,
			.severity = SG_SEVERITY_HIGH),
		.on = DF_ON(DF_FROM) | DF_ON(DF_COPY) | DF_ON(DF_RUN),
		.check = registry,
	},
	[R_PLATFORM] = {
		DF_META(.id = "SGD024", .name = "from-platform-flag",
			.title = "FROM --platform pins a stage to one platform",
			.help = "`FROM --platform=linux/amd64` makes multi-platform "
				"builds emulate or fail. Values using "
				"`$BUILDPLATFORM`/`$TARGETPLATFORM` are not reported. "
				"Off by default: cross-compilation legitimately pins "
				"builder stages.\n\n"
				"Fix:\n\n```dockerfile\nFROM --platform=$BUILDPLATFORM "
				"golang:1.22 AS build\n```",
			.aliases = SG_ALIASES("DL3029",
					      "Using Platform Flag with FROM Command",
					      "avoid-platform-with-from"),
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_INFO,
			.flags = SG_RULE_OFF_BY_DEFAULT),
		.on = DF_ON(DF_FROM), .check = platform,
	},
	[R_PLATFORM_CONST] = {
		DF_META(.id = "SGD025", .name = "from-platform-constant",
			.title = "FROM --platform has a constant value",
			.help = "A literal platform (`--platform=linux/amd64`) "
				"ignores the platform the build asks for. BuildKit "
				"accepts it when the stage name says which platform "
				"it is for (`AS build-amd64`).\n\n"
				"Fix: use a variable or remove the flag.\n\n"
				"```dockerfile\nFROM --platform=$BUILDPLATFORM "
				"golang:1.22 AS build\n```",
			.aliases = SG_ALIASES("FromPlatformFlagConstDisallowed"),
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_LOW),
		.on = DF_ON(DF_FROM), .check = platform_const,
	},
	[R_PLATFORM_REDUNDANT] = {
		DF_META(.id = "SGD026", .name = "from-platform-redundant",
			.title = "FROM --platform=$TARGETPLATFORM is redundant",
			.help = "Stages are built for the target platform by "
				"default, so `--platform=$TARGETPLATFORM` only adds "
				"noise.\n\n"
				"Fix:\n\n```dockerfile\n# wrong\nFROM --platform="
				"$TARGETPLATFORM alpine:3.20\n# right\nFROM alpine:3.20\n```",
			.aliases = SG_ALIASES("DL3065", "RedundantTargetPlatform"),
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_INFO),
		.on = DF_ON(DF_FROM), .check = platform_redundant,
	},
	[R_UNDEF_ARG] = {
		DF_META(.id = "SGD027", .name = "from-undefined-arg",
			.title = "FROM uses a variable no global ARG declares",
			.help = "FROM can only use ARGs declared before the first "
				"FROM (and the automatic platform ARGs). Any other "
				"name expands to the empty string.\n\n"
				"Fix: declare it globally.\n\n"
				"```dockerfile\nARG PY=3.12\nFROM python:${PY}-slim\n```",
			.aliases = SG_ALIASES("UndefinedArgInFrom"),
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_MEDIUM),
		.on = DF_ON(DF_FROM), .check = undef_arg,
	},
	[R_BAD_DEFAULT] = {
		DF_META(.id = "SGD028", .name = "from-invalid-default-arg",
			.title = "With the ARG defaults, FROM is not a valid image",
			.help = "A build without `--build-arg` uses the ARG "
				"defaults; when they leave FROM empty or malformed "
				"(`ARG TAG` without a default, then `FROM app:$TAG`), "
				"the plain build fails.\n\n"
				"Fix: give the ARG a working default.\n\n"
				"```dockerfile\nARG TAG=1.4.2\nFROM registry.example/"
				"app:${TAG}\n```",
			.aliases = SG_ALIASES("InvalidDefaultArgInFrom"),
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_MEDIUM),
		.on = DF_ON(DF_FROM), .check = bad_default,
	},
	[R_FIRST] = {
		DF_META(.id = "SGD029", .name = "first-instruction-not-from",
			.title = "Instruction before the first FROM",
			.help = "Only parser directives, comments and global `ARG`s "
				"may precede the first `FROM`; anything else is an "
				"error.\n\n"
				"Fix:\n\n```dockerfile\nARG VERSION=3.20\nFROM "
				"alpine:${VERSION}\nLABEL org.opencontainers.image."
				"title=tool\n```",
			.aliases = SG_ALIASES("DL3061", "from_first"),
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_HIGH),
		.on = DF_ON_ALL, .check = first, .state_size = sizeof(bool),
	},
	[R_ARCH] = {
		DF_META(.id = "SGD039", .name = "from-platform-mismatch",
			.title = "Base image repository holds another platform "
				 "than FROM --platform asks for",
			.help = "Docker Hub's per-architecture repositories "
				"(`arm64v8/`, `amd64/`, `i386/`, ...) hold one "
				"platform each; asking one of them for another "
				"platform fails or runs under emulation. BuildKit "
				"reports the general case after pulling the image "
				"(InvalidBaseImagePlatform); without pulling, this "
				"rule can only check the repository name.\n\n"
				"Fix: use the multi-platform repository.\n\n"
				"```dockerfile\n# wrong\nFROM --platform=linux/amd64 "
				"arm64v8/alpine:3.20\n# right\nFROM --platform="
				"linux/amd64 alpine:3.20\n```",
			.aliases = SG_ALIASES("InvalidBaseImagePlatform"),
			.practice = SG_PRACTICE_TRUSTED_BASE,
			.severity = SG_SEVERITY_MEDIUM),
		.on = DF_ON(DF_FROM), .check = arch,
	},
};

const struct sg_rule_table df_rules_base = SG_RULE_TABLE(rules);

/*
 * images.c: the `image:` reference: mutable tags, digests, registries,
 * interpolated names, end-of-life bases, and how it pairs with `build`.
 */
#include "util/compat.h"
#include "compose/rules.h"

struct imgref {
	char name[256];       /* without registry, "library/" or tag */
	char registry[256];   /* "docker.io" when implicit */
	char tag[128];        /* "" when none */
	bool digest;
};

static void parse_ref(const char *ref, struct imgref *out)
{
	const char *at = strchr(ref, '@'), *end, *slash, *first, *colon;
	size_t len, rlen;

	memset(out, 0, sizeof(*out));
	out->digest = at != NULL;
	end = at ? at : ref + strlen(ref);
	slash = NULL;
	for (first = ref; first < end; first++)
		if (*first == '/')
			slash = first;
	colon = NULL;
	for (first = slash ? slash + 1 : ref; first < end; first++)
		if (*first == ':')
			colon = first;
	if (colon) {
		len = (size_t)(end - colon - 1);
		if (len < sizeof(out->tag))
			memcpy(out->tag, colon + 1, len);
		end = colon;
	}
	first = memchr(ref, '/', (size_t)(end - ref));
	rlen = first ? (size_t)(first - ref) : 0;
	if (first && (memchr(ref, '.', rlen) || memchr(ref, ':', rlen) ||
		      (rlen == 9 && !memcmp(ref, "localhost", 9)))) {
		if (rlen < sizeof(out->registry))
			memcpy(out->registry, ref, rlen);
		ref = first + 1;
	} else {
		memcpy(out->registry, "docker.io", 10);
	}
	if (sg_startswith(ref, "library/"))
		ref += 8;
	len = (size_t)(end - ref);
	if (len < sizeof(out->name))
		memcpy(out->name, ref, len);
}

static const char *const mutable_tags[] = {
	"latest", "stable", "edge", "test", "nightly", "dev", "beta",
	"canary", "lts", "main", "master",
};

static const struct cm_node *image_of(const struct cm_node *svc)
{
	const struct cm_node *n = cm_get(svc, "image");

	return cm_is_str(n) ? n : NULL;
}

static void check_mutable_tag(struct compose_project *p,
			      const struct compose_rule *r,
			      const struct cm_node *svc)
{
	const struct cm_node *n = image_of(svc);
	struct imgref ref;
	size_t i;

	if (!n)
		return;
	parse_ref(n->value, &ref);
	if (ref.digest)
		return;
	/* an image the project builds is named, not pulled */
	if (cm_get(svc, "build"))
		return;
	if (!ref.tag[0]) {
		compose_report(p, r, n, NULL,
			       "service '%s' image '%s' has no tag (means "
			       ":latest)", p->service, n->value);
		return;
	}
	for (i = 0; i < SG_ARRAY_SIZE(mutable_tags); i++)
		if (!sg_strcasecmp(ref.tag, mutable_tags[i]))
			compose_report(p, r, n, NULL,
				       "service '%s' image '%s' uses the "
				       "mutable tag '%s'", p->service,
				       n->value, ref.tag);
}

static void check_digest(struct compose_project *p,
			 const struct compose_rule *r,
			 const struct cm_node *svc)
{
	const struct cm_node *n = image_of(svc);

	if (n && !cm_get(svc, "build") && !strstr(n->value, "@sha256:"))
		compose_report(p, r, n, NULL,
			       "service '%s' image '%s' is not pinned by "
			       "digest", p->service, n->value);
}

static bool trusted(const struct sg_strlist *list, const char *image,
		    const struct imgref *ref)
{
	size_t i;

	for (i = 0; i < list->n; i++) {
		const char *e = list->v[i];
		size_t n = strlen(e);

		if (!strcmp(e, ref->registry) ||
		    (!strncmp(image, e, n) && image[n] == '/'))
			return true;
	}
	return false;
}

static void check_registry(struct compose_project *p,
			   const struct compose_rule *r,
			   const struct cm_node *svc)
{
	const struct sg_strlist *allow =
		&p->ctx->policy->dockerfile.trusted_registries;
	const struct cm_node *n = image_of(svc);
	struct imgref ref;

	if (!n || !allow->n || cm_get(svc, "build"))
		return;
	parse_ref(n->value, &ref);
	if (!trusted(allow, n->value, &ref))
		compose_report(p, r, n, NULL,
			       "service '%s' image '%s' comes from registry "
			       "'%s', which the policy does not trust",
			       p->service, n->value, ref.registry);
}

static void check_image_unknown(struct compose_project *p,
				const struct compose_rule *r,
				const struct cm_node *svc)
{
	const struct cm_node *n = cm_get(svc, "image");

	if (n && n->kind == CM_SCALAR && n->unknown)
		compose_report(p, r, n, NULL,
			       "service '%s' image '%s' depends on a variable "
			       "with no default; its tag cannot be checked",
			       p->service, n->raw);
}

static void check_build_no_image(struct compose_project *p,
				 const struct compose_rule *r,
				 const struct cm_node *svc)
{
	const struct cm_node *b = cm_get(svc, "build");

	if (b && !cm_get(svc, "image"))
		compose_report_key(p, r, b, NULL,
				   "service '%s' is built but has no image "
				   "name to push, track or scan", p->service);
}

static void check_build_and_image(struct compose_project *p,
				  const struct compose_rule *r,
				  const struct cm_node *svc)
{
	const struct cm_node *b = cm_get(svc, "build");
	const struct cm_node *i = cm_get(svc, "image");

	if (b && i && !cm_get(svc, "pull_policy"))
		compose_report_key(p, r, i, NULL,
				   "service '%s' has both build and image "
				   "without a pull_policy", p->service);
}

/* Images past end of life, by last affected version or codename. */
static const struct {
	const char *name;
	int major, minor;             /* tags <= major.minor are EOL */
	const char *codenames;        /* '|'-separated tag prefixes */
} eol[] = {
	{ "python", 3, 9, NULL },
	{ "node", 20, 99, "argon|boron|carbon|dubnium|erbium|fermium|"
			  "gallium|hydrogen|iron" },
	{ "ubuntu", 20, 10, "trusty|xenial|bionic|focal" },
	{ "debian", 11, 99, "jessie|stretch|buster|bullseye" },
	{ "centos", 99, 99, NULL },
	{ "alpine", 3, 20, NULL },
	{ "postgres", 13, 99, NULL },
	{ "mysql", 8, 0, NULL },
	{ "php", 8, 1, NULL },
	{ "ruby", 3, 1, NULL },
	{ "redis", 6, 0, NULL },
	{ "mongo", 5, 0, NULL },
	{ "nginx", 1, 25, NULL },
};

static bool tag_version(const char *t, int *major, int *minor)
{
	uint64_t a = 0, b = 0;
	size_t n = 0, m = 0;

	while (sg_isdigit((unsigned char)t[n]))
		n++;
	if (!n || sg_parse_u64(t, n, &a) < 0 || a > 9999)
		return false;
	*major = (int)a;
	*minor = -1;
	if (t[n] == '.') {
		while (sg_isdigit((unsigned char)t[n + 1 + m]))
			m++;
		if (m && sg_parse_u64(t + n + 1, m, &b) == 0 && b < 9999)
			*minor = (int)b;
	}
	return true;
}

static bool codename(const char *list, const char *tag)
{
	while (list && *list) {
		const char *bar = strchr(list, '|');
		size_t n = bar ? (size_t)(bar - list) : strlen(list);

		if (!strncmp(tag, list, n) &&
		    (tag[n] == '\0' || tag[n] == '-'))
			return true;
		list = bar ? bar + 1 : NULL;
	}
	return false;
}

static void check_eol(struct compose_project *p, const struct compose_rule *r,
		      const struct cm_node *svc)
{
	const struct cm_node *n = image_of(svc);
	struct imgref ref;
	size_t i;
	int ma, mi;

	if (!n)
		return;
	parse_ref(n->value, &ref);
	if (strcmp(ref.registry, "docker.io") || !ref.tag[0])
		return;
	for (i = 0; i < SG_ARRAY_SIZE(eol); i++) {
		bool old = false;

		if (strcmp(ref.name, eol[i].name))
			continue;
		if (codename(eol[i].codenames, ref.tag))
			old = true;
		else if (tag_version(ref.tag, &ma, &mi))
			old = ma < eol[i].major ||
			      (ma == eol[i].major &&
			       (eol[i].minor == 99 ||
				(mi >= 0 && mi <= eol[i].minor)));
		if (!strcmp(eol[i].name, "centos"))
			old = true;
		if (old)
			compose_report(p, r, n, NULL,
				       "service '%s' image '%s' is past its "
				       "end of life: no more security fixes",
				       p->service, n->value);
		break;
	}
}

const struct compose_rule sgc057 = {
	.meta = COMPOSE_META("SGC057", "image-mutable-tag",
		"Image is untagged or uses a mutable tag", PATCHING, MEDIUM, 0,
		SG_ALIASES("service-image-require-explicit-tag", "CL-0004",
			   "latest-tag"),
		HELP("`image: redis` means `redis:latest`; `latest`, `stable`, "
		     "`edge` and friends move, so two deploys of the same "
		     "commit run different code and a scan tells you nothing "
		     "about tomorrow's pull.",
		     "pin a version tag (and a digest for full "
		     "reproducibility).",
		     "services:\n  cache:\n    image: redis:7.4.1-alpine\n")),
	.service = check_mutable_tag,
};

const struct compose_rule sgc058 = {
	.meta = COMPOSE_META("SGC058", "image-not-digest-pinned",
		"Image is not pinned by digest", TRUSTED_BASE, LOW,
		SG_RULE_OFF_BY_DEFAULT, SG_ALIASES("CL-0019"),
		HELP("A tag can be re-pushed; a digest cannot. Off by default: "
		     "enable it where supply-chain policy requires digests.",
		     "add `@sha256:<digest>` and let a bot update it.",
		     "services:\n  cache:\n    image: redis:7.4.1@sha256:"
		     "3b7c...\n")),
	.service = check_digest,
};

const struct compose_rule sgc059 = {
	.meta = COMPOSE_META("SGC059", "image-untrusted-registry",
		"Image registry is not in the policy's trusted list",
		TRUSTED_BASE, MEDIUM, 0, NULL,
		HELP("With `dockerfile.trusted_registries` set in the policy, "
		     "every pulled image must come from one of them (a "
		     "registry host, or a host/namespace prefix).",
		     "mirror the image into a trusted registry, or extend the "
		     "list.",
		     "services:\n  cache:\n"
		     "    image: registry.example.com/mirror/redis:7.4\n")),
	.service = check_registry,
};

const struct compose_rule sgc060 = {
	.meta = COMPOSE_META("SGC060", "image-interpolated",
		"Image reference depends on an unset variable", PATCHING,
		INFO, 0, NULL,
		HELP("`image: app:${TAG}` with no default and no `.env` value "
		     "cannot be checked for a mutable tag or matched to a "
		     "scan.",
		     "give a default (`${TAG:-1.4.2}`) or set it in `.env`.",
		     "services:\n  app:\n    image: app:${TAG:-1.4.2}\n")),
	.service = check_image_unknown,
};

const struct compose_rule sgc061 = {
	.meta = COMPOSE_META("SGC061", "build-without-image",
		"Built service has no image name", VULN_SCANNING, INFO, 0,
		NULL,
		HELP("Without `image:` the built image is given a generated name: "
		     "it cannot be pushed, tracked, or matched to a scan "
		     "result.",
		     "name it.",
		     "services:\n  api:\n    build: ./api\n"
		     "    image: registry.example.com/api:1.4\n")),
	.service = check_build_no_image,
};

const struct compose_rule sgc062 = {
	.meta = COMPOSE_META("SGC062", "build-and-image",
		"Service has both build and image", PATCHING, INFO,
		SG_RULE_OFF_BY_DEFAULT, SG_ALIASES("no-build-and-image"),
		HELP("With both, Compose pulls `image` first and builds only if "
		     "the pull fails, unless `pull_policy` says otherwise. "
		     "Naming the build output this way is common and fine "
		     "(dclint #215), so the rule is off by default.",
		     "set `pull_policy: build` to make the intent explicit.",
		     "services:\n  api:\n    build: ./api\n"
		     "    image: api:dev\n    pull_policy: build\n")),
	.service = check_build_and_image,
};

const struct compose_rule sgc068 = {
	.meta = COMPOSE_META("SGC068", "image-end-of-life",
		"Image is past its end of life", PATCHING, MEDIUM, 0, NULL,
		HELP("Official images for end-of-life releases (Python 2 and "
		     "<= 3.9, Node <= 20, Ubuntu <= 20.10, Debian <= 11, "
		     "CentOS, Alpine <= 3.20, PostgreSQL <= 13, ...) no "
		     "longer get security fixes.",
		     "move to a supported release.",
		     "services:\n  app:\n    image: python:3.13-slim\n")),
	.service = check_eol,
};

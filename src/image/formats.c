/*
 * formats.c: which image format a container holds, and the plan to read it.
 *
 * Order of detection (Trivy's --input order, with the OCI index preferred
 * when both exist because it carries a digest for every blob and platform
 * information):
 *   1. `oci-layout` + `index.json`: OCI image layout (a directory, an
 *      oci-archive tar, docker save 25+, a containerd export).  index.json
 *      may point at an image index (multi-platform): select the platform.
 *   2. `manifest.json`: docker save 1.10-24 (`<id>/layer.tar`), skopeo
 *      docker-archive (`<diffid>.tar` plus symlinked `<id>/layer.tar`).
 *   3. `repositories` only: pre-1.10 docker save, refused with a message.
 * Every path a manifest names is normalised and must stay inside the
 * container (SG_EUNSAFE otherwise); blob references must be sha256 digests.
 */
#include "util/compat.h"

#include <sys/utsname.h>

#include "image/formats.h"
#include "util/buf.h"
#include "util/path.h"
#include "util/sha256.h"

#define MAX_INDEX_DEPTH 4

static const char *const index_types[] = {
	"application/vnd.oci.image.index.v1+json",
	"application/vnd.docker.distribution.manifest.list.v2+json",
};

const char *img_host_platform(void)
{
	struct utsname u;

	if (uname(&u) == 0) {
		if (!strcmp(u.machine, "aarch64") || !strcmp(u.machine, "arm64"))
			return "linux/arm64";
		if (!strncmp(u.machine, "arm", 3))
			return "linux/arm";
		if (!strcmp(u.machine, "i686") || !strcmp(u.machine, "i386"))
			return "linux/386";
		if (!strcmp(u.machine, "s390x"))
			return "linux/s390x";
		if (!strcmp(u.machine, "ppc64le"))
			return "linux/ppc64le";
		if (!strcmp(u.machine, "riscv64"))
			return "linux/riscv64";
	}
	return "linux/amd64";
}

int img_read_json(struct img_container *c, const char *name, size_t max,
		  json_t **out, char sha[65], sg_error *err)
{
	struct sg_buf b = SG_BUF_INIT(max + 1);
	json_error_t je;
	int rc;

	*out = NULL;
	rc = img_container_read(c, name, max, &b, err);
	if (rc < 0)
		goto done;
	if (sha)
		sg_sha256_hex(b.ptr ? b.ptr : "", b.len, sha);
	*out = json_loadb(b.ptr ? b.ptr : "", b.len, JSON_REJECT_DUPLICATES, &je);
	if (!*out)
		rc = sg_error_set(err, SG_EINVALID, name, (unsigned)je.line,
				  (unsigned)je.column, "invalid JSON: %s",
				  je.text);
done:
	sg_buf_release(&b);
	return rc;
}

static bool valid_digest(const char *d)
{
	size_t i;

	if (!d || strncmp(d, "sha256:", 7) != 0 || strlen(d) != 71)
		return false;
	for (i = 7; i < 71; i++)
		if (!((d[i] >= '0' && d[i] <= '9') || (d[i] >= 'a' && d[i] <= 'f')))
			return false;
	return true;
}

static const char *blob_path(struct img_image *img, const char *digest,
			     sg_error *err)
{
	const char *p;

	if (!valid_digest(digest)) {
		sg_error_set(err, SG_EUNSAFE, img->path, 0, 0,
			     "blob reference '%.80s' is not a sha256 digest",
			     digest ? digest : "(missing)");
		return NULL;
	}
	p = sg_arena_printf(&img->arena, "blobs/sha256/%s", digest + 7);
	if (!p)
		sg_error_set(err, SG_ENOMEM, NULL, 0, 0, "out of memory");
	return p;
}

static int add_tag(struct img_image *img, const char *tag)
{
	size_t i;
	const char *t;

	if (!tag || !*tag)
		return 0;
	for (i = 0; i < img->tags.n; i++)
		if (!strcmp(img->tags.v[i], tag))
			return 0;
	t = sg_arena_strdup(&img->arena, tag);
	if (!t || sg_vec_push(&img->tags, t) < 0)
		return SG_ENOMEM;
	return 0;
}

static const char *jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Archive-relative name from a manifest.json entry; NULL when unsafe. */
static const char *safe_name(struct img_image *img, const char *raw,
			     const char *what, sg_error *err)
{
	size_t len;
	char *norm;

	if (!raw) {
		sg_error_set(err, SG_EINVALID, "manifest.json", 0, 0,
			     "%s is missing or not a string", what);
		return NULL;
	}
	len = strlen(raw);
	norm = sg_arena_alloc(&img->arena, len + 1);
	if (!norm) {
		sg_error_set(err, SG_ENOMEM, NULL, 0, 0, "out of memory");
		return NULL;
	}
	if (len > 4096 || sg_path_normalize(raw, len, norm) <= 0) {
		sg_error_set(err, SG_EUNSAFE, "manifest.json", 0, 0,
			     "%s '%.80s' points outside the archive", what, raw);
		return NULL;
	}
	return norm;
}

/* "sha256:<hex>" when a name carries its own digest, else NULL. */
static const char *digest_in_name(struct img_image *img, const char *name)
{
	const char *base = sg_path_basename(name);
	size_t bl = strlen(base);
	char d[72];

	if (!(bl == 64 || (bl == 68 && sg_endswith(base, ".tar")) ||
	      (bl == 69 && sg_endswith(base, ".json"))))
		return NULL;
	snprintf(d, sizeof(d), "sha256:%.64s", base);
	return valid_digest(d) ? sg_arena_strdup(&img->arena, d) : NULL;
}

static int plan_docker(struct img_container *c, struct img_image *img,
		       const struct img_limits *lim, struct img_plan *plan,
		       sg_error *err)
{
	json_t *m = NULL, *entry, *layers, *tags, *v;
	size_t i;
	int rc = 0;

	rc = img_read_json(c, "manifest.json", lim->max_json, &m, NULL, err);
	if (rc < 0)
		return rc;
	if (!json_is_array(m) || json_array_size(m) == 0 ||
	    !json_is_object(json_array_get(m, 0))) {
		rc = sg_error_set(err, SG_EINVALID, "manifest.json", 0, 0,
				  "expected a non-empty array of image entries");
		goto done;
	}
	json_array_foreach(m, i, entry) {
		tags = json_object_get(entry, "RepoTags");
		if (json_is_array(tags)) {
			size_t k;

			json_array_foreach(tags, k, v)
				if (json_is_string(v) &&
				    add_tag(img, json_string_value(v)) < 0)
					goto oom;
		}
	}
	/* Several images in one save: the first is read, as docker load
	 * lists them first-to-last. */
	entry = json_array_get(m, 0);
	plan->format = "docker-archive";
	plan->config_name = safe_name(img, jstr(entry, "Config"), "Config", err);
	if (!plan->config_name) {
		rc = err ? err->code : SG_EINVALID;
		goto done;
	}
	plan->config_digest = digest_in_name(img, plan->config_name);
	layers = json_object_get(entry, "Layers");
	if (!json_is_array(layers)) {
		rc = sg_error_set(err, SG_EINVALID, "manifest.json", 0, 0,
				  "Layers is missing or not an array");
		goto done;
	}
	if (json_array_size(layers) > lim->max_layers) {
		rc = sg_error_set(err, SG_ELIMIT, "manifest.json", 0, 0,
				  "%zu layers (the limit is %zu)",
				  json_array_size(layers), lim->max_layers);
		goto done;
	}
	json_array_foreach(layers, i, v) {
		struct img_plan_layer pl = { NULL, NULL, NULL };

		pl.name = safe_name(img, json_is_string(v) ? json_string_value(v)
							   : NULL,
				    "Layers entry", err);
		if (!pl.name) {
			rc = err ? err->code : SG_EINVALID;
			goto done;
		}
		pl.digest = digest_in_name(img, pl.name);
		if (sg_vec_push(&plan->layers, pl) < 0)
			goto oom;
		if (sg_startswith(pl.name, "blobs/"))
			plan->format = "docker-archive (25+)";
	}
	goto done;
oom:
	rc = sg_error_set(err, SG_ENOMEM, NULL, 0, 0, "out of memory");
done:
	json_decref(m);
	return rc;
}

static bool is_index_type(const char *mt)
{
	size_t i;

	for (i = 0; mt && i < SG_ARRAY_SIZE(index_types); i++)
		if (!strcmp(mt, index_types[i]))
			return true;
	return false;
}

/* "os/arch[/variant]" of a descriptor's platform, or NULL. */
static const char *desc_platform(struct img_image *img, json_t *desc)
{
	json_t *p = json_object_get(desc, "platform");
	const char *os = jstr(p, "os"), *arch = jstr(p, "architecture");
	const char *var = jstr(p, "variant");

	if (!os || !arch)
		return NULL;
	return var ? sg_arena_printf(&img->arena, "%s/%s/%s", os, arch, var)
		   : sg_arena_printf(&img->arena, "%s/%s", os, arch);
}

static bool platform_matches(const char *want, const char *have)
{
	size_t wl = strlen(want);

	/* "linux/arm64" also matches "linux/arm64/v8" */
	return !strcmp(want, have) ||
	       (!strncmp(want, have, wl) && have[wl] == '/');
}

/* Pick one descriptor of an index's manifests[]. */
static json_t *pick(struct img_image *img, json_t *mans,
		    const struct img_options *opt, sg_error *err)
{
	const char *want = opt->platform ? opt->platform : img_host_platform();
	json_t *d, *only = NULL, *hit = NULL;
	size_t i, nplat = 0, nreal = 0;
	struct sg_buf seen = SG_BUF_INIT(1024);

	json_array_foreach(mans, i, d) {
		const char *p = desc_platform(img, d);

		if (p && !strcmp(p, "unknown/unknown"))
			continue;   /* BuildKit attestation manifests */
		nreal++;
		if (!only)
			only = d;
		if (!p)
			continue;
		nplat++;
		if (seen.len)
			sg_buf_puts(&seen, ", ");
		sg_buf_puts(&seen, p);
		if (!hit && platform_matches(want, p))
			hit = d;
	}
	if (nreal == 0) {
		sg_error_set(err, SG_EINVALID, "index.json", 0, 0,
			     "the index lists no image manifests");
		d = NULL;
	} else if (hit) {
		d = hit;
	} else if (nplat == 0) {
		/* no platform information at this level (a plain index.json,
		 * or an untagged layout): the first, as Trivy does */
		d = only;
	} else if (nreal == 1 && !opt->platform) {
		d = only;
	} else {
		sg_error_set(err, SG_ENOTFOUND, img->path, 0, 0,
			     "no image for platform %s (available: %s)", want,
			     seen.len ? sg_buf_cstr(&seen) : "unspecified");
		d = NULL;
	}
	sg_buf_release(&seen);
	return d;
}

static int plan_oci(struct img_container *c, const struct img_options *opt,
		    const struct img_limits *lim, struct img_image *img,
		    struct img_plan *plan, sg_error *err)
{
	json_t *doc = NULL, *next = NULL, *desc, *layers, *v, *ann;
	const char *name = "index.json", *want_digest = NULL;
	char sha[65];
	size_t i;
	int depth, rc;

	plan->format = img_container_has(c, "manifest.json")
		       ? "docker-archive (25+/containerd)" : "oci-layout";
	rc = img_read_json(c, name, lim->max_json, &doc, NULL, err);
	if (rc < 0)
		return rc;
	for (depth = 0;; depth++) {
		json_t *mans = json_object_get(doc, "manifests");
		const char *mt;

		if (depth > MAX_INDEX_DEPTH) {
			rc = sg_error_set(err, SG_ELIMIT, name, 0, 0,
					  "image indexes nested deeper than %d",
					  MAX_INDEX_DEPTH);
			goto done;
		}
		if (!json_is_array(mans)) {
			rc = sg_error_set(err, SG_EINVALID, name, 0, 0,
					  "manifests is missing or not an array");
			goto done;
		}
		json_array_foreach(mans, i, v) {
			ann = json_object_get(v, "annotations");
			if (add_tag(img, jstr(ann, "io.containerd.image.name")) < 0 ||
			    (depth == 0 &&
			     add_tag(img, jstr(ann, "org.opencontainers.image.ref.name")) < 0)) {
				rc = sg_error_set(err, SG_ENOMEM, NULL, 0, 0,
						  "out of memory");
				goto done;
			}
		}
		desc = pick(img, mans, opt, err);
		if (!desc) {
			rc = err ? err->code : SG_EINVALID;
			goto done;
		}
		want_digest = jstr(desc, "digest");
		name = blob_path(img, want_digest, err);
		if (!name) {
			rc = err ? err->code : SG_EUNSAFE;
			goto done;
		}
		/* copied: `doc` (which owns desc) is replaced below */
		mt = sg_arena_strdup(&img->arena, jstr(desc, "mediaType"));
		rc = img_read_json(c, name, lim->max_json, &next, sha, err);
		if (rc < 0)
			goto done;
		if (strcmp(sha, want_digest + 7) != 0)
			img_issue_add(img, IMG_ISSUE_DIGEST, UINT32_MAX, name,
				      "manifest %.19s has sha256:%.12s",
				      want_digest, sha);
		json_decref(doc);
		doc = next;
		next = NULL;
		if (!mt)
			mt = jstr(doc, "mediaType");
		if (!is_index_type(mt) && !json_is_array(json_object_get(doc, "manifests")))
			break;
		plan->format = img_container_has(c, "manifest.json")
			       ? "docker-archive (containerd, multi-platform)"
			       : "oci-layout (multi-platform)";
	}
	desc = json_object_get(doc, "config");
	plan->config_digest = sg_arena_strdup(&img->arena, jstr(desc, "digest"));
	plan->config_name = blob_path(img, plan->config_digest, err);
	if (!plan->config_name) {
		rc = err ? err->code : SG_EUNSAFE;
		goto done;
	}
	layers = json_object_get(doc, "layers");
	if (!json_is_array(layers)) {
		rc = sg_error_set(err, SG_EINVALID, name, 0, 0,
				  "layers is missing or not an array");
		goto done;
	}
	if (json_array_size(layers) > lim->max_layers) {
		rc = sg_error_set(err, SG_ELIMIT, name, 0, 0,
				  "%zu layers (the limit is %zu)",
				  json_array_size(layers), lim->max_layers);
		goto done;
	}
	json_array_foreach(layers, i, v) {
		struct img_plan_layer pl;

		pl.digest = sg_arena_strdup(&img->arena, jstr(v, "digest"));
		pl.media_type = sg_arena_strdup(&img->arena, jstr(v, "mediaType"));
		pl.name = blob_path(img, pl.digest, err);
		if (!pl.name) {
			rc = err ? err->code : SG_EUNSAFE;
			goto done;
		}
		if (sg_vec_push(&plan->layers, pl) < 0) {
			rc = sg_error_set(err, SG_ENOMEM, NULL, 0, 0,
					  "out of memory");
			goto done;
		}
	}
done:
	json_decref(doc);
	json_decref(next);
	return rc;
}

int img_plan_build(struct img_container *c, const struct img_options *opt,
		   const struct img_limits *lim, struct img_image *img,
		   struct img_plan *plan, sg_error *err)
{
	if (img_container_has(c, "index.json") &&
	    img_container_has(c, "oci-layout")) {
		int rc;

		/* Tags from manifest.json too, when docker wrote both. */
		if (img_container_has(c, "manifest.json")) {
			struct img_plan tmp;
			sg_error ignored;

			memset(&tmp, 0, sizeof(tmp));
			sg_error_clear(&ignored);
			plan_docker(c, img, lim, &tmp, &ignored);
			sg_vec_release(&tmp.layers);
		}
		rc = plan_oci(c, opt, lim, img, plan, err);
		return rc;
	}
	if (img_container_has(c, "manifest.json"))
		return plan_docker(c, img, lim, plan, err);
	if (img_container_has(c, "repositories"))
		return sg_error_set(err, SG_EINVALID, img->path, 0, 0,
				    "legacy docker save format (before "
				    "docker 1.10) is not supported; re-save "
				    "with a current docker");
	return sg_error_set(err, SG_EINVALID, img->path, 0, 0,
			    "not a container image: no manifest.json, and no "
			    "index.json with oci-layout");
}

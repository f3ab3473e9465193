/*
 * image.c: img_open() -- container, plan, config, then every layer streamed
 * base to top into the squashed view, with both digests checked.
 */
#include "util/compat.h"

#include "image/formats.h"
#include "image/squash.h"
#include "util/sha256.h"

#define KiB ((size_t)1024)
#define MiB (1024 * KiB)

/*
 * What is read into memory.  Identity and accounts for the image checks;
 * package databases for the inventory stage (extend here: one line per
 * path or glob, with the largest size worth keeping).
 */
const struct img_request img_default_requests[] = {
	/* identity */
	{ "etc/os-release", 64 * KiB },
	{ "usr/lib/os-release", 64 * KiB },
	{ "etc/lsb-release", 64 * KiB },
	{ "etc/alpine-release", 4 * KiB },
	{ "etc/debian_version", 4 * KiB },
	{ "etc/redhat-release", 4 * KiB },
	{ "etc/system-release", 4 * KiB },
	{ "etc/apk/repositories", 64 * KiB },
	/* accounts */
	{ "etc/passwd", 4 * MiB },
	{ "etc/shadow", 4 * MiB },
	{ "etc/group", 4 * MiB },
	{ "etc/master.passwd", 4 * MiB },
	/* package databases (inventory stage) */
	{ "var/lib/dpkg/status", 64 * MiB },
	{ "var/lib/dpkg/status.d/*", 4 * MiB },
	/* which language manifests a Debian package installed */
	{ "var/lib/dpkg/info/*.list", 64 * MiB },
	{ "lib/apk/db/installed", 64 * MiB },
	{ "usr/lib/apk/db/installed", 64 * MiB },
	{ "var/lib/rpm/rpmdb.sqlite", 256 * MiB },
	{ "var/lib/rpm/Packages", 256 * MiB },
	{ "var/lib/rpm/Packages.db", 256 * MiB },
	{ "usr/lib/sysimage/rpm/*", 256 * MiB },
	{ "usr/share/rpm/rpmdb.sqlite", 256 * MiB },
	{ "**/node_modules/*/package.json", 1 * MiB },
	{ "**/node_modules/@*/*/package.json", 1 * MiB },
	{ "**/*.dist-info/METADATA", 1 * MiB },
	{ "**/*.egg-info/PKG-INFO", 1 * MiB },
	{ "**/*.egg-info", 1 * MiB },
	{ "**/EGG-INFO/PKG-INFO", 1 * MiB },
};
const size_t img_default_nrequests = SG_ARRAY_SIZE(img_default_requests);

static const char *const issue_text[] = {
#define XX(name, text) text,
	IMG_ISSUE_MAP(XX)
#undef XX
};

const char *img_issue_text(enum img_issue_kind k)
{
	return (size_t)k < SG_ARRAY_SIZE(issue_text) ? issue_text[k] : "?";
}

const char *img_compression_name(enum img_compression c)
{
	switch (c) {
	case IMG_COMP_GZIP:
		return "gzip";
	case IMG_COMP_ZSTD:
		return "zstd";
	default:
		return "none";
	}
}

int img_issue_add(struct img_image *img, enum img_issue_kind kind,
		  uint32_t layer, const char *path, const char *fmt, ...)
{
	struct img_issue is;
	va_list ap;

	is.kind = kind;
	is.layer = layer;
	is.path = sg_arena_strdup(&img->arena, path ? path : "");
	va_start(ap, fmt);
	is.detail = sg_arena_vprintf(&img->arena, fmt, ap);
	va_end(ap);
	if (!is.path || !is.detail || sg_vec_push(&img->issues, is) < 0)
		return SG_ENOMEM;
	return 0;
}

json_t *img_config_get(const struct img_image *img, const char *key)
{
	json_t *c = json_object_get(img->config, "config");

	return c ? json_object_get(c, key) : NULL;
}

static void limits_default(struct img_limits *l, const struct img_limits *in)
{
	*l = *in;
	if (!l->max_layers)
		l->max_layers = 256;
	if (!l->max_entries)
		l->max_entries = 2000000;
	if (!l->max_bytes)
		l->max_bytes = (uint64_t)32 << 30;
	if (!l->max_ratio)
		l->max_ratio = 200;
	if (!l->ratio_floor)
		l->ratio_floor = (uint64_t)64 << 20;
	if (!l->max_json)
		l->max_json = 8 * MiB;
	if (!l->max_content)
		l->max_content = 512 * MiB;
}

/* Attribute non-empty history entries to layers, when the counts agree. */
static void map_history(struct img_image *img)
{
	json_t *h = json_object_get(img->config, "history"), *e;
	size_t i, k = 0, nonempty = 0;

	json_array_foreach(h, i, e)
		if (!json_is_true(json_object_get(e, "empty_layer")))
			nonempty++;
	for (i = 0; i < img->layers.n; i++)
		img->layers.v[i].history_index = UINT32_MAX;
	if (nonempty != img->layers.n)
		return;
	json_array_foreach(h, i, e) {
		json_t *cb;

		if (json_is_true(json_object_get(e, "empty_layer")))
			continue;
		cb = json_object_get(e, "created_by");
		img->layers.v[k].history_index = (uint32_t)i;
		img->layers.v[k].created_by =
			json_is_string(cb) ? json_string_value(cb) : NULL;
		k++;
	}
}

static int read_layer(struct img_image *img, struct img_container *c,
		      const struct img_plan_layer *pl, uint32_t i,
		      const char *want_diff, const struct img_limits *lim,
		      uint64_t *image_bytes, size_t *entries, sg_error *err)
{
	struct img_layer *L = &img->layers.v[i];
	struct img_source *src = NULL;
	struct img_layer_stream *ls = NULL;
	char blob[SG_SHA256_HEX], diff[SG_SHA256_HEX], what[128];
	int rc;

	snprintf(what, sizeof(what), "layer %u (%.60s)", i + 1, pl->name);
	rc = img_source_open(c, pl->name, &src, err);
	if (rc < 0)
		goto done;
	rc = img_layer_open(&ls, src, what, lim, image_bytes, err);
	if (rc < 0)
		goto done;
	L->compression = img_layer_compression(ls);
	rc = img_squash_layer(img, i, ls, lim, entries, err);
	if (rc < 0)
		goto done;
	rc = img_layer_finish(ls, blob, diff, &L->stored_size, &L->size, err);
	if (rc < 0)
		goto done;
	L->digest = sg_arena_printf(&img->arena, "sha256:%s", blob);
	L->diff_id = sg_arena_printf(&img->arena, "sha256:%s", diff);
	if (!L->digest || !L->diff_id) {
		rc = sg_error_set(err, SG_ENOMEM, NULL, 0, 0, "out of memory");
		goto done;
	}
	if (pl->digest && strcmp(pl->digest, L->digest) != 0)
		img_issue_add(img, IMG_ISSUE_DIGEST, i, pl->name,
			      "layer %u blob is %.19s…, the manifest says %.19s…",
			      i + 1, L->digest, pl->digest);
	if (want_diff && strcmp(want_diff, L->diff_id) != 0)
		img_issue_add(img, IMG_ISSUE_DIGEST, i, pl->name,
			      "layer %u uncompressed is %.19s…, config "
			      "rootfs.diff_ids says %.19s…",
			      i + 1, L->diff_id, want_diff);
	img->stored_size += L->stored_size;
	img->size += L->size;
done:
	if (rc < 0 && err && err->path[0] == '\0')
		snprintf(err->path, sizeof(err->path), "%s", img->path);
	img_layer_free(ls);
	img_source_close(src);
	return rc;
}

int img_open(struct img_image **out, const char *path,
	     const struct img_options *opt, sg_error *err)
{
	static const struct img_options defaults = IMG_OPTIONS_INIT;
	struct img_image *img = calloc(1, sizeof(*img));
	struct img_container *c = NULL;
	struct img_plan plan;
	struct img_limits lim;
	json_t *diffs;
	char sha[SG_SHA256_HEX];
	uint64_t image_bytes = 0;
	size_t i, entries = 0;
	int rc;

	*out = NULL;
	memset(&plan, 0, sizeof(plan));
	if (!opt)
		opt = &defaults;
	if (!img)
		return sg_error_set(err, SG_ENOMEM, path, 0, 0, "out of memory");
	sg_arena_init(&img->arena);
	limits_default(&lim, &opt->limits);
	img->req_budget = lim.max_content;
	img->path = sg_arena_strdup(&img->arena, path);
	if (!img->path) {
		rc = sg_error_set(err, SG_ENOMEM, path, 0, 0, "out of memory");
		goto fail;
	}
	rc = img_container_open(&c, path, &lim, err);
	if (rc < 0)
		goto fail;
	rc = img_plan_build(c, opt, &lim, img, &plan, err);
	if (rc < 0)
		goto fail;
	img->format = plan.format;
	img->ref = img->tags.n ? img->tags.v[0] : NULL;
	rc = img_read_json(c, plan.config_name, lim.max_json, &img->config,
			   sha, err);
	if (rc < 0)
		goto fail;
	if (!json_is_object(img->config)) {
		rc = sg_error_set(err, SG_EINVALID, plan.config_name, 0, 0,
				  "image config is not a JSON object");
		goto fail;
	}
	img->config_digest = sg_arena_printf(&img->arena, "sha256:%s", sha);
	if (plan.config_digest && strcmp(plan.config_digest + 7, sha) != 0)
		img_issue_add(img, IMG_ISSUE_DIGEST, UINT32_MAX, plan.config_name,
			      "config is sha256:%.12s…, the manifest says %.19s…",
			      sha, plan.config_digest);
	{
		const char *os = json_string_value(json_object_get(img->config, "os"));
		const char *arch = json_string_value(json_object_get(img->config, "architecture"));
		const char *var = json_string_value(json_object_get(img->config, "variant"));

		img->platform = var ? sg_arena_printf(&img->arena, "%s/%s/%s",
						      os ? os : "?",
						      arch ? arch : "?", var)
				    : sg_arena_printf(&img->arena, "%s/%s",
						      os ? os : "?",
						      arch ? arch : "?");
	}
	diffs = json_object_get(json_object_get(img->config, "rootfs"), "diff_ids");
	if (!json_is_array(diffs) || json_array_size(diffs) != plan.layers.n)
		img_issue_add(img, IMG_ISSUE_DIGEST, UINT32_MAX, plan.config_name,
			      "config lists %zu rootfs.diff_ids for %zu layers",
			      json_is_array(diffs) ? json_array_size(diffs) : 0,
			      plan.layers.n);
	if (sg_vec_reserve(&img->layers, plan.layers.n + 1) < 0) {
		rc = sg_error_set(err, SG_ENOMEM, path, 0, 0, "out of memory");
		goto fail;
	}
	for (i = 0; i < plan.layers.n; i++) {
		struct img_layer *L = &img->layers.v[img->layers.n++];

		memset(L, 0, sizeof(*L));
		L->blob = plan.layers.v[i].name;
		L->media_type = plan.layers.v[i].media_type;
		L->history_index = UINT32_MAX;
	}
	rc = img_squash_init(img, opt, err);
	if (rc < 0)
		goto fail;
	for (i = 0; i < plan.layers.n; i++) {
		json_t *d = json_array_size(diffs) == plan.layers.n
			    ? json_array_get(diffs, i) : NULL;

		rc = read_layer(img, c, &plan.layers.v[i], (uint32_t)i,
				json_is_string(d) ? json_string_value(d) : NULL,
				&lim, &image_bytes, &entries, err);
		if (rc < 0)
			goto fail;
	}
	rc = img_squash_finish(img, err);
	if (rc < 0)
		goto fail;
	map_history(img);
	sg_vec_release(&plan.layers);
	img_container_free(c);
	*out = img;
	return 0;
fail:
	sg_vec_release(&plan.layers);
	img_container_free(c);
	img_free(img);
	return rc;
}

void img_free(struct img_image *img)
{
	if (!img)
		return;
	img_squash_release(img);
	json_decref(img->config);
	sg_vec_release(&img->layers);
	sg_vec_release(&img->issues);
	sg_vec_release(&img->tags);
	sg_arena_release(&img->arena);
	free(img);
}

/*
 * check_image.c: the image stage.  Fixture images are written at test time
 * by build/mkimage from the text specs in testdata/image/ (no binary
 * fixtures), in every format the reader accepts, then scanned.
 */
#include "util/compat.h"
#include "helpers.h"
#include "shipgate/vulndb.h"

#include <sys/stat.h>
#include <unistd.h>

#include "core/stage.h"
#include "image/formats.h"
#include "image/hashpipe.h"
#include "image/image.h"
#include "policy/policy.h"
#include "util/buf.h"

#define TODAY "2026-06-01"

/* Write an image with build/mkimage; returns the malloc'd output path. */
static char *mkimage(const char *tmp, const char *spec, const char *format,
		     const char *comp, const char *extra1, const char *extra2)
{
	const char *argv[12];
	char *out = malloc(4300), *errout = NULL, specpath[4200];
	const char *tool = getenv("SG_MKIMAGE");
	int n = 0, rc;

	ck_assert_ptr_nonnull(out);
	snprintf(out, 4300, "%s/%s.%s.%s%s%s", tmp, spec, format,
		 comp ? comp : "none", extra2 ? "." : "",
		 extra2 ? extra2 : "");
	for (char *p = out + strlen(tmp) + 1; *p; p++)
		if (*p == '/' || *p == '=' || *p == ',')
			*p = '_';
	snprintf(specpath, sizeof(specpath), "%s/%s/image.spec",
		 t_src("testdata/image"), spec);
	argv[n++] = "--format";
	argv[n++] = format;
	if (comp) {
		argv[n++] = "--compress";
		argv[n++] = comp;
	}
	if (extra1) {
		argv[n++] = extra1;
		argv[n++] = extra2;
	}
	argv[n++] = specpath;
	argv[n++] = out;
	argv[n] = NULL;
	rc = t_run_prog(tool ? tool : "build/mkimage", NULL, NULL, &errout,
			argv);
	ck_assert_msg(rc == 0, "mkimage %s %s failed (%d): %s", spec, format,
		      rc, errout ? errout : "");
	free(errout);
	return out;
}

/* Index of the layer with this diff_id in `img`, as "L<n>" (1-based). */
static void layer_name(const struct img_image *img, const char *diff,
		       char *out, size_t size)
{
	size_t i;

	snprintf(out, size, "-");
	for (i = 0; diff && img && i < img->layers.n; i++)
		if (sg_streq(img->layers.v[i].diff_id, diff))
			snprintf(out, size, "L%zu", i + 1);
}

/*
 * Scan and render the findings one per line: "RULE LAYER OBJECT: MESSAGE".
 * The layer is printed as its index so the text is the same in every
 * format (compressed blobs differ, diff_ids do not).
 */
static char *scan_text(const char *name, const char *path,
		       struct sg_policy *policy)
{
	struct sg_policy *own = NULL;
	struct img_image *img = NULL;
	struct sg_stage_ctx ctx;
	struct sg_buf out = SG_BUF_INIT(1 << 22);
	sg_findings *set;
	sg_error err;
	size_t i;

	sg_error_clear(&err);
	if (!policy) {
		ck_assert_int_eq(sg_policy_defaults(&own, TODAY, &err), 0);
		policy = own;
	}
	ck_assert_int_eq(sg_findings_new(&set), 0);
	memset(&ctx, 0, sizeof(ctx));
	ctx.policy = policy;
	ctx.findings = set;
	ck_assert_msg(img_scan(&ctx, name, path, &err) == 0, "%s", err.message);
	ck_assert_int_eq(sg_findings_finalize(set), 0);
	img_open(&img, path, NULL, NULL);
	for (i = 0; i < sg_findings_count(set); i++) {
		const sg_finding *f = sg_findings_at(set, i);
		char layer[32];

		ck_assert_str_eq(f->loc.image, name);
		layer_name(img, f->loc.layer, layer, sizeof(layer));
		sg_buf_printf(&out, "%s %s %s: %s\n", f->rule->id, layer,
			      f->loc.object ? f->loc.object : "-", f->message);
	}
	img_free(img);
	sg_findings_free(set);
	sg_policy_free(own);
	ck_assert_int_eq(sg_buf_error(&out), 0);
	{
		char *s = strdup(sg_buf_cstr(&out));

		sg_buf_release(&out);
		return s;
	}
}

static struct img_image *open_ok(const char *path,
				 const struct img_options *opt)
{
	struct img_image *img = NULL;
	sg_error err;

	sg_error_clear(&err);
	ck_assert_msg(img_open(&img, path, opt, &err) == 0, "%s: %s", path,
		      err.message);
	return img;
}

/* The formats one image can be written in, with every layer compression. */
static const struct {
	const char *format, *comp;
} formats[] = {
	{ "docker", NULL },          /* docker save 1.10-24 */
	{ "docker25", NULL },        /* docker save 25+ */
	{ "containerd", "gzip" },    /* containerd export, compressed layers */
	{ "containerd", "zstd" },
	{ "skopeo", NULL },          /* docker-archive with symlinked layer.tar */
	{ "oci-archive", "gzip" },
	{ "oci-archive", "zstd" },
	{ "oci-archive", "none" },
	{ "oci-dir", "gzip" },
};

/*
 * The image's own findings (SGI lines).  Dockerfile-rule findings on the
 * history (SGD lines) change whenever the Dockerfile stage gains a rule, so
 * goldens leave them out; tests assert the ones they rely on.
 */
static char *sgi_only(const char *text)
{
	char *out = malloc(strlen(text) + 1), *o = out;
	const char *p = text;

	ck_assert_ptr_nonnull(out);
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p + 1) : strlen(p);

		if (!sg_startswith(p, "SGD")) {
			memcpy(o, p, len);
			o += len;
		}
		p += len;
	}
	*o = '\0';
	return out;
}

static void same_in_every_format(const char *spec, const char *golden)
{
	char *tmp = t_tmpdir(spec), *first = NULL;
	size_t i;

	for (i = 0; i < SG_ARRAY_SIZE(formats); i++) {
		char *path = mkimage(tmp, spec, formats[i].format,
				     formats[i].comp, NULL, NULL);
		char *text = scan_text("example.com/team/app:1.0", path, NULL);

		if (!first) {
			char *sgi = sgi_only(text);

			first = text;
			t_golden(golden, sgi);
			free(sgi);
			/* the history was linted with the Dockerfile rules */
			ck_assert_ptr_nonnull(strstr(text, "SGD057 - history[6]: ADD "
							   "downloads 'https://"));
		} else {
			ck_assert_msg(strcmp(first, text) == 0,
				      "%s as %s/%s differs:\n%s\nvs\n%s", spec,
				      formats[i].format,
				      formats[i].comp ? formats[i].comp : "-",
				      text, first);
			free(text);
		}
		free(path);
	}
	/* A gzip-wrapped docker save (docker save | gzip) too. */
	{
		char *path = mkimage(tmp, spec, "docker", NULL, "--outer", "gzip");
		char *text = scan_text("example.com/team/app:1.0", path, NULL);

		ck_assert_msg(strcmp(first, text) == 0, "outer gzip differs:\n%s",
			      text);
		free(text);
		free(path);
	}
	free(first);
	free(tmp);
}

START_TEST(test_app_every_format)
{
	same_in_every_format("app", "testdata/image/app/expected.txt");
}
END_TEST

START_TEST(test_clean_every_format)
{
	char *tmp = t_tmpdir("clean");
	size_t i;

	for (i = 0; i < SG_ARRAY_SIZE(formats); i++) {
		char *path = mkimage(tmp, "clean", formats[i].format,
				     formats[i].comp, NULL, NULL);
		char *all = scan_text("registry.example.com/team/clean:1.0.0",
				      path, NULL);
		char *text = sgi_only(all);

		ck_assert_msg(text[0] == '\0', "clean image as %s has findings:\n%s",
			      formats[i].format, text);
		free(text);
		free(all);
		free(path);
	}
	free(tmp);
}
END_TEST

START_TEST(test_hostile_layer)
{
	char *tmp = t_tmpdir("hostile"), *path, *text, probe[4400];
	struct img_image *img;
	bool loop = false;

	path = mkimage(tmp, "hostile", "oci-archive", "gzip", NULL, NULL);
	text = scan_text("registry.example.com/team/hostile:1", path, NULL);
	{
		char *sgi = sgi_only(text);

		t_golden("testdata/image/hostile/expected.txt", sgi);
		free(sgi);
	}
	free(text);
	img = open_ok(path, NULL);
	/* the escaping entries were not applied, nothing was written */
	ck_assert_ptr_null(img_lookup(img, "evil.sh"));
	ck_assert_ptr_null(img_lookup(img, "etc/cron.d/x"));
	snprintf(probe, sizeof(probe), "%s/evil.sh", tmp);
	ck_assert_int_ne(access(probe, F_OK), 0);
	ck_assert_int_ne(access("../../evil.sh", F_OK), 0);
	/* absolute names are normalised and applied */
	ck_assert_ptr_nonnull(img_lookup(img, "etc/absolute.conf"));
	/* the last duplicate wins */
	ck_assert_uint_eq(img_lookup(img, "etc/dup.conf")->size, 7);
	ck_assert_ptr_null(img_resolve(img, "loop/a", &loop));
	ck_assert(loop);
	ck_assert_ptr_nonnull(img_resolve(img, "etc/fine", &loop));
	ck_assert(!loop);
	/* a link climbing out resolves inside, clamped at the root */
	ck_assert_ptr_null(img_resolve(img, "etc/escape", &loop));
	img_free(img);
	free(path);
	free(tmp);
}
END_TEST

/* Issues are capped per kind and layer, with a count of the rest. */
START_TEST(test_issue_cap)
{
	char *tmp = t_tmpdir("cap"), spec[4400], file[4400], out[4400];
	char *errout = NULL, *text, *p;
	struct sg_buf layer = SG_BUF_INIT(1 << 20);
	const char *argv[4];
	size_t i, n = 0;

	snprintf(spec, sizeof(spec), "%s/image.spec", tmp);
	t_write(spec, "tag registry.example.com/x:1\nlayer dup.layer ADD x /\n");
	for (i = 0; i < 250; i++)
		sg_buf_puts(&layer, "file etc/dup text=x\n");
	snprintf(file, sizeof(file), "%s/dup.layer", tmp);
	t_write(file, sg_buf_cstr(&layer));
	sg_buf_release(&layer);
	snprintf(out, sizeof(out), "%s/img.tar", tmp);
	argv[0] = spec;
	argv[1] = out;
	argv[2] = NULL;
	ck_assert_int_eq(t_run_prog(getenv("SG_MKIMAGE") ? getenv("SG_MKIMAGE")
							 : "build/mkimage",
				    NULL, NULL, &errout, argv), 0);
	free(errout);
	text = scan_text("registry.example.com/x:1", out, NULL);
	for (p = text; (p = strstr(p, "SGI007 ")) != NULL; p++)
		n++;
	/* 249 identical findings fold into one (finalize de-duplicates);
	 * the reader kept 200 and counted the rest */
	ck_assert_uint_eq(n, 2);
	ck_assert_ptr_nonnull(strstr(text, "SGI007 L1 -: 49 more like this in "
					   "layer 1, not listed"));
	free(text);
	free(tmp);
}
END_TEST

START_TEST(test_squash_semantics)
{
	char *tmp = t_tmpdir("squash");
	char *path = mkimage(tmp, "app", "oci-archive", "zstd", NULL, NULL);
	struct img_image *img = open_ok(path, NULL);
	const struct img_file *f, *curl;
	static const char pem[] = "-----BEGIN RSA PRIVATE KEY-----\n"
				  "MIIEpAIBAAKCAQEA0000\n"
				  "-----END RSA PRIVATE KEY-----\n";
	static const char passwd1[] = "root:x:0:0:root:/root:/bin/sh\n"
				      "daemon:x:1:1:daemon:/usr/sbin:/bin/false\n";
	static const char shadow1[] = "root:*:19000:0:::::\n"
				      "daemon:!:19000::::::\n";
	uint64_t waste;

	ck_assert_uint_eq(img->layers.n, 5);
	ck_assert_int_eq(img->layers.v[0].compression, IMG_COMP_ZSTD);
	/* per-file whiteout of a directory hides its whole subtree */
	ck_assert_ptr_null(img_lookup(img, "opt/old"));
	ck_assert_ptr_null(img_lookup(img, "opt/old/sub/b.txt"));
	ck_assert_ptr_null(img_lookup(img, "tmp/big.bin"));
	ck_assert_ptr_nonnull(img_lookup(img, "tmp"));
	ck_assert_ptr_null(img_lookup(img, "etc/motd"));
	/* opaque dir: lower children gone, the same layer's child stays even
	 * though the marker comes after it in the tar */
	ck_assert_ptr_null(img_lookup(img, "opt/data/x.txt"));
	ck_assert_ptr_null(img_lookup(img, "opt/data/y.txt"));
	f = img_lookup(img, "opt/data/z.txt");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(f->layer, 3);
	/* hardlink into a lower layer takes the target's metadata */
	curl = img_lookup(img, "usr/bin/curl");
	f = img_lookup(img, "app/curl-link");
	ck_assert_ptr_nonnull(f);
	ck_assert(f->hardlink);
	ck_assert_str_eq(f->link, "usr/bin/curl");
	ck_assert_uint_eq(f->size, curl->size);
	ck_assert_uint_eq(f->mode, curl->mode);
	ck_assert_uint_eq(f->layer, 3);
	/* "./etc", "/app", "app/x": one normalised namespace */
	ck_assert_ptr_nonnull(img_lookup(img, "/app/server"));
	ck_assert_ptr_nonnull(img_lookup(img, "./etc/passwd"));
	/* requested contents: the overwriting layer's copy */
	f = img_lookup(img, "etc/passwd");
	ck_assert_uint_eq(f->layer, 4);
	ck_assert_ptr_nonnull(f->content);
	ck_assert_ptr_nonnull(strstr((const char *)f->content, "toor:x:0:0"));
	f = img_lookup(img, "app/node_modules/left-pad/package.json");
	ck_assert_ptr_nonnull(f->content);
	f = img_lookup(img, "usr/lib/python3.11/site-packages/"
			    "requests-2.31.0.dist-info/METADATA");
	ck_assert_ptr_nonnull(f->content);
	ck_assert_ptr_null(img_lookup(img, "app/server")->content);
	/* symlinks resolve through the view */
	f = img_resolve(img, "bin/sh", NULL);
	ck_assert_str_eq(f->path, "bin/busybox");
	/* waste: every lower-layer byte a later layer hid */
	waste = 5000 +                                  /* InRelease rewritten */
		300 + 400 + 8 +                         /* opaque + motd */
		1000 + 2000 + 100000 + strlen(pem) +    /* cleanup whiteouts */
		strlen(passwd1) + strlen(shadow1);      /* rewritten */
	ck_assert_uint_eq(img->waste, waste);
	ck_assert_uint_eq(img->layers.v[2].waste, 5000);
	ck_assert_str_eq(img->layers.v[3].created_by, "COPY . /app # buildkit");
	ck_assert_uint_eq(img->layers.v[1].history_index, 2);
	img_free(img);
	free(path);
	free(tmp);
}
END_TEST

START_TEST(test_content_requests)
{
	char *tmp = t_tmpdir("requests");
	char *path = mkimage(tmp, "app", "docker", NULL, NULL, NULL);
	struct img_request req[] = {
		{ "app/z.txt", 100 },
		{ "app/*.txt", 1 },      /* app/data.txt: 5 bytes > 1 */
	};
	struct img_options opt = IMG_OPTIONS_INIT;
	struct img_image *img;
	const struct img_file *f;

	opt.requests = req;
	opt.nrequests = 2;
	opt.no_default_requests = true;
	img = open_ok(path, &opt);
	f = img_lookup(img, "app/z.txt");
	ck_assert_uint_eq(f->content_len, 2);
	ck_assert_int_eq(memcmp(f->content, "z\n", 2), 0);
	f = img_lookup(img, "app/data.txt");
	ck_assert_ptr_null(f->content);
	ck_assert(f->content_skipped);
	ck_assert_ptr_null(img_lookup(img, "etc/passwd")->content);
	img_free(img);
	/* the built-in list covers the inventory stage's databases */
	{
		static const char *const need[] = {
			"var/lib/dpkg/status", "var/lib/dpkg/status.d/*",
			"lib/apk/db/installed", "var/lib/rpm/rpmdb.sqlite",
			"var/lib/rpm/Packages", "usr/lib/sysimage/rpm/*",
			"**/node_modules/*/package.json",
			"**/*.dist-info/METADATA", "**/*.egg-info/PKG-INFO",
			"etc/os-release", "usr/lib/os-release",
			"etc/alpine-release", "etc/debian_version",
		};
		size_t i, k;

		for (i = 0; i < SG_ARRAY_SIZE(need); i++) {
			for (k = 0; k < img_default_nrequests; k++)
				if (!strcmp(img_default_requests[k].pattern,
					    need[i]))
					break;
			ck_assert_msg(k < img_default_nrequests, "%s missing",
				      need[i]);
		}
	}
	free(path);
	free(tmp);
}
END_TEST

START_TEST(test_platform_selection)
{
	char *tmp = t_tmpdir("platform");
	char *path = mkimage(tmp, "clean", "containerd", "gzip", "--platforms",
			     "linux/amd64,linux/arm64");
	struct img_options opt = IMG_OPTIONS_INIT;
	struct img_image *img;
	sg_error err;

	opt.platform = "linux/arm64";
	img = open_ok(path, &opt);
	ck_assert_str_eq(img->platform, "linux/arm64");
	ck_assert_str_eq(img->format,
			 "docker-archive (containerd, multi-platform)");
	img_free(img);
	opt.platform = "linux/amd64";
	img = open_ok(path, &opt);
	ck_assert_str_eq(img->platform, "linux/amd64");
	img_free(img);
	opt.platform = "linux/s390x";
	sg_error_clear(&err);
	ck_assert_int_eq(img_open(&img, path, &opt, &err), SG_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(err.message,
				     "available: linux/amd64, linux/arm64"));
	/* default: the host's platform when the index has it */
	if (!strcmp(img_host_platform(), "linux/amd64") ||
	    !strcmp(img_host_platform(), "linux/arm64")) {
		img = open_ok(path, NULL);
		ck_assert_str_eq(img->platform, img_host_platform());
		img_free(img);
	}
	free(path);
	/* a single-platform image is read whatever the host */
	path = mkimage(tmp, "clean", "oci-archive", "gzip", NULL, NULL);
	opt.platform = NULL;
	img = open_ok(path, &opt);
	ck_assert_str_eq(img->platform, "linux/amd64");
	img_free(img);
	free(path);
	free(tmp);
}
END_TEST

/* A hostile archive must give exactly this finding, and nothing crashes. */
static void expect_finding(const char *path, const char *rule,
			   const char *needle)
{
	char *text = scan_text("registry.example.com/team/x:1", path, NULL);
	char want[64];

	snprintf(want, sizeof(want), "%s ", rule);
	ck_assert_msg(strstr(text, want) && strstr(text, needle),
		      "%s: expected %s with '%s', got:\n%s", path, rule, needle,
		      text);
	free(text);
}

START_TEST(test_hostile_archives)
{
	char *tmp = t_tmpdir("hostile-archive"), *p;

	p = mkimage(tmp, "clean", "oci-archive", "gzip", "--hostile", "bad-diffid");
	expect_finding(p, "SGI002", "config rootfs.diff_ids says");
	free(p);
	p = mkimage(tmp, "clean", "oci-archive", "gzip", "--hostile", "bad-blob");
	expect_finding(p, "SGI002", "blob is");
	free(p);
	p = mkimage(tmp, "clean", "oci-archive", "gzip", "--hostile", "bad-config");
	expect_finding(p, "SGI002", "config is sha256:");
	free(p);
	p = mkimage(tmp, "clean", "oci-archive", "gzip", "--hostile", "no-diffids");
	expect_finding(p, "SGI002", "lists 0 rootfs.diff_ids for 1 layers");
	free(p);
	p = mkimage(tmp, "clean", "oci-archive", "gzip", "--hostile", "truncate");
	expect_finding(p, "SGI001", "layer 1");
	free(p);
	p = mkimage(tmp, "clean", "oci-archive", "zstd", "--hostile", "truncate");
	expect_finding(p, "SGI001", "layer 1");
	free(p);
	p = mkimage(tmp, "clean", "docker", NULL, "--hostile", "truncate");
	expect_finding(p, "SGI001", "truncated");
	free(p);
	p = mkimage(tmp, "clean", "docker", NULL, "--hostile", "outside");
	expect_finding(p, "SGI001", "points outside the archive");
	free(p);
	p = mkimage(tmp, "clean", "docker", NULL, "--hostile", "self");
	expect_finding(p, "SGI001", "layer 1 (manifest.json)");
	free(p);
	p = mkimage(tmp, "clean", "skopeo", NULL, "--hostile", "link-outside");
	expect_finding(p, "SGI001", "links outside the archive");
	free(p);
	p = mkimage(tmp, "clean", "docker", NULL, "--hostile", "layers=10000");
	expect_finding(p, "SGI001", "10000 layers (the limit is 256)");
	free(p);
	p = mkimage(tmp, "clean", "oci-archive", "gzip", "--hostile", "layers=10000");
	expect_finding(p, "SGI001", "10000 layers (the limit is 256)");
	free(p);
	free(tmp);
}
END_TEST

START_TEST(test_not_images)
{
	char *tmp = t_tmpdir("notimage"), path[4400];

	snprintf(path, sizeof(path), "%s/missing.tar", tmp);
	expect_finding(path, "SGI001", "cannot open");
	snprintf(path, sizeof(path), "%s/random.tar", tmp);
	t_write(path, "this is not a tar archive at all\n");
	expect_finding(path, "SGI001", "not a tar archive or OCI layout");
	snprintf(path, sizeof(path), "%s/empty-dir", tmp);
	mkdir(path, 0755);
	expect_finding(path, "SGI001", "not a container image");
	snprintf(path, sizeof(path), "%s/legacy", tmp);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/legacy/repositories", tmp);
	t_write(path, "{}");
	snprintf(path, sizeof(path), "%s/legacy", tmp);
	expect_finding(path, "SGI001", "legacy docker save format");
	snprintf(path, sizeof(path), "%s/badjson", tmp);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/badjson/manifest.json", tmp);
	t_write(path, "[{\"Config\": \"x.json\", \"Layers\": [}]");
	snprintf(path, sizeof(path), "%s/badjson", tmp);
	expect_finding(path, "SGI001", "manifest.json:1:");
	free(tmp);
}
END_TEST

START_TEST(test_bombs)
{
	char *tmp = t_tmpdir("bomb");
	static const char *const comps[] = { "gzip", "zstd" };
	size_t i;

	for (i = 0; i < SG_ARRAY_SIZE(comps); i++) {
		char *p = mkimage(tmp, "bomb", "oci-archive", comps[i], NULL, NULL);
		struct img_options opt = IMG_OPTIONS_INIT;
		struct img_image *img = NULL;
		sg_error err;

		/* default caps: 64 MiB of zeros from ~100 KiB is past 200:1 */
		expect_finding(p, "SGI001", "decompression bomb");
		/* the absolute cap */
		opt.limits.max_bytes = 8 << 20;
		sg_error_clear(&err);
		ck_assert_int_eq(img_open(&img, p, &opt, &err), SG_ELIMIT);
		ck_assert_ptr_nonnull(strstr(err.message, "expands past 8388608"));
		/* the ratio cap, raised: the image reads */
		opt.limits.max_bytes = 0;
		opt.limits.max_ratio = 1 << 20;
		img = open_ok(p, &opt);
		ck_assert_uint_eq(img_lookup(img, "zeros.bin")->size, 64 << 20);
		img_free(img);
		free(p);
	}
	free(tmp);
}
END_TEST

START_TEST(test_policy_thresholds)
{
	static const char yaml[] =
		"rules:\n  SGI009: off\n"
		"dockerfile:\n  trusted-registries: [registry.example.com]\n"
		"image:\n  setuid-allow: [/app/tool]\n  max-size: 100KiB\n"
		"  max-layer-size: 50KiB\n  max-waste-ratio: 0.1\n";
	char *tmp = t_tmpdir("policy");
	char *path = mkimage(tmp, "app", "docker", NULL, NULL, NULL);
	struct sg_policy *p = NULL;
	sg_error err;
	char *text;

	sg_error_clear(&err);
	ck_assert_msg(sg_policy_load(&p, "policy.yaml", yaml, strlen(yaml),
				     TODAY, &err) == 0, "%s", err.message);
	/* name == path: the tags stored in the archive are checked */
	text = scan_text(path, path, p);
	ck_assert_ptr_null(strstr(text, "SGI009 "));
	ck_assert_ptr_null(strstr(text, "SGI013 "));
	ck_assert_ptr_nonnull(strstr(text, "SGI010 - tags: image tag "
					   "'example.com/team/app:latest' is not "
					   "from a trusted registry"));
	ck_assert_ptr_nonnull(strstr(text, "SGI023 - tags: image is tagged "
					   "'example.com/team/app:latest'"));
	ck_assert_ptr_nonnull(strstr(text, "SGI033 - size: image is 164.0 KiB "
					   "uncompressed (167936 bytes), above "
					   "max-size 100.0 KiB"));
	ck_assert_ptr_nonnull(strstr(text, "SGI034 L1 layer 1: layer 1 is"));
	ck_assert_ptr_nonnull(strstr(text, "SGI035 L5 size: 106.4 KiB (64.8% "
					   "of the image)"));
	free(text);
	/* an untagged name means latest */
	text = scan_text("app", path, NULL);
	ck_assert_ptr_nonnull(strstr(text, "SGI023 - name: image is named 'app'"));
	free(text);
	text = scan_text("app@sha256:0123", path, NULL);
	ck_assert_ptr_null(strstr(text, "SGI023 "));
	free(text);
	sg_policy_free(p);
	free(path);
	free(tmp);
}
END_TEST

/* The related Dockerfile line of the finding with this rule and object. */
static uint32_t related_line(sg_findings *set, const char *rule,
			     const char *object, const char *path)
{
	size_t i, k;

	for (i = 0; i < sg_findings_count(set); i++) {
		const sg_finding *f = sg_findings_at(set, i);

		if (strcmp(f->rule->id, rule) || !sg_streq(f->loc.object, object))
			continue;
		for (k = 0; k < f->nrelated; k++)
			if (sg_streq(f->related[k].loc.path, path) &&
			    f->related[k].loc.line)
				return f->related[k].loc.line;
		return 0;
	}
	ck_abort_msg("no %s finding on %s", rule, object);
	return 0;
}

/* The SGV lines "RULE object: message" of the scan of the image that
 * testdata/image/SPEC describes, built in `tmp`. */
static char *scan_sgv(const char *tmp, const char *image)
{
	char *path = mkimage(tmp, image, "docker", NULL, NULL, NULL);
	char db[4300], spec[4400];
	const char *src[] = { spec };
	struct sg_policy *p = NULL;
	struct sg_stage_ctx ctx;
	struct sg_buf out = SG_BUF_INIT(1 << 20);
	sg_findings *set;
	sg_vulndb *v = NULL;
	sg_error err;
	size_t i;

	snprintf(db, sizeof(db), "%s/v.db", tmp);
	snprintf(spec, sizeof(spec), "demo=%s", t_src("testdata/vulndb/demo"));
	sg_error_clear(&err);
	ck_assert_int_eq(sg_vulndb_import(db, src, 1, NULL, NULL, NULL, &err),
			 0);
	ck_assert_int_eq(sg_vulndb_open(&v, db, &err), 0);
	ck_assert_int_eq(sg_policy_defaults(&p, TODAY, &err), 0);
	ck_assert_int_eq(sg_findings_new(&set), 0);
	memset(&ctx, 0, sizeof(ctx));
	ctx.policy = p;
	ctx.findings = set;
	ctx.vulndb = v;
	ck_assert_int_eq(img_scan(&ctx, image, path, &err), 0);
	ck_assert_int_eq(sg_findings_finalize(set), 0);
	for (i = 0; i < sg_findings_count(set); i++) {
		const sg_finding *f = sg_findings_at(set, i);

		if (sg_startswith(f->rule->id, "SGV"))
			sg_buf_printf(&out, "%s %s: %s\n", f->rule->id,
				      f->loc.object, f->message);
		/* not analysed: gates with exit 3 */
		if (!strcmp(f->rule->id, "SGV004"))
			ck_assert(f->rule->flags & SG_RULE_PARSE_ERROR);
	}
	sg_findings_free(set);
	sg_policy_free(p);
	sg_vulndb_free(v);
	free(path);
	ck_assert(!sg_buf_error(&out));
	sg_buf_putc(&out, '\0');       /* no SGV finding: "", not NULL */
	return sg_buf_detach(&out);
}

START_TEST(test_scan_reports_removed_pkgdb)
{
	/* `rm -rf /var/lib/dpkg` in a later layer leaves the packages and
	 * removes what lists them: not checked (SGV004), never a clean scan;
	 * a database that moved (rpm to usr/lib/sysimage) is no gap */
	char *tmp = t_tmpdir("pkgremoved");
	char *got = scan_sgv(tmp, "pkgremoved");

	ck_assert_msg(strstr(got, "SGV004 var/lib/dpkg/status: "
			     "var/lib/dpkg/status: deleted by a later layer "
			     "(written by layer 1); its packages were not "
			     "checked") != NULL, "%s", got);
	ck_assert_msg(strstr(got, "SGV004 var/lib/dpkg/status.d/zlib1g: "
			     "var/lib/dpkg/status.d/zlib1g: deleted by a later "
			     "layer (written by layer 1)") != NULL, "%s", got);
	ck_assert_msg(strstr(got, "var/lib/rpm/Packages") == NULL, "%s", got);
	/* its write-ahead log is not read: a second note on the database */
	ck_assert_msg(strstr(got, "SGV004 usr/lib/sysimage/rpm/rpmdb.sqlite: "
			     "usr/lib/sysimage/rpm/rpmdb.sqlite: not an SQLite "
			     "database (and more)") != NULL, "%s", got);
	free(got);
	free(tmp);
}
END_TEST

START_TEST(test_scan_reports_missing_pkgdb)
{
	/* installed and deleted in one RUN: the distribution (ID_LIKE
	 * debian; Alpine for the kitchen-sink image) says where the
	 * database should be, and its absence is not a clean scan */
	char *tmp = t_tmpdir("pkgnone");
	char *got = scan_sgv(tmp, "pkgnone");

	ck_assert_msg(strstr(got, "SGV004 var/lib/dpkg/status: "
			     "var/lib/dpkg/status: missing, though "
			     "etc/os-release names Acme Linux 1: nothing lists "
			     "the image's packages; its packages were not "
			     "checked") != NULL, "%s", got);
	free(got);
	got = scan_sgv(tmp, "app");
	ck_assert_msg(strstr(got, "SGV004 lib/apk/db/installed: "
			     "lib/apk/db/installed: missing, though "
			     "etc/os-release names Alpine Linux v3.16")
		      != NULL, "%s", got);
	free(got);
	free(tmp);
}
END_TEST

/*
 * A Python package an OS package installed is matched as that package
 * only: Debian's python3-jinja2 is not also PyPI's Jinja2 (a fix Debian
 * backported would read as open); the older copy pip put under
 * /usr/local is.
 */
START_TEST(test_scan_os_owned_language_package)
{
	char *tmp = t_tmpdir("pkgowned");
	char *got = scan_sgv(tmp, "pkgowned");

	ck_assert_str_eq(got,
			 "SGV001 pkg:pypi/jinja2: DEMO-2026-0004 in jinja2 "
			 "3.0.3 (Jinja2 3.0.3): fixed in 3.1.99: [DEMO DATA, "
			 "fictional] Prototype pollution in left-pad's options "
			 "merge\n");
	free(got);
	free(tmp);
}
END_TEST

START_TEST(test_scan_reports_package_gaps)
{
	/* what the scan could not check is a finding, never a silent skip:
	 * the corrupt rpmdb, the broken dpkg stanza, the NDB rpmdb and the
	 * status.d file over its cap are SGV004 (not analysed, exit 3),
	 * packages of a distribution without advisory
	 * data and a manifest without a version SGV005 */
	char *tmp = t_tmpdir("pkggaps");
	char *got = scan_sgv(tmp, "pkggaps");

	ck_assert_msg(strstr(got, "SGV004 var/lib/rpm/rpmdb.sqlite: "
			     "var/lib/rpm/rpmdb.sqlite: ") != NULL, "%s", got);
	ck_assert_msg(strstr(got, "SGV004 var/lib/dpkg/status: "
			     "var/lib/dpkg/status:6: dpkg stanza skipped")
		      != NULL, "%s", got);
	ck_assert_msg(strstr(got, "SGV005 app/node_modules/noversion/"
			     "package.json: ") != NULL, "%s", got);
	/* an rpm NDB database and a database over its read cap were left
	 * out without a word */
	ck_assert_msg(strstr(got, "SGV004 usr/lib/sysimage/rpm/Packages.db: "
			     "usr/lib/sysimage/rpm/Packages.db: rpm's NDB "
			     "database format is not read") != NULL, "%s", got);
	ck_assert_msg(strstr(got, "SGV004 var/lib/dpkg/status.d/huge: "
			     "var/lib/dpkg/status.d/huge: 5000000 bytes, more "
			     "than the gate reads; its packages were not "
			     "checked") != NULL, "%s", got);
	ck_assert_msg(strstr(got, "SGV005 rhel:9.3: 1 package of ecosystem "
			     "'rhel:9.3' not checked for vulnerabilities: no "
			     "advisory ecosystem with a known version "
			     "ordering (e.g. openssl 3.0.7-1)") != NULL,
		      "%s", got);
	free(got);
	free(tmp);
}
END_TEST

START_TEST(test_dockerfile_link)
{
	char *tmp = t_tmpdir("link");
	char *path = mkimage(tmp, "app", "oci-archive", "gzip", NULL, NULL);
	struct sg_link link = { "compose.yaml", "app", 3, "Dockerfile", NULL,
				"example.com/team/app:1.0" };
	struct sg_policy *p = NULL;
	struct sg_source *src = NULL;
	struct sg_links links;
	struct sg_stage_ctx ctx;
	sg_findings *set;
	sg_error err;
	size_t i, k;
	bool service = false;

	sg_error_clear(&err);
	ck_assert_int_eq(sg_policy_defaults(&p, TODAY, &err), 0);
	ck_assert_int_eq(sg_source_open_dir(&src, t_src("testdata/image/app"),
					    &err), 0);
	sg_links_init(&links);
	ck_assert_int_eq(sg_links_add(&links, &link), 0);
	ck_assert_int_eq(sg_findings_new(&set), 0);
	memset(&ctx, 0, sizeof(ctx));
	ctx.policy = p;
	ctx.findings = set;
	ctx.source = src;
	ctx.links = &links;
	ck_assert_int_eq(img_scan(&ctx, "example.com/team/app:1.0", path, &err), 0);
	/* history entries -> their instruction's line */
	ck_assert_uint_eq(related_line(set, "SGI022", "history[2]", "Dockerfile"), 4);
	ck_assert_uint_eq(related_line(set, "SGI012", "history[3]", "Dockerfile"), 5);
	ck_assert_uint_eq(related_line(set, "SGI018", "history[5]", "Dockerfile"), 7);
	ck_assert_uint_eq(related_line(set, "SGI014", "history[6]", "Dockerfile"), 9);
	/* a file finding -> the step that wrote its layer (COPY, flags aside) */
	ck_assert_uint_eq(related_line(set, "SGI013", "app/tool", "Dockerfile"), 6);
	/* the base image's layer has no line of ours */
	ck_assert_uint_eq(related_line(set, "SGI025", "etc/group", "Dockerfile"), 0);
	/* every image finding names the compose service */
	for (i = 0; i < sg_findings_count(set); i++) {
		const sg_finding *f = sg_findings_at(set, i);

		for (k = 0; k < f->nrelated; k++)
			if (sg_streq(f->related[k].loc.path, "compose.yaml") &&
			    f->related[k].loc.line == 3)
				service = true;
	}
	ck_assert(service);
	sg_findings_free(set);
	sg_links_release(&links);
	sg_source_free(src);
	sg_policy_free(p);
	free(path);
	free(tmp);
}
END_TEST

/* ---- the real Debian image (../shared/tools/make-debian-image.sh) -------- */

START_TEST(test_debian_image)
{
	static const char *const files[] = {
		"debian-bookworm.docker.tar", "debian-bookworm.oci.tar",
		"debian-bookworm.oci-zstd.tar", "debian-bookworm.oci",
		"debian-bookworm.docker25.tar",
	};
	const char *dir = t_debian_image();
	char *first = NULL, path[4400];
	size_t i;

	if (!dir) {
		fprintf(stderr, "skipped: debian image: not built and cannot "
			"build (needs ../shared, root, apt and a mirror)\n");
		return;
	}
	for (i = 0; i < SG_ARRAY_SIZE(files); i++) {
		struct img_image *img;
		const struct img_file *f;
		char *text;

		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		text = scan_text("example.local/debian-minbase:bookworm", path,
				 NULL);
		if (!first)
			first = text;
		else {
			ck_assert_msg(!strcmp(first, text), "%s differs:\n%s\nvs\n%s",
				      files[i], text, first);
			free(text);
		}
		img = open_ok(path, NULL);
		ck_assert_uint_eq(img->layers.n, 3);
		ck_assert_uint_eq(img->issues.n, 0);   /* digests all verify */
		f = img_lookup(img, "app/suid-true");
		ck_assert_ptr_nonnull(f);
		ck_assert_uint_eq(f->mode & 07777, 04755);
		ck_assert_uint_eq(f->layer, 1);
		ck_assert_ptr_null(img_lookup(img, "etc/motd"));
		ck_assert_ptr_null(img_lookup(img, "opt/data/old.txt"));
		ck_assert_ptr_nonnull(img_lookup(img, "opt/data/new.txt"));
		f = img_resolve(img, "etc/os-release", NULL);
		ck_assert_ptr_nonnull(f->content);
		ck_assert_ptr_nonnull(img_lookup(img, "var/lib/dpkg/status")->content);
		img_free(img);
	}
	/* the one setuid file that is not a standard account tool */
	ck_assert_ptr_nonnull(strstr(first, "SGI013 L2 app/suid-true:"));
	ck_assert_ptr_null(strstr(first, "SGI013 L1"));
	{
		char *sgi = sgi_only(first);

		t_golden("testdata/image/debian-expected.txt", sgi);
		free(sgi);
	}
	free(first);
}
END_TEST

/*
 * The hash pipe gives the digests a direct sha256 gives, for two streams
 * interleaved in pieces of every size (empty, odd, more than a slot, many
 * more than the ring holds), inline and then on its thread, drained twice.
 */
START_TEST(test_image_hashpipe_digests)
{
	/* past the megabyte hashed inline: the thread takes the rest */
	static unsigned char data[3000000];
	/* stream 0: the first third; stream 1: the rest */
	const unsigned char *base[2] = { data, data + 1000000 };
	const size_t len[2] = { 1000000, 2000000 };
	struct sg_sha256 a, b;
	struct img_hashpipe *p = NULL;
	unsigned char got[SG_SHA256_LEN], want[SG_SHA256_LEN];
	size_t off[2] = { 0, 0 }, step = 0, i;
	uint32_t x = 2463534242u;

	for (i = 0; i < sizeof(data); i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		data[i] = (unsigned char)x;
	}
	ck_assert_int_eq(sg_sha256_init(&a), 0);
	ck_assert_int_eq(sg_sha256_init(&b), 0);
	ck_assert_int_eq(img_hashpipe_new(&p, &a, &b), 0);
	while (off[0] < len[0] || off[1] < len[1]) {
		static const size_t sizes[] = { 0, 1, 511, 65536, 65537,
						200000, 4096, 3 };
		int w = (int)(step % 2);
		size_t want_n = sizes[step % SG_ARRAY_SIZE(sizes)];
		size_t n = want_n < len[w] - off[w] ? want_n : len[w] - off[w];

		img_hashpipe_copy(p, w, base[w] + off[w], n);
		off[w] += n;
		step++;
	}
	ck_assert_int_eq(img_hashpipe_drain(p), 0);
	ck_assert_int_eq(img_hashpipe_drain(p), 0);
	ck_assert_int_eq(sg_sha256_final(&a, got), 0);
	ck_assert_int_eq(sg_sha256(base[0], len[0], want), 0);
	ck_assert_mem_eq(got, want, SG_SHA256_LEN);
	ck_assert_int_eq(sg_sha256_final(&b, got), 0);
	ck_assert_int_eq(sg_sha256(base[1], len[1], want), 0);
	ck_assert_mem_eq(got, want, SG_SHA256_LEN);
	img_hashpipe_free(p);
	/* freed with bytes still in flight: no digest wanted, no leak */
	ck_assert_int_eq(sg_sha256_init(&a), 0);
	ck_assert_int_eq(sg_sha256_init(&b), 0);
	ck_assert_int_eq(img_hashpipe_new(&p, &a, &b), 0);
	img_hashpipe_copy(p, 1, data, sizeof(data));
	img_hashpipe_free(p);
	sg_sha256_release(&a);
	sg_sha256_release(&b);
}
END_TEST

Suite *image_suite(void)
{
	Suite *s = suite_create("image");
	TCase *tc = tcase_create("image");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_app_every_format);
	tcase_add_test(tc, test_clean_every_format);
	tcase_add_test(tc, test_hostile_layer);
	tcase_add_test(tc, test_image_hashpipe_digests);
	tcase_add_test(tc, test_squash_semantics);
	tcase_add_test(tc, test_issue_cap);
	tcase_add_test(tc, test_content_requests);
	tcase_add_test(tc, test_platform_selection);
	tcase_add_test(tc, test_hostile_archives);
	tcase_add_test(tc, test_not_images);
	tcase_add_test(tc, test_bombs);
	tcase_add_test(tc, test_policy_thresholds);
	tcase_add_test(tc, test_dockerfile_link);
	tcase_add_test(tc, test_scan_reports_package_gaps);
	tcase_add_test(tc, test_scan_os_owned_language_package);
	tcase_add_test(tc, test_scan_reports_removed_pkgdb);
	tcase_add_test(tc, test_scan_reports_missing_pkgdb);
	tcase_add_test(tc, test_debian_image);
	suite_add_tcase(s, tc);
	return s;
}

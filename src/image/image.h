/*
 * image.h: a built container image, read without extracting it.
 *
 * img_open() accepts every shape CI hands the gate (see formats.c): docker
 * save 1.10-24 (manifest.json + <id>/layer.tar), docker save 25+ and
 * containerd exports (OCI layout + manifest.json, compressed layers,
 * multi-platform indexes), skopeo docker-archive (symlinked layer.tar), OCI
 * image-layout directories and oci-archive tars; the outer tar may itself be
 * gzip or zstd.  Layers are streamed through libarchive once, base to top,
 * and folded into a squashed file view (squash.c); nothing touches the disk.
 *
 * Contents.  Only metadata is kept for every file (memory grows with the
 * number of files, not their size).  Bytes are kept for the paths an
 * inspector asks for *before* streaming, through `img_request`s: an exact
 * path or a glob (sg_glob_match dialect, no leading '/') with a size cap.
 * img_default_requests[] is the list the image checks and the inventory
 * stage need; extend it there (or pass extra requests in img_options).
 *
 *	struct img_options o = IMG_OPTIONS_INIT;
 *	struct img_image *img;
 *	if (img_open(&img, "app.tar", &o, &err) < 0) ...
 *	const struct img_file *f = img_lookup(img, "etc/os-release");
 *	if (f && f->content) parse(f->content, f->content_len);
 *	img_free(img);
 *
 * Problems found while reading that do not stop the read (a digest that does
 * not match, an unsafe entry name, a duplicate entry, a dangling hardlink)
 * are kept as `img_issue`s for the rules to report.  img_open() fails only
 * when the image cannot be read at all: SG_EINVALID (not an image, malformed
 * JSON, truncated or non-tar layer), SG_ELIMIT (a safety cap: too many
 * layers, a decompression bomb), SG_EUNSAFE (a manifest path leaving the
 * archive), SG_ENOTFOUND, SG_EIO, SG_ENOMEM.
 */
#ifndef SG_IMAGE_IMAGE_H
#define SG_IMAGE_IMAGE_H

#include "util/compat.h"
#include "util/arena.h"
#include "util/strmap.h"
#include "util/vec.h"

#include <jansson.h>

/* What a request asks for: exact path or glob, and the largest file kept. */
struct img_request {
	const char *pattern;    /* "etc/passwd", "**" "/node_modules/x" ... */
	size_t max_size;        /* larger files: metadata only, `content_skipped` */
};

/*
 * Built-in requests: identity (os-release and friends), accounts
 * (passwd/shadow/group), package databases for the inventory stage (dpkg,
 * apk, rpm, npm, Python) and small candidate secret files.
 */
extern const struct img_request img_default_requests[];
extern const size_t img_default_nrequests;

struct img_limits {
	size_t max_layers;          /* default 256 (overlayfs stacks 128) */
	size_t max_entries;         /* tar entries per image; default 2,000,000 */
	uint64_t max_bytes;         /* uncompressed bytes per image; default 32 GiB */
	uint64_t max_ratio;         /* uncompressed/compressed per layer once past
				       ratio_floor bytes; default 200 */
	uint64_t ratio_floor;       /* default 64 MiB */
	size_t max_json;            /* manifest/index/config size; default 8 MiB */
	size_t max_content;         /* all requested contents together; default 256 MiB */
};

struct img_options {
	const char *platform;       /* "os/arch[/variant]"; NULL = host, or the only one */
	const struct img_request *requests;   /* extra requests, or NULL */
	size_t nrequests;
	bool no_default_requests;   /* only `requests` (fuzzing, benchmarks) */
	struct img_limits limits;   /* zero fields take the defaults */
};

#define IMG_OPTIONS_INIT { NULL, NULL, 0, false, { 0, 0, 0, 0, 0, 0, 0 } }

enum img_compression { IMG_COMP_NONE, IMG_COMP_GZIP, IMG_COMP_ZSTD };

/* One file of the squashed view. */
struct img_file {
	const char *path;           /* normalised, relative: "etc/passwd" */
	uint32_t mode;              /* st_mode: type and permission bits */
	uint32_t uid, gid;
	uint64_t size;              /* regular files; hardlinks take the target's */
	const char *link;           /* symlink target as written, or hardlink target
				       (normalised); else NULL */
	bool hardlink;
	uint32_t layer;             /* index of the layer that last wrote it */
	const unsigned char *content; /* requested and within its cap; else NULL */
	size_t content_len;
	bool content_skipped;       /* requested but larger than the cap */
};

struct img_layer {
	const char *blob;           /* archive path or blob digest it came from */
	const char *digest;         /* "sha256:…" of the blob as stored */
	const char *diff_id;        /* "sha256:…" of the uncompressed tar (computed) */
	const char *media_type;     /* from the manifest, or NULL */
	const char *created_by;     /* matching non-empty history entry, or NULL */
	uint32_t history_index;     /* index into config history; UINT32_MAX = none */
	enum img_compression compression; /* sniffed from the bytes */
	uint64_t stored_size;       /* blob bytes */
	uint64_t size;              /* uncompressed tar bytes */
	uint64_t files;             /* entries applied */
	uint64_t waste;             /* bytes of lower-layer files this layer hid */
};

#define IMG_ISSUE_MAP(XX)                                                 \
	XX(DIGEST, "blob or diff_id digest mismatch")                     \
	XX(ESCAPE, "entry name or hardlink climbs above the root")        \
	XX(ABSOLUTE, "absolute entry name")                               \
	XX(LINK_ESCAPE, "symlink target climbs above the root")          \
	XX(DUPLICATE, "duplicate entry in one layer")                     \
	XX(DANGLING_HARDLINK, "hardlink to a file that does not exist")  \
	XX(SECRET, "secret content pattern")

enum img_issue_kind {
#define XX(name, text) IMG_ISSUE_##name,
	IMG_ISSUE_MAP(XX)
#undef XX
};

struct img_issue {
	enum img_issue_kind kind;
	uint32_t layer;             /* UINT32_MAX: the image as a whole */
	const char *path;           /* entry or blob it is about */
	const char *detail;         /* one line */
};

struct img_image {
	struct sg_arena arena;
	const char *path;           /* as given to img_open */
	const char *format;         /* "docker-archive", "oci-layout", ... */
	const char *ref;            /* first RepoTag / ref.name annotation, or NULL */
	SG_VEC(const char *) tags;  /* every tag the archive names */
	const char *config_digest;  /* "sha256:…" */
	const char *platform;       /* "linux/amd64" of the selected image */
	json_t *config;             /* the image config (owned) */
	SG_VEC(struct img_layer) layers;
	SG_VEC(struct img_issue) issues;
	uint64_t stored_size;       /* sum of layer blobs */
	uint64_t size;              /* sum of uncompressed layers */
	uint64_t waste;             /* sum of layer waste */

	/* squashed view (squash.c); read through the functions below */
	struct sg_strmap nodes;     /* path -> struct img_node */
	SG_VEC(struct img_node *) all;
	SG_VEC(const struct img_file *) sorted; /* live files, by path */
	size_t content_bytes;
	size_t req_budget;          /* limits.max_content */
	struct img_request *req;    /* merged request list */
	size_t nreq;
};

/* Read the image at `path` (file or OCI layout directory). */
int img_open(struct img_image **out, const char *path,
	     const struct img_options *opt, sg_error *err);
void img_free(struct img_image *img);

/* A file of the squashed view by exact path (no symlinks followed); NULL if absent. */
const struct img_file *img_lookup(const struct img_image *img,
				  const char *path);

/*
 * Like img_lookup, following symlinks in every component (as the kernel
 * would inside the container, absolute targets relative to the image root).
 * NULL when absent; *loop (optional) is set when 40 links were followed
 * without an answer (a symlink loop).
 */
const struct img_file *img_resolve(const struct img_image *img,
				   const char *path, bool *loop);

/* The live files, sorted by path. */
size_t img_nfiles(const struct img_image *img);
const struct img_file *img_file_at(const struct img_image *img, size_t i);

/*
 * Regular files a layer wrote and a later layer deleted, in the order they
 * were first written: `*iter` starts at 0; NULL after the last.
 */
const struct img_file *img_removed_next(const struct img_image *img,
					size_t *iter);

/* Config helpers: config.<key> ("User") or NULL. */
json_t *img_config_get(const struct img_image *img, const char *key);
const char *img_compression_name(enum img_compression c);
const char *img_issue_text(enum img_issue_kind k);

/*
 * The image stage.  Opens the image at `path` (any format above), runs every
 * enabled SGI rule and adds findings to ctx->findings, located with
 * loc.image = `name`, loc.layer = the layer's diff_id and loc.object = the
 * path in the image or the config field.  An image that cannot be read is
 * an SGI001 finding (flag SG_RULE_PARSE_ERROR: exit 3), not an error; the
 * return value is < 0 only for internal failures (out of memory), with `err`
 * set.  ctx->policy->image.platform selects from multi-platform indexes.
 *
 *	shipgate scan --image NAME=PATH  ->  img_scan(&ctx, NAME, PATH, &err)
 *	shipgate image PATH              ->  img_scan(&ctx, PATH, PATH, &err)
 * When name == path, the "latest tag" rule looks at the tags stored in the
 * archive instead of the name.
 */
struct sg_stage_ctx;
int img_scan(const struct sg_stage_ctx *ctx, const char *name,
	     const char *path, sg_error *err);

/* Record an issue (strings copied).  For the reader and squash.c. */
int img_issue_add(struct img_image *img, enum img_issue_kind kind,
		  uint32_t layer, const char *path, const char *fmt, ...)
	SG_PRINTF(5, 6);

#endif

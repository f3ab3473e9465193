/*
 * discover.h: which files in a source tree the gate analyses.
 *
 * Discovery walks a source (source.h) once, classifies every file by its
 * name (never by content: a CI file with `services:` is not a Compose file;
 * discovery reads no target's content), applies --include/--exclude and
 * the policy's lists, a size cap and the shard slice, and reports what it
 * had to skip instead of skipping silently:
 *
 *   file over the size cap     SGG001 finding at the file, target not analysed
 *   submodule (gitlink)        summary note + SGG006 finding (rule off by default)
 *   link named like a target   a target, read through the link inside the
 *                              tree; skipped when it links a target of
 *                              the same kind (compose.yml -> compose.yaml)
 *
 * A Git LFS pointer is found by the stage that reads the file (SGG002,
 * not analysed; sg_source_is_lfs_pointer()).
 *
 * Every target (analysed or not) is registered with sg_result_add_target();
 * the analysable ones come back in `out`, sorted by path (then kind).
 */
#ifndef SG_REPO_DISCOVER_H
#define SG_REPO_DISCOVER_H

#include "util/compat.h"
#include "util/arena.h"
#include "repo/source.h"
#include "shipgate/result.h"

#define REPO_DEFAULT_MAX_SIZE ((uint64_t)1 << 20)

enum repo_class {
	REPO_CLASS_NONE = 0,
	REPO_CLASS_DOCKERFILE,
	REPO_CLASS_COMPOSE,
};

/*
 * Classify a path by its last component, ASCII case-insensitively:
 *
 *   Dockerfile   Dockerfile, Containerfile; Dockerfile.X, Dockerfile-X,
 *                Dockerfile_X (and Containerfile.X …); X.Dockerfile,
 *                X.Containerfile
 *   Compose      compose.yaml, compose.X.yaml, compose-X.yaml,
 *                docker-compose.yaml, docker-compose.X.yaml,
 *                docker-compose-X.yaml, docker-compose_X.yaml (.yml too)
 *
 * Not Dockerfiles, although the name starts like one: `*.dockerignore`
 * (BuildKit's per-Dockerfile ignore file) and names whose last extension
 * says they are something else -- documents (md, rst, txt, adoc, html, pdf),
 * templates (j2, jinja, jinja2, tmpl, tpl, template, in, erb, mustache, hbs,
 * gotmpl), backups and editor leftovers (bak, orig, old, rej, swp, tmp, disabled),
 * data and code (json, yml, yaml, toml, xml, sh, ps1, py, go, js, patch, diff,
 * lock, log, asc, sig, sha256) and archives (gz, tgz, tar, zip, xz).
 * A Compose name must end in .yml or .yaml exactly.
 */
enum repo_class repo_classify(const char *path);

/* The sg_target_kind of a class other than NONE. */
sg_target_kind repo_class_kind(enum repo_class c);

struct repo_globs {
	const char *const *v;   /* sg_path_matches() patterns */
	size_t n;
};

struct repo_discover_opts {
	/*
	 * [0] the policy's lists, [1] the command line's.  A path is a
	 * candidate when it matches every non-empty include list and no
	 * exclude pattern.  An excluded directory is not walked.
	 */
	struct repo_globs include[2];
	struct repo_globs exclude[2];
	uint64_t max_size;      /* bytes; 0 = REPO_DEFAULT_MAX_SIZE */
	unsigned int shard;     /* 1..shards; ignored when shards <= 1 */
	unsigned int shards;    /* 0 or 1: no sharding */
	/*
	 * PR mode with shards: slice the base tree by the path each file has
	 * in head, so a renamed file and its base findings stay in one shard
	 * (else one shard says "absent" and another "new").  When set, a
	 * path's shard is computed on shard_path(path, shard_payload), or on
	 * the path itself when that returns NULL; repo_renames_head_path()
	 * (diff.h) fits.
	 */
	const char *(*shard_path)(const char *path, void *payload);
	void *shard_payload;
};

struct repo_target {
	const char *path;       /* repo-relative; in the targets' arena */
	sg_target_kind kind;
	uint64_t size;
};

struct repo_targets {
	struct sg_arena arena;
	struct repo_target *v;
	size_t n, cap;
};

#define REPO_TARGETS_INIT { SG_ARENA_INIT, NULL, 0, 0 }

void repo_targets_release(struct repo_targets *t);

/*
 * Walk `src` and append the targets to analyse to `out` (sorted by path).
 * Skipped targets, notes and findings go into `res`.  Returns < 0 only when
 * the walk itself fails (unreadable repository, out of memory).
 */
int repo_discover(struct sg_source *src, const struct repo_discover_opts *opts,
		  struct repo_targets *out, sg_result *res, sg_error *err);

/*
 * Add `path` as a target of class `cls` whatever its name (a Dockerfile a
 * Compose service builds), unless it is one of that class already (also
 * through a linked directory), the options exclude it or it is not a file
 * (the stage that names it reports that).  A Compose target is added as a
 * Dockerfile too.  Same size cap and findings as a discovered target;
 * `out` stays sorted by path, then kind.
 */
int repo_discover_add(struct sg_source *src,
		      const struct repo_discover_opts *opts, const char *path,
		      enum repo_class cls, struct repo_targets *out,
		      sg_result *res, sg_error *err);

/*
 * The shard (1..shards) a path belongs to: a hash of the path, so adding or
 * removing a file never moves another file to a different shard.
 */
unsigned int repo_shard_of(const char *path, unsigned int shards);

/* Parse "K/N" (1 <= K <= N <= 10000) for --shard. */
int repo_shard_parse(const char *text, unsigned int *shard,
		     unsigned int *shards, sg_error *err);

#endif

/*
 * discover.c: find the Dockerfiles and Compose files of a source tree (see
 * discover.h).  One walk, classification by name only, and every skip is
 * visible: a finding or a summary note, never silence.
 */
#include "util/compat.h"
#include "repo/discover.h"

#include "core/registry.h"
#include "util/path.h"
#include "util/vec.h"

/* Last extensions that make "Dockerfile.X" something other than a Dockerfile. */
static const char *const not_dockerfile_ext[] = {
	/* documents */
	"md", "markdown", "rst", "txt", "adoc", "html", "htm", "pdf",
	/* templates */
	"j2", "jinja", "jinja2", "tmpl", "tpl", "template", "in", "erb",
	"mustache", "hbs", "gotmpl",
	/* backups and editor leftovers */
	"bak", "orig", "old", "rej", "swp", "tmp", "disabled",
	/* data and code */
	"json", "yml", "yaml", "toml", "xml", "sh", "ps1", "py", "go", "js",
	"patch", "diff", "lock", "log", "asc", "sig", "sha256",
	/* archives */
	"gz", "tgz", "tar", "zip", "xz",
	/* BuildKit's per-Dockerfile ignore file */
	"dockerignore",
};

static bool has_prefix_ci(const char *s, const char *prefix)
{
	return sg_strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static bool has_suffix_ci(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && sg_strcasecmp(s + n - m, suffix) == 0;
}

static bool denied_ext(const char *name)
{
	const char *dot = strrchr(name, '.');
	size_t i;

	if (!dot)
		return false;
	for (i = 0; i < SG_ARRAY_SIZE(not_dockerfile_ext); i++)
		if (sg_strcasecmp(dot + 1, not_dockerfile_ext[i]) == 0)
			return true;
	return false;
}

/* "Dockerfile", or "Dockerfile" + one of ".-_" + a non-empty suffix. */
static bool is_stem(const char *name, const char *stem)
{
	size_t n = strlen(stem);

	if (!has_prefix_ci(name, stem))
		return false;
	if (!name[n])
		return true;
	return (name[n] == '.' || name[n] == '-' || name[n] == '_') &&
	       name[n + 1];
}

static bool is_dockerfile(const char *name)
{
	if (sg_strcasecmp(name, "dockerfile") == 0 ||
	    sg_strcasecmp(name, "containerfile") == 0)
		return true;
	/* the name test first: every file of a tree comes through here, and
	 * few of them are named like a Dockerfile */
	if (!is_stem(name, "dockerfile") && !is_stem(name, "containerfile") &&
	    /* "X.Dockerfile" with a non-empty X */
	    !(has_suffix_ci(name, ".dockerfile") &&
	      strlen(name) > strlen(".dockerfile")) &&
	    !(has_suffix_ci(name, ".containerfile") &&
	      strlen(name) > strlen(".containerfile")))
		return false;
	return !denied_ext(name);
}

static bool is_compose(const char *name)
{
	size_t n = strlen(name), stem;

	if (has_suffix_ci(name, ".yaml"))
		stem = n - 5;
	else if (has_suffix_ci(name, ".yml"))
		stem = n - 4;
	else
		return false;
	if (stem == 7 && has_prefix_ci(name, "compose"))
		return true;
	if (stem > 8 && (has_prefix_ci(name, "compose.") ||
			 has_prefix_ci(name, "compose-")))
		return true;
	return stem >= 14 && has_prefix_ci(name, "docker-compose");
}

enum repo_class repo_classify(const char *path)
{
	const char *name = sg_path_basename(path);

	if (is_compose(name))
		return REPO_CLASS_COMPOSE;
	if (is_dockerfile(name))
		return REPO_CLASS_DOCKERFILE;
	return REPO_CLASS_NONE;
}

sg_target_kind repo_class_kind(enum repo_class c)
{
	assert(c != REPO_CLASS_NONE);
	return c == REPO_CLASS_COMPOSE ? SG_TARGET_COMPOSE
				       : SG_TARGET_DOCKERFILE;
}

unsigned int repo_shard_of(const char *path, unsigned int shards)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	const unsigned char *p = (const unsigned char *)path;

	if (shards <= 1)
		return 1;
	/* FNV-1a, then the splitmix64 finalizer so that "mod N" sees every
	 * bit; fixed here so shard assignment never depends on other code */
	while (*p) {
		h ^= *p++;
		h *= 0x100000001b3ULL;
	}
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	h ^= h >> 31;
	return (unsigned int)(h % shards) + 1;
}

int repo_shard_parse(const char *text, unsigned int *shard,
		     unsigned int *shards, sg_error *err)
{
	const char *slash = strchr(text, '/');
	uint64_t k, n;

	if (!slash || sg_parse_u64(text, (size_t)(slash - text), &k) < 0 ||
	    sg_parse_u64(slash + 1, strlen(slash + 1), &n) < 0 || n < 1 ||
	    n > 10000 || k < 1 || k > n)
		return sg_error_set(err, SG_EUSAGE, NULL, 0, 0,
				    "invalid shard '%s': expected K/N with "
				    "1 <= K <= N <= 10000", text);
	*shard = (unsigned int)k;
	*shards = (unsigned int)n;
	return 0;
}

void repo_targets_release(struct repo_targets *t)
{
	sg_arena_release(&t->arena);
	free(t->v);
	t->v = NULL;
	t->n = t->cap = 0;
}

/* A link to a file inside the tree; whether it is a target of its own is
 * known only once the walk has seen (or not seen) that file. */
struct link {
	const char *path, *real;
	enum repo_class cls;
};

/* A target file the walk visited, and what it is linted as. */
struct seen {
	const char *path;
	enum repo_class cls;
};

struct discover {
	struct sg_source *src;
	const struct repo_discover_opts *opts;
	uint64_t max_size;
	struct repo_targets *out;
	sg_result *res;
	sg_error *err;
	struct sg_arena arena;          /* the names in `seen` and `links` */
	SG_VEC(struct seen) seen;       /* target files the walk visited, any shard */
	SG_VEC(struct link) links;
};

/*
 * gitignore's trailing '/' means "directories only": "build/" excludes the
 * directory build (and so all beneath it) but not a file named build.  For
 * a file, such a pattern is matched against the directory holding it.
 */
static bool match_one(const char *pattern, const char *path, bool is_dir)
{
	char pat[1024], dir[4096];
	size_t n = strlen(pattern), dl;

	if (n < 2 || pattern[n - 1] != '/' || n >= sizeof(pat))
		return sg_path_matches(pattern, path);
	memcpy(pat, pattern, n - 1);
	pat[n - 1] = '\0';
	if (is_dir)
		return sg_path_matches(pat, path);
	dl = sg_path_dirlen(path);
	if (!dl || dl >= sizeof(dir))
		return false;
	memcpy(dir, path, dl);
	dir[dl] = '\0';
	return sg_path_matches(pat, dir);
}

static bool any_match(const struct repo_globs *g, const char *path,
		      bool is_dir)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		if (match_one(g->v[i], path, is_dir))
			return true;
	return false;
}

static bool excluded(const struct repo_discover_opts *o, const char *path,
		     bool is_dir)
{
	return any_match(&o->exclude[0], path, is_dir) ||
	       any_match(&o->exclude[1], path, is_dir);
}

static bool included(const struct repo_discover_opts *o, const char *path)
{
	return (!o->include[0].n || any_match(&o->include[0], path, false)) &&
	       (!o->include[1].n || any_match(&o->include[1], path, false));
}

static bool in_shard(const struct repo_discover_opts *o, const char *path)
{
	const char *mapped;

	if (o->shards <= 1)
		return true;
	if (o->shard_path && (mapped = o->shard_path(path, o->shard_payload)))
		path = mapped;
	return repo_shard_of(path, o->shards) == o->shard;
}

static int oom(struct discover *d, const char *path)
{
	return sg_error_set(d->err, SG_ENOMEM, path, 0, 0, "out of memory");
}

static int add_target(struct discover *d, const char *path,
		      sg_target_kind kind, uint64_t size)
{
	struct repo_targets *t = d->out;
	const char *p;

	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct repo_target *v = realloc(t->v, cap * sizeof(*v));

		if (!v)
			return oom(d, path);
		t->v = v;
		t->cap = cap;
	}
	if (!(p = sg_arena_strdup(&t->arena, path)))
		return oom(d, path);
	t->v[t->n].path = p;
	t->v[t->n].kind = kind;
	t->v[t->n].size = size;
	t->n++;
	return 0;
}

static int skip_target(struct discover *d, const char *path,
		       sg_target_kind kind, const sg_rule *rule,
		       const char *key, const char *message)
{
	sg_location loc = { .path = path };

	if (sg_result_add_target(d->res, path, kind, false) < 0 ||
	    !sg_findings_add(d->res->findings, rule, &loc, key, "%s", message))
		return oom(d, path);
	return 0;
}

/*
 * Where a link to a file inside the tree leads, or NULL: a link out of the
 * tree, to nothing or in a loop is read through (and reported unreadable).
 */
static const char *link_target(struct discover *d, const char *path)
{
	char real[4096];
	sg_error err;

	sg_error_clear(&err);
	if (sg_source_resolve(d->src, path, real, sizeof(real), &err) < 0 ||
	    !strcmp(real, path))
		return NULL;
	return sg_arena_strdup(&d->arena, real);
}

static int on_file(struct discover *d, const char *path, enum repo_class cls)
{
	sg_target_kind kind = repo_class_kind(cls);
	struct sg_entry st, *e = &st;
	char msg[256];
	int rc;

	/* the walk skipped sizes; only the files kept need one */
	if ((rc = sg_source_stat(d->src, path, &st, d->err)) < 0)
		return rc;

	if (e->size > d->max_size) {
		snprintf(msg, sizeof(msg),
			 "file is %llu bytes, over the %llu-byte size cap; "
			 "not analysed",
			 (unsigned long long)e->size,
			 (unsigned long long)d->max_size);
		return skip_target(d, path, kind, &sg_rule_file_too_large,
				   "over the size cap", msg);
	}
	if (sg_result_add_target(d->res, path, kind, true) < 0)
		return oom(d, path);
	return add_target(d, path, kind, e->size);
}

static int on_entry(const char *path, const struct sg_entry *e, void *payload)
{
	struct discover *d = payload;
	const struct repo_discover_opts *o = d->opts;
	enum repo_class cls;

	if (excluded(o, path, e->type == SG_ENTRY_DIR ||
				 e->type == SG_ENTRY_SUBMODULE))
		return 1;       /* an excluded directory is not walked */
	switch (e->type) {
	case SG_ENTRY_DIR:
		return 0;
	case SG_ENTRY_SUBMODULE: {
		sg_location loc = { .path = path };

		if (!included(o, path) || !in_shard(o, path))
			return 0;
		if (sg_result_add_note(d->res, "submodule '%s' not scanned",
				       path) < 0 ||
		    !sg_findings_add(d->res->findings, &sg_rule_submodule,
				     &loc, "submodule",
				     "submodule '%s' is a separate repository "
				     "and was not scanned", path))
			return oom(d, path);
		return 0;
	}
	case SG_ENTRY_SYMLINK:
	case SG_ENTRY_FILE:
	case SG_ENTRY_SPECIAL:  /* a FIFO named Dockerfile in a work tree */
		cls = repo_classify(path);
		if (cls == REPO_CLASS_NONE || !included(o, path))
			return 0;
		if (e->type == SG_ENTRY_FILE) {
			struct seen sn = { sg_arena_strdup(&d->arena, path),
					   cls };

			if (!sn.path || sg_vec_push(&d->seen, sn) < 0)
				return oom(d, path);
		}
		if (!in_shard(o, path))
			return 0;
		if (e->type == SG_ENTRY_SYMLINK) {
			struct link l = { path, link_target(d, path), cls };

			if (l.real) {
				if (!(l.path = sg_arena_strdup(&d->arena, path)) ||
				    sg_vec_push(&d->links, l) < 0)
					return oom(d, path);
				return 0;
			}
		}
		/* a target behind a link is read through it, which resolves
		 * inside the tree only: a link out of the repository, a loop
		 * or a FIFO is reported unreadable (exit 3), never passed
		 * over */
		return on_file(d, path, cls);
	default:
		return 0;
	}
}

static int cmp_seen(const void *pa, const void *pb)
{
	const struct seen *a = pa, *b = pb;
	int c = strcmp(a->path, b->path);

	return c ? c : (int)a->cls - (int)b->cls;
}

/*
 * A link to a file the walk visited as a target of its own kind (in this
 * shard or another) is dropped: that file is linted once, where it is (code
 * scanning shows nothing on a symlinked path), and compose.yml ->
 * compose.yaml is not two projects.  A link to any other file (one the
 * walk passed over: git-ignored, in a nested repository, or not named like
 * a target) is linted through the link, and so is a link to a target of
 * the other kind: `docker build` reads Dockerfile -> compose.yaml as a
 * Dockerfile, which linting compose.yaml as Compose never checks.
 */
static int decide_links(struct discover *d)
{
	size_t i;
	int rc;

	if (d->seen.n > 1)
		qsort(d->seen.v, d->seen.n, sizeof(*d->seen.v), cmp_seen);
	for (i = 0; i < d->links.n; i++) {
		const struct link *l = &d->links.v[i];
		struct seen key = { l->real, l->cls };

		if (d->seen.n && bsearch(&key, d->seen.v, d->seen.n,
					 sizeof(*d->seen.v), cmp_seen))
			continue;
		if ((rc = on_file(d, l->path, l->cls)) < 0)
			return rc;
	}
	return 0;
}

/* By path, then kind: a file can be both (see repo_discover_add()). */
static int cmp_targets(const void *pa, const void *pb)
{
	const struct repo_target *a = pa, *b = pb;
	int c = strcmp(a->path, b->path);

	return c ? c : (int)a->kind - (int)b->kind;
}

static void discover_init(struct discover *d, struct sg_source *src,
			  const struct repo_discover_opts *opts,
			  struct repo_targets *out, sg_result *res,
			  sg_error *err)
{
	static const struct repo_discover_opts none;

	memset(d, 0, sizeof(*d));
	d->src = src;
	d->opts = opts ? opts : &none;
	d->max_size = d->opts->max_size ? d->opts->max_size
					: REPO_DEFAULT_MAX_SIZE;
	d->out = out;
	d->res = res;
	d->err = err;
	sg_arena_init(&d->arena);
}

int repo_discover(struct sg_source *src, const struct repo_discover_opts *opts,
		  struct repo_targets *out, sg_result *res, sg_error *err)
{
	struct discover d;
	size_t first = out->n;
	int rc;

	discover_init(&d, src, opts, out, res, err);
	assert(d.opts->shards <= 1 ||
	       (d.opts->shard >= 1 && d.opts->shard <= d.opts->shards));
	rc = sg_source_walk_flags(src, SG_WALK_NAMES, on_entry, &d, err);
	if (rc >= 0)
		rc = decide_links(&d);
	sg_vec_release(&d.seen);
	sg_vec_release(&d.links);
	sg_arena_release(&d.arena);
	if (rc < 0)
		return rc;
	if (out->n - first > 1)
		qsort(out->v + first, out->n - first, sizeof(*out->v),
		      cmp_targets);
	return 0;
}

/* Whether sorted `t` has `path` as `kind`; *at: its index, or where it
 * goes. */
static bool find_target(const struct repo_targets *t, const char *path,
			sg_target_kind kind, size_t *at)
{
	struct repo_target key = { path, kind, 0 };
	size_t lo = 0, hi = t->n;
	int c;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if ((c = cmp_targets(&t->v[mid], &key)) == 0) {
			*at = mid;
			return true;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*at = lo;
	return false;
}

int repo_discover_add(struct sg_source *src,
		      const struct repo_discover_opts *opts, const char *path,
		      enum repo_class cls, struct repo_targets *out,
		      sg_result *res, sg_error *err)
{
	struct discover d;
	struct sg_entry st;
	struct repo_target added;
	sg_error serr;
	char real[4096];
	size_t lo, at, n = out->n;
	int rc;

	/* `out` is sorted: find the path, or where it goes (every service's
	 * Dockerfile comes here, in a monorepo of tens of thousands).  A
	 * target of the other kind is added as this one too: a service that
	 * builds compose.prod.yaml builds it as a Dockerfile, whatever linting
	 * it as Compose found. */
	if (find_target(out, path, repo_class_kind(cls), &lo))
		return 0;
	discover_init(&d, src, opts, out, res, err);
	if (excluded(d.opts, path, false) || !included(d.opts, path))
		return 0;
	/* a file that is not there is the naming stage's finding */
	sg_error_clear(&serr);
	if (sg_source_stat(src, path, &st, &serr) < 0 ||
	    (st.type != SG_ENTRY_FILE && st.type != SG_ENTRY_SYMLINK &&
	     st.type != SG_ENTRY_SPECIAL))
		return 0;
	/* reached through a link (`build: svc`, svc -> real/svc) to a file
	 * that is a target already: linted once, where it is, as a linked
	 * target is (decide_links()) */
	sg_error_clear(&serr);
	if (sg_source_resolve(src, path, real, sizeof(real), &serr) == 0 &&
	    strcmp(real, path) != 0 &&
	    find_target(out, real, repo_class_kind(cls), &at))
		return 0;
	if ((rc = on_file(&d, path, cls)) < 0 || out->n == n)
		return rc;      /* or skipped with a finding (size cap) */
	added = out->v[n];
	memmove(&out->v[lo + 1], &out->v[lo], (n - lo) * sizeof(*out->v));
	out->v[lo] = added;
	return 0;
}

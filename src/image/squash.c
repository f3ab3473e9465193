/*
 * squash.c: the squashed file view, built in one pass per layer.
 *
 * Whiteouts follow the image spec (layer.md) and do what Trivy's and
 * Dockle's ApplyLayers do, without depending on entry order inside a layer:
 * `.wh.NAME` hides NAME (and everything below it) written by *lower* layers,
 * `.wh..wh..opq` hides every child of its directory written by lower layers.
 * Because "lower" is decided by the layer index stored on each node, a
 * whiteout listed after same-layer entries never hides them.  A file that
 * replaces a directory hides the directory's lower-layer contents.
 *
 * Every path lives in one node kept in a hash map and a parent/child tree,
 * so a whiteout costs the size of the subtree it hides.  A node stores
 * metadata only; bytes are kept for requested paths (image.h) and small
 * text files are scanned for secret patterns while they stream past.
 * "Waste" (dive's figure) is the size of lower-layer regular files a layer
 * overwrote or deleted: bytes shipped in the image that nobody can see.
 */
#include "util/compat.h"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>

#include "image/squash.h"
#include "util/path.h"

#define MAX_PATH 4096
#define SECRET_SCAN_MAX 65536
#define ISSUES_PER_KIND 200
#define RESOLVE_HOPS 40

/* System trees whose files are package content, not build leftovers. */
static const char *const no_secret_scan[] = {
	"usr/share/", "usr/lib/", "usr/include/", "usr/src/", "lib/",
	"lib64/", "var/lib/dpkg/", "var/lib/apt/", "var/cache/",
	"etc/ssl/certs/", "proc/", "sys/",
};

static int request_cap(const struct img_image *img, const char *path,
		       size_t *cap)
{
	size_t i;

	for (i = 0; i < img->nreq; i++) {
		const char *p = img->req[i].pattern;
		bool hit = strpbrk(p, "*?[") ? sg_glob_match(p, path)
					     : strcmp(p, path) == 0;

		if (hit) {
			*cap = img->req[i].max_size;
			return 1;
		}
	}
	return 0;
}

static struct img_node *node_get(const struct img_image *img, const char *path)
{
	return sg_strmap_get(&img->nodes, path);
}

static struct img_node *node_make(struct img_image *img, const char *path,
				  size_t len)
{
	struct img_node *n, *parent = NULL;
	char *key;
	size_t dl;

	key = sg_arena_strndup(&img->arena, path, len);
	if (!key)
		return NULL;
	n = node_get(img, key);
	if (n)
		return n;
	if (len > 0) {
		dl = sg_path_dirlen(key);
		parent = node_make(img, key, dl);
		if (!parent)
			return NULL;
	}
	n = sg_arena_calloc(&img->arena, 1, sizeof(*n));
	if (!n || sg_strmap_put(&img->nodes, key, n, NULL) < 0 ||
	    sg_vec_push(&img->all, n) < 0)
		return NULL;
	n->f.path = key;
	n->parent = parent;
	if (parent) {
		n->next = parent->child;
		parent->child = n;
	}
	return n;
}

static void drop_content(struct img_node *n)
{
	free(n->owned);
	n->owned = NULL;
	n->f.content = NULL;
	n->f.content_len = 0;
	n->f.content_skipped = false;
}

static uint64_t hidden_bytes(const struct img_node *n)
{
	return S_ISREG(n->f.mode) && !n->f.hardlink ? n->f.size : 0;
}

/* Pre-order successor of `n` inside the subtree rooted at `top`. */
static struct img_node *subtree_next(struct img_node *n, struct img_node *top,
				     bool descend)
{
	if (descend && n->child)
		return n->child;
	while (n != top) {
		if (n->next)
			return n->next;
		n = n->parent;
	}
	return NULL;
}

/* Hide everything in the subtree written below `layer`; returns bytes. */
static uint64_t hide_subtree(struct img_image *img, struct img_node *top,
			     uint32_t layer)
{
	struct img_node *n = top;
	uint64_t bytes = 0;

	SG_UNUSED(img);
	while (n) {
		bool lower = n->live && n->f.layer < layer;

		if (lower) {
			bytes += hidden_bytes(n);
			n->live = false;
			drop_content(n);
		}
		/* Same-layer entries below a hidden directory stay. */
		n = subtree_next(n, top, true);
	}
	return bytes;
}

static int make_parents_live(struct img_image *img, struct img_node *n,
			     uint32_t layer, uint64_t *waste)
{
	for (n = n->parent; n && n->parent; n = n->parent) {
		if (n->live && S_ISDIR(n->f.mode))
			break;
		if (n->live) {
			/* A lower file or link where a directory is now
			 * needed: the directory replaces it. */
			*waste += hidden_bytes(n);
			drop_content(n);
		}
		n->live = true;
		n->implicit = true;
		n->f.mode = S_IFDIR | 0755;
		n->f.uid = n->f.gid = 0;
		n->f.size = 0;
		n->f.link = NULL;
		n->f.hardlink = false;
		n->f.layer = layer;
	}
	SG_UNUSED(img);
	return 0;
}

struct layer_state {
	struct img_image *img;
	uint32_t layer;
	uint64_t waste;
	size_t counts[8];        /* per enum img_issue_kind */
};

static void issue(struct layer_state *st, enum img_issue_kind kind,
		  const char *path, const char *fmt, ...) SG_PRINTF(4, 5);

static void issue(struct layer_state *st, enum img_issue_kind kind,
		  const char *path, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (st->counts[kind]++ >= ISSUES_PER_KIND)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	img_issue_add(st->img, kind, st->layer, path, "%s", msg);
}

/* Read an entry's data: keep up to `keep` bytes, scan small text. */
static int read_data(struct archive *a, struct img_node *n, size_t keep,
		     bool scan, struct layer_state *st, sg_error *err)
{
	unsigned char *buf = NULL;
	size_t want = keep, len = 0;
	la_ssize_t r;

	if (scan && want < SECRET_SCAN_MAX)
		want = SECRET_SCAN_MAX;
	if (want > n->f.size)
		want = (size_t)n->f.size;
	buf = malloc(want + 1);
	if (!buf)
		return sg_error_set(err, SG_ENOMEM, NULL, 0, 0, "out of memory");
	while (len < want &&
	       (r = archive_read_data(a, buf + len, want - len)) > 0)
		len += (size_t)r;
	buf[len] = '\0';
	if (scan && len <= SECRET_SCAN_MAX &&
	    !memchr(buf, '\0', SG_MIN(len, (size_t)8192))) {
		const char *what = img_secret_scan(buf, len);

		if (what)
			issue(st, IMG_ISSUE_SECRET, n->f.path, "%s", what);
	}
	if (keep && len == n->f.size) {
		n->owned = buf;
		n->f.content = buf;
		n->f.content_len = len;
		st->img->content_bytes += len;
		return 0;
	}
	free(buf);
	return 0;
}

static bool wants_scan(const char *path, uint64_t size)
{
	size_t i;

	if (size == 0 || size > SECRET_SCAN_MAX)
		return false;
	for (i = 0; i < SG_ARRAY_SIZE(no_secret_scan); i++)
		if (sg_startswith(path, no_secret_scan[i]))
			return false;
	return true;
}

static int apply_whiteout(struct layer_state *st, const char *path,
			  const char *base)
{
	struct img_image *img = st->img;
	size_t dl = sg_path_dirlen(path);
	char target[MAX_PATH + 1];
	struct img_node *n;

	if (strcmp(base, ".wh..wh..opq") == 0) {
		struct img_node *c;

		memcpy(target, path, dl);
		target[dl] = '\0';
		n = node_make(img, target, dl);
		if (!n)
			return SG_ENOMEM;
		for (c = n->child; c; c = c->next)
			st->waste += hide_subtree(img, c, st->layer);
		return 0;
	}
	if (sg_startswith(base, ".wh..wh."))
		return 0;   /* aufs bookkeeping (.wh..wh.plnk): not a path */
	if (dl) {
		memcpy(target, path, dl);
		target[dl] = '/';
		dl++;
	}
	snprintf(target + dl, sizeof(target) - dl, "%s", base + 4);
	n = node_get(img, target);
	if (n)
		st->waste += hide_subtree(img, n, st->layer);
	return 0;
}

static int apply_entry(struct layer_state *st, struct archive *a,
		       struct archive_entry *ae, sg_error *err)
{
	struct img_image *img = st->img;
	const char *raw = archive_entry_pathname(ae);
	const char *hl = archive_entry_hardlink(ae);
	char path[MAX_PATH + 1];
	struct img_node *n, *target = NULL;
	const char *base;
	size_t len, cap = 0;
	long nl;
	mode_t mode = archive_entry_mode(ae);
	bool lower_dir;

	if (!raw)
		raw = "";
	len = strlen(raw);
	if (len > MAX_PATH) {
		issue(st, IMG_ISSUE_ESCAPE, "", "entry name longer than %d bytes",
		      MAX_PATH);
		return 0;
	}
	nl = sg_path_normalize(raw, len, path);
	if (nl < 0) {
		issue(st, IMG_ISSUE_ESCAPE, raw, "entry '%s' climbs above the "
		      "root; not applied", raw);
		return 0;
	}
	if (nl == 0)
		return 0;   /* "." or "/": the root itself */
	if (raw[0] == '/')
		issue(st, IMG_ISSUE_ABSOLUTE, path, "absolute entry name '%s'",
		      raw);
	base = sg_path_basename(path);
	if (sg_startswith(base, ".wh."))
		return apply_whiteout(st, path, base) < 0
		       ? sg_error_set(err, SG_ENOMEM, NULL, 0, 0, "out of memory")
		       : 0;

	if (hl) {
		char tpath[MAX_PATH + 1];
		size_t tl = strlen(hl);

		if (tl > MAX_PATH || sg_path_normalize(hl, tl, tpath) <= 0) {
			issue(st, IMG_ISSUE_ESCAPE, path, "hardlink to '%s' "
			      "leaves the root; not applied", hl);
			return 0;
		}
		target = node_get(img, tpath);
		if (!target || !target->live || S_ISDIR(target->f.mode)) {
			issue(st, IMG_ISSUE_DANGLING_HARDLINK, path,
			      "hardlink to '%s', which no layer provides", hl);
			return 0;
		}
	}

	n = node_make(img, path, (size_t)nl);
	if (!n)
		return sg_error_set(err, SG_ENOMEM, NULL, 0, 0, "out of memory");
	if (n == target)
		return 0;   /* a hardlink to itself changes nothing */
	if (n->live && n->f.layer == st->layer && !n->implicit &&
	    !(S_ISDIR(n->f.mode) && S_ISDIR(mode)))
		issue(st, IMG_ISSUE_DUPLICATE, path, "'%s' appears twice in "
		      "the layer; the last entry wins", path);
	lower_dir = n->live && S_ISDIR(n->f.mode);
	if (n->live && n->f.layer < st->layer) {
		st->waste += hidden_bytes(n);
		if (lower_dir && !S_ISDIR(mode)) {
			struct img_node *c;

			for (c = n->child; c; c = c->next)
				st->waste += hide_subtree(img, c, st->layer);
		}
	}
	drop_content(n);
	make_parents_live(img, n, st->layer, &st->waste);
	n->live = true;
	n->implicit = false;
	n->f.layer = st->layer;
	n->f.mode = (uint32_t)mode;
	n->f.uid = (uint32_t)archive_entry_uid(ae);
	n->f.gid = (uint32_t)archive_entry_gid(ae);
	n->f.size = S_ISREG(mode) ? (uint64_t)archive_entry_size(ae) : 0;
	n->f.link = NULL;
	n->f.hardlink = false;
	if (target) {
		n->f.hardlink = true;
		n->f.link = target->f.path;
		n->f.size = target->f.size;
		n->f.mode = target->f.mode;
		if (target->f.content) {
			n->owned = malloc(target->f.content_len + 1);
			if (!n->owned)
				return sg_error_set(err, SG_ENOMEM, NULL, 0, 0,
						    "out of memory");
			memcpy(n->owned, target->f.content,
			       target->f.content_len + 1);
			n->f.content = n->owned;
			n->f.content_len = target->f.content_len;
		}
		return 0;
	}
	if (S_ISLNK(mode)) {
		const char *t = archive_entry_symlink(ae);
		char joined[2 * MAX_PATH + 2], norm[2 * MAX_PATH + 2];
		size_t tl = t ? strlen(t) : 0;
		size_t dl = sg_path_dirlen(path);

		n->f.link = sg_arena_strdup(&img->arena, t ? t : "");
		if (!n->f.link)
			return sg_error_set(err, SG_ENOMEM, NULL, 0, 0,
					    "out of memory");
		if (t && t[0] != '/' && tl <= MAX_PATH) {
			memcpy(joined, path, dl);
			joined[dl] = '/';
			memcpy(joined + dl + 1, t, tl);
			if (sg_path_normalize(joined, dl + 1 + tl, norm) < 0)
				issue(st, IMG_ISSUE_LINK_ESCAPE, path,
				      "symlink target '%s' climbs above the "
				      "root", t);
		}
		return 0;
	}
	if (!S_ISREG(mode))
		return 0;
	if (request_cap(img, path, &cap)) {
		size_t max = img->content_bytes < img->req_budget
			     ? img->req_budget - img->content_bytes : 0;

		if (n->f.size > cap || n->f.size > max) {
			n->f.content_skipped = true;
			cap = 0;
		} else if (cap == 0 || n->f.size == 0) {
			static const unsigned char empty[1] = { 0 };

			n->f.content = empty;
			n->f.content_len = 0;
			return 0;
		}
	}
	if (cap || wants_scan(path, n->f.size))
		return read_data(a, n, cap, wants_scan(path, n->f.size), st,
				 err);
	return 0;
}

int img_squash_layer(struct img_image *img, uint32_t layer,
		     struct img_layer_stream *ls, const struct img_limits *lim,
		     size_t *entries, sg_error *err)
{
	struct archive *a = img_layer_archive(ls);
	struct archive_entry *ae;
	struct layer_state st;
	size_t k;
	int r, rc;

	memset(&st, 0, sizeof(st));
	st.img = img;
	st.layer = layer;
	while ((r = archive_read_next_header(a, &ae)) == ARCHIVE_OK ||
	       r == ARCHIVE_WARN) {
		if (++*entries > lim->max_entries)
			return sg_error_set(err, SG_ELIMIT, NULL, 0, 0,
					    "more than %zu files in the image",
					    lim->max_entries);
		rc = apply_entry(&st, a, ae, err);
		if (rc < 0)
			return rc;
		img->layers.v[layer].files++;
		if (archive_read_data_skip(a) < ARCHIVE_WARN) {
			r = ARCHIVE_FATAL;
			break;
		}
	}
	if (r != ARCHIVE_EOF)
		return img_layer_error(ls, err);
	for (k = 0; k < SG_ARRAY_SIZE(st.counts); k++)
		if (st.counts[k] > ISSUES_PER_KIND)
			img_issue_add(img, (enum img_issue_kind)k, layer, "",
				      "%zu more like this in layer %u, not "
				      "listed", st.counts[k] - ISSUES_PER_KIND,
				      layer + 1);
	img->layers.v[layer].waste = st.waste;
	img->waste += st.waste;
	return 0;
}

int img_squash_init(struct img_image *img, const struct img_options *opt,
		    sg_error *err)
{
	struct img_node *root;
	size_t i, n = 0, extra = opt->nrequests;
	size_t base = opt->no_default_requests ? 0 : img_default_nrequests;

	img->req = sg_arena_calloc(&img->arena, base + extra + 1,
				   sizeof(*img->req));
	if (!img->req)
		return sg_error_set(err, SG_ENOMEM, NULL, 0, 0, "out of memory");
	for (i = 0; i < base; i++)
		img->req[n++] = img_default_requests[i];
	for (i = 0; i < extra; i++)
		img->req[n++] = opt->requests[i];
	img->nreq = n;
	root = node_make(img, "", 0);
	if (!root)
		return sg_error_set(err, SG_ENOMEM, NULL, 0, 0, "out of memory");
	root->live = true;
	root->f.mode = S_IFDIR | 0755;
	return 0;
}

static int cmp_file(const void *a, const void *b)
{
	const struct img_file *x = *(const struct img_file *const *)a;
	const struct img_file *y = *(const struct img_file *const *)b;

	return strcmp(x->path, y->path);
}

int img_squash_finish(struct img_image *img, sg_error *err)
{
	size_t i;

	for (i = 0; i < img->all.n; i++) {
		struct img_node *n = img->all.v[i];

		if (!n->live || !n->f.path[0])
			continue;
		if (sg_vec_push(&img->sorted, &n->f) < 0)
			return sg_error_set(err, SG_ENOMEM, NULL, 0, 0,
					    "out of memory");
	}
	if (img->sorted.n)
		qsort(img->sorted.v, img->sorted.n, sizeof(*img->sorted.v),
		      cmp_file);
	return 0;
}

void img_squash_release(struct img_image *img)
{
	size_t i;

	for (i = 0; i < img->all.n; i++)
		free(img->all.v[i]->owned);
	sg_vec_release(&img->all);
	sg_vec_release(&img->sorted);
	sg_strmap_release(&img->nodes);
}

const struct img_file *img_lookup(const struct img_image *img,
				  const char *path)
{
	char norm[MAX_PATH + 1];
	size_t len = strlen(path);
	struct img_node *n;

	if (len > MAX_PATH || sg_path_normalize(path, len, norm) < 0)
		return NULL;
	n = node_get(img, norm);
	return n && n->live && norm[0] ? &n->f : NULL;
}

/*
 * Resolve component by component, as the kernel does with the image root
 * as "/": ".." at the root stays at the root; a symlink's target replaces
 * the components consumed so far (absolute) or the last one (relative).
 */
const struct img_file *img_resolve(const struct img_image *img,
				   const char *path, bool *loop)
{
	char done[MAX_PATH + 1], rest[2 * MAX_PATH + 2];
	size_t dlen = 0, rlen = strlen(path), pos = 0;
	struct img_node *n = NULL;
	int hops = 0;

	if (loop)
		*loop = false;
	if (rlen > 2 * MAX_PATH)
		return NULL;
	memcpy(rest, path, rlen + 1);
	done[0] = '\0';
	while (pos < rlen) {
		size_t start, clen;

		while (pos < rlen && rest[pos] == '/')
			pos++;
		start = pos;
		while (pos < rlen && rest[pos] != '/')
			pos++;
		clen = pos - start;
		if (clen == 0 || (clen == 1 && rest[start] == '.'))
			continue;
		if (clen == 2 && rest[start] == '.' && rest[start + 1] == '.') {
			dlen = sg_path_dirlen(done);
			done[dlen] = '\0';
			continue;
		}
		if (dlen + 1 + clen > MAX_PATH)
			return NULL;
		if (dlen)
			done[dlen++] = '/';
		memcpy(done + dlen, rest + start, clen);
		dlen += clen;
		done[dlen] = '\0';
		n = node_get(img, done);
		if (!n || !n->live)
			return NULL;
		if (S_ISLNK(n->f.mode) && n->f.link) {
			char next[2 * MAX_PATH + 2];
			size_t tl = strlen(n->f.link);
			int w;

			if (++hops > RESOLVE_HOPS) {
				if (loop)
					*loop = true;
				return NULL;
			}
			w = snprintf(next, sizeof(next), "%s/%s", n->f.link,
				     rest + pos);
			if (w < 0 || (size_t)w >= sizeof(next) || tl > MAX_PATH)
				return NULL;
			dlen = n->f.link[0] == '/' ? 0 : sg_path_dirlen(done);
			done[dlen] = '\0';
			memcpy(rest, next, (size_t)w + 1);
			rlen = (size_t)w;
			pos = 0;
			n = NULL;
		} else if (pos < rlen && !S_ISDIR(n->f.mode)) {
			/* "file/x": only if nothing but slashes follow */
			size_t k = pos;

			while (k < rlen && rest[k] == '/')
				k++;
			if (k < rlen)
				return NULL;
		}
	}
	if (!n)
		n = node_get(img, done);
	return n && n->live && done[0] ? &n->f : NULL;
}

size_t img_nfiles(const struct img_image *img)
{
	return img->sorted.n;
}

const struct img_file *img_file_at(const struct img_image *img, size_t i)
{
	return i < img->sorted.n ? img->sorted.v[i] : NULL;
}

const struct img_file *img_removed_next(const struct img_image *img,
					size_t *iter)
{
	while (*iter < img->all.n) {
		const struct img_node *n = img->all.v[(*iter)++];

		if (!n->live && !n->implicit && S_ISREG(n->f.mode))
			return &n->f;
	}
	return NULL;
}

/* ---- secret content patterns -------------------------------------------- */

struct token_pattern {
	const char *prefix;
	const char *name;
	size_t min, max;        /* length of the tail after the prefix */
	const char *charset;    /* NULL: [A-Za-z0-9] */
};

static const struct token_pattern tokens[] = {
	{ "AKIA", "AWS access key id", 16, 16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" },
	{ "ASIA", "AWS temporary access key id", 16, 16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" },
	{ "ghp_", "GitHub personal access token", 36, 36, NULL },
	{ "gho_", "GitHub OAuth token", 36, 36, NULL },
	{ "ghs_", "GitHub app token", 36, 36, NULL },
	{ "ghu_", "GitHub user-to-server token", 36, 36, NULL },
	{ "github_pat_", "GitHub fine-grained token", 82, 82, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_" },
	{ "glpat-", "GitLab personal access token", 20, 20, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-" },
	{ "xoxb-", "Slack bot token", 10, 200, "0123456789-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" },
	{ "xoxp-", "Slack user token", 10, 200, "0123456789-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" },
	{ "sk_live_", "Stripe secret key", 24, 99, NULL },
	{ "AIza", "Google API key", 35, 35, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-" },
};

static bool in_set(int c, const char *set)
{
	if (!set)
		return sg_isalnum(c);
	return c && strchr(set, c) != NULL;
}

static bool token_at(const unsigned char *p, size_t n, size_t i,
		     const struct token_pattern *t)
{
	size_t pl = strlen(t->prefix), k = 0;

	if (i > 0 && (sg_isalnum(p[i - 1]) || p[i - 1] == '_'))
		return false;
	while (i + pl + k < n && k <= t->max && in_set(p[i + pl + k], t->charset))
		k++;
	return k >= t->min && k <= t->max;
}

const char *img_secret_scan(const unsigned char *p, size_t n)
{
	static const char *const keys[] = {
		"RSA PRIVATE KEY", "DSA PRIVATE KEY", "EC PRIVATE KEY",
		"OPENSSH PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "PRIVATE KEY",
		"PGP PRIVATE KEY BLOCK",
	};
	size_t i, k;

	for (i = 0; i + 4 <= n; i++) {
		if (p[i] == '-' && n - i > 11 && memcmp(p + i, "-----BEGIN ", 11) == 0) {
			for (k = 0; k < SG_ARRAY_SIZE(keys); k++) {
				size_t kl = strlen(keys[k]);

				if (n - i - 11 >= kl + 5 &&
				    memcmp(p + i + 11, keys[k], kl) == 0 &&
				    memcmp(p + i + 11 + kl, "-----", 5) == 0)
					return "private key";
			}
			continue;
		}
		for (k = 0; k < SG_ARRAY_SIZE(tokens); k++) {
			size_t pl = strlen(tokens[k].prefix);

			if (p[i] == (unsigned char)tokens[k].prefix[0] &&
			    n - i >= pl &&
			    memcmp(p + i, tokens[k].prefix, pl) == 0 &&
			    token_at(p, n, i, &tokens[k]))
				return tokens[k].name;
		}
	}
	return NULL;
}

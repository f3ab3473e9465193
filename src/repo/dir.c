/*
 * dir.c: the on-disk backend of sg_source (--worktree, and `lint` with files
 * named relative to the current directory).  Paths are normalised and must
 * stay under the root; symlinks are reported as symlinks and read only when
 * they resolve inside the root, and no path may reach outside the root
 * through a symlinked directory either.  A directory holding a `.git` is
 * reported as a submodule, as a git tree reports a gitlink, and `.git`
 * itself is never part of the tree.
 *
 * Inside a git work tree, walk() leaves out the directories git ignores and
 * tracks nothing in (node_modules/, dist/), as `git status` would; stat()
 * and read() still reach them.  Ignored single files are still walked:
 * asking libgit2 about every file tripled the walk time of a 50,000-file
 * tree, while a directory check costs a third more.
 */
/* O_PATH */
#define _GNU_SOURCE 1
#include "util/compat.h"
#include "repo/git.h"

#include <dirent.h>
#include <git2.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/openat2.h>
#endif

#include "util/dynlib.h"
#include "util/fs.h"
#include "util/path.h"
#include "util/strmap.h"
#include "util/vec.h"

/*
 * The fast path of stat() and read(): a file's directory opened beneath
 * the root by openat2(RESOLVE_BENEATH), which refuses in the kernel any
 * walk that leaves the root (a "..", an absolute symlink, a relative one
 * that climbs out), and the name then looked up in it.  One call per
 * directory replaces the careful path's lstat of every directory up to a
 * cached one (its real paths are what a refusal's precise error needs, not
 * what a read of an ordinary file needs).  Anything the fast path cannot
 * settle alone (a symlink, a refusal, a kernel without openat2 or a
 * sandbox that forbids it) takes the careful path, so both give the same
 * answers.
 */
#define BENEATH_SLOTS 8

struct beneath_slot {
	unsigned long used;     /* last use, 0: empty */
	int fd;                 /* O_PATH, open while used */
	size_t len;
	char *dir;              /* root-relative, normalised; malloc'd */
};

struct beneath {
	int root;               /* the root, O_PATH: -1 until opened */
	bool off;               /* openat2 unavailable: careful path only */
	unsigned long tick;
	struct beneath_slot slot[BENEATH_SLOTS];
};

static int open_beneath(int at, const char *path, int flags)
{
#if defined(__linux__) && defined(SYS_openat2)
	struct open_how how;

	memset(&how, 0, sizeof(how));
	how.flags = (uint64_t)flags;
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
	return (int)syscall(SYS_openat2, at, path, &how, sizeof(how));
#else
	(void)at, (void)path, (void)flags;
	errno = ENOSYS;
	return -1;
#endif
}

static void slot_clear(struct beneath_slot *s)
{
	if (s->used)
		close(s->fd);
	free(s->dir);
	memset(s, 0, sizeof(*s));
}

/* The slot holding dir[0..len) open, or NULL (nothing is opened). */
static struct beneath_slot *beneath_slot(struct beneath *b, const char *dir,
					 size_t len)
{
	size_t i;

	for (i = 0; i < BENEATH_SLOTS; i++)
		if (b->slot[i].used && b->slot[i].len == len &&
		    !memcmp(b->slot[i].dir, dir, len))
			return &b->slot[i];
	return NULL;
}

/*
 * The directory dir[0..len) (root-relative, normalised) open beneath
 * `root`: an fd the cache owns, or -errno.  -ENOENT and -ENOTDIR: it does
 * not exist as a directory; any other error is for the careful path.
 */
static int beneath_dir(struct beneath *b, const char *root, const char *dir,
		       size_t len)
{
	struct beneath_slot *s, *lru;
	char path[PATH_MAX], *copy;
	size_t i;
	int fd;

	if (b->off)
		return -ENOSYS;
	if (b->root < 0) {
		b->root = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (b->root < 0)
			return -errno;
	}
	if (!len)
		return b->root;
	if ((s = beneath_slot(b, dir, len))) {
		s->used = ++b->tick;
		return s->fd;
	}
	lru = &b->slot[0];
	for (i = 1; i < BENEATH_SLOTS; i++)
		if (b->slot[i].used < lru->used)
			lru = &b->slot[i];
	if (len >= sizeof(path))
		return -ENAMETOOLONG;
	memcpy(path, dir, len);
	path[len] = '\0';
	fd = open_beneath(b->root, path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		/* not this kernel, or a seccomp profile that predates it */
		if (errno == ENOSYS || errno == EPERM)
			b->off = true;
		return -errno;
	}
	/* the slots hold short paths, not PATH_MAX each: a fork of the
	 * source, one per thread, is then a few KiB to set up and free */
	if (!(copy = malloc(len + 1))) {
		close(fd);
		return -ENOMEM;
	}
	memcpy(copy, path, len + 1);
	slot_clear(lru);
	lru->fd = fd;
	lru->len = len;
	lru->dir = copy;
	lru->used = ++b->tick;
	return fd;
}

static void beneath_release(struct beneath *b)
{
	size_t i;

	for (i = 0; i < BENEATH_SLOTS; i++)
		slot_clear(&b->slot[i]);
	if (b->root >= 0)
		close(b->root);
	memset(b, 0, sizeof(*b));
	b->root = -1;
}

/*
 * The last few fast-path stats: Compose rules ask about the same context
 * and Dockerfile one after another, and a read follows the stat of its
 * file (a third of a Compose corpus lint's stats were repeats).  A run
 * does not change the tree it reads.
 */
#define MEMO_SLOTS 8
#define MEMO_PATH 256

struct stat_memo {
	bool used;
	char path[MEMO_PATH];   /* normalised */
	struct sg_entry e;
};

/* Files whose stat the caller made already (sg_source_dir_know()): made
 * before the source is forked, then only read, by every fork. */
struct known {
	struct sg_strmap map;   /* normalised path -> its entry in `e` */
	struct sg_entry *e;
	char *paths;            /* the map's keys */
};

struct dir_source {
	struct sg_source base;
	char *root;             /* realpath of the root */
	git_repository *repo;   /* the work tree the root is in, or NULL */
	git_index *index;
	char *prefix;           /* root relative to the work tree: "" or "a/b/" */
	bool opened;            /* open_worktree() ran (lazily: see there) */
	struct sg_realdir realdir;      /* the careful path's real directories */
	struct beneath beneath;         /* the fast path's open directories */
	struct stat_memo memo[MEMO_SLOTS];
	unsigned int memo_next;         /* the slot to fill next */
	struct known *known;            /* NULL: none */
	bool owns_known;                /* false in a fork */
};

static void known_free(struct known *k)
{
	if (!k)
		return;
	sg_strmap_release(&k->map);
	free(k->e);
	free(k->paths);
	free(k);
}

static const struct sg_entry *memo_get(const struct dir_source *d,
				       const char *norm)
{
	size_t i;

	if (d->beneath.off)
		return NULL;
	for (i = 0; i < MEMO_SLOTS; i++)
		if (d->memo[i].used && !strcmp(d->memo[i].path, norm))
			return &d->memo[i].e;
	return d->known ? sg_strmap_get(&d->known->map, norm) : NULL;
}

static void memo_put(struct dir_source *d, const char *norm,
		     const struct sg_entry *e)
{
	struct stat_memo *m = &d->memo[d->memo_next];

	if (strlen(norm) >= MEMO_PATH)
		return;
	d->memo_next = (d->memo_next + 1) % MEMO_SLOTS;
	m->used = true;
	memcpy(m->path, norm, strlen(norm) + 1);
	m->e = *e;
}

/*
 * Whether git ignores the directory `path` (root-relative) and tracks
 * nothing in it.  An ignore file that cannot be parsed ignores nothing: the
 * walk then shows more, never less.
 */
static bool git_ignored_dir(struct dir_source *d, const char *path)
{
	char rel[PATH_MAX + 2];
	size_t pos;
	int ignored = 0;

	if (!d->repo)
		return false;
	if ((size_t)snprintf(rel, sizeof(rel), "%s%s/", d->prefix, path) >=
	    sizeof(rel))
		return false;
	if (git_ignore_path_is_ignored(&ignored, d->repo, rel) < 0) {
		git_error_clear();
		return false;
	}
	if (!ignored)
		return false;
	return !d->index || git_index_find_prefix(&pos, d->index, rel) != 0;
}

/* `path` normalised into norm[PATH_MAX]: root-relative, "" for the root. */
static int norm_path(const char *path, char *norm, sg_error *err)
{
	size_t len = strlen(path);

	if (len >= PATH_MAX)
		return sg_error_set(err, SG_EINVALID, path, 0, 0, "path too long");
	if (sg_path_normalize(path, len, norm) < 0)
		return sg_error_set(err, SG_EUNSAFE, path, 0, 0,
				    "path leaves the repository root");
	return 0;
}

static int full_path(struct dir_source *d, const char *path, const char *norm,
		     char *out, size_t size, sg_error *err)
{
	if ((size_t)snprintf(out, size, "%s%s%s", d->root, *norm ? "/" : "",
			     norm) >= size)
		return sg_error_set(err, SG_EINVALID, path, 0, 0, "path too long");
	return 0;
}

/*
 * The fast path's open directory of `norm` and its last name.  0: *fd and
 * *name are set, or *fd is -1 when the directory does not exist (so
 * neither does the name); 1: the careful path must answer (the root
 * itself, a refusal, no openat2).
 */
static int beneath_split(struct dir_source *d, const char *norm, int *fd,
			 const char **name)
{
	const char *slash = strrchr(norm, '/');
	int r;

	*name = slash ? slash + 1 : norm;
	if (!**name)
		return 1;
	r = beneath_dir(&d->beneath, d->root, norm,
			slash ? (size_t)(slash - norm) : 0);
	if (r == -ENOENT || r == -ENOTDIR) {
		*fd = -1;
		return 0;
	}
	if (r < 0)
		return 1;
	*fd = r;
	return 0;
}

/* True when the real path `real` is the root or beneath it. */
static bool under_root(struct dir_source *d, const char *real)
{
	size_t n = strlen(d->root);

	if (n == 1)             /* the root is "/" */
		return true;
	return strncmp(real, d->root, n) == 0 && (real[n] == '/' || !real[n]);
}

/*
 * The directory holding `full` must resolve inside the root: "link/x" where
 * link -> /etc would otherwise stat and read /etc/x.  Returns 1 when the
 * directory does not exist (so neither does the entry).
 */
static int check_parent(struct dir_source *d, const char *path,
			const char *full, sg_error *err)
{
	const char *real;

	if (sg_path_dirlen(full) <= strlen(d->root))
		return 0;
	/* the directory of `full` is its parent: one realpath per directory
	 * while a walk or a lint goes through its files */
	if (!(real = sg_realdir_cached(&d->realdir, full)))
		return 1;
	if (!under_root(d, real))
		return sg_error_set(err, SG_EUNSAFE, path, 0, 0,
				    "path leaves the repository through a "
				    "symlink");
	return 0;
}

/*
 * lstat `name` in the directory `at` (AT_FDCWD: `name` is a full path) into
 * `out`; -1 with errno when there is nothing to stat.  A directory holding
 * a `.git` (a checked-out submodule or nested repository) is a submodule,
 * as in a git tree.
 */
static int stat_at(int at, const char *name, bool top, struct sg_entry *out)
{
	char dotgit[PATH_MAX];
	struct stat st;

	memset(out, 0, sizeof(*out));
	if (fstatat(at, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return -1;      /* SG_ENTRY_NONE */
	if (S_ISDIR(st.st_mode)) {
		out->type = SG_ENTRY_DIR;
		if (!top && (size_t)snprintf(dotgit, sizeof(dotgit), "%s/.git",
					     name) < sizeof(dotgit) &&
		    fstatat(at, dotgit, &st, AT_SYMLINK_NOFOLLOW) == 0)
			out->type = SG_ENTRY_SUBMODULE;
		return 0;
	}
	if (!S_ISLNK(st.st_mode) && !S_ISREG(st.st_mode)) {
		out->type = SG_ENTRY_SPECIAL;   /* never opened, not sized */
		return 0;
	}
	out->type = S_ISLNK(st.st_mode) ? SG_ENTRY_SYMLINK : SG_ENTRY_FILE;
	out->size = (uint64_t)st.st_size;
	out->executable = (st.st_mode & 0111) != 0;
	return 0;
}

static int dir_stat(struct sg_source *s, const char *path, struct sg_entry *out,
		    sg_error *err)
{
	struct dir_source *d = (struct dir_source *)s;
	char norm[PATH_MAX], full[PATH_MAX];
	const struct sg_entry *m;
	const char *name;
	int rc, fd;

	memset(out, 0, sizeof(*out));
	if ((rc = norm_path(path, norm, err)) < 0)
		return rc;
	if ((m = memo_get(d, norm))) {
		*out = *m;
		return 0;
	}
	if (beneath_split(d, norm, &fd, &name) == 0 &&
	    (fd < 0 || stat_at(fd, name, false, out) == 0 || errno == ENOENT)) {
		memo_put(d, norm, out);
		return 0;
	}
	if ((rc = full_path(d, path, norm, full, sizeof(full), err)) < 0)
		return rc;
	if ((rc = check_parent(d, path, full, err)) != 0)
		return rc < 0 ? rc : 0;
	stat_at(AT_FDCWD, full, !*norm, out);
	return 0;
}

/*
 * The real path of a file, or of a symlink chain that ends at one (or, with
 * `to_dir`, at a directory), inside the root; the error a read of `path`
 * gives otherwise.  `dirfd` (optional): the open directory the file was
 * found in, with `name` in `real`, or -1.
 */
static int real_file(struct dir_source *d, const char *path,
		     char real[PATH_MAX], bool to_dir, int *dirfd,
		     const char **name, sg_error *err)
{
	char norm[PATH_MAX], full[PATH_MAX];
	struct sg_entry e;
	struct stat st;
	int rc, fd;

	if (dirfd)
		*dirfd = -1;
	if ((rc = norm_path(path, norm, err)) < 0 ||
	    (rc = full_path(d, path, norm, full, sizeof(full), err)) < 0)
		return rc;
	/* the common case, a regular file (not a link) inside the root: one
	 * stat in its directory, held open with its real path (a lint reads
	 * thousands), where the read opens it too; a missing name is that
	 * stat too; anything else takes the careful path for its precise
	 * error */
	if (sg_realpath_cached(&d->realdir, full, real, &st, &fd) &&
	    S_ISREG(st.st_mode) && under_root(d, real)) {
		/* `name` points into `real`, the caller's (`full` dies here) */
		if (dirfd && fd >= 0) {
			*dirfd = fd;
			*name = strrchr(real, '/') + 1;
		}
		return 0;
	}
	if ((rc = check_parent(d, path, full, err)) < 0)
		return rc;
	if (!st.st_mode)
		return sg_error_set(err, SG_ENOTFOUND, path, 0, 0,
				    "no such file");
	stat_at(AT_FDCWD, full, false, &e);
	if (e.type == SG_ENTRY_SUBMODULE || (e.type == SG_ENTRY_DIR && !to_dir))
		return sg_error_set(err, SG_EINVALID, path, 0, 0,
				    e.type == SG_ENTRY_DIR ? "is a directory"
							   : "is a submodule");
	if (!sg_realpath_cached(&d->realdir, full, real, NULL, NULL)) {
		/* a link that leads to no file (SGG003), not a size
		 * limit (SG_ELIMIT reads as SGG001, file too large) */
		if (e.type == SG_ENTRY_SYMLINK && errno == ELOOP)
			return sg_error_set(err, SG_EINVALID, path, 0, 0,
					    "symlink loop");
		if (e.type == SG_ENTRY_SYMLINK)
			return sg_error_set(err, SG_ENOTFOUND, path, 0, 0,
					    "symlink target does not exist");
		return sg_error_set(err, SG_ENOTFOUND, path, 0, 0,
				    "no such file");
	}
	if (!under_root(d, real))
		return sg_error_set(err, SG_EUNSAFE, path, 0, 0,
				    "symlink points outside the repository");
	if (stat(real, &st) < 0 ||
	    !(S_ISREG(st.st_mode) || (to_dir && S_ISDIR(st.st_mode))))
		return sg_error_set(err, SG_EINVALID, path, 0, 0,
				    "not a regular file");
	return 0;
}

/* dir_read()'s first try: 1 when it does not apply or was refused. */
static int read_beneath(struct dir_source *d, const char *norm,
			const char *path, size_t max, struct sg_buf *out,
			sg_error *err)
{
	const char *slash = strrchr(norm, '/');
	const struct sg_entry *m;
	int fd;

	if (!slash || d->beneath.off || d->beneath.root < 0 ||
	    !(m = memo_get(d, norm)) || m->type != SG_ENTRY_FILE ||
	    beneath_slot(&d->beneath, norm, (size_t)(slash - norm)))
		return 1;
	fd = open_beneath(d->beneath.root, norm,
			  O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return 1;
	return sg_read_fd_size(fd, path, m->size, max, out, err);
}

/*
 * Read a file or a symlink that resolves inside the root.  The resolved path
 * is the one opened, so a link cannot be swapped for one pointing
 * elsewhere between the check and the read.
 */
static int dir_read(struct sg_source *s, const char *path, size_t max,
		    struct sg_buf *out, sg_error *err)
{
	struct dir_source *d = (struct dir_source *)s;
	char norm[PATH_MAX], real[PATH_MAX];
	const char *name = NULL;
	struct stat st;
	int rc, dirfd;

	if ((rc = norm_path(path, norm, err)) < 0)
		return rc;
	/* a file stat'd already as regular, in a directory not open yet:
	 * opened by its whole path beneath the root, one call where opening
	 * the directory first is two more (its open and its close), and most
	 * Compose files need nothing else from theirs; a refusal (a link, a
	 * walk out of the root) is the careful path's to explain */
	if ((rc = read_beneath(d, norm, path, max, out, err)) != 1)
		return rc;
	/* a regular file (not a link) beneath the root: read where found
	 * (the stat just made of it, or one now) */
	if (beneath_split(d, norm, &dirfd, &name) == 0) {
		const struct sg_entry *m = memo_get(d, norm);

		if (dirfd >= 0 && m && m->type == SG_ENTRY_FILE)
			return sg_read_file_at_size(dirfd, name, path, m->size,
						    max, out, err);
		if (dirfd >= 0 &&
		    fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
			if (S_ISREG(st.st_mode))
				return sg_read_file_at_size(dirfd, name, path,
							    (uint64_t)st.st_size,
							    max, out, err);
		} else if (dirfd < 0 || errno == ENOENT) {
			return sg_error_set(err, SG_ENOTFOUND, path, 0, 0,
					    "no such file");
		}
	}
	if ((rc = real_file(d, path, real, false, &dirfd, &name, err)) < 0)
		return rc;
	rc = dirfd >= 0 ? sg_read_file_at(dirfd, name, real, max, out, err)
			: sg_read_file(real, max, out, err);
	if (rc < 0 && err && strcmp(err->path, real) == 0)
		snprintf(err->path, sizeof(err->path), "%s", path);
	return rc;
}

static int dir_resolve(struct sg_source *s, const char *path, char *out,
		       size_t size, sg_error *err)
{
	struct dir_source *d = (struct dir_source *)s;
	char real[PATH_MAX];
	size_t n = strlen(d->root);
	int rc;

	if ((rc = real_file(d, path, real, true, NULL, NULL, err)) < 0)
		return rc;
	if ((size_t)snprintf(out, size, "%s", real[n] ? real + n + 1 : "") >=
	    size)
		return sg_error_set(err, SG_EINVALID, path, 0, 0, "path too long");
	return 0;
}

/* A directory entry as listed: its name and the type the listing gave. */
struct listed {
	char *name;
	unsigned char type;     /* DT_*, DT_UNKNOWN when the fs does not say */
};

static int cmp_names(const void *a, const void *b)
{
	return strcmp(((const struct listed *)a)->name,
		      ((const struct listed *)b)->name);
}

/*
 * The entry `l` in the open directory `fd`.  A names-only walk takes a
 * file's or link's type from the listing, as a git tree gives it, and
 * stats only directories (for a `.git` in them) and what the listing does
 * not name: a stat per entry was most of a 53,655-file walk.
 */
static void entry_at(int fd, const struct listed *l, bool names_only,
		     struct sg_entry *e)
{
	memset(e, 0, sizeof(*e));
	if (names_only && l->type == DT_REG)
		e->type = SG_ENTRY_FILE;
	else if (names_only && l->type == DT_LNK)
		e->type = SG_ENTRY_SYMLINK;
	else if (names_only && l->type != DT_DIR && l->type != DT_UNKNOWN)
		e->type = SG_ENTRY_SPECIAL;     /* devices, fifos, sockets */
	else
		stat_at(fd, l->name, false, e);
}

/*
 * Walk the directory `rel`, open as `fd` (which this closes).  Entries are
 * stat'ed in it and subdirectories opened from it, never through a link
 * (O_NOFOLLOW): the kernel walks one name each, not the whole path from /.
 */
static int walk_dir(struct dir_source *d, const char *rel, int fd,
		    bool names_only,
		    int (*fn)(const char *, const struct sg_entry *, void *),
		    void *payload, sg_error *err, int depth)
{
	SG_VEC(struct listed) names = SG_VEC_INIT;
	struct dirent *de;
	DIR *dir;
	size_t i;
	int rc = 0, sub;

	if (depth > 256) {
		close(fd);
		return sg_error_set(err, SG_ELIMIT, rel, 0, 0,
				    "directory nesting deeper than 256");
	}
	/* the listing's buffer is freed before the subdirectories are
	 * walked; only the descriptor stays open on the way down */
	sub = dup(fd);
	dir = sub >= 0 ? fdopendir(sub) : NULL;
	if (!dir) {
		rc = sg_error_set(err, SG_EIO, rel, 0, 0, "cannot open: %s",
				  strerror(errno));
		if (sub >= 0)
			close(sub);
		close(fd);
		return rc;
	}
	while ((de = readdir(dir)) != NULL) {
		struct listed l;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    !strcmp(de->d_name, ".git"))
			continue;
		l.name = strdup(de->d_name);
		l.type = de->d_type;
		if (!l.name || sg_vec_push(&names, l) < 0) {
			free(l.name);
			rc = sg_error_set(err, SG_ENOMEM, rel, 0, 0, "out of memory");
			break;
		}
	}
	closedir(dir);
	if (names.n)
		qsort(names.v, names.n, sizeof(*names.v), cmp_names);
	for (i = 0; rc >= 0 && i < names.n; i++) {
		char path[PATH_MAX];
		struct sg_entry e;

		if ((size_t)snprintf(path, sizeof(path), "%s%s%s", rel,
				     *rel ? "/" : "", names.v[i].name) >= sizeof(path) ||
		    strlen(d->root) + 1 + strlen(path) >= PATH_MAX) {
			rc = sg_error_set(err, SG_ELIMIT, rel, 0, 0,
					  "path of '%s' too long", names.v[i].name);
			break;
		}
		/* the walk never enters a symlink, so no parent check */
		entry_at(fd, &names.v[i], names_only, &e);
		if (e.type == SG_ENTRY_NONE ||
		    (e.type == SG_ENTRY_DIR && git_ignored_dir(d, path)))
			continue;
		rc = fn(path, &e, payload);
		if (rc < 0)
			break;
		if (rc == 0 && e.type == SG_ENTRY_DIR) {
			sub = openat(fd, names.v[i].name, O_RDONLY | O_DIRECTORY |
							  O_NOFOLLOW | O_CLOEXEC);
			rc = sub >= 0 ? walk_dir(d, path, sub, names_only, fn,
						 payload, err, depth + 1)
				      : sg_error_set(err, SG_EIO, path, 0, 0,
						     "cannot open: %s",
						     strerror(errno));
		}
		if (rc > 0)
			rc = 0;
	}
	for (i = 0; i < names.n; i++)
		free(names.v[i].name);
	sg_vec_release(&names);
	close(fd);
	return rc;
}

static int open_worktree(struct dir_source *d, sg_error *err);

static int dir_walk(struct sg_source *s, unsigned int flags,
		    int (*fn)(const char *, const struct sg_entry *, void *),
		    void *payload, sg_error *err)
{
	struct dir_source *d = (struct dir_source *)s;
	int fd, rc;

	if ((rc = open_worktree(d, err)) < 0)
		return rc;
	if ((fd = open(d->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return sg_error_set(err, SG_EIO, "", 0, 0, "cannot open: %s",
				    strerror(errno));
	return walk_dir(d, "", fd, (flags & SG_WALK_NAMES) != 0, fn, payload,
			err, 0);
}

static void dir_free(struct sg_source *s)
{
	struct dir_source *d = (struct dir_source *)s;

	sg_realdir_release(&d->realdir);
	beneath_release(&d->beneath);
	if (d->repo) {
		git_index_free(d->index);
		git_repository_free(d->repo);
		git_libgit2_shutdown();
	}
	if (d->owns_known)
		known_free(d->known);
	free(d->prefix);
	free(d->root);
	free(d);
}

/*
 * Find the git work tree holding the root, for walk()'s ignore rules and
 * PR mode.  Done on first use, not at open: git_libgit2_init() loads the
 * system's TLS certificates (the mbedTLS build parses every PEM file), which
 * cost `shipgate lint FILE…` a third of its time though it never walks.
 */
static int open_worktree(struct dir_source *d, sg_error *err)
{
	char work[PATH_MAX];
	const char *wd;
	size_t n;
	int rc;

	if (d->opened)
		return 0;
	if ((rc = sg_dynlib_load(SG_DYNLIB_GIT2, err)) < 0)
		return rc;
	d->opened = true;
	git_libgit2_init();
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
	if (git_repository_open_ext(&d->repo, d->root, 0, NULL) < 0 ||
	    !(wd = git_repository_workdir(d->repo)) || !realpath(wd, work))
		goto none;
	n = strlen(work);
	if (strncmp(d->root, work, n) != 0 ||
	    (d->root[n] != '/' && d->root[n] != '\0'))
		goto none;
	d->prefix = malloc(strlen(d->root + n) + 2);
	if (!d->prefix) {
		git_index_free(d->index);
		d->index = NULL;
		git_repository_free(d->repo);
		d->repo = NULL;
		git_libgit2_shutdown();
		return sg_error_set(err, SG_ENOMEM, d->root, 0, 0,
				    "out of memory");
	}
	snprintf(d->prefix, strlen(d->root + n) + 2, "%s%s",
		 d->root[n] ? d->root + n + 1 : "", d->root[n] ? "/" : "");
	if (git_repository_index(&d->index, d->repo) < 0)
		d->index = NULL;
	git_error_clear();
	return 0;
none:
	git_error_clear();
	git_repository_free(d->repo);
	d->repo = NULL;
	git_libgit2_shutdown();
	return 0;
}

static int dir_fork(struct sg_source *s, struct sg_source **out,
		    sg_error *err);

static const struct sg_source_ops dir_ops = {
	"dir", dir_stat, dir_read, dir_walk, dir_free, dir_resolve, dir_fork,
};

/* The same root, nothing else shared: the work tree is opened again if a
 * walk needs it, the real paths are cached again. */
static int dir_fork(struct sg_source *s, struct sg_source **out,
		    sg_error *err)
{
	struct dir_source *d = (struct dir_source *)s, *f;

	*out = NULL;
	f = calloc(1, sizeof(*f));
	if (!f || !(f->root = strdup(d->root))) {
		free(f);
		return sg_error_set(err, SG_ENOMEM, d->root, 0, 0,
				    "out of memory");
	}
	f->base = d->base;
	f->base.root = f->root;
	f->beneath.root = -1;
	f->known = d->known;
	*out = &f->base;
	return 0;
}

int sg_source_dir_know(struct sg_source *s, const char *const *paths,
		       const struct sg_entry *e, size_t n)
{
	struct dir_source *d = (struct dir_source *)s;
	struct known *k;
	size_t i, len = 0, at = 0;
	long m;

	if (s->ops != &dir_ops || d->known)
		return 0;
	/* a normalised path is no longer than the path */
	for (i = 0; i < n; i++)
		if (e[i].type == SG_ENTRY_FILE)
			len += strlen(paths[i]) + 1;
	if (!len)
		return 0;
	if (!(k = calloc(1, sizeof(*k))) || !(k->e = malloc(n * sizeof(*e))) ||
	    !(k->paths = malloc(len)))
		goto oom;
	memcpy(k->e, e, n * sizeof(*e));
	for (i = 0; i < n; i++) {
		size_t plen = strlen(paths[i]);

		if (e[i].type != SG_ENTRY_FILE || plen >= PATH_MAX ||
		    (m = sg_path_normalize(paths[i], plen, k->paths + at)) <= 0)
			continue;
		if (sg_strmap_put(&k->map, k->paths + at, &k->e[i], NULL) < 0)
			goto oom;
		at += (size_t)m + 1;
	}
	d->known = k;
	d->owns_known = true;
	return 0;
oom:
	known_free(k);
	return SG_ENOMEM;
}

void repo_dir_set_fast(struct sg_source *s, bool on)
{
	struct dir_source *d = (struct dir_source *)s;

	if (s && s->ops == &dir_ops)
		d->beneath.off = !on;
}

git_repository *repo_dir_worktree(const struct sg_source *s,
				  const char **prefix)
{
	/* the lazy open is the only state this changes */
	struct dir_source *d = (struct dir_source *)s;

	if (!s || s->ops != &dir_ops || open_worktree(d, NULL) < 0 || !d->repo)
		return NULL;
	*prefix = d->prefix;
	return d->repo;
}

int sg_source_open_dir(struct sg_source **out, const char *dir, sg_error *err)
{
	struct dir_source *d;
	char real[PATH_MAX];

	*out = NULL;
	if (!realpath(dir, real))
		return sg_error_set(err, errno == ENOENT ? SG_ENOTFOUND : SG_EIO,
				    dir, 0, 0, "cannot open directory: %s",
				    strerror(errno));
	if (!sg_path_is_dir(real))
		return sg_error_set(err, SG_EINVALID, dir, 0, 0,
				    "not a directory");
	d = calloc(1, sizeof(*d));
	if (!d || !(d->root = strdup(real))) {
		free(d);
		return sg_error_set(err, SG_ENOMEM, dir, 0, 0, "out of memory");
	}
	d->base.ops = &dir_ops;
	d->base.root = d->root;
	d->beneath.root = -1;
	*out = &d->base;
	return 0;
}

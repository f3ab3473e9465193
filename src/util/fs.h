/*
 * fs.h: reading files with a size cap and writing report files atomically.
 */
#ifndef SG_FS_H
#define SG_FS_H

#include "compat.h"
#include "buf.h"

/*
 * Read all of `path` into `out` (appending).  Fails with SG_ELIMIT when the
 * file is larger than `max` bytes, SG_ENOTFOUND when it does not exist.
 */
int sg_read_file(const char *path, size_t max, struct sg_buf *out,
		 sg_error *err);

/*
 * Read `fd` (left open) until end of input or until `out` holds `want`
 * bytes, whichever comes first: a pipe is never drained past what a limit
 * needs to see.  `what` names it in errors.
 */
int sg_read_prefix(int fd, const char *what, size_t want, struct sg_buf *out,
		   sg_error *err);

/* SG_ELIMIT for `path`, over `max` bytes: the words every capped read
 * uses, from disk or from memory. */
int sg_error_over_limit(sg_error *err, const char *path, size_t max);

/* The same for `name` in the open directory `dirfd`, never through a
 * symlink (O_NOFOLLOW); errors name `path`. */
int sg_read_file_at(int dirfd, const char *name, const char *path,
		    size_t max, struct sg_buf *out, sg_error *err);

/* sg_read_file_at() of a regular file an lstat just gave `size`: no fstat
 * of its own (a file that changed since is still read whole, to `max`). */
int sg_read_file_at_size(int dirfd, const char *name, const char *path,
			 uint64_t size, size_t max, struct sg_buf *out,
			 sg_error *err);

/* The same for a file the caller opened (O_NONBLOCK, as these do): `fd`
 * is read whole and closed. */
int sg_read_fd_size(int fd, const char *path, uint64_t size, size_t max,
		    struct sg_buf *out, sg_error *err);

/*
 * Write `len` bytes to `path` atomically: a temporary file in the same
 * directory, fsync, rename.  Readers see the old file or the new one, never a
 * half-written report.
 */
int sg_write_file_atomic(const char *path, const void *data, size_t len,
			 sg_error *err);

bool sg_path_is_dir(const char *path);
bool sg_path_exists(const char *path);

/*
 * realpath(3) of many files in few directories: glibc reads every component
 * of every path (a readlink each).  A file that is not a symlink resolves to
 * its directory's real path plus its name, so the last directory resolved is
 * kept (a few of them, open) and the file costs one stat in it.
 * Zero-initialise, sg_realdir_release() when done; one per thread.
 * Relative paths are taken against a working directory that must not change.
 */
struct sg_realdir_slot {
	unsigned long used;     /* last use, 0: empty */
	size_t len;
	char *dir;              /* the path up to its last slash, as given */
	char *real;             /* that directory's realpath (in dir's block) */
	bool has_fd;            /* `fd` is `real` open */
	int fd;
};

/* Directories, least recently used replaced: a lint alternates between a
 * file's directory, its parent and the root (.dockerignore), and a path's
 * ancestors must outlast the leaves of a deep tree (2,833 Dockerfiles in
 * 3,272 directories: 6,397 stats with 16 slots, 7,301 with 4). */
struct sg_realdir {
	unsigned long tick;
	struct sg_realdir_slot slot[16];
};

struct stat;

/*
 * realpath(path, out) with `cache`; NULL (errno set) as realpath fails.
 * `st` (optional) receives the lstat of `path` (a symlink shows as one),
 * or zeroes when there was none: a missing name, or "." and "..".
 * `dirfd` (optional) receives the cache's open directory the answer's last
 * name was looked up in (a stat or an open relative to it walks that one
 * name, not the path), or -1 when the answer came another way.
 */
char *sg_realpath_cached(struct sg_realdir *cache, const char *path,
			 char *out, struct stat *st, int *dirfd);

/* The realpath of the directory `path` is in (up to its last slash; "."
 * for a bare name), kept in `cache`; NULL when it does not resolve. */
const char *sg_realdir_cached(struct sg_realdir *cache, const char *path);

/* Close and free what `cache` holds; it is empty (zeroed) again after. */
void sg_realdir_release(struct sg_realdir *cache);

/*
 * CPUs this process may run on: its affinity mask, capped by a CPU quota
 * of its cgroup (v2 cpu.max, v1 cpu.cfs_quota_us) rounded up, at least 1.
 * A CI container that sees 64 CPUs and is granted 2 gets 2.
 */
unsigned int sg_usable_cpus(void);

/* `cpus` capped by a cgroup v2 cpu.max text ("max 100000", "150000
 * 100000": 2); unchanged when the text says no limit or makes no sense. */
unsigned int sg_cpu_max_cap(const char *cpu_max, unsigned int cpus);

#endif

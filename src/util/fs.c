/* fs.c: capped reads and atomic writes (see fs.h). */
/* sched_getaffinity(), CPU_COUNT() */
#define _GNU_SOURCE 1
#include "compat.h"
#include "fs.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

int sg_read_prefix(int fd, const char *what, size_t want, struct sg_buf *out,
		   sg_error *err)
{
	char chunk[65536];
	size_t start = out->len;

	while (out->len - start < want) {
		size_t room = want - (out->len - start);
		ssize_t n = read(fd, chunk, room < sizeof(chunk) ? room
							 : sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return sg_error_set(err, SG_EIO, what, 0, 0,
					    "read failed: %s", strerror(errno));
		if (n == 0)
			break;
		if (sg_buf_put(out, chunk, (size_t)n) < 0)
			return sg_error_set(err, out->error, what, 0, 0, "%s",
					    sg_status_text(out->error));
	}
	return 0;
}

int sg_error_over_limit(sg_error *err, const char *path, size_t max)
{
	return sg_error_set(err, SG_ELIMIT, path, 0, 0,
			    "file is over the %zu-byte limit", max);
}

/* Read the open `fd` whole (and close it); `path` names it in errors.
 * `known`: its stat as the caller has it, or NULL. */
static int read_fd(int fd, const char *path, const struct stat *known,
		   size_t max, struct sg_buf *out, sg_error *err)
{
	size_t start = out->len;
	struct stat st;
	char byte;
	ssize_t n;
	int rc = 0;

	if (known)
		st = *known;
	else if (fstat(fd, &st) < 0)
		memset(&st, 0, sizeof(st));
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return sg_error_set(err, SG_EINVALID, path, 0, 0,
				    "is a directory");
	}
	if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > max) {
		close(fd);
		return sg_error_set(err, SG_ELIMIT, path, 0, 0,
				    "file is %lld bytes, over the %zu-byte limit",
				    (long long)st.st_size, max);
	}
	/* a regular file of known size is read in place, asking for one byte
	 * more: exactly its size back is its end, one read where the loop
	 * below takes two (and a copy); anything else goes on there */
	if (S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (uint64_t)st.st_size < max &&
	    (size_t)st.st_size < out->max - out->len &&
	    sg_buf_grow(out, (size_t)st.st_size + 1) == 0) {
		while ((n = read(fd, out->ptr + out->len,
				 (size_t)st.st_size + 1)) < 0 && errno == EINTR)
			;
		if (n < 0) {
			close(fd);
			return sg_error_set(err, SG_EIO, path, 0, 0,
					    "read failed: %s", strerror(errno));
		}
		out->len += (size_t)n;
		if (n == st.st_size)
			goto done;
	}
	rc = sg_read_prefix(fd, path, max - (out->len - start), out, err);
	/* filled to the limit before the end (a pipe, a file that grew): one
	 * byte more says whether it is over; a smaller file ended the read */
	if (rc == 0 && out->len - start == max) {
		while ((n = read(fd, &byte, 1)) < 0 && errno == EINTR)
			;
		if (n < 0)
			rc = sg_error_set(err, SG_EIO, path, 0, 0,
					  "read failed: %s", strerror(errno));
		else if (n > 0)
			rc = sg_error_over_limit(err, path, max);
	}
done:
	close(fd);
	/* An empty file still yields a valid empty C string. */
	if (rc == 0 && sg_buf_put(out, "", 0) < 0)
		rc = sg_error_set(err, SG_ENOMEM, path, 0, 0, "out of memory");
	return rc;
}

/* Opened non-blocking, so a FIFO without a writer does not hold the open;
 * anything but a regular file (which ignores the flag) is then read
 * blocking: a pipe with a writer (`--policy <(...)`) as usual, a FIFO
 * without one as the empty file it is.  The stat is read_fd()'s too. */
int sg_read_file(const char *path, size_t max, struct sg_buf *out,
		 sg_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK), fl;
	struct stat st;

	if (fd < 0)
		return sg_error_set(err, errno == ENOENT ? SG_ENOTFOUND : SG_EIO,
				    path, 0, 0, "cannot open: %s",
				    strerror(errno));
	if (fstat(fd, &st) < 0 ||
	    (!S_ISREG(st.st_mode) &&
	     ((fl = fcntl(fd, F_GETFL)) < 0 ||
	      fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0))) {
		close(fd);
		return sg_error_set(err, SG_EIO, path, 0, 0, "cannot open: %s",
				    strerror(errno));
	}
	return read_fd(fd, path, &st, max, out, err);
}

/* O_NONBLOCK: what a stat said was a file may be a fifo by now, and
 * opening one must not wait for a writer */
static int read_at(int dirfd, const char *name, const char *path,
		   const struct stat *known, size_t max, struct sg_buf *out,
		   sg_error *err)
{
	int fd = openat(dirfd, name,
			O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return sg_error_set(err, errno == ENOENT ? SG_ENOTFOUND : SG_EIO,
				    path, 0, 0, "cannot open: %s",
				    strerror(errno));
	return read_fd(fd, path, known, max, out, err);
}

int sg_read_file_at(int dirfd, const char *name, const char *path,
		    size_t max, struct sg_buf *out, sg_error *err)
{
	return read_at(dirfd, name, path, NULL, max, out, err);
}

static void regular_of_size(struct stat *st, uint64_t size)
{
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFREG;
	st->st_size = size > INT64_MAX ? INT64_MAX : (off_t)size;
}

int sg_read_file_at_size(int dirfd, const char *name, const char *path,
			 uint64_t size, size_t max, struct sg_buf *out,
			 sg_error *err)
{
	struct stat st;

	regular_of_size(&st, size);
	return read_at(dirfd, name, path, &st, max, out, err);
}

int sg_read_fd_size(int fd, const char *path, uint64_t size, size_t max,
		    struct sg_buf *out, sg_error *err)
{
	struct stat st;

	regular_of_size(&st, size);
	return read_fd(fd, path, &st, max, out, err);
}

int sg_write_file_atomic(const char *path, const void *data, size_t len,
			 sg_error *err)
{
	const char *p = data;
	char *tmp;
	size_t n = strlen(path);
	struct stat st;
	int fd;

	/* rename() would replace a FIFO, socket or device node itself (as
	 * root, /dev/null); a link is replaced, never followed (the command
	 * line writes reports to FIFOs and devices in place itself) */
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode) &&
	    !S_ISLNK(st.st_mode) && !S_ISDIR(st.st_mode))
		return sg_error_set(err, SG_EIO, path, 0, 0,
				    "not a regular file: not replaced");
	tmp = malloc(n + 16);
	if (!tmp)
		return sg_error_set(err, SG_ENOMEM, path, 0, 0, "out of memory");
	memcpy(tmp, path, n);
	memcpy(tmp + n, ".tmp.XXXXXX", 12);
	fd = mkstemp(tmp);
	if (fd < 0) {
		int e = errno;

		free(tmp);
		return sg_error_set(err, SG_EIO, path, 0, 0,
				    "cannot create temporary file: %s",
				    strerror(e));
	}
	while (len > 0) {
		ssize_t w = write(fd, p, len);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		p += w;
		len -= (size_t)w;
	}
	/* mkstemp creates 0600; reports are ordinary files. */
	if (fchmod(fd, 0644) < 0 || fsync(fd) < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) < 0)
		goto fail;
	free(tmp);
	return 0;
fail:
	{
		int e = errno;

		if (fd >= 0)
			close(fd);
		unlink(tmp);
		free(tmp);
		return sg_error_set(err, SG_EIO, path, 0, 0,
				    "cannot write: %s", strerror(e));
	}
}

bool sg_path_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool sg_path_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* Deeper than this, a directory missing from the cache is resolved by
 * realpath(3) instead of through its parent (the recursion is bounded). */
#define REALDIR_DEPTH 32

static const char *realdir(struct sg_realdir *cache, const char *path,
			   int depth);

/*
 * A directory that is not a symlink is its parent's real path plus its
 * name: one lstat, where realpath(3) reads every component.  False when
 * `dir` is not such a directory (or is the root, ".", "..").
 */
static bool via_parent(struct sg_realdir *cache, const char *dir,
		       int depth, char real[PATH_MAX])
{
	const char *slash = strrchr(dir, '/');
	const char *base = slash ? slash + 1 : dir, *up;
	struct stat st;

	return *dir && *base && strcmp(base, ".") && strcmp(base, "..") &&
	       depth < REALDIR_DEPTH && lstat(dir, &st) == 0 &&
	       S_ISDIR(st.st_mode) && (up = realdir(cache, dir, depth + 1)) &&
	       (size_t)snprintf(real, PATH_MAX, "%s%s%s", up,
				strcmp(up, "/") ? "/" : "", base) < PATH_MAX;
}

static struct sg_realdir_slot *realdir_slot(struct sg_realdir *cache,
					    const char *path, int depth);

/* Empty `s`: its directory closed, its paths freed. */
static void slot_clear(struct sg_realdir_slot *s)
{
	if (s->has_fd)
		close(s->fd);
	free(s->dir);
	memset(s, 0, sizeof(*s));
}

static const char *realdir(struct sg_realdir *cache, const char *path,
			   int depth)
{
	struct sg_realdir_slot *s = realdir_slot(cache, path, depth);

	return s ? s->real : NULL;
}

/* The slot of the directory `path` is in, from the cache or resolved and
 * kept in the least recently used one. */
static struct sg_realdir_slot *realdir_slot(struct sg_realdir *cache,
					    const char *path, int depth)
{
	const char *slash = strrchr(path, '/');
	size_t dlen = slash ? (size_t)(slash - path) : 0;
	/* the key is the path up to and with its last slash: "" for "x" */
	size_t klen = slash ? dlen + 1 : 0, i;
	struct sg_realdir_slot *s, *lru;
	char dir[PATH_MAX], real[PATH_MAX], *block;
	size_t rlen;

	for (i = 0; i < SG_ARRAY_SIZE(cache->slot); i++) {
		s = &cache->slot[i];
		if (s->used && s->len == klen &&
		    memcmp(s->dir, path, klen) == 0) {
			s->used = ++cache->tick;
			return s;
		}
	}
	if (dlen >= sizeof(dir))
		return NULL;
	memcpy(dir, path, dlen);
	dir[dlen] = '\0';
	if (!via_parent(cache, dir, depth, real) &&
	    !realpath(slash ? (dlen ? dir : "/") : ".", real))
		return NULL;
	/* after the recursion's own uses */
	lru = &cache->slot[0];
	for (i = 1; i < SG_ARRAY_SIZE(cache->slot); i++)
		if (cache->slot[i].used < lru->used)
			lru = &cache->slot[i];
	rlen = strlen(real);
	if (!(block = malloc(klen + rlen + 2)))
		return NULL;
	slot_clear(lru);
	lru->dir = block;
	memcpy(lru->dir, path, klen);
	lru->dir[klen] = '\0';
	lru->real = block + klen + 1;
	memcpy(lru->real, real, rlen + 1);
	lru->len = klen;
	lru->used = ++cache->tick;
	return lru;
}

/* The slot's directory open (once): -1 when it cannot be. */
static int slot_fd(struct sg_realdir_slot *s)
{
	if (!s->has_fd) {
		s->fd = open(s->real, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		s->has_fd = s->fd >= 0;
	}
	return s->has_fd ? s->fd : -1;
}

void sg_realdir_release(struct sg_realdir *cache)
{
	size_t i;

	for (i = 0; i < SG_ARRAY_SIZE(cache->slot); i++)
		slot_clear(&cache->slot[i]);
	cache->tick = 0;
}

const char *sg_realdir_cached(struct sg_realdir *cache, const char *path)
{
	return realdir(cache, path, 0);
}

char *sg_realpath_cached(struct sg_realdir *cache, const char *path, char *out,
			 struct stat *stp, int *dirfd)
{
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path, *real;
	struct stat tmp, *st = stp ? stp : &tmp;
	struct sg_realdir_slot *dir;
	int fd;

	if (dirfd)
		*dirfd = -1;
	memset(st, 0, sizeof(*st));
	/* ".", ".." and trailing slashes are not names */
	if (!*name || !strcmp(name, ".") || !strcmp(name, ".."))
		return realpath(path, out);
	/* for a caller that goes on to use the directory, the name looked up
	 * in it, open once for all its files: the kernel walks one name, not
	 * the whole path; without, one lstat costs less than an open, a
	 * lookup and a close where most files have a directory of their own */
	dir = realdir_slot(cache, path, 0);
	fd = dir && dirfd ? slot_fd(dir) : -1;
	if (fd >= 0 ? fstatat(fd, name, st, AT_SYMLINK_NOFOLLOW) < 0
		    : lstat(path, st) < 0) {
		memset(st, 0, sizeof(*st));
		/* a name missing from a directory that resolves: realpath's
		 * answer too (lint asks for many absent .dockerignore files) */
		if (errno == ENOENT && dir) {
			errno = ENOENT;
			return NULL;
		}
		return realpath(path, out);
	}
	/* a symlink takes the full walk */
	if (S_ISLNK(st->st_mode) || !dir)
		return realpath(path, out);
	real = dir->real;
	if ((size_t)snprintf(out, PATH_MAX, "%s%s%s", real,
			     strcmp(real, "/") ? "/" : "", name) >= PATH_MAX)
		return realpath(path, out);
	if (dirfd)
		*dirfd = fd;
	return out;
}

/* `cpus` capped by `quota` microseconds of CPU per `period`, rounded up. */
static unsigned int quota_cap(uint64_t quota, uint64_t period,
			      unsigned int cpus)
{
	uint64_t need;

	if (quota == 0 || period == 0)
		return cpus;
	need = quota / period + (quota % period != 0);
	return need < cpus ? (unsigned int)need : cpus;
}

unsigned int sg_cpu_max_cap(const char *cpu_max, unsigned int cpus)
{
	const char *sp = strchr(cpu_max, ' ');
	uint64_t quota, period;

	/* "max 100000" (no limit) and anything unreadable leave `cpus` */
	if (!sp ||
	    sg_parse_u64(cpu_max, (size_t)(sp - cpu_max), &quota) < 0 ||
	    sg_parse_u64(sp + 1, strcspn(sp + 1, " \n"), &period) < 0)
		return cpus;
	return quota_cap(quota, period, cpus);
}

/* The first line of a small file (capped read), or "" */
static const char *first_line(const char *path, struct sg_buf *b)
{
	sg_buf_clear(b);
	if (sg_read_file(path, b->max, b, NULL) < 0 || !b->ptr)
		return "";
	b->ptr[strcspn(b->ptr, "\n")] = '\0';
	return b->ptr;
}

unsigned int sg_usable_cpus(void)
{
	struct sg_buf b = SG_BUF_INIT(4096);
	char path[PATH_MAX];
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned int cpus = online > 0 ? (unsigned int)online : 1;
	const char *line, *v1;
	cpu_set_t set;
	uint64_t quota, period;

	if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0)
		cpus = (unsigned int)CPU_COUNT(&set);
	/* cgroup v2: our group's cpu.max (its path from /proc/self/cgroup,
	 * "0::/path"), or the namespace root's, as inside a container */
	line = first_line("/proc/self/cgroup", &b);
	if (strncmp(line, "0::/", 4) == 0 &&
	    (size_t)snprintf(path, sizeof(path), "/sys/fs/cgroup%s/cpu.max",
			     line + 3) < sizeof(path)) {
		line = first_line(path, &b);
		if (!*line)
			line = first_line("/sys/fs/cgroup/cpu.max", &b);
		cpus = sg_cpu_max_cap(line, cpus);
	}
	/* cgroup v1: a quota of -1 (no limit) does not parse */
	v1 = first_line("/sys/fs/cgroup/cpu/cpu.cfs_quota_us", &b);
	if (sg_parse_u64(v1, strlen(v1), &quota) == 0) {
		v1 = first_line("/sys/fs/cgroup/cpu/cpu.cfs_period_us", &b);
		if (sg_parse_u64(v1, strlen(v1), &period) == 0)
			cpus = quota_cap(quota, period, cpus);
	}
	sg_buf_release(&b);
	return cpus ? cpus : 1;
}

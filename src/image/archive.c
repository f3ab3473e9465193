/*
 * archive.c: the bytes of an image.  A container is the file the user named:
 * a tar (plain, or wrapped in gzip/zstd) or an OCI layout directory.  Layer
 * blobs are streamed from it through two chained libarchive readers.
 *
 * Entry order in the outer tar is not assumed (Docker writes manifest.json
 * last, containerd sorts by name).  The trade-off we chose: one indexing
 * pass reads only headers (name, type, size, link target, header offset),
 * skipping data with lseek, so it costs one header read per entry whatever
 * the archive's size.  Afterwards each file is read where it lies:
 * - plain tar on a regular file: lseek to the entry's header offset and
 *   start a fresh tar reader there, so layers stream in manifest order
 *   without rereading anything else (O(archive) in total);
 * - compressed outer tar or a pipe-like file (no seeking): reopen and skip
 *   forward to the entry, so each layer costs a decompression of everything
 *   before it (O(layers x archive)).  Such archives are rare (`docker save
 *   | gzip`); spooling to disk would be faster but the gate never writes.
 *
 * Layers: blob bytes -> sha256 (blob digest) -> libarchive "raw" reader
 * with the gzip and zstd filters, which picks the decompressor from the
 * first bytes (never from the media type) -> sha256 (diff_id) + caps ->
 * libarchive tar reader.  Both digests are computed on a second thread
 * (hashpipe.h) while this one decodes.  Filters that would run an external program
 * (libarchive falls back to `zstd -d` when built without libzstd) are
 * refused: the gate never executes anything.
 */
#include "util/compat.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image/archive.h"
#include "image/hashpipe.h"
#include "util/arena.h"
#include "util/dynlib.h"
#include "util/path.h"
#include "util/strmap.h"

#define CHUNK 65536
#define MAX_LINK_HOPS 8

enum centry_type { CE_FILE, CE_DIR, CE_SYMLINK, CE_HARDLINK, CE_OTHER };

struct centry {
	const char *name;
	enum centry_type type;
	uint64_t size;
	int64_t offset;         /* header position in the (uncompressed) tar */
	size_t ordinal;
	const char *link;       /* normalised, archive-relative; NULL if unsafe */
};

struct img_container {
	struct sg_arena arena;
	const char *path;
	bool is_dir;
	bool seekable;
	int filter;             /* ARCHIVE_FILTER_* of the outer tar */
	struct sg_strmap index; /* name -> struct centry */
	size_t nentries;
};

struct img_source {
	struct img_container *c;
	int fd;
	struct archive *a;
	const struct centry *e;
	unsigned char buf[CHUNK];
};

static int add_filters(struct archive *a)
{
	/* ARCHIVE_WARN means "through an external program": refuse it. */
	if (archive_read_support_filter_gzip(a) != ARCHIVE_OK)
		return -1;
	if (archive_read_support_filter_zstd(a) != ARCHIVE_OK)
		return -1;
	return 0;
}

static const char *entry_name(struct archive_entry *ae)
{
	const char *n = archive_entry_pathname(ae);

	return n ? n : "";
}

static int index_entry(struct img_container *c, struct archive *a,
		       struct archive_entry *ae, size_t ordinal)
{
	const char *raw = entry_name(ae);
	size_t len = strlen(raw);
	char *name = sg_arena_alloc(&c->arena, len + 1);
	struct centry *e;
	long n;

	if (!name)
		return SG_ENOMEM;
	n = sg_path_normalize(raw, len, name);
	if (n <= 0)
		return 0;   /* "../x" or the root: nothing can refer to it */
	e = sg_arena_calloc(&c->arena, 1, sizeof(*e));
	if (!e)
		return SG_ENOMEM;
	e->name = name;
	e->size = (uint64_t)archive_entry_size(ae);
	e->offset = archive_read_header_position(a);
	e->ordinal = ordinal;
	switch (archive_entry_filetype(ae)) {
	case AE_IFREG:
		e->type = archive_entry_hardlink(ae) ? CE_HARDLINK : CE_FILE;
		break;
	case AE_IFDIR:
		e->type = CE_DIR;
		break;
	case AE_IFLNK:
		e->type = CE_SYMLINK;
		break;
	default:
		e->type = archive_entry_hardlink(ae) ? CE_HARDLINK : CE_OTHER;
		break;
	}
	if (e->type == CE_SYMLINK || e->type == CE_HARDLINK) {
		const char *t = e->type == CE_SYMLINK
				? archive_entry_symlink(ae)
				: archive_entry_hardlink(ae);
		size_t tl = t ? strlen(t) : 0;
		size_t dl = e->type == CE_SYMLINK ? sg_path_dirlen(name) : 0;
		char *joined = sg_arena_alloc(&c->arena, dl + tl + 2);
		char *norm = sg_arena_alloc(&c->arena, dl + tl + 2);

		if (!joined || !norm)
			return SG_ENOMEM;
		/* Symlinks are relative to their directory, absolute ones
		 * to the archive root; hardlinks name an archive path. */
		if (t && t[0] == '/')
			dl = 0;
		memcpy(joined, name, dl);
		joined[dl] = '/';
		memcpy(joined + dl + 1, t ? t : "", tl);
		joined[dl + 1 + tl] = '\0';
		e->link = sg_path_normalize(joined, dl + 1 + tl, norm) > 0
			  ? norm : NULL;
	}
	return sg_strmap_put(&c->index, name, e, NULL);
}

static int index_tar(struct img_container *c, const struct img_limits *lim,
		     sg_error *err)
{
	struct archive *a = archive_read_new();
	struct archive_entry *ae;
	size_t ordinal = 0;
	int r, rc = 0;

	if (!a)
		return sg_error_set(err, SG_ENOMEM, c->path, 0, 0,
				    "out of memory");
	if (add_filters(a) < 0 || archive_read_support_format_tar(a) != ARCHIVE_OK) {
		rc = sg_error_set(err, SG_ERROR, c->path, 0, 0,
				  "libarchive lacks built-in gzip/zstd/tar support");
		goto done;
	}
	if (archive_read_open_filename(a, c->path, CHUNK) != ARCHIVE_OK) {
		/* the file exists (stat'ed): an open failure is its format */
		rc = sg_error_set(err, SG_EINVALID, c->path, 0, 0,
				  "not a tar archive or OCI layout directory: %s",
				  archive_error_string(a));
		goto done;
	}
	while ((r = archive_read_next_header(a, &ae)) == ARCHIVE_OK ||
	       r == ARCHIVE_WARN) {
		if (ordinal == 0)
			c->filter = archive_filter_code(a, 0);
		if (ordinal >= lim->max_entries) {
			rc = sg_error_set(err, SG_ELIMIT, c->path, 0, 0,
					  "more than %zu entries in the archive",
					  lim->max_entries);
			goto done;
		}
		rc = index_entry(c, a, ae, ordinal++);
		if (rc < 0) {
			sg_error_set(err, rc, c->path, 0, 0, "out of memory");
			goto done;
		}
		if (archive_read_data_skip(a) != ARCHIVE_OK) {
			r = ARCHIVE_FATAL;
			break;
		}
	}
	if (r != ARCHIVE_EOF) {
		const char *why = archive_error_string(a);

		if (ordinal)
			rc = sg_error_set(err, SG_EINVALID, c->path, 0, 0,
					  "corrupt archive after %zu entries: %s",
					  ordinal, why ? why : "unreadable");
		else
			rc = sg_error_set(err, SG_EINVALID, c->path, 0, 0,
					  "not a tar archive or OCI layout "
					  "directory: %s",
					  why ? why : "unreadable");
		goto done;
	}
	c->nentries = ordinal;
	/* Seek-and-restart needs an uncompressed tar in a regular file. */
	{
		struct stat st;

		c->seekable = c->filter == ARCHIVE_FILTER_NONE &&
			      stat(c->path, &st) == 0 && S_ISREG(st.st_mode);
	}
done:
	archive_read_free(a);
	return rc;
}

int img_container_open(struct img_container **out, const char *path,
		       const struct img_limits *lim, sg_error *err)
{
	struct img_container *c = calloc(1, sizeof(*c));
	struct stat st;
	int rc;

	*out = NULL;
	if (!c)
		return sg_error_set(err, SG_ENOMEM, path, 0, 0, "out of memory");
	/* layers are read and hashed */
	if ((rc = sg_dynlib_load(SG_DYNLIB_ARCHIVE, err)) < 0 ||
	    (rc = sg_dynlib_load(SG_DYNLIB_CRYPTO, err)) < 0) {
		free(c);
		return rc;
	}
	sg_arena_init(&c->arena);
	c->path = sg_arena_strdup(&c->arena, path);
	if (!c->path) {
		rc = sg_error_set(err, SG_ENOMEM, path, 0, 0, "out of memory");
		goto fail;
	}
	if (stat(path, &st) < 0) {
		rc = sg_error_set(err, errno == ENOENT ? SG_ENOTFOUND : SG_EIO,
				  path, 0, 0, "cannot open: %s", strerror(errno));
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		c->is_dir = true;
		*out = c;
		return 0;
	}
	/* a pipe cannot be read twice (the index, then each layer), and a
	 * FIFO without a writer would block the open */
	if (!S_ISREG(st.st_mode)) {
		rc = sg_error_set(err, SG_EINVALID, path, 0, 0,
				  "not a regular file or directory (an image "
				  "is read more than once: save it to a file)");
		goto fail;
	}
	rc = index_tar(c, lim, err);
	if (rc < 0)
		goto fail;
	*out = c;
	return 0;
fail:
	img_container_free(c);
	return rc;
}

void img_container_free(struct img_container *c)
{
	if (!c)
		return;
	sg_strmap_release(&c->index);
	sg_arena_release(&c->arena);
	free(c);
}

const char *img_container_kind(const struct img_container *c)
{
	if (c->is_dir)
		return "directory";
	if (c->filter == ARCHIVE_FILTER_GZIP)
		return "tar+gzip";
	if (c->filter == ARCHIVE_FILTER_ZSTD)
		return "tar+zstd";
	return "tar";
}

/* Follow symlink/hardlink entries to a regular file; NULL if none. */
static const struct centry *resolve(struct img_container *c, const char *name,
				    bool *unsafe)
{
	const struct centry *e = sg_strmap_get(&c->index, name);
	int hops = 0;

	while (e && (e->type == CE_SYMLINK || e->type == CE_HARDLINK)) {
		if (!e->link || ++hops > MAX_LINK_HOPS) {
			if (unsafe)
				*unsafe = !e->link;
			return NULL;
		}
		e = sg_strmap_get(&c->index, e->link);
	}
	return e && e->type == CE_FILE ? e : NULL;
}

static int dir_path(struct img_container *c, const char *name, char *out,
		    size_t size)
{
	int n = snprintf(out, size, "%s/%s", c->path, name);

	return n < 0 || (size_t)n >= size ? -1 : 0;
}

bool img_container_has(struct img_container *c, const char *name)
{
	if (c->is_dir) {
		char p[PATH_MAX];
		struct stat st;

		return dir_path(c, name, p, sizeof(p)) == 0 &&
		       stat(p, &st) == 0 && S_ISREG(st.st_mode);
	}
	return resolve(c, name, NULL) != NULL;
}

static la_ssize_t fd_read(struct archive *a, void *data, const void **buf)
{
	struct img_source *s = data;
	ssize_t n;

	SG_UNUSED(a);
	*buf = s->buf;
	do {
		n = read(s->fd, s->buf, sizeof(s->buf));
	} while (n < 0 && errno == EINTR);
	return n;
}

static la_int64_t fd_skip(struct archive *a, void *data, la_int64_t request)
{
	struct img_source *s = data;

	SG_UNUSED(a);
	if (lseek(s->fd, request, SEEK_CUR) < 0)
		return 0;
	return request;
}

int img_source_open(struct img_container *c, const char *name,
		    struct img_source **out, sg_error *err)
{
	struct img_source *s = calloc(1, sizeof(*s));
	struct archive_entry *ae;
	struct stat st;
	bool unsafe = false;
	int rc = 0, r;

	*out = NULL;
	if (!s)
		return sg_error_set(err, SG_ENOMEM, c->path, 0, 0, "out of memory");
	s->c = c;
	s->fd = -1;
	if (c->is_dir) {
		char p[PATH_MAX];

		if (dir_path(c, name, p, sizeof(p)) < 0) {
			rc = sg_error_set(err, SG_ELIMIT, c->path, 0, 0,
					  "path too long: %s", name);
			goto fail;
		}
		/* non-blocking: a FIFO in the layout must not wait for a
		 * writer; it is refused below, as a device would be */
		s->fd = open(p, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
		if (s->fd < 0) {
			rc = sg_error_set(err, errno == ENOENT ? SG_ENOTFOUND
							       : SG_EIO,
					  c->path, 0, 0, "cannot open %s: %s",
					  name, strerror(errno));
			goto fail;
		}
		if (fstat(s->fd, &st) < 0 || !S_ISREG(st.st_mode)) {
			rc = sg_error_set(err, SG_EINVALID, c->path, 0, 0,
					  "%s is not a regular file", name);
			goto fail;
		}
		*out = s;
		return 0;
	}
	s->e = resolve(c, name, &unsafe);
	if (!s->e) {
		rc = unsafe ? sg_error_set(err, SG_EUNSAFE, c->path, 0, 0,
					   "'%s' links outside the archive", name)
			    : sg_error_set(err, SG_ENOTFOUND, c->path, 0, 0,
					   "'%s' is not a file in the archive",
					   name);
		goto fail;
	}
	s->a = archive_read_new();
	if (!s->a) {
		rc = sg_error_set(err, SG_ENOMEM, c->path, 0, 0, "out of memory");
		goto fail;
	}
	if (c->seekable) {
		s->fd = open(c->path, O_RDONLY | O_CLOEXEC);
		if (s->fd < 0 || lseek(s->fd, s->e->offset, SEEK_SET) < 0) {
			rc = sg_error_set(err, SG_EIO, c->path, 0, 0,
					  "cannot reopen: %s", strerror(errno));
			goto fail;
		}
		archive_read_support_format_tar(s->a);
		archive_read_set_read_callback(s->a, fd_read);
		archive_read_set_skip_callback(s->a, fd_skip);
		archive_read_set_callback_data(s->a, s);
		if (archive_read_open1(s->a) != ARCHIVE_OK ||
		    archive_read_next_header(s->a, &ae) < ARCHIVE_WARN) {
			rc = sg_error_set(err, SG_EIO, c->path, 0, 0,
					  "cannot reread %s: %s", name,
					  archive_error_string(s->a));
			goto fail;
		}
	} else {
		size_t i = 0;

		add_filters(s->a);
		archive_read_support_format_tar(s->a);
		if (archive_read_open_filename(s->a, c->path, CHUNK) != ARCHIVE_OK) {
			rc = sg_error_set(err, SG_EIO, c->path, 0, 0,
					  "cannot reopen: %s",
					  archive_error_string(s->a));
			goto fail;
		}
		for (;;) {
			r = archive_read_next_header(s->a, &ae);
			if (r < ARCHIVE_WARN) {
				rc = sg_error_set(err, SG_EIO, c->path, 0, 0,
						  "cannot reread %s: %s", name,
						  archive_error_string(s->a));
				goto fail;
			}
			if (i++ == s->e->ordinal)
				break;
			archive_read_data_skip(s->a);
		}
	}
	*out = s;
	return 0;
fail:
	img_source_close(s);
	return rc;
}

long img_source_read(struct img_source *s, const void **buf, sg_error *err)
{
	if (!s->a) {
		ssize_t n = fd_read(NULL, s, buf);

		if (n < 0)
			return sg_error_set(err, SG_EIO, s->c->path, 0, 0,
					    "read error: %s", strerror(errno));
		return (long)n;
	}
	for (;;) {
		size_t size = 0;
		la_int64_t off;
		int r = archive_read_data_block(s->a, buf, &size, &off);

		if (r == ARCHIVE_EOF)
			return 0;
		if (r < ARCHIVE_WARN)
			return sg_error_set(err, SG_EINVALID, s->c->path, 0, 0,
					    "truncated or corrupt entry %s: %s",
					    s->e->name,
					    archive_error_string(s->a));
		if (size > 0)
			return (long)size;
	}
}

void img_source_close(struct img_source *s)
{
	if (!s)
		return;
	if (s->a)
		archive_read_free(s->a);
	if (s->fd >= 0)
		close(s->fd);
	free(s);
}

int img_container_read(struct img_container *c, const char *name, size_t max,
		       struct sg_buf *out, sg_error *err)
{
	struct img_source *s;
	const void *p;
	long n;
	int rc = img_source_open(c, name, &s, err);

	if (rc < 0)
		return rc;
	while ((n = img_source_read(s, &p, err)) > 0) {
		if (out->len + (size_t)n > max) {
			rc = sg_error_set(err, SG_ELIMIT, c->path, 0, 0,
					  "%s is larger than %zu bytes", name, max);
			goto done;
		}
		if (sg_buf_put(out, p, (size_t)n) < 0) {
			rc = sg_error_set(err, SG_ENOMEM, c->path, 0, 0,
					  "out of memory");
			goto done;
		}
	}
	rc = n < 0 ? (int)n : 0;
done:
	img_source_close(s);
	return rc;
}

/* ---- layer streams ---------------------------------------------------- */

enum { HASH_BLOB, HASH_DIFF };  /* the hash pipe's two contexts */

struct img_layer_stream {
	struct img_source *src;
	struct archive *raw;
	struct archive *tar;
	struct sg_sha256 blob_sha, diff_sha;
	struct img_hashpipe *pipe;      /* hashes both on its own thread */
	bool blob_open, diff_open;
	uint64_t stored, size;
	uint64_t *image_bytes;
	const struct img_limits *lim;
	const char *what;
	enum img_compression comp;
	sg_error cb_err;
	int cb_code;
	unsigned char buf[CHUNK];
};

static la_ssize_t raw_read(struct archive *a, void *data, const void **buf)
{
	struct img_layer_stream *ls = data;
	long n = img_source_read(ls->src, buf, &ls->cb_err);

	SG_UNUSED(a);
	if (n < 0) {
		ls->cb_code = (int)n;
		return ARCHIVE_FATAL;
	}
	img_hashpipe_copy(ls->pipe, HASH_BLOB, *buf, (size_t)n);
	ls->stored += (uint64_t)n;
	return n;
}

static la_ssize_t tar_read(struct archive *a, void *data, const void **buf)
{
	struct img_layer_stream *ls = data;
	la_ssize_t n;

	SG_UNUSED(a);
	if (ls->cb_code < 0)
		return ARCHIVE_FATAL;
	n = archive_read_data(ls->raw, ls->buf, sizeof(ls->buf));
	if (n < 0) {
		if (ls->cb_code == 0)
			ls->cb_code = sg_error_set(&ls->cb_err, SG_EINVALID,
						   NULL, 0, 0,
						   "%s: cannot decompress: %s",
						   ls->what,
						   archive_error_string(ls->raw));
		return ARCHIVE_FATAL;
	}
	*buf = ls->buf;
	/* uncompressed: the blob digest is the diff_id, hash once */
	if (ls->comp != IMG_COMP_NONE)
		img_hashpipe_copy(ls->pipe, HASH_DIFF, ls->buf, (size_t)n);
	ls->size += (uint64_t)n;
	*ls->image_bytes += (uint64_t)n;
	if (*ls->image_bytes > ls->lim->max_bytes) {
		ls->cb_code = sg_error_set(&ls->cb_err, SG_ELIMIT, NULL, 0, 0,
					   "%s: image expands past %llu bytes "
					   "(decompression bomb?)", ls->what,
					   (unsigned long long)ls->lim->max_bytes);
		return ARCHIVE_FATAL;
	}
	if (ls->size > ls->lim->ratio_floor &&
	    ls->size / (ls->stored ? ls->stored : 1) > ls->lim->max_ratio) {
		ls->cb_code = sg_error_set(&ls->cb_err, SG_ELIMIT, NULL, 0, 0,
					   "%s: expands more than %llu:1 "
					   "(decompression bomb)", ls->what,
					   (unsigned long long)ls->lim->max_ratio);
		return ARCHIVE_FATAL;
	}
	return n;
}

int img_layer_open(struct img_layer_stream **out, struct img_source *src,
		   const char *what, const struct img_limits *lim,
		   uint64_t *image_bytes, sg_error *err)
{
	struct img_layer_stream *ls = calloc(1, sizeof(*ls));
	struct archive_entry *ae;
	int rc = 0, r;

	*out = NULL;
	if (!ls)
		return sg_error_set(err, SG_ENOMEM, NULL, 0, 0, "out of memory");
	ls->src = src;
	ls->what = what;
	ls->lim = lim;
	ls->image_bytes = image_bytes;
	if (sg_sha256_init(&ls->blob_sha) < 0 ||
	    (ls->blob_open = true, sg_sha256_init(&ls->diff_sha) < 0)) {
		rc = sg_error_set(err, SG_ENOMEM, NULL, 0, 0, "out of memory");
		goto fail;
	}
	ls->diff_open = true;
	if (img_hashpipe_new(&ls->pipe, &ls->blob_sha, &ls->diff_sha) < 0) {
		rc = sg_error_set(err, SG_ENOMEM, NULL, 0, 0, "out of memory");
		goto fail;
	}
	ls->raw = archive_read_new();
	ls->tar = archive_read_new();
	if (!ls->raw || !ls->tar) {
		rc = sg_error_set(err, SG_ENOMEM, NULL, 0, 0, "out of memory");
		goto fail;
	}
	if (add_filters(ls->raw) < 0 ||
	    archive_read_support_format_raw(ls->raw) != ARCHIVE_OK ||
	    archive_read_support_format_tar(ls->tar) != ARCHIVE_OK ||
	    archive_read_support_format_empty(ls->tar) != ARCHIVE_OK) {
		rc = sg_error_set(err, SG_ERROR, NULL, 0, 0,
				  "libarchive lacks built-in gzip/zstd/tar support");
		goto fail;
	}
	archive_read_set_read_callback(ls->raw, raw_read);
	archive_read_set_callback_data(ls->raw, ls);
	r = archive_read_open1(ls->raw);
	if (r == ARCHIVE_OK)
		r = archive_read_next_header(ls->raw, &ae);
	if (r != ARCHIVE_OK) {
		if (ls->cb_code < 0) {
			rc = sg_error_set(err, ls->cb_code, NULL, 0, 0, "%s",
					  ls->cb_err.message);
			goto fail;
		}
		rc = sg_error_set(err, SG_EINVALID, NULL, 0, 0,
				  "%s: unreadable blob: %s", what,
				  r == ARCHIVE_EOF ? "empty"
						   : archive_error_string(ls->raw));
		goto fail;
	}
	switch (archive_filter_code(ls->raw, 0)) {
	case ARCHIVE_FILTER_GZIP:
		ls->comp = IMG_COMP_GZIP;
		break;
	case ARCHIVE_FILTER_ZSTD:
		ls->comp = IMG_COMP_ZSTD;
		break;
	default:
		ls->comp = IMG_COMP_NONE;
		break;
	}
	archive_read_set_read_callback(ls->tar, tar_read);
	archive_read_set_callback_data(ls->tar, ls);
	if (archive_read_open1(ls->tar) != ARCHIVE_OK) {
		rc = sg_error_set(err, SG_EINVALID, NULL, 0, 0,
				  "%s: cannot read: %s", what,
				  archive_error_string(ls->tar));
		goto fail;
	}
	*out = ls;
	return 0;
fail:
	img_layer_free(ls);
	return rc;
}

struct archive *img_layer_archive(struct img_layer_stream *ls)
{
	return ls->tar;
}

enum img_compression img_layer_compression(const struct img_layer_stream *ls)
{
	return ls->comp;
}

int img_layer_error(struct img_layer_stream *ls, sg_error *err)
{
	if (ls->cb_code < 0)
		return sg_error_set(err, ls->cb_code, NULL, 0, 0, "%s",
				    ls->cb_err.message);
	return sg_error_set(err, SG_EINVALID, NULL, 0, 0,
			    "%s: truncated or corrupt tar: %s", ls->what,
			    archive_error_string(ls->tar));
}

int img_layer_finish(struct img_layer_stream *ls, char blob[SG_SHA256_HEX],
		     char diff[SG_SHA256_HEX], uint64_t *stored,
		     uint64_t *size, sg_error *err)
{
	unsigned char md[SG_SHA256_LEN];
	const void *p;
	long n;

	/* Whatever the tar reader did not need still counts for diff_id
	 * (end-of-archive padding) and for the blob digest (bytes after
	 * the compressed stream). */
	for (;;) {
		la_ssize_t r = tar_read(NULL, ls, &p);

		if (r == 0)
			break;
		if (r < 0)
			return img_layer_error(ls, err);
	}
	while ((n = img_source_read(ls->src, &p, &ls->cb_err)) > 0) {
		img_hashpipe_copy(ls->pipe, HASH_BLOB, p, (size_t)n);
		ls->stored += (uint64_t)n;
	}
	if (n < 0)
		return sg_error_set(err, (int)n, NULL, 0, 0, "%s",
				    ls->cb_err.message);
	if (img_hashpipe_drain(ls->pipe) < 0)
		return sg_error_set(err, SG_ERROR, NULL, 0, 0, "sha256 failed");
	ls->blob_open = ls->diff_open = false;
	if (sg_sha256_final(&ls->blob_sha, md) < 0)
		return sg_error_set(err, SG_ERROR, NULL, 0, 0, "sha256 failed");
	sg_hex(md, sizeof(md), blob);
	if (ls->comp == IMG_COMP_NONE) {
		sg_sha256_release(&ls->diff_sha);
		memcpy(diff, blob, SG_SHA256_HEX);
	} else {
		if (sg_sha256_final(&ls->diff_sha, md) < 0)
			return sg_error_set(err, SG_ERROR, NULL, 0, 0,
					    "sha256 failed");
		sg_hex(md, sizeof(md), diff);
	}
	*stored = ls->stored;
	*size = ls->size;
	return 0;
}

void img_layer_free(struct img_layer_stream *ls)
{
	if (!ls)
		return;
	if (ls->tar)
		archive_read_free(ls->tar);
	if (ls->raw)
		archive_read_free(ls->raw);
	/* before the contexts it feeds are released */
	img_hashpipe_free(ls->pipe);
	if (ls->blob_open)
		sg_sha256_release(&ls->blob_sha);
	if (ls->diff_open)
		sg_sha256_release(&ls->diff_sha);
	free(ls);
}

/*
 * archive.h: where image files come from (a tar, possibly compressed, or an
 * OCI layout directory) and how a layer blob becomes a stream of tar entries.
 * Internal to src/image/.
 */
#ifndef SG_IMAGE_ARCHIVE_H
#define SG_IMAGE_ARCHIVE_H

#include "util/compat.h"
#include "util/buf.h"
#include "util/sha256.h"
#include "image/image.h"

struct archive;
struct img_container;
struct img_source;

/* Open a tar (plain, gzip or zstd) or a directory and index its names. */
int img_container_open(struct img_container **out, const char *path,
		       const struct img_limits *lim, sg_error *err);
void img_container_free(struct img_container *c);

/* "tar", "tar+gzip", "tar+zstd" or "directory". */
const char *img_container_kind(const struct img_container *c);

/* Whether `name` (archive-relative, links followed) is a regular file. */
bool img_container_has(struct img_container *c, const char *name);

/* Read a small file (at most `max` bytes, else SG_ELIMIT) into `out`. */
int img_container_read(struct img_container *c, const char *name, size_t max,
		       struct sg_buf *out, sg_error *err);

/* A byte stream over one file of the container. */
int img_source_open(struct img_container *c, const char *name,
		    struct img_source **out, sg_error *err);
/* Next chunk: > 0 bytes, 0 at the end, < 0 (err set) on failure. */
long img_source_read(struct img_source *s, const void **buf, sg_error *err);
void img_source_close(struct img_source *s);

/*
 * A layer: the blob's bytes are hashed as they are read (blob digest),
 * decompressed according to their first bytes (gzip, zstd or none), hashed
 * again (diff_id) and parsed as tar.  Iterate `img_layer_archive()` with
 * archive_read_next_header/archive_read_data*, then img_layer_finish()
 * drains what the tar reader left (padding) so both digests cover every
 * byte.  Caps on size and ratio turn a bomb into SG_ELIMIT.
 */
struct img_layer_stream;

int img_layer_open(struct img_layer_stream **out, struct img_source *src,
		   const char *what, const struct img_limits *lim,
		   uint64_t *image_bytes, sg_error *err);
struct archive *img_layer_archive(struct img_layer_stream *ls);
enum img_compression img_layer_compression(const struct img_layer_stream *ls);
/* The error that stopped the tar reader, when it came from a callback. */
int img_layer_error(struct img_layer_stream *ls, sg_error *err);
int img_layer_finish(struct img_layer_stream *ls, char blob[SG_SHA256_HEX],
		     char diff[SG_SHA256_HEX], uint64_t *stored,
		     uint64_t *size, sg_error *err);
void img_layer_free(struct img_layer_stream *ls);

#endif

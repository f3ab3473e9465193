/*
 * hashpipe.h: sha256 on a second thread.
 *
 * A layer is hashed twice as it streams (the compressed blob for its
 * digest, the tar it expands to for its diff_id), and on a fast
 * decompressor the hashing costs as much as the decoding.  The pipe lets
 * the reader decode while another thread hashes: the reader copies what it
 * read into the slots of a small ring, each slot for one of the two
 * digests, and the thread hashes the slots in order.  Memory is the ring,
 * whatever the layer's size.  The first megabyte is hashed inline (a small
 * layer is done before a thread would start, and never allocates the
 * ring), and so is everything when no thread can be started or only one
 * CPU is usable: the digests are the same either way.
 *
 * A copy, not the reader's own buffers: decoding into ring slots (which
 * rotate) measured slower than decoding into one buffer that stays in
 * cache and copying it, and libarchive calls back into the reader while it
 * decodes, so a slot lent to it could be needed by those calls.
 */
#ifndef SG_IMAGE_HASHPIPE_H
#define SG_IMAGE_HASHPIPE_H

#include "util/sha256.h"

struct img_hashpipe;

/* A pipe feeding `ctx0` (which 0) and `ctx1` (which 1), initialised
 * contexts the caller keeps and finishes.  SG_ENOMEM when it cannot be
 * allocated. */
int img_hashpipe_new(struct img_hashpipe **out, struct sg_sha256 *ctx0,
		     struct sg_sha256 *ctx1);

/* Hash `len` bytes of `data` into context `which`, after everything given
 * before; returns once the bytes are copied. */
void img_hashpipe_copy(struct img_hashpipe *p, int which, const void *data,
		       size_t len);

/* Wait until everything given is hashed: the contexts are then complete
 * and the caller may finish them.  SG_ERROR when an update failed.  Safe
 * to call more than once. */
int img_hashpipe_drain(struct img_hashpipe *p);

/* Drain, stop the thread and free; NULL is fine. */
void img_hashpipe_free(struct img_hashpipe *p);

#endif

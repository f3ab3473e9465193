/*
 * key.h: building the text a finding's identity is computed from (the
 * `key` of sg_findings_add(), see shipgate/finding.h).
 *
 * A key is made of pieces (an instruction with its heredoc bodies, the same
 * with its variables resolved, the offending part, a Compose line...) joined
 * by separators the producer writes.  Each piece is normalised as it is
 * appended: blank runs become one space and leading and trailing blanks go,
 * as sg_findings_add() does to the whole key, so layout never changes a
 * key.  A piece longer than SG_KEY_PIECE_MAX bytes after that keeps its
 * first SG_KEY_PIECE_MAX bytes (cut back to a UTF-8 boundary) and ends in
 * " ... sha256:<hex>", the digest of the whole normalised piece: the key
 * stays bounded and still changes when any byte of the piece does.
 *
 *	struct sg_key_piece k;
 *
 *	sg_key_begin(&k, &out);
 *	sg_key_feed(&k, in->text, in->text_len);
 *	sg_key_feed(&k, "\n", 1);
 *	sg_key_feed(&k, body, body_len);
 *	rc = sg_key_end(&k);
 */
#ifndef SG_CORE_KEY_H
#define SG_CORE_KEY_H

#include "util/compat.h"
#include "util/buf.h"
#include "util/sha256.h"

#define SG_KEY_PIECE_MAX 2000

struct sg_key_piece {
	struct sg_buf *out;
	size_t start;            /* out->len when the piece began */
	size_t n;                /* normalised bytes of the piece so far */
	bool blank;              /* blanks since the last byte kept */
	struct sg_sha256 sha;    /* the whole piece, once it is past the bound */
	int err;
};

/* Start a piece at the end of `out`. */
void sg_key_begin(struct sg_key_piece *k, struct sg_buf *out);

/* Append `len` bytes (not NUL-terminated) to the piece. */
void sg_key_feed(struct sg_key_piece *k, const char *s, size_t len);

/* Finish the piece; 0, or the first error (out's sticky error included). */
int sg_key_end(struct sg_key_piece *k);

/* One piece from one string: begin, feed, end. */
int sg_key_put(struct sg_buf *out, const char *s, size_t len);

#endif

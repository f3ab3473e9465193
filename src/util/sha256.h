/* sha256.h: SHA-256 through OpenSSL's libcrypto, one-shot and streamed. */
#ifndef SG_SHA256_H
#define SG_SHA256_H

#include "compat.h"

#define SG_SHA256_LEN 32
#define SG_SHA256_HEX 65        /* 64 hex digits + NUL */

struct sg_sha256 {
	void *ctx;              /* SHA256_CTX */
};

int sg_sha256_init(struct sg_sha256 *s);
int sg_sha256_update(struct sg_sha256 *s, const void *data, size_t len);
/* Writes 32 bytes and releases the context. */
int sg_sha256_final(struct sg_sha256 *s, unsigned char out[SG_SHA256_LEN]);
/* Releases the context without a digest (error paths); NULL-safe. */
void sg_sha256_release(struct sg_sha256 *s);

int sg_sha256(const void *data, size_t len, unsigned char out[SG_SHA256_LEN]);

/*
 * Many digests on one context: loops hashing many small strings
 * (fingerprints) allocate one context, not one per string.  Restart begins
 * a new digest on an initialised context; sg_sha256_digest() finishes it
 * and keeps the context for the next restart (sg_sha256_release() frees
 * it).
 */
int sg_sha256_restart(struct sg_sha256 *s);
int sg_sha256_digest(struct sg_sha256 *s, unsigned char out[SG_SHA256_LEN]);

/* The digest of what `s` was fed so far, while `s` goes on taking input
 * (so a text and the text plus a suffix cost one pass): a copy is finished
 * in `tmp`, an initialised context that is kept for reuse. */
int sg_sha256_peek(const struct sg_sha256 *s, struct sg_sha256 *tmp,
		   unsigned char out[SG_SHA256_LEN]);

/* One digest of `data` in hex: restart, feed, finish, keep the context. */
int sg_sha256_hex_reuse(struct sg_sha256 *s, const void *data, size_t len,
			char out[SG_SHA256_HEX]);
void sg_hex(const unsigned char *bytes, size_t len, char *out /* 2*len+1 */);
int sg_sha256_hex(const void *data, size_t len, char out[SG_SHA256_HEX]);

/*
 * How often each digest was seen, for numbering occurrences of texts
 * without keeping the texts: open addressing keyed by the digest itself
 * (its bytes are already uniform, so there is nothing to hash).
 */
struct sg_digest_count {
	unsigned char digest[SG_SHA256_LEN];
	uint32_t count;
	uint32_t gen;           /* the slot is empty unless it is the map's */
};

struct sg_digest_counts {
	struct sg_digest_count *slots;
	size_t cap;             /* power of two, or 0 */
	size_t n;               /* distinct digests */
	uint32_t gen;           /* of the live slots; never 0 */
};

#define SG_DIGEST_COUNTS_INIT { NULL, 0, 0, 1 }

/* Counts one more `digest`; `*before` gets how often it was counted before
 * (0 the first time).  SG_ENOMEM on failure, the counts unchanged. */
int sg_digest_counts_add(struct sg_digest_counts *m,
			 const unsigned char digest[SG_SHA256_LEN],
			 size_t *before);
/* Forget every digest and keep the slots: O(1), for counting in runs. */
void sg_digest_counts_clear(struct sg_digest_counts *m);
void sg_digest_counts_release(struct sg_digest_counts *m);

#endif

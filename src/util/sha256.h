/* sha256.h: SHA-256 through OpenSSL's libcrypto (EVP), one-shot and streamed. */
#ifndef SG_SHA256_H
#define SG_SHA256_H

#include "compat.h"

#define SG_SHA256_LEN 32
#define SG_SHA256_HEX 65        /* 64 hex digits + NUL */

struct sg_sha256 {
	void *ctx;              /* EVP_MD_CTX */
};

int sg_sha256_init(struct sg_sha256 *s);
int sg_sha256_update(struct sg_sha256 *s, const void *data, size_t len);
/* Writes 32 bytes and releases the context. */
int sg_sha256_final(struct sg_sha256 *s, unsigned char out[SG_SHA256_LEN]);
/* Releases the context without a digest (error paths); NULL-safe. */
void sg_sha256_release(struct sg_sha256 *s);

int sg_sha256(const void *data, size_t len, unsigned char out[SG_SHA256_LEN]);

/* One digest of `data` in hex on an initialised context, which is reset and
 * kept for the next call: loops hashing many small strings (fingerprints)
 * allocate one EVP context, not one per string. */
int sg_sha256_hex_reuse(struct sg_sha256 *s, const void *data, size_t len,
			char out[SG_SHA256_HEX]);
void sg_hex(const unsigned char *bytes, size_t len, char *out /* 2*len+1 */);
int sg_sha256_hex(const void *data, size_t len, char out[SG_SHA256_HEX]);

#endif

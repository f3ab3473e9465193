/* sha256.c: libcrypto wrapper (see sha256.h). */
#include "compat.h"
#include "sha256.h"

#include <openssl/evp.h>

int sg_sha256_init(struct sg_sha256 *s)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	s->ctx = ctx;
	if (!ctx)
		return SG_ENOMEM;
	if (EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
		sg_sha256_release(s);
		return SG_ERROR;
	}
	return 0;
}

int sg_sha256_update(struct sg_sha256 *s, const void *data, size_t len)
{
	return EVP_DigestUpdate(s->ctx, data, len) == 1 ? 0 : SG_ERROR;
}

int sg_sha256_final(struct sg_sha256 *s, unsigned char out[SG_SHA256_LEN])
{
	unsigned int n = 0;
	int ok = EVP_DigestFinal_ex(s->ctx, out, &n) == 1 && n == SG_SHA256_LEN;

	sg_sha256_release(s);
	return ok ? 0 : SG_ERROR;
}

void sg_sha256_release(struct sg_sha256 *s)
{
	if (s && s->ctx) {
		EVP_MD_CTX_free(s->ctx);
		s->ctx = NULL;
	}
}

int sg_sha256(const void *data, size_t len, unsigned char out[SG_SHA256_LEN])
{
	struct sg_sha256 s;
	int err;

	if ((err = sg_sha256_init(&s)) < 0)
		return err;
	if ((err = sg_sha256_update(&s, data, len)) < 0) {
		sg_sha256_release(&s);
		return err;
	}
	return sg_sha256_final(&s, out);
}

void sg_hex(const unsigned char *bytes, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[bytes[i] >> 4];
		out[2 * i + 1] = digits[bytes[i] & 15];
	}
	out[2 * len] = '\0';
}

int sg_sha256_hex(const void *data, size_t len, char out[SG_SHA256_HEX])
{
	unsigned char d[SG_SHA256_LEN];
	int err = sg_sha256(data, len, d);

	if (err < 0)
		return err;
	sg_hex(d, sizeof(d), out);
	return 0;
}

int sg_sha256_hex_reuse(struct sg_sha256 *s, const void *data, size_t len,
			char out[SG_SHA256_HEX])
{
	unsigned char d[SG_SHA256_LEN];
	unsigned int n = 0;

	if (EVP_DigestInit_ex(s->ctx, EVP_sha256(), NULL) != 1 ||
	    EVP_DigestUpdate(s->ctx, data, len) != 1 ||
	    EVP_DigestFinal_ex(s->ctx, d, &n) != 1 || n != SG_SHA256_LEN)
		return SG_ERROR;
	sg_hex(d, sizeof(d), out);
	return 0;
}

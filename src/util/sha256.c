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

int sg_sha256_restart(struct sg_sha256 *s)
{
	/* no type: the context's own digest, without a new fetch */
	return EVP_DigestInit_ex(s->ctx, NULL, NULL) == 1 ? 0 : SG_ERROR;
}

int sg_sha256_digest(struct sg_sha256 *s, unsigned char out[SG_SHA256_LEN])
{
	unsigned int n = 0;

	return EVP_DigestFinal_ex(s->ctx, out, &n) == 1 && n == SG_SHA256_LEN
		       ? 0 : SG_ERROR;
}

int sg_sha256_peek(const struct sg_sha256 *s, struct sg_sha256 *tmp,
		   unsigned char out[SG_SHA256_LEN])
{
	if (EVP_MD_CTX_copy_ex(tmp->ctx, s->ctx) != 1)
		return SG_ERROR;
	return sg_sha256_digest(tmp, out);
}

int sg_sha256_hex_reuse(struct sg_sha256 *s, const void *data, size_t len,
			char out[SG_SHA256_HEX])
{
	unsigned char d[SG_SHA256_LEN];
	int err;

	if ((err = sg_sha256_restart(s)) < 0 ||
	    (err = sg_sha256_update(s, data, len)) < 0 ||
	    (err = sg_sha256_digest(s, d)) < 0)
		return err;
	sg_hex(d, sizeof(d), out);
	return 0;
}

static size_t digest_slot(const struct sg_digest_counts *m,
			  const unsigned char digest[SG_SHA256_LEN])
{
	size_t mask = m->cap - 1, i;
	uint64_t h;

	memcpy(&h, digest, sizeof(h));
	for (i = (size_t)h & mask; m->slots[i].count; i = (i + 1) & mask)
		if (memcmp(m->slots[i].digest, digest, SG_SHA256_LEN) == 0)
			break;
	return i;
}

static int digest_counts_grow(struct sg_digest_counts *m)
{
	struct sg_digest_counts bigger = { NULL, m->cap ? 2 * m->cap : 64, m->n };
	size_t i;

	bigger.slots = calloc(bigger.cap, sizeof(*bigger.slots));
	if (!bigger.slots)
		return SG_ENOMEM;
	for (i = 0; i < m->cap; i++)
		if (m->slots[i].count)
			bigger.slots[digest_slot(&bigger, m->slots[i].digest)] =
				m->slots[i];
	free(m->slots);
	*m = bigger;
	return 0;
}

int sg_digest_counts_add(struct sg_digest_counts *m,
			 const unsigned char digest[SG_SHA256_LEN],
			 size_t *before)
{
	struct sg_digest_count *slot;

	/* at most half full: probes stay short */
	if (2 * (m->n + 1) > m->cap && digest_counts_grow(m) < 0)
		return SG_ENOMEM;
	slot = &m->slots[digest_slot(m, digest)];
	if (!slot->count) {
		memcpy(slot->digest, digest, SG_SHA256_LEN);
		m->n++;
	}
	*before = slot->count++;
	return 0;
}

void sg_digest_counts_release(struct sg_digest_counts *m)
{
	free(m->slots);
	m->slots = NULL;
	m->cap = m->n = 0;
}

/*
 * sha256.c: SHA-256 from libcrypto (see sha256.h).
 *
 * Through the low-level SHA256_* functions, not EVP: the first EVP digest
 * of a process initialises OpenSSL's providers and reads openssl.cnf, about
 * 1 ms and 5 M instructions, which is a sixth of linting one Dockerfile; and
 * each EVP init, copy and final adds thousands of instructions that
 * fingerprinting pays per finding.  The same assembly does the hashing
 * either way (SHA-NI where the CPU has it).  OpenSSL 3 marks these
 * functions deprecated in favour of EVP but keeps them; this file is the
 * only user, so the choice is one place to revisit.
 */
#include "compat.h"
#include "sha256.h"

#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

int sg_sha256_init(struct sg_sha256 *s)
{
	SHA256_CTX *ctx = malloc(sizeof(*ctx));

	s->ctx = ctx;
	if (!ctx)
		return SG_ENOMEM;
	if (SHA256_Init(ctx) != 1) {
		sg_sha256_release(s);
		return SG_ERROR;
	}
	return 0;
}

int sg_sha256_update(struct sg_sha256 *s, const void *data, size_t len)
{
	return SHA256_Update(s->ctx, data, len) == 1 ? 0 : SG_ERROR;
}

int sg_sha256_final(struct sg_sha256 *s, unsigned char out[SG_SHA256_LEN])
{
	int ok = SHA256_Final(out, s->ctx) == 1;

	sg_sha256_release(s);
	return ok ? 0 : SG_ERROR;
}

void sg_sha256_release(struct sg_sha256 *s)
{
	if (s && s->ctx) {
		free(s->ctx);
		s->ctx = NULL;
	}
}

int sg_sha256(const void *data, size_t len, unsigned char out[SG_SHA256_LEN])
{
	SHA256_CTX ctx;

	if (SHA256_Init(&ctx) != 1 || SHA256_Update(&ctx, data, len) != 1 ||
	    SHA256_Final(out, &ctx) != 1)
		return SG_ERROR;
	return 0;
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
	return SHA256_Init(s->ctx) == 1 ? 0 : SG_ERROR;
}

int sg_sha256_digest(struct sg_sha256 *s, unsigned char out[SG_SHA256_LEN])
{
	return SHA256_Final(out, s->ctx) == 1 ? 0 : SG_ERROR;
}

int sg_sha256_peek(const struct sg_sha256 *s, struct sg_sha256 *tmp,
		   unsigned char out[SG_SHA256_LEN])
{
	/* the state is plain data: a copy is an assignment */
	*(SHA256_CTX *)tmp->ctx = *(const SHA256_CTX *)s->ctx;
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
	for (i = (size_t)h & mask; m->slots[i].gen == m->gen;
	     i = (i + 1) & mask)
		if (memcmp(m->slots[i].digest, digest, SG_SHA256_LEN) == 0)
			break;
	return i;
}

static int digest_counts_grow(struct sg_digest_counts *m)
{
	struct sg_digest_counts bigger = { NULL, m->cap ? 2 * m->cap : 64, m->n,
					   m->gen };
	size_t i;

	bigger.slots = calloc(bigger.cap, sizeof(*bigger.slots));
	if (!bigger.slots)
		return SG_ENOMEM;
	for (i = 0; i < m->cap; i++)
		if (m->slots[i].gen == m->gen)
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
	if (slot->gen != m->gen) {
		memcpy(slot->digest, digest, SG_SHA256_LEN);
		slot->gen = m->gen;
		slot->count = 0;
		m->n++;
	}
	if (slot->count == UINT32_MAX)
		return SG_ELIMIT;
	*before = slot->count++;
	return 0;
}

void sg_digest_counts_clear(struct sg_digest_counts *m)
{
	m->n = 0;
	if (++m->gen == 0) {
		/* once in four billion clears: every slot is stale anyway */
		if (m->slots)
			memset(m->slots, 0, m->cap * sizeof(*m->slots));
		m->gen = 1;
	}
}

void sg_digest_counts_release(struct sg_digest_counts *m)
{
	free(m->slots);
	m->slots = NULL;
	m->cap = m->n = 0;
	m->gen = 1;
}

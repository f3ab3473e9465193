/*
 * redact.h: secret values in text, found and masked.
 *
 * The Dockerfile stage reports the values the finders below find; every
 * finding's key (the text its identity is computed from, which the native
 * JSON report carries for `shipgate merge`) is masked by sg_secret_redact()
 * before it is kept, so no report, baseline or merged report repeats a
 * credential the gate read.
 */
#ifndef SG_CORE_REDACT_H
#define SG_CORE_REDACT_H

#include "util/compat.h"
#include "util/buf.h"

/* What a masked value reads as: no finder matches it. */
#define SG_SECRET_MASK "<redacted>"

/* The token shapes (AWS key ids, GitHub, GitLab, Slack, Google, Stripe and
 * npm tokens), numbered 0 .. SG_SECRET_SHAPES - 1. */
#define SG_SECRET_SHAPES 9

struct sg_secret_hit {
	size_t off, len;        /* the whole match */
	size_t mask, mask_len;  /* the part that is the secret */
	const char *what;       /* "GitHub token", "private key", ... */
};

/*
 * The first match in t[from..n) of token shape k, of a private key block
 * ("-----BEGIN … PRIVATE KEY-----" up to its END line, or to the end of
 * the text), of a URL that writes out a password (scheme://user:pw@host:
 * the password is what is masked); false when there is none.  t[0..from)
 * is context only (a token must start a word).
 */
bool sg_secret_find_shape(size_t k, const char *t, size_t n, size_t from,
			  struct sg_secret_hit *hit);
bool sg_secret_find_private_key(const char *t, size_t n, size_t from,
				struct sg_secret_hit *hit);
bool sg_secret_find_url_password(const char *t, size_t n, size_t from,
				 struct sg_secret_hit *hit);

/*
 * t[0..n) with every secret value replaced by SG_SECRET_MASK, appended to
 * `out`; false, and nothing appended, when there is none (most texts).
 * Secrets are what the finders above find, and the value of a credential
 * that is named (sg_secret_name()) in `NAME=value`, `--name value` and
 * `-p value` after a `login`; in a finding's `key` (which holds
 * instructions and Compose lines) also `NAME: value` and `ENV NAME value`,
 * which a message writes in prose ("contains a secret: private key",
 * "ENV X puts …").  A value that is a variable ($X, ${X}), a structure, a
 * switch or placeholder, or says where the secret lies
 * (sg_secret_value_is_harmless()) is kept.  Masking masked text changes
 * nothing.  out's sticky error says whether the append failed.  t[n] must
 * be a NUL (the text is a C string, or is copied into one).
 */
bool sg_secret_redact(const char *t, size_t n, bool key, struct sg_buf *out);

#endif

/*
 * secretname.c: see secretname.h.  The word lists were tuned on the names
 * of the corpus (every ENV, ARG and Compose environment key): BuildKit's
 * rule (a credential word anywhere, vetoed by a descriptive word anywhere)
 * missed REDIS_STORAGE_SERVER_PASSWORD and WORDPRESS_NONCE_SALT, and
 * substring matching flagged CASSANDRA_NUM_TOKENS.
 */
#include "util/compat.h"
#include "core/secretname.h"

#define MAX_WORDS 32

/* Credentials wherever they stand. */
static const char *const credential[] = {
	"password", "passwd", "pword", "passphrase", "pwd", "psw", "secret",
	"token", "key", "apikey", "accesskey", "secretkey", "privatekey",
	"credential", "credentials", "salt",
};
/* ... and as the end of a longer word. */
static const char *const credential_end[] = {
	"password", "passwd", "passphrase", "secret", "token", "apikey",
};
/* Credentials only as the last word. */
static const char *const last_credential[] = { "auth", "pass" };
/* A last word that makes the value about a secret, not the secret. */
static const char *const descriptor[] = {
	"file", "path", "dir", "name", "user", "username", "url", "uri",
	"host", "port", "type", "mode", "length", "size", "ttl", "timeout",
	"expiry", "expire", "expires", "lifetime", "header", "realm",
	"scheme", "role", "id", "version", "format", "method", "policy",
	"strategy", "provider", "algorithm", "issuer", "audience", "endpoint",
	"server", "domain", "location", "store", "backend", "prefix",
	"required", "count", "min", "max", "limit", "ratelimit", "level",
	"image", "module", "plugin",
};
/* A last word that only says how a credential is written down: the word
 * before it decides (COMPOSER_AUTH_JSON, DOCKER_AUTH_CONFIG). */
static const char *const encoding[] = {
	"json", "yaml", "yml", "toml", "ini", "conf", "config", "cfg", "b64",
	"base64", "string", "str", "data", "value",
};
/* A word anywhere that makes the value public or a switch. */
static const char *const harmless[] = {
	"public", "gpg", "pgp", "fingerprint", "fingerprints", "keyring",
	"keyserver", "keys", "tokenizer", "passthrough", "author", "authors",
	"authority", "secrets", "enable", "enabled", "disable", "disabled",
	"empty", "no", "skip", "use",
};

struct word {
	const char *s;
	size_t n;
};

static bool in(const struct word *w, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(list[i]) == w->n && !memcmp(list[i], w->s, w->n))
			return true;
	return false;
}

static bool ends_in(const struct word *w, const char *const *list, size_t n)
{
	size_t i, l;

	for (i = 0; i < n; i++) {
		l = strlen(list[i]);
		if (w->n > l && !memcmp(w->s + w->n - l, list[i], l))
			return true;
	}
	return false;
}

#define IN(w, list) in(w, list, SG_ARRAY_SIZE(list))

bool sg_secret_name(const char *name)
{
	char lc[256];
	struct word w[MAX_WORDS];
	size_t n = strlen(name), nw = 0, i, s, last;
	bool hit = false;

	if (n == 0 || n >= sizeof(lc))
		return false;
	for (i = 0; i <= n; i++)
		lc[i] = (char)sg_tolower((unsigned char)name[i]);
	if (sg_startswith(lc, "vite_") || sg_startswith(lc, "react_app_") ||
	    sg_startswith(lc, "next_public_"))
		return false;
	for (s = 0, i = 0; i <= n && nw < MAX_WORDS; i++) {
		bool alnum = i < n && sg_isalnum((unsigned char)name[i]);
		/* apiKey: a word ends where lower case turns upper */
		bool hump = alnum && i > s && sg_isupper((unsigned char)name[i]) &&
			    (sg_islower((unsigned char)name[i - 1]) ||
			     sg_isdigit((unsigned char)name[i - 1]));

		if (alnum && !hump)
			continue;
		if (i > s)
			w[nw++] = (struct word){ lc + s, i - s };
		s = alnum ? i : i + 1;
	}
	if (nw == 0 || IN(&w[nw - 1], descriptor))
		return false;
	for (last = nw - 1; last > 0 && IN(&w[last], encoding); last--)
		;
	for (i = 0; i < nw; i++) {
		if (IN(&w[i], harmless))
			return false;
		if (IN(&w[i], credential) ||
		    ends_in(&w[i], credential_end, SG_ARRAY_SIZE(credential_end)))
			hit = true;
	}
	return hit || IN(&w[last], last_credential);
}

bool sg_secret_value_is_path(const char *v)
{
	static const char *const ext[] = {
		".pem", ".key", ".crt", ".cer", ".p12", ".pfx", ".jks",
		".keystore",
	};
	size_t i;

	if (sg_startswith(v, "/") || sg_startswith(v, "./") ||
	    sg_startswith(v, "../") || sg_startswith(v, "~/"))
		return true;
	if (strpbrk(v, " \t\n"))
		return false;
	for (i = 0; i < SG_ARRAY_SIZE(ext); i++)
		if (sg_endswith(v, ext[i]))
			return true;
	return false;
}

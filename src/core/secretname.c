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

struct word {
	const char *s;
	size_t n;
};

/* the lists' lengths are counted once, by the compiler */
#define W(lit) { lit, sizeof(lit) - 1 }

/* Credentials wherever they stand. */
static const struct word credential[] = {
	W("password"), W("passwd"), W("pword"), W("passphrase"), W("pwd"),
	W("psw"), W("secret"), W("token"), W("key"), W("apikey"),
	W("accesskey"), W("secretkey"), W("privatekey"), W("credential"),
	W("credentials"), W("salt"),
};
/* ... and as the end of a longer word. */
static const struct word credential_end[] = {
	W("password"), W("passwd"), W("passphrase"), W("secret"), W("token"),
	W("apikey"),
};
/* Credentials only as the last word. */
static const struct word last_credential[] = { W("auth"), W("pass") };
/* A last word that makes the value about a secret, not the secret. */
static const struct word descriptor[] = {
	W("file"), W("path"), W("dir"), W("name"), W("user"), W("username"),
	W("url"), W("uri"), W("host"), W("port"), W("type"), W("mode"),
	W("length"), W("size"), W("ttl"), W("timeout"), W("expiry"),
	W("expire"), W("expires"), W("lifetime"), W("header"), W("realm"),
	W("scheme"), W("role"), W("id"), W("version"), W("format"),
	W("method"), W("policy"), W("strategy"), W("provider"), W("algorithm"),
	W("issuer"), W("audience"), W("endpoint"), W("server"), W("domain"),
	W("location"), W("store"), W("backend"), W("prefix"), W("required"),
	W("count"), W("min"), W("max"), W("limit"), W("ratelimit"), W("level"),
	W("image"), W("module"), W("plugin"), W("stdin"),
};
/* A last word that only says how a credential is written down: the word
 * before it decides (COMPOSER_AUTH_JSON, DOCKER_AUTH_CONFIG). */
static const struct word encoding[] = {
	W("json"), W("yaml"), W("yml"), W("toml"), W("ini"), W("conf"),
	W("config"), W("cfg"), W("b64"), W("base64"), W("string"), W("str"),
	W("data"), W("value"),
};
/* A word anywhere that makes the value public or a switch. */
static const struct word harmless[] = {
	W("public"), W("gpg"), W("pgp"), W("fingerprint"), W("fingerprints"),
	W("keyring"), W("keyserver"), W("keys"), W("tokenizer"),
	W("passthrough"), W("author"), W("authors"), W("authority"),
	W("secrets"), W("enable"), W("enabled"), W("disable"), W("disabled"),
	W("empty"), W("no"), W("skip"), W("use"), W("nopasswd"),
};

static bool in(const struct word *w, const struct word *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (list[i].n == w->n && !memcmp(list[i].s, w->s, w->n))
			return true;
	return false;
}

static bool ends_in(const struct word *w, const struct word *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (w->n > list[i].n &&
		    !memcmp(w->s + w->n - list[i].n, list[i].s, list[i].n))
			return true;
	return false;
}

#define IN(w, list) in(w, list, SG_ARRAY_SIZE(list))

/* name[i..n) starts with `w` (lower case), in any case. */
static bool word_at(const char *name, size_t n, size_t i, const char *w)
{
	for (; *w; w++, i++)
		if (i >= n || (char)(name[i] | 0x20) != *w)
			return false;
	return true;
}

/* The pieces sg_secret_may_name() looks for; their first letters. */
static const char *const pieces[] = {
	"pass", "pwd", "psw", "pword", "secret", "salt", "token", "key",
	"cred", "auth",
};
static const char firsts[] = "pstkca";

bool sg_secret_may_name(const char *name, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		char c = (char)(name[i] | 0x20);

		if (!memchr(firsts, c, sizeof(firsts) - 1))
			continue;
		for (k = 0; k < SG_ARRAY_SIZE(pieces); k++)
			if (pieces[k][0] == c && word_at(name, n, i, pieces[k]))
				return true;
	}
	return false;
}

bool sg_secret_name(const char *name)
{
	char lc[256];
	struct word w[MAX_WORDS];
	size_t n = strlen(name), nw = 0, i, s, last;
	bool hit = false;

	if (n == 0 || n >= sizeof(lc) || !sg_secret_may_name(name, n))
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

static bool value_is_path(const char *v)
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

static bool value_is_setting(const char *name, const char *value)
{
	/* auth schemes and switches (the corpus has htpasswd and none) */
	static const char *const modes[] = {
		"none", "off", "on", "false", "true", "disabled", "enabled",
		"htpasswd", "token", "basic", "digest", "bearer", "jwt", "ldap",
		"oauth", "oauth2", "oidc", "saml", "kerberos", "ntlm", "silly",
	};
	size_t n = strlen(name), i;

	if (n < 4 || sg_strcasecmp(name + n - 4, "auth") != 0 ||
	    (n > 4 && sg_isalnum((unsigned char)name[n - 5])))
		return false;
	for (i = 0; i < SG_ARRAY_SIZE(modes); i++)
		if (!sg_strcasecmp(value, modes[i]))
			return true;
	return false;
}

bool sg_secret_value_is_harmless(const char *name, const char *value)
{
	return value_is_path(value) || value_is_setting(name, value);
}

/*
 * secret.c: secrets baked into the image (reference section D).
 *
 * Everything an ENV or ARG sets ends up in the image config or the build
 * history, readable by anyone who can pull the image.  Names are matched
 * the way BuildKit does (word tokens of the name, with an allow list for
 * the false positives users reported: KEY_NAME, AUTH_MODE, *_FILE, ...).
 */
#include "util/compat.h"
#include "dockerfile/rules/rules.h"

#include <regex.h>

enum { R_NAME, R_VALUE, R_FILE };

static const char *const deny[] = {
	"apikey", "auth", "credential", "credentials", "key", "password",
	"pword", "passwd", "secret", "token", "pass", "pwd", "psw",
	"private", "privatekey", "accesskey", "secretkey",
};

static const char *const allow[] = {
	"public", "file", "path", "dir", "version", "name", "mode", "type",
	"url", "uri", "host", "method", "enabled", "length", "size",
	"header", "endpoint", "server", "domain", "format", "provider",
	"algorithm", "issuer", "audience", "realm", "id", "policy",
	"strategy", "timeout", "ttl", "required", "disabled", "enable",
	"disable", "location", "store", "backend", "port", "prefix",
	"passthrough", "keyring", "keyserver", "keys", "tokenizer",
	"authority", "author", "authors", "secrets", "gpg", "pgp",
	"fingerprint", "fingerprints",
};

static bool in_list(const char *w, size_t n, const char *const *l, size_t ln)
{
	size_t i;

	for (i = 0; i < ln; i++)
		if (strlen(l[i]) == n && !strncmp(l[i], w, n))
			return true;
	return false;
}

/* Secret-like name: a deny token and no allow token. */
static bool secret_name(const char *name)
{
	char lc[256];
	size_t i, n = strlen(name), s;
	bool hit = false;

	if (n >= sizeof(lc) || !n)
		return false;
	for (i = 0; i <= n; i++)
		lc[i] = (char)sg_tolower((unsigned char)name[i]);
	/* well-known prefixes that make a value public by design */
	if (sg_startswith(lc, "vite_") || sg_startswith(lc, "react_app_") ||
	    sg_startswith(lc, "next_public_"))
		return false;
	for (s = 0, i = 0; i <= n; i++) {
		if (i < n && sg_isalnum((unsigned char)lc[i]))
			continue;
		if (i > s) {
			if (in_list(lc + s, i - s, allow, SG_ARRAY_SIZE(allow)))
				return false;
			if (in_list(lc + s, i - s, deny, SG_ARRAY_SIZE(deny)))
				hit = true;
		}
		s = i + 1;
	}
	return hit;
}

/* A value written in the file (not "" and not only "$VAR"). */
static bool literal(const struct df_kv *kv)
{
	const char *r = kv->value.raw;

	if (!kv->has_value || !r || !*r || !strcmp(r, "\"\"") ||
	    !strcmp(r, "''"))
		return false;
	return !strchr(r, '$');
}

static void name_check(struct df_ctx *c, const struct df_instr *in, void *s)
{
	uint32_t i;

	for (i = 0; i < in->nkvs; i++) {
		const struct df_kv *kv = &in->kvs[i];
		const char *name = kv->key.value;

		if (!name || !secret_name(name))
			continue;
		/* ENV copies even a build-arg into the image config */
		if (in->kind == DF_ENV ? !(kv->has_value && kv->value.raw &&
					    *kv->value.raw)
				       : !literal(kv))
			continue;
		df_report(c, in, kv->key.off, kv->key.len,
			  "%s %s puts a secret-like value into the image %s",
			  df_kind_name(in->kind), name,
			  in->kind == DF_ENV ? "config" : "build history");
	}
}

/* ---- values --------------------------------------------------------------- */

static const struct {
	const char *what;
	const char *re;
} patterns[] = {
	{ "AWS access key id", "(AKIA|ASIA)[0-9A-Z]{16}" },
	{ "GitHub token", "gh[pousr]_[A-Za-z0-9]{36}" },
	{ "GitHub fine-grained token", "github_pat_[A-Za-z0-9_]{50,}" },
	{ "GitLab token", "glpat-[A-Za-z0-9_-]{20}" },
	{ "Slack token", "xox[baprs]-[A-Za-z0-9-]{10,}" },
	{ "private key", "-----BEGIN ([A-Z]+ )?PRIVATE KEY-----" },
	{ "Google API key", "AIza[0-9A-Za-z_-]{35}" },
	{ "Stripe live key", "sk_live_[0-9a-zA-Z]{24,}" },
	{ "npm token", "npm_[A-Za-z0-9]{36}" },
	{ "password in a URL",
	  "[a-zA-Z][a-zA-Z0-9+.-]*://[^/:@ \"'$]+:[^/@ \"'$]{3,}@[a-zA-Z0-9]" },
};

struct value_state {
	regex_t re[SG_ARRAY_SIZE(patterns)];
	bool ok;
};

static void scan(struct df_ctx *c, struct value_state *st,
		 const struct df_instr *in, const char *text, size_t len,
		 bool body, uint32_t body_line)
{
	size_t k;
	char *copy = malloc(len + 1);

	if (!copy)
		return;
	memcpy(copy, text, len);
	copy[len] = '\0';
	for (k = 0; k < SG_ARRAY_SIZE(patterns); k++) {
		regmatch_t m;

		if (regexec(&st->re[k], copy, 1, &m, 0) != 0)
			continue;
		if (!body) {
			df_report(c, in, (uint32_t)m.rm_so,
				  (uint32_t)(m.rm_eo - m.rm_so),
				  "hard-coded %s in %s", patterns[k].what,
				  in->keyword);
		} else {
			struct df_span sp = { body_line, 1, body_line, 0 };
			const char *p;
			char key[300];

			for (p = copy; p < copy + m.rm_so; p++)
				if (*p == '\n') {
					sp.line++;
					sp.col = 1;
				} else {
					sp.col++;
				}
			sp.end_line = sp.line;
			sp.end_col = sp.col + (uint32_t)(m.rm_eo - m.rm_so) - 1;
			snprintf(key, sizeof(key), "%.*s", (int)SG_MIN(
					 (size_t)(m.rm_eo - m.rm_so), 200u),
				 copy + m.rm_so);
			df_report_span(c, in, sp, key,
				       "hard-coded %s in a heredoc",
				       patterns[k].what);
		}
	}
	free(copy);
}

static void value_check(struct df_ctx *c, const struct df_instr *in, void *s)
{
	struct value_state *st = s;
	uint32_t i;
	size_t k;

	if (!st->ok) {
		for (k = 0; k < SG_ARRAY_SIZE(patterns); k++)
			if (regcomp(&st->re[k], patterns[k].re, REG_EXTENDED) != 0)
				return;
		st->ok = true;
	}
	scan(c, st, in, in->text, in->text_len, false, 0);
	for (i = 0; i < in->nheredocs; i++)
		scan(c, st, in, in->heredocs[i].body, in->heredocs[i].body_len,
		     true, in->heredocs[i].body_line);
}

static void value_finish(struct df_ctx *c, void *s)
{
	struct value_state *st = s;
	size_t k;

	if (!st->ok)
		return;
	for (k = 0; k < SG_ARRAY_SIZE(patterns); k++)
		regfree(&st->re[k]);
	st->ok = false;
}

/* ---- files ------------------------------------------------------------- */

static const char *const secret_files[] = {
	"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", ".npmrc", ".pypirc",
	".netrc", ".git-credentials", ".pgpass", ".env", ".dockercfg",
	"kubeconfig", ".htpasswd", "credentials.json", "secrets.json",
	"secrets.yaml", "secrets.yml",
};

static const char *const secret_suffixes[] = {
	".key", ".p12", ".pfx", ".jks", ".keystore", "/.aws/credentials",
	"/.docker/config.json", "/.kube/config", ".aws/credentials",
};

static const char *const secret_envs[] = {
	"GOOGLE_APPLICATION_CREDENTIALS", "AWS_SHARED_CREDENTIALS_FILE",
	"AWS_CONFIG_FILE", "HF_TOKEN_PATH", "KUBECONFIG",
	"AZURE_CLIENT_CERTIFICATE_PATH",
};

static bool secret_path(const char *p)
{
	const char *base = strrchr(p, '/');
	size_t i;

	base = base ? base + 1 : p;
	for (i = 0; i < SG_ARRAY_SIZE(secret_files); i++)
		if (!strcmp(base, secret_files[i]))
			return true;
	for (i = 0; i < SG_ARRAY_SIZE(secret_suffixes); i++)
		if (sg_endswith(p, secret_suffixes[i]))
			return true;
	return false;
}

static void file_check(struct df_ctx *c, const struct df_instr *in, void *s)
{
	uint32_t i;
	size_t k;

	if (in->kind == DF_ENV) {
		for (i = 0; i < in->nkvs; i++)
			for (k = 0; k < SG_ARRAY_SIZE(secret_envs); k++)
				if (in->kvs[i].key.value &&
				    !strcmp(in->kvs[i].key.value, secret_envs[k]) &&
				    in->kvs[i].has_value)
					df_report(c, in, in->kvs[i].key.off,
						  in->kvs[i].key.len,
						  "ENV %s points the image at a "
						  "credential file", secret_envs[k]);
		return;
	}
	if (df_instr_flag(in, "from"))
		return;
	for (i = 0; i + 1 < in->nargs; i++) {
		const struct df_word *w = &in->args[i];

		if (w->unresolved || df_is_url(w->value) ||
		    !strncmp(w->value, "<<", 2))
			continue;
		if (secret_path(w->value))
			df_report(c, in, w->off, w->len,
				  "%s copies the credential file '%s' into the image",
				  df_kind_name(in->kind), w->value);
	}
}

static const struct df_rule rules[] = {
	[R_NAME] = {
		DF_META(.id = "SGD045", .name = "secret-in-arg-or-env",
			.title = "ENV or ARG with a secret-like name has a value",
			.help = "`ENV` values are stored in the image config and "
				"`ARG` values in the build history: anyone who can "
				"pull the image can read them with `docker history` "
				"or `docker inspect`. ENV is reported whenever it sets "
				"a secret-like name (even `ENV TOKEN=$TOKEN` copies the "
				"build-arg into the image), ARG when it has a literal "
				"default. Names are split into words; `KEY_NAME`, "
				"`AUTH_MODE`, `*_FILE`, `*_VERSION`, `PUBLIC_*` are "
				"not secrets.\n\n"
				"Fix: use a build secret, which is never stored.\n\n"
				"```dockerfile\nRUN --mount=type=secret,id=npm_token,"
				"env=NPM_TOKEN npm ci\n```",
			.aliases = SG_ALIASES("DL3064", "SecretsUsedInArgOrEnv",
					      "DS-0031", "secret-in-build-arg",
					      "CIS-DI-0010"),
			.practice = SG_PRACTICE_VULN_SCANNING,
			.severity = SG_SEVERITY_HIGH),
		.on = DF_ON(DF_ENV) | DF_ON(DF_ARG), .check = name_check,
	},
	[R_VALUE] = {
		DF_META(.id = "SGD046", .name = "hardcoded-secret",
			.title = "Hard-coded credential in the Dockerfile",
			.help = "A token, key or password written in the Dockerfile "
				"is in the repository history and, usually, in the "
				"image. Recognised: AWS access key ids, GitHub, "
				"GitLab, Slack, npm and Stripe tokens, Google API "
				"keys, private key blocks and `user:password@` in "
				"URLs (heredoc bodies included).\n\n"
				"Fix: revoke the credential, then pass it as a build "
				"secret.\n\n"
				"```dockerfile\nRUN --mount=type=secret,id=gh_token,"
				"env=GH_TOKEN ./fetch-deps.sh\n```",
			.aliases = SG_ALIASES("Passwords And Secrets"),
			.practice = SG_PRACTICE_VULN_SCANNING,
			.severity = SG_SEVERITY_CRITICAL),
		.on = DF_ON_ALL, .check = value_check, .finish = value_finish,
		.state_size = sizeof(struct value_state),
	},
	[R_FILE] = {
		DF_META(.id = "SGD047", .name = "secret-file-in-image",
			.title = "Credential file copied into the image or "
				 "referenced by ENV",
			.help = "SSH keys, `.npmrc`, `.pypirc`, `.netrc`, `.env`, "
				"cloud credential files and key stores copied into a "
				"layer stay there even if a later RUN deletes them. "
				"`ENV GOOGLE_APPLICATION_CREDENTIALS=...` and friends "
				"point at such a file.\n\n"
				"Fix: mount the file for the one step that needs it.\n\n"
				"```dockerfile\nRUN --mount=type=secret,id=npmrc,"
				"target=/root/.npmrc npm ci\n```",
			.aliases = SG_ALIASES("DS-0031"),
			.practice = SG_PRACTICE_VULN_SCANNING,
			.severity = SG_SEVERITY_HIGH),
		.on = DF_ON(DF_COPY) | DF_ON(DF_ADD) | DF_ON(DF_ENV),
		.check = file_check,
	},
};

const struct sg_rule_table df_rules_secret = SG_RULE_TABLE(rules);

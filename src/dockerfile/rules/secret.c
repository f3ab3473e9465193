/*
 * secret.c: secrets baked into the image (reference section D).
 *
 * Everything an ENV or ARG sets ends up in the image config or the build
 * history, readable by anyone who can pull the image.  Which names are
 * secrets is sg_secret_name()'s answer, the Compose stage's too.
 */
#include "util/compat.h"
#include "dockerfile/rules/rules.h"

#include "core/redact.h"
#include "core/secretname.h"

enum { R_NAME, R_VALUE, R_FILE, R_TRUST };

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

		if (!name || !sg_secret_name(name))
			continue;
		/* ENV copies even a build-arg into the image config */
		if (in->kind == DF_ENV ? !(kv->has_value && kv->value.raw &&
					    *kv->value.raw &&
					    strcmp(kv->value.raw, "\"\"") &&
					    strcmp(kv->value.raw, "''"))
				       : !literal(kv))
			continue;
		if (kv->value.value &&
		    sg_secret_value_is_harmless(name, kv->value.value))
			continue;       /* where the secret is, or how auth works */
		df_report(c, in, kv->key.off, kv->key.len,
			  "%s %s puts a secret-like value into the image %s",
			  df_kind_name(in->kind), name,
			  in->kind == DF_ENV ? "config" : "build history");
	}
}

/* ---- values --------------------------------------------------------------- */

static void report_value(struct df_ctx *c, const struct df_instr *in,
			 const char *text, size_t off, size_t len,
			 const char *what, bool body, uint32_t body_line)
{
	struct df_span sp = { body_line, 1, body_line, 0 };
	size_t i;

	if (!body) {
		df_report(c, in, (uint32_t)off, (uint32_t)len,
			  "hard-coded %s in %s", what, in->keyword);
		return;
	}
	for (i = 0; i < off; i++)
		if (text[i] == '\n') {
			sp.line++;
			sp.col = 1;
		} else {
			sp.col++;
		}
	sp.end_line = sp.line;
	sp.end_col = sp.col + (uint32_t)len - 1;
	df_report_span(c, in, sp, text + off, len, "hard-coded %s in a heredoc",
		       what);
}

static void scan(struct df_ctx *c, const struct df_instr *in,
		 const char *text, size_t len, bool body, uint32_t body_line)
{
	struct sg_secret_hit h;
	const char *last = NULL;
	size_t k;

	for (k = 0; k < SG_SECRET_SHAPES; k++)
		if (sg_secret_find_shape(k, text, len, 0, &h) &&
		    (!last || strcmp(last, h.what))) {
			report_value(c, in, text, h.off, h.len, h.what, body,
				     body_line);
			last = h.what;
		}
	if (sg_secret_find_private_key(text, len, 0, &h))
		report_value(c, in, text, h.off, h.len, h.what, body, body_line);
	if (sg_secret_find_url_password(text, len, 0, &h))
		report_value(c, in, text, h.off, h.len, h.what, body, body_line);
}

static void value_check(struct df_ctx *c, const struct df_instr *in, void *s)
{
	uint32_t i;

	scan(c, in, in->text, in->text_len, false, 0);
	for (i = 0; i < in->nheredocs; i++)
		scan(c, in, in->heredocs[i].body, in->heredocs[i].body_len,
		     true, in->heredocs[i].body_line);
}

/* ---- files ------------------------------------------------------------- */

static const char *const secret_files[] = {
	"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", ".npmrc", ".pypirc",
	".netrc", ".git-credentials", ".pgpass", ".env", ".dockercfg",
	"kubeconfig", ".htpasswd", "credentials.json", "secrets.json",
	"secrets.yaml", "secrets.yml", "server.key", "tls.key", "client.key",
	"private.key", "privkey.pem", "key.pem",
};

static const char *const secret_suffixes[] = {
	".p12", ".pfx", ".jks", ".keystore", "/.aws/credentials",
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

/* Does a COPY/ADD of the file put something at `path` (the destination
 * itself, or a source with the same file name)?  A credential path that is
 * only mounted at run time is how it should be done. */
static bool copied(const struct df_file *f, const char *path)
{
	const char *base = strrchr(path, '/');
	uint32_t i, k;

	base = base ? base + 1 : path;
	for (i = 0; i < f->ninstrs; i++) {
		const struct df_instr *in = &f->instrs[i];

		if ((in->kind != DF_COPY && in->kind != DF_ADD) || in->nargs < 2)
			continue;
		if (!strcmp(in->args[in->nargs - 1].value, path))
			return true;
		for (k = 0; k + 1 < in->nargs; k++) {
			const char *b = strrchr(in->args[k].value, '/');

			b = b ? b + 1 : in->args[k].value;
			if (*base && !strcmp(b, base))
				return true;
		}
	}
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
				    in->kvs[i].has_value &&
				    !in->kvs[i].value.unresolved &&
				    copied(c->file, in->kvs[i].value.value))
					df_report(c, in, in->kvs[i].key.off,
						  in->kvs[i].key.len,
						  "ENV %s points at '%s', which the "
						  "Dockerfile copies into the image",
						  secret_envs[k], in->kvs[i].value.value);
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

static void trust(struct df_ctx *c, const struct df_instr *in, void *s)
{
	uint32_t i;

	for (i = 0; i < in->nkvs; i++) {
		const struct df_kv *kv = &in->kvs[i];
		const char *v = kv->value.value;

		if (!kv->key.value || strcmp(kv->key.value, "DOCKER_CONTENT_TRUST") ||
		    !kv->has_value || kv->value.unresolved || !v)
			continue;
		if (!strcmp(v, "0") || !sg_strcasecmp(v, "false") || !*v)
			df_report(c, in, kv->key.off, kv->key.len,
				  "%s DOCKER_CONTENT_TRUST=%s switches image "
				  "signature verification off", in->keyword, v);
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
				"default, unless the value is a path (`SSL_KEY="
				"/etc/ssl/app.key`). Names are split into words (as "
				"in the Compose stage): a credential word anywhere "
				"(`REDIS_SERVER_PASSWORD`, `WORDPRESS_NONCE_SALT`, "
				"`apiKey`) makes a secret, a describing last word "
				"(`KEY_NAME`, `AUTH_MODE`, `*_FILE`, `*_VERSION`) or "
				"a public or switch word (`PUBLIC_KEY`, `GPG_KEY`, "
				"`ENABLE_AUTH`) does not, and `NUM_TOKENS` is a "
				"count.\n\n"
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
			.aliases = SG_ALIASES("Passwords And Secrets",
					      "passwords_and_secrets"),
			.practice = SG_PRACTICE_VULN_SCANNING,
			.severity = SG_SEVERITY_CRITICAL),
		.on = DF_ON_ALL, .check = value_check,
	},
	[R_FILE] = {
		DF_META(.id = "SGD047", .name = "secret-file-in-image",
			.title = "Credential file copied into the image or "
				 "referenced by ENV",
			.help = "SSH keys, `.npmrc`, `.pypirc`, `.netrc`, `.env`, "
				"cloud credential files and key stores copied into a "
				"layer stay there even if a later RUN deletes them. "
				"`ENV GOOGLE_APPLICATION_CREDENTIALS=...` and friends "
				"are reported when the Dockerfile also copies the file "
				"they point at (a path mounted at run time is fine).\n\n"
				"Fix: mount the file for the one step that needs it.\n\n"
				"```dockerfile\nRUN --mount=type=secret,id=npmrc,"
				"target=/root/.npmrc npm ci\n```",
			.aliases = SG_ALIASES("DS-0031"),
			.practice = SG_PRACTICE_VULN_SCANNING,
			.severity = SG_SEVERITY_HIGH),
		.on = DF_ON(DF_COPY) | DF_ON(DF_ADD) | DF_ON(DF_ENV),
		.check = file_check,
	},
	[R_TRUST] = {
		DF_META(.id = "SGD049", .name = "content-trust-disabled",
			.title = "Docker Content Trust switched off",
			.help = "`DOCKER_CONTENT_TRUST=0` (or `false`) in ENV or ARG "
				"makes docker clients inside the build or the image "
				"pull unsigned images (dockle CIS-DI-0005 checks the "
				"same in the image environment).\n\n"
				"Fix: remove the variable, or set it to 1 where "
				"signed images are available.\n\n"
				"```dockerfile\nENV DOCKER_CONTENT_TRUST=1\n```",
			.aliases = SG_ALIASES("CIS-DI-0005"),
			.practice = SG_PRACTICE_TRUSTED_BASE,
			.severity = SG_SEVERITY_LOW),
		.on = DF_ON(DF_ENV) | DF_ON(DF_ARG), .check = trust,
	},
};

const struct sg_rule_table df_rules_secret = SG_RULE_TABLE(rules);

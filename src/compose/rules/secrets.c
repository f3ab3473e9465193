/*
 * secrets.c: credentials written into the Compose file: environment values,
 * URLs with passwords, build args.  A value that comes from a variable is
 * not a literal (the secret lives elsewhere), so only the raw text decides.
 */
#include "util/compat.h"
#include "compose/rules.h"

#include "core/secretname.h"

/* A literal that looks like a credential, not a flag, a reference or a
 * setting. */
static bool literal_secret(const struct cm_node *v)
{
	bool b;

	if (!cm_is_str(v) || !*v->value || strchr(v->raw, '$'))
		return false;
	if (cm_bool(v, &b) == 0)
		return false;
	/* /run/secrets/x, /certs/domain.key; REGISTRY_AUTH: htpasswd */
	if (sg_secret_value_is_harmless(v->key ? v->key : "", v->value))
		return false;
	return strlen(v->value) >= 4;
}

static void check_env_secret(struct compose_project *p,
			     const struct compose_rule *r,
			     const struct cm_node *svc)
{
	const struct cm_node *env = cm_get(svc, "environment");
	size_t i;

	if (!env || env->kind != CM_MAP)
		return;
	for (i = 0; i < env->n; i++) {
		const struct cm_node *v = env->kids[i];

		if (sg_secret_name(v->key) && literal_secret(v))
			compose_report(p, r, v, v->key,
				       "service '%s' has a literal value for "
				       "credential variable '%s'", p->service,
				       v->key);
	}
}

/* scheme://user:password@host with a literal password */
static bool url_with_password(const char *s)
{
	const char *sch = strstr(s, "://"), *at, *colon;

	if (!sch)
		return false;
	sch += 3;
	at = strchr(sch, '@');
	if (!at)
		return false;
	colon = memchr(sch, ':', (size_t)(at - sch));
	if (!colon || colon + 1 == at || memchr(sch, '/', (size_t)(at - sch)))
		return false;
	return colon[1] != '$';
}

static void check_url_secret(struct compose_project *p,
			     const struct compose_rule *r,
			     const struct cm_node *svc)
{
	const struct cm_node *env = cm_get(svc, "environment");
	size_t i;

	if (!env || env->kind != CM_MAP)
		return;
	for (i = 0; i < env->n; i++) {
		const struct cm_node *v = env->kids[i];

		if (v->kind == CM_SCALAR && !v->null &&
		    url_with_password(v->raw))
			compose_report(p, r, v, v->key,
				       "service '%s' variable '%s' holds a URL "
				       "with an embedded password", p->service,
				       v->key);
	}
}

static void check_build_arg_secret(struct compose_project *p,
				   const struct compose_rule *r,
				   const struct cm_node *svc)
{
	const struct cm_node *args = cm_get(cm_get(svc, "build"), "args");
	size_t i;

	if (!args || args->kind != CM_MAP)
		return;
	for (i = 0; i < args->n; i++) {
		const struct cm_node *v = args->kids[i];

		if (sg_secret_name(v->key) && literal_secret(v))
			compose_report(p, r, v, v->key,
				       "service '%s' passes a literal secret in "
				       "build arg '%s'; it stays in the image "
				       "history", p->service, v->key);
	}
}

static void check_env_delivery(struct compose_project *p,
			       const struct compose_rule *r,
			       const struct cm_node *svc)
{
	const struct cm_node *env = cm_get(svc, "environment");
	size_t i;

	if (!env || env->kind != CM_MAP)
		return;
	for (i = 0; i < env->n; i++) {
		const struct cm_node *v = env->kids[i];

		if (!sg_secret_name(v->key) || literal_secret(v))
			continue;
		/* a flag or an empty value; a list or a map is no value at all
		 * (SGC081 says so) */
		if (!v->null && (!v->raw || !strchr(v->raw, '$')))
			continue;
		compose_report_key(p, r, v, v->key,
				   "service '%s' receives '%s' through the "
				   "environment; prefer a secrets: file",
				   p->service, v->key);
	}
}

const struct compose_rule sgc053 = {
	.meta = COMPOSE_META("SGC053", "environment-secret-literal",
		"Credential written as a literal environment value",
		VULN_SCANNING, HIGH, 0,
		SG_ALIASES("CL-0020", "env-var-secret"),
		HELP("A password, token or key written into the Compose file "
		     "is in the repository history for good and visible in "
		     "`docker inspect`. Which names are credentials is decided "
		     "as for Dockerfile ENV and ARG (SGD045); a value that is "
		     "a path (`/certs/domain.key`) is where the secret is, not "
		     "the secret.",
		     "reference a variable (`${DB_PASSWORD:?}`) or, better, a "
		     "`secrets:` file.",
		     "services:\n  db:\n    environment:\n"
		     "      POSTGRES_PASSWORD_FILE: /run/secrets/db_password\n"
		     "    secrets: [db_password]\n"
		     "secrets:\n  db_password:\n    file: ./db_password.txt\n")),
	.service = check_env_secret,
};

const struct compose_rule sgc054 = {
	.meta = COMPOSE_META("SGC054", "url-with-credentials",
		"Connection URL embeds a password", VULN_SCANNING, HIGH, 0,
		SG_ALIASES("CL-0021"),
		HELP("`postgres://user:password@db/app` puts the password in "
		     "the file, the environment and every log line that "
		     "prints the URL.",
		     "build the URL from a variable or a secret.",
		     "services:\n  app:\n    environment:\n"
		     "      DATABASE_URL: postgres://app:${DB_PASSWORD:?}@db/app\n")),
	.service = check_url_secret,
};

const struct compose_rule sgc055 = {
	.meta = COMPOSE_META("SGC055", "build-arg-secret",
		"Secret passed as a literal build arg", VULN_SCANNING, HIGH, 0,
		NULL,
		HELP("Build args are recorded in the image history: anyone who "
		     "can pull the image can read them.",
		     "use a build secret (`build.secrets`, `RUN "
		     "--mount=type=secret`).",
		     "services:\n  app:\n    build:\n      context: .\n"
		     "      secrets: [npm_token]\n"
		     "secrets:\n  npm_token:\n    environment: NPM_TOKEN\n")),
	.service = check_build_arg_secret,
};

const struct compose_rule sgc056 = {
	.meta = COMPOSE_META("SGC056", "secret-via-environment",
		"Secret delivered through the environment", VULN_SCANNING,
		INFO, 0, SG_ALIASES("read-secret-from-env-var"),
		HELP("Environment variables leak into child processes, crash "
		     "dumps and `docker inspect`; a `secrets:` file mount "
		     "does not.",
		     "mount the secret as a file and point the app at it.",
		     "services:\n  app:\n    secrets: [api_token]\n"
		     "    environment:\n"
		     "      API_TOKEN_FILE: /run/secrets/api_token\n")),
	.service = check_env_delivery,
};

/*
 * run_tls.c: TLS certificate and package signature checks switched off
 * (reference section E): curl -k, wget --no-check-certificate, pip
 * --trusted-host, npm strict-ssl, git sslVerify, the environment variables
 * that do the same (in ENV, ARG or the RUN itself), yum/dnf sslverify and
 * gpgcheck, apk --allow-untrusted, apt --allow-unauthenticated and
 * --force-yes, rpm --nosignature.
 *
 * Each of these lets anyone on the network path (or a compromised mirror)
 * replace what the build downloads and runs.
 */
#include "util/compat.h"
#include "dockerfile/rules/run_lib.h"

enum {
	R_CURL, R_WGET, R_PIP_HOST, R_PIP_HOST_ENV, R_PY_VERIFY, R_NODE_TLS,
	R_NPM_SSL_ENV, R_NPM_SSL_CONFIG, R_GIT_SSL, R_RPM_SSLVERIFY,
	R_APK_UNTRUSTED, R_APT_UNAUTH, R_APT_FORCE_YES, R_NOGPGCHECK,
	R_RPM_NOSIG,
};

static bool falsy(const char *v)
{
	return v && (!strcmp(v, "0") || !sg_strcasecmp(v, "false") ||
		     !sg_strcasecmp(v, "no") || !sg_strcasecmp(v, "off"));
}

/* Does word `w` contain key=value with a falsy value ("sslverify=0")? */
static bool key_falsy(const char *w, const char *key)
{
	size_t kl = strlen(key);
	const char *p = w;

	for (; *p; p++) {
		char val[8];
		size_t n = 0;

		if (sg_strncasecmp(p, key, kl) || p[kl] != '=')
			continue;
		while (p[kl + 1 + n] && n < sizeof(val) - 1 &&
		       (sg_isalnum((unsigned char)p[kl + 1 + n])))
			val[n] = p[kl + 1 + n], n++;
		val[n] = '\0';
		if (falsy(val))
			return true;
	}
	return false;
}

/* ---- environment variables (ENV, ARG, RUN assignments) ------------------- */

struct envspec {
	const char *name;
	bool nocase;            /* npm reads npm_config_* in any case */
	bool any_value;         /* set at all is the problem */
	const char *msg;
};

static const struct envspec env_specs[] = {
	{ "PIP_TRUSTED_HOST", false, true,
	  "pip trusts this host without verifying its certificate" },
	{ "PYTHONHTTPSVERIFY", false, false,
	  "Python's urllib stops verifying HTTPS certificates" },
	{ "NODE_TLS_REJECT_UNAUTHORIZED", false, false,
	  "Node.js accepts any TLS certificate" },
	{ "NPM_CONFIG_STRICT_SSL", true, false,
	  "npm accepts any registry certificate" },
	{ "GIT_SSL_NO_VERIFY", false, true,
	  "git stops verifying HTTPS certificates" },
};

static const struct envspec *env_of(const struct df_rule *r)
{
	return ((const struct run_rule *)(const void *)r)->data;
}

static bool env_hit(const struct envspec *e, const char *name, size_t nlen,
		    const char *value)
{
	if (strlen(e->name) != nlen ||
	    (e->nocase ? sg_strncasecmp(name, e->name, nlen)
		       : strncmp(name, e->name, nlen)))
		return false;
	if (e->any_value)
		return true;
	/* PYTHONHTTPSVERIFY=0, NODE_TLS_REJECT_UNAUTHORIZED=0, …=false */
	return value && (falsy(value) || (!strcmp(e->name, "PYTHONHTTPSVERIFY") &&
					  !strcmp(value, "")));
}

static void env_instr(struct df_ctx *c, const struct df_instr *in,
		      struct run_state *st)
{
	const struct envspec *e = env_of(c->rule);
	uint32_t i;

	if (!e)
		return;
	for (i = 0; i < in->nkvs; i++) {
		const struct df_kv *kv = &in->kvs[i];
		const char *name = kv->key.value ? kv->key.value : "";
		uint32_t end;

		if (!kv->has_value)
			continue;       /* ARG without a default sets nothing */
		if (!env_hit(e, name, strlen(name), kv->value.value))
			continue;
		end = kv->value.off + kv->value.len;
		df_report(c, in, kv->key.off,
			  end > kv->key.off ? end - kv->key.off : kv->key.len,
			  "%s=%s: %s", name,
			  kv->value.value ? kv->value.value : "", e->msg);
	}
}

/* NAME=value words a command sets: prefixes, export/declare, env wrapper */
static void env_run(struct run_ctx *rc)
{
	const struct envspec *e = env_of(rc->c->rule);
	size_t i, k;

	if (!e)
		return;
	for (i = 0; i < rc->nitems; i++) {
		const struct sh_cmd *c = rc->items[i].cmd;
		const struct sh_word *words[64];
		size_t n = 0;
		struct sh_view v;

		for (k = 0; k < c->nassign && n < 64; k++)
			words[n++] = &c->assign[k];
		sh_view_of(&v, c);
		for (k = 1; c->argv + k < v.argv && n < 64; k++)
			words[n++] = &c->argv[k];
		if (c->argc && (!strcmp(c->argv[0].text, "export") ||
				!strcmp(c->argv[0].text, "declare") ||
				!strcmp(c->argv[0].text, "typeset")))
			for (k = 1; k < c->argc && n < 64; k++)
				words[n++] = &c->argv[k];
		for (k = 0; k < n; k++) {
			const char *t = words[k]->text, *eq = strchr(t, '=');

			if (!eq || !env_hit(e, t, (size_t)(eq - t), eq + 1))
				continue;
			run_report_word(rc, rc->items[i].u, words[k], "%s: %s", t,
					e->msg);
		}
	}
}

/* ---- commands ------------------------------------------------------------ */

static const char *const curl_long[] = {
	"output", "user", "header", "data", "data-raw", "data-binary",
	"request", "user-agent", "referer", "cookie", "cookie-jar",
	"upload-file", "form", "max-time", "write-out", "proxy", "range",
	"continue-at", "cert", "config", "speed-limit", "speed-time",
	"time-cond", "proxy-user", "quote", "telnet-option", "dump-header",
	"cacert", "capath", "connect-timeout", "retry", "retry-delay",
	"retry-max-time", "resolve", "url", "output-dir", "tlsv1.2", NULL,
};
static const struct sh_optspec curl_spec = {
	"ouHdXAebcTFmwxrCEKYyzUQtD", curl_long,
};

static void check_curl(struct run_ctx *rc)
{
	size_t i;

	for (i = 0; i < rc->nitems; i++) {
		const struct sh_cmd *c = rc->items[i].cmd;
		struct sh_view v;
		struct sh_args a;
		const struct sh_opt *o;

		if (strcmp(run_name(c, &v), "curl"))
			continue;
		sh_args_parse(&a, &v, &curl_spec);
		if (!(o = sh_args_find(&a, "k", "insecure")))
			continue;
		run_report_word(rc, rc->items[i].u, o->word,
				"curl %s skips TLS certificate verification",
				o->is_long ? "--insecure" : "-k");
	}
}

static void check_wget(struct run_ctx *rc)
{
	static const char *const longv[] = {
		"output-document", "output-file", "execute", NULL,
	};
	static const struct sh_optspec spec = { "oOaePtTwU", longv };
	size_t i, k;

	for (i = 0; i < rc->nitems; i++) {
		const struct sh_cmd *c = rc->items[i].cmd;
		struct sh_view v;
		struct sh_args a;

		if (strcmp(run_name(c, &v), "wget"))
			continue;
		sh_args_parse(&a, &v, &spec);
		for (k = 0; k < a.nopt; k++) {
			const struct sh_opt *o = &a.opt[k];

			if ((o->is_long && !strcmp(o->name, "no-check-certificate")) ||
			    ((!strcmp(o->name, "e") || !strcmp(o->name, "execute")) &&
			     o->value && key_falsy(o->value, "check_certificate")))
				run_report_word(rc, rc->items[i].u, o->word,
						"wget with certificate checks "
						"switched off");
		}
	}
}

static void check_pip_host(struct run_ctx *rc)
{
	size_t i, k;

	for (i = 0; i < rc->nitems; i++) {
		const struct pm_cmd *pc;
		const struct sh_opt *o;

		if (!(pc = run_pm(rc, i)) || pc->tool != PM_PIP)
			continue;
		if ((o = sh_args_find(&pc->args, NULL, "trusted-host"))) {
			run_report_word(rc, rc->items[i].u, o->word,
					"pip --trusted-host %s accepts that host "
					"without a valid certificate",
					o->value ? o->value : "");
			continue;
		}
		/* pip config set global.trusted-host x */
		for (k = 0; k < pc->args.noperand; k++)
			if (strstr(pc->args.operand[k]->text, "trusted-host") &&
			    pc->action == PM_ACT_CONFIG)
				run_report_word(rc, rc->items[i].u,
						pc->args.operand[k],
						"pip configured to trust a host "
						"without a valid certificate");
	}
}

static void check_npm_ssl(struct run_ctx *rc)
{
	size_t i, k;

	for (i = 0; i < rc->nitems; i++) {
		const struct sh_cmd *c = rc->items[i].cmd;
		struct sh_view v;
		const char *name = run_name(c, &v);

		if (strcmp(name, "npm") && strcmp(name, "yarn") &&
		    strcmp(name, "pnpm") && strcmp(name, "yarnpkg"))
			continue;
		for (k = 1; k < v.argc; k++) {
			const char *t = v.argv[k].text;
			bool hit = false;

			if (!sg_strcasecmp(t, "strict-ssl") ||
			    !sg_strcasecmp(t, "enableStrictSsl"))
				hit = k + 1 < v.argc && falsy(v.argv[k + 1].text);
			else if (key_falsy(t, "strict-ssl") ||
				 key_falsy(t, "--strict-ssl") ||
				 key_falsy(t, "enableStrictSsl"))
				hit = true;
			if (hit) {
				run_report_word(rc, rc->items[i].u, &v.argv[k],
						"%s strict-ssl turned off: the "
						"registry certificate is not checked",
						name);
				break;
			}
		}
	}
}

static void check_git_ssl(struct run_ctx *rc)
{
	size_t i, k;

	env_run(rc);
	for (i = 0; i < rc->nitems; i++) {
		const struct sh_cmd *c = rc->items[i].cmd;
		struct sh_view v;

		if (strcmp(run_name(c, &v), "git"))
			continue;
		for (k = 1; k < v.argc; k++) {
			const char *t = v.argv[k].text;

			/* git -c http.sslVerify=false / git config http.sslverify false */
			if (key_falsy(t, "http.sslVerify") ||
			    ((!sg_strcasecmp(t, "http.sslVerify") ||
			      (sg_strncasecmp(t, "http.", 5) == 0 &&
			       sg_endswith(t, ".sslVerify"))) &&
			     k + 1 < v.argc && falsy(v.argv[k + 1].text))) {
				run_report_word(rc, rc->items[i].u, &v.argv[k],
						"git http.sslVerify turned off");
				break;
			}
		}
	}
}

static bool is_rpm_family(const char *name)
{
	return !strcmp(name, "yum") || !strcmp(name, "dnf") ||
	       !strcmp(name, "microdnf") || !strcmp(name, "tdnf") ||
	       !strcmp(name, "dnf5") || !strcmp(name, "yum-config-manager");
}

/*
 * A word that sets `key` to a falsy value, on the package manager itself or
 * written to its configuration (echo/sed/tee): both disable the check.
 */
static void check_repo_key(struct run_ctx *rc, const char *key,
			   const char *what)
{
	size_t i, k;

	for (i = 0; i < rc->nitems; i++) {
		const struct sh_cmd *c = rc->items[i].cmd;

		for (k = 0; k < c->argc; k++)
			if (key_falsy(c->argv[k].text, key)) {
				run_report_word(rc, rc->items[i].u, &c->argv[k],
						"%s", what);
				break;
			}
	}
}

static void check_sslverify(struct run_ctx *rc)
{
	check_repo_key(rc, "sslverify",
		       "repository sslverify turned off: packages are fetched "
		       "without checking the server certificate");
}

static void check_simple_flag(struct run_ctx *rc, enum pm_tool tool,
			      const char *const *flags, const char *what)
{
	size_t i, k;

	for (i = 0; i < rc->nitems; i++) {
		const struct pm_cmd *pc;

		if (!(pc = run_pm(rc, i)))
			continue;
		if (tool == PM_NONE ? !is_rpm_family(pc->view.name)
				    : (pc->tool != tool &&
				       !(tool == PM_APT_GET && pc->tool == PM_APT)))
			continue;
		for (k = 0; k < pc->args.nopt; k++) {
			const char *const *f;

			for (f = flags; *f; f++)
				if (pc->args.opt[k].is_long &&
				    !strcmp(pc->args.opt[k].name, *f))
					break;
			if (*f) {
				run_report_word(rc, rc->items[i].u,
						pc->args.opt[k].word, "%s --%s: %s",
						pc->view.name, *f, what);
				break;
			}
		}
	}
}

static void check_apk_untrusted(struct run_ctx *rc)
{
	static const char *const f[] = { "allow-untrusted", NULL };

	check_simple_flag(rc, PM_APK, f,
			  "packages are installed without a valid signature");
}

/*
 * The source line in c's words from k on names a repository on this
 * machine (file:/, copy:/): a directory of packages the same RUN built,
 * which has nothing to sign and no network in between.
 */
static bool local_source(const struct sh_cmd *c, size_t k)
{
	for (; k < c->argc; k++)
		if (strstr(c->argv[k].text, "file:/") ||
		    strstr(c->argv[k].text, "copy:/"))
			return true;
	return false;
}

static void check_apt_unauth(struct run_ctx *rc)
{
	static const char *const f[] = {
		"allow-unauthenticated", "allow-insecure-repositories", NULL,
	};
	size_t i, k;

	check_simple_flag(rc, PM_APT_GET, f,
			  "packages are installed without a valid signature");
	for (i = 0; i < rc->nitems; i++) {
		const struct sh_cmd *c = rc->items[i].cmd;

		for (k = 0; k < c->argc; k++) {
			const char *t = c->argv[k].text;

			/* -o APT::Get::AllowUnauthenticated=true, deb [trusted=yes] */
			if ((strstr(t, "AllowUnauthenticated=") ||
			     strstr(t, "AllowInsecureRepositories=")) &&
			    (strstr(t, "=true") || strstr(t, "=1"))) {
				run_report_word(rc, rc->items[i].u, &c->argv[k],
						"apt told to accept unauthenticated "
						"packages");
				break;
			}
			if (strstr(t, "trusted=yes") && !local_source(c, k)) {
				run_report_word(rc, rc->items[i].u, &c->argv[k],
						"apt source marked [trusted=yes]: "
						"its signature is not checked");
				break;
			}
		}
	}
}

static void check_apt_force_yes(struct run_ctx *rc)
{
	static const char *const f[] = { "force-yes", NULL };

	check_simple_flag(rc, PM_APT_GET, f,
			  "also accepts unauthenticated packages and downgrades");
}

static void check_nogpgcheck(struct run_ctx *rc)
{
	static const char *const f[] = { "nogpgcheck", NULL };
	static const char *const z[] = { "no-gpg-checks", NULL };

	check_simple_flag(rc, PM_NONE, f,
			  "packages are installed without checking signatures");
	check_simple_flag(rc, PM_ZYPPER, z,
			  "packages are installed without checking signatures");
	check_repo_key(rc, "gpgcheck",
		       "repository gpgcheck turned off: package signatures are "
		       "not verified");
}

static void check_rpm_nosig(struct run_ctx *rc)
{
	static const char *const f[] = {
		"nodigest", "nosignature", "noverify", "nofiledigest", NULL,
	};

	check_simple_flag(rc, PM_RPM, f,
			  "rpm installs without verifying digests or signatures");
}

#define ENV_ON (DF_ON(DF_ENV) | DF_ON(DF_ARG))

static const struct run_rule rules[] = {
	RULE(R_CURL, 0, .id = "SGD170", .name = "curl-insecure",
	     .title = "curl with -k / --insecure",
	     .help = "`curl -k` accepts any certificate, so anyone on the "
		     "network path can serve a different file, and the build "
		     "runs or installs it. Fix the trust store instead "
		     "(`ca-certificates`, `--cacert` for a private CA).\n\n"
		     "Clusters such as `-fsSLk` are understood.\n\n"
		     "Fix:\n\n```dockerfile\nRUN curl -fsSL --cacert "
		     "/etc/ssl/private-ca.pem -o /tmp/x.tgz https://internal/x.tgz\n```",
	     .aliases = SG_ALIASES("CKV2_DOCKER_2"),
	     .practice = SG_PRACTICE_NETWORK,
	     .severity = SG_SEVERITY_HIGH)
		.needles = RUN_N(CURL),
		.run = check_curl,
	},
	RULE(R_WGET, 0, .id = "SGD171", .name = "wget-no-check-certificate",
	     .title = "wget with --no-check-certificate",
	     .help = "`--no-check-certificate` (or `-e check_certificate=off`) "
		     "lets anyone on the network path replace the download.\n\n"
		     "Fix:\n\n```dockerfile\nRUN apk add --no-cache ca-certificates "
		     "&& wget -q https://example.com/x.tgz\n```",
	     .aliases = SG_ALIASES("CKV2_DOCKER_3"),
	     .practice = SG_PRACTICE_NETWORK,
	     .severity = SG_SEVERITY_HIGH)
		.needles = RUN_N(WGET),
		.run = check_wget,
	},
	RULE(R_PIP_HOST, 0, .id = "SGD172", .name = "pip-trusted-host",
	     .title = "pip --trusted-host",
	     .help = "`--trusted-host` makes pip accept the host over plain "
		     "HTTP or with an invalid certificate: the packages it "
		     "installs can be swapped in transit. Also reported for "
		     "`pip config set global.trusted-host`.\n\n"
		     "Fix: serve the index over valid HTTPS, or give pip the "
		     "private CA.\n\n```dockerfile\nRUN pip install --no-cache-dir "
		     "--cert /etc/ssl/private-ca.pem --index-url https://pypi."
		     "internal/simple app==1.2\n```",
	     .aliases = SG_ALIASES("CKV2_DOCKER_4"),
	     .practice = SG_PRACTICE_NETWORK,
	     .severity = SG_SEVERITY_MEDIUM)
		.needles = RUN_N(TRUSTED_HOST),
		.run = check_pip_host,
	},
	RULE(R_PIP_HOST_ENV, ENV_ON, .id = "SGD173", .name = "pip-trusted-host-env",
	     .title = "PIP_TRUSTED_HOST set",
	     .help = "`PIP_TRUSTED_HOST` in ENV, ARG or a RUN makes every pip "
		     "call trust that host without certificate checks (and ENV "
		     "keeps it in the final image's environment).\n\n"
		     "Fix: remove the variable; serve the index over valid "
		     "HTTPS.\n\n```dockerfile\nENV PIP_INDEX_URL=https://pypi."
		     "internal/simple\n```",
	     .aliases = SG_ALIASES("CKV2_DOCKER_16"),
	     .practice = SG_PRACTICE_NETWORK,
	     .severity = SG_SEVERITY_MEDIUM)
		.needles = RUN_N(PIP_TRUSTED_HOST),
		.run = env_run, .other_on = ENV_ON, .other = env_instr,
		.data = &env_specs[0],
	},
	RULE(R_PY_VERIFY, ENV_ON, .id = "SGD174", .name = "python-https-verify-off",
	     .title = "PYTHONHTTPSVERIFY=0",
	     .help = "`PYTHONHTTPSVERIFY=0` switches off certificate "
		     "verification for Python's standard HTTPS client: every "
		     "connection can be intercepted.\n\n"
		     "Fix: remove it; install the CA the service needs.\n\n"
		     "```dockerfile\nCOPY private-ca.crt /usr/local/share/"
		     "ca-certificates/\nRUN update-ca-certificates\n```",
	     .aliases = SG_ALIASES("CKV2_DOCKER_5"),
	     .practice = SG_PRACTICE_NETWORK,
	     .severity = SG_SEVERITY_HIGH)
		.needles = RUN_N(PYTHONHTTPSVERIFY),
		.run = env_run, .other_on = ENV_ON, .other = env_instr,
		.data = &env_specs[1],
	},
	RULE(R_NODE_TLS, ENV_ON, .id = "SGD175", .name = "node-tls-reject-unauthorized-off",
	     .title = "NODE_TLS_REJECT_UNAUTHORIZED=0",
	     .help = "With `NODE_TLS_REJECT_UNAUTHORIZED=0` Node.js accepts any "
		     "TLS certificate for every HTTPS request of the process "
		     "(and of npm in the build).\n\n"
		     "Fix: remove it; point Node at the CA instead.\n\n"
		     "```dockerfile\nENV NODE_EXTRA_CA_CERTS=/etc/ssl/private-ca.pem\n```",
	     .aliases = SG_ALIASES("CKV2_DOCKER_6"),
	     .practice = SG_PRACTICE_NETWORK,
	     .severity = SG_SEVERITY_HIGH)
		.needles = RUN_N(NODE_TLS_REJECT),
		.run = env_run, .other_on = ENV_ON, .other = env_instr,
		.data = &env_specs[2],
	},
	RULE(R_NPM_SSL_ENV, ENV_ON, .id = "SGD176", .name = "npm-strict-ssl-env-off",
	     .title = "NPM_CONFIG_STRICT_SSL=false",
	     .help = "`npm_config_strict_ssl=false` (any case) makes npm accept "
		     "any certificate from the registry, so packages can be "
		     "replaced in transit.\n\n"
		     "Fix: remove it; use `NPM_CONFIG_CAFILE` for a private CA.\n\n"
		     "```dockerfile\nENV NPM_CONFIG_CAFILE=/etc/ssl/private-ca.pem\n```",
	     .aliases = SG_ALIASES("CKV2_DOCKER_12"),
	     .practice = SG_PRACTICE_NETWORK,
	     .severity = SG_SEVERITY_MEDIUM)
		.needles = RUN_N(STRICT_SSL_UC) | RUN_N(STRICT_SSL),
		.run = env_run, .other_on = ENV_ON, .other = env_instr,
		.data = &env_specs[3],
	},
	RULE(R_NPM_SSL_CONFIG, 0, .id = "SGD177", .name = "npm-strict-ssl-config-off",
	     .title = "npm or yarn configured with strict-ssl false",
	     .help = "`npm config set strict-ssl false`, `yarn config set "
		     "strict-ssl false` (`enableStrictSsl false` in yarn 2+) or "
		     "`--strict-ssl=false` make the package manager accept any "
		     "registry certificate.\n\n"
		     "Fix:\n\n```dockerfile\nRUN npm config set cafile "
		     "/etc/ssl/private-ca.pem\n```",
	     .aliases = SG_ALIASES("CKV2_DOCKER_13"),
	     .practice = SG_PRACTICE_NETWORK,
	     .severity = SG_SEVERITY_MEDIUM)
		.needles = RUN_N(TRICT_SSL) | RUN_N(STRICTSSL_CAMEL),
		.run = check_npm_ssl,
	},
	RULE(R_GIT_SSL, ENV_ON, .id = "SGD178", .name = "git-ssl-verify-off",
	     .title = "git TLS verification switched off",
	     .help = "`GIT_SSL_NO_VERIFY` (set to anything), `git config "
		     "http.sslVerify false` and `git -c http.sslVerify=false` "
		     "let anyone on the path serve a different repository.\n\n"
		     "Fix: install the CA git needs.\n\n```dockerfile\nRUN git "
		     "config --global http.sslCAInfo /etc/ssl/private-ca.pem\n```",
	     .aliases = SG_ALIASES("CKV2_DOCKER_14"),
	     .practice = SG_PRACTICE_NETWORK,
	     .severity = SG_SEVERITY_HIGH)
		.needles = RUN_N(GIT_SSL_NO_VERIFY) | RUN_N(SSLVERIFY_CAMEL) |
			    RUN_N(SSLVERIFY),
		.run = check_git_ssl, .other_on = ENV_ON, .other = env_instr,
		.data = &env_specs[4],
	},
	RULE(R_RPM_SSLVERIFY, 0, .id = "SGD179", .name = "yum-sslverify-off",
	     .title = "yum/dnf repository sslverify turned off",
	     .help = "`--setopt=sslverify=0` (or `*.sslverify=false` via "
		     "config-manager, or `sslverify=0` written into a .repo "
		     "file) makes yum/dnf fetch metadata and packages without "
		     "checking the server certificate.\n\n"
		     "Fix: add the CA to the trust store (`update-ca-trust`) "
		     "and keep `sslverify=1`.",
	     .aliases = SG_ALIASES("CKV2_DOCKER_15"),
	     .practice = SG_PRACTICE_NETWORK,
	     .severity = SG_SEVERITY_HIGH)
		.needles = RUN_N(SSLVERIFY) | RUN_N(SSLVERIFY_UC) |
			    RUN_N(SSLVERIFY_CAMEL),
		.run = check_sslverify,
	},
	RULE(R_APK_UNTRUSTED, 0, .id = "SGD180", .name = "apk-allow-untrusted",
	     .title = "apk add --allow-untrusted",
	     .help = "`--allow-untrusted` installs packages whose signature "
		     "apk cannot verify: a tampered mirror or a man in the "
		     "middle can ship anything.\n\n"
		     "Fix: add the repository's public key to /etc/apk/keys.\n\n"
		     "```dockerfile\nCOPY repo.rsa.pub /etc/apk/keys/\nRUN apk add "
		     "--no-cache mypkg\n```",
	     .aliases = SG_ALIASES("CKV2_DOCKER_7"),
	     .practice = SG_PRACTICE_TRUSTED_BASE,
	     .severity = SG_SEVERITY_HIGH)
		.needles = RUN_N(ALLOW_UNTRUSTED),
		.run = check_apk_untrusted,
	},
	RULE(R_APT_UNAUTH, 0, .id = "SGD181", .name = "apt-allow-unauthenticated",
	     .title = "apt installs unauthenticated packages",
	     .help = "`--allow-unauthenticated`, `--allow-insecure-"
		     "repositories`, `-o APT::Get::AllowUnauthenticated=true` "
		     "and `deb [trusted=yes] …` sources turn off apt's "
		     "signature checks: what the mirror (or anyone in between) "
		     "serves is installed as root. A `[trusted=yes]` source on "
		     "this machine (`file:/`, `copy:/`: packages the same RUN "
		     "built) is not reported.\n\n"
		     "Fix: import the repository key.\n\n```dockerfile\nRUN curl "
		     "-fsSLo /etc/apt/keyrings/x.asc https://x/key.asc \\\n && echo "
		     "\"deb [signed-by=/etc/apt/keyrings/x.asc] https://x stable "
		     "main\" > /etc/apt/sources.list.d/x.list\n```",
	     .aliases = SG_ALIASES("CKV2_DOCKER_8"),
	     .practice = SG_PRACTICE_TRUSTED_BASE,
	     .severity = SG_SEVERITY_HIGH)
		.needles = RUN_N(ALLOW_OPT) | RUN_N(ALLOW_UC) |
			    RUN_N(TRUSTED_YES),
		.run = check_apt_unauth,
	},
	RULE(R_APT_FORCE_YES, 0, .id = "SGD182", .name = "apt-force-yes",
	     .title = "apt-get --force-yes",
	     .help = "`--force-yes` is deprecated and dangerous: besides "
		     "answering prompts it accepts unauthenticated packages and "
		     "downgrades. `-y` answers prompts without that.\n\n"
		     "Fix:\n\n```dockerfile\nRUN apt-get install -y "
		     "--no-install-recommends curl\n```",
	     .aliases = SG_ALIASES("CKV2_DOCKER_11"),
	     .practice = SG_PRACTICE_TRUSTED_BASE,
	     .severity = SG_SEVERITY_HIGH)
		.needles = RUN_N(FORCE_YES),
		.run = check_apt_force_yes,
	},
	RULE(R_NOGPGCHECK, 0, .id = "SGD183", .name = "rpm-nogpgcheck",
	     .title = "yum/dnf/zypper install without signature checks",
	     .help = "`--nogpgcheck` (yum, dnf, microdnf, tdnf), zypper's "
		     "`--no-gpg-checks`, and `gpgcheck=0` written into a .repo "
		     "file install packages whose signature is not verified.\n\n"
		     "Fix: import the key.\n\n```dockerfile\nRUN rpm --import "
		     "https://example.com/RPM-GPG-KEY && dnf install -y mypkg\n```",
	     .aliases = SG_ALIASES("CKV2_DOCKER_9"),
	     .practice = SG_PRACTICE_TRUSTED_BASE,
	     .severity = SG_SEVERITY_HIGH)
		.needles = RUN_N(GPGCHECK) | RUN_N(GPG_CHECK_OPT),
		.run = check_nogpgcheck,
	},
	RULE(R_RPM_NOSIG, 0, .id = "SGD184", .name = "rpm-no-signature",
	     .title = "rpm install without digest or signature checks",
	     .help = "`rpm --nosignature`, `--nodigest`, `--nofiledigest` or "
		     "`--noverify` install a package without verifying that it "
		     "is the one its vendor signed.\n\n"
		     "Fix:\n\n```dockerfile\nRUN rpm --import /tmp/vendor.key && "
		     "rpm -i /tmp/pkg.rpm\n```",
	     .aliases = SG_ALIASES("CKV2_DOCKER_10"),
	     .practice = SG_PRACTICE_TRUSTED_BASE,
	     .severity = SG_SEVERITY_HIGH)
		.needles = RUN_N(NO_OPT),
		.run = check_rpm_nosig,
	},
};

const struct sg_rule_table df_rules_run_tls = SG_RULE_TABLE(rules);

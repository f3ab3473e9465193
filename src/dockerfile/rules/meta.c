/*
 * meta.c: MAINTAINER, LABEL, ENV and ARG (reference section O).
 *
 * Required labels come from the policy (`dockerfile: required-labels:`),
 * each `name` or `name:type` with type one of text, url, rfc3339, spdx,
 * hash, semver, email (hadolint's label-schema).
 */
#include "util/compat.h"
#include "dockerfile/rules/rules.h"

enum {
	R_MAINTAINER, R_KEY, R_REQUIRED, R_STRICT, R_EMPTY, R_TYPE, R_LEGACY,
	R_SELFREF, R_UNDEFINED, R_DESCRIPTION,
};

#define MAX_CHAIN 256

static void maintainer(struct df_ctx *c, const struct df_instr *in, void *s)
{
	df_report(c, in, in->kw_off,
				  (uint32_t)strlen(in->keyword),
		  "MAINTAINER is deprecated; use LABEL "
		  "org.opencontainers.image.authors=...");
}

static const char *bad_key(const char *k)
{
	size_t n = strlen(k), i;

	if (!n)
		return "it is empty";
	if (sg_startswith(k, "com.docker.") || sg_startswith(k, "io.docker.") ||
	    sg_startswith(k, "org.dockerproject."))
		return "its namespace is reserved by Docker";
	if (!sg_isalnum((unsigned char)k[0]) || !sg_isalnum((unsigned char)k[n - 1]))
		return "it must start and end with a letter or digit";
	if (strstr(k, "..") || strstr(k, "--"))
		return "it contains '..' or '--'";
	for (i = 0; i < n; i++)
		if (!((k[i] >= 'a' && k[i] <= 'z') || sg_isdigit((unsigned char)k[i]) ||
		      k[i] == '.' || k[i] == '-'))
			return "only lowercase letters, digits, '.' and '-' are "
			       "allowed";
	return NULL;
}

static void label_key(struct df_ctx *c, const struct df_instr *in, void *s)
{
	uint32_t i;

	for (i = 0; i < in->nkvs; i++) {
		const struct df_word *k = &in->kvs[i].key;
		const char *why;

		if (k->unresolved || !k->value)
			continue;
		if ((why = bad_key(k->value)))
			df_report(c, in, k->off, k->len,
				  "label key '%s' is invalid: %s", k->value, why);
	}
}

/* ---- label schema --------------------------------------------------------- */

struct label {
	const char *key, *value;
	const struct df_instr *in;
	const struct df_kv *kv;
	bool unresolved;
};

/* Labels in effect for the final image (last assignment wins). */
static size_t final_labels(const struct df_file *f, struct label *out,
			   size_t max)
{
	const struct df_stage *chain[MAX_CHAIN];
	size_t n = df_final_chain(f, chain, MAX_CHAIN), k, m = 0, j;
	uint32_t i, q;

	for (k = n; k-- > 0;)
		for (i = chain[k]->first; i <= chain[k]->last && i < f->ninstrs; i++) {
			const struct df_instr *in = &f->instrs[i];

			if (in->kind != DF_LABEL)
				continue;
			for (q = 0; q < in->nkvs; q++) {
				const struct df_kv *kv = &in->kvs[q];
				struct label l = { kv->key.value,
						   kv->has_value ? kv->value.value : "",
						   in, kv,
						   kv->key.unresolved || kv->value.unresolved };

				if (!l.key)
					continue;
				for (j = 0; j < m; j++)
					if (!strcmp(out[j].key, l.key))
						break;
				if (j < m)
					out[j] = l;
				else if (m < max)
					out[m++] = l;
			}
		}
	return m;
}

/* "name:type" -> name length, *type */
static size_t schema_entry(const char *e, const char **type)
{
	const char *colon = strrchr(e, ':');

	*type = colon ? colon + 1 : "text";
	return colon ? (size_t)(colon - e) : strlen(e);
}

static const struct label *find_label(const struct label *l, size_t n,
				      const char *name, size_t nl)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(l[i].key) == nl && !strncmp(l[i].key, name, nl))
			return &l[i];
	return NULL;
}

static void required(struct df_ctx *c, void *s)
{
	const struct sg_strlist *req = c->required_labels;
	struct label labels[256];
	size_t n, i;
	const struct df_stage *fin = df_final_stage(c->file);

	if (!req->n || !fin)
		return;
	n = final_labels(c->file, labels, SG_ARRAY_SIZE(labels));
	for (i = 0; i < req->n; i++) {
		const char *type;
		size_t nl = schema_entry(req->v[i], &type);

		if (find_label(labels, n, req->v[i], nl))
			continue;
		c->stage = fin;
		/* the label is the policy's, not the FROM's: in the key */
		df_report_value(c, fin->from, 0, 0, req->v[i],
				"the final image has no label '%.*s', which "
				"the policy requires", (int)nl, req->v[i]);
	}
}

static void strict(struct df_ctx *c, void *s)
{
	const struct sg_strlist *req = c->required_labels;
	struct label labels[256];
	size_t n, i, k;

	if (!req->n)
		return;
	n = final_labels(c->file, labels, SG_ARRAY_SIZE(labels));
	for (i = 0; i < n; i++) {
		bool known = false;

		for (k = 0; k < req->n; k++) {
			const char *type;
			size_t nl = schema_entry(req->v[k], &type);

			if (strlen(labels[i].key) == nl &&
			    !strncmp(labels[i].key, req->v[k], nl))
				known = true;
		}
		if (known || labels[i].unresolved)
			continue;
		c->stage = df_instr_stage(c->file, labels[i].in);
		df_report(c, labels[i].in, labels[i].kv->key.off,
			  labels[i].kv->key.len,
			  "label '%s' is not in the policy's label schema",
			  labels[i].key);
	}
}

static void empty(struct df_ctx *c, void *s)
{
	const struct sg_strlist *req = c->required_labels;
	struct label labels[256];
	size_t n, i;

	if (!req->n)
		return;
	n = final_labels(c->file, labels, SG_ARRAY_SIZE(labels));
	for (i = 0; i < req->n; i++) {
		const char *type;
		size_t nl = schema_entry(req->v[i], &type);
		const struct label *l = find_label(labels, n, req->v[i], nl);

		if (!l || l->unresolved || *l->value)
			continue;
		c->stage = df_instr_stage(c->file, l->in);
		df_report(c, l->in, l->kv->key.off, l->kv->key.len,
			  "required label '%s' is empty", l->key);
	}
}

static bool all_of(const char *s, const char *set, size_t min, size_t max)
{
	size_t n = strlen(s);

	return n >= min && n <= max && strspn(s, set) == n;
}

static bool valid_rfc3339(const char *v)
{
	size_t i;
	const char *pat = "dddd-dd-ddTdd:dd:dd";

	for (i = 0; pat[i]; i++) {
		if (pat[i] == 'd' ? !sg_isdigit((unsigned char)v[i]) :
				    (pat[i] == 'T' ? (v[i] != 'T' && v[i] != 't' &&
						      v[i] != ' ') : v[i] != pat[i]))
			return false;
	}
	v += i;
	if (*v == '.') {
		v++;
		if (!sg_isdigit((unsigned char)*v))
			return false;
		while (sg_isdigit((unsigned char)*v))
			v++;
	}
	if (*v == 'Z' || *v == 'z')
		return v[1] == '\0';
	if (*v == '+' || *v == '-')
		return sg_isdigit((unsigned char)v[1]) &&
		       sg_isdigit((unsigned char)v[2]) && v[3] == ':' &&
		       sg_isdigit((unsigned char)v[4]) &&
		       sg_isdigit((unsigned char)v[5]) && v[6] == '\0';
	return false;
}

static bool valid_semver(const char *v)
{
	int part;

	for (part = 0; part < 3; part++) {
		if (!sg_isdigit((unsigned char)*v))
			return false;
		if (*v == '0' && sg_isdigit((unsigned char)v[1]))
			return false;
		while (sg_isdigit((unsigned char)*v))
			v++;
		if (part < 2 && *v++ != '.')
			return false;
	}
	if (*v == '-' || *v == '+')
		return all_of(v + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-+", 1, 256);
	return *v == '\0';
}

static bool valid_spdx(const char *v)
{
	const char *p = v;
	bool any = false;

	while (*p) {
		size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.+-:");

		if (n) {
			any = true;
			p += n;
		} else if (*p == ' ' || *p == '(' || *p == ')') {
			p++;
		} else {
			return false;
		}
	}
	return any;
}

static const char *type_error(const char *type, const char *v)
{
	if (!strcmp(type, "url")) {
		const char *sep = strstr(v, "://");

		if (!sep || sep == v || !sep[3] || strchr(v, ' '))
			return "a URL";
	} else if (!strcmp(type, "rfc3339")) {
		if (!valid_rfc3339(v))
			return "an RFC 3339 date-time";
	} else if (!strcmp(type, "spdx")) {
		if (!valid_spdx(v))
			return "an SPDX license expression";
	} else if (!strcmp(type, "hash")) {
		if (!all_of(v, "0123456789abcdef", 7, 64))
			return "a git commit hash";
	} else if (!strcmp(type, "semver")) {
		if (!valid_semver(v))
			return "a semantic version";
	} else if (!strcmp(type, "email")) {
		const char *at = strchr(v, '@');

		if (!at || at == v || !strchr(at, '.') || strchr(v, ' ') ||
		    at[1] == '.' || sg_endswith(v, "."))
			return "an email address";
	}
	return NULL;
}

static void typed(struct df_ctx *c, void *s)
{
	const struct sg_strlist *req = c->required_labels;
	struct label labels[256];
	size_t n, i;

	if (!req->n)
		return;
	n = final_labels(c->file, labels, SG_ARRAY_SIZE(labels));
	for (i = 0; i < req->n; i++) {
		const char *type, *want;
		size_t nl = schema_entry(req->v[i], &type);
		const struct label *l = find_label(labels, n, req->v[i], nl);

		if (!l || l->unresolved || !*l->value ||
		    !(want = type_error(type, l->value)))
			continue;
		c->stage = df_instr_stage(c->file, l->in);
		df_report(c, l->in, l->kv->value.off, l->kv->value.len,
			  "label '%s' should be %s, not '%s'", l->key, want,
			  l->value);
	}
}

static void legacy(struct df_ctx *c, const struct df_instr *in, void *s)
{
	if (in->nkvs == 1 && in->kvs[0].legacy)
		df_report(c, in, in->kvs[0].key.off, in->kvs[0].key.len,
			  "legacy '%s key value' form; write %s %s=value",
			  in->keyword, in->keyword,
			  in->kvs[0].key.raw ? in->kvs[0].key.raw : "");
}

static bool mentions(const char *raw, const char *var)
{
	const char *p = raw;
	size_t n = strlen(var);

	if (!n)
		return false;
	while ((p = strstr(p, var))) {
		bool left = p > raw && (p[-1] == '$' || (p[-1] == '{' &&
							  p - 1 > raw && p[-2] == '$'));
		char r = p[n];
		bool right = !sg_isalnum((unsigned char)r) && r != '_';

		if (left && right)
			return true;
		p += n;
	}
	return false;
}

struct selfref_state {
	int stage;
	const char *names[512];
	uint32_t n;
};

static void selfref(struct df_ctx *c, const struct df_instr *in, void *s)
{
	struct selfref_state *st = s;
	uint32_t i, k, q;

	if (in->kind == DF_FROM || st->stage != in->stage) {
		st->stage = in->stage;
		st->n = 0;
	}
	if (in->kind == DF_ENV) {
		for (i = 1; i < in->nkvs; i++) {
			const struct df_kv *kv = &in->kvs[i];

			if (!kv->has_value || !kv->value.raw)
				continue;
			for (k = 0; k < i; k++) {
				const char *name = in->kvs[k].key.value;
				bool before = false;

				if (!name || !mentions(kv->value.raw, name))
					continue;
				for (q = 0; q < st->n; q++)
					if (!strcmp(st->names[q], name))
						before = true;
				if (before)
					continue;
				df_report(c, in, kv->value.off, kv->value.len,
					  "'%s' refers to %s, which is set in the "
					  "same ENV and is not visible yet", kv->key.value,
					  name);
				break;
			}
		}
	}
	for (i = 0; i < in->nkvs && st->n < SG_ARRAY_SIZE(st->names); i++)
		if (in->kvs[i].key.value)
			st->names[st->n++] = in->kvs[i].key.value;
}

/* Whether every variable of the stage's scope is known (scratch root). */
static bool closed_scope(const struct df_file *f, const struct df_stage *st)
{
	size_t guard = 0;

	while (st && guard++ <= f->nstages) {
		if (st->parent < 0)
			return st->scratch;
		st = df_stage_parent(f, st);
	}
	return false;
}

static bool global_arg(const struct df_file *f, const char *name)
{
	uint32_t i;

	for (i = 0; i < f->nglobal_args; i++)
		if (!strcmp(f->global_args[i].name, name))
			return true;
	return false;
}

static void undef_word(struct df_ctx *c, const struct df_instr *in,
		       const struct df_word *w, bool closed)
{
	/* BuildKit gives every image a default PATH */
	if (!w->undefined || !strcmp(w->undefined, "PATH"))
		return;
	if (global_arg(c->file, w->undefined))
		df_report(c, in, w->off, w->len,
			  "$%s is a global ARG, which is not visible inside a "
			  "stage until it is declared again with 'ARG %s'",
			  w->undefined, w->undefined);
	else if (closed)
		df_report(c, in, w->off, w->len,
			  "$%s is not defined by any ARG or ENV in this stage",
			  w->undefined);
}

static void undefined(struct df_ctx *c, const struct df_instr *in, void *s)
{
	bool closed;
	uint32_t i;

	if (in->kind == DF_FROM || in->kind == DF_RUN || in->kind == DF_CMD ||
	    in->kind == DF_ENTRYPOINT || in->kind == DF_SHELL ||
	    in->kind == DF_HEALTHCHECK || !c->stage)
		return;
	closed = closed_scope(c->file, c->stage);
	for (i = 0; i < in->nargs; i++)
		undef_word(c, in, &in->args[i], closed);
	for (i = 0; i < in->nkvs; i++) {
		undef_word(c, in, &in->kvs[i].key, closed);
		if (in->kvs[i].has_value)
			undef_word(c, in, &in->kvs[i].value, closed);
	}
	for (i = 0; i < in->nflags; i++)
		if (in->flags[i].has_value)
			undef_word(c, in, &in->flags[i].val, closed);
}

static void description(struct df_ctx *c, const struct df_instr *in, void *s)
{
	const struct df_comment *cm;
	const char *name = NULL;
	size_t n;

	if (!in->ncomments)
		return;
	cm = &in->comments[in->ncomments - 1];
	if (cm->line + 1 != in->span.line)
		return;
	if (in->kind == DF_ARG && in->nkvs == 1)
		name = in->kvs[0].key.value;
	else if (in->kind == DF_FROM && in->nargs == 3)
		name = in->args[2].raw;
	if (!name || !*cm->text || strchr(cm->text, '=') ||
	    sg_startswith(cm->text, "hadolint") ||
	    sg_startswith(cm->text, "shipgate") ||
	    sg_startswith(cm->text, "trivy:") ||
	    sg_startswith(cm->text, "kics-scan"))
		return;
	n = strlen(name);
	if (!strncmp(cm->text, name, n) &&
	    (cm->text[n] == ' ' || cm->text[n] == '\0'))
		return;
	df_report(c, in, in->kw_off,
				  (uint32_t)strlen(in->keyword),
		  "the comment above should start with '%s' to describe it",
		  name);
}

static const struct df_rule rules[] = {
	[R_MAINTAINER] = {
		DF_META(.id = "SGD080", .name = "maintainer-deprecated",
			.title = "MAINTAINER is deprecated",
			.help = "MAINTAINER was deprecated in Docker 1.13; its "
				"value is not a standard label and tools ignore it.\n\n"
				"Fix:\n\n```dockerfile\nLABEL org.opencontainers.image."
				"authors=\"team@example.com\"\n```",
			.aliases = SG_ALIASES("DL4000", "MaintainerDeprecated",
					      "DS-0022", "CKV_DOCKER_6",
					      "MAINTAINER Instruction Being Used",
					      "deprecated_in_1.13",
					      "maintainer-is-deprecated"),
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_LOW),
		.on = DF_ON(DF_MAINTAINER), .check = maintainer,
	},
	[R_KEY] = {
		DF_META(.id = "SGD081", .name = "label-key-invalid",
			.title = "Invalid label key",
			.help = "Label keys should be lowercase reverse-DNS names "
				"(`org.opencontainers.image.source`): letters, digits, "
				"`.` and `-`, starting and ending alphanumeric, "
				"without `..` or `--`; `com.docker.*`, `io.docker.*` "
				"and `org.dockerproject.*` are reserved.\n\n"
				"Fix:\n\n```dockerfile\nLABEL org.opencontainers.image."
				"version=1.4.2\n```",
			.aliases = SG_ALIASES("DL3048", "label_invalid"),
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_INFO),
		.on = DF_ON(DF_LABEL), .check = label_key,
	},
	[R_REQUIRED] = {
		DF_META(.id = "SGD082", .name = "label-required-missing",
			.title = "A label the policy requires is missing",
			.help = "The policy lists labels every image must carry "
				"(`dockerfile: required-labels:`), typically "
				"provenance such as `org.opencontainers.image.source`. "
				"Labels set in the final stage or the stages it is "
				"built on count.\n\n"
				"Fix:\n\n```dockerfile\nLABEL org.opencontainers.image."
				"source=\"https://github.com/org/app\"\n```",
			.aliases = SG_ALIASES("DL3049"),
			.practice = SG_PRACTICE_TRUSTED_BASE,
			.severity = SG_SEVERITY_LOW),
		.finish = required,
	},
	[R_STRICT] = {
		DF_META(.id = "SGD083", .name = "label-not-in-schema",
			.title = "Label is not in the policy's label schema",
			.help = "With strict labels, only the labels the policy "
				"names may be set, which catches typos "
				"(`org.opencontainer.image.source`). Off by default.\n\n"
				"Fix: rename the label, or add it to "
				"`required-labels`.",
			.aliases = SG_ALIASES("DL3050"),
			.practice = SG_PRACTICE_TRUSTED_BASE,
			.severity = SG_SEVERITY_INFO,
			.flags = SG_RULE_OFF_BY_DEFAULT),
		.finish = strict,
	},
	[R_EMPTY] = {
		DF_META(.id = "SGD084", .name = "label-required-empty",
			.title = "A required label is empty",
			.help = "A required label set to the empty string carries "
				"no information.\n\n"
				"Fix:\n\n```dockerfile\nLABEL org.opencontainers.image."
				"revision=\"$GIT_SHA\"\n```",
			.aliases = SG_ALIASES("DL3051"),
			.practice = SG_PRACTICE_TRUSTED_BASE,
			.severity = SG_SEVERITY_LOW),
		.finish = empty,
	},
	[R_TYPE] = {
		DF_META(.id = "SGD085", .name = "label-wrong-type",
			.title = "A required label's value has the wrong format",
			.help = "Policy entries of the form `name:type` require a "
				"format: `url`, `rfc3339`, `spdx`, `hash` (git "
				"commit), `semver` or `email`. Tools that read the "
				"labels (registries, SBOM generators) rely on it.\n\n"
				"Fix:\n\n```dockerfile\nLABEL org.opencontainers.image."
				"created=\"2026-01-31T12:00:00Z\" \\\n      "
				"org.opencontainers.image.licenses=\"Apache-2.0\"\n```",
			.aliases = SG_ALIASES("DL3052", "DL3053", "DL3054",
					      "DL3055", "DL3056", "DL3058"),
			.practice = SG_PRACTICE_TRUSTED_BASE,
			.severity = SG_SEVERITY_LOW),
		.finish = typed,
	},
	[R_LEGACY] = {
		DF_META(.id = "SGD086", .name = "legacy-key-value-format",
			.title = "ENV/LABEL in the legacy `key value` form",
			.help = "`ENV key value` sets one variable to the rest of "
				"the line, spaces included; the `key=value` form is "
				"unambiguous and allows several pairs.\n\n"
				"Fix:\n\n```dockerfile\n# wrong\nENV PATH /opt/bin:$PATH\n"
				"# right\nENV PATH=/opt/bin:$PATH\n```",
			.aliases = SG_ALIASES("LegacyKeyValueFormat"),
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_INFO),
		.on = DF_ON(DF_ENV) | DF_ON(DF_LABEL), .check = legacy,
	},
	[R_SELFREF] = {
		DF_META(.id = "SGD087", .name = "env-self-reference",
			.title = "ENV uses a variable set in the same ENV",
			.help = "All values of one ENV are expanded before any of "
				"them is set, so `ENV A=1 B=$A` gives B the *old* A "
				"(usually empty).\n\n"
				"Fix: split the instruction.\n\n"
				"```dockerfile\nENV APP_HOME=/srv/app\nENV "
				"PATH=$APP_HOME/bin:$PATH\n```",
			.aliases = SG_ALIASES("DL3044"),
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_MEDIUM),
		.on = DF_ON_ALL & ~DF_ON(DF_RUN), .check = selfref,
		.state_size = sizeof(struct selfref_state),
	},
	[R_UNDEFINED] = {
		DF_META(.id = "SGD088", .name = "undefined-variable",
			.title = "Variable used before any ARG or ENV defines it",
			.help = "BuildKit expands variables in COPY, ENV, WORKDIR, "
				"USER, LABEL, EXPOSE, ... itself; an undefined one "
				"becomes the empty string. The classic case is a "
				"global ARG used inside a stage without `ARG NAME` in "
				"that stage. Other names are only reported in stages "
				"built on `scratch`, where no base image ENV can "
				"define them.\n\n"
				"Fix:\n\n```dockerfile\nARG VERSION=1.2.3\nFROM "
				"alpine:3.20\nARG VERSION\nLABEL org.opencontainers."
				"image.version=$VERSION\n```",
			.aliases = SG_ALIASES("UndefinedVar"),
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_MEDIUM),
		.on = DF_ON_ALL, .check = undefined,
	},
	[R_DESCRIPTION] = {
		DF_META(.id = "SGD089", .name = "definition-description",
			.title = "Comment above ARG/FROM is not `# <name> "
				 "<description>`",
			.help = "BuildKit shows the comment directly above an ARG "
				"or a named stage as its description when it starts "
				"with the name. Off by default (BuildKit's rule is "
				"experimental).\n\n"
				"Fix:\n\n```dockerfile\n# VERSION the release to "
				"package\nARG VERSION=1.2.3\n```",
			.aliases = SG_ALIASES("InvalidDefinitionDescription"),
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_INFO,
			.flags = SG_RULE_OFF_BY_DEFAULT),
		.on = DF_ON(DF_ARG) | DF_ON(DF_FROM), .check = description,
	},
};

const struct sg_rule_table df_rules_meta = SG_RULE_TABLE(rules);

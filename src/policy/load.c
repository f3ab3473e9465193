/*
 * load.c: the policy file (YAML or JSON) -> struct sg_policy.
 *
 * One table lists every scalar key with its type and where it goes, so the
 * loader, the error messages and schemas/policy.schema.json agree; `rules`
 * and `ignore` have their own small parsers.  Unknown keys and wrong types are
 * errors at the key's line: a typo in a security policy must never be
 * silently ignored.
 */
#include "util/compat.h"
#include "policy/policy.h"

#include <stddef.h>

#include "util/yaml.h"

enum key_type {
	K_SEVERITY_OR_NEVER,
	K_GATE,
	K_STRLIST,
	K_SIZE,
	K_STRING,
	K_BOOL,
	K_RATIO,
	K_DAYS,
	K_SECTION,
};

struct key {
	const char *path;       /* dotted: "image.max-size" */
	enum key_type type;
	size_t offset;          /* into struct sg_policy */
};

#define F(field) offsetof(struct sg_policy, field)

static const struct key keys[] = {
	{ "fail-on", K_SEVERITY_OR_NEVER, F(fail_on) },
	{ "gate", K_GATE, F(gate) },
	{ "include", K_STRLIST, F(include) },
	{ "exclude", K_STRLIST, F(exclude) },
	{ "max-file-size", K_SIZE, F(max_file_size) },
	{ "baseline", K_STRING, F(baseline) },
	{ "inline-suppressions", K_BOOL, F(inline_suppressions) },
	{ "dockerfile", K_SECTION, 0 },
	{ "dockerfile.trusted-registries", K_STRLIST, F(dockerfile.trusted_registries) },
	{ "dockerfile.required-labels", K_STRLIST, F(dockerfile.required_labels) },
	{ "dockerfile.import-hadolint", K_BOOL, F(dockerfile.import_hadolint) },
	{ "compose", K_SECTION, 0 },
	{ "compose.projects", K_STRLIST, F(compose.projects) },
	{ "compose.env-file", K_STRING, F(compose.env_file) },
	{ "image", K_SECTION, 0 },
	{ "image.setuid-allow", K_STRLIST, F(image.setuid_allow) },
	{ "image.max-size", K_SIZE, F(image.max_size) },
	{ "image.max-layer-size", K_SIZE, F(image.max_layer_size) },
	{ "image.max-waste-ratio", K_RATIO, F(image.max_waste_ratio) },
	{ "image.platform", K_STRING, F(image.platform) },
	{ "vuln", K_SECTION, 0 },
	{ "vuln.db", K_STRING, F(vuln.db) },
	{ "vuln.max-db-age", K_DAYS, F(vuln.max_db_age_days) },
	{ "vuln.ignore-unfixed", K_BOOL, F(vuln.ignore_unfixed) },
};

struct loader {
	struct sg_policy *p;
	const char *path;
	sg_error *err;
};

static int bad(struct loader *l, const struct sg_yaml_node *n, int code,
	       const char *fmt, ...) SG_PRINTF(4, 5);

static int bad(struct loader *l, const struct sg_yaml_node *n, int code,
	       const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return sg_error_set(l->err, code, l->path, n ? n->line : 0,
			    n ? n->column : 0, "%s", msg);
}

static const char *str(struct loader *l, const struct sg_yaml_node *n)
{
	return sg_arena_strndup(&l->p->arena, n->value, n->len);
}

static int need_scalar(struct loader *l, const char *key,
		       const struct sg_yaml_node *n)
{
	if (!sg_yaml_is_string(n))
		return bad(l, n, SG_EPOLICY, "'%s' must be a string, not a %s",
			   key, n && n->kind != SG_YAML_SCALAR
				   ? sg_yaml_kind_name(n->kind) : "null");
	return 0;
}

/* "1048576", "512KiB", "10MB", "2 GiB" -> bytes; whole numbers only */
static int parse_size(const char *s, uint64_t *out)
{
	static const struct { const char *sfx; uint64_t mul; } units[] = {
		{ "KiB", 1024ULL }, { "MiB", 1024ULL << 10 }, { "GiB", 1024ULL << 20 },
		{ "KB", 1000ULL }, { "MB", 1000000ULL }, { "GB", 1000000000ULL },
		{ "K", 1024ULL }, { "M", 1024ULL << 10 }, { "G", 1024ULL << 20 },
		{ "B", 1 }, { "", 1 },
	};
	size_t n = 0, i;
	uint64_t whole;

	while (sg_isdigit((unsigned char)s[n]))
		n++;
	if (sg_parse_u64(s, n, &whole) < 0)
		return -1;
	for (i = 0; i < SG_ARRAY_SIZE(units); i++) {
		const char *rest = s + n;

		while (*rest == ' ')
			rest++;
		if (strcmp(rest, units[i].sfx) == 0) {
			if (whole > UINT64_MAX / units[i].mul)
				return -1;
			*out = whole * units[i].mul;
			return 0;
		}
	}
	return -1;
}

bool sg_policy_valid_date(const char *s)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int i, y, m, d;
	bool leap;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !sg_isdigit((unsigned char)s[i]))
			return false;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m >= 1 && m <= 12 && d >= 1 &&
	       d <= mdays[m - 1] + (m == 2 && leap);
}

static bool valid_date(const char *s)
{
	return sg_policy_valid_date(s);
}

static int set_strlist(struct loader *l, const char *key,
		       const struct sg_yaml_node *n, struct sg_strlist *out)
{
	size_t i;

	if (sg_yaml_is_string(n)) {     /* a single string is a list of one */
		out->v = sg_arena_calloc(&l->p->arena, 1, sizeof(*out->v));
		if (!out->v)
			return bad(l, n, SG_ENOMEM, "out of memory");
		out->v[0] = str(l, n);
		out->n = 1;
		return 0;
	}
	if (!n || n->kind != SG_YAML_SEQ)
		return bad(l, n, SG_EPOLICY, "'%s' must be a list of strings", key);
	out->v = sg_arena_calloc(&l->p->arena, n->nitems ? n->nitems : 1,
				 sizeof(*out->v));
	if (!out->v)
		return bad(l, n, SG_ENOMEM, "out of memory");
	for (i = 0; i < n->nitems; i++) {
		int rc = need_scalar(l, key, n->items[i]);

		if (rc < 0)
			return rc;
		out->v[i] = str(l, n->items[i]);
	}
	out->n = n->nitems;
	return 0;
}

static int set_key(struct loader *l, const struct key *k,
		   const struct sg_yaml_node *n)
{
	void *dst = (char *)l->p + k->offset;
	bool b;
	int rc;

	switch (k->type) {
	case K_SECTION:
		return 0;
	case K_STRLIST:
		return set_strlist(l, k->path, n, dst);
	case K_BOOL:
		if (sg_yaml_bool(n, &b) < 0)
			return bad(l, n, SG_EPOLICY, "'%s' must be true or false",
				   k->path);
		*(bool *)dst = b;
		return 0;
	default:
		break;
	}
	if ((rc = need_scalar(l, k->path, n)) < 0)
		return rc;
	switch (k->type) {
	case K_SEVERITY_OR_NEVER: {
		sg_severity s;

		if (!strcmp(n->value, "never") || !strcmp(n->value, "none")) {
			*(sg_severity *)dst = SG_SEVERITY__COUNT;
			return 0;
		}
		if (sg_severity_parse(n->value, &s) < 0)
			return bad(l, n, SG_EPOLICY,
				   "'%s' must be one of info, low, medium, high, "
				   "critical, never (got '%s')", k->path, n->value);
		*(sg_severity *)dst = s;
		return 0;
	}
	case K_GATE:
		if (!strcmp(n->value, "all"))
			*(enum sg_gate_mode *)dst = SG_GATE_ALL;
		else if (!strcmp(n->value, "new"))
			*(enum sg_gate_mode *)dst = SG_GATE_NEW;
		else
			return bad(l, n, SG_EPOLICY,
				   "'gate' must be 'all' or 'new' (got '%s')",
				   n->value);
		return 0;
	case K_SIZE:
		if (parse_size(n->value, dst) < 0)
			return bad(l, n, SG_EPOLICY,
				   "'%s' must be a size like 1048576, 512KiB or "
				   "10MB (got '%s')", k->path, n->value);
		/* 0 would make every target an oversized finding (SGG001) */
		if (k->offset == F(max_file_size) && *(uint64_t *)dst == 0)
			return bad(l, n, SG_EPOLICY,
				   "'%s' must be more than 0 bytes (got '%s')",
				   k->path, n->value);
		return 0;
	case K_STRING:
		*(const char **)dst = str(l, n);
		return 0;
	case K_RATIO: {
		char *end;
		double v;

		errno = 0;
		v = strtod(n->value, &end);
		if (errno || *end || end == n->value || !(v >= 0.0 && v <= 1.0))
			return bad(l, n, SG_EPOLICY,
				   "'%s' must be a number between 0 and 1 (got '%s')",
				   k->path, n->value);
		*(double *)dst = v;
		return 0;
	}
	case K_DAYS: {
		uint64_t d;
		size_t len = strlen(n->value);

		if (len && n->value[len - 1] == 'd')
			len--;
		if (sg_parse_u64(n->value, len, &d) < 0 || d > 36500)
			return bad(l, n, SG_EPOLICY,
				   "'%s' must be a number of days like 7 or 7d "
				   "(got '%s')", k->path, n->value);
		*(uint32_t *)dst = (uint32_t)d;
		return 0;
	}
	default:
		return 0;
	}
}

/* Resolve a rule reference for the policy; unknown is an error. */
static int resolve(struct loader *l, const struct sg_yaml_node *n,
		   const sg_rule ***out, size_t *nout)
{
	const sg_rule *found[64];
	size_t k = sg_rule_resolve(n->value, found, SG_ARRAY_SIZE(found));

	if (k == 0)
		return bad(l, n, SG_EPOLICY,
			   "unknown rule '%s' (see 'shipgate rules')", n->value);
	if (k > SG_ARRAY_SIZE(found))
		k = SG_ARRAY_SIZE(found);
	*out = sg_arena_calloc(&l->p->arena, k, sizeof(**out));
	if (!*out)
		return bad(l, n, SG_ENOMEM, "out of memory");
	memcpy(*out, found, k * sizeof(*found));
	*nout = k;
	return 0;
}

static int add_override(struct loader *l, const sg_rule *r,
			const struct sg_rule_override *o)
{
	struct sg_rule_override *v;
	size_t i;

	/* a later entry for the same rule replaces an earlier one */
	for (i = 0; i < l->p->nrules; i++)
		if (l->p->rules[i].rule == r) {
			l->p->rules[i] = *o;
			l->p->rules[i].rule = r;
			return 0;
		}
	v = sg_arena_calloc(&l->p->arena, l->p->nrules + 1, sizeof(*v));
	if (!v)
		return SG_ENOMEM;
	if (l->p->nrules)
		memcpy(v, l->p->rules, l->p->nrules * sizeof(*v));
	v[l->p->nrules] = *o;
	v[l->p->nrules].rule = r;
	l->p->rules = v;
	l->p->nrules++;
	return 0;
}

/* rules: { ID: off | on | <severity> | { severity: x, enabled: bool } } */
static int load_rules(struct loader *l, const struct sg_yaml_node *n)
{
	size_t i, j;
	int rc;

	if (!n || n->kind != SG_YAML_MAP)
		return bad(l, n, SG_EPOLICY,
			   "'rules' must be a mapping of rule id to off, on or a severity");
	for (i = 0; i < n->npairs; i++) {
		const struct sg_yaml_node *k = n->pairs[i].key, *v = n->pairs[i].value;
		struct sg_rule_override o = { .line = k->line };
		const sg_rule **rules;
		size_t nr;

		if ((rc = need_scalar(l, "rules", k)) < 0 ||
		    (rc = resolve(l, k, &rules, &nr)) < 0)
			return rc;
		if (v && v->kind == SG_YAML_MAP) {
			size_t p;

			for (p = 0; p < v->npairs; p++) {
				const struct sg_yaml_node *pk = v->pairs[p].key;
				const struct sg_yaml_node *pv = v->pairs[p].value;
				bool b;

				if (sg_yaml_is_string(pk) && !strcmp(pk->value, "severity")) {
					if (!sg_yaml_is_string(pv) ||
					    sg_severity_parse(pv->value, &o.severity) < 0)
						return bad(l, pv, SG_EPOLICY,
							   "rule severity must be one of info, "
							   "low, medium, high, critical");
				} else if (sg_yaml_is_string(pk) &&
					   !strcmp(pk->value, "enabled")) {
					if (sg_yaml_bool(pv, &b) < 0)
						return bad(l, pv, SG_EPOLICY,
							   "'enabled' must be true or false");
					o.off = !b;
					o.on = b;
				} else {
					return bad(l, pk, SG_EPOLICY,
						   "unknown key '%s' in rule '%s' "
						   "(severity, enabled)",
						   sg_yaml_is_string(pk) ? pk->value : "?",
						   k->value);
				}
			}
		} else if (sg_yaml_is_string(v) && !strcmp(v->value, "off")) {
			o.off = true;
		} else if (sg_yaml_is_string(v) && !strcmp(v->value, "on")) {
			o.on = true;
		} else if (sg_yaml_is_string(v) &&
			   sg_severity_parse(v->value, &o.severity) == 0) {
			o.on = true;
		} else {
			bool b;

			/* YAML 1.1 reads a bare `off` as false: accept both */
			if (sg_yaml_bool(v, &b) == 0) {
				o.off = !b;
				o.on = b;
			} else {
				return bad(l, v ? v : k, SG_EPOLICY,
					   "rule '%s' must be off, on, a severity, "
					   "or a mapping", k->value);
			}
		}
		for (j = 0; j < nr; j++)
			if (add_override(l, rules[j], &o) < 0)
				return bad(l, k, SG_ENOMEM, "out of memory");
	}
	return 0;
}

static int load_ignore_entry(struct loader *l, const struct sg_yaml_node *n,
			     struct sg_ignore *ig)
{
	size_t i;
	int rc;

	if (!n || n->kind != SG_YAML_MAP)
		return bad(l, n, SG_EPOLICY,
			   "each 'ignore' entry must be a mapping with rule, "
			   "path, reason, expires");
	ig->line = n->line;
	for (i = 0; i < n->npairs; i++) {
		const struct sg_yaml_node *k = n->pairs[i].key, *v = n->pairs[i].value;
		const char *key;

		if ((rc = need_scalar(l, "ignore", k)) < 0)
			return rc;
		key = k->value;
		if (strcmp(key, "rule") && strcmp(key, "path") &&
		    strcmp(key, "image") && strcmp(key, "fingerprint") &&
		    strcmp(key, "advisory") && strcmp(key, "reason") &&
		    strcmp(key, "expires"))
			return bad(l, k, SG_EPOLICY,
				   "unknown key '%s' in ignore entry (rule, path, "
				   "image, advisory, fingerprint, reason, expires)",
				   key);
		if ((rc = need_scalar(l, key, v)) < 0)
			return rc;
		if (!strcmp(key, "rule")) {
			ig->rule_ref = str(l, v);
			if ((rc = resolve(l, v, &ig->rules, &ig->nrules)) < 0)
				return rc;
		} else if (!strcmp(key, "path")) {
			ig->path = str(l, v);
		} else if (!strcmp(key, "image")) {
			ig->image = str(l, v);
		} else if (!strcmp(key, "fingerprint")) {
			ig->fingerprint = str(l, v);
		} else if (!strcmp(key, "advisory")) {
			ig->advisory = str(l, v);
		} else if (!strcmp(key, "reason")) {
			ig->reason = str(l, v);
		} else {
			if (!valid_date(v->value))
				return bad(l, v, SG_EPOLICY,
					   "'expires' must be a date YYYY-MM-DD (got '%s')",
					   v->value);
			ig->expires = str(l, v);
		}
	}
	/* a reason of spaces explains nothing */
	if (!ig->reason || !ig->reason[strspn(ig->reason, " \t\r\n")])
		return bad(l, n, SG_EPOLICY,
			   "ignore entry needs a 'reason' (why is this accepted?)");
	if (!ig->rule_ref && !ig->path && !ig->image && !ig->fingerprint &&
	    !ig->advisory)
		return bad(l, n, SG_EPOLICY,
			   "ignore entry must name at least one of rule, path, "
			   "image, advisory, fingerprint");
	ig->expired = ig->expires && l->p->today &&
		      strcmp(ig->expires, l->p->today) < 0;
	return 0;
}

static int load_ignores(struct loader *l, const struct sg_yaml_node *n)
{
	size_t i;
	int rc;

	if (!n || n->kind != SG_YAML_SEQ)
		return bad(l, n, SG_EPOLICY, "'ignore' must be a list of entries");
	l->p->ignores = sg_arena_calloc(&l->p->arena, n->nitems ? n->nitems : 1,
					sizeof(*l->p->ignores));
	if (!l->p->ignores)
		return bad(l, n, SG_ENOMEM, "out of memory");
	for (i = 0; i < n->nitems; i++) {
		if ((rc = load_ignore_entry(l, n->items[i], &l->p->ignores[i])) < 0)
			return rc;
		l->p->nignores++;
	}
	return 0;
}

static const struct key *find_key(const char *path)
{
	size_t i;

	for (i = 0; i < SG_ARRAY_SIZE(keys); i++)
		if (!strcmp(keys[i].path, path))
			return &keys[i];
	return NULL;
}

static int load_map(struct loader *l, const struct sg_yaml_node *map,
		    const char *prefix)
{
	size_t i;
	int rc;

	for (i = 0; i < map->npairs; i++) {
		const struct sg_yaml_node *k = map->pairs[i].key;
		const struct sg_yaml_node *v = map->pairs[i].value;
		const struct key *spec;
		char path[256];

		if ((rc = need_scalar(l, "key", k)) < 0)
			return rc;
		snprintf(path, sizeof(path), "%s%s%s", prefix, *prefix ? "." : "",
			 k->value);
		if (!*prefix && !strcmp(k->value, "rules")) {
			if ((rc = load_rules(l, v)) < 0)
				return rc;
			continue;
		}
		if (!*prefix && !strcmp(k->value, "ignore")) {
			if ((rc = load_ignores(l, v)) < 0)
				return rc;
			continue;
		}
		if (!*prefix && !strcmp(k->value, "version")) {
			/* reserved for future formats; only 1 exists */
			if (!sg_yaml_is_string(v) || strcmp(v->value, "1"))
				return bad(l, v, SG_EPOLICY,
					   "unsupported policy version (this shipgate reads version 1)");
			continue;
		}
		spec = find_key(path);
		if (!spec)
			return bad(l, k, SG_EPOLICY, "unknown policy key '%s'", path);
		if (spec->type == K_SECTION) {
			if (sg_yaml_is_null(v))
				continue;
			if (v->kind != SG_YAML_MAP)
				return bad(l, v, SG_EPOLICY, "'%s' must be a mapping",
					   path);
			if ((rc = load_map(l, v, path)) < 0)
				return rc;
			continue;
		}
		if ((rc = set_key(l, spec, v)) < 0)
			return rc;
	}
	return 0;
}

static void set_defaults(struct sg_policy *p)
{
	p->fail_on = SG_SEVERITY_HIGH;
	p->gate = SG_GATE_ALL;
	p->max_file_size = 1u << 20;
	p->dockerfile.import_hadolint = true;
	p->inline_suppressions = true;
	/* a database whose scheduled import stopped says so within a week */
	p->vuln.max_db_age_days = 7;
}

static int new_policy(struct sg_policy **out, const char *today, sg_error *err)
{
	struct sg_policy *p = calloc(1, sizeof(*p));

	*out = p;
	if (!p)
		return sg_error_set(err, SG_ENOMEM, NULL, 0, 0, "out of memory");
	sg_arena_init(&p->arena);
	set_defaults(p);
	p->today = sg_arena_strdup(&p->arena, today);
	return 0;
}

int sg_policy_defaults(struct sg_policy **out, const char *today, sg_error *err)
{
	return new_policy(out, today, err);
}

int sg_policy_load(struct sg_policy **out, const char *path, const char *data,
		   size_t len, const char *today, sg_error *err)
{
	struct sg_yaml_limits lim = { .max_depth = 32, .max_nodes = 100000,
				      .max_expansion = 100000 };
	struct sg_yaml_doc *doc = NULL;
	struct loader l;
	int rc;

	*out = NULL;
	if ((rc = new_policy(&l.p, today, err)) < 0)
		return rc;
	l.path = path;
	l.err = err;
	l.p->path = sg_arena_strdup(&l.p->arena, path);
	if ((rc = sg_yaml_parse(&doc, path, data, len, &lim, err)) < 0) {
		/* a broken policy is a policy error (exit 2), whatever broke */
		if (err)
			err->code = SG_EPOLICY;
		rc = SG_EPOLICY;
		goto done;
	}
	if (doc->root && !sg_yaml_is_null(doc->root)) {
		if (doc->root->kind != SG_YAML_MAP) {
			rc = bad(&l, doc->root, SG_EPOLICY,
				 "a policy must be a mapping of keys");
			goto done;
		}
		if ((rc = load_map(&l, doc->root, "")) < 0)
			goto done;
	}
	if (l.p->arena.oom)
		rc = sg_error_set(err, SG_ENOMEM, path, 0, 0, "out of memory");
done:
	sg_yaml_free(doc);
	if (rc < 0) {
		sg_policy_free(l.p);
		return rc;
	}
	*out = l.p;
	return 0;
}

void sg_policy_free(struct sg_policy *p)
{
	if (!p)
		return;
	sg_arena_release(&p->arena);
	free(p);
}

bool sg_policy_rule_enabled(const struct sg_policy *p, const sg_rule *rule)
{
	size_t i;

	if (p && p->enable_all)
		return true;
	for (i = 0; p && i < p->nrules; i++)
		if (p->rules[i].rule == rule) {
			if (p->rules[i].off)
				return false;
			if (p->rules[i].on)
				return true;
			break;
		}
	return !(rule->flags & SG_RULE_OFF_BY_DEFAULT);
}

sg_severity sg_policy_severity_override(const struct sg_policy *p,
					const sg_rule *rule)
{
	size_t i;

	for (i = 0; p && i < p->nrules; i++)
		if (p->rules[i].rule == rule)
			return p->rules[i].severity;
	return SG_SEVERITY_NONE;
}

sg_severity sg_policy_rule_severity(const struct sg_policy *p,
				    const sg_rule *rule)
{
	sg_severity s = sg_policy_severity_override(p, rule);

	return s != SG_SEVERITY_NONE ? s : rule->severity;
}

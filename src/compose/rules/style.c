/*
 * style.c: dclint's correctness and style rules.  Rules that only sort
 * keys ship off by default (dclint #103, #157, #266).  Ordering is judged
 * within one file: keys an override adds are not "out of order".
 */
#include "util/compat.h"
#include "compose/rules.h"

#define MAXI 256

static void check_version(struct compose_project *p,
			  const struct compose_rule *r)
{
	size_t i;

	/* the merged root keeps the last file's `version` key */
	for (i = 0; p->root && i < p->root->n; i++)
		if (!strcmp(p->root->kids[i]->key, "version"))
			compose_report_key(p, r, p->root->kids[i], NULL,
					   "top-level 'version' is obsolete "
					   "and ignored");
}

static void check_name(struct compose_project *p, const struct compose_rule *r)
{
	struct cm_node at = { 0 };

	if (cm_get(p->root, "name"))
		return;
	at.file = p->main_path;
	at.line = 1;
	compose_report(p, r, &at, "name",
		       "project has no top-level 'name'");
}

static void check_dup_container_name(struct compose_project *p,
				     const struct compose_rule *r)
{
	size_t i, j;

	if (!p->services)
		return;
	for (i = 0; i < p->services->n; i++) {
		const struct cm_node *a = cm_get(p->services->kids[i],
						 "container_name");

		if (!cm_is_str(a))
			continue;
		for (j = 0; j < i; j++) {
			const struct cm_node *b = cm_get(p->services->kids[j],
							 "container_name");

			if (cm_is_str(b) && !strcmp(a->value, b->value)) {
				p->service = p->services->kids[i]->key;
				compose_report(p, r, a, NULL,
					       "container_name '%s' is also "
					       "used by service '%s'", a->value,
					       p->services->kids[j]->key);
				break;
			}
		}
	}
	p->service = NULL;
}

static bool name_ok(const char *s)
{
	size_t i;

	if (!sg_isalnum((unsigned char)s[0]) || !s[1])
		return false;
	for (i = 1; s[i]; i++)
		if (!sg_isalnum((unsigned char)s[i]) && !strchr("_.-", s[i]))
			return false;
	return true;
}

static void check_container_name(struct compose_project *p,
				 const struct compose_rule *r,
				 const struct cm_node *svc)
{
	const struct cm_node *n = cm_get(svc, "container_name");

	if (cm_is_str(n) && !name_ok(n->value))
		compose_report(p, r, n, NULL,
			       "container_name '%s' is not a valid container "
			       "name ([a-zA-Z0-9][a-zA-Z0-9_.-]+)", n->value);
}

static void check_name_scaled(struct compose_project *p,
			      const struct compose_rule *r,
			      const struct cm_node *svc)
{
	const struct cm_node *n = cm_get(svc, "container_name");
	const struct cm_node *sc = cm_get(svc, "scale");
	const struct cm_node *rep = cm_get(cm_get(svc, "deploy"), "replicas");
	long long v;

	if (!n)
		return;
	if ((cm_int(sc, &v) == 0 && v > 1) || (cm_int(rep, &v) == 0 && v > 1))
		compose_report(p, r, n, NULL,
			       "service '%s' has a fixed container_name but "
			       "runs %lld replicas", p->service, v);
}

/*
 * The number a YAML 1.1 parser makes of a plain scalar written in base 60
 * ("22:22" is 1342: [1-9][0-9_]* then ":[0-5]?[0-9]" groups), or -1 when
 * it is a string to such a parser too ("80:80", "8080:80", "${P}:80").
 */
static long long base60(const char *s)
{
	long long v = 0;
	size_t d;

	if (*s < '1' || *s > '9')
		return -1;
	for (; sg_isdigit((unsigned char)*s) || *s == '_'; s++)
		if (*s != '_' && (v = v * 10 + (*s - '0')) > 1000000000LL)
			return -1;
	if (*s != ':')
		return -1;
	while (*s == ':') {
		s++;
		for (d = 0; sg_isdigit((unsigned char)s[d]); d++)
			;
		if (d == 0 || d > 2 || (d == 2 && s[0] > '5'))
			return -1;
		v = v * 60 + (d == 2 ? (s[0] - '0') * 10 + (s[1] - '0')
				     : s[0] - '0');
		if (v > 1000000000LL)
			return -1;
		s += d;
	}
	return *s ? -1 : v;
}

static void check_ports_quoted(struct compose_project *p,
			       const struct compose_rule *r,
			       const struct cm_node *svc)
{
	static const char *const fields[] = { "ports", "expose" };
	size_t f, i, n;

	for (f = 0; f < SG_ARRAY_SIZE(fields); f++) {
		const struct cm_node *it[MAXI];

		n = compose_items(cm_get(svc, fields[f]), it, MAXI);
		for (i = 0; i < n; i++) {
			long long v;

			if (it[i]->kind != CM_SCALAR ||
			    it[i]->style != SG_YAML_PLAIN ||
			    !strchr(it[i]->raw, ':'))
				continue;
			if ((v = base60(it[i]->raw)) >= 0)
				compose_report(p, r, it[i], NULL,
					       "unquoted port '%s' is the number "
					       "%lld to a YAML 1.1 parser (base "
					       "60); quote it", it[i]->raw, v);
			else
				compose_report(p, r, it[i], NULL,
					       "unquoted port '%s'; quote it "
					       "(a YAML 1.1 parser reads a:b "
					       "with b under 60 as a base-60 "
					       "number)", it[i]->raw);
		}
	}
}

static void check_volumes_quoted(struct compose_project *p,
				 const struct compose_rule *r,
				 const struct cm_node *svc)
{
	const struct cm_node *it[MAXI];
	size_t i, n = compose_items(cm_get(svc, "volumes"), it, MAXI);

	for (i = 0; i < n; i++)
		if (it[i]->kind == CM_SCALAR &&
		    (it[i]->style == SG_YAML_SINGLE_QUOTED ||
		     it[i]->style == SG_YAML_DOUBLE_QUOTED))
			compose_report(p, r, it[i], NULL,
				       "volume '%s' is quoted", it[i]->raw);
}

/* First entry of `map` out of order by `cmp`, within one file. */
static const struct cm_node *first_unsorted(const struct cm_node *map,
					    int (*rank)(const char *),
					    bool by_value)
{
	size_t i;

	if (!map)
		return NULL;
	for (i = 1; i < map->n; i++) {
		const struct cm_node *a = map->kids[i - 1], *b = map->kids[i];
		const char *ka = by_value ? a->value : a->key;
		const char *kb = by_value ? b->value : b->key;
		int c;

		if (!ka || !kb || !sg_streq(a->file, b->file) || a->anchored ||
		    b->anchored)
			continue;
		c = rank ? rank(ka) - rank(kb) : 0;
		if (c > 0 || (c == 0 && !rank && strcmp(ka, kb) > 0))
			return b;
	}
	return NULL;
}

static void check_services_sorted(struct compose_project *p,
				  const struct compose_rule *r)
{
	const struct cm_node *b = first_unsorted(p->services, NULL, false);

	if (b)
		compose_report_key(p, r, b, NULL,
				   "service '%s' is out of alphabetical order",
				   b->key);
}

static const char *const key_groups[][8] = {
	{ "image", "build", "container_name" },
	{ "depends_on" },
	{ "volumes", "volumes_from", "configs", "secrets" },
	{ "environment", "env_file" },
	{ "ports", "networks", "network_mode", "extra_hosts" },
	{ "command", "entrypoint", "working_dir", "restart", "healthcheck" },
	{ "logging", "labels" },
	{ "user", "isolation" },
};

static int key_rank(const char *k)
{
	size_t g, i;

	for (g = 0; g < SG_ARRAY_SIZE(key_groups); g++)
		for (i = 0; i < 8 && key_groups[g][i]; i++)
			if (!strcmp(k, key_groups[g][i]))
				return (int)(g * 8 + i);
	return 100;
}

static void check_service_keys(struct compose_project *p,
			       const struct compose_rule *r,
			       const struct cm_node *svc)
{
	const struct cm_node *b = first_unsorted(svc, key_rank, false);

	if (b)
		compose_report_key(p, r, b, NULL,
				   "key '%s' of service '%s' is out of the "
				   "conventional order", b->key, p->service);
}

static void check_depends_sorted(struct compose_project *p,
				 const struct compose_rule *r,
				 const struct cm_node *svc)
{
	const struct cm_node *d = cm_get(svc, "depends_on");
	const struct cm_node *b;

	if (!d)
		return;
	b = first_unsorted(d, NULL, d->kind == CM_SEQ);
	if (b)
		compose_report(p, r, b, NULL,
			       "depends_on '%s' is out of alphabetical order",
			       d->kind == CM_SEQ ? b->value : b->key);
}

static long port_num(struct compose_project *p, const struct cm_node *n)
{
	struct cm_port pt;

	cm_port_parse(p, n, &pt);
	return pt.pub_lo >= 0 ? pt.pub_lo : pt.tgt_lo;
}

static void check_ports_sorted(struct compose_project *p,
			       const struct compose_rule *r,
			       const struct cm_node *svc)
{
	const struct cm_node *ports = cm_get(svc, "ports");
	size_t i;

	if (!ports || ports->kind != CM_SEQ)
		return;
	for (i = 1; i < ports->n; i++) {
		long a = port_num(p, ports->kids[i - 1]);
		long b = port_num(p, ports->kids[i]);

		if (a >= 0 && b >= 0 && a > b &&
		    sg_streq(ports->kids[i - 1]->file, ports->kids[i]->file)) {
			compose_report(p, r, ports->kids[i], NULL,
				       "port %ld is listed after port %ld", b,
				       a);
			return;
		}
	}
}

static int top_rank(const char *k)
{
	static const char *const order[] = {
		"version", "name", "include", "services", "networks",
		"volumes", "secrets", "configs",
	};
	size_t i;

	if (sg_startswith(k, "x-"))
		return 0;
	for (i = 0; i < SG_ARRAY_SIZE(order); i++)
		if (!strcmp(k, order[i]))
			return (int)i + 1;
	return 100;
}

static void check_top_order(struct compose_project *p,
			    const struct compose_rule *r)
{
	const struct cm_node *b = first_unsorted(p->root, top_rank, false);

	if (b)
		compose_report_key(p, r, b, NULL,
				   "top-level key '%s' is out of the "
				   "conventional order", b->key);
}

const struct compose_rule sgc069 = {
	.meta = COMPOSE_META("SGC069", "obsolete-version",
		"Top-level version is obsolete", VULN_SCANNING, INFO, 0,
		SG_ALIASES("no-version-field"),
		HELP("The Compose specification ignores `version`; it only "
		     "misleads readers (and tools such as KICS and Semgrep "
		     "that silently skip files without it).",
		     "delete the line.",
		     "services:\n  web:\n    image: nginx:1.27\n")),
	.project = check_version,
};

const struct compose_rule sgc070 = {
	.meta = COMPOSE_META("SGC070", "project-name-missing",
		"Top-level name is missing", VULN_SCANNING, INFO,
		SG_RULE_OFF_BY_DEFAULT,
		SG_ALIASES("require-project-name-field"),
		HELP("Without `name` the project is named after its directory. "
		     "Some platforms (Portainer) forbid `name`, so this is off "
		     "by default.",
		     "add `name:`.",
		     "name: shop\nservices:\n  web:\n    image: nginx:1.27\n")),
	.project = check_name,
};

const struct compose_rule sgc071 = {
	.meta = COMPOSE_META("SGC071", "duplicate-container-name",
		"Two services share a container_name", VULN_SCANNING, HIGH, 0,
		SG_ALIASES("no-duplicate-container-names"),
		HELP("Container names are global on a host; the second service "
		     "fails to start.",
		     "give each a unique name, or drop `container_name`.",
		     "services:\n  a:\n    container_name: shop-a\n"
		     "  b:\n    container_name: shop-b\n")),
	.project = check_dup_container_name,
};

const struct compose_rule sgc072 = {
	.meta = COMPOSE_META("SGC072", "invalid-container-name",
		"container_name is not a valid name", VULN_SCANNING, HIGH, 0,
		SG_ALIASES("service-container-name-regex"),
		HELP("The engine accepts only `[a-zA-Z0-9][a-zA-Z0-9_.-]+`.",
		     "rename.",
		     "services:\n  web:\n    container_name: shop-web\n")),
	.service = check_container_name,
};

const struct compose_rule sgc073 = {
	.meta = COMPOSE_META("SGC073", "container-name-scaled",
		"Fixed container_name on a scaled service", VULN_SCANNING,
		MEDIUM, 0, NULL,
		HELP("Replicas cannot share one container name: scaling "
		     "fails.",
		     "drop `container_name` or scale to 1.",
		     "services:\n  worker:\n    deploy:\n      replicas: 3\n")),
	.service = check_name_scaled,
};

const struct compose_rule sgc074 = {
	.meta = COMPOSE_META("SGC074", "unquoted-port",
		"Port mapping is not quoted", NETWORK, LOW, 0,
		SG_ALIASES("require-quotes-in-ports"),
		HELP("YAML 1.1 parsers read an unquoted `22:22` as the base-60 "
		     "number 1342 (`80:80` stays a string: its second part is "
		     "60 or more). Every unquoted `a:b` value is reported, as "
		     "dclint does, and the message says when the value is "
		     "such a number (either quote style is fine).",
		     "quote port mappings.",
		     "services:\n  web:\n    ports:\n"
		     "      - \"127.0.0.1:8080:80\"\n")),
	.service = check_ports_quoted,
};

const struct compose_rule sgc075 = {
	.meta = COMPOSE_META("SGC075", "quoted-volume",
		"Volume entry is quoted", VULN_SCANNING, INFO,
		SG_RULE_OFF_BY_DEFAULT, SG_ALIASES("no-quotes-in-volumes"),
		HELP("A style preference of dclint; off by default.",
		     "remove the quotes.",
		     "services:\n  web:\n    volumes:\n"
		     "      - ./site:/usr/share/nginx/html:ro\n")),
	.service = check_volumes_quoted,
};

const struct compose_rule sgc076 = {
	.meta = COMPOSE_META("SGC076", "services-not-sorted",
		"Services are not in alphabetical order", VULN_SCANNING, INFO,
		SG_RULE_OFF_BY_DEFAULT,
		SG_ALIASES("services-alphabetical-order"),
		HELP("A style preference of dclint; off by default.",
		     "sort the services.",
		     "services:\n  api: {}\n  web: {}\n")),
	.project = check_services_sorted,
};

const struct compose_rule sgc077 = {
	.meta = COMPOSE_META("SGC077", "service-keys-order",
		"Service keys are out of the conventional order",
		VULN_SCANNING, INFO, SG_RULE_OFF_BY_DEFAULT,
		SG_ALIASES("service-keys-order"),
		HELP("dclint's grouping: image/build/container_name, "
		     "depends_on, volumes/configs/secrets, environment, "
		     "network, command/runtime, logging/labels, user, other. "
		     "Keys merged in with `<<` are not judged (dclint #266). "
		     "Off by default.",
		     "reorder the keys.",
		     "services:\n  web:\n    image: nginx:1.27\n"
		     "    ports: [\"127.0.0.1:80:80\"]\n")),
	.service = check_service_keys,
};

const struct compose_rule sgc078 = {
	.meta = COMPOSE_META("SGC078", "depends-on-not-sorted",
		"depends_on is not in alphabetical order", VULN_SCANNING, INFO,
		SG_RULE_OFF_BY_DEFAULT,
		SG_ALIASES("service-dependencies-alphabetical-order"),
		HELP("A style preference of dclint; off by default.",
		     "sort the list.",
		     "services:\n  web:\n    depends_on: [cache, db]\n")),
	.service = check_depends_sorted,
};

const struct compose_rule sgc079 = {
	.meta = COMPOSE_META("SGC079", "ports-not-sorted",
		"ports are not sorted", NETWORK, INFO, SG_RULE_OFF_BY_DEFAULT,
		SG_ALIASES("service-ports-alphabetical-order"),
		HELP("A style preference of dclint (numeric order); off by "
		     "default.",
		     "sort the ports.",
		     "services:\n  web:\n    ports: [\"127.0.0.1:80:80\", "
		     "\"127.0.0.1:443:443\"]\n")),
	.service = check_ports_sorted,
};

const struct compose_rule sgc080 = {
	.meta = COMPOSE_META("SGC080", "top-level-order",
		"Top-level keys are out of the conventional order",
		VULN_SCANNING, INFO, SG_RULE_OFF_BY_DEFAULT,
		SG_ALIASES("top-level-properties-order"),
		HELP("dclint's order: x-*, version, name, include, services, "
		     "networks, volumes, secrets, configs. Off by default.",
		     "reorder.",
		     "x-common: &common {}\nname: shop\nservices: {}\n")),
	.project = check_top_order,
};

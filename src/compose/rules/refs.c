/*
 * refs.c: the file as Compose itself would judge it: unknown keys and
 * wrong types, YAML errors, dangling references, profiles, extends and
 * include problems, interpolation problems.  The last four are found while
 * the model loads (model.c) and reported there with these descriptors.
 */
#include "util/compat.h"
#include "compose/rules.h"

#define MAXI 256

static const char *const top_keys[] = {
	"version", "name", "include", "services", "networks", "volumes",
	"secrets", "configs", "models",
};

static const char *const service_keys[] = {
	"annotations", "attach", "blkio_config", "build", "cap_add",
	"cap_drop", "cgroup", "cgroup_parent", "command", "configs",
	"container_name", "cpu_count", "cpu_percent", "cpu_period",
	"cpu_quota", "cpu_rt_period", "cpu_rt_runtime", "cpu_shares", "cpus",
	"cpuset", "credential_spec", "depends_on", "deploy", "develop",
	"device_cgroup_rules", "devices", "dns", "dns_opt", "dns_search",
	"domainname", "driver_opts", "entrypoint", "env_file", "environment",
	"expose", "extends", "external_links", "extra_hosts", "gpus",
	"group_add", "healthcheck", "hostname", "image", "init", "ipc",
	"isolation", "label_file", "labels", "links", "logging",
	"mac_address", "mem_limit", "mem_reservation", "mem_swappiness",
	"memswap_limit", "models", "network_mode", "networks",
	"oom_kill_disable", "oom_score_adj", "pid", "pids_limit", "platform",
	"ports", "post_start", "pre_start", "pre_stop", "privileged",
	"profiles", "provider", "pull_policy", "pull_refresh_after",
	"read_only", "restart", "runtime", "scale", "secrets", "security_opt",
	"shm_size", "stdin_open", "stop_grace_period", "stop_signal",
	"storage_opt", "sysctls", "tmpfs", "tty", "ulimits", "use_api_socket",
	"user", "userns_mode", "uts", "volumes", "volumes_from", "working_dir",
};

/* fields that must be a sequence (or, for some, a string) */
static const char *const seq_keys[] = {
	"cap_add", "cap_drop", "device_cgroup_rules", "devices", "expose",
	"external_links", "group_add", "links", "ports", "profiles",
	"security_opt", "volumes", "volumes_from",
};
static const char *const bool_keys[] = {
	"init", "oom_kill_disable", "privileged", "read_only", "stdin_open",
	"tty", "use_api_socket",
};

static bool in(const char *k, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (k[0] == list[i][0] && !strcmp(k, list[i]))
			return true;
	return false;
}

static void check_schema_top(struct compose_project *p,
			     const struct compose_rule *r)
{
	size_t i;

	for (i = 0; p->root && i < p->root->n; i++) {
		const struct cm_node *k = p->root->kids[i];

		if (!sg_startswith(k->key, "x-") &&
		    !in(k->key, top_keys, SG_ARRAY_SIZE(top_keys)))
			compose_report_key(p, r, k, NULL,
					   "unknown top-level key '%s'",
					   k->key);
	}
}

/*
 * A port Docker would refuse ("127.0.0.1:3001" reads the address as the
 * host port): no network rule can judge it, so it is said here, once.
 */
static void check_ports(struct compose_project *p, const struct compose_rule *r,
			const struct cm_node *ports)
{
	size_t i;

	for (i = 0; i < ports->n; i++) {
		const struct cm_node *n = ports->kids[i];
		struct cm_port pt;
		bool tgt;               /* the container side is the bad one */
		const char *bad;

		cm_port_parse(p, n, &pt);
		if (pt.valid || pt.unknown || n->null)
			continue;
		tgt = pt.tgt_lo < 0;
		bad = tgt ? pt.target : pt.published;
		if (n->kind != CM_SCALAR && n->kind != CM_MAP)
			compose_report(p, r, n, NULL, "service '%s' has a port "
				       "that is neither a string nor a mapping",
				       p->service);
		else if (!pt.target)
			compose_report(p, r, n, NULL, "service '%s' has a port "
				       "without a container port", p->service);
		else if (n->kind == CM_MAP)
			compose_report(p, r, n, NULL, "service '%s' has a port "
				       "whose %s '%s' is not a port or range",
				       p->service, tgt ? "target" : "published",
				       bad);
		else
			compose_report(p, r, n, NULL, "service '%s' port '%s': "
				       "%s port '%s' is not a port or range",
				       p->service, n->value,
				       tgt ? "container" : "host", bad);
	}
}

static void check_schema_service(struct compose_project *p,
				 const struct compose_rule *r,
				 const struct cm_node *svc)
{
	size_t i;
	bool b;

	for (i = 0; i < svc->n; i++) {
		const struct cm_node *k = svc->kids[i];

		if (sg_startswith(k->key, "x-"))
			continue;
		if (!in(k->key, service_keys, SG_ARRAY_SIZE(service_keys))) {
			compose_report_key(p, r, k, NULL,
					   "service '%s' has unknown key '%s'",
					   p->service, k->key);
			continue;
		}
		if (k->null || k->unknown)
			continue;
		if (in(k->key, seq_keys, SG_ARRAY_SIZE(seq_keys)) &&
		    k->kind != CM_SEQ)
			compose_report(p, r, k, NULL,
				       "service '%s' key '%s' must be a list",
				       p->service, k->key);
		else if (!strcmp(k->key, "ports"))
			check_ports(p, r, k);
		else if (in(k->key, bool_keys, SG_ARRAY_SIZE(bool_keys)) &&
			 (k->kind != CM_SCALAR || cm_bool(k, &b) < 0))
			compose_report(p, r, k, NULL,
				       "service '%s' key '%s' must be a "
				       "boolean", p->service, k->key);
		else if ((!strcmp(k->key, "environment") ||
			  !strcmp(k->key, "labels")) && k->kind == CM_SCALAR)
			compose_report(p, r, k, NULL,
				       "service '%s' key '%s' must be a "
				       "mapping or a list", p->service, k->key);
	}
}

static bool service_exists(struct compose_project *p, const char *name)
{
	return cm_get(p->services, name) != NULL;
}

static bool declared(struct compose_project *p, const char *section,
		     const char *name)
{
	return cm_get(cm_get(p->root, section), name) != NULL;
}

static void dangling_service(struct compose_project *p,
			     const struct compose_rule *r,
			     const struct cm_node *at, const char *name,
			     size_t len, const char *how)
{
	char buf[256];

	if (len >= sizeof(buf))
		return;
	memcpy(buf, name, len);
	buf[len] = '\0';
	if (!service_exists(p, buf))
		compose_report(p, r, at, NULL,
			       "service '%s' %s '%s', which is not a service "
			       "of this project", p->service, how, buf);
}

static void check_refs(struct compose_project *p, const struct compose_rule *r,
		       const struct cm_node *svc)
{
	const struct cm_node *it[MAXI], *d = cm_get(svc, "depends_on");
	const struct cm_node *nm = cm_get(svc, "network_mode");
	size_t i, n;

	if (d && d->kind == CM_MAP) {
		for (i = 0; i < d->n; i++)
			if (!cm_is_str(cm_get(d->kids[i], "required")) ||
			    cm_true(cm_get(d->kids[i], "required")))
				dangling_service(p, r, d->kids[i],
						 d->kids[i]->key,
						 strlen(d->kids[i]->key),
						 "depends on");
	} else {
		n = compose_items(d, it, MAXI);
		for (i = 0; i < n; i++)
			if (cm_is_str(it[i]))
				dangling_service(p, r, it[i], it[i]->value,
						 strlen(it[i]->value),
						 "depends on");
	}
	n = compose_items(cm_get(svc, "links"), it, MAXI);
	for (i = 0; i < n; i++)
		if (cm_is_str(it[i]))
			dangling_service(p, r, it[i], it[i]->value,
					 strcspn(it[i]->value, ":"), "links to");
	n = compose_items(cm_get(svc, "volumes_from"), it, MAXI);
	for (i = 0; i < n; i++)
		if (cm_is_str(it[i]) &&
		    !sg_startswith(it[i]->value, "container:"))
			dangling_service(p, r, it[i], it[i]->value,
					 strcspn(it[i]->value, ":"),
					 "takes volumes from");
	if (cm_is_str(nm) && sg_startswith(nm->value, "service:"))
		dangling_service(p, r, nm, nm->value + 8,
				 strlen(nm->value + 8), "shares the network of");
	/* named volumes, networks, secrets, configs */
	n = compose_items(cm_get(svc, "volumes"), it, MAXI);
	for (i = 0; i < n; i++) {
		struct cm_volume v;

		cm_volume_parse(p, it[i], &v);
		if (v.unknown || !v.source || !*v.source ||
		    strcmp(v.type ? v.type : "", "volume") != 0)
			continue;
		if (!declared(p, "volumes", v.source))
			compose_report(p, r, v.source_node ? v.source_node
							   : it[i], NULL,
				       "service '%s' mounts volume '%s', which "
				       "is not declared under top-level "
				       "volumes", p->service, v.source);
	}
	{
		const struct cm_node *nets = cm_get(svc, "networks");

		if (nets && nets->kind == CM_MAP) {
			for (i = 0; i < nets->n; i++)
				if (strcmp(nets->kids[i]->key, "default") &&
				    !declared(p, "networks", nets->kids[i]->key))
					compose_report_key(
						p, r, nets->kids[i], NULL,
						"service '%s' joins network "
						"'%s', which is not declared",
						p->service, nets->kids[i]->key);
		} else {
			n = compose_items(nets, it, MAXI);
			for (i = 0; i < n; i++)
				if (cm_is_str(it[i]) &&
				    strcmp(it[i]->value, "default") &&
				    !declared(p, "networks", it[i]->value))
					compose_report(
						p, r, it[i], NULL,
						"service '%s' joins network "
						"'%s', which is not declared",
						p->service, it[i]->value);
		}
	}
	{
		static const char *const secs[] = { "secrets", "configs" };
		size_t s;

		for (s = 0; s < 2; s++) {
			n = compose_items(cm_get(svc, secs[s]), it, MAXI);
			for (i = 0; i < n; i++) {
				const struct cm_node *src =
					it[i]->kind == CM_MAP
						? cm_get(it[i], "source")
						: it[i];

				if (cm_is_str(src) &&
				    !declared(p, secs[s], src->value))
					compose_report(
						p, r, src, NULL,
						"service '%s' uses %s '%s', "
						"which is not declared",
						p->service,
						s ? "config" : "secret",
						src->value);
			}
		}
	}
}

static bool has_profile(const struct cm_node *svc, const char *prof)
{
	const struct cm_node *it[MAXI];
	size_t i, n = compose_items(cm_get(svc, "profiles"), it, MAXI);

	for (i = 0; i < n; i++)
		if (cm_is_str(it[i]) && !strcmp(it[i]->value, prof))
			return true;
	return false;
}

static void profile_dep(struct compose_project *p,
			const struct compose_rule *r,
			const struct cm_node *svc, const struct cm_node *at,
			const char *dep)
{
	const struct cm_node *target = cm_get(p->services, dep);
	const struct cm_node *it[MAXI];
	size_t i, n;

	if (!target || !cm_get(target, "profiles"))
		return;
	n = compose_items(cm_get(svc, "profiles"), it, MAXI);
	if (n == 0) {
		compose_report(p, r, at, NULL,
			       "service '%s' is always enabled but depends on "
			       "'%s', which runs only under a profile",
			       p->service, dep);
		return;
	}
	for (i = 0; i < n; i++)
		if (cm_is_str(it[i]) && !has_profile(target, it[i]->value)) {
			compose_report(p, r, at, NULL,
				       "service '%s' runs under profile '%s' "
				       "but depends on '%s', which does not",
				       p->service, it[i]->value, dep);
			return;
		}
}

static void check_profiles(struct compose_project *p,
			   const struct compose_rule *r,
			   const struct cm_node *svc)
{
	const struct cm_node *d = cm_get(svc, "depends_on");
	const struct cm_node *it[MAXI];
	size_t i, n;

	if (d && d->kind == CM_MAP) {
		for (i = 0; i < d->n; i++)
			profile_dep(p, r, svc, d->kids[i], d->kids[i]->key);
		return;
	}
	n = compose_items(d, it, MAXI);
	for (i = 0; i < n; i++)
		if (cm_is_str(it[i]))
			profile_dep(p, r, svc, it[i], it[i]->value);
}

const struct compose_rule sgc081 = {
	.meta = COMPOSE_META("SGC081", "schema-violation",
		"Compose file does not follow the specification schema",
		VULN_SCANNING, HIGH, 0, SG_ALIASES("invalid-schema"),
		HELP("An unknown key (often a typo such as `privilieged`) is "
		     "ignored or rejected by Compose, so the setting you meant "
		     "is not applied; a wrong type, or a port Docker cannot "
		     "read (`127.0.0.1:3001` takes the address for the host "
		     "port), fails at `up`.",
		     "fix the key name or the value's type; bind a port to an "
		     "address as `127.0.0.1:3001:3001`. Extension keys "
		     "start with `x-`.",
		     "services:\n  web:\n    read_only: true\n"
		     "    x-team: storefront\n")),
	.service = check_schema_service,
	.project = check_schema_top,
};

const struct compose_rule sgc082 = {
	.meta = COMPOSE_META("SGC082", "invalid-yaml",
		"Compose file is not valid YAML", VULN_SCANNING, HIGH,
		SG_RULE_PARSE_ERROR, SG_ALIASES("invalid-yaml"),
		HELP("A syntax error, a duplicate key (Compose rejects them; a "
		     "second `privileged:` must not hide the first), nesting "
		     "that is too deep or an alias bomb: the file could not "
		     "be analysed at all.",
		     "fix the YAML at the reported line.",
		     "services:\n  web:\n    image: nginx:1.27\n")),
};

const struct compose_rule sgc083 = {
	.meta = COMPOSE_META("SGC083", "dangling-reference",
		"Reference to an undefined service, volume, network, secret "
		"or config", VULN_SCANNING, HIGH, 0, NULL,
		HELP("`depends_on`, `links`, `volumes_from`, `network_mode: "
		     "service:x` must name a service of the project; named "
		     "volumes, networks, secrets and configs must be declared "
		     "at the top level. Otherwise Compose refuses the file.",
		     "declare the resource or fix the name.",
		     "services:\n  web:\n    volumes: [\"data:/data\"]\n"
		     "volumes:\n  data: {}\n")),
	.service = check_refs,
};

const struct compose_rule sgc084 = {
	.meta = COMPOSE_META("SGC084", "depends-on-other-profile",
		"Dependency runs only under a profile the service lacks",
		VULN_SCANNING, MEDIUM, 0, NULL,
		HELP("A service that is enabled without a profile (or under "
		     "profile A) but depends on a service that runs only "
		     "under profile B cannot start on its own.",
		     "give both the same profiles, or drop the dependency.",
		     "services:\n  web:\n    profiles: [debug]\n"
		     "    depends_on: [tools]\n"
		     "  tools:\n    profiles: [debug]\n")),
	.service = check_profiles,
};

const struct compose_rule sgc085 = {
	.meta = COMPOSE_META("SGC085", "extends-include-broken",
		"extends or include is broken (missing, circular, conflict)",
		VULN_SCANNING, HIGH, 0, NULL,
		HELP("An `extends` or `include` that names a missing file or "
		     "service, loops back on itself, or redefines a resource "
		     "is rejected by Compose, and the gate cannot see the "
		     "service as it would run. A remote one (git URL, "
		     "`https://`, `oci://`) is reported too: the gate never "
		     "fetches, so what it brings was not analysed.",
		     "fix the path or name; break the cycle; rename the "
		     "conflicting resource.",
		     "services:\n  web:\n    extends:\n"
		     "      file: common.yaml\n      service: base\n")),
};

const struct compose_rule sgc086 = {
	.meta = COMPOSE_META("SGC086", "interpolation-problem",
		"Variable interpolation problem", VULN_SCANNING, LOW, 0, NULL,
		HELP("`${VAR:?message}` with VAR not in `.env`, or a variable "
		     "with no value or default in a security-relevant field "
		     "(which the gate then cannot check, and does not guess). "
		     "The gate reads `.env` beside the Compose file, never the "
		     "CI job's environment.",
		     "give a default (`${VAR:-value}`) or set it in `.env`.",
		     "services:\n  web:\n    user: \"${APP_UID:-10001}\"\n")),
};

const struct compose_rule sgc087 = {
	.meta = COMPOSE_META("SGC087", "interpolation-syntax-error",
		"Invalid variable interpolation syntax", VULN_SCANNING, HIGH,
		SG_RULE_PARSE_ERROR, NULL,
		HELP("An unterminated `${...` or an empty `${}` is a syntax "
		     "error: `docker compose` refuses the whole file, and the "
		     "gate cannot know the value the author meant, so the "
		     "file counts as not analysed.",
		     "close the brace, name the variable, or write `$$` for a "
		     "literal dollar sign.",
		     "services:\n  web:\n    user: \"${APP_UID:-10001}\"\n"
		     "    command: echo $$HOME\n")),
};

/*
 * A file discovery took for Compose that the reader then gave up on (the
 * v1 format, no Compose top-level key, a top level or `services` that is
 * not a mapping)
 * was not analysed at all: like invalid YAML it is exit 3, and only the
 * policy can accept it -- not PR mode or a baseline, which match on a key
 * that says nothing of what the file holds.
 */
const struct compose_rule sgc088 = {
	.meta = COMPOSE_META("SGC088", "not-analysed",
		"Compose-named file that could not be read as Compose",
		VULN_SCANNING, HIGH, SG_RULE_PARSE_ERROR, NULL,
		HELP("The file is named like a Compose file but its top level "
		     "is not a mapping, has no Compose key (`services`, "
		     "`include`, ...), its `services` is not a mapping, or it "
		     "is the legacy v1 format (services at the top level), "
		     "which Compose v2 does not read. Its services were not "
		     "checked, so the file counts as not analysed.",
		     "move the services under a `services:` key; rename a file "
		     "that is not Compose at all, or turn this rule off for it "
		     "in the policy.",
		     "services:\n  web:\n    image: nginx:1.27\n")),
};

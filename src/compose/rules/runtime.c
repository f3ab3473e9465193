/*
 * runtime.c: resource limits, restart policy, healthcheck, logging.
 * Limits are checked on every file, with or without a `version:` key
 * (KICS is silent on version-less files).
 */
#include "util/compat.h"
#include "compose/rules.h"

static const struct cm_node *limits(const struct cm_node *svc)
{
	return cm_get(cm_get(cm_get(svc, "deploy"), "resources"), "limits");
}

/* The node to report a missing limit at: the deepest one that exists. */
static const struct cm_node *anchor_for(const struct cm_node *svc)
{
	const struct cm_node *d = cm_get(svc, "deploy");
	const struct cm_node *res = cm_get(d, "resources");
	const struct cm_node *lim = cm_get(res, "limits");

	return lim ? lim : res ? res : d ? d : svc;
}

static bool has_value(const struct cm_node *n)
{
	return n && !n->null;
}

static void missing_limit(struct compose_project *p,
			  const struct compose_rule *r,
			  const struct cm_node *svc, const char *v2key,
			  const char *key, const char *what)
{
	if (has_value(cm_get(svc, v2key)) || has_value(cm_get(limits(svc), key)))
		return;
	compose_report_key(p, r, anchor_for(svc), NULL,
			   "service '%s' has no %s limit (%s or "
			   "deploy.resources.limits.%s)", p->service, what,
			   v2key, key);
}

static void check_memory(struct compose_project *p,
			 const struct compose_rule *r,
			 const struct cm_node *svc)
{
	missing_limit(p, r, svc, "mem_limit", "memory", "memory");
}

static void check_cpus(struct compose_project *p, const struct compose_rule *r,
		       const struct cm_node *svc)
{
	missing_limit(p, r, svc, "cpus", "cpus", "CPU");
}

static void check_pids(struct compose_project *p, const struct compose_rule *r,
		       const struct cm_node *svc)
{
	const struct cm_node *n = cm_get(svc, "pids_limit");
	long long v;

	if (!has_value(n))
		n = cm_get(limits(svc), "pids");
	if (n && cm_int(n, &v) == 0 && v <= 0)
		compose_report(p, r, n, NULL,
			       "service '%s' sets an unlimited pids limit "
			       "(%lld)", p->service, v);
	else if (!has_value(n))
		compose_report_key(p, r, anchor_for(svc), NULL,
				   "service '%s' has no pids limit (a fork "
				   "bomb takes the host down)", p->service);
}

static void check_ulimits(struct compose_project *p,
			  const struct compose_rule *r,
			  const struct cm_node *svc)
{
	const struct cm_node *u = cm_get(svc, "ulimits");

	if (cm_get(u, "nofile") && cm_get(u, "nproc"))
		return;
	compose_report_key(p, r, u ? u : svc, NULL,
			   "service '%s' does not set %s ulimits", p->service,
			   !u ? "nofile and nproc"
			   : cm_get(u, "nofile") ? "the nproc" : "the nofile");
}

static void check_oom_kill(struct compose_project *p,
			   const struct compose_rule *r,
			   const struct cm_node *svc)
{
	const struct cm_node *n = cm_get(svc, "oom_kill_disable");
	bool limited = has_value(cm_get(svc, "mem_limit")) ||
		       has_value(cm_get(limits(svc), "memory"));

	if (cm_true(n))
		compose_report(p, r, n, NULL,
			       "service '%s' disables the OOM killer%s",
			       p->service,
			       limited ? "" : " and has no memory limit: it "
					      "can exhaust host memory");
}

static void check_restart_count(struct compose_project *p,
				const struct compose_rule *r,
				const struct cm_node *svc)
{
	const struct cm_node *rs = cm_get(svc, "restart");
	const struct cm_node *pol = cm_get(cm_get(svc, "deploy"),
					   "restart_policy");
	const struct cm_node *cond = cm_get(pol, "condition");
	const struct cm_node *max = cm_get(pol, "max_attempts");
	long long v;

	if (cm_is_str(rs) && sg_startswith(rs->value, "on-failure:")) {
		const char *c = rs->value + 11;
		uint64_t u;

		if (sg_parse_u64(c, strlen(c), &u) == 0 && u != 5)
			compose_report(p, r, rs, NULL,
				       "service '%s' retries %s times on "
				       "failure (CIS suggests 5)", p->service,
				       c);
	}
	if (cm_is_str(cond) && !strcmp(cond->value, "on-failure") && max &&
	    cm_int(max, &v) == 0 && v != 5)
		compose_report(p, r, max, NULL,
			       "service '%s' retries %lld times on failure "
			       "(CIS suggests 5)", p->service, v);
}

static void check_restart_unbounded(struct compose_project *p,
				    const struct compose_rule *r,
				    const struct cm_node *svc)
{
	const struct cm_node *rs = cm_get(svc, "restart");

	if (cm_is_str(rs) && (!strcmp(rs->value, "always") ||
			      !strcmp(rs->value, "unless-stopped")))
		compose_report(p, r, rs, NULL,
			       "service '%s' restarts without bound (%s)",
			       p->service, rs->value);
}

static void check_healthcheck(struct compose_project *p,
			      const struct compose_rule *r,
			      const struct cm_node *svc)
{
	struct compose_build b;

	if (cm_get(svc, "healthcheck"))
		return;
	/* an image built here may carry its own HEALTHCHECK */
	if (compose_build_resolve(p, svc, &b) && (b.dockerfile ||
						  b.inline_text)) {
		struct compose_df_info df;
		const char *text = b.inline_text;
		size_t len = text ? strlen(text) : 0;

		if (!text)
			text = compose_read(p, b.dockerfile, &len);
		if (text) {
			compose_dockerfile_scan(p, text, len, &df);
			if (df.healthcheck)
				return;
		}
	}
	compose_report_key(p, r, svc, NULL,
			   "service '%s' has no healthcheck", p->service);
}

static void check_healthcheck_disabled(struct compose_project *p,
				       const struct compose_rule *r,
				       const struct cm_node *svc)
{
	const struct cm_node *h = cm_get(svc, "healthcheck");
	const struct cm_node *d = cm_get(h, "disable");
	const struct cm_node *t = cm_get(h, "test");

	if (cm_true(d)) {
		compose_report(p, r, d, NULL,
			       "service '%s' disables its healthcheck",
			       p->service);
		return;
	}
	if (t && t->kind == CM_SEQ && t->n && cm_is_str(t->kids[0]) &&
	    !strcmp(t->kids[0]->value, "NONE"))
		compose_report(p, r, t, NULL,
			       "service '%s' disables its healthcheck "
			       "(test: [\"NONE\"])", p->service);
	else if (cm_is_str(t) && !strcmp(t->value, "NONE"))
		compose_report(p, r, t, NULL,
			       "service '%s' disables its healthcheck",
			       p->service);
}

static void check_logging_none(struct compose_project *p,
			       const struct compose_rule *r,
			       const struct cm_node *svc)
{
	const struct cm_node *d = cm_get(cm_get(svc, "logging"), "driver");

	if (cm_is_str(d) && !strcmp(d->value, "none"))
		compose_report(p, r, d, NULL,
			       "service '%s' discards its logs (driver none)",
			       p->service);
}

static void check_log_rotation(struct compose_project *p,
			       const struct compose_rule *r,
			       const struct cm_node *svc)
{
	const struct cm_node *l = cm_get(svc, "logging");
	const struct cm_node *d = cm_get(l, "driver");
	const struct cm_node *o = cm_get(l, "options");

	if (!l || (d && !cm_is_str(d)))
		return;
	if (d && strcmp(d->value, "json-file") && strcmp(d->value, "local"))
		return;
	if (cm_get(o, "max-size"))
		return;
	compose_report_key(p, r, l, NULL,
			   "service '%s' logs to %s without max-size "
			   "rotation", p->service, d ? d->value : "json-file");
}

const struct compose_rule sgc042 = {
	.meta = COMPOSE_META("SGC042", "memory-limit-missing",
		"Service has no memory limit", RESOURCE_LIMITS, MEDIUM, 0,
		SG_ALIASES("Memory Not Limited",
			   "bb9ac4f7-e13b-423d-a010-c74a1bfbe492", "CL-0026",
			   "CIS-5.11", "unset-memory-requirements",
			   "LimitsMemory"),
		HELP("Without a memory limit one leaking or attacked service "
		     "can take all host memory and get others OOM-killed.",
		     "set `deploy.resources.limits.memory` (or `mem_limit`).",
		     "services:\n  api:\n    deploy:\n      resources:\n"
		     "        limits:\n          memory: 512M\n")),
	.service = check_memory,
};

const struct compose_rule sgc043 = {
	.meta = COMPOSE_META("SGC043", "cpu-limit-missing",
		"Service has no CPU limit", RESOURCE_LIMITS, LOW, 0,
		SG_ALIASES("Cpus Not Limited",
			   "6b610c50-99fb-4ef0-a5f3-e312fd945bc3", "CL-0026",
			   "CIS-5.12", "unset-cpu-requirements", "LimitsCPU"),
		HELP("Without a CPU limit a busy or hijacked (crypto-mining) "
		     "service starves everything else on the host.",
		     "set `deploy.resources.limits.cpus` (or `cpus`).",
		     "services:\n  api:\n    deploy:\n      resources:\n"
		     "        limits:\n          cpus: \"1.5\"\n")),
	.service = check_cpus,
};

const struct compose_rule sgc044 = {
	.meta = COMPOSE_META("SGC044", "pids-limit-missing",
		"Service has no PIDs limit", RESOURCE_LIMITS, LOW, 0,
		SG_ALIASES("Pids Limit Not Set",
			   "221e0658-cb2a-44e3-b08a-db96a341d6fa", "CIS-5.29"),
		HELP("A fork bomb in a container without a PIDs limit exhausts "
		     "the host's process table.",
		     "set `pids_limit` (or `deploy.resources.limits.pids`).",
		     "services:\n  api:\n    pids_limit: 200\n")),
	.service = check_pids,
};

const struct compose_rule sgc045 = {
	.meta = COMPOSE_META("SGC045", "ulimits-missing",
		"Service does not set nofile/nproc ulimits", RESOURCE_LIMITS,
		INFO, 0, SG_ALIASES("CIS-5.19"),
		HELP("Explicit `nofile` and `nproc` ulimits bound file handles "
		     "and processes per container instead of inheriting the "
		     "daemon's defaults.",
		     "set both under `ulimits`.",
		     "services:\n  api:\n    ulimits:\n      nproc: 512\n"
		     "      nofile:\n        soft: 4096\n        hard: 8192\n")),
	.service = check_ulimits,
};

const struct compose_rule sgc046 = {
	.meta = COMPOSE_META("SGC046", "oom-kill-disabled",
		"Service disables the OOM killer", RESOURCE_LIMITS, MEDIUM, 0,
		NULL,
		HELP("`oom_kill_disable: true` stops the kernel from killing "
		     "the container when memory runs out; without a memory "
		     "limit the host kills other processes instead.",
		     "remove it and set a memory limit.",
		     "services:\n  db:\n    mem_limit: 1g\n")),
	.service = check_oom_kill,
};

const struct compose_rule sgc047 = {
	.meta = COMPOSE_META("SGC047", "restart-on-failure-count",
		"On-failure restart count is not 5", RESOURCE_LIMITS, INFO, 0,
		SG_ALIASES("Restart Policy On Failure Not Set To 5",
			   "2fc99041-ddad-49d5-853f-e35e70a48391", "CIS-5.15"),
		HELP("The CIS benchmark recommends bounding on-failure restarts "
		     "at 5 so a crash-looping service stops instead of "
		     "hammering its dependencies.",
		     "use `on-failure:5` or `max_attempts: 5`.",
		     "services:\n  worker:\n    restart: on-failure:5\n")),
	.service = check_restart_count,
};

const struct compose_rule sgc048 = {
	.meta = COMPOSE_META("SGC048", "restart-unbounded",
		"Service restarts without bound", RESOURCE_LIMITS, INFO,
		SG_RULE_OFF_BY_DEFAULT, NULL,
		HELP("`always` and `unless-stopped` restart a crash-looping "
		     "job forever. Right for long-running servers, wrong for "
		     "jobs; off by default.",
		     "use `on-failure:5` for jobs.",
		     "services:\n  migrate:\n    restart: on-failure:5\n")),
	.service = check_restart_unbounded,
};

const struct compose_rule sgc049 = {
	.meta = COMPOSE_META("SGC049", "service-healthcheck-missing",
		"Service has no healthcheck", LOGGING, INFO, 0,
		SG_ALIASES("Healthcheck Not Set",
			   "698ed579-b239-4f8f-a388-baa4bcb13ef8", "CIS-5.27"),
		HELP("Without a healthcheck a hung service counts as running, "
		     "and `depends_on: condition: service_healthy` cannot "
		     "work. Not reported when the Dockerfile the service "
		     "builds has its own HEALTHCHECK.",
		     "add a `healthcheck`.",
		     "services:\n  web:\n    healthcheck:\n"
		     "      test: [\"CMD\", \"wget\", \"-qO-\", "
		     "\"http://localhost:8080/health\"]\n"
		     "      interval: 30s\n")),
	.service = check_healthcheck,
};

const struct compose_rule sgc050 = {
	.meta = COMPOSE_META("SGC050", "service-healthcheck-disabled",
		"Service disables its healthcheck", LOGGING, LOW, 0,
		SG_ALIASES("Healthcheck Not Set",
			   "698ed579-b239-4f8f-a388-baa4bcb13ef8", "CIS-5.27"),
		HELP("`disable: true` or `test: [\"NONE\"]` switches off the "
		     "image's own HEALTHCHECK.",
		     "remove it, or replace it with a working test.",
		     "services:\n  web:\n    healthcheck:\n"
		     "      test: [\"CMD-SHELL\", \"curl -f localhost || exit 1\"]\n")),
	.service = check_healthcheck_disabled,
};

const struct compose_rule sgc051 = {
	.meta = COMPOSE_META("SGC051", "service-logging-disabled",
		"Service discards its logs (logging driver none)", LOGGING,
		LOW, 0, SG_ALIASES("CL-0014"),
		HELP("With the `none` driver nothing the service prints is "
		     "kept: no audit trail, no incident evidence.",
		     "use the default or a central logging driver.",
		     "services:\n  web:\n    logging:\n      driver: local\n")),
	.service = check_logging_none,
};

const struct compose_rule sgc052 = {
	.meta = COMPOSE_META("SGC052", "log-rotation-missing",
		"json-file/local logging without rotation", LOGGING, INFO, 0,
		NULL,
		HELP("json-file logs grow without bound unless `max-size` is "
		     "set, until the disk fills.",
		     "set `max-size` (and `max-file`).",
		     "services:\n  web:\n    logging:\n      driver: json-file\n"
		     "      options:\n        max-size: 10m\n        max-file: "
		     "\"3\"\n")),
	.service = check_log_rotation,
};

/*
 * privilege.c: least-privilege rules: privileged mode, capabilities,
 * security_opt, root user, host namespaces, devices, sysctls.
 */
#include "util/compat.h"
#include "compose/rules.h"

#define MAXI 256

/* "cap_sys_admin ", "SYS_ADMIN" and "CAP_SYS_ADMIN" are the same cap. */
static bool cap_is(const char *v, const char *cap)
{
	size_t n;

	while (sg_isspace((unsigned char)*v))
		v++;
	if (sg_strncasecmp(v, "CAP_", 4) == 0)
		v += 4;
	n = strlen(v);
	while (n && sg_isspace((unsigned char)v[n - 1]))
		n--;
	return n == strlen(cap) && sg_strncasecmp(v, cap, n) == 0;
}

static const struct cm_node *find_cap(const struct cm_node *field,
				      const char *cap)
{
	const struct cm_node *it[MAXI];
	size_t i, n = compose_items(field, it, MAXI);

	for (i = 0; i < n; i++)
		if (cm_is_str(it[i]) && cap_is(it[i]->value, cap))
			return it[i];
	return NULL;
}

static void check_api_socket(struct compose_project *p,
			     const struct compose_rule *r,
			     const struct cm_node *svc)
{
	const struct cm_node *n = cm_get(svc, "use_api_socket");

	if (cm_true(n))
		compose_report(p, r, n, NULL,
			       "service '%s' sets use_api_socket: the engine "
			       "API socket and registry credentials are put "
			       "in the container", p->service);
}

static void check_privileged(struct compose_project *p,
			     const struct compose_rule *r,
			     const struct cm_node *svc)
{
	const struct cm_node *n = cm_get(svc, "privileged");

	if (cm_true(n))
		compose_report(p, r, n, NULL,
			       "service '%s' runs privileged: every device and "
			       "capability of the host", p->service);
}

static void check_build_privilege(struct compose_project *p,
				  const struct compose_rule *r,
				  const struct cm_node *svc)
{
	const struct cm_node *b = cm_get(svc, "build");
	const struct cm_node *n, *it[MAXI];
	size_t i, k;

	if (!b || b->kind != CM_MAP)
		return;
	if (cm_true(n = cm_get(b, "privileged")))
		compose_report(p, r, n, NULL,
			       "service '%s' builds with privileged: true",
			       p->service);
	n = cm_get(b, "network");
	if (cm_is_str(n) && strcmp(n->value, "host") == 0)
		compose_report(p, r, n, NULL,
			       "service '%s' builds with the host network",
			       p->service);
	k = compose_items(cm_get(b, "entitlements"), it, MAXI);
	for (i = 0; i < k; i++)
		if (cm_is_str(it[i]) &&
		    (!strcmp(it[i]->value, "security.insecure") ||
		     !strcmp(it[i]->value, "network.host")))
			compose_report(p, r, it[i], NULL,
				       "service '%s' grants the build "
				       "entitlement '%s'", p->service,
				       it[i]->value);
}

static void check_cap_add(struct compose_project *p,
			  const struct compose_rule *r,
			  const struct cm_node *svc)
{
	const struct cm_node *n = cm_get(svc, "cap_add");
	const struct cm_node *it[MAXI];

	if (n && compose_items(n, it, MAXI))
		compose_report_key(p, r, n, NULL,
				   "service '%s' adds capabilities; each one "
				   "widens what a compromise can do",
				   p->service);
}

static void check_cap_drop_all(struct compose_project *p,
			       const struct compose_rule *r,
			       const struct cm_node *svc)
{
	const struct cm_node *n = cm_get(svc, "cap_drop");

	if (cm_true(cm_get(svc, "privileged")))
		return;   /* privileged mode is reported on its own */
	if (!n)
		compose_report_key(p, r, svc, NULL,
				   "service '%s' keeps the default capability "
				   "set (no cap_drop: [ALL])", p->service);
	else if (!find_cap(n, "ALL") && !(n->unknown))
		compose_report_key(p, r, n, NULL,
				   "service '%s' drops some capabilities but "
				   "not ALL", p->service);
}

static const char *const critical_caps[] = {
	"ALL", "SYS_ADMIN", "SYS_MODULE", "SYS_RAWIO",
};

static void check_cap_critical(struct compose_project *p,
			       const struct compose_rule *r,
			       const struct cm_node *svc)
{
	size_t i;

	for (i = 0; i < SG_ARRAY_SIZE(critical_caps); i++) {
		const struct cm_node *c = find_cap(cm_get(svc, "cap_add"),
						   critical_caps[i]);

		if (c)
			compose_report(p, r, c, NULL,
				       "service '%s' adds %s, which is enough "
				       "to take over the host", p->service,
				       critical_caps[i]);
	}
}

static const struct {
	const char *cap;
	sg_severity sev;
} dangerous_caps[] = {
	{ "NET_ADMIN", SG_SEVERITY_HIGH }, { "BPF", SG_SEVERITY_HIGH },
	{ "SYS_BOOT", SG_SEVERITY_HIGH }, { "PERFMON", SG_SEVERITY_HIGH },
	{ "SYS_TIME", SG_SEVERITY_HIGH }, { "SYS_NICE", SG_SEVERITY_HIGH },
	{ "IPC_LOCK", SG_SEVERITY_HIGH }, { "LEASE", SG_SEVERITY_HIGH },
	{ "SYSLOG", SG_SEVERITY_HIGH }, { "SYS_PTRACE", SG_SEVERITY_MEDIUM },
	{ "DAC_READ_SEARCH", SG_SEVERITY_MEDIUM },
};

static void check_cap_dangerous(struct compose_project *p,
				const struct compose_rule *r,
				const struct cm_node *svc)
{
	size_t i;

	for (i = 0; i < SG_ARRAY_SIZE(dangerous_caps); i++) {
		const struct cm_node *c = find_cap(cm_get(svc, "cap_add"),
						   dangerous_caps[i].cap);
		sg_finding *f;

		if (!c)
			continue;
		f = compose_report(p, r, c, NULL,
				   "service '%s' adds %s", p->service,
				   dangerous_caps[i].cap);
		if (f)
			f->severity = dangerous_caps[i].sev;
	}
}

static void check_net_raw(struct compose_project *p,
			  const struct compose_rule *r,
			  const struct cm_node *svc)
{
	const struct cm_node *n = cm_get(svc, "cap_drop");

	/* without cap_drop the missing-drop rule already speaks */
	if (!n || n->unknown || find_cap(n, "ALL") || find_cap(n, "NET_RAW"))
		return;
	compose_report_key(p, r, n, NULL,
			   "service '%s' keeps NET_RAW (raw sockets, ARP and "
			   "DNS spoofing on the bridge)", p->service);
}

/* security_opt items as "name:value" / "name=value" / "name" */
static bool opt_is(const struct cm_node *it, const char *name,
		   const char *value)
{
	const char *v;
	size_t n = strlen(name);

	if (!cm_is_str(it))
		return false;
	v = it->value;
	while (*v == ' ')
		v++;
	if (sg_strncasecmp(v, name, n) != 0)
		return false;
	v += n;
	if (!value)
		return *v == '\0';
	if (*v != ':' && *v != '=')
		return false;
	return sg_strcasecmp(v + 1, value) == 0;
}

static const struct cm_node *find_opt(const struct cm_node *svc,
				      const char *name, const char *value)
{
	const struct cm_node *it[MAXI];
	size_t i, n = compose_items(cm_get(svc, "security_opt"), it, MAXI);

	for (i = 0; i < n; i++)
		if (opt_is(it[i], name, value))
			return it[i];
	return NULL;
}

static void check_nnp(struct compose_project *p, const struct compose_rule *r,
		      const struct cm_node *svc)
{
	const struct cm_node *so = cm_get(svc, "security_opt");

	if (find_opt(svc, "no-new-privileges", "true") ||
	    find_opt(svc, "no-new-privileges", NULL) || (so && so->unknown))
		return;
	if (so)
		compose_report_key(p, r, so, NULL,
				   "service '%s' does not set "
				   "no-new-privileges:true", p->service);
	else
		compose_report_key(p, r, svc, NULL,
				   "service '%s' has no security_opt "
				   "no-new-privileges:true", p->service);
}

static void check_security_opt_absent(struct compose_project *p,
				      const struct compose_rule *r,
				      const struct cm_node *svc)
{
	if (!cm_get(svc, "security_opt"))
		compose_report_key(p, r, svc, NULL,
				   "service '%s' has no security_opt",
				   p->service);
}

static void opt_rule(struct compose_project *p, const struct compose_rule *r,
		     const struct cm_node *svc, const char *name,
		     const char *value, const char *what)
{
	const struct cm_node *it[MAXI];
	size_t i, n = compose_items(cm_get(svc, "security_opt"), it, MAXI);

	for (i = 0; i < n; i++)
		if (opt_is(it[i], name, value))
			compose_report(p, r, it[i], NULL,
				       "service '%s' %s", p->service, what);
}

static void check_seccomp(struct compose_project *p,
			  const struct compose_rule *r,
			  const struct cm_node *svc)
{
	opt_rule(p, r, svc, "seccomp", "unconfined",
		 "disables the seccomp profile");
}

static void check_apparmor(struct compose_project *p,
			   const struct compose_rule *r,
			   const struct cm_node *svc)
{
	opt_rule(p, r, svc, "apparmor", "unconfined",
		 "disables the AppArmor profile");
}

static void check_selinux(struct compose_project *p,
			  const struct compose_rule *r,
			  const struct cm_node *svc)
{
	opt_rule(p, r, svc, "label", "disable",
		 "disables SELinux separation");
}

static void check_systempaths(struct compose_project *p,
			      const struct compose_rule *r,
			      const struct cm_node *svc)
{
	opt_rule(p, r, svc, "systempaths", "unconfined",
		 "unmasks /proc and /sys paths (systempaths=unconfined)");
}

static void check_read_only(struct compose_project *p,
			    const struct compose_rule *r,
			    const struct cm_node *svc)
{
	const struct cm_node *n = cm_get(svc, "read_only");
	bool b;

	if (n && n->unknown)
		return;
	if (n && cm_bool(n, &b) == 0 && !b)
		compose_report(p, r, n, NULL,
			       "service '%s' has a writable root filesystem",
			       p->service);
	else if (!n)
		compose_report_key(p, r, svc, NULL,
				   "service '%s' has a writable root "
				   "filesystem (no read_only: true)",
				   p->service);
}

static bool is_root_user(const char *u)
{
	size_t n = strcspn(u, ":");

	return (n == 4 && memcmp(u, "root", 4) == 0) ||
	       (n == 1 && u[0] == '0');
}

static void check_user_root(struct compose_project *p,
			    const struct compose_rule *r,
			    const struct cm_node *svc)
{
	const struct cm_node *n = cm_get(svc, "user");

	if (cm_is_str(n) && is_root_user(n->value))
		compose_report(p, r, n, NULL,
			       "service '%s' runs as root (user: %s)",
			       p->service, n->value);
}

static void host_ns(struct compose_project *p, const struct compose_rule *r,
		    const struct cm_node *svc, const char *key)
{
	const struct cm_node *n = cm_get(svc, key);

	if (cm_is_str(n) && strcmp(n->value, "host") == 0)
		compose_report(p, r, n, NULL,
			       "service '%s' shares the host's %s namespace "
			       "(%s: host)", p->service,
			       !strcmp(key, "network_mode") ? "network"
			       : !strcmp(key, "userns_mode") ? "user"
			       : !strcmp(key, "cgroup") ? "cgroup" : key,
			       key);
}

static void check_pid(struct compose_project *p, const struct compose_rule *r,
		      const struct cm_node *svc)
{
	host_ns(p, r, svc, "pid");
}

static void check_ipc(struct compose_project *p, const struct compose_rule *r,
		      const struct cm_node *svc)
{
	host_ns(p, r, svc, "ipc");
}

static void check_net_host(struct compose_project *p,
			   const struct compose_rule *r,
			   const struct cm_node *svc)
{
	host_ns(p, r, svc, "network_mode");
}

static void check_uts(struct compose_project *p, const struct compose_rule *r,
		      const struct cm_node *svc)
{
	host_ns(p, r, svc, "uts");
}

static void check_userns(struct compose_project *p,
			 const struct compose_rule *r,
			 const struct cm_node *svc)
{
	host_ns(p, r, svc, "userns_mode");
}

static void check_cgroup_parent(struct compose_project *p,
				const struct compose_rule *r,
				const struct cm_node *svc)
{
	const struct cm_node *n = cm_get(svc, "cgroup_parent");

	if (cm_is_str(n))
		compose_report(p, r, n, NULL,
			       "service '%s' runs under cgroup parent '%s', "
			       "outside the engine's own hierarchy",
			       p->service, n->value);
}

static void check_cgroup_host(struct compose_project *p,
			      const struct compose_rule *r,
			      const struct cm_node *svc)
{
	host_ns(p, r, svc, "cgroup");
}

/* block devices by prefix; memory and kernel devices by exact name */
static const char *const block_prefixes[] = {
	"sd", "nvme", "vd", "xvd", "hd", "mmcblk", "md", "loop", "dm-",
	"mapper/", "disk/", "sr",
};
static const char *const exact_devices[] = {
	"mem", "kmem", "port", "kmsg", "zfs",
};

static bool host_device(const char *dev)
{
	size_t i;

	if (!sg_startswith(dev, "/dev/"))
		return false;
	dev += 5;
	for (i = 0; i < SG_ARRAY_SIZE(block_prefixes); i++)
		if (sg_startswith(dev, block_prefixes[i]))
			return true;
	for (i = 0; i < SG_ARRAY_SIZE(exact_devices); i++)
		if (!strcmp(dev, exact_devices[i]))
			return true;
	return false;
}

static void check_devices(struct compose_project *p,
			  const struct compose_rule *r,
			  const struct cm_node *svc)
{
	const struct cm_node *it[MAXI];
	size_t i, n = compose_items(cm_get(svc, "devices"), it, MAXI);

	for (i = 0; i < n; i++) {
		const struct cm_node *src = it[i];
		const char *dev;
		char buf[256];
		size_t len;

		if (it[i]->kind == CM_MAP)
			src = cm_get(it[i], "source");
		if (!cm_is_str(src))
			continue;
		dev = src->value;
		len = strcspn(dev, ":");
		if (len >= sizeof(buf))
			continue;
		memcpy(buf, dev, len);
		buf[len] = '\0';
		if (host_device(buf))
			compose_report(p, r, src, NULL,
				       "service '%s' is given host device '%s'",
				       p->service, buf);
	}
}

static void check_device_rules(struct compose_project *p,
			       const struct compose_rule *r,
			       const struct cm_node *svc)
{
	const struct cm_node *it[MAXI];
	size_t i, n = compose_items(cm_get(svc, "device_cgroup_rules"), it,
				    MAXI);

	for (i = 0; i < n; i++) {
		const char *v;

		if (!cm_is_str(it[i]))
			continue;
		v = it[i]->value;
		while (*v == ' ')
			v++;
		if (v[0] == 'a' || strstr(v, " *:"))
			compose_report(p, r, it[i], NULL,
				       "service '%s' allows device access "
				       "'%s' (any device or any major number)",
				       p->service, v);
	}
}

/* IPC sysctls are namespaced: Docker allows them safely */
static bool host_sysctl(const char *k)
{
	static const char *const ns_kernel[] = {
		"kernel.shm_rmid_forced", "kernel.msgmax", "kernel.msgmnb",
		"kernel.msgmni", "kernel.sem", "kernel.shmall",
		"kernel.shmmax", "kernel.shmmni",
	};
	size_t i;

	if (sg_startswith(k, "kernel.")) {
		for (i = 0; i < SG_ARRAY_SIZE(ns_kernel); i++)
			if (!strcmp(k, ns_kernel[i]))
				return false;
		return true;
	}
	if (sg_startswith(k, "fs.mqueue."))
		return false;
	return sg_startswith(k, "vm.") || sg_startswith(k, "fs.") ||
	       sg_startswith(k, "net.core.") ||
	       sg_startswith(k, "net.netfilter.nf_conntrack_max");
}

static void check_sysctls(struct compose_project *p,
			  const struct compose_rule *r,
			  const struct cm_node *svc)
{
	const struct cm_node *s = cm_get(svc, "sysctls");
	size_t i;

	if (!s || s->kind != CM_MAP)
		return;
	for (i = 0; i < s->n; i++)
		if (host_sysctl(s->kids[i]->key))
			compose_report_key(p, r, s->kids[i], NULL,
					   "service '%s' sets sysctl '%s', "
					   "which is not namespaced: it "
					   "changes the host", p->service,
					   s->kids[i]->key);
}

const struct compose_rule sgc003 = {
	.meta = COMPOSE_META("SGC003", "use-api-socket",
		"Service is handed the engine API socket (use_api_socket)",
		NON_ROOT, HIGH, 0, NULL,
		HELP("`use_api_socket: true` (Compose 2.37.1+) mounts the engine "
		     "API socket into the container and copies your registry "
		     "credentials into it. Whoever controls the container "
		     "controls the engine, and so the host.",
		     "remove `use_api_socket`; give the container only the "
		     "narrow access it needs (a socket proxy with a read-only "
		     "allow-list).",
		     "services:\n  ci:\n    image: docker:27-cli\n"
		     "    # use_api_socket: true   <- remove\n")),
	.service = check_api_socket,
};

const struct compose_rule sgc004 = {
	.meta = COMPOSE_META("SGC004", "privileged-service",
		"Service runs privileged", NON_ROOT, CRITICAL, 0,
		SG_ALIASES("Privileged Containers Enabled",
			   "ae5b6871-7f45-42e0-bb4c-ab300c4d2026",
			   "privileged-service",
			   "yaml.docker-compose.security.privileged-service",
			   "CL-0002", "CIS-5.5", "privileged-container"),
		HELP("`privileged: true` gives the container every capability "
		     "and every host device and turns off seccomp, AppArmor "
		     "and SELinux. Escaping to the host is then trivial.",
		     "remove `privileged`; add only the capabilities or "
		     "devices the service really needs.",
		     "services:\n  app:\n    image: app:1.4\n"
		     "    cap_drop: [ALL]\n    cap_add: [NET_BIND_SERVICE]\n")),
	.service = check_privileged,
};

const struct compose_rule sgc005 = {
	.meta = COMPOSE_META("SGC005", "build-privileged",
		"Build runs privileged or with host networking",
		NON_ROOT, MEDIUM, 0, NULL,
		HELP("`build.privileged`, the `security.insecure` or "
		     "`network.host` entitlements and `build.network: host` "
		     "let build steps (any RUN in any base image) reach the "
		     "builder host.",
		     "build without them; fetch what the build needs in a "
		     "normal network namespace.",
		     "services:\n  app:\n    build:\n      context: .\n"
		     "      # privileged: true   <- remove\n")),
	.service = check_build_privilege,
};

const struct compose_rule sgc006 = {
	.meta = COMPOSE_META("SGC006", "cap-add",
		"Service adds Linux capabilities", NON_ROOT, INFO, 0,
		SG_ALIASES("Container Capabilities Unrestricted",
			   "ce76b7d0-9e77-464d-b86f-c5c48e03e22d"),
		HELP("Every capability in `cap_add` is a kernel privilege the "
		     "process keeps; most services need none.",
		     "drop `cap_add`, or keep only the ones the service "
		     "needs, after `cap_drop: [ALL]`.",
		     "services:\n  web:\n    cap_drop: [ALL]\n"
		     "    cap_add: [NET_BIND_SERVICE]\n")),
	.service = check_cap_add,
};

const struct compose_rule sgc007 = {
	.meta = COMPOSE_META("SGC007", "cap-drop-all-missing",
		"Service does not drop all capabilities",
		NON_ROOT, MEDIUM, 0,
		SG_ALIASES("Container Capabilities Unrestricted",
			   "ce76b7d0-9e77-464d-b86f-c5c48e03e22d", "CL-0006",
			   "CIS-5.4", "CapDropAll"),
		HELP("Without `cap_drop: [ALL]` the container keeps Docker's "
		     "default set (CHOWN, DAC_OVERRIDE, FOWNER, SETUID, "
		     "SETGID, NET_RAW, ...), which an attacker can use after "
		     "a compromise.",
		     "drop all capabilities and add back only what is needed.",
		     "services:\n  api:\n    cap_drop: [ALL]\n")),
	.service = check_cap_drop_all,
};

const struct compose_rule sgc008 = {
	.meta = COMPOSE_META("SGC008", "cap-add-host-takeover",
		"Service adds a capability that can take over the host",
		NON_ROOT, CRITICAL, 0,
		SG_ALIASES("CL-0024", "CapSysAdmin"),
		HELP("`ALL`, `SYS_ADMIN`, `SYS_MODULE` and `SYS_RAWIO` each let "
		     "a process mount filesystems, load kernel modules or "
		     "write raw memory: equivalent to root on the host.",
		     "remove the capability; use a narrower one or a "
		     "dedicated, reviewed tool outside the container.",
		     "services:\n  app:\n    cap_drop: [ALL]\n")),
	.service = check_cap_critical,
};

const struct compose_rule sgc009 = {
	.meta = COMPOSE_META("SGC009", "cap-add-dangerous",
		"Service adds a dangerous capability", NON_ROOT, HIGH, 0,
		SG_ALIASES("CL-0011", "CL-0027", "CL-0028", "CL-0029",
			   "CL-0030"),
		HELP("NET_ADMIN, BPF, SYS_BOOT, PERFMON, SYS_TIME, SYS_NICE, "
		     "IPC_LOCK, LEASE and SYSLOG (high) and SYS_PTRACE, "
		     "DAC_READ_SEARCH (medium) reach beyond the container: "
		     "network reconfiguration, kernel tracing, clock changes, "
		     "reading any file.",
		     "remove the capability unless the service's purpose is "
		     "exactly that, and then suppress with a reason.",
		     "services:\n  vpn:\n    # shipgate ignore=SGC009 "
		     "wireguard needs NET_ADMIN\n    cap_add: [NET_ADMIN]\n")),
	.service = check_cap_dangerous,
};

const struct compose_rule sgc010 = {
	.meta = COMPOSE_META("SGC010", "net-raw-not-dropped",
		"Service drops capabilities but keeps NET_RAW",
		NETWORK, LOW, 0,
		SG_ALIASES("drop-net-raw-capability"),
		HELP("NET_RAW allows raw and packet sockets: ARP and DNS "
		     "spoofing against neighbours on the same bridge. A service "
		     "that curates its capabilities should drop it too.",
		     "add `NET_RAW` (or `ALL`) to `cap_drop`.",
		     "services:\n  web:\n    cap_drop: [ALL]\n")),
	.service = check_net_raw,
};

const struct compose_rule sgc012 = {
	.meta = COMPOSE_META("SGC012", "no-new-privileges-missing",
		"Service does not set no-new-privileges", NON_ROOT, MEDIUM,
		0,
		SG_ALIASES("No New Privileges Not Set",
			   "27fcc7d6-c49b-46e0-98f1-6c082a6a2750",
			   "no-new-privileges",
			   "yaml.docker-compose.security.no-new-privileges",
			   "CL-0003", "CIS-5.26",
			   "privilege-escalation-container"),
		HELP("Without `no-new-privileges:true` a process can gain "
		     "privileges through setuid or file-capability binaries "
		     "in the image.",
		     "add it to `security_opt`.",
		     "services:\n  web:\n    security_opt:\n"
		     "      - no-new-privileges:true\n")),
	.service = check_nnp,
};

const struct compose_rule sgc013 = {
	.meta = COMPOSE_META("SGC013", "security-opt-missing",
		"Service has no security_opt at all", NON_ROOT, INFO,
		SG_RULE_OFF_BY_DEFAULT,
		SG_ALIASES("Security Opt Not Set",
			   "610e266e-6c12-4bca-9925-1ed0cd29742b"),
		HELP("KICS reports every service without `security_opt`. The "
		     "useful part of that check is no-new-privileges "
		     "(SGC012), so this one is off by default.",
		     "set the options your platform expects.",
		     "services:\n  web:\n    security_opt:\n"
		     "      - no-new-privileges:true\n")),
	.service = check_security_opt_absent,
};

const struct compose_rule sgc014 = {
	.meta = COMPOSE_META("SGC014", "seccomp-unconfined",
		"Service disables seccomp", NON_ROOT, HIGH, 0,
		SG_ALIASES("Default Seccomp Profile Disabled",
			   "404fde2c-bc4b-4371-9747-7054132ac953",
			   "seccomp-confinement-disabled",
			   "yaml.docker-compose.security."
			   "seccomp-confinement-disabled",
			   "CL-0009", "CIS-5.22", "SeccompUnconfined"),
		HELP("`seccomp:unconfined` removes the filter that blocks about "
		     "fifty dangerous system calls (keyctl, mount, ptrace on "
		     "old kernels...).",
		     "remove it, or ship a custom profile that allows just the "
		     "extra calls needed.",
		     "services:\n  app:\n    security_opt:\n"
		     "      - seccomp:./seccomp.json\n")),
	.service = check_seccomp,
};

const struct compose_rule sgc015 = {
	.meta = COMPOSE_META("SGC015", "apparmor-unconfined",
		"Service disables AppArmor", NON_ROOT, HIGH, 0,
		SG_ALIASES("CL-0009", "CIS-5.2"),
		HELP("`apparmor:unconfined` removes the docker-default profile "
		     "that denies writes to /proc and /sys and mount.",
		     "remove it, or load a custom profile.",
		     "services:\n  app:\n    security_opt:\n"
		     "      - apparmor:my-profile\n")),
	.service = check_apparmor,
};

const struct compose_rule sgc016 = {
	.meta = COMPOSE_META("SGC016", "selinux-disabled",
		"Service disables SELinux separation", NON_ROOT, HIGH, 0,
		SG_ALIASES("selinux-separation-disabled",
			   "yaml.docker-compose.security."
			   "selinux-separation-disabled", "CIS-5.3"),
		HELP("`label:disable` turns off SELinux labelling, so the "
		     "container's processes are not confined by type "
		     "enforcement.",
		     "remove it; relabel volumes with `:z`/`:Z` instead.",
		     "services:\n  app:\n    volumes:\n"
		     "      - ./data:/data:Z\n")),
	.service = check_selinux,
};

const struct compose_rule sgc017 = {
	.meta = COMPOSE_META("SGC017", "systempaths-unconfined",
		"Service unmasks /proc and /sys (systempaths=unconfined)",
		NON_ROOT, HIGH, 0, SG_ALIASES("unsafe-proc-mount"),
		HELP("`systempaths=unconfined` removes the masks over "
		     "/proc/kcore, /proc/keys, /sys/firmware and friends, "
		     "which leak host information and kernel interfaces.",
		     "remove the option.",
		     "services:\n  app:\n    security_opt:\n"
		     "      - no-new-privileges:true\n")),
	.service = check_systempaths,
};

const struct compose_rule sgc018 = {
	.meta = COMPOSE_META("SGC018", "writable-root-filesystem",
		"Service root filesystem is writable", NON_ROOT, LOW, 0,
		SG_ALIASES("writable-filesystem-service",
			   "yaml.docker-compose.security."
			   "writable-filesystem-service",
			   "CL-0007", "CIS-5.13", "no-read-only-root-fs",
			   "ReadOnlyRootFilesystem"),
		HELP("A writable root filesystem lets an attacker drop tools "
		     "and persist changes in the container.",
		     "set `read_only: true` and give writable paths a tmpfs "
		     "or a volume.",
		     "services:\n  web:\n    read_only: true\n"
		     "    tmpfs: [/tmp]\n")),
	.service = check_read_only,
};

const struct compose_rule sgc019 = {
	.meta = COMPOSE_META("SGC019", "service-user-root",
		"Service explicitly runs as root", NON_ROOT, MEDIUM, 0,
		SG_ALIASES("CL-0018"),
		HELP("`user: root` (or 0, 0:0, root:root) overrides a non-root "
		     "USER of the image; root in the container is root on "
		     "the host when anything else goes wrong.",
		     "run as an unprivileged uid.",
		     "services:\n  web:\n    user: \"10001:10001\"\n")),
	.service = check_user_root,
};

const struct compose_rule sgc021 = {
	.meta = COMPOSE_META("SGC021", "host-pid",
		"Service shares the host PID namespace", NON_ROOT, HIGH, 0,
		SG_ALIASES("Host Namespace is Shared",
			   "4f31dd9f-2cc3-4751-9b53-67e4af83dac0", "CL-0010",
			   "CIS-5.16", "HostPID"),
		HELP("`pid: host` shows every host process to the container and "
		     "lets it signal or ptrace them.",
		     "remove `pid: host`.",
		     "services:\n  app:\n    image: app:1.4\n")),
	.service = check_pid,
};

const struct compose_rule sgc022 = {
	.meta = COMPOSE_META("SGC022", "host-ipc",
		"Service shares the host IPC namespace", NON_ROOT, HIGH, 0,
		SG_ALIASES("Shared Host IPC Namespace",
			   "baa3890f-bed7-46f5-ab8f-1da8fc91c729", "CL-0010",
			   "CIS-5.17", "HostIPC"),
		HELP("`ipc: host` exposes host shared memory and semaphores.",
		     "remove it; share IPC between services with "
		     "`ipc: service:<name>` if needed.",
		     "services:\n  app:\n    ipc: shareable\n")),
	.service = check_ipc,
};

const struct compose_rule sgc023 = {
	.meta = COMPOSE_META("SGC023", "host-network",
		"Service uses the host network", NETWORK, HIGH, 0,
		SG_ALIASES("Shared Host Network Namespace",
			   "071a71ff-f868-47a4-ac0b-3c59e4ab5443", "CL-0008",
			   "CIS-5.10", "HostNetwork"),
		HELP("`network_mode: host` removes network isolation: the "
		     "service can bind any host port and reach services on "
		     "localhost.",
		     "use a user-defined network and publish the ports needed.",
		     "services:\n  web:\n    networks: [front]\n"
		     "    ports: [\"127.0.0.1:8080:8080\"]\n")),
	.service = check_net_host,
};

const struct compose_rule sgc024 = {
	.meta = COMPOSE_META("SGC024", "host-uts",
		"Service shares the host UTS namespace", NON_ROOT, LOW, 0,
		SG_ALIASES("CIS-5.21"),
		HELP("`uts: host` shares hostname and domain name with the "
		     "host; with SYS_ADMIN the container can change them.",
		     "remove it; set `hostname:` if a name is needed.",
		     "services:\n  app:\n    hostname: app\n")),
	.service = check_uts,
};

const struct compose_rule sgc025 = {
	.meta = COMPOSE_META("SGC025", "host-userns",
		"Service opts out of user-namespace remapping", NON_ROOT, LOW,
		0,
		SG_ALIASES("Shared Host User Namespace",
			   "8af7162d-6c98-482f-868e-0d33fb675ca8", "CIS-5.31"),
		HELP("`userns_mode: host` disables the daemon's userns-remap "
		     "for this container, so root inside is root outside.",
		     "remove it.",
		     "services:\n  app:\n    image: app:1.4\n")),
	.service = check_userns,
};

const struct compose_rule sgc026 = {
	.meta = COMPOSE_META("SGC026", "cgroup-parent",
		"Service sets a custom cgroup parent", RESOURCE_LIMITS, INFO,
		0,
		SG_ALIASES("Cgroup Not Default",
			   "4d9f44c6-2f4a-4317-9bb5-267adbea0232", "CIS-5.25"),
		HELP("`cgroup_parent` moves the container out of the engine's "
		     "cgroup hierarchy, where limits set for containers may "
		     "not apply.",
		     "remove it unless the host's cgroup layout is reviewed.",
		     "services:\n  app:\n    image: app:1.4\n")),
	.service = check_cgroup_parent,
};

const struct compose_rule sgc027 = {
	.meta = COMPOSE_META("SGC027", "host-cgroup",
		"Service shares the host cgroup namespace", NON_ROOT, MEDIUM,
		0, NULL,
		HELP("`cgroup: host` shows the host's cgroup tree inside the "
		     "container, a step towards escaping its limits.",
		     "use the default `cgroup: private`.",
		     "services:\n  app:\n    cgroup: private\n")),
	.service = check_cgroup_host,
};

const struct compose_rule sgc028 = {
	.meta = COMPOSE_META("SGC028", "host-device",
		"Service is handed a host block or memory device", NON_ROOT, HIGH,
		0, SG_ALIASES("CL-0016", "CIS-5.18"),
		HELP("Passing `/dev/sda`, `/dev/nvme0n1`, `/dev/mem`, `/dev/kmsg` "
		     "and the like gives raw access to host disks or memory.",
		     "mount a directory or volume instead of the device.",
		     "services:\n  db:\n    volumes:\n"
		     "      - dbdata:/var/lib/postgresql/data\n")),
	.service = check_devices,
};

const struct compose_rule sgc029 = {
	.meta = COMPOSE_META("SGC029", "device-cgroup-rule-permissive",
		"Service has a permissive device cgroup rule", NON_ROOT,
		MEDIUM, 0, NULL,
		HELP("A `device_cgroup_rules` entry such as `a *:* rwm` or "
		     "`c *:* rmw` lets the container create and use any "
		     "device node.",
		     "name the device type and major:minor numbers exactly.",
		     "services:\n  app:\n    device_cgroup_rules:\n"
		     "      - \"c 188:* rmw\"\n")),
	.service = check_device_rules,
};

const struct compose_rule sgc030 = {
	.meta = COMPOSE_META("SGC030", "host-sysctl",
		"Service sets a sysctl that is not namespaced", NON_ROOT, LOW,
		0, SG_ALIASES("unsafe-sysctls"),
		HELP("kernel.*, vm.*, fs.* and net.core.* sysctls are not "
		     "namespaced (the IPC kernel.shm*/msg*/sem ones and "
		     "fs.mqueue.* are): setting them changes the host.",
		     "set host sysctls on the host, not in Compose.",
		     "services:\n  app:\n    sysctls:\n"
		     "      net.ipv4.ip_unprivileged_port_start: 0\n")),
	.service = check_sysctls,
};

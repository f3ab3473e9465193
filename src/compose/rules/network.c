/*
 * network.c: published ports and networks.
 */
#include "util/compat.h"
#include "compose/rules.h"

#define MAXI 256

static bool drops(const struct cm_node *svc, const char *cap)
{
	const struct cm_node *it[MAXI];
	size_t i, n = compose_items(cm_get(svc, "cap_drop"), it, MAXI);

	for (i = 0; i < n; i++) {
		const char *v;

		if (!cm_is_str(it[i]))
			continue;
		v = it[i]->value;
		if (sg_strncasecmp(v, "CAP_", 4) == 0)
			v += 4;
		if (!sg_strcasecmp(v, cap) || !sg_strcasecmp(v, "ALL"))
			return true;
	}
	return false;
}

static void check_privileged_port(struct compose_project *p,
				  const struct compose_rule *r,
				  const struct cm_node *svc)
{
	const struct cm_node *it[MAXI];
	size_t i, n = compose_items(cm_get(svc, "ports"), it, MAXI);

	if (drops(svc, "NET_BIND_SERVICE"))
		return;
	for (i = 0; i < n; i++) {
		struct cm_port pt;
		long port;

		cm_port_parse(p, it[i], &pt);
		if (pt.unknown || !pt.valid)
			continue;
		port = pt.pub_lo >= 0 && pt.pub_lo < 1024 ? pt.pub_lo
		       : pt.tgt_lo < 1024 ? pt.tgt_lo : -1;
		if (port >= 0)
			compose_report(p, r, it[i], NULL,
				       "service '%s' maps privileged port %ld "
				       "without dropping NET_BIND_SERVICE",
				       p->service, port);
	}
}

static bool all_interfaces(const char *ip)
{
	return !ip || !*ip || !strcmp(ip, "0.0.0.0") || !strcmp(ip, "::") ||
	       !strcmp(ip, "[::]");
}

static void check_unbound(struct compose_project *p,
			  const struct compose_rule *r,
			  const struct cm_node *svc)
{
	const struct cm_node *it[MAXI];
	size_t i, n = compose_items(cm_get(svc, "ports"), it, MAXI);

	for (i = 0; i < n; i++) {
		struct cm_port pt;

		cm_port_parse(p, it[i], &pt);
		if (pt.unknown || !pt.valid || !all_interfaces(pt.host_ip))
			continue;
		compose_report(p, r, it[i], NULL,
			       "service '%s' publishes port %s on all "
			       "interfaces", p->service,
			       pt.published ? pt.published : pt.target);
	}
}

struct bound {
	const char *service, *ip, *proto;
	long lo, hi;
};

static bool ips_clash(const char *a, const char *b)
{
	bool v6a, v6b;

	if (!a || !*a || !b || !*b)
		return true;      /* no host IP: every address, both families */
	if (!strcmp(a, b))
		return true;
	v6a = strchr(a, ':') != NULL;
	v6b = strchr(b, ':') != NULL;
	if (v6a != v6b)
		return false;     /* 0.0.0.0 and [::] do not clash (dclint #305) */
	return all_interfaces(a) || all_interfaces(b);
}

static void check_duplicate_ports(struct compose_project *p,
				  const struct compose_rule *r)
{
	struct bound seen[1024];
	size_t nseen = 0, s, i, j;

	if (!p->services)
		return;
	for (s = 0; s < p->services->n; s++) {
		const struct cm_node *svc = p->services->kids[s];
		const struct cm_node *it[MAXI];
		size_t n = compose_items(cm_get(svc, "ports"), it, MAXI);

		for (i = 0; i < n; i++) {
			struct cm_port pt;

			cm_port_parse(p, it[i], &pt);
			if (pt.unknown || pt.pub_lo < 0)
				continue;
			for (j = 0; j < nseen; j++) {
				if (strcmp(seen[j].proto, pt.protocol) ||
				    pt.pub_hi < seen[j].lo ||
				    pt.pub_lo > seen[j].hi ||
				    !ips_clash(seen[j].ip, pt.host_ip))
					continue;
				p->service = svc->key;
				compose_report(p, r, it[i], NULL,
					       "host port %ld/%s is already "
					       "published by service '%s'",
					       SG_MAX(pt.pub_lo, seen[j].lo),
					       pt.protocol, seen[j].service);
				break;
			}
			if (j == nseen && nseen < SG_ARRAY_SIZE(seen)) {
				seen[nseen].service = svc->key;
				seen[nseen].ip = pt.host_ip;
				seen[nseen].proto = pt.protocol;
				seen[nseen].lo = pt.pub_lo;
				seen[nseen].hi = pt.pub_hi;
				nseen++;
			}
		}
	}
	p->service = NULL;
}

static void check_ports_host_net(struct compose_project *p,
				 const struct compose_rule *r,
				 const struct cm_node *svc)
{
	const struct cm_node *nm = cm_get(svc, "network_mode");
	const struct cm_node *ports = cm_get(svc, "ports");

	if (cm_is_str(nm) && !strcmp(nm->value, "host") && ports &&
	    ports->kind == CM_SEQ && ports->n)
		compose_report_key(p, r, ports, NULL,
				   "service '%s' publishes ports but uses the "
				   "host network; the ports are ignored",
				   p->service);
}

static void check_ssh(struct compose_project *p, const struct compose_rule *r,
		      const struct cm_node *svc)
{
	const struct cm_node *it[MAXI];
	size_t i, n = compose_items(cm_get(svc, "ports"), it, MAXI);

	for (i = 0; i < n; i++) {
		struct cm_port pt;

		cm_port_parse(p, it[i], &pt);
		if (!pt.unknown && pt.valid && pt.tgt_lo <= 22 &&
		    pt.tgt_hi >= 22)
			compose_report(p, r, it[i], NULL,
				       "service '%s' publishes SSH port 22",
				       p->service);
	}
	n = compose_items(cm_get(svc, "expose"), it, MAXI);
	for (i = 0; i < n; i++) {
		long long v;

		if (cm_int(it[i], &v) == 0 && v == 22)
			compose_report(p, r, it[i], NULL,
				       "service '%s' exposes SSH port 22",
				       p->service);
		else if (cm_is_str(it[i]) &&
			 (!strcmp(it[i]->value, "22/tcp")))
			compose_report(p, r, it[i], NULL,
				       "service '%s' exposes SSH port 22",
				       p->service);
	}
}

static void check_default_network(struct compose_project *p,
				  const struct compose_rule *r,
				  const struct cm_node *svc)
{
	if (cm_get(p->root, "networks") || cm_get(svc, "networks") ||
	    cm_get(svc, "network_mode"))
		return;
	compose_report_key(p, r, svc, NULL,
			   "service '%s' is on the project's default network "
			   "with every other service", p->service);
}

const struct compose_rule sgc011 = {
	.meta = COMPOSE_META("SGC011", "privileged-port",
		"Privileged port mapped without dropping NET_BIND_SERVICE",
		NETWORK, LOW, 0,
		SG_ALIASES("Privileged Ports Mapped In Container",
			   "bc2908f3-f73c-40a9-8793-c1b7d5544f79", "CIS-5.8",
			   "privileged-ports"),
		HELP("Ports below 1024 need NET_BIND_SERVICE inside the "
		     "container; a service that keeps it can bind any "
		     "privileged port.",
		     "listen on a high port in the container and map it, and "
		     "drop NET_BIND_SERVICE (or ALL).",
		     "services:\n  web:\n    ports: [\"127.0.0.1:80:8080\"]\n"
		     "    cap_drop: [ALL]\n")),
	.service = check_privileged_port,
};

const struct compose_rule sgc037 = {
	.meta = COMPOSE_META("SGC037", "port-all-interfaces",
		"Published port is bound to all interfaces", NETWORK, MEDIUM,
		0,
		SG_ALIASES("no-unbound-port-interfaces",
			   "Container Traffic Not Bound To Host Interface",
			   "451d79dc-0588-476a-ad03-3c7f0320abb3", "CL-0005",
			   "CIS-5.14"),
		HELP("A port without a host IP listens on every interface, and "
		     "Docker's iptables rules bypass host firewalls such as "
		     "UFW: a database meant for localhost is on the internet.",
		     "give the host IP (`127.0.0.1:` for local use).",
		     "services:\n  db:\n    ports:\n"
		     "      - \"127.0.0.1:5432:5432\"\n")),
	.service = check_unbound,
};

const struct compose_rule sgc038 = {
	.meta = COMPOSE_META("SGC038", "duplicate-host-port",
		"Same host port is published twice", NETWORK, HIGH, 0,
		SG_ALIASES("no-duplicate-exported-ports"),
		HELP("Two services (or two entries) publishing the same host "
		     "port and protocol on overlapping addresses cannot both "
		     "start. Protocol and address family are compared, so "
		     "80/tcp and 80/udp, or 0.0.0.0 and [::], do not clash.",
		     "give each a distinct host port.",
		     "services:\n  a:\n    ports: [\"127.0.0.1:8080:80\"]\n"
		     "  b:\n    ports: [\"127.0.0.1:8081:80\"]\n")),
	.project = check_duplicate_ports,
};

const struct compose_rule sgc039 = {
	.meta = COMPOSE_META("SGC039", "ports-with-host-network",
		"Ports are published on a host-network service", NETWORK,
		MEDIUM, 0, NULL,
		HELP("With `network_mode: host` the `ports` list is ignored "
		     "(the spec calls it a runtime error): what the file "
		     "says is exposed is not what is.",
		     "remove `ports`, or leave the host network.",
		     "services:\n  web:\n    network_mode: host\n")),
	.service = check_ports_host_net,
};

const struct compose_rule sgc040 = {
	.meta = COMPOSE_META("SGC040", "service-ssh-port",
		"Service publishes or exposes SSH (port 22)", NETWORK, LOW, 0,
		SG_ALIASES("CIS-5.7", "ssh-port"),
		HELP("An SSH server in a container is another service to patch "
		     "and another credential to steal; use `docker exec`.",
		     "remove sshd and the port.",
		     "services:\n  app:\n    ports: [\"127.0.0.1:8080:8080\"]\n")),
	.service = check_ssh,
};

const struct compose_rule sgc041 = {
	.meta = COMPOSE_META("SGC041", "default-network",
		"Project defines no networks: every service shares one",
		NETWORK, INFO, 0,
		SG_ALIASES("Networks Not Set",
			   "ce14a68b-1668-41a0-ab7d-facd9f784742", "CIS-5.30"),
		HELP("Without user-defined networks every service can reach "
		     "every other one. Segmenting (front/back) limits what a "
		     "compromised service can talk to.",
		     "declare networks and attach each service to the ones it "
		     "needs.",
		     "services:\n  web:\n    networks: [front, back]\n"
		     "  db:\n    networks: [back]\n"
		     "networks:\n  front: {}\n  back:\n    internal: true\n")),
	.service = check_default_network,
};

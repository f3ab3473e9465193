/*
 * expose.c: EXPOSE (reference section M, and G08).
 *
 * A word is `port[-port][/proto]` after variable expansion; unresolved
 * words are skipped.
 */
#include "util/compat.h"
#include "dockerfile/rules/rules.h"

enum { R_RANGE, R_SSH, R_FORMAT, R_PROTO, R_ADMIN };

struct port {
	uint64_t lo, hi;
	const char *proto;   /* NULL: tcp */
	bool ok;
};

static struct port parse_port(const char *v)
{
	struct port p = { 0, 0, NULL, false };
	const char *slash = strchr(v, '/'), *dash;
	size_t n = slash ? (size_t)(slash - v) : strlen(v);

	if (strchr(v, ':'))
		return p;
	p.proto = slash ? slash + 1 : NULL;
	dash = memchr(v, '-', n);
	if (dash) {
		if (sg_parse_u64(v, (size_t)(dash - v), &p.lo) < 0 ||
		    sg_parse_u64(dash + 1, n - (size_t)(dash - v) - 1, &p.hi) < 0)
			return p;
	} else {
		if (sg_parse_u64(v, n, &p.lo) < 0)
			return p;
		p.hi = p.lo;
	}
	p.ok = true;
	return p;
}

#define FOR_PORTS(in, i, w, p)                                         \
	for (i = 0; i < (in)->nargs; i++)                              \
		if (!(w = &(in)->args[i])->unresolved &&               \
		    (p = parse_port(w->value)).ok)

static void range(struct df_ctx *c, const struct df_instr *in, void *s)
{
	const struct df_word *w;
	struct port p;
	uint32_t i;

	FOR_PORTS(in, i, w, p) {
		if (p.lo > 65535 || p.hi > 65535 || p.lo > p.hi)
			df_report(c, in, w->off, w->len,
				  "port '%s' is outside 0-65535", w->value);
	}
}

static bool has(const struct port *p, uint64_t port)
{
	return p->lo <= port && port <= p->hi;
}

static void ssh(struct df_ctx *c, const struct df_instr *in, void *s)
{
	const struct df_word *w;
	struct port p;
	uint32_t i;

	FOR_PORTS(in, i, w, p) {
		if (has(&p, 22))
			df_report(c, in, w->off, w->len,
				  "EXPOSE %s publishes SSH", w->value);
	}
}

static void format(struct df_ctx *c, const struct df_instr *in, void *s)
{
	uint32_t i;

	for (i = 0; i < in->nargs; i++) {
		const struct df_word *w = &in->args[i];

		if (!w->unresolved && strchr(w->value, ':'))
			df_report(c, in, w->off, w->len,
				  "EXPOSE '%s' has a host address or port mapping; "
				  "EXPOSE takes container ports only (publish with "
				  "-p or Compose 'ports:')", w->value);
	}
}

static void proto(struct df_ctx *c, const struct df_instr *in, void *s)
{
	const struct df_word *w;
	struct port p;
	uint32_t i;

	FOR_PORTS(in, i, w, p) {
		const char *q;

		for (q = p.proto; q && *q; q++)
			if (*q >= 'A' && *q <= 'Z') {
				df_report(c, in, w->off, w->len,
					  "protocol in '%s' should be lowercase",
					  w->value);
				break;
			}
	}
}

static const struct {
	uint64_t port;
	const char *what;
} admin[] = {
	{ 23, "Telnet" }, { 2375, "the unencrypted Docker API" },
	{ 2376, "the Docker API" }, { 3389, "RDP" }, { 5900, "VNC" },
	{ 5985, "WinRM (HTTP)" }, { 5986, "WinRM" },
};

static void remote_admin(struct df_ctx *c, const struct df_instr *in,
			 void *s)
{
	const struct df_word *w;
	struct port p;
	uint32_t i;
	size_t k;

	FOR_PORTS(in, i, w, p) {
		for (k = 0; k < SG_ARRAY_SIZE(admin); k++)
			if (has(&p, admin[k].port)) {
				df_report(c, in, w->off, w->len,
					  "EXPOSE %s publishes %s", w->value,
					  admin[k].what);
				break;
			}
	}
}

static const struct df_rule rules[] = {
	[R_RANGE] = {
		DF_META(.id = "SGD070", .name = "expose-port-out-of-range",
			.title = "EXPOSE port outside 0-65535",
			.help = "TCP and UDP ports are 16-bit; a larger number (or "
				"a reversed range) is a typo the runtime rejects.\n\n"
				"Fix:\n\n```dockerfile\nEXPOSE 8080\n```",
			.aliases = SG_ALIASES("DL3011", "DS-0008",
					      "UNIX Ports Out Of Range",
					      "invalid_port", "invalid-port"),
			.practice = SG_PRACTICE_NETWORK,
			.severity = SG_SEVERITY_HIGH),
		.on = DF_ON(DF_EXPOSE), .check = range,
	},
	[R_SSH] = {
		DF_META(.id = "SGD071", .name = "expose-ssh",
			.title = "EXPOSE 22 (SSH)",
			.help = "An SSH server in a container is one more service "
				"to patch and brute-force, and is not needed: use "
				"`docker exec` / `kubectl exec` to get a shell.\n\n"
				"Fix: remove sshd and `EXPOSE 22`.",
			.aliases = SG_ALIASES("DS-0004", "CKV_DOCKER_1",
					      "Exposing Port 22 (SSH)"),
			.practice = SG_PRACTICE_NETWORK,
			.severity = SG_SEVERITY_MEDIUM),
		.on = DF_ON(DF_EXPOSE), .check = ssh,
	},
	[R_FORMAT] = {
		DF_META(.id = "SGD072", .name = "expose-invalid-format",
			.title = "EXPOSE with an IP address or host:container "
				 "mapping",
			.help = "EXPOSE documents container ports. An IP or a "
				"`host:container` pair is not supported there and "
				"suggests a port is published on the host, which only "
				"`docker run -p` or Compose `ports:` does.\n\n"
				"Fix:\n\n```dockerfile\n# wrong\nEXPOSE 0.0.0.0:80:80\n"
				"# right\nEXPOSE 80\n```",
			.aliases = SG_ALIASES("ExposeInvalidFormat",
					      "expose_host_port"),
			.practice = SG_PRACTICE_NETWORK,
			.severity = SG_SEVERITY_MEDIUM),
		.on = DF_ON(DF_EXPOSE), .check = format,
	},
	[R_PROTO] = {
		DF_META(.id = "SGD073", .name = "expose-protocol-casing",
			.title = "EXPOSE protocol is not lowercase",
			.help = "Protocols are `tcp`, `udp` and `sctp`, in "
				"lowercase.\n\n"
				"Fix:\n\n```dockerfile\nEXPOSE 53/udp\n```",
			.aliases = SG_ALIASES("ExposeProtoCasing"),
			.practice = SG_PRACTICE_NETWORK,
			.severity = SG_SEVERITY_INFO),
		.on = DF_ON(DF_EXPOSE), .check = proto,
	},
	[R_ADMIN] = {
		DF_META(.id = "SGD074", .name = "expose-remote-admin-port",
			.title = "EXPOSE of a remote-administration port",
			.help = "Telnet (23), the Docker API (2375/2376), RDP "
				"(3389), VNC (5900) and WinRM (5985/5986) give remote "
				"control of the container or, for the Docker API, of "
				"the host. They should never be part of an image's "
				"interface.\n\n"
				"Fix: remove the service and the EXPOSE; administer "
				"through the orchestrator.",
			.practice = SG_PRACTICE_NETWORK,
			.severity = SG_SEVERITY_HIGH),
		.on = DF_ON(DF_EXPOSE), .check = remote_admin,
	},
};

const struct sg_rule_table df_rules_expose = SG_RULE_TABLE(rules);

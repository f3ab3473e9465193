/*
 * syntax.c: the short and long syntaxes of `ports` and `volumes`, read into
 * one shape so rules and the merge de-duplication never parse strings.
 *
 * Short port: [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL], ranges
 * "8000-8010", IPv6 host in brackets ("[::1]:80:80").  Short volume:
 * [SOURCE:]TARGET[:MODE].  A value with an unresolved variable is parsed
 * as far as it goes and marked `unknown`: rules must not judge it.
 */
#include "util/compat.h"
#include "compose/model.h"

static const char *dup(struct compose_project *p, const char *s, size_t n)
{
	return sg_arena_strndup(&p->arena, s, n);
}

static void range(const char *s, long *lo, long *hi)
{
	uint64_t a, b;
	const char *dash;

	*lo = *hi = -1;
	if (!s || !*s)
		return;
	dash = strchr(s, '-');
	if (!dash) {
		if (sg_parse_u64(s, strlen(s), &a) == 0 && a <= 65535)
			*lo = *hi = (long)a;
		return;
	}
	if (sg_parse_u64(s, (size_t)(dash - s), &a) == 0 &&
	    sg_parse_u64(dash + 1, strlen(dash + 1), &b) == 0 && a <= b &&
	    b <= 65535) {
		*lo = (long)a;
		*hi = (long)b;
	}
}

static const char *str_of(const struct cm_node *n)
{
	return n && n->kind == CM_SCALAR && !n->null ? n->value : NULL;
}

void cm_port_parse(struct compose_project *p, const struct cm_node *n,
		   struct cm_port *out)
{
	memset(out, 0, sizeof(*out));
	out->protocol = "tcp";
	out->pub_lo = out->pub_hi = out->tgt_lo = out->tgt_hi = -1;
	if (!n)
		return;
	if (n->kind == CM_MAP) {
		const struct cm_node *t = cm_get(n, "target");
		const struct cm_node *pub = cm_get(n, "published");
		const struct cm_node *ip = cm_get(n, "host_ip");
		const struct cm_node *pr = cm_get(n, "protocol");

		out->unknown = (t && t->unknown) || (pub && pub->unknown) ||
			       (ip && ip->unknown) || (pr && pr->unknown);
		out->target = str_of(t);
		out->published = str_of(pub);
		out->host_ip = str_of(ip);
		if (str_of(pr))
			out->protocol = str_of(pr);
	} else if (n->kind == CM_SCALAR && !n->null) {
		const char *s = n->value, *slash = strrchr(s, '/');
		size_t len = slash ? (size_t)(slash - s) : strlen(s);
		const char *colons[64];
		size_t nc = 0, i;

		out->unknown = n->unknown;
		if (slash)
			out->protocol = dup(p, slash + 1, strlen(slash + 1));
		if (len && s[0] == '[') {
			const char *rb = memchr(s, ']', len);

			if (rb && (size_t)(rb - s) + 1 < len &&
			    rb[1] == ':') {
				out->host_ip = dup(p, s + 1,
						   (size_t)(rb - s - 1));
				len -= (size_t)(rb - s) + 2;
				s = rb + 2;
			}
		}
		for (i = 0; i < len && nc < SG_ARRAY_SIZE(colons); i++)
			if (s[i] == ':')
				colons[nc++] = s + i;
		if (nc == 0) {
			out->target = dup(p, s, len);
		} else if (nc == 1 || out->host_ip) {
			out->published = dup(p, s, (size_t)(colons[nc - 1] - s));
			out->target = dup(p, colons[nc - 1] + 1,
					  len - (size_t)(colons[nc - 1] + 1 - s));
		} else {
			const char *a = colons[nc - 2], *b = colons[nc - 1];

			out->host_ip = dup(p, s, (size_t)(a - s));
			out->published = dup(p, a + 1, (size_t)(b - a - 1));
			out->target = dup(p, b + 1,
					  len - (size_t)(b + 1 - s));
		}
		if (out->published && !*out->published)
			out->published = NULL;
	}
	range(out->published, &out->pub_lo, &out->pub_hi);
	range(out->target, &out->tgt_lo, &out->tgt_hi);
	/* "127.0.0.1:3001" is not the host IP and a port: Docker reads the
	 * address as the host port and rejects it (SGC081 says so) */
	out->valid = out->target && out->tgt_lo >= 0 &&
		     (!out->published || out->pub_lo >= 0);
}

static bool has_opt(const char *mode, const char *opt)
{
	size_t n = strlen(opt);

	while (mode && *mode) {
		const char *c = strchr(mode, ',');
		size_t len = c ? (size_t)(c - mode) : strlen(mode);

		if (len == n && memcmp(mode, opt, n) == 0)
			return true;
		mode = c ? c + 1 : NULL;
	}
	return false;
}

void cm_volume_parse(struct compose_project *p, const struct cm_node *n,
		     struct cm_volume *out)
{
	memset(out, 0, sizeof(*out));
	if (!n)
		return;
	if (n->kind == CM_MAP) {
		const struct cm_node *bind = cm_get(n, "bind");
		const struct cm_node *src = cm_get(n, "source");

		out->type = str_of(cm_get(n, "type"));
		out->source = str_of(src);
		out->source_node = src;
		out->target = str_of(cm_get(n, "target"));
		out->read_only = cm_true(cm_get(n, "read_only"));
		out->propagation_node = cm_get(bind, "propagation");
		out->propagation = str_of(out->propagation_node);
		out->unknown = (src && src->unknown) ||
			       (cm_get(n, "target") &&
				cm_get(n, "target")->unknown);
		if (!out->type)
			out->type = "volume";
	} else if (n->kind == CM_SCALAR && !n->null) {
		const char *s = n->value, *c1, *c2;

		out->unknown = n->unknown;
		out->source_node = n;
		/* "C:\x:/y" is Windows; the gate is about Linux hosts */
		c1 = strchr(s, ':');
		if (!c1) {
			out->target = s;
			out->type = "volume";
			return;
		}
		c2 = strchr(c1 + 1, ':');
		out->source = dup(p, s, (size_t)(c1 - s));
		out->target = c2 ? dup(p, c1 + 1, (size_t)(c2 - c1 - 1))
				 : c1 + 1;
		out->mode = c2 ? c2 + 1 : NULL;
		out->read_only = has_opt(out->mode, "ro");
		out->type = (out->source[0] == '/' || out->source[0] == '.' ||
			     out->source[0] == '~' || !out->source[0])
				    ? "bind" : "volume";
		if (has_opt(out->mode, "shared"))
			out->propagation = "shared";
		else if (has_opt(out->mode, "rshared"))
			out->propagation = "rshared";
		else if (has_opt(out->mode, "slave"))
			out->propagation = "slave";
		else if (has_opt(out->mode, "rslave"))
			out->propagation = "rslave";
	}
}

/* suppress.c: inline suppression payloads (see suppress.h). */
#include "util/compat.h"
#include "core/suppress.h"

#include "util/buf.h"

static bool is_ref_char(char c)
{
	return sg_isalnum((unsigned char)c) || c == '-' || c == '_' ||
	       c == '.' || c == '*' || c == ':' || c == '/';
}

static int add_ref(struct sg_arena *arena, struct sg_suppress *out,
		   const char *ref, size_t len)
{
	const sg_rule *found[64];
	char name[128];
	size_t n, i;

	if (len == 0)
		return 0;
	if (len >= sizeof(name))
		len = sizeof(name) - 1;
	memcpy(name, ref, len);
	name[len] = '\0';
	if (!strcmp(name, "all") || !strcmp(name, "*")) {
		out->all = true;
		return 0;
	}
	n = sg_rule_resolve(name, found, SG_ARRAY_SIZE(found));
	if (n > SG_ARRAY_SIZE(found))
		n = SG_ARRAY_SIZE(found);
	if (n == 0) {
		const char **u = sg_arena_calloc(arena, out->nunknown + 1,
						 sizeof(*u));

		if (!u)
			return SG_ENOMEM;
		if (out->nunknown)
			memcpy(u, out->unknown, out->nunknown * sizeof(*u));
		u[out->nunknown] = sg_arena_strdup(arena, name);
		out->unknown = u;
		out->nunknown++;
		return arena->oom ? SG_ENOMEM : 0;
	}
	{
		const sg_rule **r = sg_arena_calloc(arena, out->nrules + n,
						    sizeof(*r));

		if (!r)
			return SG_ENOMEM;
		if (out->nrules)
			memcpy(r, out->rules, out->nrules * sizeof(*r));
		for (i = 0; i < n; i++)
			r[out->nrules + i] = found[i];
		out->rules = r;
		out->nrules += n;
	}
	return 0;
}

int sg_suppress_parse(const char *text, size_t len, struct sg_arena *arena,
		      struct sg_suppress *out)
{
	size_t i = 0, start;
	int rc;

	memset(out, 0, sizeof(*out));
	while (i < len && (text[i] == ' ' || text[i] == '\t'))
		i++;
	for (;;) {
		start = i;
		while (i < len && is_ref_char(text[i]))
			i++;
		if ((rc = add_ref(arena, out, text + start, i - start)) < 0)
			return rc;
		/* "A,B" or "A, B": the list goes on after a comma */
		if (i < len && text[i] == ',') {
			i++;
			while (i < len && (text[i] == ' ' || text[i] == '\t'))
				i++;
			continue;
		}
		break;
	}
	while (i < len && sg_isspace((unsigned char)text[i]))
		i++;
	while (len > i && sg_isspace((unsigned char)text[len - 1]))
		len--;
	if (i < len) {
		out->reason = sg_arena_strndup(arena, text + i, len - i);
		if (!out->reason)
			return SG_ENOMEM;
	}
	return 0;
}

bool sg_suppress_covers(const struct sg_suppress *s, const sg_rule *rule)
{
	size_t i;

	if (s->all)
		return true;
	for (i = 0; i < s->nrules; i++)
		if (s->rules[i] == rule)
			return true;
	return false;
}

int sg_finding_suppress(sg_findings *set, sg_finding *f, const char *origin,
			const char *reason)
{
	struct sg_buf b = SG_BUF_INIT(4096);

	sg_buf_puts(&b, origin);
	if (reason && *reason)
		sg_buf_printf(&b, ": %s", reason);
	f->verdict = SG_VERDICT_SUPPRESSED;
	f->inline_suppression = true;
	f->why = sg_findings_strdup(set, sg_buf_cstr(&b));
	sg_buf_release(&b);
	return f->why ? 0 : SG_ENOMEM;
}

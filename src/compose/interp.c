/*
 * interp.c: Compose interpolation (spec 12) and dotenv parsing.
 *
 * Forms: $VAR ${VAR} ${VAR:-d} ${VAR-d} ${VAR:?e} ${VAR?e} ${VAR:+r}
 * ${VAR+r}, nested in defaults (${A:-${B:-x}}), `$$` for a literal `$`; a
 * `$` not followed by a name or a brace stays as it is.  Nesting is capped
 * so a hostile value cannot recurse without bound.
 */
#include "util/compat.h"
#include "compose/interp.h"

#include "util/buf.h"

#define MAX_VALUE (64 * 1024)

struct interp {
	const struct cm_env *env;
	struct sg_arena *arena;
	struct cm_interp_result *res;
	int depth;
};

void cm_env_init(struct cm_env *env)
{
	struct sg_strmap init = SG_STRMAP_INIT;

	env->vars = init;
	env->load = NULL;
	env->ctx = NULL;
}

void cm_env_release(struct cm_env *env)
{
	sg_strmap_release(&env->vars);
}

static bool name_start(int c)
{
	return sg_isalpha(c) || c == '_';
}

static bool name_char(int c)
{
	return sg_isalnum(c) || c == '_';
}

static void note(struct interp *it, enum cm_interp_issue issue,
		 const char *var, size_t vlen, const char *detail, size_t dlen)
{
	if (it->res->issue != CM_INTERP_OK)
		return;
	it->res->issue = issue;
	it->res->var = sg_arena_strndup(it->arena, var, vlen);
	it->res->detail = detail ? sg_arena_strndup(it->arena, detail, dlen)
				 : NULL;
}

static const char *lookup(struct interp *it, const char *name, size_t len)
{
	char key[256];

	if (len >= sizeof(key))
		return NULL;
	memcpy(key, name, len);
	key[len] = '\0';
	return sg_strmap_get(&it->env->vars, key);
}

static int expand(struct interp *it, const char *s, size_t len,
		  struct sg_buf *out);

/* `${...}` body (without braces): name, then an optional operator.  The
 * braces are there around it (s[-2..-1], s[len]): problems quote them. */
static int braced(struct interp *it, const char *s, size_t len,
		  struct sg_buf *out)
{
	size_t n = 0;
	const char *val, *arg;
	size_t alen;
	bool colon = false;
	char op;

	while (n < len && name_char((unsigned char)s[n]))
		n++;
	if (n == 0 || !name_start((unsigned char)s[0])) {
		note(it, CM_INTERP_SYNTAX, s, n, s - 2, len + 3);
		it->res->unknown = true;
		return 0;
	}
	val = lookup(it, s, n);
	if (n == len) {
		if (val)
			return sg_buf_puts(out, val);
		it->res->unknown = true;
		note(it, CM_INTERP_UNSET, s, n, NULL, 0);
		return 0;
	}
	if (s[n] == ':') {
		colon = true;
		n++;
	}
	if (n >= len || !strchr("-?+", s[n])) {
		note(it, CM_INTERP_SYNTAX, s, n, s - 2, len + 3);
		it->res->unknown = true;
		return 0;
	}
	op = s[n];
	arg = s + n + 1;
	alen = len - n - 1;
	switch (op) {
	case '-':
		/* unset (or empty with ':'): the default */
		if (val && (!colon || *val))
			return sg_buf_puts(out, val);
		return expand(it, arg, alen, out);
	case '?':
		if (val && (!colon || *val))
			return sg_buf_puts(out, val);
		it->res->unknown = true;
		note(it, CM_INTERP_REQUIRED, s, (size_t)(colon ? n - 1 : n),
		     arg, alen);
		return 0;
	default: /* '+' */
		if (!val) {
			/* not in .env: it may be set at deploy time */
			it->res->unknown = true;
			return 0;
		}
		if (colon && !*val)
			return 0;
		return expand(it, arg, alen, out);
	}
}

static int expand(struct interp *it, const char *s, size_t len,
		  struct sg_buf *out)
{
	size_t i = 0;
	int rc;

	if (++it->depth > CM_INTERP_MAX_NEST) {
		it->depth--;
		note(it, CM_INTERP_DEPTH, "", 0, s, SG_MIN(len, 64));
		it->res->unknown = true;
		return 0;
	}
	while (i < len) {
		size_t start = i;

		while (i < len && s[i] != '$')
			i++;
		sg_buf_put(out, s + start, i - start);
		if (i >= len)
			break;
		/* s[i] == '$' */
		if (i + 1 < len && s[i + 1] == '$') {
			sg_buf_putc(out, '$');
			i += 2;
		} else if (i + 1 < len && s[i + 1] == '{') {
			size_t j = i + 2;
			int level = 1;

			while (j < len) {
				if (s[j] == '{')
					level++;
				else if (s[j] == '}' && --level == 0)
					break;
				j++;
			}
			if (j >= len) {
				note(it, CM_INTERP_SYNTAX, "", 0, s + i,
				     len - i);
				it->res->unknown = true;
				sg_buf_put(out, s + i, len - i);
				break;
			}
			if ((rc = braced(it, s + i + 2, j - i - 2, out)) < 0)
				return rc;
			i = j + 1;
		} else if (i + 1 < len && name_start((unsigned char)s[i + 1])) {
			size_t j = i + 1;
			const char *val;

			while (j < len && name_char((unsigned char)s[j]))
				j++;
			val = lookup(it, s + i + 1, j - i - 1);
			if (val) {
				sg_buf_puts(out, val);
			} else {
				it->res->unknown = true;
				note(it, CM_INTERP_UNSET, s + i + 1, j - i - 1,
				     NULL, 0);
			}
			i = j;
		} else {
			sg_buf_putc(out, '$');
			i++;
		}
	}
	it->depth--;
	return sg_buf_error(out) == SG_ENOMEM ? SG_ENOMEM : 0;
}

int cm_interpolate(struct cm_env *env, struct sg_arena *arena,
		   const char *s, size_t len, struct cm_interp_result *out)
{
	struct interp it = { env, arena, out, 0 };
	struct sg_buf b = SG_BUF_INIT(MAX_VALUE);
	int (*load)(struct cm_env *, void *) = env->load;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!memchr(s, '$', len)) {
		out->value = sg_arena_strndup(arena, s, len);
		return out->value ? 0 : SG_ENOMEM;
	}
	/* cleared first: the dotenv's own values interpolate through here */
	if (load) {
		env->load = NULL;
		if ((rc = load(env, env->ctx)) < 0)
			return rc;
	}
	rc = expand(&it, s, len, &b);
	if (rc == 0) {
		/* an over-long expansion is cut: mark it rather than guess */
		if (sg_buf_error(&b) == SG_ELIMIT)
			out->unknown = true;
		out->value = sg_arena_strndup(arena, b.ptr ? b.ptr : "",
					      b.len);
		if (!out->value)
			rc = SG_ENOMEM;
	}
	sg_buf_release(&b);
	return rc;
}

/* One dotenv value after '=': quotes, escapes, trailing comments. */
static const char *env_value(struct cm_env *env, struct sg_arena *arena,
			     const char *s, size_t len)
{
	struct sg_buf b = SG_BUF_INIT(MAX_VALUE);
	const char *v = NULL;
	size_t i;

	while (len && (s[0] == ' ' || s[0] == '\t')) {
		s++;
		len--;
	}
	if (len && s[0] == '\'') {
		for (i = 1; i < len && s[i] != '\''; i++)
			;
		v = sg_arena_strndup(arena, s + 1, i - 1);
	} else if (len && s[0] == '"') {
		for (i = 1; i < len && s[i] != '"'; i++) {
			if (s[i] == '\\' && i + 1 < len) {
				char c = s[++i];

				sg_buf_putc(&b, c == 'n' ? '\n'
					    : c == 't' ? '\t' : c);
			} else {
				sg_buf_putc(&b, s[i]);
			}
		}
		if (!sg_buf_error(&b)) {
			struct cm_interp_result r;

			if (cm_interpolate(env, arena, sg_buf_cstr(&b), b.len,
					   &r) == 0)
				v = r.value;
		}
	} else {
		/* unquoted: a " #" starts a comment; trim */
		for (i = 0; i < len; i++)
			if (s[i] == '#' && i > 0 &&
			    (s[i - 1] == ' ' || s[i - 1] == '\t'))
				break;
		while (i > 0 && sg_isspace((unsigned char)s[i - 1]))
			i--;
		{
			struct cm_interp_result r;

			if (cm_interpolate(env, arena, s, i, &r) == 0)
				v = r.value;
		}
	}
	sg_buf_release(&b);
	return v;
}

int cm_env_parse(struct cm_env *env, struct sg_arena *arena, const char *data,
		 size_t len)
{
	size_t i = 0;

	while (i < len) {
		const char *line = data + i, *eol = memchr(line, '\n',
							   len - i);
		size_t n = eol ? (size_t)(eol - line) : len - i;
		size_t k = 0, ks;
		const char *name, *val;

		i += n + (eol ? 1 : 0);
		if (n && line[n - 1] == '\r')
			n--;
		while (k < n && (line[k] == ' ' || line[k] == '\t'))
			k++;
		if (k >= n || line[k] == '#')
			continue;
		if (n - k > 7 && memcmp(line + k, "export ", 7) == 0)
			k += 7;
		while (k < n && (line[k] == ' ' || line[k] == '\t'))
			k++;
		ks = k;
		while (k < n && line[k] != '=' && !sg_isspace((unsigned char)line[k]))
			k++;
		if (k == ks)
			continue;
		name = sg_arena_strndup(arena, line + ks, k - ks);
		while (k < n && (line[k] == ' ' || line[k] == '\t'))
			k++;
		if (k >= n || line[k] != '=')
			continue;   /* a bare name sets nothing */
		val = env_value(env, arena, line + k + 1, n - k - 1);
		if (!name || !val)
			return SG_ENOMEM;
		if (sg_strmap_put(&env->vars, name, (void *)val, NULL) < 0)
			return SG_ENOMEM;
	}
	return 0;
}

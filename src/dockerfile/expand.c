/*
 * expand.c: BuildKit's word lexer (frontend/dockerfile/shell/lex.go) for
 * the instructions BuildKit expands itself: quote removal, escapes and
 * parameter expansion.  The differences from a POSIX shell are BuildKit's:
 * no field splitting, no command substitution, patterns are globs.
 *
 * A variable whose value is not known statically (value NULL) expands to
 * the empty string and marks the result unresolved; callers then refuse to
 * draw conclusions from the value.
 */
#include "util/compat.h"
#include "dockerfile/ast.h"

#define MAX_DEPTH 32
#define MAX_OUT (256 * 1024)

struct lex {
	const char *s;
	size_t len, pos;
	char esc;
	const struct df_var *vars;
	size_t nvars;
	bool unresolved;
	const char *undefined;
	const char *msg;
	struct sg_arena *arena;
	int depth;
};

static int peek(const struct lex *l)
{
	return l->pos < l->len ? (unsigned char)l->s[l->pos] : -1;
}

static int next(struct lex *l)
{
	return l->pos < l->len ? (unsigned char)l->s[l->pos++] : -1;
}

static int fail(struct lex *l, const char *msg)
{
	if (!l->msg)
		l->msg = msg;
	return SG_EINVALID;
}

static bool is_special(int c)
{
	return c == '@' || c == '*' || c == '#' || c == '?' || c == '-' ||
	       c == '$' || c == '!' || c == '0';
}

static bool is_special_name(const char *n)
{
	return n[0] && !n[1] && is_special((unsigned char)n[0]);
}

/*
 * Look a name up.  *found: declared with a known value.  A declared name
 * without a known value marks the result unresolved and behaves as unset
 * (what "evaluate with the defaults" means); a name never declared is
 * recorded as undefined.
 */
static const char *getvar(struct lex *l, const char *name, bool *found)
{
	size_t i;

	for (i = l->nvars; i-- > 0;)
		if (!strcmp(l->vars[i].name, name)) {
			*found = l->vars[i].value != NULL;
			if (!l->vars[i].value)
				l->unresolved = true;
			return l->vars[i].value ? l->vars[i].value : "";
		}
	*found = false;
	if (!l->undefined && name[0] && !sg_isdigit((unsigned char)name[0]) &&
	    !is_special_name(name))
		l->undefined = sg_arena_strdup(l->arena, name);
	return "";
}

static void process_name(struct lex *l, char *name, size_t max)
{
	size_t n = 0;
	int c = peek(l);

	name[0] = '\0';
	if (c >= 0 && sg_isdigit(c)) {
		while ((c = peek(l)) >= 0 && sg_isdigit(c)) {
			next(l);
			if (n + 1 < max)
				name[n++] = (char)c;
		}
		name[n] = '\0';
		return;
	}
	if (c >= 0 && is_special(c)) {
		next(l);
		name[0] = (char)c;
		name[1] = '\0';
		return;
	}
	while ((c = peek(l)) >= 0 && (sg_isalnum(c) || c == '_' || c >= 0x80)) {
		next(l);
		if (n + 1 < max)
			name[n++] = (char)c;
	}
	name[n] = '\0';
}

/* Glob match of a whole string: * ? [set] and escapes (BuildKit converts
 * the pattern to an anchored regexp with the same meaning). */
static bool gmatch(const char *p, size_t pl, const char *s, size_t sl, int d)
{
	size_t pi = 0, si = 0;

	if (d > 64)
		return false;
	while (pi < pl) {
		char c = p[pi];

		if (c == '*') {
			size_t k;

			while (pi < pl && p[pi] == '*')
				pi++;
			if (pi == pl)
				return true;
			for (k = si; k <= sl; k++)
				if (gmatch(p + pi, pl - pi, s + k, sl - k, d + 1))
					return true;
			return false;
		}
		if (si >= sl)
			return false;
		if (c == '?') {
			pi++;
			si++;
			continue;
		}
		if (c == '[') {
			size_t j = pi + 1;
			bool neg = false, hit = false;

			if (j < pl && (p[j] == '!' || p[j] == '^')) {
				neg = true;
				j++;
			}
			while (j < pl && (p[j] != ']' || j == pi + 1 + neg)) {
				if (j + 2 < pl && p[j + 1] == '-' && p[j + 2] != ']') {
					if (s[si] >= p[j] && s[si] <= p[j + 2])
						hit = true;
					j += 3;
				} else {
					if (s[si] == p[j])
						hit = true;
					j++;
				}
			}
			if (j >= pl) {  /* no closing ']': a literal '[' */
				if (s[si] != '[')
					return false;
				pi++;
				si++;
				continue;
			}
			if (hit == neg)
				return false;
			pi = j + 1;
			si++;
			continue;
		}
		if (c == '\\' && pi + 1 < pl)
			c = p[++pi];
		if (s[si] != c)
			return false;
		pi++;
		si++;
	}
	return si == sl;
}

static int process_word(struct lex *l, struct sg_buf *out, const char *stops,
			bool raw_esc, int *stopped);

static int process_dollar(struct lex *l, struct sg_buf *out)
{
	char name[256];
	int c, stop = 0, rc = 0;
	bool null_unset = false, found;
	const char *value;
	struct sg_buf word = SG_BUF_INIT(MAX_OUT);
	struct sg_buf repl = SG_BUF_INIT(MAX_OUT);

	next(l);        /* '$' */
	if (peek(l) != '{') {
		process_name(l, name, sizeof(name));
		if (!name[0])
			return sg_buf_putc(out, '$');
		value = getvar(l, name, &found);
		return sg_buf_puts(out, value);
	}
	next(l);        /* '{' */
	c = peek(l);
	if (c < 0)
		return fail(l, "syntax error: missing '}'");
	if (c == '{' || c == '}' || c == ':')
		return fail(l, "syntax error: bad substitution");
	process_name(l, name, sizeof(name));
	c = next(l);
	if (c == '}') {
		value = getvar(l, name, &found);
		return sg_buf_puts(out, value);
	}
	if (c == ':') {
		null_unset = true;
		c = next(l);
	}
	if (c == '+' || c == '-' || c == '?' || c == '#' || c == '%') {
		bool raw = c == '#' || c == '%';
		bool unres_before = l->unresolved, set;
		const char *w;

		if (null_unset && raw)
			return fail(l, "unsupported modifier in substitution");
		if ((rc = process_word(l, &word, "}", raw, &stop)) < 0)
			goto done;
		if (!stop) {
			rc = fail(l, "syntax error: missing '}'");
			goto done;
		}
		/* the variable's own state decides; the word's unresolved-ness
		 * only matters when the word is used */
		{
			bool word_unres = l->unresolved && !unres_before;

			l->unresolved = unres_before;
			value = getvar(l, name, &set);
			w = sg_buf_cstr(&word);
			if (c == '-') {
				if (!set || (null_unset && !*value)) {
					l->unresolved |= word_unres;
					rc = sg_buf_puts(out, w);
				} else
					rc = sg_buf_puts(out, value);
			} else if (c == '+') {
				if (set && !(null_unset && !*value)) {
					l->unresolved |= word_unres;
					rc = sg_buf_puts(out, w);
				}
			} else if (c == '?') {
				if (!set && !l->unresolved) {
					rc = fail(l, "variable is not allowed to be unset");
					goto done;
				}
				rc = sg_buf_puts(out, value);
			} else {
				bool greedy = false;
				size_t vl = strlen(value), wl = strlen(w);

				l->unresolved |= word_unres;
				if (wl && w[0] == (char)c) {
					greedy = true;
					w++;
					wl--;
				}
				if (c == '#') {
					size_t k, cut = 0;

					if (greedy) {
						for (k = vl + 1; k-- > 0;)
							if (gmatch(w, wl, value, k, 0)) {
								cut = k;
								break;
							}
					} else {
						for (k = 0; k <= vl; k++)
							if (gmatch(w, wl, value, k, 0)) {
								cut = k;
								break;
							}
					}
					rc = sg_buf_puts(out, value + cut);
				} else {
					/* suffix: shortest = start from the end */
					size_t k, cut = vl;

					if (greedy) {
						for (k = 0; k <= vl; k++)
							if (gmatch(w, wl, value + k, vl - k, 0)) {
								cut = k;
								break;
							}
					} else {
						for (k = vl + 1; k-- > 0;)
							if (gmatch(w, wl, value + k, vl - k, 0)) {
								cut = k;
								break;
							}
					}
					rc = sg_buf_put(out, value, cut);
				}
			}
		}
		goto done;
	}
	if (c == '/') {
		bool all = false, set;
		size_t vl, i, pl, start;
		const char *p;

		if (peek(l) == '/') {
			all = true;
			next(l);
		}
		if ((rc = process_word(l, &word, "/", true, &stop)) < 0)
			goto done;
		if (!stop) {
			rc = fail(l, "syntax error: missing '/' in ${}");
			goto done;
		}
		if ((rc = process_word(l, &repl, "}", true, &stop)) < 0)
			goto done;
		if (!stop) {
			rc = fail(l, "syntax error: missing '}'");
			goto done;
		}
		value = getvar(l, name, &set);
		vl = strlen(value);
		p = sg_buf_cstr(&word);
		pl = strlen(p);
		start = 0;
		for (i = 0; i <= vl;) {
			size_t e, hit = SIZE_MAX;

			for (e = vl + 1; e-- > i;)
				if (gmatch(p, pl, value + i, e - i, 0)) {
					hit = e;
					break;
				}
			if (hit == SIZE_MAX || (hit == i && pl)) {
				i++;
				continue;
			}
			sg_buf_put(out, value + start, i - start);
			sg_buf_puts(out, sg_buf_cstr(&repl));
			start = hit;
			i = hit > i ? hit : i + 1;
			if (!all)
				break;
		}
		if (start < vl)
			sg_buf_put(out, value + start, vl - start);
		rc = sg_buf_error(out);
		goto done;
	}
	rc = fail(l, "unsupported modifier in substitution");
done:
	sg_buf_release(&word);
	sg_buf_release(&repl);
	return rc;
}

static int process_single(struct lex *l, struct sg_buf *out)
{
	int c;

	next(l);
	for (;;) {
		c = next(l);
		if (c < 0)
			return fail(l, "unexpected end of statement while looking "
				       "for matching single-quote");
		if (c == '\'')
			return 0;
		sg_buf_putc(out, (char)c);
	}
}

static int process_double(struct lex *l, struct sg_buf *out)
{
	int c, rc;

	next(l);
	for (;;) {
		c = peek(l);
		if (c < 0)
			return fail(l, "unexpected end of statement while looking "
				       "for matching double-quote");
		if (c == '"') {
			next(l);
			return 0;
		}
		if (c == '$') {
			if ((rc = process_dollar(l, out)) < 0)
				return rc;
			continue;
		}
		c = next(l);
		if (c == l->esc) {
			int p = peek(l);

			if (p < 0)
				continue;
			if (p == '"' || p == '$' || p == l->esc)
				c = next(l);
		}
		sg_buf_putc(out, (char)c);
	}
}

/* BuildKit's processStopOnAny: read until one of `stops` (consumed). */
static int process_word(struct lex *l, struct sg_buf *out, const char *stops,
			bool raw_esc, int *stopped)
{
	int c, rc = 0;

	*stopped = 0;
	if (++l->depth > MAX_DEPTH) {
		l->depth--;
		return fail(l, "substitution nested too deeply");
	}
	while ((c = peek(l)) >= 0) {
		if (stops && strchr(stops, c)) {
			next(l);
			*stopped = c;
			break;
		}
		if (c == '\'') {
			if (raw_esc) {
				/* inside ${v#...}: quotes are literal */
				next(l);
				sg_buf_putc(out, (char)c);
				continue;
			}
			if ((rc = process_single(l, out)) < 0)
				break;
		} else if (c == '"') {
			if (raw_esc) {
				next(l);
				sg_buf_putc(out, (char)c);
				continue;
			}
			if ((rc = process_double(l, out)) < 0)
				break;
		} else if (c == '$') {
			if ((rc = process_dollar(l, out)) < 0)
				break;
		} else {
			c = next(l);
			if (c == l->esc) {
				if (raw_esc)
					sg_buf_putc(out, (char)c);
				c = next(l);
				if (c < 0)
					break;
			}
			sg_buf_putc(out, (char)c);
		}
		if (sg_buf_error(out)) {
			rc = sg_buf_error(out);
			break;
		}
	}
	l->depth--;
	if (!rc && sg_buf_error(out))
		rc = sg_buf_error(out);
	return rc;
}

int df_expand(struct sg_arena *a, const char *word, size_t len, char escape,
	      const struct df_var *vars, size_t nvars, const char **out,
	      bool *unresolved, const char **undefined, const char **msg)
{
	struct lex l;
	struct sg_buf b = SG_BUF_INIT(MAX_OUT);
	int stop, rc;

	memset(&l, 0, sizeof(l));
	l.s = word;
	l.len = len;
	l.esc = escape;
	l.vars = vars;
	l.nvars = nvars;
	l.arena = a;
	rc = process_word(&l, &b, NULL, false, &stop);
	if (rc == SG_ELIMIT) {
		rc = SG_EINVALID;
		l.msg = "expansion too large";
	}
	*out = sg_arena_strndup(a, sg_buf_cstr(&b), b.len);
	sg_buf_release(&b);
	if (unresolved)
		*unresolved = l.unresolved;
	if (undefined)
		*undefined = l.undefined;
	if (msg)
		*msg = l.msg;
	if (!*out || a->oom)
		return SG_ENOMEM;
	return rc == SG_ENOMEM ? SG_ENOMEM : (rc < 0 ? SG_EINVALID : 0);
}

/*
 * redact.c: see redact.h.
 *
 * The finders match by hand (a prefix, then a run of allowed bytes of a
 * minimum, and for fixed-size tokens exact, length): faster than compiling
 * regular expressions for every file, and no state to free.  Every
 * finding's key and message go through sg_secret_redact(): one pass
 * (candidates()) says which finders can match, and each finder jumps to its
 * candidates with memchr().
 */
#include "util/compat.h"
#include "core/redact.h"
#include "core/secretname.h"

struct shape {
	const char *what;
	const char *prefix;
	const char *alts;        /* prefix[len-2] may be any of these, or NULL */
	const char *set;         /* allowed bytes after the prefix */
	size_t min, max;         /* run length; max 0: unbounded */
};

#define ALNUM "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

static const struct shape shapes[SG_SECRET_SHAPES] = {
	{ "AWS access key id", "AKIA", NULL, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 16, 16 },
	{ "AWS access key id", "ASIA", NULL, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 16, 16 },
	{ "GitHub token", "ghp_", "pousr", ALNUM, 36, 36 },
	{ "GitHub fine-grained token", "github_pat_", NULL, ALNUM "_", 50, 0 },
	{ "GitLab token", "glpat-", NULL, ALNUM "_-", 20, 0 },
	{ "Slack token", "xoxb-", "baprs", ALNUM "-", 10, 0 },
	{ "Google API key", "AIza", NULL, ALNUM "_-", 35, 35 },
	{ "Stripe live key", "sk_live_", NULL, ALNUM, 24, 0 },
	{ "npm token", "npm_", NULL, ALNUM, 36, 36 },
};

static void hit_set(struct sg_secret_hit *hit, size_t off, size_t len,
		    size_t mask, size_t mask_len, const char *what)
{
	*hit = (struct sg_secret_hit){ off, len, mask, mask_len, what };
}

bool sg_secret_find_shape(size_t k, const char *t, size_t n, size_t from,
			  struct sg_secret_hit *hit)
{
	const struct shape *sh = &shapes[k];
	size_t pl = strlen(sh->prefix), i, j;

	for (i = from; i + pl <= n; i++) {
		const char *at = memchr(t + i, sh->prefix[0], n - pl - i + 1);
		bool pre = true;

		/* the first byte is never an alternative */
		if (!at)
			break;
		i = (size_t)(at - t);
		for (j = 0; j < pl && pre; j++) {
			if (sh->alts && j == pl - 2)
				pre = t[i + j] && strchr(sh->alts, t[i + j]);
			else
				pre = t[i + j] == sh->prefix[j];
		}
		if (!pre)
			continue;
		/* a token starts a word */
		if (i > 0 && t[i - 1] && strchr(ALNUM "_", t[i - 1]))
			continue;
		for (j = i + pl; j < n && t[j] && strchr(sh->set, t[j]); j++)
			;
		if (j - i - pl < sh->min || (sh->max && j - i - pl != sh->max))
			continue;
		hit_set(hit, i, j - i, i, j - i, sh->what);
		return true;
	}
	return false;
}

/* "-----END", from `from` on: its offset, or n. */
static size_t key_end(const char *t, size_t n, size_t from)
{
	static const char end[] = "-----END";
	size_t i;

	for (i = from; i + sizeof(end) - 1 <= n; i++) {
		const char *at = memchr(t + i, '-', n - i);

		if (!at)
			break;
		i = (size_t)(at - t);
		if (i + sizeof(end) - 1 <= n && !memcmp(t + i, end, sizeof(end) - 1))
			return i;
	}
	return n;
}

bool sg_secret_find_private_key(const char *t, size_t n, size_t from,
				struct sg_secret_hit *hit)
{
	static const char head[] = "-----BEGIN ", tail[] = "PRIVATE KEY-----";
	const size_t b_at = 5;  /* head[b_at] == 'B' */
	size_t b, i, k, body;

	/* anchored on the B of BEGIN: dashes are everywhere in a Dockerfile */
	for (b = from + b_at; b + sizeof(head) - 1 - b_at <= n; b++) {
		const char *at = memchr(t + b, 'B', n - b);

		if (!at)
			break;
		b = (size_t)(at - t);
		if (b < from + b_at || b + sizeof(head) - 1 - b_at > n ||
		    memcmp(t + b - b_at, head, sizeof(head) - 1))
			continue;
		i = b - b_at;
		k = i + sizeof(head) - 1;
		while (k < n && t[k] >= 'A' && t[k] <= 'Z')
			k++;
		if (k < n && t[k] == ' ')
			k++;
		else
			k = i + sizeof(head) - 1;
		if (k + sizeof(tail) - 1 > n ||
		    memcmp(t + k, tail, sizeof(tail) - 1))
			continue;
		/* the key is what lies between the BEGIN line and the END
		 * one (or the end of the text) */
		body = k + sizeof(tail) - 1;
		hit_set(hit, i, body - i, body, key_end(t, n, body) - body,
			"private key");
		return true;
	}
	return false;
}

bool sg_secret_find_url_password(const char *t, size_t n, size_t from,
				 struct sg_secret_hit *hit)
{
	static const char stop[] = "/:@ \"'$\t\n";
	size_t i, s, k, u, pw;

	for (i = from > 0 ? from : 1; i + 3 <= n; i++) {
		const char *at = memchr(t + i, ':', n - i);

		if (!at)
			break;
		i = (size_t)(at - t);
		if (i + 3 > n || memcmp(t + i, "://", 3))
			continue;
		s = i;
		while (s > from && (sg_isalnum((unsigned char)t[s - 1]) ||
				    t[s - 1] == '+' || t[s - 1] == '.' ||
				    t[s - 1] == '-'))
			s--;
		while (s < i && !sg_isalpha((unsigned char)t[s]))
			s++;
		if (s == i)
			continue;
		k = u = i + 3;
		while (k < n && t[k] && !strchr(stop, t[k]))
			k++;
		if (k == u || k >= n || t[k] != ':')
			continue;
		pw = ++k;
		while (k < n && t[k] && !strchr(stop, t[k]))
			k++;
		if (k - pw < 3 || k + 1 >= n || t[k] != '@' ||
		    !sg_isalnum((unsigned char)t[k + 1]))
			continue;
		hit_set(hit, s, k + 2 - s, pw, k - pw, "password in a URL");
		return true;
	}
	return false;
}

/* ---- masking ------------------------------------------------------------ */

#define MAX_SPANS 64
#define NAME_MAX_LEN 128

/* What to mask, [a[i], b[i]) in the order found; past MAX_SPANS the last
 * one runs to the end of the text. */
struct spans {
	size_t a[MAX_SPANS], b[MAX_SPANS];
	size_t n;
};

static void span_add(struct spans *sp, size_t a, size_t len)
{
	if (!len)
		return;
	if (sp->n == MAX_SPANS) {
		/* past the bound the rest of the text is masked whole: never
		 * less than asked */
		sp->b[MAX_SPANS - 1] = SIZE_MAX;
		if (a < sp->a[MAX_SPANS - 1])
			sp->a[MAX_SPANS - 1] = a;
		return;
	}
	sp->a[sp->n] = a;
	sp->b[sp->n] = a + len;
	sp->n++;
}

static bool is_name_byte(char c)
{
	return sg_isalnum((unsigned char)c) || c == '_' || c == '.' || c == '-';
}

static bool value_stop(char c)
{
	return c == ' ' || c == ';' || c == '&' || c == '|' || c == '`' ||
	       c == ')' || c == ',' || c == '}' || c == ']' || c == '"' ||
	       c == '\'';
}

/* The value at t[v..n): [*a, *b), quotes left out; false when empty. */
static bool value_at(const char *t, size_t n, size_t v, size_t *a, size_t *b)
{
	const char *q;

	if (v >= n)
		return false;
	if (t[v] == '"' || t[v] == '\'') {
		q = memchr(t + v + 1, t[v], n - v - 1);
		*a = v + 1;
		*b = q ? (size_t)(q - t) : n;
	} else {
		*a = v;
		for (*b = v; *b < n && !value_stop(t[*b]); (*b)++)
			;
	}
	return *b > *a;
}

/* A switch, or the placeholder a message writes ("write ENV X=value"). */
static bool is_switch(const char *v)
{
	static const char *const words[] = {
		"true", "false", "yes", "no", "on", "off", "value",
	};
	size_t i;

	for (i = 0; i < SG_ARRAY_SIZE(words); i++)
		if (!strcasecmp(v, words[i]))
			return true;
	return false;
}

/* Mask t[a..b) unless it is a variable, a structure ({…}, […]), a switch
 * (or placeholder) or says where the secret lies. */
static void mask_value(struct spans *sp, const char *name, const char *t,
		       size_t a, size_t b)
{
	char v[256];

	if (t[a] == '$' || t[a] == '{' || t[a] == '[' || t[a] == '(')
		return;
	if (b - a < sizeof(v)) {
		memcpy(v, t + a, b - a);
		v[b - a] = '\0';
		if (is_switch(v) || sg_secret_value_is_harmless(name, v))
			return;
	}
	span_add(sp, a, b - a);
}

/* Whether t[a..b), a name, says its value is a credential. */
static bool secret_name_at(const char *t, size_t a, size_t b, char *name)
{
	while (a < b && t[a] == '-')
		a++;
	if (a == b || b - a >= NAME_MAX_LEN ||
	    !(sg_isalpha((unsigned char)t[a]) || t[a] == '_'))
		return false;
	memcpy(name, t + a, b - a);
	name[b - a] = '\0';
	return sg_secret_name(name);
}

/* The first `c` in t[from..n): its offset, or n. */
static size_t next_of(const char *t, size_t n, size_t from, char c)
{
	const char *p = from < n ? memchr(t + from, c, n - from) : NULL;

	return p ? (size_t)(p - t) : n;
}

/* NAME=value, --name=value, and in a key NAME: value ("NAME": value). */
static void named_values(struct spans *sp, const char *t, size_t n, bool key)
{
	char name[NAME_MAX_LEN];
	size_t i, e, s, a, b, eq = 0, co = key ? 0 : n;

	for (i = 1; i < n; i++) {
		/* the next '=' and ':', each looked for again once passed */
		if (eq < i)
			eq = next_of(t, n, i, '=');
		if (co < i)
			co = next_of(t, n, i, ':');
		if ((i = SG_MIN(eq, co)) >= n)
			break;
		e = i;
		if (t[e - 1] == '"' || t[e - 1] == '\'')
			e--;
		for (s = e; s > 0 && is_name_byte(t[s - 1]); s--)
			;
		if (s == e || !secret_name_at(t, s, e, name))
			continue;
		/* a YAML or JSON mapping: "key: value", or a quoted key */
		if (t[i] == ':' && i + 1 < n && t[i + 1] == ' ')
			i++;
		else if (t[i] == ':' && e == i)
			continue;       /* user:password, host:port */
		if (value_at(t, n, i + 1, &a, &b))
			mask_value(sp, name, t, a, b);
	}
}

/* The next word after t[i], past one blank: its start, or n. */
static size_t next_word(const char *t, size_t n, size_t i)
{
	const char *sp = i < n ? memchr(t + i, ' ', n - i) : NULL;

	return sp ? (size_t)(sp - t) + 1 : n;
}

/* --name value, `login … -p value`, and in a key ENV NAME value. */
static void word_values(struct spans *sp, const char *t, size_t n, bool key)
{
	char name[NAME_MAX_LEN];
	size_t w, e, a, b;
	bool login = false, env = false, named;

	for (w = 0; w < n; w = next_word(t, n, w)) {
		bool after_env = env;

		e = next_word(t, n, w);
		if (e < n || (e == n && n > w && t[n - 1] == ' '))
			e--;    /* the blank ending the word */
		env = key && e - w == 3 && !strncasecmp(t + w, "ENV", 3);
		if (e - w == 5 && !memcmp(t + w, "login", 5))
			login = true;
		if (e == n || memchr(t + w, '=', e - w))
			continue;
		if (login && e - w == 2 && !memcmp(t + w, "-p", 2)) {
			memcpy(name, "password", sizeof("password"));
			named = true;
		} else {
			named = (after_env || (e - w > 2 && t[w] == '-' &&
					       t[w + 1] == '-')) &&
				secret_name_at(t, w, e, name);
		}
		if (named && e + 1 < n && t[e + 1] != '-' &&
		    value_at(t, n, e + 1, &a, &b))
			mask_value(sp, name, t, a, b);
	}
}

/*
 * Which finders may match t[0..n), in one pass over it: bit k for token
 * shape k (its first four bytes are there), then the ones below.  Most of
 * a run's keys and messages hold nothing to mask, and each finder's own
 * scan (memchr() for its first byte, a name look-up per '=') was a sixth
 * of a corpus lint.
 */
enum {
	MAY_KEY = 1u << SG_SECRET_SHAPES,       /* "-----BEGIN " */
	MAY_URL = MAY_KEY << 1,                 /* "://" */
	MAY_NAMED = MAY_URL << 1,               /* '=', or ':' in a key */
	MAY_WORDS = MAY_NAMED << 1,     /* --credential, login … -p, "ENV " */
};

static bool has_at(const char *t, size_t n, size_t i, const char *s,
		   size_t len)
{
	/* the first byte decides most of the time, without a call */
	return i + len <= n && t[i] == s[0] && !memcmp(t + i, s, len);
}

/* `w` somewhere in t[0..end). */
static bool has_word_before(const char *t, size_t end, const char *w)
{
	size_t len = strlen(w), i;
	const char *p;

	for (i = 0; i + len <= end; i = (size_t)(p - t) + 1) {
		if (!(p = memchr(t + i, w[0], end - len - i + 1)))
			return false;
		if (!memcmp(p, w, len))
			return true;
	}
	return false;
}

/* The bytes it stops at are rare in text, unlike the first letters of the
 * lower-case prefixes (ghp_, sk_live_), which are found from their '_' or
 * '-' instead; a flag or variable name is looked at only when it may name
 * a credential. */
static unsigned int candidates(const char *t, size_t n, bool key)
{
	unsigned int may = 0;
	size_t i, e;

	for (i = 0; i < n; i++) {
		/* vector code to the next stop, the NUL at t[n] last */
		i += strcspn(t + i, "A_-:=Vv");
		if (i >= n)
			break;
		switch (t[i]) {
		case 'A':
			if (has_at(t, n, i, "AKIA", 4))
				may |= 1u << 0;
			else if (has_at(t, n, i, "ASIA", 4))
				may |= 1u << 1;
			else if (has_at(t, n, i, "AIza", 4))
				may |= 1u << 6;
			break;
		case '_':
			if (i < 2)
				break;
			if (i >= 3 && t[i - 2] == 'h' && t[i - 3] == 'g' &&
			    t[i - 1] && strchr("pousr", t[i - 1]))
				may |= 1u << 2;
			else if (t[i - 1] == 'b' && i >= 6 &&
				 has_at(t, n, i - 6, "github_pat_", 11))
				may |= 1u << 3;
			else if (t[i - 1] == 'k' &&
				 has_at(t, n, i - 2, "sk_live_", 8))
				may |= 1u << 7;
			else if (t[i - 1] == 'm' && i >= 3 &&
				 has_at(t, n, i - 3, "npm_", 4))
				may |= 1u << 8;
			break;
		case '-':
			/* a token's prefix may end here, and a flag start */
			if (i >= 5 && t[i - 1] == 't' &&
			    has_at(t, n, i - 5, "glpat-", 6))
				may |= 1u << 4;
			if (i >= 4 && t[i - 4] == 'x' && t[i - 1] &&
			    strchr("baprs", t[i - 1]) &&
			    has_at(t, n, i - 4, "xox", 3))
				may |= 1u << 5;
			if (i + 1 < n && t[i + 1] == '-') {
				if (has_at(t, n, i, "-----BEGIN ", 11))
					may |= MAY_KEY;
				/* --name value: the name may be a credential */
				for (e = i + 2; e < n && t[e] != ' ' && t[e] != '=';
				     e++)
					;
				if (e < n && t[e] == ' ' &&
				    sg_secret_may_name(t + i, e - i))
					may |= MAY_WORDS;
			} else if (i + 2 < n && t[i + 1] == 'p' && t[i + 2] == ' ' &&
				   has_word_before(t, i, "login")) {
				may |= MAY_WORDS;
			}
			break;
		case ':':
			if (has_at(t, n, i, "://", 3))
				may |= MAY_URL;
			if (key)
				may |= MAY_NAMED;
			break;
		case '=':
			may |= MAY_NAMED;
			break;
		case 'V':
		case 'v':       /* ENV NAME value */
			if (key && i >= 2 && i + 1 < n && t[i + 1] == ' ' &&
			    (t[i - 2] | 0x20) == 'e' && (t[i - 1] | 0x20) == 'n')
				may |= MAY_WORDS;
			break;
		default:        /* a NUL inside the text */
			break;
		}
	}
	return may;
}

/* One pass: t[0..n) to `out`, the spans found masked. */
static bool redact_once(const char *t, size_t n, bool key,
			struct sg_buf *out)
{
	struct spans sp;
	struct sg_secret_hit h;
	unsigned int may = candidates(t, n, key);
	size_t k, from, i, j, at, start, end;

	sp.n = 0;       /* the arrays are filled as far as n says */

	for (k = 0; k < SG_SECRET_SHAPES; k++)
		for (from = 0; (may & (1u << k)) &&
			       sg_secret_find_shape(k, t, n, from, &h);
		     from = h.off + h.len)
			span_add(&sp, h.mask, h.mask_len);
	for (from = 0; (may & MAY_KEY) &&
		       sg_secret_find_private_key(t, n, from, &h);
	     from = h.off + h.len)
		span_add(&sp, h.mask, h.mask_len);
	for (from = 0; (may & MAY_URL) &&
		       sg_secret_find_url_password(t, n, from, &h);
	     from = h.off + h.len)
		span_add(&sp, h.mask, h.mask_len);
	if (may & MAY_NAMED)
		named_values(&sp, t, n, key);
	if (may & MAY_WORDS)
		word_values(&sp, t, n, key);
	if (!sp.n)
		return false;
	/* in text order (few: insertion), touching spans as one */
	for (i = 1; i < sp.n; i++)
		for (j = i; j > 0 && sp.a[j - 1] > sp.a[j]; j--) {
			size_t a = sp.a[j], b = sp.b[j];

			sp.a[j] = sp.a[j - 1];
			sp.b[j] = sp.b[j - 1];
			sp.a[j - 1] = a;
			sp.b[j - 1] = b;
		}
	for (i = 0, at = 0; i < sp.n;) {
		start = sp.a[i];
		for (end = sp.b[i++]; i < sp.n && sp.a[i] <= end; i++)
			end = SG_MAX(end, sp.b[i]);
		end = SG_MIN(end, n);
		sg_buf_put(out, t + at, start - at);
		sg_buf_puts(out, SG_SECRET_MASK);
		at = end;
	}
	sg_buf_put(out, t + at, n - at);
	return true;
}

/* A mask can end a word a token then starts (AKIA…ghp_…): passes until
 * nothing more is found, so that masking masked text changes nothing. */
#define PASSES 4

bool sg_secret_redact(const char *t, size_t n, bool key, struct sg_buf *out)
{
	struct sg_buf tmp = SG_BUF_INIT(out->max);
	size_t base = out->len, pass;
	bool any;

	if (!(any = redact_once(t, n, key, out)))
		return false;
	for (pass = 1; pass < PASSES && !sg_buf_error(out); pass++) {
		sg_buf_clear(&tmp);
		if (!redact_once(out->ptr + base, out->len - base, key, &tmp))
			break;
		if (sg_buf_error(&tmp)) {
			out->error = sg_buf_error(&tmp);
			break;
		}
		sg_buf_truncate(out, base);
		sg_buf_put(out, tmp.ptr, tmp.len);
	}
	sg_buf_release(&tmp);
	return any;
}

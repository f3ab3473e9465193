/*
 * apk.c: Alpine version ordering, as apk-tools 2.x src/version.c does it.
 *
 * A version is read as a stream of typed tokens (Gentoo's grammar):
 * digits{.digits}[letter]{_suffix[N]}[-rN].  Comparison walks both streams
 * while the token types and values agree; then a token value decides, or,
 * when one side ran out first, the token type that comes next: a pre-release
 * suffix (_alpha _beta _pre _rc) makes a version older, anything else
 * (a further component, a letter, _cvs _svn _git _hg _p, -rN) newer.
 *
 * Quirks kept on purpose, because apk itself has them and Alpine's package
 * ordering depends on them:
 *   - a component after '.' that starts with zeros takes the value -(number
 *     of zeros) followed by the rest as a separate number, so "1.05" < "1.5"
 *     and "1.00" < "1.0" — and "1.0_alpha1" > "1.0" (the "_alpha" follows
 *     an extra zero-valued token) while "1.1_alpha1" < "1.1";
 *   - "1.0-r1-r2" and a version starting with a letter are valid;
 *   - suffix names match by prefix in a fixed order ("_pre" before "_p").
 *
 * Deviations, all towards reporting invalid rather than guessing: the
 * empty string (apk accepts it) and a trailing '_' are invalid; '-' must be
 * followed by 'r' as in apk-tools (the Go port go-apk-version accepts any
 * character there); only ASCII counts as letters and digits; a number with
 * more than 18 significant digits is invalid instead of overflowing.
 */
#include "util/compat.h"
#include "vuln/version/version.h"

enum tok {
	T_INVALID = -1,
	T_DIGIT_OR_ZERO,
	T_DIGIT,
	T_LETTER,
	T_SUFFIX,
	T_SUFFIX_NO,
	T_REVISION_NO,
	T_END,
};

struct lexer {
	const char *p, *e;
	enum tok type;          /* type of the next token */
};

#define MAX_DIGITS 18

static const char *const pre_suffixes[] = { "alpha", "beta", "pre", "rc" };
static const char *const post_suffixes[] = { "cvs", "svn", "git", "hg", "p" };

static bool is_lower(int c) { return c >= 'a' && c <= 'z'; }

/* The separator after a token decides the next token's type. */
static enum tok next_type(struct lexer *lx, enum tok cur)
{
	enum tok n = T_INVALID;
	int c = (unsigned char)*lx->p;

	if ((cur == T_DIGIT || cur == T_DIGIT_OR_ZERO) && is_lower(c)) {
		n = T_LETTER;
	} else if (cur == T_LETTER && sg_isdigit(c)) {
		n = T_DIGIT;
	} else if (cur == T_SUFFIX && sg_isdigit(c)) {
		n = T_SUFFIX_NO;
	} else {
		lx->p++;
		if (c == '.') {
			n = T_DIGIT_OR_ZERO;
		} else if (c == '_') {
			n = T_SUFFIX;
		} else if (c == '-' && lx->p < lx->e && *lx->p == 'r') {
			lx->p++;
			n = T_REVISION_NO;
		}
	}
	/* token types only move forward, with three exceptions */
	if (n < cur &&
	    !(n == T_DIGIT_OR_ZERO && cur == T_DIGIT) &&
	    !(n == T_SUFFIX && cur == T_SUFFIX_NO) &&
	    !(n == T_DIGIT && cur == T_LETTER))
		n = T_INVALID;
	return n;
}

static int64_t read_number(struct lexer *lx, bool *overflow)
{
	int64_t v = 0;
	int digits = 0;

	while (lx->p < lx->e && sg_isdigit((unsigned char)*lx->p)) {
		if (v || *lx->p != '0')
			digits++;
		if (digits > MAX_DIGITS)
			*overflow = true;
		else
			v = v * 10 + (*lx->p - '0');
		lx->p++;
	}
	return v;
}

static bool match(const struct lexer *lx, const char *word)
{
	size_t n = strlen(word);

	return (size_t)(lx->e - lx->p) >= n && !memcmp(lx->p, word, n);
}

/* get_token(): the value of the next token; advances lx->type. */
static int64_t get_token(struct lexer *lx, bool *overflow)
{
	enum tok nt = T_INVALID;
	int64_t v = 0;
	size_t i;

	if (lx->p >= lx->e) {
		/* "1.0_" names no suffix: invalid (go-apk-version agrees) */
		if (lx->type == T_SUFFIX) {
			lx->type = T_INVALID;
			return -1;
		}
		lx->type = T_END;
		return 0;
	}
	switch (lx->type) {
	case T_DIGIT_OR_ZERO:
		if (*lx->p == '0') {
			/* leading zeros: -count, the rest is a new token */
			while (lx->p < lx->e && *lx->p == '0') {
				v--;
				lx->p++;
			}
			nt = T_DIGIT;
			break;
		}
		/* fall through */
	case T_DIGIT:
	case T_SUFFIX_NO:
	case T_REVISION_NO:
		v = read_number(lx, overflow);
		break;
	case T_LETTER:
		v = (unsigned char)*lx->p++;
		break;
	case T_SUFFIX:
		for (i = 0; i < SG_ARRAY_SIZE(pre_suffixes); i++)
			if (match(lx, pre_suffixes[i]))
				break;
		if (i < SG_ARRAY_SIZE(pre_suffixes)) {
			lx->p += strlen(pre_suffixes[i]);
			v = (int64_t)i - (int64_t)SG_ARRAY_SIZE(pre_suffixes);
			break;
		}
		for (i = 0; i < SG_ARRAY_SIZE(post_suffixes); i++)
			if (match(lx, post_suffixes[i]))
				break;
		if (i < SG_ARRAY_SIZE(post_suffixes)) {
			lx->p += strlen(post_suffixes[i]);
			v = (int64_t)i;
			break;
		}
		/* an unknown suffix is invalid */
		/* fall through */
	default:
		lx->type = T_INVALID;
		return -1;
	}
	if (lx->p >= lx->e)
		lx->type = T_END;
	else if (nt != T_INVALID)
		lx->type = nt;
	else
		lx->type = next_type(lx, lx->type);
	return v;
}

static void lexer_init(struct lexer *lx, const char *v)
{
	lx->p = v;
	lx->e = v + strlen(v);
	lx->type = T_DIGIT;
}

static int apk_validate(const char *v, const char **why)
{
	struct lexer lx;
	bool overflow = false;

	if (!*v)
		return *why = "version string is empty", -1;
	lexer_init(&lx, v);
	while (lx.type != T_END && lx.type != T_INVALID)
		get_token(&lx, &overflow);
	if (lx.type == T_INVALID)
		return *why = "not digits{.digits}[letter]{_suffix[N]}[-rN]",
		       -1;
	if (overflow)
		return *why = "number longer than 18 digits", -1;
	return 0;
}

static int apk_compare(const char *a, const char *b)
{
	struct lexer x, y;
	int64_t av = 0, bv = 0;
	enum tok at, bt;
	bool overflow = false;

	lexer_init(&x, a);
	lexer_init(&y, b);
	while (x.type == y.type && x.type != T_END && x.type != T_INVALID &&
	       av == bv) {
		av = get_token(&x, &overflow);
		bv = get_token(&y, &overflow);
	}
	if (av != bv)
		return av < bv ? -1 : 1;
	at = x.type;
	bt = y.type;
	if (at == bt)
		return 0;
	/* equal so far: the longer one is newer unless it goes on with a
	 * pre-release suffix */
	if (at == T_SUFFIX && get_token(&x, &overflow) < 0)
		return -1;
	if (bt == T_SUFFIX && get_token(&y, &overflow) < 0)
		return 1;
	if (at > bt)
		return -1;
	if (at < bt)
		return 1;
	return 0;
}

const struct vuln_scheme vuln_scheme_apk = {
	.name = "apk",
	.title = "apk",
	.validate = apk_validate,
	.compare = apk_compare,
};

/*
 * shell.c: lexer and recursive-descent parser for the sh scripts of RUN.
 *
 * The grammar is POSIX sh (XCU 2.10) plus the bash forms seen in
 * Dockerfiles ($'…', |&, &>, <<<, [[ ]], (( )), `function f`, arrays,
 * process substitution).  Lexing and parsing are interleaved the way a
 * shell does it: a `$(` met while lexing a word re-enters the parser, which
 * is the only way to find the closing parenthesis when the substitution
 * holds a `case` pattern.  Here-document bodies are consumed at the newline
 * that ends the line holding their operator.
 *
 * Nothing is expanded or executed.  Recursion is bounded by SH_MAX_DEPTH
 * (every compound command, substitution and `sh -c` string counts), so
 * hostile input ends in SG_ELIMIT, not a stack overflow.
 */
#include "util/compat.h"
#include "dockerfile/shell.h"
#include "util/buf.h"
#include "util/vec.h"

#define SH_STR_(x) #x
#define SH_STR(x) SH_STR_(x)

enum tok_kind { T_EOF, T_WORD, T_NEWLINE, T_OP, T_REDIR };

enum op {
	OP_AND_IF, OP_OR_IF, OP_SEMI, OP_AMP, OP_PIPE, OP_PIPE_AMP,
	OP_LPAREN, OP_RPAREN, OP_DSEMI, OP_SEMI_AMP, OP_DSEMI_AMP,
};

static const char *const op_text[] = {
	"&&", "||", ";", "&", "|", "|&", "(", ")", ";;", ";&", ";;&",
};

struct tok {
	enum tok_kind kind;
	enum op op;
	enum sh_redir_op rop;
	int fd;
	size_t off;             /* local offset of the token */
	struct sh_word w;
};

struct redirvec {
	struct sh_redir **v;
	size_t n, cap;
};

struct pending_doc {
	struct sh_redir *r;
	char *delim;
	bool strip_tabs;
};

/* Offsets: local position in the buffer being parsed -> script offset. */
struct offmap {
	size_t base;
	bool linear;
};

struct parser {
	struct sh_script *s;
	const char *src;        /* buffer being parsed (script or sh -c string) */
	size_t pos, end;
	struct offmap map;
	unsigned int flags;
	unsigned int depth;
	unsigned int ctx;
	unsigned int subst;     /* command-substitution nesting level */
	bool dbracket;          /* inside [[ … ]]: operators are words */
	/*
	 * Inside a (( … )) that is arithmetic (it is not a subshell): only
	 * bash runs that, so every (( … )) within is arithmetic too.  It also
	 * keeps parse_dparen() linear: no second try below a failed one.
	 */
	bool bash_arith;
	bool scan_only;         /* skip_balanced() only finds the end */
	struct tok tok;
	bool have_tok;
	SG_VEC(struct pending_doc) docs;
	struct sg_buf wb;       /* word text under construction */
	size_t *err_off;
	sg_error *err;
};

/* Commands are gathered here and sorted into sh_script.cmds at the end. */
struct cmdvec {
	SG_VEC(struct sh_cmd) v;
	unsigned int next_pipeline;
};

struct script_priv {
	struct sh_script pub;
	struct cmdvec cv;
};

static int parse_list(struct parser *p, unsigned int ctx);
static int lex_word(struct parser *p, struct sh_word *w);
static int parse_nested(struct parser *p, const char *src, size_t len,
			struct offmap map, unsigned int ctx, size_t at);

const char *sh_conn_text(enum sh_conn c)
{
	static const char *const t[] = {
#define XX(name, text) text,
		SH_CONN_MAP(XX)
#undef XX
	};
	return (size_t)c < SG_ARRAY_SIZE(t) ? t[c] : "";
}

const char *sh_redir_text(enum sh_redir_op op)
{
	static const char *const t[] = {
#define XX(name, text) text,
		SH_REDIR_MAP(XX)
#undef XX
	};
	return (size_t)op < SG_ARRAY_SIZE(t) ? t[op] : "";
}

const char *sh_basename(const char *s)
{
	const char *slash;

	if (!s)
		return "";
	slash = strrchr(s, '/');
	return slash ? slash + 1 : s;
}

static struct cmdvec *cmdvec_of(struct sh_script *s)
{
	return &((struct script_priv *)s)->cv;
}

static size_t map_off(const struct parser *p, size_t local)
{
	return p->map.linear ? p->map.base + local : p->map.base;
}

static int fail(struct parser *p, int code, size_t local, const char *fmt,
		...) SG_PRINTF(4, 5);

static int fail(struct parser *p, int code, size_t local, const char *fmt,
		...)
{
	size_t off = map_off(p, local);
	char msg[256];
	va_list ap;

	if (p->err_off && !(p->err && p->err->code))
		*p->err_off = off;
	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return sg_error_set(p->err, code, NULL, 0, 0, "%s at offset %zu",
			    msg, off);
}

static int oom(struct parser *p)
{
	return sg_error_set(p->err, SG_ENOMEM, NULL, 0, 0, "out of memory");
}

static int enter(struct parser *p, size_t at)
{
	if (++p->depth > SH_MAX_DEPTH)
		return fail(p, SG_ELIMIT, at, "nesting deeper than "
			    SH_STR(SH_MAX_DEPTH) " levels");
	return 0;
}

/* ---- lexer --------------------------------------------------------------- */

static int peekc(const struct parser *p, size_t at)
{
	return at < p->end ? (unsigned char)p->src[at] : -1;
}

/* Bytes that end or start something in the lexer; every byte of every
 * word is looked up, so a table. */
enum { CH_META = 1, CH_SPECIAL = 2 };
static const unsigned char char_class[256] = {
	[' '] = CH_META, ['\t'] = CH_META, ['\n'] = CH_META, [';'] = CH_META,
	['&'] = CH_META, ['|'] = CH_META, ['('] = CH_META, [')'] = CH_META,
	['<'] = CH_META, ['>'] = CH_META,
	['\\'] = CH_SPECIAL, ['\''] = CH_SPECIAL, ['"'] = CH_SPECIAL,
	['$'] = CH_SPECIAL, ['`'] = CH_SPECIAL, ['*'] = CH_SPECIAL,
	['?'] = CH_SPECIAL, ['['] = CH_SPECIAL, ['\r'] = CH_SPECIAL,
};

static bool is_meta(int c)
{
	return c >= 0 && c < 256 && (char_class[c] & CH_META);
}

static bool is_name_start(int c)
{
	return sg_isalpha(c) || c == '_';
}

static bool is_name_char(int c)
{
	return sg_isalnum(c) || c == '_';
}

/*
 * The length of an unquoted `$IFS` or `${IFS}` at `at`, else 0.  Field
 * splitting turns it into a word break (the default IFS is blanks), so
 * `curl${IFS}-fsSL${IFS}$u|sh` runs curl.
 */
static size_t ifs_at(const struct parser *p, size_t at)
{
	static const char braced[] = "${IFS}";
	size_t left = p->end - at;

	if (left >= sizeof(braced) - 1 &&
	    memcmp(p->src + at, braced, sizeof(braced) - 1) == 0)
		return sizeof(braced) - 1;
	if (left >= 4 && memcmp(p->src + at, "$IFS", 4) == 0 &&
	    !is_name_char(peekc(p, at + 4)))
		return 4;
	return 0;
}

/* Skip blanks, line continuations, comments (not newlines) and `$IFS`. */
static void skip_blanks(struct parser *p)
{
	for (;;) {
		int c = peekc(p, p->pos);
		size_t n;

		if (c == ' ' || c == '\t' || c == '\r') {
			p->pos++;
		} else if (c == '$' && !p->dbracket && (n = ifs_at(p, p->pos))) {
			p->pos += n;
		} else if (c == '\\' && peekc(p, p->pos + 1) == '\n') {
			p->pos += 2;
		} else if (c == '#') {
			while (p->pos < p->end && p->src[p->pos] != '\n')
				p->pos++;
		} else {
			return;
		}
	}
}

static int skip_subst(struct parser *p);

/*
 * The command substitutions of text[start..end), an unquoted here-document
 * body: the shell runs them when it reads the body (`cat <<EOF` with a
 * `$(curl … | sh)` line), so their commands are parsed like any other.
 */
static int body_expansions(struct parser *p, size_t start, size_t end)
{
	size_t save_pos = p->pos, save_end = p->end;
	int error = 0;

	p->pos = start;
	p->end = end;
	while (p->pos < p->end) {
		if (p->src[p->pos] == '\\')
			p->pos += 2;
		else if ((error = skip_subst(p)) < 0)
			break;
		else if (error == 0)
			p->pos++;
	}
	p->pos = save_pos;
	p->end = save_end;
	return error < 0 ? error : 0;
}

/* Read the bodies of the here-documents opened on the line just ended;
 * then parse the substitutions of the unquoted ones (a substitution may
 * open here-documents of its own: p->docs is done with by then). */
static int read_heredocs(struct parser *p)
{
	SG_VEC(size_t) bodies = SG_VEC_INIT;    /* start, end pairs */
	size_t i;
	int error = 0;

	for (i = 0; i < p->docs.n; i++) {
		struct pending_doc *d = &p->docs.v[i];
		size_t dl = strlen(d->delim), start = p->pos;
		bool found = false;

		while (p->pos < p->end) {
			size_t ls = p->pos, le = ls, cs;

			while (le < p->end && p->src[le] != '\n')
				le++;
			cs = ls;
			if (d->strip_tabs)
				while (cs < le && p->src[cs] == '\t')
					cs++;
			p->pos = le < p->end ? le + 1 : le;
			/* a body line ending in "\r": tolerate CRLF delimiters */
			if ((le - cs == dl ||
			     (le > cs && p->src[le - 1] == '\r' &&
			      le - 1 - cs == dl)) &&
			    memcmp(p->src + cs, d->delim, dl) == 0) {
				d->r->body_off = map_off(p, start);
				d->r->body_len = ls - start;
				found = true;
				break;
			}
		}
		if (found && !d->r->body_quoted &&
		    (sg_vec_push(&bodies, start) < 0 ||
		     sg_vec_push(&bodies, d->r->body_len + start) < 0)) {
			error = oom(p);
			break;
		}
		if (!found) {
			if (p->flags & SH_PARSE_HEREDOC_EXTERNAL) {
				p->pos = start;
				continue;
			}
			error = fail(p, SG_EINVALID, start,
				     "unterminated here-document '%s'",
				     d->delim);
			break;
		}
	}
	p->docs.n = 0;
	for (i = 0; error == 0 && i + 1 < bodies.n; i += 2)
		error = body_expansions(p, bodies.v[i], bodies.v[i + 1]);
	sg_vec_release(&bodies);
	return error;
}

static int word_put(struct parser *p, const char *s, size_t n)
{
	if (sg_buf_put(&p->wb, s, n) < 0)
		return p->wb.error == SG_ELIMIT
			? fail(p, SG_ELIMIT, p->pos, "word too long")
			: oom(p);
	return 0;
}

static int word_putc(struct parser *p, char c)
{
	return word_put(p, &c, 1);
}

/* Run a nested parse over the same buffer (for $( … )). */
static int parse_subst(struct parser *p, size_t open_at)
{
	struct tok save_tok = p->tok;
	bool save_have = p->have_tok, save_db = p->dbracket;
	unsigned int save_ctx = p->ctx;
	size_t wlen = p->wb.len;
	char *saved = NULL;
	int error;

	/* The word being lexed lives in p->wb; the nested lexer needs it. */
	if (wlen) {
		saved = malloc(wlen);
		if (!saved)
			return oom(p);
		memcpy(saved, p->wb.ptr, wlen);
	}
	if ((error = enter(p, open_at)) < 0)
		goto done;
	p->have_tok = false;
	p->dbracket = false;
	p->subst++;
	p->ctx |= SH_CTX_SUBST;
	sg_buf_clear(&p->wb);
	error = parse_list(p, p->ctx);
	p->ctx = save_ctx;
	p->subst--;
	p->depth--;
	if (error < 0)
		goto done;
	if (!p->have_tok || p->tok.kind != T_OP || p->tok.op != OP_RPAREN) {
		error = fail(p, SG_EINVALID, open_at,
			     "unterminated command substitution");
		goto done;
	}
	/* p->pos is just past the ')' */
	p->have_tok = save_have;
	p->tok = save_tok;
	p->dbracket = save_db;
	sg_buf_clear(&p->wb);
	if (wlen && (error = word_put(p, saved, wlen)) < 0)
		goto done;
done:
	free(saved);
	return error;
}

/* Backquoted substitution: find the closing quote, parse the inside. */
static int parse_backtick(struct parser *p, size_t open_at, size_t *close_at)
{
	size_t i = open_at + 1, save_end = p->end, save_pos;
	struct tok save_tok = p->tok;
	bool save_have = p->have_tok, save_db = p->dbracket;
	unsigned int save_ctx = p->ctx;
	size_t wlen = p->wb.len;
	char *saved = NULL;
	int error = 0;

	while (i < p->end && p->src[i] != '`') {
		if (p->src[i] == '\\' && i + 1 < p->end)
			i++;
		i++;
	}
	if (i >= p->end)
		return fail(p, SG_EINVALID, open_at,
			    "unterminated backquote");
	*close_at = i;
	if (wlen) {
		saved = malloc(wlen);
		if (!saved)
			return oom(p);
		memcpy(saved, p->wb.ptr, wlen);
	}
	if ((error = enter(p, open_at)) < 0)
		goto done;
	save_pos = p->pos;
	p->pos = open_at + 1;
	p->end = i;
	p->have_tok = false;
	p->dbracket = false;
	p->subst++;
	p->ctx |= SH_CTX_SUBST;
	sg_buf_clear(&p->wb);
	error = parse_list(p, p->ctx);
	if (error == 0 && p->have_tok && p->tok.kind != T_EOF)
		error = fail(p, SG_EINVALID, p->tok.off,
			     "unexpected '%s' in backquotes",
			     p->tok.kind == T_OP ? op_text[p->tok.op]
						 : sh_redir_text(p->tok.rop));
	p->ctx = save_ctx;
	p->subst--;
	p->depth--;
	p->end = save_end;
	p->pos = save_pos;
	p->have_tok = save_have;
	p->tok = save_tok;
	p->dbracket = save_db;
	sg_buf_clear(&p->wb);
	if (error == 0 && wlen)
		error = word_put(p, saved, wlen);
done:
	free(saved);
	return error;
}

/*
 * A command substitution at p->pos, $( … ) or ` … `, inside text that is
 * otherwise skipped: it runs in every shell ($(( $(curl …) )),
 * ${x:-$(…)}, a=( $(…) )), so it is parsed like any other and no RUN rule
 * misses its commands.  1 when there was one (p->pos is past it), else 0.
 */
static int skip_subst(struct parser *p)
{
	size_t at = p->pos, close;
	int error;

	if (p->scan_only)
		return 0;
	if (p->src[at] == '`') {
		if ((error = parse_backtick(p, at, &close)) < 0)
			return error;
		p->pos = close + 1;
		return 1;
	}
	if (p->src[at] == '$' && peekc(p, at + 1) == '(' &&
	    peekc(p, at + 2) != '(') {
		p->pos = at + 2;
		if ((error = parse_subst(p, at)) < 0)
			return error;
		return 1;
	}
	return 0;
}

/* Past the "…" at p->pos, its substitutions parsed; 1 if unterminated. */
static int skip_dquoted(struct parser *p)
{
	int error;

	p->pos++;
	while (p->pos < p->end && p->src[p->pos] != '"') {
		if (p->src[p->pos] == '\\')
			p->pos += 2;
		else if ((error = skip_subst(p)) < 0)
			return error;
		else if (error == 0)
			p->pos++;
	}
	if (p->pos >= p->end)
		return 1;
	p->pos++;
	return 0;
}

/*
 * Skip a balanced (…) run starting at p->pos (just after the opening
 * parenthesis), honouring quotes.  Used for $(( )), (( )), ${ }, arrays;
 * the command substitutions inside are parsed (skip_subst()).
 */
static int skip_balanced(struct parser *p, size_t open_at, int open,
			 int close)
{
	int level = 1, error;

	while (p->pos < p->end) {
		int c = p->src[p->pos];

		if (c == '\\') {
			p->pos += 2;
			continue;
		}
		if (c == '\'') {
			const char *q = memchr(p->src + p->pos + 1, '\'',
					       p->end - p->pos - 1);
			if (!q)
				break;
			p->pos = (size_t)(q - p->src) + 1;
			continue;
		}
		if (c == '"') {
			if ((error = skip_dquoted(p)) < 0)
				return error;
			if (error)
				break;
			continue;
		}
		if ((error = skip_subst(p)) < 0)
			return error;
		if (error)
			continue;
		p->pos++;
		if (c == open) {
			level++;
		} else if (c == close && --level == 0) {
			return 0;
		}
	}
	return fail(p, SG_EINVALID, open_at, "unterminated '%s'",
		    open == '(' ? "(" : "{");
}

static int hexval(int c)
{
	if (sg_isdigit(c))
		return c - '0';
	c = sg_tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* $'…' (bash ANSI-C quoting): decode the escapes we know, keep the rest. */
static int lex_ansi(struct parser *p, size_t open_at)
{
	int error;

	while (p->pos < p->end && p->src[p->pos] != '\'') {
		int c = p->src[p->pos++], v = 0, n;

		if (c != '\\' || p->pos >= p->end) {
			if ((error = word_putc(p, (char)c)) < 0)
				return error;
			continue;
		}
		c = p->src[p->pos++];
		switch (c) {
		case 'n': c = '\n'; break;
		case 't': c = '\t'; break;
		case 'r': c = '\r'; break;
		case 'a': c = '\a'; break;
		case 'b': c = '\b'; break;
		case 'f': c = '\f'; break;
		case 'v': c = '\v'; break;
		case 'e': case 'E': c = 27; break;
		case 'x':
			for (n = 0; n < 2 && hexval(peekc(p, p->pos)) >= 0; n++)
				v = v * 16 + hexval(p->src[p->pos++]);
			c = n ? v : 'x';
			break;
		case '0': case '1': case '2': case '3':
		case '4': case '5': case '6': case '7':
			v = c - '0';
			for (n = 1; n < 3 && peekc(p, p->pos) >= '0' &&
				    peekc(p, p->pos) <= '7'; n++)
				v = v * 8 + (p->src[p->pos++] - '0');
			c = v & 0xff;
			break;
		default:
			break;  /* \\ \' \" and unknown escapes: the character */
		}
		if ((error = word_putc(p, (char)c)) < 0)
			return error;
	}
	if (p->pos >= p->end)
		return fail(p, SG_EINVALID, open_at,
			    "unterminated $'…' quote");
	p->pos++;
	return 0;
}

/* A `$` expansion; p->pos is at the '$'.  Appends its source text. */
static int lex_dollar(struct parser *p, struct sh_word *w, bool *handled)
{
	size_t at = p->pos;
	int c = peekc(p, at + 1), error;

	*handled = true;
	if (c == '(' && peekc(p, at + 2) == '(') {
		p->pos = at + 3;
		if ((error = skip_balanced(p, at, '(', ')')) < 0)
			return error;
		if (peekc(p, p->pos) == ')')
			p->pos++;
	} else if (c == '(') {
		p->pos = at + 2;
		if ((error = parse_subst(p, at)) < 0)
			return error;
	} else if (c == '{') {
		p->pos = at + 2;
		if ((error = skip_balanced(p, at, '{', '}')) < 0)
			return error;
	} else if (is_name_start(c)) {
		p->pos = at + 1;
		while (is_name_char(peekc(p, p->pos)))
			p->pos++;
	} else if (sg_isdigit(c) || (c >= 0 && strchr("@*#?-$!", c))) {
		p->pos = at + 2;
	} else {
		*handled = false;
		return 0;
	}
	w->flags |= SH_W_DYNAMIC;
	return word_put(p, p->src + at, p->pos - at);
}

static int lex_dquote(struct parser *p, struct sh_word *w, size_t open_at)
{
	int error;

	while (p->pos < p->end) {
		int c = p->src[p->pos];
		bool handled;

		if (c == '"') {
			p->pos++;
			return 0;
		}
		if (c == '\\' && p->pos + 1 < p->end) {
			int n = p->src[p->pos + 1];

			if (n == '\n') {
				p->pos += 2;
				continue;
			}
			if (n == '$' || n == '`' || n == '"' || n == '\\') {
				p->pos += 2;
				if ((error = word_putc(p, (char)n)) < 0)
					return error;
				continue;
			}
		}
		if (c == '$') {
			if ((error = lex_dollar(p, w, &handled)) < 0)
				return error;
			if (handled)
				continue;
		}
		if (c == '`') {
			size_t close;

			if ((error = parse_backtick(p, p->pos, &close)) < 0)
				return error;
			if ((error = word_put(p, p->src + p->pos,
					      close + 1 - p->pos)) < 0)
				return error;
			p->pos = close + 1;
			w->flags |= SH_W_DYNAMIC;
			continue;
		}
		if ((error = word_putc(p, (char)c)) < 0)
			return error;
		p->pos++;
	}
	return fail(p, SG_EINVALID, open_at,
		    "unterminated double quote");
}

/* Characters with no meaning to the word lexer (see lex_word). */
/* A byte that stands for itself in a word: neither meta nor special. */
static bool plain_char(int c)
{
	return c < 0 || c >= 256 || !char_class[c];
}

size_t sh_assign_len(const char *s, size_t n)
{
	size_t i = 0;

	if (n < 2 || !is_name_start((unsigned char)s[0]))
		return 0;
	while (i < n && is_name_char((unsigned char)s[i]))
		i++;
	if (i < n && s[i] == '+')
		i++;
	return i < n && s[i] == '=' ? i + 1 : 0;
}

/* Is the text so far "NAME=" or "NAME+=" (an assignment prefix)? */
static bool assign_prefix(const char *s, size_t n)
{
	return sh_assign_len(s, n) == n;
}

static int lex_word(struct parser *p, struct sh_word *w)
{
	size_t start = p->pos;
	int error;

	memset(w, 0, sizeof(*w));
	sg_buf_clear(&p->wb);
	while (p->pos < p->end) {
		int c = p->src[p->pos];
		bool handled;

		if (p->dbracket && (c == '&' || c == '|' || c == '(' ||
				    c == ')' || c == '<' || c == '>')) {
			/* [[ a && b ]]: operators are words of the test */
			if (p->pos == start) {
				p->pos++;
				if ((c == '&' || c == '|') && peekc(p, p->pos) == c)
					p->pos++;
				if ((error = word_put(p, p->src + start,
						      p->pos - start)) < 0)
					return error;
			}
			break;
		}
		if (c == '(' && p->wb.len && assign_prefix(p->wb.ptr, p->wb.len)) {
			size_t at = p->pos;

			p->pos++;
			if ((error = skip_balanced(p, at, '(', ')')) < 0)
				return error;
			if ((error = word_put(p, p->src + at, p->pos - at)) < 0)
				return error;
			w->flags |= SH_W_DYNAMIC;
			continue;
		}
		if ((c == '<' || c == '>') && p->pos == start &&
		    peekc(p, p->pos + 1) == '(') {
			/* process substitution <( … ) / >( … ) */
			size_t at = p->pos;

			p->pos += 2;
			if ((error = parse_subst(p, at)) < 0)
				return error;
			if ((error = word_put(p, p->src + at, p->pos - at)) < 0)
				return error;
			w->flags |= SH_W_DYNAMIC;
			continue;
		}
		if (is_meta(c))
			break;
		if (c == '\\') {
			if (p->pos + 1 >= p->end) {
				p->pos++;
				if ((error = word_putc(p, '\\')) < 0)
					return error;
				continue;
			}
			if (p->src[p->pos + 1] == '\n') {
				p->pos += 2;
				continue;
			}
			w->flags |= SH_W_QUOTED;
			if ((error = word_putc(p, p->src[p->pos + 1])) < 0)
				return error;
			p->pos += 2;
			continue;
		}
		if (c == '\'') {
			const char *q = memchr(p->src + p->pos + 1, '\'',
					       p->end - p->pos - 1);

			if (!q)
				return fail(p, SG_EINVALID, p->pos,
					    "unterminated single quote");
			w->flags |= SH_W_QUOTED;
			if ((error = word_put(p, p->src + p->pos + 1,
					      (size_t)(q - p->src) - p->pos - 1)) < 0)
				return error;
			p->pos = (size_t)(q - p->src) + 1;
			continue;
		}
		if (c == '"') {
			w->flags |= SH_W_QUOTED;
			p->pos++;
			if ((error = lex_dquote(p, w, p->pos - 1)) < 0)
				return error;
			continue;
		}
		if (c == '$' && peekc(p, p->pos + 1) == '\'') {
			w->flags |= SH_W_QUOTED;
			p->pos += 2;
			if ((error = lex_ansi(p, p->pos - 2)) < 0)
				return error;
			continue;
		}
		if (c == '$' && peekc(p, p->pos + 1) == '"') {
			w->flags |= SH_W_QUOTED;
			p->pos += 2;
			if ((error = lex_dquote(p, w, p->pos - 2)) < 0)
				return error;
			continue;
		}
		/* unquoted $IFS ends the word (no field splitting in an
		 * assignment); lex() skips it as a blank */
		if (c == '$' && p->pos > start && !p->dbracket &&
		    ifs_at(p, p->pos) && !sh_assign_len(p->wb.ptr, p->wb.len))
			break;
		if (c == '$') {
			if ((error = lex_dollar(p, w, &handled)) < 0)
				return error;
			if (handled)
				continue;
		}
		if (c == '`') {
			size_t close;

			if ((error = parse_backtick(p, p->pos, &close)) < 0)
				return error;
			if ((error = word_put(p, p->src + p->pos,
					      close + 1 - p->pos)) < 0)
				return error;
			p->pos = close + 1;
			w->flags |= SH_W_DYNAMIC;
			continue;
		}
		if (c == '*' || c == '?' || c == '[')
			w->flags |= SH_W_GLOB;
		{
			/* a run of plain characters is appended at once */
			size_t run = p->pos + 1;

			while (run < p->end && plain_char(p->src[run]))
				run++;
			if ((error = word_put(p, p->src + p->pos,
					      run - p->pos)) < 0)
				return error;
			p->pos = run;
		}
	}
	if (++p->s->nwords > SH_MAX_WORDS)
		return fail(p, SG_ELIMIT, start,
			    "more than " SH_STR(SH_MAX_WORDS)
			    " words");
	w->off = map_off(p, start);
	w->len = p->map.linear ? p->pos - start : 0;
	w->text = sg_arena_strndup(&p->s->arena, sg_buf_cstr(&p->wb),
				   p->wb.len);
	if (!w->text)
		return oom(p);
	return 0;
}

static bool match_redir(struct parser *p, struct tok *t)
{
	static const struct {
		const char *text;
		enum sh_redir_op op;
	} ops[] = {
		/* longest first */
		{ "&>>", SH_REDIR_ALLAPPEND }, { "<<<", SH_REDIR_HERESTR },
		{ "<<-", SH_REDIR_HEREDOC_TAB }, { "&>", SH_REDIR_ALL },
		{ ">>", SH_REDIR_APPEND }, { ">|", SH_REDIR_CLOBBER },
		{ "<>", SH_REDIR_RDWR }, { "<&", SH_REDIR_DUPIN },
		{ ">&", SH_REDIR_DUPOUT }, { "<<", SH_REDIR_HEREDOC },
		{ "<", SH_REDIR_IN }, { ">", SH_REDIR_OUT },
	};
	size_t i;

	for (i = 0; i < SG_ARRAY_SIZE(ops); i++) {
		size_t n = strlen(ops[i].text);

		if (p->end - p->pos >= n &&
		    memcmp(p->src + p->pos, ops[i].text, n) == 0) {
			t->kind = T_REDIR;
			t->rop = ops[i].op;
			p->pos += n;
			return true;
		}
	}
	return false;
}

static int lex(struct parser *p, struct tok *t)
{
	int c;

	memset(t, 0, sizeof(*t));
	t->fd = -1;
	skip_blanks(p);
	t->off = p->pos;
	c = peekc(p, p->pos);
	if (c < 0) {
		t->kind = T_EOF;
		return 0;
	}
	if (c == '\n') {
		p->pos++;
		t->kind = T_NEWLINE;
		return p->docs.n ? read_heredocs(p) : 0;
	}
	if (!p->dbracket && (strchr(";&|()<>", c) || sg_isdigit(c))) {
		static const struct {
			const char *text;
			enum op op;
		} ops[] = {
			{ ";;&", OP_DSEMI_AMP }, { "&&", OP_AND_IF },
			{ "||", OP_OR_IF }, { ";;", OP_DSEMI },
			{ ";&", OP_SEMI_AMP }, { "|&", OP_PIPE_AMP },
			{ ";", OP_SEMI }, { "|", OP_PIPE },
			{ "(", OP_LPAREN }, { ")", OP_RPAREN },
		};
		size_t i;

		/* <( … ) is a word (process substitution), not a redirection */
		if ((c == '<' || c == '>') && peekc(p, p->pos + 1) == '(')
			goto word;
		if (c == '&' && peekc(p, p->pos + 1) == '>') {
			if (match_redir(p, t))
				return 0;
		}
		for (i = 0; i < SG_ARRAY_SIZE(ops); i++) {
			size_t n = strlen(ops[i].text);

			if (p->end - p->pos >= n &&
			    memcmp(p->src + p->pos, ops[i].text, n) == 0) {
				t->kind = T_OP;
				t->op = ops[i].op;
				p->pos += n;
				return 0;
			}
		}
		if (c == '&') {
			p->pos++;
			t->kind = T_OP;
			t->op = OP_AMP;
			return 0;
		}
		if ((c == '<' || c == '>') && match_redir(p, t))
			return 0;
		/* IO_NUMBER: digits immediately followed by < or > */
		if (sg_isdigit(c)) {
			size_t i2 = p->pos;
			uint64_t fd = 0;

			while (i2 < p->end && sg_isdigit((unsigned char)p->src[i2]))
				i2++;
			if (i2 < p->end && (p->src[i2] == '<' || p->src[i2] == '>') &&
			    peekc(p, i2 + 1) != '(' && i2 - p->pos <= 4 &&
			    sg_parse_u64(p->src + p->pos, i2 - p->pos, &fd) == 0) {
				p->pos = i2;
				match_redir(p, t);
				t->fd = (int)fd;
				return 0;
			}
		}
	}
word:
	t->kind = T_WORD;
	return lex_word(p, &t->w);
}

static int peek(struct parser *p, struct tok **t)
{
	int error;

	if (!p->have_tok) {
		struct tok t0;

		/* lex into a local: a nested $( ) parse reuses p->tok */
		if ((error = lex(p, &t0)) < 0)
			return error;
		p->tok = t0;
		p->have_tok = true;
	}
	*t = &p->tok;
	return 0;
}

static void consume(struct parser *p)
{
	p->have_tok = false;
}

/* ---- grammar helpers ----------------------------------------------------- */

static bool is_reserved(const struct tok *t, const char *word)
{
	return t->kind == T_WORD && !(t->w.flags & (SH_W_QUOTED | SH_W_DYNAMIC)) &&
	       t->w.text[0] == word[0] && strcmp(t->w.text, word) == 0;
}

static bool is_list_end(const struct tok *t)
{
	static const char *const words[] = {
		"then", "elif", "else", "fi", "do", "done", "esac", "}",
	};
	size_t i;

	if (t->kind == T_EOF)
		return true;
	if (t->kind == T_OP)
		return t->op == OP_RPAREN || t->op == OP_DSEMI ||
		       t->op == OP_SEMI_AMP || t->op == OP_DSEMI_AMP;
	for (i = 0; i < SG_ARRAY_SIZE(words); i++)
		if (is_reserved(t, words[i]))
			return true;
	return false;
}

static const char *tok_text(const struct tok *t)
{
	switch (t->kind) {
	case T_EOF: return "end of script";
	case T_NEWLINE: return "newline";
	case T_OP: return op_text[t->op];
	case T_REDIR: return sh_redir_text(t->rop);
	default: return t->w.text;
	}
}

static int unexpected(struct parser *p, const struct tok *t)
{
	return fail(p, SG_EINVALID, t->off, "unexpected '%s'",
		    tok_text(t));
}

static int skip_newlines(struct parser *p)
{
	struct tok *t;
	int error;

	for (;;) {
		if ((error = peek(p, &t)) < 0)
			return error;
		if (t->kind != T_NEWLINE)
			return 0;
		consume(p);
	}
}

static int expect_word(struct parser *p, const char *word, const char *what,
		       size_t at)
{
	struct tok *t;
	int error;

	if ((error = peek(p, &t)) < 0)
		return error;
	if (!is_reserved(t, word)) {
		char msg[64];

		(void)snprintf(msg, sizeof(msg), "'%s' for '%s'", word, what);
		if (t->kind == T_EOF)
			return fail(p, SG_EINVALID, at,
				    "missing %s", msg);
		return fail(p, SG_EINVALID, t->off,
			    "expected %s", msg);
	}
	consume(p);
	return 0;
}

/* ---- commands ------------------------------------------------------------ */

static int push_cmd(struct parser *p, struct sh_cmd *c, size_t *index)
{
	struct cmdvec *cv = cmdvec_of(p->s);

	if (cv->v.n >= SH_MAX_CMDS)
		return fail(p, SG_ELIMIT, p->pos,
			    "more than " SH_STR(SH_MAX_CMDS)
			    " commands");
	c->has_view = false;    /* the address moves until the parse ends */
	if (sg_vec_push(&cv->v, *c) < 0)
		return oom(p);
	*index = cv->v.n - 1;
	return 0;
}

static int parse_cmdstr(struct parser *p, const struct sh_cmd *c);

static int parse_redir(struct parser *p, struct redirvec *out)
{
	struct tok *t;
	struct sh_redir *r;
	int error;

	if ((error = peek(p, &t)) < 0)
		return error;
	r = sg_arena_calloc(&p->s->arena, 1, sizeof(*r));
	if (!r)
		return oom(p);
	r->op = t->rop;
	r->fd = t->fd;
	consume(p);
	if ((error = peek(p, &t)) < 0)
		return error;
	if (t->kind != T_WORD)
		return fail(p, SG_EINVALID, t->off,
			    "expected a word after '%s'",
			    sh_redir_text(r->op));
	r->target = t->w;
	consume(p);
	if (r->op == SH_REDIR_HEREDOC || r->op == SH_REDIR_HEREDOC_TAB) {
		struct pending_doc d;

		d.r = r;
		d.delim = (char *)r->target.text;
		d.strip_tabs = r->op == SH_REDIR_HEREDOC_TAB;
		r->body_quoted = (r->target.flags & SH_W_QUOTED) != 0;
		if (sg_vec_push(&p->docs, d) < 0)
			return oom(p);
	}
	if (out && sg_vec_push(out, r) < 0)
		return oom(p);
	return 0;
}

static bool is_assignment(const struct sh_word *w, const struct parser *p)
{
	const char *s;
	size_t i = 0;

	if (!w->text || !is_name_start((unsigned char)w->text[0]))
		return false;
	/* the name part must be unquoted: check the source when we can */
	if (p->map.linear && w->len && (w->flags & SH_W_QUOTED)) {
		const char *src = p->src + (w->off - p->map.base);

		while (i < w->len && is_name_char((unsigned char)src[i]))
			i++;
		if (i < w->len && src[i] == '+')
			i++;
		return i < w->len && src[i] == '=' && i > 0;
	}
	s = w->text;
	while (is_name_char((unsigned char)s[i]))
		i++;
	if (s[i] == '+')
		i++;
	return s[i] == '=';
}

static int parse_compound(struct parser *p, struct tok *t, bool *done);

static int parse_simple(struct parser *p, enum sh_conn conn, size_t *index)
{
	SG_VEC(struct sh_word) argv = SG_VEC_INIT;
	SG_VEC(struct sh_word) assign = SG_VEC_INIT;
	struct redirvec redir = SG_VEC_INIT;
	struct sh_cmd c;
	struct tok *t;
	size_t start = (size_t)-1, stop = 0;
	int error = 0;

	memset(&c, 0, sizeof(c));
	for (;;) {
		if ((error = peek(p, &t)) < 0)
			goto done;
		if (start == (size_t)-1)
			start = t->off;
		if (t->kind == T_WORD) {
			if (argv.n == 0 && is_assignment(&t->w, p)) {
				if (sg_vec_push(&assign, t->w) < 0)
					goto nomem;
			} else {
				if (sg_vec_push(&argv, t->w) < 0)
					goto nomem;
			}
			stop = p->pos;
			consume(p);
			if (argv.n == 1 &&
			    !(argv.v[0].flags & (SH_W_QUOTED | SH_W_DYNAMIC)) &&
			    strcmp(argv.v[0].text, "[[") == 0)
				p->dbracket = true;
			if (p->dbracket && argv.n > 1 &&
			    strcmp(argv.v[argv.n - 1].text, "]]") == 0)
				p->dbracket = false;
			if (argv.n == 1 && assign.n == 0 && !p->dbracket &&
			    !(argv.v[0].flags & (SH_W_QUOTED | SH_W_DYNAMIC))) {
				/* name ( ) compound: a function definition */
				if ((error = peek(p, &t)) < 0)
					goto done;
				if (t->kind == T_OP && t->op == OP_LPAREN) {
					size_t at = t->off;
					unsigned int save = p->ctx;
					bool handled;

					consume(p);
					if ((error = peek(p, &t)) < 0)
						goto done;
					if (t->kind != T_OP || t->op != OP_RPAREN) {
						error = unexpected(p, t);
						goto done;
					}
					consume(p);
					if ((error = skip_newlines(p)) < 0 ||
					    (error = peek(p, &t)) < 0)
						goto done;
					if ((error = enter(p, at)) < 0)
						goto done;
					p->ctx |= SH_CTX_FUNC;
					error = parse_compound(p, t, &handled);
					p->ctx = save;
					p->depth--;
					if (error == 0 && !handled)
						error = fail(p, SG_EINVALID, t->off,
							     "expected a function body%s",
							     "");
					*index = (size_t)-1;
					goto done;
				}
			}
		} else if (t->kind == T_REDIR) {
			if ((error = parse_redir(p, &redir)) < 0)
				goto done;
			stop = p->pos;
		} else {
			break;
		}
	}
	p->dbracket = false;
	if (argv.n == 0 && assign.n == 0 && redir.n == 0) {
		error = unexpected(p, t);
		goto done;
	}
	c.argv = sg_arena_calloc(&p->s->arena, argv.n + 1, sizeof(*c.argv));
	c.assign = sg_arena_calloc(&p->s->arena, assign.n + 1, sizeof(*c.assign));
	c.redir = sg_arena_calloc(&p->s->arena, redir.n + 1, sizeof(*c.redir));
	if (!c.argv || !c.assign || !c.redir)
		goto nomem;
	if (argv.n)
		memcpy(c.argv, argv.v, argv.n * sizeof(*c.argv));
	if (assign.n)
		memcpy(c.assign, assign.v, assign.n * sizeof(*c.assign));
	if (redir.n)
		memcpy(c.redir, redir.v, redir.n * sizeof(*c.redir));
	c.argc = argv.n;
	c.nassign = assign.n;
	c.nredir = redir.n;
	c.off = map_off(p, start);
	c.pos = start;
	c.len = p->map.linear && stop > start ? stop - start : 0;
	c.conn = conn;
	c.ctx = p->ctx;
	c.depth = p->depth;
	c.pipe_pos = p->subst;  /* stashed; fixed up in finish() */
	if ((error = push_cmd(p, &c, index)) < 0)
		goto done;
	if (!(p->flags & SH_PARSE_NO_CMDSTR))
		error = parse_cmdstr(p, &cmdvec_of(p->s)->v.v[*index]);
	goto done;
nomem:
	error = oom(p);
done:
	sg_vec_release(&argv);
	sg_vec_release(&assign);
	sg_vec_release(&redir);
	return error;
}

static int parse_trailing_redirs(struct parser *p)
{
	struct tok *t;
	int error;

	for (;;) {
		if ((error = peek(p, &t)) < 0)
			return error;
		if (t->kind != T_REDIR)
			return 0;
		if ((error = parse_redir(p, NULL)) < 0)
			return error;
	}
}

static int parse_body(struct parser *p, unsigned int ctx)
{
	unsigned int save = p->ctx;
	int error;

	p->ctx |= ctx;
	error = parse_list(p, p->ctx);
	p->ctx = save;
	return error;
}

static int parse_if(struct parser *p, size_t at)
{
	struct tok *t;
	int error;

	for (;;) {
		if ((error = parse_body(p, SH_CTX_COND)) < 0 ||
		    (error = expect_word(p, "then", "if", at)) < 0 ||
		    (error = parse_body(p, SH_CTX_IF)) < 0 ||
		    (error = peek(p, &t)) < 0)
			return error;
		if (is_reserved(t, "elif")) {
			consume(p);
			continue;
		}
		if (is_reserved(t, "else")) {
			consume(p);
			if ((error = parse_body(p, SH_CTX_IF)) < 0)
				return error;
		}
		return expect_word(p, "fi", "if", at);
	}
}

static int parse_do_done(struct parser *p, const char *what, size_t at)
{
	int error;

	if ((error = expect_word(p, "do", what, at)) < 0 ||
	    (error = parse_body(p, SH_CTX_LOOP)) < 0)
		return error;
	return expect_word(p, "done", what, at);
}

static int parse_for(struct parser *p, size_t at)
{
	struct tok *t;
	int error;

	if ((error = peek(p, &t)) < 0)
		return error;
	if (t->kind == T_OP && t->op == OP_LPAREN) {
		/* for (( init; cond; step )) */
		size_t open = t->off;

		consume(p);
		if (peekc(p, p->pos) != '(')
			return unexpected(p, t);
		p->pos++;
		if ((error = skip_balanced(p, open, '(', ')')) < 0)
			return error;
		if (peekc(p, p->pos) != ')')
			return fail(p, SG_EINVALID, open,
				    "unterminated 'for (('");
		p->pos++;
	} else if (t->kind == T_WORD) {
		consume(p);
		if ((error = skip_newlines(p)) < 0 || (error = peek(p, &t)) < 0)
			return error;
		if (is_reserved(t, "in")) {
			consume(p);
			for (;;) {
				if ((error = peek(p, &t)) < 0)
					return error;
				if (t->kind != T_WORD)
					break;
				consume(p);
			}
		}
	} else {
		return unexpected(p, t);
	}
	if ((error = peek(p, &t)) < 0)
		return error;
	if (t->kind == T_OP && t->op == OP_SEMI)
		consume(p);
	if ((error = skip_newlines(p)) < 0 || (error = peek(p, &t)) < 0)
		return error;
	if (is_reserved(t, "{")) {
		/* bash: for x in …; { …; } */
		consume(p);
		if ((error = parse_body(p, SH_CTX_LOOP)) < 0)
			return error;
		return expect_word(p, "}", "for", at);
	}
	return parse_do_done(p, "for", at);
}

static int parse_case(struct parser *p, size_t at)
{
	struct tok *t;
	int error;

	if ((error = peek(p, &t)) < 0)
		return error;
	if (t->kind != T_WORD)
		return unexpected(p, t);
	consume(p);
	if ((error = skip_newlines(p)) < 0 ||
	    (error = expect_word(p, "in", "case", at)) < 0)
		return error;
	for (;;) {
		if ((error = skip_newlines(p)) < 0 || (error = peek(p, &t)) < 0)
			return error;
		if (is_reserved(t, "esac")) {
			consume(p);
			return 0;
		}
		if (t->kind == T_OP && t->op == OP_LPAREN) {
			consume(p);
			if ((error = peek(p, &t)) < 0)
				return error;
		}
		/* pattern { | pattern } ) */
		for (;;) {
			if (t->kind != T_WORD)
				return t->kind == T_EOF
					? fail(p, SG_EINVALID, at,
					       "missing '%s' for 'case'",
					       "esac")
					: unexpected(p, t);
			consume(p);
			if ((error = peek(p, &t)) < 0)
				return error;
			if (t->kind == T_OP && t->op == OP_PIPE) {
				consume(p);
				if ((error = peek(p, &t)) < 0)
					return error;
				continue;
			}
			if (t->kind == T_OP && t->op == OP_RPAREN) {
				consume(p);
				break;
			}
			return unexpected(p, t);
		}
		if ((error = parse_body(p, SH_CTX_CASE)) < 0 ||
		    (error = peek(p, &t)) < 0)
			return error;
		if (t->kind == T_OP && (t->op == OP_DSEMI || t->op == OP_SEMI_AMP ||
					t->op == OP_DSEMI_AMP)) {
			consume(p);
			continue;
		}
		if (is_reserved(t, "esac")) {
			consume(p);
			return 0;
		}
		return t->kind == T_EOF
			? fail(p, SG_EINVALID, at,
			       "missing '%s' for 'case'", "esac")
			: unexpected(p, t);
	}
}

/*
 * Past the inner `)` of the `(( … ))` at `at` whose inside starts at
 * `inner`: scanned only, or as arithmetic (its substitutions parsed).
 */
static int dparen_end(struct parser *p, size_t at, size_t inner, bool arith)
{
	bool save_arith = p->bash_arith;
	int error;

	p->pos = inner + 1;
	p->scan_only = !arith;
	p->bash_arith = save_arith || arith;
	error = skip_balanced(p, at, '(', ')');
	p->scan_only = false;
	p->bash_arith = save_arith;
	if (error < 0)
		return error;
	if (peekc(p, p->pos) != ')')
		return fail(p, SG_EINVALID, at, "unterminated '(('");
	return 0;
}

/*
 * `(( … ))` at `at`, the first parenthesis consumed.  Bash evaluates
 * arithmetic; dash and BusyBox ash, the usual /bin/sh, run two nested
 * subshells, so `((curl $u | sh))` downloads and runs a script there.
 * When the inside parses as a subshell it is read as one (its commands are
 * what /bin/sh runs), else as arithmetic (its substitutions still run).
 */
static int parse_dparen(struct parser *p, size_t at)
{
	size_t inner = p->pos;
	struct offmap map = { map_off(p, inner), p->map.linear };
	int error = 0;

	/* the extent, then the inside as a subshell */
	if (!p->bash_arith &&
	    ((error = dparen_end(p, at, inner, false)) < 0 ||
	     (error = parse_nested(p, p->src + inner, p->pos - inner, map,
				   p->ctx, map_off(p, inner))) < 0))
		return error;
	/* else arithmetic: its substitutions still run */
	if (error == 0 && (error = dparen_end(p, at, inner, true)) < 0)
		return error;
	p->pos++;
	return parse_trailing_redirs(p);
}

/*
 * A compound command starting at token t, if t starts one.  *done says
 * whether it did; trailing redirections are consumed.
 */
static int parse_compound(struct parser *p, struct tok *t, bool *done)
{
	size_t at = t->off;
	unsigned int save = p->ctx;
	int error = 0;

	*done = true;
	if (t->kind == T_OP && t->op == OP_LPAREN) {
		consume(p);
		if (peekc(p, p->pos) == '(')
			return parse_dparen(p, at);
		if ((error = enter(p, at)) < 0)
			return error;
		p->ctx |= SH_CTX_SUBSHELL;
		error = parse_list(p, p->ctx);
		p->ctx = save;
		p->depth--;
		if (error < 0 || (error = peek(p, &t)) < 0)
			return error;
		if (t->kind != T_OP || t->op != OP_RPAREN)
			return t->kind == T_EOF
				? fail(p, SG_EINVALID, at,
				       "missing '%s' for subshell", ")")
				: unexpected(p, t);
		consume(p);
		return parse_trailing_redirs(p);
	}
	if (t->kind != T_WORD || (t->w.flags & (SH_W_QUOTED | SH_W_DYNAMIC))) {
		*done = false;
		return 0;
	}
	if (!strcmp(t->w.text, "{") || !strcmp(t->w.text, "if") ||
	    !strcmp(t->w.text, "while") || !strcmp(t->w.text, "until") ||
	    !strcmp(t->w.text, "for") || !strcmp(t->w.text, "select") ||
	    !strcmp(t->w.text, "case")) {
		char kw[8];

		(void)snprintf(kw, sizeof(kw), "%s", t->w.text);
		consume(p);
		if ((error = enter(p, at)) < 0)
			return error;
		if (!strcmp(kw, "{")) {
			p->ctx |= SH_CTX_BRACE;
			if ((error = parse_list(p, p->ctx)) == 0)
				error = expect_word(p, "}", "{", at);
		} else if (!strcmp(kw, "if")) {
			error = parse_if(p, at);
		} else if (!strcmp(kw, "while") || !strcmp(kw, "until")) {
			if ((error = parse_body(p, SH_CTX_COND)) == 0)
				error = parse_do_done(p, kw, at);
		} else if (!strcmp(kw, "case")) {
			error = parse_case(p, at);
		} else {
			error = parse_for(p, at);
		}
		p->ctx = save;
		p->depth--;
		if (error < 0)
			return error;
		return parse_trailing_redirs(p);
	}
	if (!strcmp(t->w.text, "function")) {
		/* bash: function name [()] compound */
		consume(p);
		if ((error = peek(p, &t)) < 0)
			return error;
		if (t->kind != T_WORD)
			return unexpected(p, t);
		consume(p);
		if ((error = peek(p, &t)) < 0)
			return error;
		if (t->kind == T_OP && t->op == OP_LPAREN) {
			consume(p);
			if ((error = peek(p, &t)) < 0)
				return error;
			if (t->kind != T_OP || t->op != OP_RPAREN)
				return unexpected(p, t);
			consume(p);
		}
		if ((error = skip_newlines(p)) < 0 || (error = peek(p, &t)) < 0 ||
		    (error = enter(p, at)) < 0)
			return error;
		p->ctx |= SH_CTX_FUNC;
		error = parse_compound(p, t, done);
		p->ctx = save;
		p->depth--;
		if (error == 0 && !*done)
			error = fail(p, SG_EINVALID, t->off,
				     "expected a function body%s", "");
		*done = true;
		return error;
	}
	*done = false;
	return 0;
}

/* Returns the index of the command if it was simple, else (size_t)-1. */
static int parse_command(struct parser *p, enum sh_conn conn, size_t *index)
{
	struct tok *t;
	bool done;
	int error;

	*index = (size_t)-1;
	if ((error = peek(p, &t)) < 0)
		return error;
	if ((error = parse_compound(p, t, &done)) < 0 || done)
		return error;
	if ((error = peek(p, &t)) < 0)
		return error;
	if (t->kind != T_WORD && t->kind != T_REDIR)
		return unexpected(p, t);
	if (is_list_end(t))
		return unexpected(p, t);
	return parse_simple(p, conn, index);
}

static void set_conn_after(struct parser *p, size_t index, enum sh_conn c)
{
	if (index != (size_t)-1)
		cmdvec_of(p->s)->v.v[index].conn_after = c;
}

static int parse_pipeline(struct parser *p, enum sh_conn conn, size_t *last)
{
	struct cmdvec *cv = cmdvec_of(p->s);
	size_t n = 0, index = (size_t)-1, i;
	unsigned int save = p->ctx, id = 0;
	size_t first_start = cv->v.n;
	struct tok *t;
	int error;

	if ((error = peek(p, &t)) < 0)
		return error;
	while (is_reserved(t, "!")) {
		p->ctx |= SH_CTX_NEGATED;
		consume(p);
		if ((error = peek(p, &t)) < 0)
			goto done;
	}
	for (;;) {
		size_t elem_start = cv->v.n;

		if ((error = parse_command(p, n ? SH_CONN_PIPE : conn,
					   &index)) < 0)
			goto done;
		/* remember each element's first command via its pipe_len slot */
		for (i = elem_start; i < cv->v.n; i++)
			if (cv->v.v[i].pipe_len == 0 && cv->v.v[i].pipeline == 0 &&
			    cv->v.v[i].pipe_pos == p->subst)
				cv->v.v[i].pipe_len = (unsigned int)n + 1;
		n++;
		if ((error = peek(p, &t)) < 0)
			goto done;
		if (t->kind != T_OP || (t->op != OP_PIPE && t->op != OP_PIPE_AMP))
			break;
		p->s->has_pipe = true;
		set_conn_after(p, index, SH_CONN_PIPE);
		consume(p);
		if ((error = skip_newlines(p)) < 0)
			goto done;
	}
	*last = index;
	if (n > 1)
		id = ++cv->next_pipeline;
	/*
	 * Commands of this pipeline not claimed by an inner one (and not in a
	 * deeper substitution) belong to it; pipe_len held element + 1.
	 */
	for (i = first_start; i < cv->v.n; i++) {
		struct sh_cmd *c = &cv->v.v[i];

		if (c->pipeline != 0 || c->pipe_len == 0)
			continue;
		if (c->pipe_pos != p->subst)
			continue;
		if (n > 1) {
			c->pipeline = id;
			c->pipe_pos = c->pipe_len - 1;
			c->pipe_len = (unsigned int)n;
		} else {
			c->pipe_len = 0;
		}
	}
done:
	p->ctx = save;
	return error;
}

static int parse_and_or(struct parser *p, enum sh_conn conn, size_t *last)
{
	struct tok *t;
	int error;

	for (;;) {
		if ((error = parse_pipeline(p, conn, last)) < 0 ||
		    (error = peek(p, &t)) < 0)
			return error;
		if (t->kind != T_OP || (t->op != OP_AND_IF && t->op != OP_OR_IF))
			return 0;
		conn = t->op == OP_AND_IF ? SH_CONN_AND : SH_CONN_OR;
		set_conn_after(p, *last, conn);
		consume(p);
		if ((error = skip_newlines(p)) < 0)
			return error;
	}
}

/* A compound list: and-or lists separated by ; & or newlines. */
static int parse_list(struct parser *p, unsigned int ctx)
{
	enum sh_conn conn = SH_CONN_NONE;
	struct tok *t;
	size_t last;
	int error;

	SG_UNUSED(ctx);
	for (;;) {
		if ((error = skip_newlines(p)) < 0 || (error = peek(p, &t)) < 0)
			return error;
		if (is_list_end(t))
			return 0;
		if ((error = parse_and_or(p, conn, &last)) < 0 ||
		    (error = peek(p, &t)) < 0)
			return error;
		if (t->kind == T_OP && (t->op == OP_SEMI || t->op == OP_AMP)) {
			conn = t->op == OP_SEMI ? SH_CONN_SEQ : SH_CONN_BG;
			if (t->op == OP_AMP)
				p->s->has_bg = true;
			set_conn_after(p, last, conn);
			consume(p);
		} else if (t->kind == T_NEWLINE) {
			conn = SH_CONN_SEQ;
			set_conn_after(p, last, conn);
		} else if (is_list_end(t)) {
			return 0;
		} else {
			return unexpected(p, t);
		}
	}
}

/* ---- sh -c strings ------------------------------------------------------- */

static const char *const posix_shells[] = {
	"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox", NULL,
};

bool sh_is_posix_shell(const char *name)
{
	return name && sg_str_in(name, posix_shells);
}

/* The script word of `sh [opts] -c 'script'` / `su [opts] -c 'script'`. */
static const struct sh_word *cmdstr_word(const struct sh_view *v)
{
	size_t i = 1;
	bool is_su = strcmp(v->name, "su") == 0;

	if (!is_su && !sh_is_posix_shell(v->name))
		return NULL;
	if (strcmp(v->name, "busybox") == 0) {
		/* busybox sh -c … */
		if (v->argc < 2 || !sh_is_posix_shell(v->argv[1].text))
			return NULL;
		i = 2;
	}
	for (; i < v->argc; i++) {
		const char *a = v->argv[i].text;

		if (strcmp(a, "--command") == 0 && is_su)
			return i + 1 < v->argc ? &v->argv[i + 1] : NULL;
		if (a[0] == '-' && a[1] != '-' && strchr(a, 'c')) {
			/* -c, -ec, -xc: the script is the first operand */
			size_t j = i + 1;

			if (!is_su) {
				while (j < v->argc && v->argv[j].text[0] == '-' &&
				       v->argv[j].text[1] != '\0')
					j += (strcmp(v->argv[j].text, "-o") == 0 ||
					      strcmp(v->argv[j].text, "+o") == 0) ? 2 : 1;
			}
			return j < v->argc ? &v->argv[j] : NULL;
		}
		if (strcmp(a, "-o") == 0 || strcmp(a, "+o") == 0) {
			i++;
			continue;
		}
		if (a[0] != '-' && a[0] != '+' && !is_su)
			return NULL;    /* `sh script.sh`: a file, not a string */
	}
	return NULL;
}

/*
 * Parse src[0..len) as a script nested in p's (an `sh -c` string, the
 * inside of a `((`), one level deeper; offsets map through `map`, `at` is
 * the offset a depth error names.  1: it parsed and its commands were
 * added.  0: it is not a script after all, and whatever it added was
 * dropped.  < 0 only for limits and memory.
 */
static int parse_nested(struct parser *p, const char *src, size_t len,
			struct offmap map, unsigned int ctx, size_t at)
{
	struct parser sub;
	struct cmdvec *cv = cmdvec_of(p->s);
	size_t mark = cv->v.n;
	unsigned int save_next = cv->next_pipeline;
	sg_error suberr;
	struct tok *t;
	int error;

	if (p->depth + 1 > SH_MAX_DEPTH) {
		if (p->err_off)
			*p->err_off = at;
		return sg_error_set(p->err, SG_ELIMIT, NULL, 0, 0,
				    "nesting deeper than %d levels at offset %zu",
				    SH_MAX_DEPTH, at);
	}
	memset(&sub, 0, sizeof(sub));
	sub.s = p->s;
	sub.src = src;
	sub.end = len;
	sub.flags = p->flags;
	sub.depth = p->depth + 1;
	sub.ctx = ctx;
	sub.map = map;
	sub.bash_arith = p->bash_arith;
	sg_error_clear(&suberr);
	sub.err = &suberr;
	sg_buf_init(&sub.wb, SH_MAX_INPUT);
	error = parse_list(&sub, sub.ctx);
	if (error == 0 && (error = peek(&sub, &t)) == 0 && t->kind != T_EOF)
		error = SG_EINVALID;
	if (error == SG_ELIMIT || error == SG_ENOMEM) {
		if (p->err_off)
			*p->err_off = at;
		(void)sg_error_set(p->err, error, NULL, 0, 0, "%s",
				   suberr.message);
	} else if (error < 0) {
		cv->v.n = mark;
		cv->next_pipeline = save_next;
		error = 0;
	} else {
		error = 1;
	}
	sg_vec_release(&sub.docs);
	sg_buf_release(&sub.wb);
	return error;
}

static int parse_cmdstr(struct parser *p, const struct sh_cmd *c)
{
	struct sh_view v;
	const struct sh_word *w;
	struct offmap map;
	size_t len, wlocal;
	const char *raw;
	int error;

	sh_view_of(&v, c);
	if (!v.argc || !(w = cmdstr_word(&v)))
		return 0;
	len = strlen(w->text);
	/*
	 * Offsets map through the quotes when the word is one plain quoted
	 * literal whose inside is the text itself.
	 */
	map.base = w->off;
	map.linear = false;
	if (p->map.linear && w->len >= 2) {
		wlocal = w->off - p->map.base;
		raw = p->src + wlocal;
		if ((raw[0] == '\'' || raw[0] == '"') && raw[w->len - 1] == raw[0] &&
		    w->len - 2 == len && memcmp(raw + 1, w->text, len) == 0) {
			map.base = w->off + 1;
			map.linear = true;
		}
	} else if (p->map.linear && w->len == len &&
		   memcmp(p->src + (w->off - p->map.base), w->text, len) == 0) {
		map.linear = true;
	}
	error = parse_nested(p, w->text, len, map, p->ctx | SH_CTX_CMDSTR,
			     w->off);
	return error < 0 ? error : 0;
}

/* ---- driver -------------------------------------------------------------- */

static int cmp_cmd(const void *a, const void *b)
{
	const struct sh_cmd *x = a, *y = b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	if (x->pos != y->pos)
		return x->pos < y->pos ? -1 : 1;
	/* the outer command was appended after its substitutions */
	return x->index < y->index ? 1 : (x->index > y->index ? -1 : 0);
}

int sh_parse(struct sh_script **out, const char *src, size_t len,
	     unsigned int flags, size_t *err_off, sg_error *err)
{
	struct script_priv *sp = NULL;
	struct parser p;
	struct tok *t;
	size_t i;
	int error = 0;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	sg_buf_init(&p.wb, SH_MAX_INPUT);
	if (err_off)
		*err_off = 0;
	if (len > SH_MAX_INPUT) {
		error = sg_error_set(err, SG_ELIMIT, NULL, 0, 0,
				     "script longer than %u bytes", SH_MAX_INPUT);
		goto done;
	}
	sp = calloc(1, sizeof(*sp));
	if (!sp) {
		error = sg_error_set(err, SG_ENOMEM, NULL, 0, 0, "out of memory");
		goto done;
	}
	sg_arena_init(&sp->pub.arena);
	p.s = &sp->pub;
	p.src = src ? src : "";
	p.end = src ? len : 0;
	p.map.linear = true;
	p.flags = flags;
	p.err_off = err_off;
	p.err = err;
	if (flags & SH_PARSE_EXPANSIONS) {
		if ((error = body_expansions(&p, 0, p.end)) < 0)
			goto done;
	} else if ((error = parse_list(&p, 0)) < 0 ||
		   (error = peek(&p, &t)) < 0) {
		goto done;
	} else if (t->kind != T_EOF) {
		error = unexpected(&p, t);
		goto done;
	}
	if (p.docs.n) {
		/* here-document opened on the last line with no newline after */
		p.pos = p.end;
		if ((error = read_heredocs(&p)) < 0)
			goto done;
	}
	for (i = 0; i < sp->cv.v.n; i++) {
		struct sh_cmd *c = &sp->cv.v.v[i];

		c->index = i;
		if (c->pipeline == 0) {
			c->pipe_pos = 0;
			c->pipe_len = 0;
		}
	}
	if (sp->cv.v.n > 1)
		qsort(sp->cv.v.v, sp->cv.v.n, sizeof(*sp->cv.v.v), cmp_cmd);
	for (i = 0; i < sp->cv.v.n; i++) {
		struct sh_cmd *c = &sp->cv.v.v[i];

		c->index = i;
		sh_view_of(&c->view, c);
		c->has_view = true;
	}
	sp->pub.cmds = sp->cv.v.v;
	sp->pub.ncmds = sp->cv.v.n;
	if (sp->pub.arena.oom)
		error = sg_error_set(err, SG_ENOMEM, NULL, 0, 0, "out of memory");
done:
	sg_vec_release(&p.docs);
	sg_buf_release(&p.wb);
	if (error < 0) {
		sh_script_free(sp ? &sp->pub : NULL);
		return error;
	}
	*out = &sp->pub;
	return 0;
}

void sh_script_free(struct sh_script *s)
{
	struct script_priv *sp = (struct script_priv *)s;

	if (!sp)
		return;
	sg_vec_release(&sp->cv.v);
	sg_arena_release(&sp->pub.arena);
	free(sp);
}

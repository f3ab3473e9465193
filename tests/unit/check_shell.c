/*
 * check_shell.c: the RUN shell model (dockerfile/shell.h) and the
 * package-manager reading built on it (dockerfile/pkgmgr.h).
 *
 * Table-driven: each row is a script and what the parser must see in it.
 * The commands of a script are rendered as "argv / <conn> argv / …" so one
 * string states order, connectors and quote removal at once.
 */
#include "util/compat.h"
#include "helpers.h"
#include "dockerfile/shell.h"
#include "dockerfile/pkgmgr.h"
#include "util/buf.h"
#include "dockerfile/dockerfile.h"
#include "policy/policy.h"

static struct sh_script *parse_ok(const char *src)
{
	struct sh_script *s = NULL;
	sg_error err;
	size_t off = 0;
	int rc;

	sg_error_clear(&err);
	rc = sh_parse(&s, src, strlen(src), 0, &off, &err);
	ck_assert_msg(rc == 0, "parse failed (%d at %zu: %s) for: %s", rc, off,
		      err.message, src);
	return s;
}

static char *render(const struct sh_script *s)
{
	struct sg_buf b = SG_BUF_INIT(1 << 16);
	size_t i, j;

	for (i = 0; i < s->ncmds; i++) {
		const struct sh_cmd *c = &s->cmds[i];

		if (i)
			sg_buf_puts(&b, " / ");
		if (c->conn != SH_CONN_NONE) {
			sg_buf_puts(&b, sh_conn_text(c->conn));
			sg_buf_putc(&b, ' ');
		}
		for (j = 0; j < c->nassign; j++) {
			sg_buf_puts(&b, c->assign[j].text);
			sg_buf_putc(&b, ' ');
		}
		for (j = 0; j < c->argc; j++) {
			if (j)
				sg_buf_putc(&b, ' ');
			sg_buf_puts(&b, c->argv[j].text);
		}
	}
	ck_assert_int_eq(sg_buf_error(&b), 0);
	return b.ptr ? sg_buf_detach(&b) : strdup("");
}

/* ---- commands, connectors, quote removal --------------------------------- */

static const struct {
	const char *src;
	const char *want;
} argv_cases[] = {
	{ "apt-get update && apt-get install -y curl",
	  "apt-get update / && apt-get install -y curl" },
	{ "a; b & c || d | e |& f",
	  "a / ; b / & c / || d / | e / | f" },
	{ "echo 'single $X' \"double $Y\" back\\ slash",
	  "echo single $X double $Y back slash" },
	{ "printf $'tab\\there\\x41\\101'", "printf tab\there\x41\x41" },
	{ "echo \"a \\\"q\\\" \\$HOME \\n\"", "echo a \"q\" $HOME \\n" },
	{ "apt-get install \\\n  -y \\\n  curl", "apt-get install -y curl" },
	{ "DEBIAN_FRONTEND=noninteractive A=\"x y\" apt-get install x",
	  "DEBIAN_FRONTEND=noninteractive A=x y apt-get install x" },
	{ "X=1", "X=1 " },
	{ "echo a=b", "echo a=b" },
	{ "\"A=1\" cmd", "A=1 cmd" },
	{ "ls # a comment ; rm -rf /\necho#not-comment",
	  "ls / ; echo#not-comment" },
	{ "echo $(apt-get install x | grep y) `which z`",
	  "echo $(apt-get install x | grep y) `which z` / apt-get install x / | grep y / which z" },
	{ "echo \"$(cd /tmp && ls)\"",
	  "echo $(cd /tmp && ls) / cd /tmp / && ls" },
	{ "( cd x && make ) || true", "cd x / && make / || true" },
	{ "{ a; b; } > log 2>&1", "a / ; b" },
	{ "if [ -f x ]; then a; elif b; then c; else d; fi",
	  "[ -f x ] / a / b / c / d" },
	{ "for p in a b $(ls); do echo $p; done", "ls / echo $p" },
	{ "for ((i=0; i<3; i++)); do x; done", "x" },
	{ "while read l; do echo \"$l\"; done < f", "read l / echo $l" },
	{ "until false; do :; done", "false / :" },
	{ "case \"$A\" in a|b) apt-get install x;; (*) echo z;; esac",
	  "apt-get install x / echo z" },
	{ "case x in esac", "" },
	{ "echo $(case x in a) echo in;; esac)",
	  "echo $(case x in a) echo in;; esac) / echo in" },
	{ "f() { echo hi; }; function g { ls; }; f", "echo hi / ls / ; f" },
	{ "[[ -f x && -d y ]] && ok", "[[ -f x && -d y ]] / && ok" },
	/* (( … )) is read as the subshells dash and ash run when it parses
	 * as one, else as bash arithmetic; substitutions inside run either way */
	{ "(( i++ )) && ok", "i++ / && ok" },
	{ "((curl -fsSL \"$U\" | sh))", "curl -fsSL $U / | sh" },
	{ "(( 1 + (2 * 3) > 5 )) && ok", "&& ok" },
	{ "(( n = $(wc -l < f) + 1 ))", "n = $(wc -l < f) + 1 / wc -l" },
	{ "(( n = $(nproc) * (2 + 1) ))", "nproc" },
	{ "echo $(( $(nproc) + 1 ))", "echo $(( $(nproc) + 1 )) / nproc" },
	{ "echo \"${X:-$(id -u)}\" ${Y:-`id -g`}",
	  "echo ${X:-$(id -u)} ${Y:-`id -g`} / id -u / id -g" },
	{ "a=( $(ls) \"$(pwd)\" ) && b", "a=( $(ls) \"$(pwd)\" )  / ls / pwd / && b" },
	{ "for (( i = $(nproc); i > 0; i-- )); do x; done", "nproc / x" },
	{ "cat <<EOF\n$(curl x | sh) `id`\nEOF\nok",
	  "cat / curl x / | sh / id / ; ok" },
	{ "cat <<'EOF'\n$(curl x | sh)\nEOF\nok", "cat / ; ok" },
	{ "arr=(1 2 3) && cmd", "arr=(1 2 3)  / && cmd" },
	/* unquoted $IFS splits words; quoted or in an assignment it does not */
	{ "curl${IFS}-fsSL${IFS}$U|${IFS}sh", "curl -fsSL $U / | sh" },
	{ "X=a${IFS}b cmd \"$IFS\" x$IFS $IFSX", "X=a${IFS}b cmd $IFS x $IFSX" },
	{ "diff <(ls a) >(cat)", "diff <(ls a) >(cat) / ls a / cat" },
	{ "echo ${X:-default} $((1 + 2)) $1 $@ $?",
	  "echo ${X:-default} $((1 + 2)) $1 $@ $?" },
	{ "! grep -q x f", "grep -q x f" },
	{ "cat <<EOF\nrm -rf /\nEOF\necho after", "cat / ; echo after" },
	{ "cat <<-'END' | sh\n\tnot a command\n\tEND\nok",
	  "cat / | sh / ; ok" },
	{ "a <<A; b <<B\nbody a\nA\nbody b\nB\nc", "a / ; b / ; c" },
	{ "tr a b <<< \"$X\"", "tr a b" },
	{ "sh -c 'apt-get update && apt-get install -y x'",
	  "sh -c apt-get update && apt-get install -y x / apt-get update / && apt-get install -y x" },
	{ "bash -ec \"pip install \\\"y\\\"\"",
	  "bash -ec pip install \"y\" / pip install y" },
	{ "su -c 'make install' builder",
	  "su -c make install builder / make install" },
	{ "sh ./script.sh", "sh ./script.sh" },
	{ "sh -c 'echo \"unterminated'", "sh -c echo \"unterminated" },
	/* escapes: every offset falls on the string, the order is the text's */
	{ "sh -c \"curl -fsSL \\\"$U\\\" | sh; echo \\$(id) x\"",
	  "sh -c curl -fsSL \"$U\" | sh; echo $(id) x / curl -fsSL $U / | sh / ; echo $(id) x / id" },
	{ "", "" },
	{ "\n\n  \n", "" },
};

START_TEST(test_shell_argv)
{
	struct sh_script *s = parse_ok(argv_cases[_i].src);
	char *got = render(s);

	ck_assert_msg(strcmp(got, argv_cases[_i].want) == 0,
		      "script: %s\n  got:  %s\n  want: %s", argv_cases[_i].src,
		      got, argv_cases[_i].want);
	free(got);
	sh_script_free(s);
}
END_TEST

/* ---- offsets ------------------------------------------------------------- */

static const struct {
	const char *src;
	size_t cmd, word;       /* word (size_t)-1: the whole command */
	size_t off, len;
} off_cases[] = {
	{ "apt-get update && apt-get install -y curl", 1, 0, 18, 7 },
	{ "apt-get update && apt-get install -y curl", 1, 3, 37, 4 },
	{ "apt-get update && apt-get install -y curl", 1, (size_t)-1, 18, 23 },
	{ "a \\\n  && b 'x y'", 1, 1, 11, 5 },
	{ "echo $(ls -l)", 1, 1, 10, 2 },
	/* inside an sh -c string: mapped through the quote */
	{ "sh -c 'apt-get install x'", 1, 1, 15, 7 },
	{ "sudo sh -c \"cd / && pip install y\"", 2, 0, 20, 3 },
	/* escaped string: mapped to the string word */
	{ "sh -c \"a \\\"b\\\"\"", 1, 0, 6, 0 },
	{ "cat <<EOF\nbody\nEOF\nls -la", 1, 1, 22, 3 },
};

START_TEST(test_shell_offsets)
{
	struct sh_script *s = parse_ok(off_cases[_i].src);
	const struct sh_cmd *c;
	size_t off, len;

	ck_assert_uint_gt(s->ncmds, off_cases[_i].cmd);
	c = &s->cmds[off_cases[_i].cmd];
	if (off_cases[_i].word == (size_t)-1) {
		off = c->off;
		len = c->len;
	} else {
		ck_assert_uint_gt(c->argc, off_cases[_i].word);
		off = c->argv[off_cases[_i].word].off;
		len = c->argv[off_cases[_i].word].len;
	}
	ck_assert_msg(off == off_cases[_i].off && len == off_cases[_i].len,
		      "script: %s: got %zu+%zu, want %zu+%zu", off_cases[_i].src,
		      off, len, off_cases[_i].off, off_cases[_i].len);
	sh_script_free(s);
}
END_TEST

/* ---- nesting context, pipelines ------------------------------------------ */

static const struct {
	const char *src;
	size_t cmd;
	unsigned int ctx, depth;
	unsigned int pipe_pos, pipe_len;
	enum sh_conn after;
} ctx_cases[] = {
	{ "a | b", 0, 0, 0, 0, 2, SH_CONN_PIPE },
	{ "a | b", 1, 0, 0, 1, 2, SH_CONN_NONE },
	{ "x; curl -s u | tee f | sh", 3, 0, 0, 2, 3, SH_CONN_NONE },
	{ "( cd x && make )", 0, SH_CTX_SUBSHELL, 1, 0, 0, SH_CONN_AND },
	{ "{ a; } | b", 0, SH_CTX_BRACE, 1, 0, 2, SH_CONN_SEQ },
	{ "echo $(a | b) | c", 2, SH_CTX_SUBST, 1, 1, 2, SH_CONN_NONE },
	{ "echo $(a) | c", 1, SH_CTX_SUBST, 1, 0, 0, SH_CONN_NONE },
	{ "if a; then b; fi", 0, SH_CTX_COND, 1, 0, 0, SH_CONN_SEQ },
	{ "if a; then b; fi", 1, SH_CTX_IF, 1, 0, 0, SH_CONN_SEQ },
	{ "while a; do b; done", 1, SH_CTX_LOOP, 1, 0, 0, SH_CONN_SEQ },
	{ "case x in y) b;; esac", 0, SH_CTX_CASE, 1, 0, 0, SH_CONN_NONE },
	{ "f() { b; }", 0, SH_CTX_FUNC | SH_CTX_BRACE, 2, 0, 0, SH_CONN_SEQ },
	{ "! a", 0, SH_CTX_NEGATED, 0, 0, 0, SH_CONN_NONE },
	{ "sh -c 'a | b'", 2, SH_CTX_CMDSTR, 1, 1, 2, SH_CONN_NONE },
	{ "a || true", 0, 0, 0, 0, 0, SH_CONN_OR },
};

START_TEST(test_shell_context)
{
	struct sh_script *s = parse_ok(ctx_cases[_i].src);
	const struct sh_cmd *c;

	ck_assert_uint_gt(s->ncmds, ctx_cases[_i].cmd);
	c = &s->cmds[ctx_cases[_i].cmd];
	ck_assert_msg(c->ctx == ctx_cases[_i].ctx, "%s: ctx %#x want %#x",
		      ctx_cases[_i].src, c->ctx, ctx_cases[_i].ctx);
	ck_assert_msg(c->depth == ctx_cases[_i].depth, "%s: depth %u want %u",
		      ctx_cases[_i].src, c->depth, ctx_cases[_i].depth);
	ck_assert_msg(c->pipe_pos == ctx_cases[_i].pipe_pos &&
		      c->pipe_len == ctx_cases[_i].pipe_len,
		      "%s: pipe %u/%u want %u/%u", ctx_cases[_i].src,
		      c->pipe_pos, c->pipe_len, ctx_cases[_i].pipe_pos,
		      ctx_cases[_i].pipe_len);
	ck_assert_msg(c->conn_after == ctx_cases[_i].after,
		      "%s: after '%s' want '%s'", ctx_cases[_i].src,
		      sh_conn_text(c->conn_after),
		      sh_conn_text(ctx_cases[_i].after));
	sh_script_free(s);
}
END_TEST

START_TEST(test_shell_pipe_flag_ignores_or)
{
	struct sh_script *s = parse_ok("a || b; echo '|' \"x|y\"");

	ck_assert(!s->has_pipe);
	sh_script_free(s);
	s = parse_ok("a |& b");
	ck_assert(s->has_pipe);
	sh_script_free(s);
}
END_TEST

/* ---- redirections and here-documents ------------------------------------- */

START_TEST(test_shell_redirections)
{
	const char *src = "make 2>&1 >>log 3<in &>/dev/null <<<str";
	struct sh_script *s = parse_ok(src);
	const struct sh_cmd *c = &s->cmds[0];

	ck_assert_uint_eq(c->argc, 1);
	ck_assert_uint_eq(c->nredir, 5);
	ck_assert_int_eq(c->redir[0]->op, SH_REDIR_DUPOUT);
	ck_assert_int_eq(c->redir[0]->fd, 2);
	ck_assert_str_eq(c->redir[0]->target.text, "1");
	ck_assert_int_eq(c->redir[1]->op, SH_REDIR_APPEND);
	ck_assert_int_eq(c->redir[1]->fd, -1);
	ck_assert_str_eq(c->redir[1]->target.text, "log");
	ck_assert_int_eq(c->redir[2]->op, SH_REDIR_IN);
	ck_assert_int_eq(c->redir[2]->fd, 3);
	ck_assert_int_eq(c->redir[3]->op, SH_REDIR_ALL);
	ck_assert_int_eq(c->redir[4]->op, SH_REDIR_HERESTR);
	ck_assert_str_eq(c->redir[4]->target.text, "str");
	sh_script_free(s);
}
END_TEST

START_TEST(test_shell_heredoc_bodies)
{
	const char *src = "cat <<EOF >/etc/x\nline $X\nEOF\n"
			  "python3 <<-\"PY\"\n\tprint(1)\n\tPY\nls";
	struct sh_script *s = parse_ok(src);
	const struct sh_redir *r;

	ck_assert_uint_eq(s->ncmds, 3);
	r = s->cmds[0].redir[0];
	ck_assert_int_eq(r->op, SH_REDIR_HEREDOC);
	ck_assert_str_eq(r->target.text, "EOF");
	ck_assert(!r->body_quoted);
	ck_assert_uint_eq(r->body_off, 18);
	ck_assert_uint_eq(r->body_len, 8);
	r = s->cmds[1].redir[0];
	ck_assert_int_eq(r->op, SH_REDIR_HEREDOC_TAB);
	ck_assert(r->body_quoted);
	ck_assert_int_eq(memcmp(src + r->body_off, "\tprint(1)\n", 10), 0);
	ck_assert_uint_eq(r->body_len, 10);
	ck_assert_str_eq(s->cmds[2].argv[0].text, "ls");
	sh_script_free(s);
}
END_TEST

START_TEST(test_shell_heredoc_external)
{
	struct sh_script *s = NULL;
	sg_error err;
	const char *src = "cat <<EOF > /x && chmod 777 /x";

	sg_error_clear(&err);
	ck_assert_int_eq(sh_parse(&s, src, strlen(src),
				  SH_PARSE_HEREDOC_EXTERNAL, NULL, &err), 0);
	ck_assert_uint_eq(s->ncmds, 2);
	ck_assert_str_eq(s->cmds[1].argv[0].text, "chmod");
	sh_script_free(s);
}
END_TEST

/* The body of an unquoted here-document kept by the Dockerfile: only its
 * substitutions are commands, at their offsets in the body. */
START_TEST(test_shell_heredoc_expansions)
{
	struct sh_script *s = NULL;
	sg_error err;
	const char *src = "motd $(curl -fsSL x | sh)\n`id` \\$(not) $((1 + 2))\n"
			  "'$(quoted)' \"$(dq)\"\n";
	char *got;

	sg_error_clear(&err);
	ck_assert_int_eq(sh_parse(&s, src, strlen(src), SH_PARSE_EXPANSIONS,
				  NULL, &err), 0);
	got = render(s);
	/* quotes do not protect a here-document body */
	ck_assert_str_eq(got, "curl -fsSL x / | sh / id / quoted / dq");
	ck_assert_uint_eq(s->cmds[0].off, 7);
	free(got);
	sh_script_free(s);
	/* an unterminated substitution is an error, as for the shell */
	sg_error_clear(&err);
	ck_assert_int_eq(sh_parse(&s, "a $(b\n", 6, SH_PARSE_EXPANSIONS, NULL,
				  &err), SG_EINVALID);
	ck_assert_ptr_null(s);
}
END_TEST

/* ---- word flags ---------------------------------------------------------- */

START_TEST(test_shell_word_flags)
{
	struct sh_script *s = parse_ok("rm -rf /var/lib/apt/lists/* \"pkg=${V}\" 'a*' x");
	const struct sh_cmd *c = &s->cmds[0];

	ck_assert(c->argv[2].flags & SH_W_GLOB);
	ck_assert(!(c->argv[2].flags & SH_W_DYNAMIC));
	ck_assert(c->argv[3].flags & SH_W_DYNAMIC);
	ck_assert_str_eq(c->argv[3].text, "pkg=${V}");
	ck_assert(!(c->argv[4].flags & SH_W_GLOB));
	ck_assert(c->argv[4].flags & SH_W_QUOTED);
	ck_assert_uint_eq(c->argv[5].flags, 0);
	sh_script_free(s);
}
END_TEST

/* ---- errors -------------------------------------------------------------- */

static const struct {
	const char *src;
	int code;
	size_t off;
	const char *msg;
} err_cases[] = {
	{ "echo 'abc", SG_EINVALID, 5, "unterminated single quote" },
	{ "echo \"abc", SG_EINVALID, 5, "unterminated double quote" },
	{ "echo $'abc", SG_EINVALID, 5, "unterminated $'" },
	{ "echo $(ls", SG_EINVALID, 5, "unterminated command substitution" },
	{ "echo `ls", SG_EINVALID, 5, "unterminated backquote" },
	{ "echo ${X", SG_EINVALID, 5, "unterminated '{'" },
	{ "if true; then echo", SG_EINVALID, 0, "missing 'fi' for 'if'" },
	{ "while x; echo; done", SG_EINVALID, 15, "expected 'do' for 'while'" },
	{ "( a", SG_EINVALID, 0, "missing ')' for subshell" },
	{ "{ a;", SG_EINVALID, 0, "missing '}' for '{'" },
	{ "case x in a) b", SG_EINVALID, 0, "missing 'esac' for 'case'" },
	{ "a && && b", SG_EINVALID, 5, "unexpected '&&'" },
	{ ") x", SG_EINVALID, 0, "unexpected ')'" },
	{ "a |", SG_EINVALID, 3, "unexpected 'end of script'" },
	{ "echo >", SG_EINVALID, 6, "expected a word after '>'" },
	{ "cat <<EOF\nabc", SG_EINVALID, 10, "unterminated here-document 'EOF'" },
	{ "a\n  fi", SG_EINVALID, 4, "unexpected 'fi'" },
};

START_TEST(test_shell_errors)
{
	struct sh_script *s = (struct sh_script *)1;
	sg_error err;
	size_t off = 999;
	int rc;

	sg_error_clear(&err);
	rc = sh_parse(&s, err_cases[_i].src, strlen(err_cases[_i].src), 0,
		      &off, &err);
	ck_assert_msg(rc == err_cases[_i].code, "%s: rc %d", err_cases[_i].src,
		      rc);
	ck_assert_ptr_null(s);
	ck_assert_msg(off == err_cases[_i].off, "%s: offset %zu want %zu",
		      err_cases[_i].src, off, err_cases[_i].off);
	ck_assert_msg(strstr(err.message, err_cases[_i].msg) != NULL,
		      "%s: message '%s' lacks '%s'", err_cases[_i].src,
		      err.message, err_cases[_i].msg);
}
END_TEST

static char *repeat(const char *unit, size_t n, const char *tail)
{
	size_t ul = strlen(unit), tl = strlen(tail), i;
	char *s = malloc(ul * n + tl + 1);

	ck_assert_ptr_nonnull(s);
	for (i = 0; i < n; i++)
		memcpy(s + i * ul, unit, ul);
	memcpy(s + n * ul, tail, tl + 1);
	return s;
}

START_TEST(test_shell_limits)
{
	static const char *const units[][2] = {
		{ "$(", "x" }, { "( ", "x" }, { "{ ", "x;" }, { "\"$(", "" },
		{ "if x; then ", "y" }, { "sh -c \"", "x" },
	};
	size_t u;

	for (u = 0; u < SG_ARRAY_SIZE(units); u++) {
		char *src = repeat(units[u][0], 100000, units[u][1]);
		struct sh_script *s = NULL;
		sg_error err;
		int rc;

		sg_error_clear(&err);
		rc = sh_parse(&s, src, strlen(src), 0, NULL, &err);
		ck_assert_msg(rc == SG_ELIMIT || rc == SG_EINVALID,
			      "unit '%s': rc %d", units[u][0], rc);
		ck_assert_ptr_null(s);
		free(src);
	}
	{
		char *src = repeat("a | ", 20000, "b");
		struct sh_script *s = NULL;
		sg_error err;

		sg_error_clear(&err);
		ck_assert_int_eq(sh_parse(&s, src, strlen(src), 0, NULL, &err),
				 SG_ELIMIT);
		ck_assert(strstr(err.message, "commands") != NULL);
		free(src);
	}
	{
		/* (( … )) read as subshells counts its depth like ( … ) */
		char *tail = repeat(")", 70, "");
		char *inner = repeat("curl x | sh", 1, tail);
		char *src = repeat("(", 70, inner);
		struct sh_script *s = NULL;
		sg_error err;

		sg_error_clear(&err);
		ck_assert_int_eq(sh_parse(&s, src, strlen(src), 0, NULL, &err),
				 SG_ELIMIT);
		ck_assert(strstr(err.message, "nesting") != NULL);
		free(src);
		free(inner);
		free(tail);
	}
	{
		char *tail = repeat(")", 60, "");
		char *src = repeat("$(", 60, tail);
		struct sh_script *s = parse_ok(src);

		/* each $( … ) level is a command named by the one inside */
		ck_assert_uint_eq(s->ncmds, 60);
		sh_script_free(s);
		free(src);
		free(tail);
	}
}
END_TEST

/* ---- wrappers, options --------------------------------------------------- */

static const struct {
	const char *src;
	const char *name;
	size_t first;           /* index of the effective argv[0] in argv */
	const char *wrapped;
	bool sudo;
} view_cases[] = {
	{ "apt-get install x", "apt-get", 0, NULL, false },
	{ "/usr/bin/apt-get install x", "apt-get", 0, NULL, false },
	{ "sudo apt-get install x", "apt-get", 1, "sudo", true },
	{ "sudo -E -u root -- apt-get install x", "apt-get", 5, "sudo", true },
	{ "sudo -l", "sudo", 0, NULL, false },
	{ "env -i A=1 B=2 pip install x", "pip", 4, "env", false },
	{ "env --chdir /x -u V npm i", "npm", 5, "env", false },
	{ "nice -n 10 nohup timeout -s KILL 30 make", "make", 8, "nice", false },
	{ "nice -10 make", "make", 2, "nice", false },
	{ "xargs -n1 -I{} apt-get install -y", "apt-get", 3, "xargs", false },
	{ "stdbuf -oL time -p exec command make", "make", 6, "stdbuf", false },
	{ "command -v make", "command", 0, NULL, false },
	{ "doas -u x gosu app su-exec app eatmydata apk add x", "apk", 8,
	  "doas", true },
	{ "$CMD install x", "$CMD", 0, NULL, false },
};

START_TEST(test_shell_wrappers)
{
	struct sh_script *s = parse_ok(view_cases[_i].src);
	const struct sh_cmd *c = &s->cmds[0];
	struct sh_view v;

	sh_view_of(&v, c);
	ck_assert_msg(strcmp(v.name, view_cases[_i].name) == 0,
		      "%s: name '%s'", view_cases[_i].src, v.name);
	ck_assert_msg(v.argv == c->argv + view_cases[_i].first,
		      "%s: first %td", view_cases[_i].src, v.argv - c->argv);
	ck_assert_msg(sg_streq(v.wrapped, view_cases[_i].wrapped),
		      "%s: wrapped '%s'", view_cases[_i].src,
		      v.wrapped ? v.wrapped : "(null)");
	ck_assert_int_eq(v.via_sudo, view_cases[_i].sudo);
	sh_script_free(s);
}
END_TEST

START_TEST(test_shell_options)
{
	static const char *const longv[] = { "option", "target-release", NULL };
	static const struct sh_optspec spec = { "ot", longv };
	struct sh_script *s = parse_ok(
		"apt-get -yq -o Dpkg::Options::=--force-confold --target-release=x "
		"install -q --no-install-recommends -tbuster a -- -b");
	struct sh_view v;
	struct sh_args a;
	const struct sh_opt *o;

	sh_view_of(&v, &s->cmds[0]);
	sh_args_parse(&a, &v, &spec);
	ck_assert_uint_eq(a.noperand, 3);
	ck_assert_str_eq(a.operand[0]->text, "install");
	ck_assert_str_eq(a.operand[1]->text, "a");
	ck_assert_str_eq(a.operand[2]->text, "-b");
	ck_assert_uint_eq(sh_args_count(&a, "q", NULL), 2);
	ck_assert_uint_eq(sh_args_count(&a, "y", "yes"), 1);
	o = sh_args_find(&a, "o", "option");
	ck_assert_ptr_nonnull(o);
	ck_assert_str_eq(o->value, "Dpkg::Options::=--force-confold");
	ck_assert_ptr_nonnull(o->value_word);
	o = sh_args_find(&a, "t", "target-release");
	ck_assert_str_eq(o->value, "x");
	ck_assert_ptr_null(o->value_word);
	ck_assert_uint_eq(sh_args_count(&a, "t", "target-release"), 2);
	ck_assert_uint_eq(sh_args_count(&a, NULL, "no-install-recommends"), 1);
	sh_script_free(s);
}
END_TEST

/* ---- pipefail, shebangs -------------------------------------------------- */

static const struct {
	const char *src;
	bool pipefail;
} pipefail_cases[] = {
	{ "set -o pipefail && curl x | sh", true },
	{ "set -eo pipefail; a | b", true },
	{ "set -euxo pipefail\na | b", true },
	{ "set -e -o pipefail; a | b", true },
	{ "set -o errexit -o pipefail; a | b", true },
	{ "set -e; a | b", false },
	{ "a | b; set -o pipefail", false },
	{ "( set -o pipefail ); a | b", false },
	{ "echo set -o pipefail | sh", false },
};

START_TEST(test_shell_pipefail)
{
	struct sh_script *s = parse_ok(pipefail_cases[_i].src);

	ck_assert_msg(sh_sets_pipefail(s) == pipefail_cases[_i].pipefail,
		      "%s", pipefail_cases[_i].src);
	sh_script_free(s);
}
END_TEST

START_TEST(test_shell_shell_argv_pipefail)
{
	const char *a1[] = { "/bin/bash", "-o", "pipefail", "-c" };
	const char *a2[] = { "/bin/bash", "-euxo", "pipefail", "-c" };
	const char *a3[] = { "/bin/sh", "-o", "pipefail", "-c" };
	const char *a4[] = { "/bin/bash", "-c" };
	const char *a5[] = { "zsh", "-eo", "pipefail", "-c" };

	ck_assert(sh_shell_argv_pipefail(a1, 4));
	ck_assert(sh_shell_argv_pipefail(a2, 4));
	ck_assert(!sh_shell_argv_pipefail(a3, 4));
	ck_assert(!sh_shell_argv_pipefail(a4, 2));
	ck_assert(sh_shell_argv_pipefail(a5, 4));
	ck_assert(!sh_shell_argv_pipefail(NULL, 0));
}
END_TEST

START_TEST(test_shell_shebang)
{
	char buf[32];
	const char *s1 = "#!/usr/bin/env python3\nprint(1)\n";
	const char *s2 = "#!/bin/bash -e\nls\n";
	const char *s3 = "#!/usr/bin/env -S node --harmony\n";
	const char *s4 = "echo hi\n";

	ck_assert_str_eq(sh_shebang_interp(s1, strlen(s1), buf, sizeof(buf)),
			 "python3");
	ck_assert_str_eq(sh_shebang_interp(s2, strlen(s2), buf, sizeof(buf)),
			 "bash");
	ck_assert_str_eq(sh_shebang_interp(s3, strlen(s3), buf, sizeof(buf)),
			 "node");
	ck_assert_ptr_null(sh_shebang_interp(s4, strlen(s4), buf, sizeof(buf)));
	ck_assert(sh_is_posix_shell("bash"));
	ck_assert(!sh_is_posix_shell("python3"));
}
END_TEST

/* ---- package managers ---------------------------------------------------- */

/* "tool action flags pkgs": flags y=assume-yes r=no-recommends c=no-cache
 * f=from-file; pkgs as name:P (pinned) or name:U */
static char *render_pm(const struct pm_cmd *pc)
{
	struct sg_buf b = SG_BUF_INIT(4096);
	size_t i;

	sg_buf_printf(&b, "%s %s ", pm_tool_name(pc->tool),
		      pm_action_name(pc->action));
	if (pc->assume_yes)
		sg_buf_putc(&b, 'y');
	if (pc->no_recommends)
		sg_buf_putc(&b, 'r');
	if (pc->no_cache)
		sg_buf_putc(&b, 'c');
	if (pc->from_file)
		sg_buf_putc(&b, 'f');
	sg_buf_putc(&b, '-');
	for (i = 0; i < pc->npkg; i++)
		sg_buf_printf(&b, " %s:%c", pc->pkg[i].word->text,
			      pc->pkg[i].pinned ? 'P' : 'U');
	return sg_buf_detach(&b);
}

static const struct {
	const char *src;
	const char *want;
} pm_cases[] = {
	{ "apt-get install -y --no-install-recommends curl=7.1 git",
	  "apt-get install yr- curl=7.1:P git:U" },
	{ "apt-get -o Dpkg::Options::=--force-confnew -qq install x",
	  "apt-get install y- x:U" },
	{ "apt-get -o APT::Install-Recommends=false install -t buster x ./a.deb pkg/sid",
	  "apt-get install r- x:U ./a.deb:P pkg/sid:P" },
	{ "apt-get install -q -q $PKGS \"lib=${V}\"",
	  "apt-get install y- $PKGS:P lib=${V}:P" },
	{ "sudo DEBIAN_FRONTEND=noninteractive apt-get update",
	  "apt-get update -" },
	{ "apt full-upgrade -y", "apt dist-upgrade y-" },
	{ "apk add --no-cache --virtual .deps gcc musl-dev=1.2 'py3-x>2'",
	  "apk install yc- gcc:U musl-dev=1.2:P py3-x>2:P" },
	{ "apk --update add x", "apk install y- x:U" },
	{ "yum install -y httpd-2.4.6 mod_ssl ./x.rpm",
	  "yum install y- httpd-2.4.6:P mod_ssl:U ./x.rpm:P" },
	{ "dnf --setopt=tsflags=nodocs install --assumeyes nginx-${V}",
	  "dnf install y- nginx-${V}:P" },
	{ "dnf group install -y 'Development Tools'", "dnf install y-" },
	{ "microdnf install shadow-utils", "microdnf install - shadow-utils:U" },
	{ "yum clean all", "yum clean -" },
	{ "zypper -n install curl 'git>=2'", "zypper install y- curl:U git>=2:P" },
	{ "zypper dup", "zypper dist-upgrade -" },
	{ "pip install --no-cache-dir flask==2.0 requests -r req.txt",
	  "pip install cf- flask==2.0:P requests:U" },
	{ "python3 -m pip install -U pip setuptools wheel",
	  "pip install - pip:P setuptools:P wheel:P" },
	{ "pip3 install --index-url https://x/simple . git+https://g/r@v1",
	  "pip install - .:P git+https://g/r@v1:P" },
	{ "npm install -g @scope/pkg@1.2 left-pad express@latest ./local",
	  "npm install - @scope/pkg@1.2:P left-pad:U express@latest:U ./local:P" },
	{ "npm ci", "npm install f-" },
	{ "yarn global add typescript@5", "yarn install - typescript@5:P" },
	{ "yarn", "yarn install f-" },
	{ "gem install rails:7.0 bundler", "gem install - rails:7.0:P bundler:U" },
	{ "gem install bundler -v 2.4", "gem install - bundler:P" },
	{ "go install -ldflags '-s -w' example.com/cmd@v1.2 golang.org/x/tool@latest",
	  "go install - example.com/cmd@v1.2:P golang.org/x/tool@latest:U" },
	{ "go run example.com/x@v1 arg", "go install - example.com/x@v1:P" },
	{ "rpm -ivh --nosignature x.rpm", "rpm install -" },
};

START_TEST(test_shell_pkgmgr)
{
	struct sh_script *s = parse_ok(pm_cases[_i].src);
	struct pm_cmd pc;
	char *got;

	ck_assert_msg(pm_classify(&pc, &s->cmds[0]), "%s: not classified",
		      pm_cases[_i].src);
	got = render_pm(&pc);
	ck_assert_msg(strcmp(got, pm_cases[_i].want) == 0,
		      "script: %s\n  got:  %s\n  want: %s", pm_cases[_i].src,
		      got, pm_cases[_i].want);
	free(got);
	sh_script_free(s);
}
END_TEST

START_TEST(test_shell_pkgmgr_not)
{
	static const char *const srcs[] = {
		"echo apt-get install x", "make install", "$PM install x",
		"pipx install x", "pipe x",
	};
	size_t i;

	for (i = 0; i < SG_ARRAY_SIZE(srcs); i++) {
		struct sh_script *s = parse_ok(srcs[i]);
		struct pm_cmd pc;

		ck_assert_msg(!pm_classify(&pc, &s->cmds[0]), "%s", srcs[i]);
		sh_script_free(s);
	}
}
END_TEST

static const struct {
	const char *src;
	enum pm_tool tool;
	bool cleans;
} clean_cases[] = {
	{ "rm -rf /var/lib/apt/lists/*", PM_APT_GET, true },
	{ "rm -rf /var/lib/apt/lists", PM_APT_GET, true },
	{ "rm -rf /var/lib/apt/listsx", PM_APT_GET, false },
	{ "apt-get clean", PM_APT_GET, false },
	{ "sudo rm -r /var/cache/apk/*", PM_APK, true },
	{ "yum clean all", PM_YUM, true },
	{ "yum -y clean all", PM_YUM, true },
	{ "yum clean metadata", PM_YUM, false },
	{ "dnf clean all", PM_DNF, true },
	{ "rm -rf /var/cache/libdnf5", PM_DNF, true },
	{ "microdnf clean all", PM_MICRODNF, true },
	{ "zypper cc -a", PM_ZYPPER, true },
	{ "npm cache clean --force", PM_NPM, true },
	{ "yarn cache clean", PM_YARN, true },
	{ "pip cache purge", PM_PIP, true },
	{ "rm -rf ~/.cache/pip", PM_PIP, true },
	{ "yum clean all", PM_APT_GET, false },
};

START_TEST(test_shell_pkgmgr_clean)
{
	struct sh_script *s = parse_ok(clean_cases[_i].src);

	ck_assert_msg(pm_cleans_cache(&s->cmds[0], clean_cases[_i].tool) ==
		      clean_cases[_i].cleans, "%s", clean_cases[_i].src);
	sh_script_free(s);
}
END_TEST

START_TEST(test_shell_pkgmgr_mounts)
{
	const char *t1[] = { "/var/cache/apt", "/var/lib/apt" };
	const char *t2[] = { "/var/lib/apt/lists/" };
	const char *t3[] = { "/root/.cache/pip" };
	const char *t4[] = { "/home/app/.cache/pip", "/var/cache" };
	const char *t5[] = { "/var/cache/apt" };

	ck_assert(pm_mount_covers(PM_APT_GET, t1, 2));
	ck_assert(pm_mount_covers(PM_APT_GET, t2, 1));
	ck_assert(!pm_mount_covers(PM_APT_GET, t5, 1));
	ck_assert(pm_mount_covers(PM_PIP, t3, 1));
	ck_assert(pm_mount_covers(PM_PIP, t4, 2));
	ck_assert(pm_mount_covers(PM_APK, t4, 2));
	ck_assert(!pm_mount_covers(PM_NPM, t3, 1));
	ck_assert(pm_truthy("TRUE") && pm_truthy("1") && !pm_truthy("0"));
}
END_TEST

/* ---- the RUN rules through the Dockerfile engine -------------------------- */

/* "ID line:col" of every finding of rules SGD1xx, space-separated. */
static char *lint_run_rules(const char *dockerfile)
{
	struct sg_policy *pol = NULL;
	sg_findings *set = NULL;
	struct sg_buf b = SG_BUF_INIT(1 << 16);
	sg_error err;
	size_t i;

	sg_error_clear(&err);
	ck_assert_int_eq(sg_policy_defaults(&pol, "2026-01-01", &err), 0);
	pol->enable_all = true;
	ck_assert_int_eq(sg_findings_new(&set), 0);
	{
		struct sg_stage_ctx ctx = { pol, NULL, set, NULL };

		ck_assert_int_eq(df_lint_file(&ctx, "Dockerfile", dockerfile,
					      strlen(dockerfile), &err), 0);
	}
	sg_findings_finalize(set);
	for (i = 0; i < sg_findings_count(set); i++) {
		const sg_finding *f = sg_findings_at(set, i);

		if (strncmp(f->rule->id, "SGD1", 4) ||
		    f->verdict == SG_VERDICT_SUPPRESSED)
			continue;
		sg_buf_printf(&b, "%s%s %u:%u", b.len ? " " : "", f->rule->id,
			      f->loc.line, f->loc.column);
	}
	sg_findings_free(set);
	sg_policy_free(pol);
	return b.ptr ? sg_buf_detach(&b) : strdup("");
}

static const struct {
	const char *name;
	const char *dockerfile;
	const char *want;
} engine_cases[] = {
	{ "physical line of a continued RUN",
	  "FROM debian:bookworm-slim\nRUN apt-get update \\\n && rm -rf /var/lib/apt/lists/* \\\n"
	  " && apt-get install -y curl\n",
	  "SGD100 4:5 SGD102 4:24" },
	{ "heredoc script body lines",
	  "FROM debian:bookworm-slim\nRUN <<EOF\nset -e\nsudo make install\nEOF\n",
	  "SGD160 4:1" },
	{ "python heredoc is not shell",
	  "FROM python:3.12\nRUN <<EOF\n#!/usr/bin/env python3\nimport os\n"
	  "os.system('sudo ls')\nEOF\n", "" },
	{ "heredoc fed to bash is a script",
	  "FROM debian:bookworm-slim\nRUN bash <<EOF\nsudo ls\nEOF\n",
	  "SGD160 3:1" },
	{ "heredoc fed to cat is data",
	  "FROM debian:bookworm-slim\nRUN cat <<EOF > /x.sh\nsudo ls\nEOF\n", "" },
	{ "exec form sh -c string",
	  "FROM debian:bookworm-slim\nRUN [\"sh\", \"-c\", \"sudo ls\"]\n",
	  "SGD160 2:1" },
	{ "PowerShell SHELL switches shell rules off",
	  "FROM debian:bookworm-slim\nSHELL [\"pwsh\", \"-c\"]\nRUN sudo ls; if (x) { y }\n",
	  "" },
	{ "Windows base image runs cmd",
	  "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
	  "RUN for /D %p IN (x) DO rmdir %p\n", "" },
	{ "SHELL inherited by a child stage",
	  "FROM debian:bookworm-slim AS base\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n"
	  "FROM base\nRUN curl -fsSL https://x/a | tar -xz\n", "SGD191 4:5" },
	{ "ONBUILD RUN is checked",
	  "FROM debian:bookworm-slim\nONBUILD RUN sudo make\n", "SGD160 2:13" },
	{ "suppression applies",
	  "FROM debian:bookworm-slim\n# hadolint ignore=DL3004\nRUN sudo make\n", "" },
};

START_TEST(test_shell_engine)
{
	char *got = lint_run_rules(engine_cases[_i].dockerfile);

	ck_assert_msg(strcmp(got, engine_cases[_i].want) == 0,
		      "%s:\n  got:  %s\n  want: %s", engine_cases[_i].name, got,
		      engine_cases[_i].want);
	free(got);
}
END_TEST

Suite *shell_suite(void)
{
	Suite *s = suite_create("shell");
	TCase *tc;

	tc = tcase_create("parse");
	tcase_add_loop_test(tc, test_shell_argv, 0, SG_ARRAY_SIZE(argv_cases));
	tcase_add_loop_test(tc, test_shell_offsets, 0, SG_ARRAY_SIZE(off_cases));
	tcase_add_loop_test(tc, test_shell_context, 0, SG_ARRAY_SIZE(ctx_cases));
	tcase_add_test(tc, test_shell_pipe_flag_ignores_or);
	tcase_add_test(tc, test_shell_redirections);
	tcase_add_test(tc, test_shell_heredoc_bodies);
	tcase_add_test(tc, test_shell_heredoc_external);
	tcase_add_test(tc, test_shell_heredoc_expansions);
	tcase_add_test(tc, test_shell_word_flags);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_loop_test(tc, test_shell_errors, 0, SG_ARRAY_SIZE(err_cases));
	tcase_add_test(tc, test_shell_limits);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);

	tc = tcase_create("view");
	tcase_add_loop_test(tc, test_shell_wrappers, 0, SG_ARRAY_SIZE(view_cases));
	tcase_add_test(tc, test_shell_options);
	tcase_add_loop_test(tc, test_shell_pipefail, 0,
			    SG_ARRAY_SIZE(pipefail_cases));
	tcase_add_test(tc, test_shell_shell_argv_pipefail);
	tcase_add_test(tc, test_shell_shebang);
	suite_add_tcase(s, tc);

	tc = tcase_create("pkgmgr");
	tcase_add_loop_test(tc, test_shell_pkgmgr, 0, SG_ARRAY_SIZE(pm_cases));
	tcase_add_test(tc, test_shell_pkgmgr_not);
	tcase_add_loop_test(tc, test_shell_pkgmgr_clean, 0,
			    SG_ARRAY_SIZE(clean_cases));
	tcase_add_test(tc, test_shell_pkgmgr_mounts);
	suite_add_tcase(s, tc);

	tc = tcase_create("engine");
	tcase_add_loop_test(tc, test_shell_engine, 0, SG_ARRAY_SIZE(engine_cases));
	suite_add_tcase(s, tc);
	return s;
}

/*
 * shell.h: a static model of the POSIX sh scripts found in RUN instructions.
 *
 * sh_parse() lexes and parses a script the way sh would (quoting, escapes,
 * operators, redirections, here-documents, compound commands, command
 * substitution) without executing or expanding anything, and flattens it into
 * the list of every simple command it contains, in source order: commands in
 * `&&`/`||` lists, pipelines, subshells, brace groups, `$( )` and backticks,
 * if/for/while/until/case bodies, function bodies, and the strings handed to
 * `sh -c` / `bash -c` / `su -c` (parsed recursively).  Each command keeps its
 * argv with byte offsets into the script, so a rule can point at the exact
 * physical line of the offending command.
 *
 * Words.  `text` is the word after quote removal.  Expansions are not
 * evaluated: `$X`, `${X:-y}`, `$(cmd)`, `` `cmd` `` and `$((1+2))` are kept
 * as their source text and the word is marked SH_W_DYNAMIC, so
 * "pkg=${VER}" still contains '=' (hadolint's "simplified word").
 *
 * Offsets.  `off`/`len` are byte offsets into the script passed to
 * sh_parse().  Commands found inside an `sh -c '…'` string are mapped back
 * through the quoting when the string is a plain quoted literal, and to the
 * start of the string word otherwise.
 *
 * Ownership.  Everything hangs off the sh_script and its arena, and dies with
 * sh_script_free().  The script text itself is not copied: callers keep it
 * alive while they use offsets.
 *
 * Limits.  Nesting depth, word, command and input size are capped; hitting a
 * cap is a clean SG_ELIMIT error, never a stack overflow.
 */
#ifndef SG_DOCKERFILE_SHELL_H
#define SG_DOCKERFILE_SHELL_H

#include "util/compat.h"
#include "util/arena.h"

/* Hard caps; input beyond them is rejected with SG_ELIMIT. */
#define SH_MAX_INPUT   (1u << 20)   /* bytes of script */
#define SH_MAX_DEPTH   64           /* nesting of compound/substitution/sh -c */
#define SH_MAX_WORDS   65536        /* words in one script, all levels */
#define SH_MAX_CMDS    16384        /* simple commands in one script */

/* Word flags. */
enum {
	SH_W_DYNAMIC = 1 << 0,  /* contains a parameter/command/arith expansion */
	SH_W_QUOTED = 1 << 1,   /* some part was quoted or escaped */
	SH_W_GLOB = 1 << 2,     /* unquoted * ? or [ (pathname expansion) */
};

struct sh_word {
	const char *text;       /* quote-removed value, NUL-terminated */
	size_t off, len;        /* source span of the word */
	unsigned int flags;     /* SH_W_* */
};

/* How a command is joined to what precedes it at its own list level. */
#define SH_CONN_MAP(XX)         \
	XX(NONE, "")            \
	XX(SEQ, ";")            \
	XX(BG, "&")             \
	XX(AND, "&&")           \
	XX(OR, "||")            \
	XX(PIPE, "|")

enum sh_conn {
#define XX(name, text) SH_CONN_##name,
	SH_CONN_MAP(XX)
#undef XX
};

/* Where a command sits (bit set: every enclosing construct). */
enum {
	SH_CTX_SUBSHELL = 1 << 0,   /* ( … ) */
	SH_CTX_BRACE = 1 << 1,      /* { …; } */
	SH_CTX_SUBST = 1 << 2,      /* $( … ) or ` … ` */
	SH_CTX_COND = 1 << 3,       /* if/elif/while/until condition */
	SH_CTX_IF = 1 << 4,         /* then/elif/else body */
	SH_CTX_LOOP = 1 << 5,       /* for/while/until body */
	SH_CTX_CASE = 1 << 6,       /* case arm */
	SH_CTX_FUNC = 1 << 7,       /* function body */
	SH_CTX_CMDSTR = 1 << 8,     /* parsed from an sh -c "…" string */
	SH_CTX_NEGATED = 1 << 9,    /* ! pipeline */
	SH_CTX_ARITH = 1 << 10,     /* inside $(( )) / (( )) */
};

#define SH_REDIR_MAP(XX)        \
	XX(IN, "<")             \
	XX(OUT, ">")            \
	XX(APPEND, ">>")        \
	XX(CLOBBER, ">|")       \
	XX(RDWR, "<>")          \
	XX(DUPIN, "<&")         \
	XX(DUPOUT, ">&")        \
	XX(ALL, "&>")           \
	XX(ALLAPPEND, "&>>")    \
	XX(HERESTR, "<<<")      \
	XX(HEREDOC, "<<")       \
	XX(HEREDOC_TAB, "<<-")

enum sh_redir_op {
#define XX(name, text) SH_REDIR_##name,
	SH_REDIR_MAP(XX)
#undef XX
};

struct sh_redir {
	enum sh_redir_op op;
	int fd;                 /* explicit fd prefix, or -1 */
	struct sh_word target;  /* file, fd, here-string, or heredoc delimiter */
	size_t body_off, body_len; /* here-document body (after the line) */
	bool body_quoted;       /* delimiter was quoted: no expansion in body */
};

struct sh_cmd;

/*
 * The command a wrapper runs.  `sudo -u x env -i A=1 nice -n 5 apt-get …`
 * is apt-get with argv starting at its word.  Wrappers looked through: sudo,
 * doas, env, nice, nohup, timeout, stdbuf, time, exec, command, builtin,
 * xargs, chroot, ionice, eatmydata, fakeroot, gosu, su-exec, setpriv, tini.
 * `sh -c`, `bash -c` and `su -c` strings are parsed by sh_parse() itself.
 * `wrapped` names the outermost wrapper, or NULL.
 */
struct sh_view {
	const struct sh_cmd *cmd;
	const struct sh_word *argv;   /* argv[0] is the effective command */
	size_t argc;
	const char *name;             /* basename of argv[0]; "" when argc == 0 */
	const char *wrapped;          /* outermost wrapper's basename, or NULL */
	bool via_sudo;                /* sudo/doas was among the wrappers */
	bool via_xargs;               /* operands also come from stdin */
};

struct sh_cmd {
	struct sh_word *argv;   /* argv[0] is the name; argc may be 0 (`A=1`) */
	size_t argc;
	struct sh_word *assign; /* leading NAME=value words */
	size_t nassign;
	struct sh_redir **redir;
	size_t nredir;
	size_t off, len;        /* source span of the whole simple command */
	size_t pos;             /* its start in the text it was parsed from:
				 * orders the commands of an `sh -c "…"` with
				 * escapes, whose offsets all fall on the string */
	enum sh_conn conn;      /* operator before it at its list level */
	enum sh_conn conn_after;/* operator after it (NONE at end of list) */
	unsigned int pipeline;  /* id of the innermost pipeline (1-based), 0 if none */
	unsigned int pipe_pos;  /* 0-based position in that pipeline */
	unsigned int pipe_len;  /* elements in that pipeline (0 if none) */
	unsigned int ctx;       /* SH_CTX_* bits */
	unsigned int depth;     /* nesting depth, 0 at top level */
	size_t index;           /* position in sh_script.cmds */
	/* sh_view_of() of the command, worked out once when sh_parse()
	 * finishes: every rule asks for it */
	struct sh_view view;
	bool has_view;
};

struct sh_script {
	struct sg_arena arena;
	struct sh_cmd *cmds;    /* source order */
	size_t ncmds;
	bool has_pipe;          /* any `|` or `|&` (not `||`) */
	bool has_bg;            /* any `&` terminator */
	size_t nwords;          /* words lexed (limits, benchmarks) */
};

/* Parse options. */
enum {
	/*
	 * The here-document bodies are not part of the text (the Dockerfile
	 * layer keeps them apart): a `<<EOF` with no body is not an error.
	 */
	SH_PARSE_HEREDOC_EXTERNAL = 1 << 0,
	/* Do not parse `sh -c` strings (hadolint compatibility). */
	SH_PARSE_NO_CMDSTR = 1 << 1,
	/*
	 * The text is the body of an unquoted here-document, not a script:
	 * only its command substitutions ($( … ), ` … `) are parsed, since
	 * the shell runs them when it reads the body.
	 */
	SH_PARSE_EXPANSIONS = 1 << 2,
};

/*
 * Parse `len` bytes of `src`.  On error, returns SG_EINVALID (syntax) or
 * SG_ELIMIT (a cap) with `err` set and *err_off (optional) at the offending
 * byte; *out is NULL then.
 */
int sh_parse(struct sh_script **out, const char *src, size_t len,
	     unsigned int flags, size_t *err_off, sg_error *err);
void sh_script_free(struct sh_script *s);

/* Text of an operator ("&&", "<<-"). */
const char *sh_conn_text(enum sh_conn c);
const char *sh_redir_text(enum sh_redir_op op);

/* Basename of a word ("/usr/bin/apt-get" -> "apt-get"). */
const char *sh_basename(const char *s);

/* ---- views over a command: wrappers and flags ---------------------------- */

void sh_view_of(struct sh_view *v, const struct sh_cmd *c);

/* True when the view runs `name` (basename compare; NULL-safe). */
bool sh_view_is(const struct sh_view *v, const char *name);

/*
 * Option parsing for one tool.  Short options that take a value are listed
 * in `short_val` ("otc" for apt-get's -o -t -c); long ones in `long_val`
 * (NULL-terminated, without the dashes).  Options may follow operands, as
 * GNU getopt permutes them, until `--`.
 */
struct sh_optspec {
	const char *short_val;
	const char *const *long_val;
};

struct sh_opt {
	char name[32];          /* "y" for -y, "no-cache" for --no-cache */
	bool is_long;
	const struct sh_word *word;    /* word holding the option */
	const char *value;      /* inline (--x=v, -ovalue) or next word; NULL if none */
	const struct sh_word *value_word; /* when the value is the next word */
};

#define SH_MAX_OPTS 64
#define SH_MAX_OPERANDS 256

struct sh_args {
	struct sh_opt opt[SH_MAX_OPTS];
	size_t nopt;
	const struct sh_word *operand[SH_MAX_OPERANDS];
	size_t noperand;
	bool truncated;         /* more options/operands than the arrays hold */
};

/* Empty `a`; the arrays (6 KB) are only read up to their counts. */
static inline void sh_args_reset(struct sh_args *a)
{
	a->nopt = 0;
	a->noperand = 0;
	a->truncated = false;
}

/*
 * Split argv[1..] of `v` into options and operands.  Clusters (`-yq`),
 * `--x=v`, value-taking flags (next word unless inline) and `--` are
 * understood.  `spec` may be NULL (no option takes a value).
 */
void sh_args_parse(struct sh_args *a, const struct sh_view *v,
		   const struct sh_optspec *spec);

/* Times an option was given (`-q -q`, `-qq` count 2); names without dashes. */
size_t sh_args_count(const struct sh_args *a, const char *short_name,
		     const char *long_name);
/* First occurrence, or NULL. */
const struct sh_opt *sh_args_find(const struct sh_args *a,
				  const char *short_name,
				  const char *long_name);

/* ---- script-level facts -------------------------------------------------- */

/*
 * `set -o pipefail` (also `set -eo pipefail`, `set -euxo pipefail`,
 * `set -e -o pipefail`) before any pipeline at the top level of the script.
 */
bool sh_sets_pipefail(const struct sh_script *s);

/*
 * A SHELL instruction's argv (exec form) runs a pipefail-capable shell with
 * `-o pipefail` among its options.
 */
bool sh_shell_argv_pipefail(const char *const *argv, size_t argc);

/* Shebang of a here-document script: "python3" from "#!/usr/bin/env python3". */
const char *sh_shebang_interp(const char *src, size_t len, char *buf,
			      size_t size);

/* True for sh-family interpreters (sh bash dash ash zsh ksh mksh busybox). */
bool sh_is_posix_shell(const char *name);

/* The length of the "NAME=" or "NAME+=" that s[0..n) starts with, or 0. */
size_t sh_assign_len(const char *s, size_t n);

#endif

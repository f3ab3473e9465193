/*
 * ast.h: a parsed Dockerfile, following BuildKit's grammar
 * (frontend/dockerfile/parser, instructions, shell).
 *
 * The parser never fails on content: every problem it meets becomes a
 * `struct df_problem` at its physical position and parsing goes on with the
 * next instruction.  Everything lives in the file's arena and is freed by
 * df_file_free().
 *
 * Positions.  An instruction's `text` is its logical line: continuation
 * lines joined (the escape character and what follows it removed), comment
 * lines inside the continuation dropped, exactly as BuildKit sees it.
 * df_instr_pos() maps any byte offset in `text` back to the physical line
 * and column it came from, so a finding can point at the exact physical
 * line of a long RUN.  Heredoc bodies are kept verbatim: byte `i` of a body
 * is on line `body_line` + (newlines before i), column counted from 1.
 *
 * Variables.  Words of instructions BuildKit expands (FROM, ADD, COPY, ENV,
 * ARG, LABEL, EXPOSE, USER, WORKDIR, VOLUME, STOPSIGNAL, ONBUILD and flag
 * values) carry `value`: the word after quote removal and expansion with the
 * ARG/ENV scope in force.  When a variable that the expansion needs has no
 * known value (an ARG without default, an automatic platform ARG), `value`
 * holds what could be expanded and `unresolved` is true: never a guess.
 */
#ifndef SG_DOCKERFILE_AST_H
#define SG_DOCKERFILE_AST_H

#include "util/compat.h"
#include "util/arena.h"
#include "util/buf.h"

#define DF_KIND_MAP(XX)                                   \
	XX(FROM, "FROM") XX(RUN, "RUN") XX(CMD, "CMD")    \
	XX(LABEL, "LABEL") XX(MAINTAINER, "MAINTAINER")   \
	XX(EXPOSE, "EXPOSE") XX(ENV, "ENV") XX(ADD, "ADD") \
	XX(COPY, "COPY") XX(ENTRYPOINT, "ENTRYPOINT")     \
	XX(VOLUME, "VOLUME") XX(USER, "USER")             \
	XX(WORKDIR, "WORKDIR") XX(ARG, "ARG")             \
	XX(ONBUILD, "ONBUILD") XX(STOPSIGNAL, "STOPSIGNAL") \
	XX(HEALTHCHECK, "HEALTHCHECK") XX(SHELL, "SHELL") \
	XX(UNKNOWN, "")

enum df_kind {
#define XX(name, text) DF_##name,
	DF_KIND_MAP(XX)
#undef XX
	DF_KIND__COUNT
};

/* Instruction masks for rule dispatch. */
#define DF_ON(kind) (1u << (kind))
#define DF_ON_ALL (~0u)

const char *df_kind_name(enum df_kind k);

/* Hard limits: beyond them the parser stops with a limit problem. */
#define DF_MAX_LINE (64 * 1024)           /* physical line bytes */
#define DF_MAX_CONTINUATION 5000          /* physical lines per instruction */
#define DF_MAX_HEREDOC (1024 * 1024)      /* bytes per heredoc body */
#define DF_MAX_INSTRUCTIONS 20000
#define DF_MAX_WORDS 10000                /* words per instruction */

/* What the problem is; each maps to one parse rule. */
enum df_problem_kind {
	DF_P_SYNTAX,          /* unknown instruction, bad directive, bad JSON form */
	DF_P_ARGS,            /* missing / extra arguments */
	DF_P_SHELL_FORM,      /* SHELL not in JSON form */
	DF_P_STAGE_NAME,      /* invalid stage name */
	DF_P_HEREDOC,         /* unterminated heredoc, heredoc in JSON form */
	DF_P_HEALTHCHECK,     /* bad HEALTHCHECK option or form */
	DF_P_FLAG,            /* unknown flag, flag without value, bad flag value */
	DF_P_LIMIT,           /* a hard limit was hit; the rest was not parsed */
	DF_P_EMPTY_CONT,      /* empty line inside a continuation (warning) */
	DF_P_NUL,             /* a NUL byte: the file is not text */
	DF_P__COUNT
};

struct df_span {
	uint32_t line, col, end_line, end_col;   /* 1-based, inclusive */
};

struct df_problem {
	enum df_problem_kind kind;
	struct df_span span;
	const char *message;
	const struct df_instr *instr;   /* when inside an instruction, else NULL */
	int32_t index;                  /* its index, -1 when none */
};

/* One comment line ("# text"), as written, with its physical line. */
struct df_comment {
	const char *text;     /* after '#' and leading blanks */
	uint32_t line;
};

/* One piece of a logical line that came from one physical line. */
struct df_seg {
	uint32_t off;         /* in the logical text */
	uint32_t len;
	uint32_t line, col;   /* physical position of the first byte */
};

struct df_word {
	const char *raw;      /* as written (quotes kept) */
	const char *value;    /* quotes removed, variables expanded */
	uint32_t off, len;    /* of `raw` in the instruction's text */
	bool unresolved;      /* a variable had no known value */
	const char *undefined;/* first variable referenced but never declared */
};

struct df_flag {
	const char *name;     /* without the leading "--" */
	struct df_word val;   /* raw is NULL for a bare "--flag" */
	bool has_value;
	uint32_t off, len;    /* the whole "--name=value" in text */
};

/* --mount=k=v,k=v... in any key order (BuildKit's runmount.go). */
struct df_mount {
	const char *type;     /* bind (default), cache, tmpfs, secret, ssh */
	const char *target;   /* target / dst / destination */
	const char *source;   /* source / src */
	const char *from;
	const char *id;
	const char *env;
	bool readonly;
	const struct df_flag *flag;
};

struct df_heredoc {
	const char *name;     /* delimiter, quotes removed */
	bool chomp;           /* <<- strips leading tabs */
	bool quoted;          /* quoted delimiter: no expansion */
	int fd;               /* 3<<EOF: 3; -1 when none */
	const char *body;     /* verbatim, each line ending in '\n' */
	uint32_t body_len;
	uint32_t body_line;   /* physical line of the body's first byte */
	uint32_t end_line;    /* line of the terminator */
	uint32_t word_off;    /* the <<EOF word in the instruction text */
	const char *shebang;  /* "#!..." first line of the body, or NULL */
};

/* ENV / LABEL / ARG entries. */
struct df_kv {
	struct df_word key;
	struct df_word value; /* raw NULL: ARG without default */
	bool has_value;
	bool legacy;          /* ENV key value (no '=') */
};

struct df_instr {
	enum df_kind kind;
	const char *keyword;     /* as written ("run", "Copy") */
	uint32_t kw_off;         /* of the keyword in `text` (ONBUILD triggers
				    share their ONBUILD's text) */
	uint32_t index;          /* position in file order (0-based) */
	int stage;               /* stage index, -1 before the first FROM */
	const struct df_instr *onbuild; /* ONBUILD: the trigger (kind != ONBUILD) */
	bool in_onbuild;         /* this is the trigger of an ONBUILD */

	const char *text;        /* logical line (see top of file) */
	uint32_t text_len;
	const struct df_seg *segs;
	uint32_t nsegs;
	struct df_span span;     /* first to last physical line, incl. heredocs */

	uint32_t args_off;       /* offset in text after keyword and flags */
	struct df_flag *flags;
	uint32_t nflags;

	bool json;               /* exec (JSON array) form */
	bool json_fallback;      /* starts with '[' but is not a JSON string array */
	struct df_word *args;    /* JSON elements, or whitespace-split words */
	uint32_t nargs;

	struct df_kv *kvs;       /* ENV / LABEL / ARG */
	uint32_t nkvs;

	struct df_heredoc *heredocs;
	uint32_t nheredocs;
	bool heredoc_script;     /* RUN <<EOF: the first body is the script */

	struct df_mount *mounts; /* RUN --mount */
	uint32_t nmounts;

	/* HEALTHCHECK */
	bool hc_none;
	bool hc_cmd;             /* CMD form; `args`/`json` are the command */

	const struct df_comment *comments;  /* comment lines since the previous
					       instruction, in order */
	uint32_t ncomments;
};

struct df_stage {
	uint32_t index;
	const char *name;        /* lowercase alias or NULL */
	const char *name_raw;    /* as written */
	const struct df_instr *from;
	const char *base;        /* expanded base reference */
	bool base_unresolved;
	int parent;              /* stage index when base names an earlier stage, else -1 */
	bool scratch;
	uint32_t first, last;    /* instruction index range (inclusive) */
	bool reachable;          /* the final stage or needed by it */
};

struct df_directive {
	const char *key;         /* lowercase */
	const char *value;
	uint32_t line;
};

/* One variable in scope. */
struct df_var {
	const char *name;
	const char *value;       /* NULL: no known value */
	bool is_arg;
};

struct df_file {
	struct sg_arena arena;
	const char *path;
	const char *data;        /* the input, BOM included */
	size_t len;
	bool bom;
	char escape;             /* '\\' or '`' */
	struct df_directive *directives;
	uint32_t ndirectives;
	const char *shell_pragma;/* "# hadolint shell=..." */

	struct df_instr *instrs;
	uint32_t ninstrs;
	struct df_stage *stages;
	uint32_t nstages;
	struct df_comment *comments;   /* every comment line of the file */
	uint32_t ncomments;
	struct df_problem *problems;
	uint32_t nproblems;
	bool truncated;                /* a limit stopped parsing */

	/* global ARGs (before the first FROM), in order */
	struct df_var *global_args;
	uint32_t nglobal_args;
	/* per physical line: start offset in data (for line text and columns) */
	uint32_t *line_off;
	uint32_t nlines;
};

/* Parse `data` (not NUL-terminated).  Only SG_ENOMEM fails. */
int df_parse(const char *path, const char *data, size_t len,
	     struct df_file **out, sg_error *err);
void df_file_free(struct df_file *f);

/* Physical position of byte `off` of the instruction's logical text. */
void df_instr_pos(const struct df_instr *in, uint32_t off, uint32_t *line,
		  uint32_t *col);

/* Span of [off, off+len) of the logical text (len 0: the single byte). */
struct df_span df_instr_span(const struct df_instr *in, uint32_t off,
			     uint32_t len);

/* Physical line `line` (1-based) without its newline; "" when out of range. */
const char *df_line(const struct df_file *f, uint32_t line, size_t *len);

/* The flag `name` of the instruction (case-sensitive, last one wins), or NULL. */
const struct df_flag *df_instr_flag(const struct df_instr *in,
				    const char *name);

/* The instruction's stage, or NULL before the first FROM. */
const struct df_stage *df_instr_stage(const struct df_file *f,
				      const struct df_instr *in);

/* The stage called `ref` (name or decimal index) defined before `before`
 * (stage index; nstages for any), or NULL. */
const struct df_stage *df_stage_lookup(const struct df_file *f,
				       const char *ref, uint32_t before);

/*
 * Expand `word` as BuildKit's lexer does in non-RUN instructions (quote
 * removal, escapes, $v ${v} ${v:-w} ${v-w} ${v:+w} ${v+w} ${v:?m} ${v?m}
 * ${v#p} ${v##p} ${v%p} ${v%%p} ${v/p/r} ${v//p/r}) with `vars` (later
 * entries win).  Result into `out` (arena).  Sets *unresolved when a needed
 * variable had no value, *undefined to the first name not in `vars`.
 * Returns 0, or SG_EINVALID with a message in *msg for a bad substitution.
 */
int df_expand(struct sg_arena *a, const char *word, size_t len, char escape,
	      const struct df_var *vars, size_t nvars, const char **out,
	      bool *unresolved, const char **undefined, const char **msg);

/* Debug dump of the parse (golden tests). */
int df_dump(const struct df_file *f, struct sg_buf *out);

#endif

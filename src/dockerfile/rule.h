/*
 * rule.h: the shape of a Dockerfile rule and what it sees.
 *
 * A rule is a `struct df_rule` (its first member is the public descriptor)
 * in a const array that its file exports as a `struct sg_rule_table`, listed
 * in src/core/registry.c.  Every rule of stage SG_STAGE_DOCKERFILE must be a
 * df_rule: the engine finds them through the registry.
 *
 * The engine parses a file once, then walks its instructions in order and
 * calls `check` of every enabled rule whose `on` mask has the instruction's
 * kind (ONBUILD triggers only reach rules with DF_RULE_ONBUILD, as the
 * trigger kind; the ONBUILD itself reaches DF_ON(DF_ONBUILD) rules), then
 * `finish` of every rule.  `state` is `state_size` zeroed bytes per file.
 *
 *	static void check(struct df_ctx *c, const struct df_instr *in, void *st)
 *	{
 *		if (in->nargs && !strcmp(in->args[0].value, "root"))
 *			df_report(c, in, in->args[0].off, in->args[0].len,
 *				  "USER is root");
 *	}
 */
#ifndef SG_DOCKERFILE_RULE_H
#define SG_DOCKERFILE_RULE_H

#include "util/compat.h"
#include "core/stage.h"
#include "dockerfile/ast.h"

enum df_rule_flags {
	DF_RULE_ONBUILD = 1 << 0,   /* also run on ONBUILD triggers */
};

struct df_ctx;

struct df_rule {
	sg_rule meta;
	uint32_t on;                /* DF_ON(kind) mask; 0: finish only */
	unsigned int flags;         /* enum df_rule_flags */
	void (*check)(struct df_ctx *c, const struct df_instr *in, void *state);
	void (*finish)(struct df_ctx *c, void *state);
	size_t state_size;
};

struct df_ctx {
	const struct sg_stage_ctx *stage_ctx;
	const struct df_file *file;
	const char *path;              /* repo-relative path of the file */
	const struct df_rule *rule;    /* the rule being run */
	const struct df_stage *stage;  /* stage of the current instruction */
	/* the policy's lists, or (when the policy has none and allows it)
	 * .hadolint.yaml's trustedRegistries / label-schema */
	const struct sg_strlist *trusted_registries;
	const struct sg_strlist *required_labels;
	struct df_engine *eng;         /* private to engine.c */
	/* Scratch the rules of one family share for the file (the RUN rules:
	 * the current RUN's parsed scripts, parsed once for all of them);
	 * the engine calls shared_free(shared) when the file is done. */
	void *shared;
	void (*shared_free)(void *shared);
};

/*
 * Report a finding of the current rule on bytes [off, off+len) of the
 * instruction's logical text (len 0: the whole instruction).  Location is
 * the exact physical span, inline suppressions are applied.  The key is
 * the instruction's identity (its whole text and heredoc bodies, and the
 * text with ARG/ENV values resolved when it uses any; see engine.c
 * make_key()) plus the offending part.  `in` NULL: the whole file (line
 * 1).  Returns the finding, or NULL (out of memory).
 */
sg_finding *df_report(struct df_ctx *c, const struct df_instr *in,
		      uint32_t off, uint32_t len, const char *fmt, ...)
	SG_PRINTF(5, 6);

/* The same for a finding that judges a value the instruction does not
 * hold (a base image reached through other stages, a label the policy
 * requires): `value` goes into the key too. */
sg_finding *df_report_value(struct df_ctx *c, const struct df_instr *in,
			    uint32_t off, uint32_t len, const char *value,
			    const char *fmt, ...) SG_PRINTF(6, 7);

/* The same with an explicit span (heredoc bodies, comments) and offending
 * text `part` (len bytes; NULL: none), which may be anywhere: a heredoc
 * body, a comment.  `in` decides which suppressions apply and whose
 * identity starts the key; `in` NULL: the key is `part` alone. */
sg_finding *df_report_span(struct df_ctx *c, const struct df_instr *in,
			   struct df_span span, const char *part, size_t len,
			   const char *fmt, ...) SG_PRINTF(6, 7);

/* The rule record behind a registered descriptor of the Dockerfile stage. */
static inline const struct df_rule *df_rule_of(const sg_rule *r)
{
	return (const struct df_rule *)(const void *)r;
}

/* The final stage, or NULL when the file has no FROM. */
static inline const struct df_stage *df_final_stage(const struct df_file *f)
{
	return f->nstages ? &f->stages[f->nstages - 1] : NULL;
}

/* Instruction `i` of stage `s` ... helpers for finish(): iterate
 * f->instrs[s->first .. s->last]. */

#endif

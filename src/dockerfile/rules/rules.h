/*
 * rules.h: what the Dockerfile rule files share: the parse-problem rules
 * and small helpers about images, stages and paths.
 */
#ifndef SG_DOCKERFILE_RULES_RULES_H
#define SG_DOCKERFILE_RULES_RULES_H

#include "util/compat.h"
#include "core/registry.h"
#include "dockerfile/rule.h"

#define DF_META(...) .meta = { .stage = SG_STAGE_DOCKERFILE, __VA_ARGS__ }

/* The rule that reports a parse problem of this kind. */
const sg_rule *df_problem_rule(enum df_problem_kind kind);

/* An image reference split into its parts (pointers into `buf`). */
struct df_imgref {
	char buf[512];
	const char *registry;   /* "docker.io" when not written */
	const char *path;       /* "library/alpine" */
	const char *tag;        /* NULL when none */
	const char *digest;     /* "sha256:..." or NULL */
	bool explicit_registry;
};

/* Split `ref`; false when it is not a valid reference. */
bool df_imgref_parse(const char *ref, struct df_imgref *out);

/* True when `st` is the final stage or an ancestor (FROM chain) of it. */
bool df_stage_in_final_chain(const struct df_file *f, const struct df_stage *st);

/* The stage `st` is based on, or NULL (an external image or scratch). */
const struct df_stage *df_stage_parent(const struct df_file *f,
				       const struct df_stage *st);

/* The FROM-ancestry of the final stage, final first; returns count. */
size_t df_final_chain(const struct df_file *f, const struct df_stage **out,
		      size_t max);

/* Is `s` a URL ADD would fetch (http, https) or a git source? */
bool df_is_url(const char *s);
bool df_is_git(const char *s);

/* Archive file name ADD would unpack (.tar, .tar.gz, .tgz, ...). */
bool df_is_archive(const char *s);

/* The directory of the Dockerfile (the assumed build context), "" for the
 * repository root; into buf. */
const char *df_context_dir(const char *path, char *buf, size_t size);

/* Tables, one per file; listed in src/core/registry.c. */
extern const struct sg_rule_table df_rules_syntax;
extern const struct sg_rule_table df_rules_base;
extern const struct sg_rule_table df_rules_stage;
extern const struct sg_rule_table df_rules_user;
extern const struct sg_rule_table df_rules_secret;
extern const struct sg_rule_table df_rules_copy;
extern const struct sg_rule_table df_rules_cmd;
extern const struct sg_rule_table df_rules_expose;
extern const struct sg_rule_table df_rules_workdir;
extern const struct sg_rule_table df_rules_meta;

#endif

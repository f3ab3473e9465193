/*
 * yaml.h: a bounded YAML document tree on libyaml, with positions.
 *
 * Used by the policy loader and the Compose stage.  What it guarantees, so
 * callers need not:
 * - every node keeps its 1-based start and end line/column;
 * - aliases resolve to the anchored node (shared, not copied); an alias to an
 *   anchor that is not complete yet (a node containing itself) is an error;
 * - merge keys (`<<: *x`, `<<: [*a, *b]`) are applied: explicit keys win,
 *   earlier merge sources win over later ones, merged pairs are marked and
 *   keep the position where the value was written;
 * - a duplicate key in one mapping is an error (as Compose and most YAML 1.2
 *   loaders do), reported at the second occurrence;
 * - nesting depth, node count and alias expansion are capped, so a
 *   billion-laughs file or 10,000-deep nesting is an SG_ELIMIT error, not an
 *   out-of-memory or a stack overflow.
 * Comments are not kept; callers that honour comment pragmas scan the text.
 */
#ifndef SG_YAML_H
#define SG_YAML_H

#include "compat.h"
#include "arena.h"

enum sg_yaml_kind { SG_YAML_SCALAR, SG_YAML_SEQ, SG_YAML_MAP };

enum sg_yaml_style {
	SG_YAML_PLAIN,
	SG_YAML_SINGLE_QUOTED,
	SG_YAML_DOUBLE_QUOTED,
	SG_YAML_LITERAL,
	SG_YAML_FOLDED,
};

struct sg_yaml_pair;

struct sg_yaml_node {
	enum sg_yaml_kind kind;
	uint32_t line, column;          /* 1-based start */
	uint32_t end_line, end_column;  /* 1-based, exclusive column */
	const char *tag;                /* explicit tag ("!reset"), or NULL */
	const char *anchor;             /* anchor defined here, or NULL */
	/* SG_YAML_SCALAR */
	const char *value;              /* NUL-terminated; may contain NULs */
	size_t len;
	enum sg_yaml_style style;
	/* SG_YAML_SEQ */
	struct sg_yaml_node **items;
	size_t nitems;
	/* SG_YAML_MAP */
	struct sg_yaml_pair *pairs;
	size_t npairs;
	/* internal: expanded size, for the alias budget */
	size_t weight;
};

struct sg_yaml_pair {
	struct sg_yaml_node *key;
	struct sg_yaml_node *value;
	bool merged;                    /* came in through a `<<` merge key */
};

struct sg_yaml_limits {
	size_t max_depth;               /* default 128 */
	size_t max_nodes;               /* nodes created; default 1,000,000 */
	size_t max_expansion;           /* nodes reachable through aliases; default 1,000,000 */
};

struct sg_yaml_doc {
	struct sg_arena arena;
	struct sg_yaml_node *root;      /* NULL for an empty document */
	size_t nodes;
};

/*
 * Parse one YAML document.  `path` names the file in errors.  `limits` may be
 * NULL for the defaults.  A stream with a second document is an error.
 */
int sg_yaml_parse(struct sg_yaml_doc **out, const char *path, const char *data,
		  size_t len, const struct sg_yaml_limits *limits,
		  sg_error *err);
void sg_yaml_free(struct sg_yaml_doc *doc);

/* The value for a scalar key in a mapping, or NULL. */
const struct sg_yaml_node *sg_yaml_get(const struct sg_yaml_node *map,
				       const char *key);
const struct sg_yaml_pair *sg_yaml_get_pair(const struct sg_yaml_node *map,
					    const char *key);

/* A plain scalar "", "~", "null" (any case); an absent node counts too. */
bool sg_yaml_is_null(const struct sg_yaml_node *n);

/* A scalar that is not null (any style). */
bool sg_yaml_is_string(const struct sg_yaml_node *n);

/* true/false (and YAML 1.1 yes/no/on/off) in plain style; -1 otherwise. */
int sg_yaml_bool(const struct sg_yaml_node *n, bool *out);

/* A plain decimal integer; -1 otherwise. */
int sg_yaml_int(const struct sg_yaml_node *n, long long *out);

const char *sg_yaml_kind_name(enum sg_yaml_kind k);

#endif

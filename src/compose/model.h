/*
 * model.h: the Compose project model the rules read.
 *
 * A project is one or more Compose files merged the way `docker compose`
 * merges them (spec 13): the main file, its override companions or a policy
 * `-f` list, then `extends` and `include` resolved.  The model is a tree of
 * `cm_node`s, a copy of each file's YAML tree after interpolation (spec 12),
 * in which every node remembers the file and position its value came from,
 * so a finding on a merged value points at the override line that set it.
 *
 * Ownership: everything lives in the project's arena and dies with
 * compose_project_free().  Nodes are never shared between files; merging
 * builds new parent nodes and keeps the leaves.
 */
#ifndef SG_COMPOSE_MODEL_H
#define SG_COMPOSE_MODEL_H

#include "util/compat.h"
#include "util/arena.h"
#include "util/vec.h"
#include "util/yaml.h"
#include "core/stage.h"

enum cm_kind { CM_SCALAR, CM_SEQ, CM_MAP };

/* Hash index of a large mapping's keys, built once the model is final. */
struct cm_index;

struct cm_node {
	enum cm_kind kind;
	const char *key;          /* key in the parent mapping, or NULL */
	const char *value;        /* scalar: after interpolation ("" for null) */
	const char *raw;          /* scalar: as written */
	enum sg_yaml_style style;
	const char *tag;          /* "!reset", "!override", or NULL */
	bool null;                /* plain null scalar (`key:`, `~`) */
	bool unknown;             /* an unresolved variable is in the value */
	bool anchored;            /* came in through a `<<` merge key */
	const char *file;         /* repo-relative file the value came from */
	uint32_t line, col, end_line, end_col;   /* the value */
	uint32_t kline, kcol;     /* the key, when in a mapping */
	struct cm_node **kids;    /* seq items or map entries (ordered) */
	size_t n;
	const struct cm_index *index;   /* large mappings; NULL while loading */
};

/* One file the project read: kept for comment pragmas and line text. */
struct cm_file {
	const char *path;
	const char *data;
	size_t len;
	bool parsed;
	uint32_t *line_off;       /* start of each line, built on first use */
	uint32_t nlines;
};

struct compose_project {
	struct sg_arena arena;
	const struct sg_stage_ctx *ctx;
	sg_findings *out;             /* where load problems and rules report */
	const char *dir;              /* project directory ("" = repo root) */
	const char *main_path;        /* first file */
	SG_VEC(struct cm_file) files;
	struct cm_node *root;         /* merged top level; NULL if unusable */
	struct cm_node *services;     /* root's `services` mapping, or NULL */
	size_t budget;                /* nodes the model may still create */
	int depth;                    /* extends/include recursion */
	const char *chain[16];        /* extends chain, for cycle detection */
	int nchain;
	const char *includes[16];     /* include chain, for cycle detection */
	int nincludes;
	const char *service;          /* service a rule is looking at */
	const char *object;           /* "service <name>": the last finding's */
	struct sg_buf key;            /* a finding's key as it is built */
};

/* Lookups that tolerate NULL nodes and non-mappings. */
struct cm_node *cm_get(const struct cm_node *map, const char *key);
bool cm_is_str(const struct cm_node *n);    /* known, non-null scalar */
/* Scalar truth as the schema allows it (true/"true"/yes...); -1 if not. */
int cm_bool(const struct cm_node *n, bool *out);
bool cm_true(const struct cm_node *n);
/* A whole-number scalar (quoted or not); -1 otherwise. */
int cm_int(const struct cm_node *n, long long *out);

/*
 * Parsed port entry (short "ip:host:container/proto" or long syntax).
 * Strings point into the arena; NULL when absent.
 */
struct cm_port {
	const char *host_ip;
	const char *published;   /* "8080", "8000-8010", NULL */
	const char *target;
	const char *protocol;    /* "tcp" default */
	long pub_lo, pub_hi;     /* -1 when unknown / absent */
	long tgt_lo, tgt_hi;
	bool unknown;            /* interpolation left a hole */
	bool valid;
};
void cm_port_parse(struct compose_project *p, const struct cm_node *n,
		   struct cm_port *out);

/* Parsed service volume (short "src:dst:mode" or long syntax). */
struct cm_volume {
	const char *type;        /* "bind", "volume", "tmpfs", ... */
	const char *source;      /* host path or volume name; NULL: anonymous */
	const char *target;
	const char *mode;        /* short syntax options ("ro,z"), or NULL */
	bool read_only;
	const char *propagation; /* long syntax bind.propagation */
	const struct cm_node *propagation_node;
	const struct cm_node *source_node;
	bool unknown;
};
void cm_volume_parse(struct compose_project *p, const struct cm_node *n,
		     struct cm_volume *out);

/* The whole project for `paths` (first is the main file). */
int compose_project_load(struct compose_project **out,
			 const struct sg_stage_ctx *ctx, sg_findings *findings,
			 const char *const *paths, size_t n,
			 const char *data, size_t len, sg_error *err);
void compose_project_free(struct compose_project *p);

/* Read a file of the tree through the stage's source; NULL if absent. */
const char *compose_read(struct compose_project *p, const char *path,
			 size_t *len);

/* A `dir/rel` path normalised; NULL when it leaves the root. */
const char *compose_join(struct compose_project *p, const char *dir,
			 const char *rel);

/* A git URL, an http(s) or oci:// reference: nothing the gate fetches. */
bool compose_is_remote(const char *ref);

/* The directory part of `path`, arena-allocated. */
const char *compose_dirname(struct compose_project *p, const char *path);

/* The text of line `line` of `file` (without newline), arena-allocated. */
const char *compose_line_text(struct compose_project *p, const char *file,
			      uint32_t line);

/* The columns of blanks before the text of line `line` of `file`; -1 for a
 * blank line or no such line. */
int compose_line_indent(struct compose_project *p, const char *file,
			uint32_t line);

#endif

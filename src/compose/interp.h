/*
 * interp.h: Compose variable interpolation (spec 12) and `.env` files.
 *
 * The gate never reads the CI job's environment: variables come from the
 * `.env` beside the project (or the policy's compose.env_file).  A variable
 * that is not there is *unknown*, not empty: `${VAR:-d}` takes its default,
 * but `${VAR}` leaves the value unknown and rules skip value checks on it
 * (dclint #261: `$HOST_IP:$PORT:80` is not an unbound port).
 */
#ifndef SG_COMPOSE_INTERP_H
#define SG_COMPOSE_INTERP_H

#include "util/compat.h"
#include "util/arena.h"
#include "util/strmap.h"

struct cm_env {
	struct sg_strmap vars;     /* name -> value (arena strings) */
	/* fills `vars` at the first text with a '$' in it, then is cleared:
	 * most Compose files name no variable, and need not look for a .env
	 * (NULL: nothing to load) */
	int (*load)(struct cm_env *env, void *ctx);
	void *ctx;
};

/* `${A:-${B:-...}}` deeper than this is a CM_INTERP_DEPTH problem */
#define CM_INTERP_MAX_NEST 16

enum cm_interp_issue {
	CM_INTERP_OK = 0,
	CM_INTERP_REQUIRED,        /* ${VAR:?err} / ${VAR?err} with VAR unset */
	CM_INTERP_SYNTAX,          /* "${" without a valid name or "}" */
	CM_INTERP_UNSET,           /* ${VAR} without default, VAR unknown */
	CM_INTERP_DEPTH,           /* defaults nested past the limit */
};

struct cm_interp_result {
	const char *value;         /* arena; the text with holes left empty */
	bool unknown;              /* a hole is in it */
	enum cm_interp_issue issue;/* the first problem seen */
	const char *var;           /* the variable it is about (arena) */
	const char *detail;        /* the :? message, or the bad text */
};

void cm_env_init(struct cm_env *env);
void cm_env_release(struct cm_env *env);

/* Parse a dotenv file (KEY=VALUE, export, quotes, comments) into env. */
int cm_env_parse(struct cm_env *env, struct sg_arena *arena, const char *data,
		 size_t len);

/* Interpolate `s` (len bytes), loading env first if it has a loader and
 * `s` a '$'.  Returns SG_ENOMEM (or the loader's error) or 0. */
int cm_interpolate(struct cm_env *env, struct sg_arena *arena,
		   const char *s, size_t len, struct cm_interp_result *out);

#endif

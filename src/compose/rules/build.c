/*
 * build.c: the Compose -> Dockerfile link: missing contexts, Dockerfiles
 * and target stages, non-portable contexts, missing .dockerignore, and the
 * user the built image runs as.
 */
#include "util/compat.h"
#include "compose/rules.h"

/* What `path` is, through links inside the tree: a context or Dockerfile
 * reached by a symlink is what the link points at (Compose follows it).
 * *out (optional): a link on the way leads out of the tree (what it names
 * is not the repository's, so none). */
static enum sg_entry_type entry_type(struct compose_project *p,
				     const char *path, bool *out)
{
	struct sg_source *src = p->ctx->source;
	struct sg_entry e;
	char real[4096];
	bool ignored;
	int rc = 0;

	if (!out)
		out = &ignored;
	*out = false;
	if (!src || (rc = sg_source_stat(src, path, &e, NULL)) < 0) {
		*out = src && rc == SG_EUNSAFE;
		return SG_ENTRY_NONE;
	}
	if (e.type == SG_ENTRY_SYMLINK &&
	    ((rc = sg_source_resolve(src, path, real, sizeof(real),
				     NULL)) < 0 ||
	     sg_source_stat(src, real, &e, NULL) < 0)) {
		*out = rc == SG_EUNSAFE;
		return SG_ENTRY_NONE;
	}
	return e.type;
}

/* What a path of that type is not, for a build that needs a `dir` or a
 * file there. */
static const char *not_usable(enum sg_entry_type t, bool dir)
{
	switch (t) {
	case SG_ENTRY_NONE:
		return "does not exist";
	case SG_ENTRY_DIR:
		return "is a directory";
	case SG_ENTRY_SUBMODULE:
		return "is a submodule";
	default:
		return dir ? "is not a directory" : "is not a regular file";
	}
}

static void check_broken(struct compose_project *p,
			 const struct compose_rule *r,
			 const struct cm_node *svc)
{
	struct compose_build b;
	const struct cm_node *at;
	enum sg_entry_type t;
	bool out;

	if (!compose_build_resolve(p, svc, &b) || b.remote || b.absolute)
		return;
	at = b.context_node ? b.context_node : b.node;
	if (b.outside) {
		compose_report(p, r, b.dockerfile_node && b.context
					     ? b.dockerfile_node : at, NULL,
			       "service '%s' builds from outside the "
			       "repository", p->service);
		return;
	}
	if (!p->ctx->source)
		return;
	if ((t = entry_type(p, b.context, &out)) != SG_ENTRY_DIR &&
	    b.context[0]) {
		compose_report(p, r, at, NULL,
			       out ? "service '%s' build context '%s' leads "
				     "out of the repository through a symlink"
				   : "service '%s' build context '%s' %s",
			       p->service, b.context, not_usable(t, true));
		return;
	}
	if (b.dockerfile &&
	    (t = entry_type(p, b.dockerfile, &out)) != SG_ENTRY_FILE)
		compose_report(p, r, b.dockerfile_node ? b.dockerfile_node : at,
			       NULL, out ? "service '%s' Dockerfile '%s' leads "
					   "out of the repository through a "
					   "symlink"
					 : "service '%s' Dockerfile '%s' %s",
			       p->service, b.dockerfile, not_usable(t, false));
}

static void check_both_dockerfiles(struct compose_project *p,
				   const struct compose_rule *r,
				   const struct cm_node *svc)
{
	const struct cm_node *b = cm_get(svc, "build");
	const struct cm_node *in = cm_get(b, "dockerfile_inline");

	if (cm_get(b, "dockerfile") && in)
		compose_report_key(p, r, in, NULL,
				   "service '%s' sets both dockerfile and "
				   "dockerfile_inline", p->service);
}

static bool df_text(struct compose_project *p, const struct compose_build *b,
		    struct compose_df_info *df)
{
	const char *text = b->inline_text;
	size_t len = text ? strlen(text) : 0;

	if (!text && b->dockerfile)
		text = compose_read(p, b->dockerfile, &len);
	if (!text)
		return false;
	compose_dockerfile_scan(p, text, len, df);
	return true;
}

static void check_target(struct compose_project *p,
			 const struct compose_rule *r,
			 const struct cm_node *svc)
{
	struct compose_build b;
	struct compose_df_info df;
	size_t i;

	if (!compose_build_resolve(p, svc, &b) || !b.target ||
	    !df_text(p, &b, &df))
		return;
	for (i = 0; i < df.nstages; i++)
		if (!sg_strcasecmp(df.stages[i], b.target))
			return;
	compose_report(p, r, b.target_node, NULL,
		       "service '%s' builds target '%s', which %s does not "
		       "define", p->service, b.target,
		       b.dockerfile ? b.dockerfile : "dockerfile_inline");
}

static void check_remote(struct compose_project *p,
			 const struct compose_rule *r,
			 const struct cm_node *svc)
{
	struct compose_build b;

	if (!compose_build_resolve(p, svc, &b) || (!b.remote && !b.absolute))
		return;
	compose_report(p, r, b.absolute && b.dockerfile_node &&
				     cm_is_str(b.dockerfile_node) &&
				     b.dockerfile_node->value[0] == '/'
			     ? b.dockerfile_node
			     : b.context_node ? b.context_node : b.node, NULL,
		       "service '%s' builds from %s; the gate cannot see or "
		       "scan it", p->service,
		       b.remote ? "a remote context" : "an absolute path");
}

static void check_dockerignore(struct compose_project *p,
			       const struct compose_rule *r,
			       const struct cm_node *svc)
{
	struct compose_build b;
	const char *ign, *per;

	if (!compose_build_resolve(p, svc, &b) || !b.context ||
	    !p->ctx->source || entry_type(p, b.context, NULL) != SG_ENTRY_DIR)
		return;
	ign = compose_join(p, b.context, ".dockerignore");
	per = b.dockerfile ? sg_arena_printf(&p->arena, "%s.dockerignore",
					     b.dockerfile) : NULL;
	if ((ign && sg_source_exists(p->ctx->source, ign)) ||
	    (per && sg_source_exists(p->ctx->source, per)))
		return;
	compose_report(p, r, b.context_node ? b.context_node : b.node, NULL,
		       "service '%s' build context '%s' has no .dockerignore",
		       p->service, b.context[0] ? b.context : ".");
}

static void check_image_user(struct compose_project *p,
			     const struct compose_rule *r,
			     const struct cm_node *svc)
{
	struct compose_build b;
	struct compose_df_info df;
	const char *u;

	if (cm_get(svc, "user") || !compose_build_resolve(p, svc, &b) ||
	    b.target || !df_text(p, &b, &df))
		return;
	u = df.last_user;
	if (u && !(strcmp(u, "root") == 0 || sg_startswith(u, "root:") ||
		   strcmp(u, "0") == 0 || sg_startswith(u, "0:")))
		return;
	compose_report_key(p, r, svc, NULL,
			   "service '%s' sets no user and its Dockerfile's "
			   "last stage %s", p->service,
			   u ? "switches to root" : "has no USER (runs as root)");
}

const struct compose_rule sgc020 = {
	.meta = COMPOSE_META("SGC020", "image-runs-as-root",
		"Service sets no user and its image runs as root", NON_ROOT,
		MEDIUM, 0,
		SG_ALIASES("CIS-4.1", "run-as-non-root"),
		HELP("Without `user:` the container runs as the image's USER. "
		     "For services built here the gate reads the Dockerfile: "
		     "a final stage with no USER (or USER root) runs as root.",
		     "add a non-root USER to the Dockerfile, or set `user:`.",
		     "services:\n  api:\n    build: ./api\n"
		     "    user: \"10001\"\n")),
	.service = check_image_user,
};

const struct compose_rule sgc063 = {
	.meta = COMPOSE_META("SGC063", "build-path-missing",
		"Build context or Dockerfile does not exist", VULN_SCANNING,
		HIGH, 0, NULL,
		HELP("The service builds from a context or Dockerfile that is "
		     "not in this revision, so `docker compose build` fails "
		     "and the gate cannot lint what would be built.",
		     "fix the path (relative to the Compose file; "
		     "`dockerfile` is relative to the context).",
		     "services:\n  api:\n    build:\n      context: ./api\n"
		     "      dockerfile: Dockerfile\n")),
	.service = check_broken,
};

const struct compose_rule sgc064 = {
	.meta = COMPOSE_META("SGC064", "dockerfile-and-inline",
		"Both dockerfile and dockerfile_inline are set",
		VULN_SCANNING, HIGH, 0, NULL,
		HELP("The spec forbids setting both; Compose rejects the file.",
		     "keep one.",
		     "services:\n  tool:\n    build:\n      context: .\n"
		     "      dockerfile_inline: |\n        FROM alpine:3.22\n")),
	.service = check_both_dockerfiles,
};

const struct compose_rule sgc065 = {
	.meta = COMPOSE_META("SGC065", "build-target-missing",
		"Build target stage is not in the Dockerfile", VULN_SCANNING,
		HIGH, 0, NULL,
		HELP("`build.target` names a stage (`FROM ... AS name`) the "
		     "Dockerfile does not define, so the build fails.",
		     "use one of the stage names.",
		     "services:\n  api:\n    build:\n      context: .\n"
		     "      target: runtime\n")),
	.service = check_target,
};

const struct compose_rule sgc066 = {
	.meta = COMPOSE_META("SGC066", "build-context-remote-or-absolute",
		"Build context is remote or an absolute path", VULN_SCANNING,
		LOW, 0, NULL,
		HELP("A git URL or absolute-path context builds something that "
		     "is not in this repository: not portable, not reviewed, "
		     "not scanned by this gate.",
		     "vendor the build into the repository, or pin the remote "
		     "ref and scan it separately.",
		     "services:\n  api:\n    build: ./api\n")),
	.service = check_remote,
};

const struct compose_rule sgc067 = {
	.meta = COMPOSE_META("SGC067", "build-context-dockerignore-missing",
		"Build context has no .dockerignore", MINIMAL_IMAGE, LOW, 0,
		NULL,
		HELP("Without `.dockerignore` the whole context (.git, .env, "
		     "local secrets, node_modules) is sent to the builder and "
		     "can end up in the image via `COPY . .`.",
		     "add a `.dockerignore` to the context (or "
		     "`<Dockerfile>.dockerignore`).",
		     "# api/.dockerignore\n.git\n.env\nnode_modules\n")),
	.service = check_dockerignore,
};

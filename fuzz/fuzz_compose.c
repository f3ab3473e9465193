/*
 * fuzz_compose.c: libFuzzer target for the Compose YAML -> model -> rules
 * path.
 *
 * The input is split at the first "\n#--\n" into a main file and an
 * override, served by an in-memory source tree that also holds the main
 * part as base.yaml and inc.yaml (so `extends: {file: base.yaml}` and
 * `include: [inc.yaml]` resolve, recursively and cyclically), a .env and a
 * Dockerfile.  The project is linted with every rule on, then the main
 * part alone through the single-file entry without a tree; the dotenv
 * parser and interpolation also run on the raw input.
 */
#include "util/compat.h"
#include "compose/compose.h"
#include "compose/interp.h"
#include "policy/policy.h"
#include "repo/source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct mem_file {
	const char *path;
	const char *data;
	size_t len;
};

struct mem_source {
	struct sg_source base;
	struct mem_file files[6];
	size_t n;
};

static const struct mem_file *find(struct sg_source *s, const char *path)
{
	struct mem_source *m = (struct mem_source *)s;
	size_t i;

	for (i = 0; i < m->n; i++)
		if (!strcmp(m->files[i].path, path))
			return &m->files[i];
	return NULL;
}

static int mem_stat(struct sg_source *s, const char *path,
		    struct sg_entry *out, sg_error *err)
{
	const struct mem_file *f = find(s, path);

	(void)err;
	memset(out, 0, sizeof(*out));
	if (f) {
		out->type = SG_ENTRY_FILE;
		out->size = f->len;
	} else if (!*path) {
		out->type = SG_ENTRY_DIR;
	}
	return 0;
}

static int mem_read(struct sg_source *s, const char *path, size_t max,
		    struct sg_buf *out, sg_error *err)
{
	const struct mem_file *f = find(s, path);

	if (!f)
		return sg_error_set(err, SG_ENOTFOUND, path, 0, 0, "no file");
	if (f->len > max)
		return sg_error_set(err, SG_ELIMIT, path, 0, 0, "too large");
	return sg_buf_put(out, f->data, f->len);
}

static int mem_walk(struct sg_source *s, unsigned int flags,
		    int (*fn)(const char *, const struct sg_entry *, void *),
		    void *payload, sg_error *err)
{
	(void)s;
	(void)flags;
	(void)fn;
	(void)payload;
	(void)err;
	return 0;
}

static void mem_free(struct sg_source *s)
{
	(void)s;
}

static const struct sg_source_ops mem_ops = {
	"mem", mem_stat, mem_read, mem_walk, mem_free,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char env[] = "A=1\nB=${A:-2}\nexport C='x'\n";
	static const char df[] = "FROM alpine AS build\nFROM build AS run\n"
				 "USER 1000\n";
	const char *text = (const char *)data;
	const char *cut = NULL, *paths[2] = { "compose.yaml",
					      "compose.override.yaml" };
	struct mem_source src;
	struct sg_policy pol;
	struct sg_stage_ctx ctx = { 0 };
	struct sg_links links;
	sg_findings *set = NULL;
	size_t main_len = size, i;
	sg_error err;

	for (i = 0; i + 5 <= size; i++)
		if (!memcmp(text + i, "\n#--\n", 5)) {
			cut = text + i;
			main_len = i;
			break;
		}
	memset(&src, 0, sizeof(src));
	src.base.ops = &mem_ops;
	src.files[src.n++] = (struct mem_file){ "compose.yaml", text,
						main_len };
	src.files[src.n++] = (struct mem_file){ "base.yaml", text, main_len };
	src.files[src.n++] = (struct mem_file){ "inc.yaml", text, main_len };
	src.files[src.n++] = (struct mem_file){ ".env", env, sizeof(env) - 1 };
	src.files[src.n++] = (struct mem_file){ "Dockerfile", df,
						sizeof(df) - 1 };
	if (cut)
		src.files[src.n++] = (struct mem_file){
			"compose.override.yaml", cut + 5,
			size - main_len - 5 };

	memset(&pol, 0, sizeof(pol));
	pol.max_file_size = 1 << 20;
	pol.enable_all = true;
	if (sg_findings_new(&set) < 0)
		return 0;
	sg_links_init(&links);
	ctx.policy = &pol;
	ctx.source = &src.base;
	ctx.findings = set;
	ctx.links = &links;
	sg_error_clear(&err);
	if (compose_lint_files(&ctx, paths, cut ? 2 : 1, &err) < 0 &&
	    err.code != SG_ENOMEM)
		abort();
	ctx.source = NULL;
	ctx.links = NULL;
	if (compose_lint_file(&ctx, "x/compose.yaml", text, main_len, &err) < 0 &&
	    err.code != SG_ENOMEM)
		abort();
	if (sg_findings_finalize(set) < 0)
		abort();
	for (i = 0; i < sg_findings_count(set); i++) {
		const sg_finding *f = sg_findings_at(set, i);

		if (!f->rule || !f->message || !f->loc.path)
			abort();
	}
	sg_findings_free(set);
	sg_links_release(&links);
	{
		struct sg_arena a = SG_ARENA_INIT;
		struct cm_env e;
		struct cm_interp_result r;

		cm_env_init(&e);
		if (cm_env_parse(&e, &a, text, size) == 0 &&
		    cm_interpolate(&e, &a, text, size, &r) == 0 && !r.value)
			abort();
		cm_env_release(&e);
		sg_arena_release(&a);
	}
	return 0;
}

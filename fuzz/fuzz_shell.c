/*
 * fuzz_shell.c: libFuzzer target for the RUN shell model.
 *
 * Parses the input as a RUN script (both here-document modes, and as an
 * unquoted here-document body whose expansions run), then runs
 * every helper the rules use over every command.  Besides the sanitizers'
 * findings, it checks the model's own promises: every offset lies inside
 * the script and an error always comes with a message.
 */
#include "util/compat.h"
#include "dockerfile/shell.h"
#include "dockerfile/pkgmgr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_word(const struct sh_word *w, size_t size)
{
	if (!w->text || w->off > size || w->len > size - w->off)
		abort();
}

static void run(const char *src, size_t size, unsigned int flags)
{
	struct sh_script *s = NULL;
	sg_error err;
	size_t i, j, off = 0;
	int rc;

	sg_error_clear(&err);
	rc = sh_parse(&s, src, size, flags, &off, &err);
	if (rc < 0) {
		if (s || !err.message[0] || off > size)
			abort();
		return;
	}
	(void)sh_sets_pipefail(s);
	for (i = 0; i < s->ncmds; i++) {
		const struct sh_cmd *c = &s->cmds[i];
		struct sh_view v;
		struct sh_args a;
		struct pm_cmd pc;

		if (c->off > size || c->len > size - c->off || c->index != i)
			abort();
		if (c->pipe_len && c->pipe_pos >= c->pipe_len)
			abort();
		for (j = 0; j < c->argc; j++)
			check_word(&c->argv[j], size);
		for (j = 0; j < c->nassign; j++)
			check_word(&c->assign[j], size);
		for (j = 0; j < c->nredir; j++) {
			check_word(&c->redir[j]->target, size);
			if (c->redir[j]->body_off > size ||
			    c->redir[j]->body_len > size - c->redir[j]->body_off)
				abort();
		}
		sh_view_of(&v, c);
		sh_args_parse(&a, &v, NULL);
		if (pm_classify(&pc, c) && pc.npkg > PM_MAX_PKGS)
			abort();
		(void)pm_cleans_cache(c, PM_APT_GET);
		(void)pm_cleans_cache(c, PM_YUM);
		(void)pm_cleans_cache(c, PM_PIP);
	}
	sh_script_free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char buf[64];

	run((const char *)data, size, 0);
	run((const char *)data, size, SH_PARSE_HEREDOC_EXTERNAL);
	run((const char *)data, size, SH_PARSE_EXPANSIONS);
	(void)sh_shebang_interp((const char *)data, size, buf, sizeof(buf));
	return 0;
}

/*
 * check_repo.c: source trees (git commit, directory) and discovery, on real
 * repositories built in the test with build/mkrepo and libgit2.
 */
#include "util/compat.h"
#include "helpers.h"

#include <git2.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/registry.h"
#include "policy/policy.h"
#include "repo/diff.h"
#include "repo/discover.h"
#include "repo/git.h"
#include "repo/source.h"
#include "shipgate/compare.h"
#include "shipgate/result.h"

/* ---- fixtures ------------------------------------------------------------ */

/* A repo with one commit per tree spec; returns the tmp dir (free it). */
static char *repo_of(const char *tag, bool bare, const char *const *spec1,
		     const char *const *spec2, char *repo, size_t size)
{
	char *tmp = t_tmpdir(tag);
	char d1[4096], d2[4096];
	const char *dirs[3] = { d1, NULL, NULL };

	snprintf(d1, sizeof(d1), "%s/tree1", tmp);
	t_mktree(d1, spec1);
	if (spec2) {
		snprintf(d2, sizeof(d2), "%s/tree2", tmp);
		t_mktree(d2, spec2);
		dirs[1] = d2;
	}
	snprintf(repo, size, "%s/repo", tmp);
	t_mkrepo(repo, bare, dirs);
	return tmp;
}

static struct sg_source *open_git(const char *repo, const char *rev)
{
	struct sg_source *src = NULL;
	sg_error err = { 0 };
	int rc = sg_source_open_git(&src, repo, rev, &err);

	ck_assert_msg(rc == 0, "open %s@%s: %s", repo, rev ? rev : "HEAD",
		      err.message);
	return src;
}

static char *read_str(struct sg_source *src, const char *path)
{
	struct sg_buf b = SG_BUF_INIT(1 << 20);
	sg_error err = { 0 };

	ck_assert_msg(sg_source_read(src, path, 1 << 20, &b, &err) == 0,
		      "read %s: %s", path, err.message);
	return b.ptr ? b.ptr : strdup("");
}

/* Discovery as one string "kind path size\n..." plus the result. */
static char *discover_str(struct sg_source *src,
			  const struct repo_discover_opts *o, sg_result **resp)
{
	struct repo_targets t = REPO_TARGETS_INIT;
	struct sg_buf b = SG_BUF_INIT(1 << 24);
	sg_error err = { 0 };
	sg_result *res = NULL;
	size_t i;

	ck_assert_int_eq(sg_result_new(&res), 0);
	ck_assert_msg(repo_discover(src, o, &t, res, &err) == 0, "discover: %s",
		      err.message);
	for (i = 0; i < t.n; i++)
		sg_buf_printf(&b, "%s %s %llu\n",
			      sg_target_kind_name(t.v[i].kind), t.v[i].path,
			      (unsigned long long)t.v[i].size);
	sg_buf_putc(&b, '\0');
	repo_targets_release(&t);
	if (resp)
		*resp = res;
	else
		sg_result_free(res);
	return sg_buf_detach(&b);
}

static size_t count_rule(const sg_result *res, const char *id,
			 const char *path)
{
	size_t i, n = 0;

	for (i = 0; i < sg_findings_count(res->findings); i++) {
		const sg_finding *f = sg_findings_at(res->findings, i);

		if (!strcmp(f->rule->id, id) && sg_streq(f->loc.path, path))
			n++;
	}
	return n;
}

static bool has_note(const sg_result *res, const char *note)
{
	size_t i;

	for (i = 0; i < res->nnotes; i++)
		if (!strcmp(res->notes[i], note))
			return true;
	return false;
}

static const sg_target *find_target(const sg_result *res, const char *path)
{
	size_t i;

	for (i = 0; i < res->ntargets; i++)
		if (!strcmp(res->targets[i].path, path))
			return &res->targets[i];
	return NULL;
}

static const char *const sample[] = {
	"Dockerfile", "FROM alpine:3.20\nUSER app\n",
	"compose.yaml", "services:\n  web:\n    build: .\n",
	"README.md", "# demo\n",
	"docs/Dockerfile.md", "```\nFROM x\n```\n",
	"services/api/Dockerfile.prod", "FROM debian:12\n",
	"services/api/api.Dockerfile", "FROM debian:12\n",
	"services/web/docker-compose.override.yml", "services: {}\n",
	"services/web/Containerfile", "FROM fedora:40\n",
	"a.txt", "file before dir a/ in git order\n",
	"a/Dockerfile", "FROM scratch\n",
	".github/workflows/ci.yml", "services:\n  redis:\n    image: redis\n",
	NULL,
};

static const char *const sample_expected =
	"dockerfile Dockerfile 26\n"
	"dockerfile a/Dockerfile 13\n"
	"compose compose.yaml 30\n"
	"dockerfile services/api/Dockerfile.prod 15\n"
	"dockerfile services/api/api.Dockerfile 15\n"
	"dockerfile services/web/Containerfile 15\n"
	"compose services/web/docker-compose.override.yml 13\n";

/* ---- classification ------------------------------------------------------ */

START_TEST(test_repo_classify_table)
{
	static const struct {
		const char *path;
		enum repo_class want;
	} cases[] = {
		{ "Dockerfile", REPO_CLASS_DOCKERFILE },
		{ "a/b/Dockerfile", REPO_CLASS_DOCKERFILE },
		{ "dockerfile", REPO_CLASS_DOCKERFILE },
		{ "Containerfile", REPO_CLASS_DOCKERFILE },
		{ "Dockerfile.prod", REPO_CLASS_DOCKERFILE },
		{ "Dockerfile.rhel9", REPO_CLASS_DOCKERFILE },
		{ "Dockerfile.1.7", REPO_CLASS_DOCKERFILE },
		{ "Dockerfile-windows", REPO_CLASS_DOCKERFILE },
		{ "Dockerfile_dev", REPO_CLASS_DOCKERFILE },
		{ "Containerfile.debug", REPO_CLASS_DOCKERFILE },
		{ "api.Dockerfile", REPO_CLASS_DOCKERFILE },
		{ "negative.dockerfile", REPO_CLASS_DOCKERFILE },
		{ ".gitpod.Dockerfile", REPO_CLASS_DOCKERFILE },
		{ "x.Containerfile", REPO_CLASS_DOCKERFILE },
		{ "Dockerfile.md", REPO_CLASS_NONE },
		{ "Dockerfile.j2", REPO_CLASS_NONE },
		{ "Dockerfile.template", REPO_CLASS_NONE },
		{ "Dockerfile.bak", REPO_CLASS_NONE },
		{ "Dockerfile.dockerignore", REPO_CLASS_NONE },
		{ "api.Dockerfile.dockerignore", REPO_CLASS_NONE },
		{ "Dockerfile.", REPO_CLASS_NONE },
		{ ".dockerfile", REPO_CLASS_NONE },
		{ "Dockerfiles", REPO_CLASS_NONE },
		{ "MyDockerfile", REPO_CLASS_NONE },
		{ "compose.yaml", REPO_CLASS_COMPOSE },
		{ "compose.yml", REPO_CLASS_COMPOSE },
		{ "compose.override.yml", REPO_CLASS_COMPOSE },
		{ "compose-v3.yaml", REPO_CLASS_COMPOSE },
		{ "docker-compose.yml", REPO_CLASS_COMPOSE },
		{ "docker-compose.yaml", REPO_CLASS_COMPOSE },
		{ "docker-compose.test.override.yml", REPO_CLASS_COMPOSE },
		{ "docker-compose_build.yaml", REPO_CLASS_COMPOSE },
		{ "x/docker-compose-mysql.yml", REPO_CLASS_COMPOSE },
		{ "compose.yaml.tmpl", REPO_CLASS_NONE },
		{ "docker-compose.yml.bak", REPO_CLASS_NONE },
		{ "compose.json", REPO_CLASS_NONE },
		{ "compose..yaml", REPO_CLASS_NONE },
		{ "mycompose.yaml", REPO_CLASS_NONE },
		{ "service.yaml", REPO_CLASS_NONE },
		{ ".github/workflows/ci.yml", REPO_CLASS_NONE },
		{ "composer.yaml", REPO_CLASS_NONE },
		{ "Dockerfile/README", REPO_CLASS_NONE },
	};
	size_t i;

	for (i = 0; i < SG_ARRAY_SIZE(cases); i++)
		ck_assert_msg(repo_classify(cases[i].path) == cases[i].want,
			      "%s: got %d, want %d", cases[i].path,
			      repo_classify(cases[i].path), cases[i].want);
}
END_TEST

/* Every file of the shared corpus is a target by name, and of its kind. */
START_TEST(test_repo_classify_corpus_manifest)
{
	char path[4096], *data, *line, *next;
	size_t n = 0;

	if (t_skip_without_shared("repo_classify_corpus_manifest"))
		return;
	snprintf(path, sizeof(path), "%s/corpus/MANIFEST.tsv", t_shared());
	data = t_read(path, NULL);
	ck_assert_ptr_nonnull(data);
	for (line = data; line && *line; line = next) {
		char *tab1, *tab2, *tab3;
		enum repo_class want;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		tab1 = strchr(line, '\t');
		tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
		tab3 = tab2 ? strchr(tab2 + 1, '\t') : NULL;
		if (!tab3)
			continue;
		*tab1 = *tab2 = *tab3 = '\0';
		if (!strcmp(line, "dockerfiles"))
			want = REPO_CLASS_DOCKERFILE;
		else if (!strcmp(line, "compose"))
			want = REPO_CLASS_COMPOSE;
		else
			continue;
		ck_assert_msg(repo_classify(tab2 + 1) == want,
			      "corpus %s %s not classified as %s", tab1 + 1,
			      tab2 + 1, line);
		n++;
	}
	ck_assert_uint_gt(n, 3000);
	free(data);
}
END_TEST

/* ---- git backend ----------------------------------------------------------- */

START_TEST(test_repo_worktree_and_bare_agree)
{
	char repo[4096], bare[4096];
	char *tmp1 = repo_of("repo-wt", false, sample, NULL, repo, sizeof(repo));
	char *tmp2 = repo_of("repo-bare", true, sample, NULL, bare, sizeof(bare));
	struct sg_source *a = open_git(repo, NULL), *b = open_git(bare, NULL);
	struct sg_source *d = NULL;
	char *sa, *sb, *sd;
	sg_error err = { 0 };

	ck_assert_str_eq(a->commit, b->commit);
	ck_assert_uint_eq(strlen(a->commit), 40);
	sa = discover_str(a, NULL, NULL);
	sb = discover_str(b, NULL, NULL);
	ck_assert_str_eq(sa, sample_expected);
	ck_assert_str_eq(sb, sample_expected);
	/* the checked-out files, read from disk, give the same targets */
	ck_assert_int_eq(sg_source_open_dir(&d, repo, &err), 0);
	ck_assert_ptr_null(d->commit);
	sd = discover_str(d, NULL, NULL);
	ck_assert_str_eq(sd, sample_expected);
	free(sa);
	free(sb);
	free(sd);
	sg_source_free(a);
	sg_source_free(b);
	sg_source_free(d);
	free(tmp1);
	free(tmp2);
}
END_TEST

/* The repository is found from a subdirectory, like git does. */
START_TEST(test_repo_open_searches_upward)
{
	char repo[4096], sub[4200];
	char *tmp = repo_of("repo-up", false, sample, NULL, repo, sizeof(repo));
	struct sg_source *a;
	char *s;

	snprintf(sub, sizeof(sub), "%s/services/api", repo);
	a = open_git(sub, NULL);
	s = read_str(a, "Dockerfile");
	ck_assert_str_eq(s, "FROM alpine:3.20\nUSER app\n");
	free(s);
	sg_source_free(a);
	free(tmp);
}
END_TEST

/* A walk's callback payload: the source walked and what it writes. */
struct walk_reads {
	struct sg_source *src;
	struct sg_buf out;
};

/* The sample as a work tree with its repository, walked with `fn` through
 * the git backend (w[0]) and the dir backend (w[1]).  Returns the
 * temporary directory; walk_both_free() releases the rest. */
static char *walk_both(const char *tag,
		       int (*fn)(const char *, const struct sg_entry *, void *),
		       struct walk_reads w[2])
{
	char repo[4096];
	char *tmp = repo_of(tag, false, sample, NULL, repo, sizeof(repo));
	sg_error err = { 0 };
	int k;

	w[0].src = open_git(repo, NULL);
	ck_assert_int_eq(sg_source_open_dir(&w[1].src, repo, &err), 0);
	for (k = 0; k < 2; k++) {
		sg_buf_init(&w[k].out, 1 << 20);
		ck_assert_int_eq(sg_source_walk(w[k].src, fn, &w[k], &err), 0);
	}
	return tmp;
}

static void walk_both_free(struct walk_reads w[2], char *tmp)
{
	int k;

	for (k = 0; k < 2; k++) {
		sg_buf_release(&w[k].out);
		sg_source_free(w[k].src);
	}
	free(tmp);
}

/* Both backends walk in the same order: per directory, names by strcmp. */
static int collect(const char *path, const struct sg_entry *e, void *payload)
{
	struct walk_reads *w = payload;

	sg_buf_printf(&w->out, "%d %s\n", e->type, path);
	return 0;
}

START_TEST(test_repo_walk_order_matches_dir)
{
	struct walk_reads w[2];
	char *tmp = walk_both("repo-order", collect, w);

	ck_assert_str_eq(sg_buf_cstr(&w[0].out), sg_buf_cstr(&w[1].out));
	/* a directory comes before its contents, "a" before "a.txt" */
	ck_assert_ptr_nonnull(strstr(sg_buf_cstr(&w[0].out),
				     "2 a\n1 a/Dockerfile\n1 a.txt\n"));
	walk_both_free(w, tmp);
}
END_TEST

/* Entries as "type path size" lines. */
static int collect_sized(const char *path, const struct sg_entry *e,
			 void *payload)
{
	struct walk_reads *w = payload;

	sg_buf_printf(&w->out, "%d %s %llu\n", e->type, path,
		      (unsigned long long)e->size);
	return 0;
}

/*
 * A names-only walk of a directory takes types from the listing where the
 * full walk stats every entry: the same entries in the same order with the
 * same types (a fifo is special, a link a link, a directory holding a .git a
 * submodule), only without the sizes.
 */
START_TEST(test_repo_dir_names_walk_agrees)
{
	static const char *const spec[] = {
		"Dockerfile", "FROM a\n",
		"b/compose.yaml", "services: {}\n",
		"b/c/d/Dockerfile.dev", "FROM d\n",
		"link", "-> b",
		"dangling", "-> nowhere",
		"sub/.git/HEAD", "ref: refs/heads/main\n",
		"sub/Dockerfile", "FROM sub\n",
		NULL,
	};
	char *tmp = t_tmpdir("repo-names"), fifo[4200];
	struct walk_reads w[2];
	sg_error err = { 0 };
	const char *full, *names;
	int k;

	git_repository *r = NULL;

	t_mktree(tmp, spec);
	snprintf(fifo, sizeof(fifo), "%s/b/fifo", tmp);
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	/* a work tree of its own: the one the tests run in ignores build/ */
	git_libgit2_init();
	ck_assert_int_eq(git_repository_init(&r, tmp, 0), 0);
	git_repository_free(r);
	git_libgit2_shutdown();
	for (k = 0; k < 2; k++) {
		ck_assert_int_eq(sg_source_open_dir(&w[k].src, tmp, &err), 0);
		sg_buf_init(&w[k].out, 1 << 20);
		ck_assert_int_eq(sg_source_walk_flags(w[k].src,
						      k ? SG_WALK_NAMES : 0,
						      collect_sized, &w[k],
						      &err), 0);
	}
	full = sg_buf_cstr(&w[0].out);
	names = sg_buf_cstr(&w[1].out);
	ck_assert_str_eq(full,
			 "1 Dockerfile 7\n"
			 "2 b 0\n"
			 "2 b/c 0\n"
			 "2 b/c/d 0\n"
			 "1 b/c/d/Dockerfile.dev 7\n"
			 "1 b/compose.yaml 13\n"
			 "5 b/fifo 0\n"
			 "3 dangling 7\n"
			 "3 link 1\n"
			 "4 sub 0\n");
	ck_assert_str_eq(names,
			 "1 Dockerfile 0\n"
			 "2 b 0\n"
			 "2 b/c 0\n"
			 "2 b/c/d 0\n"
			 "1 b/c/d/Dockerfile.dev 0\n"
			 "1 b/compose.yaml 0\n"
			 "5 b/fifo 0\n"
			 "3 dangling 0\n"
			 "3 link 0\n"
			 "4 sub 0\n");
	for (k = 0; k < 2; k++) {
		sg_buf_release(&w[k].out);
		sg_source_free(w[k].src);
	}
	free(tmp);
}
END_TEST

/*
 * A stat or read from inside a walk answers as one outside it: the entry
 * being visited (its own path or another spelling of it) and any other
 * entry.  The git backend answers the visited entry without a lookup.
 */
static void stat_and_read(struct walk_reads *w, const char *path)
{
	struct sg_entry st;
	sg_error err = { 0 };
	char *text;

	ck_assert_int_eq(sg_source_stat(w->src, path, &st, &err), 0);
	sg_buf_printf(&w->out, "  %s: type %d size %llu", path, st.type,
		      (unsigned long long)st.size);
	if (st.type == SG_ENTRY_FILE) {
		text = read_str(w->src, path);
		sg_buf_printf(&w->out, " text %zu", strlen(text));
		free(text);
	}
	sg_buf_putc(&w->out, '\n');
}

static int read_while_walking(const char *path, const struct sg_entry *e,
			      void *payload)
{
	struct walk_reads *w = payload;
	char dotted[4200];

	(void)e;
	sg_buf_printf(&w->out, "%s\n", path);
	stat_and_read(w, path);
	snprintf(dotted, sizeof(dotted), "./%s", path);
	stat_and_read(w, dotted);
	stat_and_read(w, "services/api/Dockerfile.prod");
	return 0;
}

START_TEST(test_repo_stat_and_read_during_walk)
{
	struct walk_reads w[2];
	char *tmp = walk_both("repo-walkread", read_while_walking, w);
	const char *bg = sg_buf_cstr(&w[0].out);

	/* the dir backend also walks .git: compare the sample's files */
	ck_assert_ptr_nonnull(strstr(bg,
		"services/web/Containerfile\n"
		"  services/web/Containerfile: type 1 size 15 text 15\n"
		"  ./services/web/Containerfile: type 1 size 15 text 15\n"
		"  services/api/Dockerfile.prod: type 1 size 15 text 15\n"));
	ck_assert_ptr_nonnull(strstr(sg_buf_cstr(&w[1].out),
		"services/web/Containerfile\n"
		"  services/web/Containerfile: type 1 size 15 text 15\n"));
	ck_assert_ptr_nonnull(strstr(bg,
		"services\n  services: type 2 size 0\n"));
	/* after the walk the visited entry is forgotten: a lookup again */
	stat_and_read(&w[0], "a/Dockerfile");
	ck_assert_ptr_nonnull(strstr(sg_buf_cstr(&w[0].out),
		"  services/api/Dockerfile.prod: type 1 size 15 text 15\n"
		"  a/Dockerfile: type 1 size 13 text 13\n"));
	walk_both_free(w, tmp);
}
END_TEST

START_TEST(test_repo_rev_reads_older_commit)
{
	static const char *const v1[] = {
		"Dockerfile", "FROM alpine:3.19\n", "old/Dockerfile", "FROM a\n",
		NULL,
	};
	static const char *const v2[] = {
		"Dockerfile", "FROM alpine:3.20\n", "new/compose.yml", "x: 1\n",
		NULL,
	};
	char repo[4096];
	char *tmp = repo_of("repo-rev", false, v1, v2, repo, sizeof(repo));
	struct sg_source *head = open_git(repo, NULL);
	struct sg_source *old = open_git(repo, "HEAD~1");
	struct sg_source *byid;
	char *s, *t;

	ck_assert_str_ne(head->commit, old->commit);
	byid = open_git(repo, old->commit);
	ck_assert_str_eq(byid->commit, old->commit);
	s = read_str(old, "Dockerfile");
	ck_assert_str_eq(s, "FROM alpine:3.19\n");
	free(s);
	s = read_str(head, "Dockerfile");
	ck_assert_str_eq(s, "FROM alpine:3.20\n");
	free(s);
	s = discover_str(old, NULL, NULL);
	t = discover_str(byid, NULL, NULL);
	ck_assert_str_eq(s, "dockerfile Dockerfile 17\n"
			    "dockerfile old/Dockerfile 7\n");
	ck_assert_str_eq(s, t);
	free(s);
	free(t);
	s = discover_str(head, NULL, NULL);
	ck_assert_str_eq(s, "dockerfile Dockerfile 17\n"
			    "compose new/compose.yml 5\n");
	free(s);
	ck_assert(!sg_source_exists(head, "old/Dockerfile"));
	sg_source_free(head);
	sg_source_free(old);
	sg_source_free(byid);
	free(tmp);
}
END_TEST

START_TEST(test_repo_open_errors_are_one_line)
{
	char repo[4096], msg[1200];
	char *tmp = repo_of("repo-err", true, sample, NULL, repo, sizeof(repo));
	struct sg_source *src = NULL;
	sg_error err = { 0 };

	ck_assert_int_eq(sg_source_open_git(&src, repo, "no-such-branch", &err),
			 SG_ENOTFOUND);
	ck_assert_ptr_null(src);
	ck_assert_str_eq(sg_error_format(&err, msg, sizeof(msg)),
			 "unknown revision 'no-such-branch'");
	sg_error_clear(&err);
	ck_assert_int_eq(sg_source_open_git(&src, repo, "HEAD^{tree}", &err),
			 SG_EINVALID);
	ck_assert_str_eq(err.message, "revision 'HEAD^{tree}' is not a commit");
	sg_error_clear(&err);
	ck_assert_int_eq(sg_source_open_git(&src, "/", NULL, &err),
			 SG_ENOTFOUND);
	ck_assert_str_eq(err.message, "not a git repository: '/'");
	free(tmp);
}
END_TEST

START_TEST(test_repo_read_errors_name_the_path)
{
	char repo[4096];
	char *tmp = repo_of("repo-rerr", true, sample, NULL, repo, sizeof(repo));
	struct sg_source *g = open_git(repo, NULL);
	struct sg_buf b = SG_BUF_INIT(1 << 20);
	struct sg_entry e;
	sg_error err = { 0 };

	ck_assert_int_eq(sg_source_read(g, "nope/Dockerfile", 1 << 20, &b,
					&err), SG_ENOTFOUND);
	ck_assert_str_eq(err.path, "nope/Dockerfile");
	ck_assert_str_eq(err.message, "no such file in 'HEAD'");
	sg_error_clear(&err);
	ck_assert_int_eq(sg_source_read(g, "services", 1 << 20, &b, &err),
			 SG_EINVALID);
	sg_error_clear(&err);
	ck_assert_int_eq(sg_source_read(g, "../etc/passwd", 1 << 20, &b, &err),
			 SG_EUNSAFE);
	sg_error_clear(&err);
	ck_assert_int_eq(sg_source_read(g, "Dockerfile", 10, &b, &err),
			 SG_ELIMIT);
	ck_assert_str_eq(err.message, "file is 26 bytes, over the 10-byte limit");
	ck_assert_uint_eq(b.len, 0);
	/* stat: "./x" and "a//b" are the same paths as "x" and "a/b" */
	sg_error_clear(&err);
	ck_assert_int_eq(sg_source_stat(g, "./services//api/Dockerfile.prod",
					&e, &err), 0);
	ck_assert_int_eq(e.type, SG_ENTRY_FILE);
	ck_assert_uint_eq(e.size, 15);
	ck_assert_int_eq(sg_source_stat(g, "services", &e, &err), 0);
	ck_assert_int_eq(e.type, SG_ENTRY_DIR);
	ck_assert_int_eq(sg_source_stat(g, "", &e, &err), 0);
	ck_assert_int_eq(e.type, SG_ENTRY_DIR);
	ck_assert_int_eq(sg_source_stat(g, "Dockerfile/x", &e, &err), 0);
	ck_assert_int_eq(e.type, SG_ENTRY_NONE);
	sg_buf_release(&b);
	sg_source_free(g);
	free(tmp);
}
END_TEST

/* ---- git objects made by hand ------------------------------------------ */

static uint32_t adler32(const unsigned char *p, size_t n)
{
	uint32_t a = 1, b = 0;

	while (n--) {
		a = (a + *p++) % 65521;
		b = (b + a) % 65521;
	}
	return (b << 16) | a;
}

/*
 * Write a loose object whose header claims `claimed` bytes but whose body
 * is `body`: a zlib stream of one stored block, so no zlib is needed.
 * Returns its (made-up) id.
 */
static void write_lying_blob(const char *gitdir, const char *hex,
			     uint64_t claimed, const char *body)
{
	unsigned char raw[512], z[600];
	char path[8192];
	size_t n, zn = 0;
	uint32_t ad;
	FILE *f;

	n = (size_t)snprintf((char *)raw, sizeof(raw), "blob %llu",
			     (unsigned long long)claimed) + 1;
	memcpy(raw + n, body, strlen(body));
	n += strlen(body);
	z[zn++] = 0x78;
	z[zn++] = 0x01;
	z[zn++] = 0x01;                 /* final stored block */
	z[zn++] = (unsigned char)(n & 0xff);
	z[zn++] = (unsigned char)(n >> 8);
	z[zn++] = (unsigned char)(~n & 0xff);
	z[zn++] = (unsigned char)((~n >> 8) & 0xff);
	memcpy(z + zn, raw, n);
	zn += n;
	ad = adler32(raw, n);
	z[zn++] = (unsigned char)(ad >> 24);
	z[zn++] = (unsigned char)(ad >> 16);
	z[zn++] = (unsigned char)(ad >> 8);
	z[zn++] = (unsigned char)ad;
	snprintf(path, sizeof(path), "%s/objects/%.2s", gitdir, hex);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/objects/%.2s/%s", gitdir, hex, hex + 2);
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(z, 1, zn, f), zn);
	fclose(f);
}

/* Commit HEAD's tree plus one entry `name` (mode, id) on top of HEAD. */
static void commit_with_entry(const char *repo_path, const char *name,
			      git_filemode_t mode, const char *hex)
{
	git_repository *repo = NULL;
	git_object *head = NULL;
	git_tree *tree = NULL, *newtree = NULL;
	git_treebuilder *tb = NULL;
	git_signature *sig = NULL;
	git_oid id, tree_id, commit_id;

	git_libgit2_init();
	ck_assert_int_eq(git_repository_open(&repo, repo_path), 0);
	ck_assert_int_eq(git_revparse_single(&head, repo, "HEAD^{commit}"), 0);
	ck_assert_int_eq(git_commit_tree(&tree, (git_commit *)head), 0);
	ck_assert_int_eq(git_treebuilder_new(&tb, repo, tree), 0);
	ck_assert_int_eq(git_oid_fromstr(&id, hex), 0);
	/* a gitlink points at a commit that is not in this repository */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 0);
	ck_assert_msg(git_treebuilder_insert(NULL, tb, name, &id, mode) == 0,
		      "insert: %s", git_error_last()->message);
	ck_assert_int_eq(git_treebuilder_write(&tree_id, tb), 0);
	ck_assert_int_eq(git_tree_lookup(&newtree, repo, &tree_id), 0);
	ck_assert_int_eq(git_signature_new(&sig, "t", "t@example.invalid",
					   1767300000, 0), 0);
	ck_assert_int_eq(git_commit_create_v(&commit_id, repo, "HEAD", sig, sig,
					     NULL, "add entry\n", newtree, 1,
					     head), 0);
	git_signature_free(sig);
	git_tree_free(newtree);
	git_treebuilder_free(tb);
	git_tree_free(tree);
	git_object_free(head);
	git_repository_free(repo);
	git_libgit2_shutdown();
}

/* A blob claiming 3 GB is refused by its header: nothing is inflated. */
START_TEST(test_repo_size_cap_uses_object_header)
{
	static const char *const spec[] = { "Dockerfile", "FROM a\n", NULL };
	static const char hex[] = "1111111111111111111111111111111111111111";
	char repo[4096];
	char *tmp = repo_of("repo-huge", true, spec, NULL, repo, sizeof(repo));
	struct sg_buf b = SG_BUF_INIT(1 << 20);
	struct sg_source *g;
	struct sg_entry e;
	sg_error err = { 0 };
	sg_result *res;
	char *s;

	write_lying_blob(repo, hex, 3000000000ULL, "FROM x\n");
	commit_with_entry(repo, "Dockerfile.huge", GIT_FILEMODE_BLOB, hex);
	g = open_git(repo, NULL);
	ck_assert_int_eq(sg_source_stat(g, "Dockerfile.huge", &e, &err), 0);
	ck_assert_int_eq(e.type, SG_ENTRY_FILE);
	ck_assert_uint_eq(e.size, 3000000000ULL);
	ck_assert_int_eq(sg_source_read(g, "Dockerfile.huge", 1 << 20, &b,
					&err), SG_ELIMIT);
	ck_assert_str_eq(err.path, "Dockerfile.huge");
	ck_assert_str_eq(err.message,
			 "file is 3000000000 bytes, over the 1048576-byte limit");
	s = discover_str(g, NULL, &res);
	ck_assert_str_eq(s, "dockerfile Dockerfile 7\n");
	ck_assert_uint_eq(count_rule(res, "SGG001", "Dockerfile.huge"), 1);
	ck_assert_ptr_nonnull(find_target(res, "Dockerfile.huge"));
	ck_assert(!find_target(res, "Dockerfile.huge")->analysed);
	ck_assert(find_target(res, "Dockerfile")->analysed);
	ck_assert_int_eq(sg_result_finish(res), 0);
	ck_assert_int_eq(res->exit_code, SG_EXIT_INPUT);
	free(s);
	sg_result_free(res);
	sg_buf_release(&b);
	sg_source_free(g);
	free(tmp);
}
END_TEST

START_TEST(test_repo_size_cap_option)
{
	static const char *const spec[] = {
		"small/Dockerfile", "FROM a\n",
		"big/Dockerfile", "FROM a\nRUN echo 0123456789012345678901234\n",
		NULL,
	};
	char repo[4096];
	char *tmp = repo_of("repo-cap", false, spec, NULL, repo, sizeof(repo));
	struct sg_source *g = open_git(repo, NULL);
	struct repo_discover_opts o = { .max_size = 20 };
	sg_result *res;
	char *s;

	s = discover_str(g, &o, &res);
	ck_assert_str_eq(s, "dockerfile small/Dockerfile 7\n");
	ck_assert_uint_eq(count_rule(res, "SGG001", "big/Dockerfile"), 1);
	ck_assert_ptr_nonnull(strstr(sg_findings_at(res->findings, 0)->message,
				     "over the 20-byte size cap"));
	free(s);
	sg_result_free(res);
	/* exactly at the cap is fine */
	o.max_size = 42;
	s = discover_str(g, &o, NULL);
	ck_assert_str_eq(s, "dockerfile big/Dockerfile 42\n"
			    "dockerfile small/Dockerfile 7\n");
	free(s);
	sg_source_free(g);
	free(tmp);
}
END_TEST

#define LFS_POINTER "version https://git-lfs.github.com/spec/v1\n" \
	"oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2" \
	"ca24d17e2393\nsize 12345\n"

/* The stage that reads a file finds an LFS pointer; discovery reads none. */
START_TEST(test_repo_lfs_pointer)
{
	static const char *const spec[] = {
		"lfs/Dockerfile", LFS_POINTER,
		"lfs/compose.yaml", LFS_POINTER,
		"ok/Dockerfile", "FROM a\n# version https://git-lfs.github.com/spec/v1\n",
		NULL,
	};
	char repo[4096], json[4200], tree[4200];
	char *tmp = repo_of("repo-lfs", true, spec, NULL, repo, sizeof(repo));
	struct sg_source *g = open_git(repo, NULL);
	const char *scan[] = { "scan", "-q", "--json", json, repo, NULL };
	const char *lint[] = { "lint", "lfs/Dockerfile", "lfs/compose.yaml", NULL };
	char *s = discover_str(g, NULL, NULL), *out = NULL, *err = NULL;

	ck_assert_str_eq(s, "dockerfile lfs/Dockerfile 130\n"
			    "compose lfs/compose.yaml 130\n"
			    "dockerfile ok/Dockerfile 52\n");
	free(s);
	sg_source_free(g);

	/* scan of the commit: both pointers SGG002, not analysed (exit 3) */
	snprintf(json, sizeof(json), "%s/out.json", tmp);
	ck_assert_int_eq(t_run(NULL, NULL, NULL, scan), 3);
	s = t_read(json, NULL);
	ck_assert_ptr_nonnull(strstr(s, "\"path\": \"lfs/Dockerfile\",\n"
					"      \"kind\": \"dockerfile\",\n"
					"      \"analysed\": false"));
	ck_assert_ptr_nonnull(strstr(s, "\"path\": \"lfs/compose.yaml\",\n"
					"      \"kind\": \"compose\",\n"
					"      \"analysed\": false"));
	ck_assert_ptr_nonnull(strstr(s, "\"path\": \"ok/Dockerfile\",\n"
					"      \"kind\": \"dockerfile\",\n"
					"      \"analysed\": true"));
	ck_assert_ptr_null(strstr(s, "SGD001"));
	ck_assert_ptr_null(strstr(s, "SGC081"));
	free(s);

	/* the same files from disk (a checkout without git-lfs) */
	snprintf(tree, sizeof(tree), "%s/tree1", tmp);
	ck_assert_int_eq(t_run(tree, &out, &err, lint), 3);
	ck_assert_str_eq(out, "lfs/Dockerfile: medium SGG002 file is a Git LFS "
			      "pointer, not its content; not analysed\n"
			      "lfs/compose.yaml: medium SGG002 file is a Git LFS "
			      "pointer, not its content; not analysed\n"
			      "targets: 2 scanned (1 dockerfile, 1 compose); 2 "
			      "not analysed: lfs/Dockerfile lfs/compose.yaml\n"
			      "shipgate: error (2 gating of 2 findings; fail-on "
			      "high; an input could not be analysed)\n");
	free(out);
	free(err);

	/* SGG002 turned off: no finding, but still not analysed, both */
	{
		char pol[4300];
		const char *off[] = { "lint", "--policy", pol, "lfs/Dockerfile",
				      "lfs/compose.yaml", NULL };

		snprintf(pol, sizeof(pol), "%s/off.yaml", tmp);
		t_write(pol, "rules:\n  SGG002: off\n");
		ck_assert_int_eq(t_run(tree, &out, &err, off), 0);
		ck_assert_ptr_nonnull(strstr(out, "2 not analysed: lfs/Dockerfile "
						  "lfs/compose.yaml\n"));
		free(out);
		free(err);
	}
	free(tmp);
}
END_TEST

START_TEST(test_repo_symlinked_targets)
{
	static const char *const spec[] = {
		"real/Dockerfile", "FROM a\n",
		"link/Dockerfile", "-> ../real/Dockerfile",
		"esc/Dockerfile", "-> ../../../../etc/passwd",
		"abs/Dockerfile", "-> /etc/passwd",
		"loop/a", "-> b",
		"loop/b", "-> a",
		NULL,
	};
	char repo[4096];
	char *tmp = repo_of("repo-link", true, spec, NULL, repo, sizeof(repo));
	struct sg_source *g = open_git(repo, NULL);
	struct sg_buf b = SG_BUF_INIT(1 << 20);
	struct sg_entry e;
	sg_error err = { 0 };
	sg_result *res;
	char *s;

	/* a target behind a link is a target (the size is the link's): the
	 * stage reads it through the link, inside the tree or not at all;
	 * a link to a file that is a target itself is not a second one */
	s = discover_str(g, NULL, &res);
	ck_assert_str_eq(s, "dockerfile abs/Dockerfile 11\n"
			    "dockerfile esc/Dockerfile 22\n"
			    "dockerfile real/Dockerfile 7\n");
	ck_assert_uint_eq(res->nnotes, 0);
	ck_assert_uint_eq(res->ntargets, 3);
	{
		char real[4096];

		ck_assert_int_eq(sg_source_resolve(g, "link/Dockerfile", real,
						   sizeof(real), &err), 0);
		ck_assert_str_eq(real, "real/Dockerfile");
		ck_assert_int_eq(sg_source_resolve(g, "esc/Dockerfile", real,
						   sizeof(real), &err),
				 SG_EUNSAFE);
		sg_error_clear(&err);
		ck_assert_int_eq(sg_source_resolve(g, "loop/a", real,
						   sizeof(real), &err),
				 SG_EINVALID);
		sg_error_clear(&err);
	}
	free(s);
	sg_result_free(res);
	ck_assert_int_eq(sg_source_stat(g, "link/Dockerfile", &e, &err), 0);
	ck_assert_int_eq(e.type, SG_ENTRY_SYMLINK);
	/* an explicit read resolves inside the tree, never outside */
	s = read_str(g, "link/Dockerfile");
	ck_assert_str_eq(s, "FROM a\n");
	free(s);
	ck_assert_int_eq(sg_source_read(g, "esc/Dockerfile", 1 << 20, &b, &err),
			 SG_EUNSAFE);
	ck_assert_str_eq(err.message, "symlink points outside the repository");
	sg_error_clear(&err);
	ck_assert_int_eq(sg_source_read(g, "abs/Dockerfile", 1 << 20, &b, &err),
			 SG_EUNSAFE);
	sg_error_clear(&err);
	ck_assert_int_eq(sg_source_read(g, "loop/a", 1 << 20, &b, &err),
			 SG_EINVALID);
	ck_assert_uint_eq(b.len, 0);
	sg_buf_release(&b);
	sg_source_free(g);
	free(tmp);
}
END_TEST

/*
 * A directory on the way may be a symlink inside the tree, as a Compose
 * build context often is (`context: svc`, svc -> real/svc): a commit reads
 * through it as the work tree does, never out of the tree.  The git
 * backend used to find nothing there, so the Dockerfile a service builds
 * through the link was never linted.
 */
START_TEST(test_repo_reads_through_linked_directories)
{
	static const char *const spec[] = {
		"real/svc/app.df", "FROM a\n",
		"real/svc/up", "-> ../up.df",
		"real/up.df", "FROM up\n",
		"svc", "-> real/svc",
		"alias", "-> svc",
		"out", "-> ..",
		"self", "-> self",
		NULL,
	};
	char repo[4096], real[4096];
	char *tmp = repo_of("repo-dirlink", false, spec, NULL, repo,
			    sizeof(repo));
	struct sg_source *src[2];
	struct sg_buf b = SG_BUF_INIT(1 << 20);
	struct sg_entry e;
	sg_error err = { 0 };
	int k;
	char *s;

	src[0] = open_git(repo, NULL);
	ck_assert_int_eq(sg_source_open_dir(&src[1], repo, &err), 0);
	for (k = 0; k < 2; k++) {
		struct sg_source *g = src[k];

		ck_assert_int_eq(sg_source_stat(g, "svc/app.df", &e, &err), 0);
		ck_assert_int_eq(e.type, SG_ENTRY_FILE);
		ck_assert_uint_eq(e.size, 7);
		s = read_str(g, "alias/app.df");
		ck_assert_str_eq(s, "FROM a\n");
		free(s);
		/* a link below a linked directory is relative to where it
		 * really is */
		s = read_str(g, "svc/up");
		ck_assert_str_eq(s, "FROM up\n");
		free(s);
		ck_assert_int_eq(sg_source_resolve(g, "alias/up", real,
						   sizeof(real), &err), 0);
		ck_assert_str_eq(real, "real/up.df");
		ck_assert_int_eq(sg_source_resolve(g, "svc/app.df", real,
						   sizeof(real), &err), 0);
		ck_assert_str_eq(real, "real/svc/app.df");
		ck_assert_int_eq(sg_source_stat(g, "svc/nope", &e, &err), 0);
		ck_assert_int_eq(e.type, SG_ENTRY_NONE);
		ck_assert_int_eq(sg_source_stat(g, "real/up.df/x", &e, &err), 0);
		ck_assert_int_eq(e.type, SG_ENTRY_NONE);
		/* the link itself is still a link; it resolves to the
		 * directory it leads to (a Compose build context), while a
		 * read of it is still refused */
		ck_assert_int_eq(sg_source_stat(g, "svc", &e, &err), 0);
		ck_assert_int_eq(e.type, SG_ENTRY_SYMLINK);
		ck_assert_int_eq(sg_source_resolve(g, "svc", real,
						   sizeof(real), &err), 0);
		ck_assert_str_eq(real, "real/svc");
		ck_assert_int_lt(sg_source_read(g, "svc", 1 << 20, &b, &err),
				 0);
		sg_error_clear(&err);
		/* out of the tree: unsafe in a commit; on disk there is no
		 * such file beside the work tree */
		ck_assert_int_eq(sg_source_read(g, "out/etc/passwd", 1 << 20,
						&b, &err),
				 k ? SG_ENOTFOUND : SG_EUNSAFE);
		sg_error_clear(&err);
		ck_assert_int_lt(sg_source_read(g, "self/x", 1 << 20, &b, &err),
				 0);
		sg_error_clear(&err);
		ck_assert_uint_eq(b.len, 0);
	}
	sg_buf_release(&b);
	sg_source_free(src[0]);
	sg_source_free(src[1]);
	free(tmp);
}
END_TEST

/*
 * A Dockerfile a Compose service builds through a linked context
 * (`build: svc`, svc -> real/svc) is the file discovery found at
 * real/svc/Dockerfile: linted once, not once per path.
 */
START_TEST(test_repo_discover_add_through_link_once)
{
	static const char *const spec[] = {
		"real/svc/Dockerfile", "FROM a\n",
		"real/svc/app.df", "FROM b\n",
		"svc", "-> real/svc",
		NULL,
	};
	char repo[4096];
	char *tmp = repo_of("repo-addlink", false, spec, NULL, repo,
			    sizeof(repo));
	struct sg_source *src[2];
	sg_error err = { 0 };
	int k;

	src[0] = open_git(repo, NULL);
	ck_assert_int_eq(sg_source_open_dir(&src[1], repo, &err), 0);
	for (k = 0; k < 2; k++) {
		struct repo_targets t = REPO_TARGETS_INIT;
		sg_result *res = NULL;

		ck_assert_int_eq(sg_result_new(&res), 0);
		ck_assert_int_eq(repo_discover(src[k], NULL, &t, res, &err), 0);
		ck_assert_uint_eq(t.n, 1);
		ck_assert_int_eq(repo_discover_add(src[k], NULL, "svc/Dockerfile",
						   REPO_CLASS_DOCKERFILE, &t,
						   res, &err), 0);
		ck_assert_uint_eq(t.n, 1);
		ck_assert_str_eq(t.v[0].path, "real/svc/Dockerfile");
		/* a file no walk found is added under the name it is built by */
		ck_assert_int_eq(repo_discover_add(src[k], NULL, "svc/app.df",
						   REPO_CLASS_DOCKERFILE, &t,
						   res, &err), 0);
		ck_assert_uint_eq(t.n, 2);
		ck_assert_str_eq(t.v[1].path, "svc/app.df");
		repo_targets_release(&t);
		sg_result_free(res);
	}
	sg_source_free(src[0]);
	sg_source_free(src[1]);
	free(tmp);
}
END_TEST

/*
 * A file is linted as what it is built as.  Dockerfile -> compose.yaml is
 * read by `docker build` as a Dockerfile, and a service may build
 * compose.prod.yaml: linting those files as Compose alone (the link was
 * dropped as a second name of a target; the built file was a target
 * already) never looked at the Dockerfile in them, and a PR with gate: new
 * could change it freely.  A link to a target of its own kind is still
 * dropped.
 */
START_TEST(test_repo_target_of_the_other_kind)
{
	static const char *const spec[] = {
		"compose.yaml", "FROM a\n",
		"Dockerfile", "-> compose.yaml",
		"docker-compose.yml", "-> compose.yaml",
		"compose.prod.yaml", "FROM b\n",
		NULL,
	};
	char repo[4096];
	char *tmp = repo_of("repo-kinds", true, spec, NULL, repo, sizeof(repo));
	struct sg_source *g = open_git(repo, NULL);
	struct repo_targets t = REPO_TARGETS_INIT;
	sg_result *res = NULL;
	sg_error err = { 0 };
	char *s;

	s = discover_str(g, NULL, NULL);
	ck_assert_str_eq(s, "dockerfile Dockerfile 12\n"
			    "compose compose.prod.yaml 7\n"
			    "compose compose.yaml 7\n");
	free(s);
	ck_assert_int_eq(sg_result_new(&res), 0);
	ck_assert_int_eq(repo_discover(g, NULL, &t, res, &err), 0);
	ck_assert_uint_eq(t.n, 3);
	ck_assert_int_eq(repo_discover_add(g, NULL, "compose.prod.yaml",
					   REPO_CLASS_DOCKERFILE, &t, res,
					   &err), 0);
	ck_assert_uint_eq(t.n, 4);
	ck_assert_str_eq(t.v[1].path, "compose.prod.yaml");
	ck_assert_str_eq(t.v[2].path, "compose.prod.yaml");
	ck_assert_int_ne(t.v[1].kind, t.v[2].kind);
	/* once */
	ck_assert_int_eq(repo_discover_add(g, NULL, "compose.prod.yaml",
					   REPO_CLASS_DOCKERFILE, &t, res,
					   &err), 0);
	ck_assert_uint_eq(t.n, 4);
	repo_targets_release(&t);
	sg_result_free(res);
	sg_source_free(g);
	free(tmp);
}
END_TEST

START_TEST(test_repo_submodule_reported)
{
	static const char *const spec[] = {
		"Dockerfile", "FROM a\n", "vendor/keep", "x\n", NULL,
	};
	static const char hex[] = "2222222222222222222222222222222222222222";
	char repo[4096];
	char *tmp = repo_of("repo-sub", true, spec, NULL, repo, sizeof(repo));
	struct sg_buf b = SG_BUF_INIT(1 << 20);
	struct repo_discover_opts o = { 0 };
	const char *ex[] = { "vendor-lib" };
	struct sg_source *g;
	struct sg_entry e;
	sg_error err = { 0 };
	sg_result *res;
	char *s;

	commit_with_entry(repo, "vendor-lib", GIT_FILEMODE_COMMIT, hex);
	g = open_git(repo, NULL);
	ck_assert_int_eq(sg_source_stat(g, "vendor-lib", &e, &err), 0);
	ck_assert_int_eq(e.type, SG_ENTRY_SUBMODULE);
	ck_assert_int_eq(sg_source_read(g, "vendor-lib", 1 << 20, &b, &err),
			 SG_EINVALID);
	ck_assert_str_eq(err.message, "is a submodule");
	ck_assert_int_eq(sg_source_stat(g, "vendor-lib/Dockerfile", &e, &err),
			 0);
	ck_assert_int_eq(e.type, SG_ENTRY_NONE);
	s = discover_str(g, NULL, &res);
	ck_assert_str_eq(s, "dockerfile Dockerfile 7\n");
	ck_assert(has_note(res, "submodule 'vendor-lib' not scanned"));
	ck_assert_uint_eq(count_rule(res, "SGG006", "vendor-lib"), 1);
	ck_assert(sg_rule_submodule.flags & SG_RULE_OFF_BY_DEFAULT);
	free(s);
	sg_result_free(res);
	/* an excluded submodule is not mentioned at all */
	o.exclude[1].v = ex;
	o.exclude[1].n = 1;
	s = discover_str(g, &o, &res);
	ck_assert_uint_eq(res->nnotes, 0);
	ck_assert_uint_eq(sg_findings_count(res->findings), 0);
	free(s);
	sg_result_free(res);
	sg_buf_release(&b);
	sg_source_free(g);
	free(tmp);
}
END_TEST

/* ---- selection ------------------------------------------------------------- */

START_TEST(test_repo_include_exclude)
{
	char repo[4096];
	char *tmp = repo_of("repo-sel", true, sample, NULL, repo, sizeof(repo));
	struct sg_source *g = open_git(repo, NULL);
	struct repo_discover_opts o = { 0 };
	const char *inc[] = { "services/**" };
	const char *inc2[] = { "*.prod", "Containerfile" };
	const char *exc[] = { "api" };
	const char *exc2[] = { "compose*.yaml", "a/" };
	char *s;

	o.include[1].v = inc;
	o.include[1].n = 1;
	s = discover_str(g, &o, NULL);
	ck_assert_str_eq(s, "dockerfile services/api/Dockerfile.prod 15\n"
			    "dockerfile services/api/api.Dockerfile 15\n"
			    "dockerfile services/web/Containerfile 15\n"
			    "compose services/web/docker-compose.override.yml 13\n");
	free(s);
	/* both include lists must match (policy narrows, CLI narrows) */
	o.include[0].v = inc2;
	o.include[0].n = 2;
	s = discover_str(g, &o, NULL);
	ck_assert_str_eq(s, "dockerfile services/api/Dockerfile.prod 15\n"
			    "dockerfile services/web/Containerfile 15\n");
	free(s);
	/* a directory name excludes everything under it */
	o.exclude[0].v = exc;
	o.exclude[0].n = 1;
	s = discover_str(g, &o, NULL);
	ck_assert_str_eq(s, "dockerfile services/web/Containerfile 15\n");
	free(s);
	memset(&o, 0, sizeof(o));
	o.exclude[1].v = exc2;
	o.exclude[1].n = 2;
	s = discover_str(g, &o, NULL);
	ck_assert_str_eq(s, "dockerfile Dockerfile 26\n"
			    "dockerfile services/api/Dockerfile.prod 15\n"
			    "dockerfile services/api/api.Dockerfile 15\n"
			    "dockerfile services/web/Containerfile 15\n"
			    "compose services/web/docker-compose.override.yml 13\n");
	free(s);
	sg_source_free(g);
	free(tmp);
}
END_TEST

START_TEST(test_repo_shards_partition)
{
	const char *spec[2 * 60 + 1];
	char names[60][64], repo[4096], *tmp, *all, *parts[4];
	struct repo_discover_opts o = { 0 };
	struct sg_buf joined = SG_BUF_INIT(1 << 20);
	struct sg_source *g;
	unsigned int k, n = 4, sizes[5] = { 0 };
	size_t i;

	for (i = 0; i < 60; i++) {
		snprintf(names[i], sizeof(names[i]), "svc%02zu/%s", i,
			 i % 3 ? "Dockerfile" : "compose.yaml");
		spec[2 * i] = names[i];
		spec[2 * i + 1] = "FROM a\n";
	}
	spec[120] = NULL;
	tmp = repo_of("repo-shard", true, spec, NULL, repo, sizeof(repo));
	g = open_git(repo, NULL);
	all = discover_str(g, NULL, NULL);
	o.shards = n;
	for (k = 1; k <= n; k++) {
		o.shard = k;
		parts[k - 1] = discover_str(g, &o, NULL);
	}
	/* every target in exactly one shard: the shards' lines, sorted, are
	 * the whole list */
	for (i = 0; i < 60; i++) {
		char line[128];
		unsigned int hits = 0;

		snprintf(line, sizeof(line), "%s %s 7\n",
			 i % 3 ? "dockerfile" : "compose", names[i]);
		ck_assert_ptr_nonnull(strstr(all, line));
		for (k = 0; k < n; k++)
			if (strstr(parts[k], line)) {
				hits++;
				sizes[k]++;
			}
		ck_assert_msg(hits == 1, "%s in %u shards", names[i], hits);
		ck_assert_uint_eq(repo_shard_of(names[i], n),
				  strstr(parts[repo_shard_of(names[i], n) - 1],
					 line) ? repo_shard_of(names[i], n) : 0);
	}
	/* a usable spread: no shard empty */
	for (k = 0; k < n; k++)
		ck_assert_msg(sizes[k] > 0, "shard %u empty", k + 1);
	for (k = 0; k < n; k++)
		free(parts[k]);
	free(all);
	sg_buf_release(&joined);
	sg_source_free(g);
	free(tmp);
}
END_TEST

START_TEST(test_repo_shard_parse_and_stability)
{
	unsigned int k = 0, n = 0;
	sg_error err = { 0 };

	ck_assert_int_eq(repo_shard_parse("2/5", &k, &n, &err), 0);
	ck_assert_uint_eq(k, 2);
	ck_assert_uint_eq(n, 5);
	ck_assert_int_eq(repo_shard_parse("0/5", &k, &n, &err), SG_EUSAGE);
	ck_assert_str_eq(err.message, "invalid shard '0/5': expected K/N with "
				      "1 <= K <= N <= 10000");
	sg_error_clear(&err);
	ck_assert_int_eq(repo_shard_parse("6/5", &k, &n, &err), SG_EUSAGE);
	sg_error_clear(&err);
	ck_assert_int_eq(repo_shard_parse("5", &k, &n, &err), SG_EUSAGE);
	sg_error_clear(&err);
	ck_assert_int_eq(repo_shard_parse("1/x", &k, &n, &err), SG_EUSAGE);
	/* depends on the path only: known values pin the hash down */
	ck_assert_uint_eq(repo_shard_of("anything", 1), 1);
	ck_assert_uint_eq(repo_shard_of("Dockerfile", 7),
			  repo_shard_of("Dockerfile", 7));
	ck_assert_uint_ne(repo_shard_of("a/Dockerfile", 1000),
			  repo_shard_of("b/Dockerfile", 1000));
}
END_TEST

/* ---- directory backend ----------------------------------------------------- */

START_TEST(test_repo_dir_refuses_escapes)
{
	char *tmp = t_tmpdir("repo-dir");
	char root[4200];
	static const char *const spec[] = {
		"root/Dockerfile", "FROM a\n",
		"root/in/Dockerfile", "-> ../Dockerfile",
		"root/out/Dockerfile", "-> ../../secret",
		"root/outdir", "-> ..",
		"root/abs", "-> /etc",
		"secret", "top secret\n",
		NULL,
	};
	struct sg_buf b = SG_BUF_INIT(1 << 20);
	struct sg_source *d = NULL;
	struct sg_entry e;
	sg_error err = { 0 };
	char *s;

	t_mktree(tmp, spec);
	snprintf(root, sizeof(root), "%s/root", tmp);
	ck_assert_int_eq(sg_source_open_dir(&d, root, &err), 0);
	ck_assert_int_eq(sg_source_read(d, "../secret", 1 << 20, &b, &err),
			 SG_EUNSAFE);
	sg_error_clear(&err);
	ck_assert_int_eq(sg_source_read(d, "in/../../secret", 1 << 20, &b,
					&err), SG_EUNSAFE);
	sg_error_clear(&err);
	ck_assert_int_eq(sg_source_read(d, "out/Dockerfile", 1 << 20, &b,
					&err), SG_EUNSAFE);
	ck_assert_str_eq(err.path, "out/Dockerfile");
	sg_error_clear(&err);
	/* a symlinked directory on the way out is refused too */
	ck_assert_int_eq(sg_source_read(d, "outdir/secret", 1 << 20, &b, &err),
			 SG_EUNSAFE);
	sg_error_clear(&err);
	ck_assert_int_eq(sg_source_stat(d, "outdir/secret", &e, &err),
			 SG_EUNSAFE);
	sg_error_clear(&err);
	ck_assert_int_eq(sg_source_read(d, "abs/passwd", 1 << 20, &b, &err),
			 SG_EUNSAFE);
	ck_assert_uint_eq(b.len, 0);
	sg_error_clear(&err);
	/* inside the root, a link reads through */
	s = read_str(d, "in/Dockerfile");
	ck_assert_str_eq(s, "FROM a\n");
	free(s);
	ck_assert_int_eq(sg_source_stat(d, "in/Dockerfile", &e, &err), 0);
	ck_assert_int_eq(e.type, SG_ENTRY_SYMLINK);
	ck_assert_int_eq(sg_source_stat(d, "outdir", &e, &err), 0);
	ck_assert_int_eq(e.type, SG_ENTRY_SYMLINK);
	{
		char real[4096];

		ck_assert_int_eq(sg_source_resolve(d, "in/Dockerfile", real,
						   sizeof(real), &err), 0);
		ck_assert_str_eq(real, "Dockerfile");
		ck_assert_int_eq(sg_source_resolve(d, "out/Dockerfile", real,
						   sizeof(real), &err),
				 SG_EUNSAFE);
		sg_error_clear(&err);
	}
	s = discover_str(d, NULL, NULL);
	ck_assert_str_eq(s, "dockerfile Dockerfile 7\n");
	free(s);
	sg_buf_release(&b);
	sg_source_free(d);
	free(tmp);
}
END_TEST

/*
 * The directory source answers stat() and read() of an ordinary file from
 * a directory opened beneath the root (openat2), and everything else on
 * the careful path of real paths: with the fast path off, every answer is
 * the same, and the links the kernel's check refuses but the root holds
 * (an absolute link back inside, a relative one that climbs out and back)
 * still read.
 */
START_TEST(test_repo_dir_fast_path_agrees)
{
	static const char *const paths[] = {
		"Dockerfile", "sub/Dockerfile", "sub/link.df", "abs/Dockerfile",
		"up/Dockerfile", "rel/Dockerfile", "rel/link.df", "out/secret",
		"abs", "sub", "rel", "fifo", "Dockerfile/x", "missing/x",
		"sub/missing", "nested", "nested/.git/HEAD", "loop", "loop/x",
		"", ".", "../secret", "sub/../Dockerfile", "./sub//Dockerfile",
		"x/../../secret", NULL,
	};
	char *tmp = t_tmpdir("repo-fast");
	char root[4200], link[4300], target[4300];
	const char *spec[] = {
		"root/Dockerfile", "FROM top\n",
		"root/sub/Dockerfile", "FROM sub\n",
		"root/sub/link.df", "-> ../Dockerfile",
		"root/up", "-> ../root/sub",
		"root/rel", "-> sub",
		"root/out", "-> ..",
		"root/loop", "-> loop",
		"root/nested/.git/HEAD", "ref: refs/heads/main\n",
		"secret", "top secret\n",
		NULL,
	};
	struct sg_source *src[2];
	sg_error err[2];
	int k, rc[2];
	size_t i;

	t_mktree(tmp, spec);
	snprintf(root, sizeof(root), "%s/root", tmp);
	/* abs -> <root>/sub: an absolute link that stays inside */
	snprintf(link, sizeof(link), "%s/abs", root);
	snprintf(target, sizeof(target), "%s/sub", root);
	ck_assert_int_eq(symlink(target, link), 0);
	snprintf(target, sizeof(target), "%s/fifo", root);
	ck_assert_int_eq(mkfifo(target, 0600), 0);
	for (k = 0; k < 2; k++) {
		memset(&err[k], 0, sizeof(err[k]));
		ck_assert_int_eq(sg_source_open_dir(&src[k], root, &err[k]), 0);
	}
	repo_dir_set_fast(src[1], false);
	for (i = 0; paths[i]; i++) {
		struct sg_buf b[2] = { SG_BUF_INIT(1 << 20), SG_BUF_INIT(1 << 20) };
		struct sg_entry e[2];

		for (k = 0; k < 2; k++) {
			sg_error_clear(&err[k]);
			rc[k] = sg_source_stat(src[k], paths[i], &e[k], &err[k]);
		}
		ck_assert_msg(rc[0] == rc[1] && e[0].type == e[1].type &&
			      e[0].size == e[1].size &&
			      e[0].executable == e[1].executable &&
			      !strcmp(err[0].message, err[1].message),
			      "stat %s: %d/%d type %d/%d %s/%s", paths[i],
			      rc[0], rc[1], e[0].type, e[1].type,
			      err[0].message, err[1].message);
		for (k = 0; k < 2; k++) {
			sg_error_clear(&err[k]);
			rc[k] = sg_source_read(src[k], paths[i], 1 << 20, &b[k],
					       &err[k]);
		}
		ck_assert_msg(rc[0] == rc[1] && b[0].len == b[1].len &&
			      (!b[0].len || !memcmp(b[0].ptr, b[1].ptr,
						    b[0].len)) &&
			      !strcmp(err[0].path, err[1].path) &&
			      !strcmp(err[0].message, err[1].message),
			      "read %s: %d/%d '%s'/'%s' %s: %s / %s: %s",
			      paths[i], rc[0], rc[1], sg_buf_cstr(&b[0]),
			      sg_buf_cstr(&b[1]), err[0].path, err[0].message,
			      err[1].path, err[1].message);
		/* what each answer is, not only that the two agree */
		if (!strcmp(paths[i], "abs/Dockerfile") ||
		    !strcmp(paths[i], "up/Dockerfile") ||
		    !strcmp(paths[i], "rel/Dockerfile"))
			ck_assert_str_eq(sg_buf_cstr(&b[0]), "FROM sub\n");
		if (!strcmp(paths[i], "rel/link.df"))
			ck_assert_str_eq(sg_buf_cstr(&b[0]), "FROM top\n");
		if (!strcmp(paths[i], "out/secret") ||
		    !strcmp(paths[i], "../secret"))
			ck_assert_int_eq(rc[0], SG_EUNSAFE);
		if (!strcmp(paths[i], "missing/x") ||
		    !strcmp(paths[i], "sub/missing"))
			ck_assert_int_eq(rc[0], SG_ENOTFOUND);
		if (!strcmp(paths[i], "fifo") || !strcmp(paths[i], "sub"))
			ck_assert_int_lt(rc[0], 0);
		if (!strcmp(paths[i], "nested"))
			ck_assert_int_eq(e[0].type, SG_ENTRY_SUBMODULE);
		sg_buf_release(&b[0]);
		sg_buf_release(&b[1]);
	}
	sg_source_free(src[0]);
	sg_source_free(src[1]);
	free(tmp);
}
END_TEST

/*
 * Stats the caller made already (lint's of the files it was named): the
 * source and its forks answer a stat of those regular files from them (a
 * size the disk does not have shows it), a read still reads the disk, and
 * what is no regular file, or not known, is asked of the disk.
 */
START_TEST(test_repo_dir_known_stats)
{
	char *tmp = t_tmpdir("repo-known");
	const char *spec[] = {
		"a/compose.yaml", "services: {}\n",
		"b/Dockerfile", "FROM b\n",
		NULL,
	};
	const char *paths[] = { "a/compose.yaml", "./b/Dockerfile", "b/gone" };
	const struct sg_entry known[] = {
		{ SG_ENTRY_FILE, 999, true },
		{ SG_ENTRY_FILE, 7, false },
		{ SG_ENTRY_SYMLINK, 4, false }, /* no regular file: passed over */
	};
	const struct sg_entry later = { SG_ENTRY_FILE, 5, false };
	struct sg_source *src, *fork[1];
	struct sg_buf b = SG_BUF_INIT(1 << 20);
	struct sg_entry e;
	sg_error err;
	int k;

	t_mktree(tmp, spec);
	ck_assert_int_eq(sg_source_open_dir(&src, tmp, &err), 0);
	ck_assert_int_eq(sg_source_dir_know(src, paths, known, 3), 0);
	ck_assert_int_eq(sg_source_threads_open(fork, 1, src, &err), 0);
	for (k = 0; k < 2; k++) {
		struct sg_source *s = k ? fork[0] : src;

		ck_assert_int_eq(sg_source_stat(s, "a/compose.yaml", &e, &err), 0);
		ck_assert_int_eq(e.type, SG_ENTRY_FILE);
		ck_assert_uint_eq(e.size, 999);
		ck_assert(e.executable);
		ck_assert_int_eq(sg_source_stat(s, "b/Dockerfile", &e, &err), 0);
		ck_assert_uint_eq(e.size, 7);
		ck_assert_int_eq(sg_source_stat(s, "b/gone", &e, &err), 0);
		ck_assert_int_eq(e.type, SG_ENTRY_NONE);
		sg_buf_clear(&b);
		ck_assert_int_eq(sg_source_read(s, "a/compose.yaml", 1 << 20, &b,
						&err), 0);
		ck_assert_str_eq(sg_buf_cstr(&b), "services: {}\n");
	}
	sg_source_threads_free(fork, 1);
	/* a second table is ignored: the first stands */
	ck_assert_int_eq(sg_source_dir_know(src, paths, &later, 1), 0);
	ck_assert_int_eq(sg_source_stat(src, "a/compose.yaml", &e, &err), 0);
	ck_assert_uint_eq(e.size, 999);
	sg_buf_release(&b);
	sg_source_free(src);
	free(tmp);
}
END_TEST

/*
 * A stat the caller made (lint's, of the files it was given) lets a read
 * open the file by its whole path beneath the root; a tree that changed
 * since, a directory or the file now a link out of the root, is refused
 * and nothing outside is read.
 */
START_TEST(test_repo_dir_known_cannot_leave_root)
{
	char *tmp = t_tmpdir("repo-known-out"), root[PATH_MAX];
	const char *spec[] = {
		"root/x/compose.yaml", "services: {}\n",
		"outside/compose.yaml", "services: {secret: {}}\n",
		"root/a", "-> ../outside",
		"root/x/link.yaml", "-> ../../outside/compose.yaml",
		NULL,
	};
	const char *paths[] = { "x/compose.yaml", "a/compose.yaml",
				"x/link.yaml" };
	const struct sg_entry known[] = {
		{ SG_ENTRY_FILE, 13, false },
		{ SG_ENTRY_FILE, 23, false },   /* as if stat'd before the change */
		{ SG_ENTRY_FILE, 23, false },
	};
	struct sg_source *src;
	struct sg_buf b = SG_BUF_INIT(1 << 20);
	sg_error err;
	size_t i;
	int rc;

	t_mktree(tmp, spec);
	snprintf(root, sizeof(root), "%s/root", tmp);
	ck_assert_int_eq(sg_source_open_dir(&src, root, &err), 0);
	ck_assert_int_eq(sg_source_dir_know(src, paths, known, 3), 0);
	ck_assert_int_eq(sg_source_read(src, "x/compose.yaml", 1 << 20, &b,
					&err), 0);
	ck_assert_str_eq(sg_buf_cstr(&b), "services: {}\n");
	for (i = 1; i < 3; i++) {
		sg_buf_clear(&b);
		sg_error_clear(&err);
		rc = sg_source_read(src, paths[i], 1 << 20, &b, &err);
		/* the directory: as without the stat; the file swapped for a
		 * link: not followed (O_NOFOLLOW), whatever it points at */
		ck_assert_msg(i == 1 ? rc == SG_EUNSAFE : rc < 0, "%s: %d %s",
			      paths[i], rc, err.message);
		ck_assert_msg(!strstr(sg_buf_cstr(&b), "secret"), "%s read %s",
			      paths[i], sg_buf_cstr(&b));
		ck_assert_str_eq(err.path, paths[i]);
	}
	sg_buf_release(&b);
	sg_source_free(src);
	free(tmp);
}
END_TEST

/*
 * Threads reading one tree: each gets a fork of its own (no lock).  A
 * directory's keeps the root's rules; a git tree's opens the repository
 * again (libgit2's is one thread's at a time) and sees the same commit,
 * narrowed to the same subtree, while the others read at the same time.
 */
START_TEST(test_repo_thread_sources)
{
	char *tmp = t_tmpdir("repo-threads"), root[4200], repo[4096];
	static const char *const spec[] = {
		"root/Dockerfile", "FROM a\n",
		"root/out/Dockerfile", "-> ../../secret",
		"secret", "top secret\n",
		NULL,
	};
	char *tmp2 = repo_of("repo-threads-git", false, sample, NULL, repo,
			     sizeof(repo));
	struct sg_source *d = NULL, *g = open_git(repo, NULL), *v[3];
	struct sg_buf b = SG_BUF_INIT(1 << 20);
	sg_error err = { 0 };
	size_t k;
	char *s;

	t_mktree(tmp, spec);
	snprintf(root, sizeof(root), "%s/root", tmp);
	ck_assert_int_eq(sg_source_open_dir(&d, root, &err), 0);
	ck_assert_int_eq(sg_source_threads_open(v, 3, d, &err), 0);
	ck_assert_ptr_ne(v[0], v[1]);
	ck_assert_ptr_ne(v[1], v[2]);
	for (k = 0; k < 3; k++) {
		ck_assert_ptr_ne(v[k], d);
		ck_assert_str_eq(v[k]->root, d->root);
		s = read_str(v[k], "Dockerfile");
		ck_assert_str_eq(s, "FROM a\n");
		free(s);
		ck_assert_int_eq(sg_source_read(v[k], "out/Dockerfile", 1 << 20,
						&b, &err), SG_EUNSAFE);
		sg_error_clear(&err);
	}
	sg_source_threads_free(v, 3);
	ck_assert_ptr_null(v[0]);
	/* the forks are gone, the source they came from still reads */
	s = read_str(d, "Dockerfile");
	ck_assert_str_eq(s, "FROM a\n");
	free(s);

	ck_assert_int_eq(sg_source_threads_open(v, 3, g, &err), 0);
	ck_assert_ptr_ne(v[0], g);
	ck_assert_ptr_ne(v[0], v[1]);
	ck_assert_ptr_ne(v[1], v[2]);
	ck_assert_ptr_ne(repo_git_repository(v[0]), repo_git_repository(g));
	ck_assert_ptr_ne(repo_git_repository(v[0]), repo_git_repository(v[1]));
	for (k = 0; k < 3; k++) {
		ck_assert_str_eq(v[k]->commit, g->commit);
		s = read_str(v[k], "services/api/Dockerfile.prod");
		ck_assert_str_eq(s, "FROM debian:12\n");
		free(s);
	}
	sg_source_threads_free(v, 3);
	/* the source they came from still reads */
	s = read_str(g, "Dockerfile");
	ck_assert_str_eq(s, "FROM alpine:3.20\nUSER app\n");
	free(s);
	/* a narrowed tree forks narrowed: paths are under the prefix */
	ck_assert_int_eq(repo_git_narrow(g, "services/", &err), 0);
	ck_assert_int_eq(sg_source_threads_open(v, 2, g, &err), 0);
	for (k = 0; k < 2; k++) {
		ck_assert_str_eq(repo_git_prefix(v[k]), "services/");
		s = read_str(v[k], "api/api.Dockerfile");
		ck_assert_str_eq(s, "FROM debian:12\n");
		free(s);
		ck_assert_int_eq(sg_source_read(v[k], "Dockerfile", 1 << 20, &b,
						&err), SG_ENOTFOUND);
		sg_error_clear(&err);
	}
	sg_source_threads_free(v, 2);
	sg_buf_release(&b);
	sg_source_free(d);
	sg_source_free(g);
	free(tmp);
	free(tmp2);
}
END_TEST

/*
 * `lint -`: one file from memory over a tree.  The overlay answers for its
 * path (stat, read, resolve, the size cap in the words of a file on disk)
 * and passes every other path through; its thread sources overlay forks
 * of the tree, a directory or a git tree.
 */
START_TEST(test_repo_overlay_source)
{
	char *tmp = t_tmpdir("repo-overlay"), root[4200], repo[4096];
	static const char *const spec[] = {
		"root/Dockerfile", "FROM disk\n",
		"root/sub/.env", "A=1\n",
		"root/out/Dockerfile", "-> ../../secret",
		"secret", "top secret\n",
		NULL,
	};
	static const char text[] = "FROM stdin\n";
	char *tmp2 = repo_of("repo-overlay-git", false, sample, NULL, repo,
			     sizeof(repo));
	struct sg_source *d = NULL, *g = open_git(repo, NULL), *o = NULL, *v[3];
	struct sg_buf b = SG_BUF_INIT(1 << 20);
	struct sg_entry e;
	sg_error err = { 0 };
	char out[64];
	size_t k;
	char *s;

	t_mktree(tmp, spec);
	snprintf(root, sizeof(root), "%s/root", tmp);
	ck_assert_int_eq(sg_source_open_dir(&d, root, &err), 0);
	ck_assert_int_eq(sg_source_open_overlay(&o, d, "sub/Dockerfile", text,
						sizeof(text) - 1, &err), 0);
	s = read_str(o, "sub/Dockerfile");
	ck_assert_str_eq(s, "FROM stdin\n");
	free(s);
	ck_assert_int_eq(sg_source_stat(o, "sub/Dockerfile", &e, &err), 0);
	ck_assert_int_eq(e.type, SG_ENTRY_FILE);
	ck_assert_uint_eq(e.size, sizeof(text) - 1);
	ck_assert_int_eq(sg_source_resolve(o, "sub/Dockerfile", out,
					   sizeof(out), &err), 0);
	ck_assert_str_eq(out, "sub/Dockerfile");
	ck_assert_int_eq(sg_source_read(o, "sub/Dockerfile", 4, &b, &err),
			 SG_ELIMIT);
	ck_assert_str_eq(err.message, "file is over the 4-byte limit");
	ck_assert_str_eq(err.path, "sub/Dockerfile");
	sg_error_clear(&err);
	/* the neighbours and the file it shadows nowhere else are the disk's */
	s = read_str(o, "sub/.env");
	ck_assert_str_eq(s, "A=1\n");
	free(s);
	s = read_str(o, "Dockerfile");
	ck_assert_str_eq(s, "FROM disk\n");
	free(s);
	ck_assert_int_eq(sg_source_read(o, "out/Dockerfile", 1 << 20, &b, &err),
			 SG_EUNSAFE);
	sg_error_clear(&err);
	ck_assert_int_eq(sg_source_threads_open(v, 3, o, &err), 0);
	ck_assert_ptr_ne(v[0], v[1]);
	for (k = 0; k < 3; k++) {
		s = read_str(v[k], "sub/Dockerfile");
		ck_assert_str_eq(s, "FROM stdin\n");
		free(s);
	}
	sg_source_threads_free(v, 3);
	sg_source_free(o);

	/* over a git tree: each thread's overlays a fork of the repository */
	ck_assert_int_eq(sg_source_open_overlay(&o, g, "x/compose.yaml", text,
						sizeof(text) - 1, &err), 0);
	ck_assert_int_eq(sg_source_threads_open(v, 3, o, &err), 0);
	ck_assert_ptr_ne(v[0], v[2]);
	s = read_str(v[1], "x/compose.yaml");
	ck_assert_str_eq(s, "FROM stdin\n");
	free(s);
	s = read_str(v[1], "services/api/Dockerfile.prod");
	ck_assert_str_eq(s, "FROM debian:12\n");
	free(s);
	sg_source_threads_free(v, 3);
	sg_source_free(o);
	sg_buf_release(&b);
	sg_source_free(d);
	sg_source_free(g);
	free(tmp);
	free(tmp2);
}
END_TEST

/* A checked-out submodule (a directory with a .git) is not walked into. */
START_TEST(test_repo_dir_submodule_checkout)
{
	char *tmp = t_tmpdir("repo-dirsub");
	static const char *const spec[] = {
		"Dockerfile", "FROM a\n",
		"lib/.git", "gitdir: ../.git/modules/lib\n",
		"lib/Dockerfile", "FROM b\n",
		NULL,
	};
	struct sg_source *d = NULL;
	struct sg_entry e;
	sg_error err = { 0 };
	sg_result *res;
	char *s;

	t_mktree(tmp, spec);
	ck_assert_int_eq(sg_source_open_dir(&d, tmp, &err), 0);
	ck_assert_int_eq(sg_source_stat(d, "lib", &e, &err), 0);
	ck_assert_int_eq(e.type, SG_ENTRY_SUBMODULE);
	s = discover_str(d, NULL, &res);
	ck_assert_str_eq(s, "dockerfile Dockerfile 7\n");
	ck_assert(has_note(res, "submodule 'lib' not scanned"));
	free(s);
	sg_result_free(res);
	sg_source_free(d);
	free(tmp);
}
END_TEST

/* --worktree: what git ignores and does not track is not walked. */
START_TEST(test_repo_dir_skips_ignored_untracked)
{
	static const char *const spec[] = {
		".gitignore", "node_modules/\nvendor/\ngen/\n",
		"Dockerfile", "FROM a\n",
		"vendor/Dockerfile", "FROM tracked-anyway\n",
		/* tracked link into a directory git ignores */
		"app/Dockerfile", "-> ../gen/Dockerfile",
		NULL,
	};
	static const char *const untracked[] = {
		"node_modules/left-pad/Dockerfile", "FROM node\n",
		"new/compose.yaml", "services: {}\n",
		"gen/Dockerfile", "FROM generated\n",
		NULL,
	};
	char repo[4096], sub[4200];
	char *tmp = repo_of("repo-ign", false, spec, NULL, repo, sizeof(repo));
	struct sg_source *d = NULL;
	sg_error err = { 0 };
	char *s;

	t_mktree(repo, untracked);
	ck_assert_int_eq(sg_source_open_dir(&d, repo, &err), 0);
	s = discover_str(d, NULL, NULL);
	/* the walk passes gen/ over, so the link is the only way to that
	 * file: it is linted through the link, not dropped as a duplicate */
	ck_assert_str_eq(s, "dockerfile Dockerfile 7\n"
			    "dockerfile app/Dockerfile 17\n"
			    "compose new/compose.yaml 13\n"
			    "dockerfile vendor/Dockerfile 20\n");
	free(s);
	s = read_str(d, "app/Dockerfile");
	ck_assert_str_eq(s, "FROM generated\n");
	free(s);
	/* still readable by name */
	s = read_str(d, "node_modules/left-pad/Dockerfile");
	ck_assert_str_eq(s, "FROM node\n");
	free(s);
	sg_source_free(d);
	/* the same from a subdirectory of the work tree */
	snprintf(sub, sizeof(sub), "%s/new", repo);
	t_mktree(sub, untracked);
	ck_assert_int_eq(sg_source_open_dir(&d, sub, &err), 0);
	s = discover_str(d, NULL, NULL);
	ck_assert_str_eq(s, "compose compose.yaml 13\n"
			    "compose new/compose.yaml 13\n");
	free(s);
	sg_source_free(d);
	free(tmp);
}
END_TEST

/* ---- PR mode: base vs head ---------------------------------------------- */

static const sg_rule rule_run = {
	.id = "SGT900", .name = "test-run", .title = "RUN line", .help = "t",
	.stage = SG_STAGE_DOCKERFILE, .practice = SG_PRACTICE_MINIMAL_IMAGE,
	.severity = SG_SEVERITY_HIGH,
};

/* A stand-in linter: one finding per "RUN" line of every discovered target,
 * keyed on the line's text, as real rules key on the offending line. */
static sg_result *lint_source(struct sg_source *src)
{
	struct repo_targets t = REPO_TARGETS_INIT;
	sg_error err = { 0 };
	sg_result *res = NULL;
	size_t i;

	ck_assert_int_eq(sg_result_new(&res), 0);
	ck_assert_int_eq(repo_discover(src, NULL, &t, res, &err), 0);
	for (i = 0; i < t.n; i++) {
		char *text = read_str(src, t.v[i].path), *line, *next;
		uint32_t no = 1;

		for (line = text; line && *line; line = next, no++) {
			sg_location loc = { .path = t.v[i].path, .line = no };

			next = strchr(line, '\n');
			if (next)
				*next++ = '\0';
			if (sg_startswith(line, "RUN "))
				ck_assert_ptr_nonnull(sg_findings_add(
					res->findings, &rule_run, &loc, line,
					"%s", line));
		}
		free(text);
	}
	repo_targets_release(&t);
	return res;
}

static const char *state_of(const sg_result *res, const char *path,
			    const char *key)
{
	size_t i;

	for (i = 0; i < sg_findings_count(res->findings); i++) {
		const sg_finding *f = sg_findings_at(res->findings, i);

		if (sg_streq(f->loc.path, path) && !strcmp(f->key, key))
			return sg_baseline_state_name(f->baseline);
	}
	return "missing";
}

static size_t count_state(const sg_result *res, sg_baseline_state st)
{
	size_t i, n = 0;

	for (i = 0; i < sg_findings_count(res->findings); i++)
		n += sg_findings_at(res->findings, i)->baseline == st;
	return n;
}

static const char *const pr_base[] = {
	"a/Dockerfile", "FROM x\nRUN one\nRUN two\n",
	"old/Dockerfile", "FROM y\nRUN gone\n",
	"svc/Dockerfile.base",
	"FROM z\nRUN keep1 && a long enough line to be similar\n"
	"RUN keep2 && a long enough line to be similar\n"
	"RUN keep3 && a long enough line to be similar\n",
	NULL,
};
static const char *const pr_head[] = {
	"a/Dockerfile", "FROM x\n# edited above\nRUN two\nRUN three\n",
	"moved/Dockerfile",
	"FROM z\n# moved, and edited above\n"
	"RUN keep1 && a long enough line to be similar\n"
	"RUN keep2 && a long enough line to be similar\n"
	"RUN keep3 && a long enough line to be similar\n",
	NULL,
};

/* A bare two-commit repository, `b` then `h`, opened at both: the pull
 * request's head and its base (HEAD~1).  Returns the temporary directory. */
static char *pr_repo(const char *tag, const char *const *b,
		     const char *const *h, struct sg_source **head,
		     struct sg_source **base)
{
	char repo[4096];
	char *tmp = repo_of(tag, true, b, h, repo, sizeof(repo));

	*head = open_git(repo, NULL);
	*base = open_git(repo, "HEAD~1");
	return tmp;
}

/* Build the two-commit repository, lint both revisions, compare. */
static sg_result *pr_compare(char **tmp, bool use_renames,
			     struct repo_renames *rn)
{
	struct sg_source *head, *base;
	sg_result *h, *b;
	sg_error err = { 0 };

	*tmp = pr_repo("repo-pr", pr_base, pr_head, &head, &base);
	ck_assert_int_eq(repo_diff_renames(base, head, 1 << 20, rn, &err), 0);
	h = lint_source(head);
	b = lint_source(base);
	ck_assert_int_eq(sg_findings_compare(h->findings, b->findings,
					     use_renames ? rn->v : NULL,
					     use_renames ? rn->n : 0), 0);
	sg_result_free(b);
	sg_source_free(head);
	sg_source_free(base);
	return h;
}

START_TEST(test_repo_pr_renames_detected)
{
	struct repo_renames rn = REPO_RENAMES_INIT;
	char *tmp;
	sg_result *h = pr_compare(&tmp, true, &rn);

	ck_assert_uint_eq(rn.n, 1);
	ck_assert_str_eq(rn.v[0].base_path, "svc/Dockerfile.base");
	ck_assert_str_eq(rn.v[0].head_path, "moved/Dockerfile");
	repo_renames_release(&rn);
	sg_result_free(h);
	free(tmp);
}
END_TEST

/* The limit is on pairs, as git's: one edited move beside 1,500 deleted
 * files (a vendored tree dropped) is still found. */
START_TEST(test_repo_pr_renames_lopsided)
{
	enum { N = 1500 };
	struct repo_renames rn = REPO_RENAMES_INIT;
	const char **spec = calloc(2 * N + 8, sizeof(char *));
	char *tmp;
	struct sg_source *head, *base;
	sg_error err = { 0 };
	size_t i, n = 0;

	ck_assert_ptr_nonnull(spec);
	for (i = 0; pr_base[i]; i++)
		spec[n++] = strdup(pr_base[i]);
	for (i = 0; i < N; i++) {
		char *path = malloc(32), *body = malloc(64);

		ck_assert(path && body);
		snprintf(path, 32, "vendor/f%zu", i);
		snprintf(body, 64, "vendored file %zu\n", i);
		spec[n++] = path;
		spec[n++] = body;
	}
	tmp = pr_repo("repo-prlop", (const char *const *)spec, pr_head, &head,
		      &base);
	ck_assert_int_eq(repo_diff_renames(base, head, 1 << 20, &rn, &err), 0);
	ck_assert_uint_eq(rn.n, 1);
	ck_assert_str_eq(rn.v[0].head_path, "moved/Dockerfile");
	ck_assert_uint_eq(rn.unpaired_added, 0);
	repo_renames_release(&rn);
	sg_source_free(head);
	sg_source_free(base);
	for (i = 0; spec[i]; i++)
		free((char *)spec[i]);
	free(spec);
	free(tmp);
}
END_TEST

/* Files past the size limit are not analysed, so not compared for
 * similarity: with every candidate too large nothing is, not everything. */
START_TEST(test_repo_pr_renames_size_limit)
{
	struct repo_renames rn = REPO_RENAMES_INIT;
	struct sg_source *head, *base;
	char *tmp = pr_repo("repo-prsz", pr_base, pr_head, &head, &base);
	sg_error err = { 0 };

	ck_assert_int_eq(repo_diff_renames(base, head, 8, &rn, &err), 0);
	ck_assert_uint_eq(rn.n, 0);
	ck_assert_uint_eq(rn.unpaired_added, 0);
	repo_renames_release(&rn);
	ck_assert_int_eq(repo_diff_renames(base, head, 4096, &rn, &err), 0);
	ck_assert_uint_eq(rn.n, 1);
	repo_renames_release(&rn);
	sg_source_free(head);
	sg_source_free(base);
	free(tmp);
}
END_TEST

/* Shards of the base tree follow head paths: a renamed file's base findings
 * are compared in the shard that holds its head path. */
START_TEST(test_repo_pr_shards_follow_renames)
{
	struct repo_renames rn = REPO_RENAMES_INIT;
	struct repo_discover_opts o = { 0 };
	struct sg_source *head, *base;
	char *tmp = pr_repo("repo-prsh", pr_base, pr_head, &head, &base);
	sg_error err = { 0 };
	unsigned int want, k, n, hits = 0;
	char *s;

	ck_assert_int_eq(repo_diff_renames(base, head, 1 << 20, &rn, &err), 0);
	ck_assert_str_eq(repo_renames_head_path("svc/Dockerfile.base", &rn),
			 "moved/Dockerfile");
	ck_assert_ptr_null(repo_renames_head_path("a/Dockerfile", &rn));
	/* pick a shard count where the two paths hash apart */
	for (n = 2; repo_shard_of("svc/Dockerfile.base", n) ==
		    repo_shard_of("moved/Dockerfile", n); n++)
		;
	want = repo_shard_of("moved/Dockerfile", n);
	o.shards = n;
	o.shard_path = repo_renames_head_path;
	o.shard_payload = &rn;
	for (k = 1; k <= n; k++) {
		o.shard = k;
		s = discover_str(base, &o, NULL);
		if (strstr(s, "svc/Dockerfile.base")) {
			ck_assert_uint_eq(k, want);
			hits++;
		}
		free(s);
	}
	ck_assert_uint_eq(hits, 1);
	repo_renames_release(&rn);
	sg_source_free(head);
	sg_source_free(base);
	free(tmp);
}
END_TEST

/* A base from another repository is an error naming the head. */
START_TEST(test_repo_pr_base_from_elsewhere)
{
	struct repo_renames rn = REPO_RENAMES_INIT;
	char r1[4096], r2[4096];
	char *t1 = repo_of("repo-pra", true, pr_head, NULL, r1, sizeof(r1));
	char *t2 = repo_of("repo-prb", true, sample, NULL, r2, sizeof(r2));
	struct sg_source *head = open_git(r1, NULL), *base = open_git(r2, NULL);
	sg_error err = { 0 };

	ck_assert_int_eq(repo_diff_renames(base, head, 1 << 20, &rn, &err), SG_EINVALID);
	ck_assert_ptr_nonnull(strstr(err.message,
				     "base revision is not in the repository"));
	repo_renames_release(&rn);
	sg_source_free(head);
	sg_source_free(base);
	free(t1);
	free(t2);
}
END_TEST

START_TEST(test_repo_pr_new_unchanged_absent)
{
	struct repo_renames rn = REPO_RENAMES_INIT;
	char *tmp, fp[65];
	sg_result *h = pr_compare(&tmp, true, &rn);
	const char *keep = "RUN keep2 && a long enough line to be similar";
	size_t i;

	ck_assert_str_eq(state_of(h, "a/Dockerfile", "RUN two"), "unchanged");
	ck_assert_str_eq(state_of(h, "a/Dockerfile", "RUN three"), "new");
	ck_assert_str_eq(state_of(h, "a/Dockerfile", "RUN one"), "absent");
	ck_assert_str_eq(state_of(h, "old/Dockerfile", "RUN gone"), "absent");
	/* the renamed Dockerfile keeps its findings' identity */
	ck_assert_str_eq(state_of(h, "moved/Dockerfile", keep), "unchanged");
	ck_assert_str_eq(state_of(h, "svc/Dockerfile.base", keep), "missing");
	ck_assert_uint_eq(count_state(h, SG_BASELINE_NEW), 1);
	ck_assert_uint_eq(count_state(h, SG_BASELINE_UNCHANGED), 4);
	ck_assert_uint_eq(count_state(h, SG_BASELINE_ABSENT), 2);
	/* absent copies carry the ABSENT verdict; a later finalize keeps the
	 * base fingerprint and leaves the live findings' fingerprints alone */
	for (i = 0; i < sg_findings_count(h->findings); i++) {
		const sg_finding *f = sg_findings_at(h->findings, i);

		if (f->baseline == SG_BASELINE_ABSENT)
			ck_assert_int_eq(f->verdict, SG_VERDICT_ABSENT);
		if (!strcmp(f->key, "RUN two"))
			memcpy(fp, f->fingerprint, sizeof(fp));
	}
	ck_assert_int_eq(sg_result_finish(h), 0);
	for (i = 0; i < sg_findings_count(h->findings); i++) {
		const sg_finding *f = sg_findings_at(h->findings, i);

		if (!strcmp(f->key, "RUN two"))
			ck_assert_str_eq(f->fingerprint, fp);
	}
	ck_assert_uint_eq(sg_findings_count(h->findings), 7);
	repo_renames_release(&rn);
	sg_result_free(h);
	free(tmp);
}
END_TEST

/* Without rename detection the move would look like 3 fixed + 3 new. */
START_TEST(test_repo_pr_without_renames_differs)
{
	struct repo_renames rn = REPO_RENAMES_INIT;
	char *tmp;
	sg_result *h = pr_compare(&tmp, false, &rn);

	ck_assert_uint_eq(count_state(h, SG_BASELINE_NEW), 4);
	ck_assert_uint_eq(count_state(h, SG_BASELINE_ABSENT), 5);
	repo_renames_release(&rn);
	sg_result_free(h);
	free(tmp);
}
END_TEST

/* `gate: new`: only the finding the change introduced fails the gate. */
START_TEST(test_repo_pr_gate_new)
{
	static const char policy_new[] = "gate: new\n";
	struct repo_renames rn = REPO_RENAMES_INIT;
	struct sg_policy *p = NULL;
	sg_error err = { 0 };
	char *tmp;
	sg_result *h = pr_compare(&tmp, true, &rn);
	size_t i;

	ck_assert_msg(sg_policy_load(&p, ".shipgate.yaml", policy_new,
				     strlen(policy_new), "2026-06-01",
				     &err) == 0, "%s", err.message);
	ck_assert_int_eq(sg_policy_evaluate(p, h, NULL, &err), 0);
	ck_assert_int_eq(sg_result_finish(h), 0);
	ck_assert_uint_eq(h->verdict_counts[SG_VERDICT_GATING], 1);
	ck_assert_uint_eq(h->verdict_counts[SG_VERDICT_NOT_NEW], 4);
	ck_assert_uint_eq(h->verdict_counts[SG_VERDICT_ABSENT], 2);
	ck_assert_int_eq(h->exit_code, SG_EXIT_FAIL);
	for (i = 0; i < sg_findings_count(h->findings); i++) {
		const sg_finding *f = sg_findings_at(h->findings, i);

		if (f->verdict == SG_VERDICT_GATING)
			ck_assert_str_eq(f->key, "RUN three");
	}
	sg_policy_free(p);
	repo_renames_release(&rn);
	sg_result_free(h);
	free(tmp);
}
END_TEST

/* Base had a problem twice, head once: the absent copy does not renumber
 * the live finding's occurrence, so head's fingerprint stays stable. */
START_TEST(test_repo_pr_absent_twin_keeps_fingerprints)
{
	sg_findings *head, *base;
	sg_location l3 = { .path = "Dockerfile", .line = 3 };
	sg_location l5 = { .path = "Dockerfile", .line = 5 };
	sg_location l9 = { .path = "Dockerfile", .line = 9 };
	char live[65], base2[65];
	size_t i, absent = 0;

	ck_assert_int_eq(sg_findings_new(&head), 0);
	ck_assert_int_eq(sg_findings_new(&base), 0);
	sg_findings_add(base, &rule_run, &l3, "RUN x", "RUN x");
	sg_findings_add(base, &rule_run, &l5, "RUN x", "RUN x");
	sg_findings_add(head, &rule_run, &l9, "RUN x", "RUN x");
	ck_assert_int_eq(sg_findings_finalize(base), 0);
	memcpy(base2, sg_findings_at(base, 1)->fingerprint, 65);
	ck_assert_int_eq(sg_findings_compare(head, base, NULL, 0), 0);
	memcpy(live, sg_findings_at(head, 0)->fingerprint, 65);
	ck_assert_str_eq(live, sg_findings_at(base, 0)->fingerprint);
	/* the absent copy sorts first (line 5 < 9) but numbers nothing */
	ck_assert_int_eq(sg_findings_finalize(head), 0);
	ck_assert_uint_eq(sg_findings_count(head), 2);
	for (i = 0; i < 2; i++) {
		const sg_finding *f = sg_findings_at(head, i);

		if (f->baseline == SG_BASELINE_ABSENT) {
			absent++;
			ck_assert_uint_eq(f->loc.line, 5);
			ck_assert_str_eq(f->fingerprint, base2);
		} else {
			ck_assert_int_eq(f->baseline, SG_BASELINE_UNCHANGED);
			ck_assert_str_eq(f->fingerprint, live);
		}
	}
	ck_assert_uint_eq(absent, 1);
	sg_findings_free(head);
	sg_findings_free(base);
}
END_TEST

/*
 * Past git's rename limit (1,000 files a side left over) similarity is not
 * looked for, and the result says how many were left; moves of unchanged
 * content are still paired, copies of one blob in path order, and empty
 * files never (like git: which became which is a guess).
 */
START_TEST(test_repo_pr_renames_past_limit)
{
	enum { N = 1001 };
	struct repo_renames rn = REPO_RENAMES_INIT;
	const char **spec[2];
	char *tmp;
	struct sg_source *head, *base;
	sg_error err = { 0 };
	size_t k, i;

	for (k = 0; k < 2; k++) {
		size_t n = 0;

		spec[k] = calloc(2 * N + 20, sizeof(char *));
		ck_assert_ptr_nonnull(spec[k]);
		for (i = 0; i < N; i++) {
			char *path = malloc(32), *body = malloc(64);

			ck_assert(path && body);
			snprintf(path, 32, k ? "new/g%zu" : "old/f%zu", i);
			snprintf(body, 64, "%s file %zu\n", k ? "an added" : "a deleted",
				 i);
			spec[k][n++] = path;
			spec[k][n++] = body;
		}
		spec[k][n++] = strdup(k ? "moved/Dockerfile" : "svc/Dockerfile");
		spec[k][n++] = strdup("FROM alpine:3.20\n");
		for (i = 0; i < (k ? 2u : 3u); i++) {
			char *path = malloc(32);

			ck_assert_ptr_nonnull(path);
			snprintf(path, 32, k ? "dup2/b%zu" : "dup/a%zu", i + 1);
			spec[k][n++] = path;
			spec[k][n++] = strdup("one blob\n");
		}
		spec[k][n++] = strdup(k ? "e2/empty" : "e/empty");
		spec[k][n++] = strdup("");
	}
	tmp = pr_repo("repo-prlim", (const char *const *)spec[0],
		      (const char *const *)spec[1], &head, &base);
	ck_assert_int_eq(repo_diff_renames(base, head, 1 << 20, &rn, &err), 0);
	ck_assert_uint_eq(rn.n, 3);
	ck_assert_str_eq(rn.v[0].base_path, "dup/a1");
	ck_assert_str_eq(rn.v[0].head_path, "dup2/b1");
	ck_assert_str_eq(rn.v[1].base_path, "dup/a2");
	ck_assert_str_eq(rn.v[1].head_path, "dup2/b2");
	ck_assert_str_eq(rn.v[2].base_path, "svc/Dockerfile");
	ck_assert_str_eq(rn.v[2].head_path, "moved/Dockerfile");
	/* the third copy and the N files a side are left; the empty files
	 * are no candidates */
	ck_assert_uint_eq(rn.unpaired_deleted, N + 1);
	ck_assert_uint_eq(rn.unpaired_added, N);
	repo_renames_release(&rn);
	sg_source_free(head);
	sg_source_free(base);
	for (k = 0; k < 2; k++) {
		for (i = 0; spec[k][i]; i++)
			free((char *)spec[k][i]);
		free(spec[k]);
	}
	free(tmp);
}
END_TEST

/* --worktree: renames between the base commit and the files on disk,
 * committed or not; a directory outside any repository has none. */
START_TEST(test_repo_pr_worktree_renames)
{
	struct repo_renames rn = REPO_RENAMES_INIT;
	char repo[4096], from[4200], to[4200], sub[4200];
	char *tmp = repo_of("repo-prwt", false, pr_base, pr_head, repo,
			    sizeof(repo));
	char plain[] = "/tmp/sg-plain-XXXXXX";  /* outside the project's work tree */
	struct sg_source *base = open_git(repo, "HEAD~1"), *d = NULL;
	sg_error err = { 0 };

	ck_assert_int_eq(sg_source_open_dir(&d, repo, &err), 0);
	ck_assert_int_eq(repo_diff_renames(base, d, 1 << 20, &rn, &err), 0);
	ck_assert_uint_eq(rn.n, 1);
	ck_assert_str_eq(rn.v[0].base_path, "svc/Dockerfile.base");
	ck_assert_str_eq(rn.v[0].head_path, "moved/Dockerfile");
	repo_renames_release(&rn);
	sg_source_free(d);
	/* an uncommitted move to an untracked path */
	snprintf(from, sizeof(from), "%s/moved/Dockerfile", repo);
	snprintf(sub, sizeof(sub), "%s/again", repo);
	snprintf(to, sizeof(to), "%s/again/Dockerfile", repo);
	mkdir(sub, 0755);
	ck_assert_int_eq(rename(from, to), 0);
	ck_assert_int_eq(sg_source_open_dir(&d, repo, &err), 0);
	ck_assert_int_eq(repo_diff_renames(base, d, 1 << 20, &rn, &err), 0);
	ck_assert_uint_eq(rn.n, 1);
	ck_assert_str_eq(rn.v[0].head_path, "again/Dockerfile");
	repo_renames_release(&rn);
	sg_source_free(d);
	/* a subdirectory: head paths are relative to it */
	ck_assert_int_eq(sg_source_open_dir(&d, sub, &err), 0);
	ck_assert_int_eq(repo_diff_renames(base, d, 1 << 20, &rn, &err), 0);
	ck_assert_uint_eq(rn.n, 1);
	ck_assert_str_eq(rn.v[0].base_path, "svc/Dockerfile.base");
	ck_assert_str_eq(rn.v[0].head_path, "Dockerfile");
	repo_renames_release(&rn);
	sg_source_free(d);
	/* not in a work tree: nothing to compare, not an error */
	ck_assert_ptr_nonnull(mkdtemp(plain));
	ck_assert_int_eq(sg_source_open_dir(&d, plain, &err), 0);
	ck_assert_int_eq(repo_diff_renames(base, d, 1 << 20, &rn, &err), 0);
	ck_assert_uint_eq(rn.n, 0);
	sg_source_free(d);
	rmdir(plain);
	sg_source_free(base);
	free(tmp);
}
END_TEST

/* ---- shards + merge == one run ------------------------------------------- */

static void run_ok(const char *const *argv)
{
	char *out = NULL, *err = NULL;
	int rc = t_run(NULL, &out, &err, argv);

	ck_assert_msg(rc >= 0 && rc <= 3 && rc != 2, "shipgate %s %s: exit %d: %s",
		      argv[0], argv[1], rc, err ? err : "");
	free(out);
	free(err);
}

/* Scan `repo` once and as `n` shards merged; every report byte-identical. */
static void shards_equal_single(const char *repo, const char *tmp, int n)
{
	static const char *const fmts[] = {
		"sarif", "junit", "markdown", "json", "gitlab-codequality",
	};
	char single[5][4300], merged[5][4300], shard[8][4300], spec[8][16];
	const char *argv[32];
	size_t a, i;
	int k;

	for (i = 0; i < 5; i++) {
		snprintf(single[i], sizeof(single[i]), "%s/single-%d.%s", tmp,
			 n, fmts[i]);
		snprintf(merged[i], sizeof(merged[i]), "%s/merged-%d.%s", tmp,
			 n, fmts[i]);
	}
	a = 0;
	argv[a++] = "scan";
	argv[a++] = "-q";
	argv[a++] = repo;
	for (i = 0; i < 5; i++) {
		static char flag[5][32];

		snprintf(flag[i], sizeof(flag[i]), "--%s", fmts[i]);
		argv[a++] = flag[i];
		argv[a++] = single[i];
	}
	argv[a] = NULL;
	run_ok(argv);
	for (k = 1; k <= n; k++) {
		const char *sv[8];

		snprintf(spec[k - 1], sizeof(spec[0]), "%d/%d", k, n);
		snprintf(shard[k - 1], sizeof(shard[0]), "%s/shard-%d-%d.json",
			 tmp, k, n);
		sv[0] = "scan"; sv[1] = "-q"; sv[2] = repo; sv[3] = "--shard";
		sv[4] = spec[k - 1]; sv[5] = "--json"; sv[6] = shard[k - 1];
		sv[7] = NULL;
		run_ok(sv);
	}
	a = 0;
	argv[a++] = "merge";
	argv[a++] = "-q";
	for (i = 0; i < 5; i++) {
		static char flag[5][32];

		snprintf(flag[i], sizeof(flag[i]), "--%s", fmts[i]);
		argv[a++] = flag[i];
		argv[a++] = merged[i];
	}
	argv[a++] = "--";
	for (k = 0; k < n; k++)
		argv[a++] = shard[k];
	argv[a] = NULL;
	run_ok(argv);
	for (i = 0; i < 5; i++) {
		size_t l1, l2;
		char *x = t_read(single[i], &l1), *y = t_read(merged[i], &l2);

		ck_assert_msg(x && y, "%s: missing report", fmts[i]);
		ck_assert_msg(l1 > 0 && l1 == l2 && memcmp(x, y, l1) == 0,
			      "%d shards + merge: %s differs from one run (%s)",
			      n, fmts[i], merged[i]);
		free(x);
		free(y);
	}
}

START_TEST(test_repo_shards_merge_identical)
{
	const char *spec[2 * 42 + 1];
	char names[40][64], repo[4096], demo[4300];
	const char *dirs[2] = { demo, NULL };
	char *tmp;
	size_t i, n = 0;

	/* 40 services: Dockerfiles with findings and compose files */
	for (i = 0; i < 40; i++) {
		snprintf(names[i], sizeof(names[i]), "svc%02zu/%s", i,
			 i % 4 ? "Dockerfile" : "compose.yaml");
		spec[n++] = names[i];
		spec[n++] = i % 4 ? "FROM alpine\nRUN apk add curl\nEXPOSE 22\n"
				  : "services:\n  web:\n    image: nginx\n"
				    "    privileged: true\n";
	}
	spec[n++] = "big/Dockerfile.huge";
	spec[n++] = "version https://git-lfs.github.com/spec/v1\n"
		    "oid sha256:00\nsize 1\n";
	spec[n] = NULL;
	tmp = repo_of("repo-shards", true, spec, NULL, repo, sizeof(repo));
	shards_equal_single(repo, tmp, 3);
	shards_equal_single(repo, tmp, 7);
	/* the demo repository, when it is in the tree */
	if (access(t_src("testdata/demo"), F_OK) == 0) {
		char drepo[4300];

		snprintf(demo, sizeof(demo), "%s", t_src("testdata/demo"));
		snprintf(drepo, sizeof(drepo), "%s/demo-repo", tmp);
		t_mkrepo(drepo, true, dirs);
		shards_equal_single(drepo, tmp, 4);
	}
	free(tmp);
}
END_TEST

Suite *repo_suite(void)
{
	Suite *s = suite_create("repo");
	TCase *tc = tcase_create("classify");

	tcase_add_test(tc, test_repo_classify_table);
	tcase_add_test(tc, test_repo_classify_corpus_manifest);
	suite_add_tcase(s, tc);
	tc = tcase_create("git");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_repo_worktree_and_bare_agree);
	tcase_add_test(tc, test_repo_open_searches_upward);
	tcase_add_test(tc, test_repo_walk_order_matches_dir);
	tcase_add_test(tc, test_repo_rev_reads_older_commit);
	tcase_add_test(tc, test_repo_open_errors_are_one_line);
	tcase_add_test(tc, test_repo_read_errors_name_the_path);
	tcase_add_test(tc, test_repo_size_cap_uses_object_header);
	tcase_add_test(tc, test_repo_size_cap_option);
	tcase_add_test(tc, test_repo_lfs_pointer);
	tcase_add_test(tc, test_repo_stat_and_read_during_walk);
	tcase_add_test(tc, test_repo_symlinked_targets);
	tcase_add_test(tc, test_repo_reads_through_linked_directories);
	tcase_add_test(tc, test_repo_discover_add_through_link_once);
	tcase_add_test(tc, test_repo_target_of_the_other_kind);
	tcase_add_test(tc, test_repo_submodule_reported);
	suite_add_tcase(s, tc);
	tc = tcase_create("select");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_repo_include_exclude);
	tcase_add_test(tc, test_repo_shards_partition);
	tcase_add_test(tc, test_repo_shard_parse_and_stability);
	suite_add_tcase(s, tc);
	tc = tcase_create("dir");
	tcase_add_test(tc, test_repo_dir_refuses_escapes);
	tcase_add_test(tc, test_repo_dir_fast_path_agrees);
	tcase_add_test(tc, test_repo_dir_known_stats);
	tcase_add_test(tc, test_repo_dir_known_cannot_leave_root);
	tcase_add_test(tc, test_repo_dir_names_walk_agrees);
	tcase_add_test(tc, test_repo_thread_sources);
	tcase_add_test(tc, test_repo_overlay_source);
	tcase_add_test(tc, test_repo_dir_submodule_checkout);
	tcase_add_test(tc, test_repo_dir_skips_ignored_untracked);
	suite_add_tcase(s, tc);
	tc = tcase_create("pr");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_repo_pr_renames_detected);
	tcase_add_test(tc, test_repo_pr_base_from_elsewhere);
	tcase_add_test(tc, test_repo_pr_shards_follow_renames);
	tcase_add_test(tc, test_repo_pr_new_unchanged_absent);
	tcase_add_test(tc, test_repo_pr_without_renames_differs);
	tcase_add_test(tc, test_repo_pr_gate_new);
	tcase_add_test(tc, test_repo_pr_absent_twin_keeps_fingerprints);
	tcase_add_test(tc, test_repo_pr_worktree_renames);
	tcase_add_test(tc, test_repo_pr_renames_past_limit);
	tcase_add_test(tc, test_repo_pr_renames_size_limit);
	tcase_add_test(tc, test_repo_pr_renames_lopsided);
	suite_add_tcase(s, tc);
	tc = tcase_create("shards");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_repo_shards_merge_identical);
	suite_add_tcase(s, tc);
	return s;
}

/*
 * mkrepo: build a git repository from plain directory trees, deterministically.
 *
 *	mkrepo [--bare] DEST DIR...
 *
 * Each DIR becomes one commit (a full snapshot of that tree) on top of the
 * previous one, on branch main, with a fixed author and time, so the same
 * trees always give the same commit ids.  A non-bare repository gets its work
 * tree checked out.  Used by `make demo` and by the tests; it needs libgit2
 * only, not the git command.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE 1
#include <dirent.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void die_git(const char *what)
{
	const git_error *e = git_error_last();

	fprintf(stderr, "mkrepo: %s: %s\n", what, e ? e->message : "failed");
	exit(1);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void build_tree(git_repository *repo, const char *dir, git_oid *out)
{
	git_treebuilder *tb = NULL;
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;

	if (!d) {
		fprintf(stderr, "mkrepo: cannot open %s\n", dir);
		exit(1);
	}
	while ((de = readdir(d)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    !strcmp(de->d_name, ".git"))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			names = realloc(names, cap * sizeof(*names));
		}
		names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_names);
	if (git_treebuilder_new(&tb, repo, NULL) < 0)
		die_git("treebuilder");
	for (i = 0; i < n; i++) {
		char path[4096];
		struct stat st;
		git_oid oid;
		git_filemode_t mode;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (lstat(path, &st) < 0) {
			fprintf(stderr, "mkrepo: cannot stat %s\n", path);
			exit(1);
		}
		if (S_ISDIR(st.st_mode)) {
			build_tree(repo, path, &oid);
			mode = GIT_FILEMODE_TREE;
		} else if (S_ISLNK(st.st_mode)) {
			char target[4096];
			ssize_t len = readlink(path, target, sizeof(target));

			if (len < 0 ||
			    git_blob_create_from_buffer(&oid, repo, target,
							(size_t)len) < 0)
				die_git(path);
			mode = GIT_FILEMODE_LINK;
		} else {
			if (git_blob_create_from_disk(&oid, repo, path) < 0)
				die_git(path);
			mode = (st.st_mode & 0111) ? GIT_FILEMODE_BLOB_EXECUTABLE
						   : GIT_FILEMODE_BLOB;
		}
		if (git_treebuilder_insert(NULL, tb, names[i], &oid, mode) < 0)
			die_git("treebuilder insert");
		free(names[i]);
	}
	free(names);
	if (git_treebuilder_write(out, tb) < 0)
		die_git("tree write");
	git_treebuilder_free(tb);
}

int main(int argc, char **argv)
{
	git_repository *repo = NULL;
	git_commit *parent = NULL;
	int i = 1, bare = 0, c;

	if (i < argc && !strcmp(argv[i], "--bare")) {
		bare = 1;
		i++;
	}
	if (argc - i < 2) {
		fprintf(stderr, "usage: mkrepo [--bare] DEST DIR...\n");
		return 2;
	}
	git_libgit2_init();
	{
		git_repository_init_options o = GIT_REPOSITORY_INIT_OPTIONS_INIT;

		o.flags = GIT_REPOSITORY_INIT_MKPATH |
			  (bare ? GIT_REPOSITORY_INIT_BARE : 0);
		o.initial_head = "main";
		if (git_repository_init_ext(&repo, argv[i], &o) < 0)
			die_git("init");
	}
	for (c = i + 1; c < argc; c++) {
		git_oid tree_id, commit_id;
		git_tree *tree = NULL;
		git_signature *sig = NULL;
		char msg[256];

		build_tree(repo, argv[c], &tree_id);
		if (git_tree_lookup(&tree, repo, &tree_id) < 0)
			die_git("tree lookup");
		/* 2026-01-01T00:00:00Z plus one hour per commit */
		if (git_signature_new(&sig, "shipgate test",
				      "test@shipgate.invalid",
				      1767225600 + 3600 * (c - i - 1), 0) < 0)
			die_git("signature");
		snprintf(msg, sizeof(msg), "snapshot %d\n", c - i);
		if (git_commit_create_v(&commit_id, repo, "HEAD", sig, sig,
					NULL, msg, tree, parent ? 1 : 0,
					parent) < 0)
			die_git("commit");
		git_commit_free(parent);
		if (git_commit_lookup(&parent, repo, &commit_id) < 0)
			die_git("commit lookup");
		git_tree_free(tree);
		git_signature_free(sig);
	}
	if (!bare) {
		git_checkout_options co = GIT_CHECKOUT_OPTIONS_INIT;

		co.checkout_strategy = GIT_CHECKOUT_FORCE;
		if (git_checkout_head(repo, &co) < 0)
			die_git("checkout");
	}
	git_commit_free(parent);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return 0;
}

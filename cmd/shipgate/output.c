/* output.c: checking, writing and discarding report files (see opt.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "opt.h"

/* A path that exists and is neither a regular file nor a directory (after
 * its links): a FIFO or a device, written in place since it cannot be
 * renamed over without replacing the node itself. */
static bool in_place(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && !S_ISREG(st.st_mode) &&
	       !S_ISDIR(st.st_mode);
}

/*
 * Where a report lands: the rename replaces the entry `base` of directory
 * (dev, ino), whatever the path's spelling.  false when the directory is
 * not there (the write will fail and say so).
 */
struct entry {
	dev_t dev;
	ino_t ino;
	const char *base;
};

static bool entry_of(const char *path, struct entry *e)
{
	const char *slash = strrchr(path, '/');
	struct stat st;
	char *dir;
	bool ok;

	if (!slash)
		dir = strdup(".");
	else if (slash == path)
		dir = strdup("/");
	else
		dir = strndup(path, (size_t)(slash - path));
	e->base = slash ? slash + 1 : path;
	if (!dir)
		return false;
	ok = stat(dir, &st) == 0;
	free(dir);
	e->dev = ok ? st.st_dev : 0;
	e->ino = ok ? st.st_ino : 0;
	return ok;
}

static bool same_target(const char *a, const char *b)
{
	struct entry ea, eb;
	bool oa = entry_of(a, &ea), ob = entry_of(b, &eb);

	if (!oa || !ob)
		return strcmp(a, b) == 0;
	return ea.dev == eb.dev && ea.ino == eb.ino &&
	       strcmp(ea.base, eb.base) == 0;
}

/*
 * An existing file (or link) whose name a run reads as input: a --worktree
 * run, or lint following a Compose build, may read it, and a failed run
 * would remove it as a stale report.
 */
static bool reads_name(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 && !S_ISDIR(st.st_mode) &&
	       sg_scan_reads_name(path);
}

/* Whether writing `out` would replace `in`, the path or the file it names. */
static bool overwrites(const char *out, const char *in)
{
	struct stat so, si;

	if (lstat(out, &so) == 0 && lstat(in, &si) == 0 &&
	    so.st_dev == si.st_dev && so.st_ino == si.st_ino)
		return true;
	return stat(out, &so) == 0 && stat(in, &si) == 0 &&
	       so.st_dev == si.st_dev && so.st_ino == si.st_ino;
}

int output_check(const char *cmd, const struct report_out *o, size_t n,
		 const char *const *inputs, size_t ninputs)
{
	size_t i, j;
	int rc;

	for (i = 0; i < n; i++) {
		if (!o[i].path)
			continue;
		for (j = i + 1; j < n; j++) {
			if (!o[j].path)
				continue;
			if (!strcmp(o[i].path, "-") || !strcmp(o[j].path, "-")) {
				if (strcmp(o[i].path, o[j].path) != 0)
					continue;
				fprintf(stderr, "shipgate %s: %s and %s both "
					"write to stdout ('-'): one report at "
					"most can\n", cmd, o[i].flag, o[j].flag);
				return SG_EXIT_USAGE;
			}
			if (in_place(o[i].path) || !same_target(o[i].path, o[j].path))
				continue;
			fprintf(stderr, "shipgate %s: %s and %s both write "
				"'%s': one report would replace the other\n",
				cmd, o[i].flag, o[j].flag, o[j].path);
			return SG_EXIT_USAGE;
		}
	}
	if ((rc = output_check_inputs(cmd, o, n, inputs, ninputs)) != 0)
		return rc;
	for (i = 0; i < n; i++)
		if (o[i].path && strcmp(o[i].path, "-") != 0 &&
		    !in_place(o[i].path) && reads_name(o[i].path)) {
			fprintf(stderr, "shipgate %s: %s '%s' would overwrite a "
				"file shipgate reads as input (a Dockerfile, "
				"Compose file or configuration)\n", cmd,
				o[i].flag, o[i].path);
			return SG_EXIT_USAGE;
		}
	return 0;
}

int output_check_inputs(const char *cmd, const struct report_out *o,
			size_t n, const char *const *inputs, size_t ninputs)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (!o[i].path || !strcmp(o[i].path, "-") || in_place(o[i].path))
			continue;
		for (j = 0; j < ninputs; j++)
			if (inputs[j] && overwrites(o[i].path, inputs[j])) {
				fprintf(stderr, "shipgate %s: %s '%s' would "
					"overwrite '%s', an input of this run\n",
					cmd, o[i].flag, o[i].path, inputs[j]);
				return SG_EXIT_USAGE;
			}
	}
	return 0;
}

int output_check_targets(const char *cmd, const struct report_out *o,
			 size_t n, const sg_result *res)
{
	const char *root = res->repo ? res->repo : ".";
	char **in = calloc(res->ntargets + 2, sizeof(*in));
	size_t i, k = 0;
	int rc = 0;

	/* the targets, and the baseline the tree's policy names (one given
	 * with --baseline was checked with the other inputs) */
	for (i = 0; in && i <= res->ntargets; i++) {
		const char *path = i < res->ntargets ? res->targets[i].path
						     : res->baseline_path;
		size_t len;

		if (!path || (i < res->ntargets &&
			      res->targets[i].kind == SG_TARGET_IMAGE))
			continue;       /* --image paths are inputs already */
		len = strlen(root) + strlen(path) + 2;
		if (!(in[k] = malloc(len)))
			break;
		snprintf(in[k++], len, "%s/%s", root, path);
	}
	if (!in || i <= res->ntargets) {
		fprintf(stderr, "shipgate %s: out of memory\n", cmd);
		rc = SG_EXIT_INTERNAL;
	} else {
		rc = output_check_inputs(cmd, o, n, (const char *const *)in, k);
	}
	for (i = 0; in && i < k; i++)
		free(in[i]);
	free(in);
	return rc;
}

bool output_to_stdout(const struct report_out *o, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (o[i].path && !strcmp(o[i].path, "-"))
			return true;
	return false;
}

static int write_fd(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, p, len);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

/* '-' or a FIFO or device: written as it is, not renamed over. */
static int write_direct(const char *path, const char *data, size_t len)
{
	int fd, e;

	if (!strcmp(path, "-")) {
		fflush(stdout);
		if (write_fd(STDOUT_FILENO, data, len) < 0) {
			fprintf(stderr, "shipgate: stdout: cannot write: %s\n",
				strerror(errno));
			return -1;
		}
		return 0;
	}
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0 || write_fd(fd, data, len) < 0 || close(fd) < 0) {
		e = errno;
		if (fd >= 0)
			close(fd);
		fprintf(stderr, "shipgate: %s: cannot write: %s\n", path,
			strerror(e));
		return -1;
	}
	return 0;
}

/* Remove the file at a report path: regular files and links only. */
static void discard(const char *path)
{
	struct stat st;

	if (strcmp(path, "-") != 0 && lstat(path, &st) == 0 &&
	    (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)))
		unlink(path);
}

int output_write(const struct report_out *o, size_t n, const sg_result *res,
		 const sg_report_options *ro)
{
	size_t i;
	int failed = 0;

	for (i = 0; i < n; i++) {
		sg_error err;
		char *data = NULL;
		size_t len = 0;

		if (!o[i].path)
			continue;
		sg_error_clear(&err);
		if (!strcmp(o[i].path, "-") || in_place(o[i].path)) {
			if (sg_report_render(&data, &len, res, o[i].format, ro,
					     &err) < 0)
				failed = cmd_fail(&err, SG_EXIT_INTERNAL);
			else if (write_direct(o[i].path, data, len) < 0)
				failed = SG_EXIT_INTERNAL;
			free(data);
			continue;
		}
		if (sg_report_write(o[i].path, res, o[i].format, ro, &err) < 0) {
			failed = cmd_fail(&err, SG_EXIT_INTERNAL);
			discard(o[i].path);
		}
	}
	return failed;
}

void output_discard(const struct report_out *o, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (o[i].path)
			discard(o[i].path);
}

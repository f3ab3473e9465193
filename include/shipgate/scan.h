/*
 * scan.h: one gate run, from a repository (scan) or loose files (lint).
 *
 *	sg_scan_options o = SG_SCAN_OPTIONS_INIT;
 *	o.path = "."; o.policy_path = "ci/shipgate.yaml";
 *	if (sg_scan_run(&res, &o, &err) < 0) ... err says why (exit 2 or 4);
 *	sg_report_write("out.sarif", res, "sarif", NULL, &err);
 *	return res->exit_code;
 */
#ifndef SHIPGATE_SCAN_H
#define SHIPGATE_SCAN_H

#include "common.h"
#include "error.h"
#include "result.h"

typedef struct sg_strv {
	const char *const *v;
	size_t n;
} sg_strv;

typedef struct sg_scan_options {
	unsigned int version;
	const char *path;          /* repository (scan; default ".") */
	const char *rev;           /* revision to read (default HEAD) */
	bool worktree;             /* read the files on disk instead of a commit */
	const char *base;          /* PR mode: base revision to compare with */
	const char *policy_path;   /* NULL: .shipgate.yaml|.yml|.json in the tree, else defaults */
	const char *fail_on;       /* overrides the policy's fail-on */
	sg_strv include;           /* globs, added to the policy's */
	sg_strv exclude;
	sg_strv files;             /* lint: the files to lint; "-" reads
				      standard input (once) */
	sg_strv images;            /* "NAME=PATH" or "PATH" (docker save, OCI layout, oci-archive) */
	const char *platform;      /* image index platform, "linux/amd64" */
	const char *db;            /* vulnerability database */
	const char *baseline;      /* accepted-findings file (overrides the policy's) */
	const char *env_file;      /* Compose interpolation values */
	const char *shard;         /* "K/N" */
	const char *link_base;     /* Markdown permalink prefix */
	const char *category;      /* SARIF category prefix */
	const char *today;         /* YYYY-MM-DD for ignore expiry; NULL: today (UTC) */
	unsigned int jobs;         /* threads linting Dockerfiles; 0: one per CPU */
	bool no_baseline;          /* read no baseline (`baseline write`: the
				      file it names may not exist yet) */
	bool no_line_hashes;       /* no SARIF or JSON report will be written:
				      line hashes may be left unset */
	bool no_fingerprints;      /* no report will be written: fingerprints
				      may be left unset (a baseline, an ignore
				      by fingerprint or --base still sets them) */
	const char *stdin_name;    /* lint: the path standard input is linted
				      as (its kind, its neighbours); NULL: "-",
				      a Dockerfile in the current directory */
} sg_scan_options;

#define SG_SCAN_OPTIONS_VERSION 1
#define SG_SCAN_OPTIONS_INIT { SG_SCAN_OPTIONS_VERSION }

/*
 * Run the gate on a git repository.  Returns < 0 when the run could not
 * happen at all (bad repository or revision, policy error: SG_EUSAGE,
 * SG_EPOLICY, SG_ENOTFOUND; I/O or memory: others); problems with the
 * inputs themselves are findings in the result, whose exit_code is set.
 */
SG_EXTERN(int) sg_scan_run(sg_result **out, const sg_scan_options *opts,
			   sg_error *err);

/* Lint loose files from disk (opts->files), with the same rules. */
SG_EXTERN(int) sg_lint_run(sg_result **out, const sg_scan_options *opts,
			   sg_error *err);

/*
 * Whether a file of this name is one a run may read as its input: a
 * Dockerfile or Compose file by discovery's names, or configuration
 * (.shipgate.yaml/.yml/.json, .hadolint.yaml/.yml, .env).  A report is
 * never written over, nor a failed run's stale report removed at, such a
 * path (the command line refuses it).
 */
SG_EXTERN(bool) sg_scan_reads_name(const char *path);

/* Inspect and scan images without a repository (opts->images). */
SG_EXTERN(int) sg_image_run(sg_result **out, const sg_scan_options *opts,
			    sg_error *err);

/*
 * Write the fingerprints of `res`'s findings that are not already accepted
 * as a baseline file (`shipgate baseline write`).  Findings of inputs that
 * could not be analysed are left out: a baseline cannot accept them.
 */
SG_EXTERN(int) sg_baseline_write(const char *path, const sg_result *res,
				 const char *today, sg_error *err);

/* Whether sg_baseline_write() writes `f`. */
SG_EXTERN(bool) sg_baseline_takes(const sg_finding *f);

#endif

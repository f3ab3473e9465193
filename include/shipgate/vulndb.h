/*
 * vulndb.h: the offline vulnerability database (SQLite; schema in
 * docs/vulndb.md).
 *
 * The gate never fetches anything: a CI job (or a user) imports advisory
 * data it already has (OSV JSON/YAML files, directories or zip archives,
 * Alpine secdb JSON/YAML, Debian security-tracker JSON, Node.js security-wg
 * advisories) with `shipgate db import`, and scans read that file.
 *
 * Import is transactional: the new database is built in a temporary file
 * beside the old one and renamed over it only when everything succeeded, so
 * an interrupted or failed import leaves the old database as it was.  It is
 * idempotent: a source (one SOURCE argument) replaces its own earlier
 * records, so importing the same data twice gives the same records.
 */
#ifndef SHIPGATE_VULNDB_H
#define SHIPGATE_VULNDB_H
#include "common.h"
#include "error.h"

typedef struct sg_vulndb sg_vulndb;

/*
 * The default database path: $XDG_CACHE_HOME/shipgate/vuln.db, else
 * $HOME/.cache/shipgate/vuln.db.  (A cache: it is rebuilt from the advisory
 * data at any time.)  Caller frees *out.
 */
SG_EXTERN(int) sg_vulndb_default_path(char **out, sg_error *err);

/*
 * Open an existing database read-only.  A missing file is SG_ENOTFOUND; a
 * file that is not a shipgate database (or is corrupt) is SG_EINVALID.
 */
SG_EXTERN(int) sg_vulndb_open(sg_vulndb **out, const char *path,
			      sg_error *err);
SG_EXTERN(void) sg_vulndb_free(sg_vulndb *db);

/* Called for each input that was skipped (not advisory data, withdrawn…). */
typedef void (*sg_vulndb_note_fn)(void *ctx, const char *path,
				  const char *message);

typedef struct sg_vulndb_import_stats {
	size_t sources;         /* SOURCE arguments imported */
	size_t files;           /* documents read (zip members count) */
	size_t records;         /* advisories written */
	size_t affected;        /* (advisory, ecosystem, package) rows */
	size_t skipped;         /* documents or records skipped, see notes */
	double seconds;         /* wall time of the whole import */
} sg_vulndb_import_stats;

/*
 * Import `sources` ("PATH" or "NAME=PATH"; NAME defaults to the file or
 * directory name without extension) into the database at `path`, creating
 * it (and its directory) when missing.  `note` may be NULL.
 */
SG_EXTERN(int) sg_vulndb_import(const char *path, const char *const *sources,
				size_t nsources, sg_vulndb_note_fn note,
				void *note_ctx, sg_vulndb_import_stats *stats,
				sg_error *err);

typedef struct sg_vulndb_source {
	const char *name;       /* "debian-12-bookworm.osv" */
	const char *kind;       /* "osv", "alpine-secdb", "debian-tracker",
				   "nodejs-security-wg"; comma-joined if mixed */
	const char *location;   /* the path it was imported from */
	const char *imported_at;/* UTC, RFC 3339 */
	const char *modified;   /* newest record `modified`, or NULL */
	size_t records;
	size_t affected;
} sg_vulndb_source;

/* Database-wide facts for `shipgate db info` and the staleness check. */
typedef struct sg_vulndb_info {
	const char *path;
	const char *built_at;   /* UTC, RFC 3339: the last import */
	int64_t built_epoch;    /* the same, seconds since the epoch */
	int schema;
	size_t records;
	size_t affected;
	const sg_vulndb_source *sources;   /* sorted by name */
	size_t nsources;
} sg_vulndb_info;

/* Borrowed: lives as long as `db`. */
SG_EXTERN(const sg_vulndb_info *) sg_vulndb_get_info(const sg_vulndb *db);

#endif

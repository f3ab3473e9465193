/*
 * db.h: the vulnerability database's internals, shared by the importers
 * (import_*.c) and the matcher.  Schema: docs/vulndb.md.
 */
#ifndef SG_VULN_DB_H
#define SG_VULN_DB_H
#include "util/compat.h"
#include <jansson.h>
#include <sqlite3.h>
#include "shipgate/vulndb.h"
#include "util/arena.h"

#define VDB_FORMAT "shipgate-vulndb"
#define VDB_SCHEMA 2
/* Schema 1 (advisories unique per source and id, whatever the format)
 * is still read, and upgraded in place by the next import. */
#define VDB_SCHEMA_MIN 1

/* Largest single advisory document read (Debian's OSV array is ~8 MiB). */
#define VDB_MAX_DOC (256u << 20)

struct sg_vulndb {
	sqlite3 *db;
	struct sg_arena arena;
	sg_vulndb_info info;
};

/* Source kinds, as bits so a directory of mixed files records them all. */
enum vdb_kind {
	VDB_OSV = 1 << 0,
	VDB_SECDB = 1 << 1,
	VDB_DEBIAN = 1 << 2,
	VDB_NSWG = 1 << 3,
};

struct vdb_import {
	sqlite3 *db;
	int64_t source_id;
	unsigned kinds;
	char modified[40];              /* newest record `modified` seen */
	sg_vulndb_note_fn note;
	void *note_ctx;
	sg_vulndb_import_stats *stats;
	sqlite3_stmt *find_adv, *ins_adv, *upd_adv, *del_aff, *ins_aff;
};

/*
 * One advisory as an importer hands it over; NULL fields are unknown.
 * Records are per (source, format, id): an OSV record CVE-X and the
 * Alpine secdb's CVE-X in one source are two records that never touch
 * each other's packages.
 */
struct vdb_advisory {
	enum vdb_kind kind;             /* the format that read it */
	const char *id;
	const char *aliases;            /* comma-separated */
	const char *summary;
	const char *severity;           /* a rating word ("high") */
	const char *vector;             /* CVSS */
	double score;                   /* 0 = unknown */
	const char *published, *modified, *withdrawn;
	bool replace;                   /* same id again in this source and
					   format:
					   true replaces it (OSV), false adds
					   to it (secdb, tracker: one CVE per
					   package per release) */
};

struct vdb_affected {
	const char *ecosystem;
	const char *package;
	const char *ranges;             /* JSON: [{"type","events":[…]}] */
	const char *versions;           /* JSON array, or NULL */
	const char *fixed;              /* first fixed version, for display */
	bool unfixed;                   /* no fix event at all */
	const char *severity;           /* per-package rating word, or NULL */
};

int vdb_put_advisory(struct vdb_import *im, const char *path,
		     const struct vdb_advisory *a, int64_t *rowid,
		     sg_error *err);
int vdb_put_affected(struct vdb_import *im, const char *path, int64_t adv,
		     const struct vdb_affected *af, sg_error *err);
void vdb_note(struct vdb_import *im, const char *path, const char *fmt, ...)
	SG_PRINTF(3, 4);

/* Importers: one parsed document each.  Return SG_ENOTFOUND when the
 * document is not of their kind (so the caller can try the next). */
int vdb_import_osv(struct vdb_import *im, const char *path, json_t *doc,
		   sg_error *err);
int vdb_import_secdb(struct vdb_import *im, const char *path, json_t *doc,
		     sg_error *err);
int vdb_import_debian(struct vdb_import *im, const char *path, json_t *doc,
		      sg_error *err);
int vdb_import_nswg(struct vdb_import *im, const char *path, json_t *doc,
		    sg_error *err);

/*
 * npm range ("<=1.5.1", ">=1.0.0 <1.4.6 || 2.0.0", "^1.2.3") to OSV SEMVER
 * ranges (a JSON array of {type, events}).  NULL with *why set when the
 * expression cannot be expressed exactly.
 */
json_t *vdb_npm_range_to_osv(const char *expr, const char **why);

/*
 * The import path without any file system, for tests and the fuzzer: an
 * in-memory database into which each document (`path` decides JSON or YAML
 * by extension) is imported inside a transaction that is then rolled back.
 */
struct vdb_memory;
int vdb_memory_open(struct vdb_memory **out, sg_error *err);
int vdb_memory_import(struct vdb_memory *m, const char *path,
		      const char *data, size_t len,
		      sg_vulndb_import_stats *stats, sg_error *err);
void vdb_memory_close(struct vdb_memory *m);
/* open + import + close */
int vdb_import_memory(const char *path, const char *data, size_t len,
		      sg_vulndb_import_stats *stats, sg_error *err);

/* Text of a JSON string member, or NULL. */
const char *vdb_jstr(const json_t *obj, const char *key);

#endif

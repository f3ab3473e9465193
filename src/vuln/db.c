/*
 * db.c: the vulnerability database file: schema, opening, `db info`, and the
 * import driver (temporary copy, sources, directory walk, zip members,
 * JSON/YAML documents, dispatch to the importers).
 */
#include "util/compat.h"
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "vuln/db.h"
#include "util/buf.h"
#include "util/dynlib.h"
#include "util/fs.h"
#include "util/path.h"
#include "util/vec.h"
#include "util/yaml.h"

/* advisories' columns, shared by the schema and the schema 1 upgrade */
#define ADVISORIES_COLUMNS \
	"  id INTEGER PRIMARY KEY,\n" \
	"  source_id INTEGER NOT NULL REFERENCES sources(id),\n" \
	"  kind TEXT NOT NULL DEFAULT '',\n" \
	"  advisory TEXT NOT NULL,\n" \
	"  aliases TEXT,\n" \
	"  summary TEXT,\n" \
	"  severity TEXT,\n" \
	"  cvss_vector TEXT,\n" \
	"  cvss_score REAL,\n" \
	"  published TEXT,\n" \
	"  modified TEXT,\n" \
	"  withdrawn TEXT,\n" \
	"  UNIQUE (source_id, kind, advisory)"

static const char schema_sql[] =
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
	"CREATE TABLE sources (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL UNIQUE,\n"
	"  kind TEXT NOT NULL,\n"
	"  location TEXT NOT NULL,\n"
	"  imported_at TEXT NOT NULL,\n"
	"  modified TEXT,\n"
	"  records INTEGER NOT NULL DEFAULT 0,\n"
	"  affected INTEGER NOT NULL DEFAULT 0);\n"
	"CREATE TABLE advisories (\n" ADVISORIES_COLUMNS ");\n"
	"CREATE TABLE affected (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  advisory_id INTEGER NOT NULL REFERENCES advisories(id),\n"
	"  ecosystem TEXT NOT NULL,\n"
	"  package TEXT NOT NULL,\n"
	"  ranges TEXT NOT NULL,\n"
	"  versions TEXT,\n"
	"  fixed TEXT,\n"
	"  unfixed INTEGER NOT NULL,\n"
	"  severity TEXT);\n"
	"CREATE INDEX affected_by_package ON affected (ecosystem, package);\n"
	"CREATE INDEX affected_by_advisory ON affected (advisory_id);\n";

/*
 * Schema 1 had advisories unique per (source, id): an OSV record replacing
 * CVE-X deleted the Alpine secdb's CVE-X packages of the same source.  The
 * upgrade gives every record the format of its source when the source had
 * one (a mixed source's records get '' until it is imported again).
 */
static const char upgrade1_sql[] =
	"CREATE TABLE advisories_v2 (\n" ADVISORIES_COLUMNS ");\n"
	"INSERT INTO advisories_v2 (id, source_id, kind, advisory, aliases, "
	"summary, severity, cvss_vector, cvss_score, published, modified, "
	"withdrawn) SELECT a.id, a.source_id, (SELECT CASE WHEN "
	"instr(s.kind, ',') = 0 AND s.kind != 'empty' THEN s.kind ELSE '' END "
	"FROM sources s WHERE s.id = a.source_id), a.advisory, a.aliases, "
	"a.summary, a.severity, a.cvss_vector, a.cvss_score, a.published, "
	"a.modified, a.withdrawn FROM advisories a;\n"
	"DROP TABLE advisories;\n"
	"ALTER TABLE advisories_v2 RENAME TO advisories;\n"
	"UPDATE meta SET value = '2' WHERE key = 'schema';\n";

/* ---- small helpers ----------------------------------------------------- */

const char *vdb_jstr(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static void utc_now(char *buf, size_t n, int64_t *epoch)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (epoch)
		*epoch = (int64_t)t;
}

static int sql_fail(sqlite3 *db, sg_error *err, const char *path,
		    const char *what)
{
	int code = sqlite3_errcode(db);
	int rc = code == SQLITE_NOMEM ? SG_ENOMEM :
		 code == SQLITE_NOTADB || code == SQLITE_CORRUPT ||
		 code == SQLITE_ERROR ? SG_EINVALID : SG_EIO;

	if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
		return sg_error_set(err, rc, path, 0, 0,
				    "not a readable vulnerability database "
				    "(%s)", sqlite3_errmsg(db));
	return sg_error_set(err, rc, path, 0, 0, "%s: %s", what,
			    sqlite3_errmsg(db));
}

int sg_vulndb_default_path(char **out, sg_error *err)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	struct sg_buf b = SG_BUF_INIT(PATH_MAX);

	*out = NULL;
	if (xdg && xdg[0] == '/')
		sg_buf_printf(&b, "%s/shipgate/vuln.db", xdg);
	else if (home && *home)
		sg_buf_printf(&b, "%s/.cache/shipgate/vuln.db", home);
	else
		return sg_error_set(err, SG_EUSAGE, NULL, 0, 0,
				    "no database path: set XDG_CACHE_HOME or "
				    "HOME, or pass --db FILE");
	if (sg_buf_error(&b)) {
		sg_buf_release(&b);
		return sg_error_set(err, SG_ELIMIT, NULL, 0, 0,
				    "database path too long");
	}
	*out = sg_buf_detach(&b);
	return 0;
}

/* ---- opening ----------------------------------------------------------- */

/* The file is ours and of a schema we read; *schema says which. */
static int check_format(sqlite3 *db, const char *path, int *schema_out,
			sg_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0, fmt = 0, schema = 0;

	*schema_out = 0;
	if (sqlite3_prepare_v2(db, "SELECT key, value FROM meta", -1, &st,
			       NULL) != SQLITE_OK) {
		if (sqlite3_errcode(db) == SQLITE_ERROR)
			rc = sg_error_set(err, SG_EINVALID, path, 0, 0,
					  "not a shipgate vulnerability "
					  "database (no meta table)");
		else
			rc = sql_fail(db, err, path, "cannot read");
		goto done;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(st, 0);
		const char *v = (const char *)sqlite3_column_text(st, 1);

		if (sg_streq(k, "format") && sg_streq(v, VDB_FORMAT))
			fmt = 1;
		if (sg_streq(k, "schema") && v)
			schema = sg_streq(v, "1") ? 1 : sg_streq(v, "2") ? 2
								     : -1;
	}
	if (rc != SQLITE_DONE) {
		rc = sql_fail(db, err, path, "cannot read");
		goto done;
	}
	rc = 0;
	if (!fmt)
		rc = sg_error_set(err, SG_EINVALID, path, 0, 0,
				  "not a shipgate vulnerability database");
	else if (schema < VDB_SCHEMA_MIN || schema > VDB_SCHEMA)
		rc = sg_error_set(err, SG_EINVALID, path, 0, 0,
				  "vulnerability database schema is not %d; "
				  "re-import it with this shipgate", VDB_SCHEMA);
	else
		*schema_out = schema;
done:
	sqlite3_finalize(st);
	return rc;
}

static int load_info(sg_vulndb *v, const char *path, int schema,
		     sg_error *err)
{
	SG_VEC(sg_vulndb_source) srcs = SG_VEC_INIT;
	struct sg_arena *a = &v->arena;
	sqlite3_stmt *st = NULL;
	int rc = 0, s;

	v->info.path = sg_arena_strdup(a, path);
	v->info.schema = schema;
	if (sqlite3_prepare_v2(v->db,
			       "SELECT value, CAST(strftime('%s', value) AS "
			       "INTEGER) FROM meta WHERE key = 'built_at'",
			       -1, &st, NULL) != SQLITE_OK)
		goto sqlerr;
	if ((s = sqlite3_step(st)) == SQLITE_ROW) {
		v->info.built_at = sg_arena_strdup(
			a, (const char *)sqlite3_column_text(st, 0));
		v->info.built_epoch = sqlite3_column_int64(st, 1);
	} else if (s != SQLITE_DONE)
		goto sqlerr;
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(v->db,
			       "SELECT name, kind, location, imported_at, "
			       "modified, records, affected FROM sources "
			       "ORDER BY name", -1, &st, NULL) != SQLITE_OK)
		goto sqlerr;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		sg_vulndb_source src;

#define COL(i) sg_arena_strdup(a, (const char *)sqlite3_column_text(st, i))
		src.name = COL(0);
		src.kind = COL(1);
		src.location = COL(2);
		src.imported_at = COL(3);
		src.modified = COL(4);
#undef COL
		src.records = (size_t)sqlite3_column_int64(st, 5);
		src.affected = (size_t)sqlite3_column_int64(st, 6);
		v->info.records += src.records;
		v->info.affected += src.affected;
		if (sg_vec_push(&srcs, src) < 0) {
			rc = sg_error_set(err, SG_ENOMEM, path, 0, 0,
					  "out of memory");
			goto done;
		}
	}
	if (s != SQLITE_DONE)
		goto sqlerr;
	if (srcs.n) {
		sg_vulndb_source *copy = sg_arena_calloc(a, srcs.n,
							 sizeof(*copy));

		if (copy)
			memcpy(copy, srcs.v, srcs.n * sizeof(*copy));
		v->info.sources = copy;
		v->info.nsources = srcs.n;
	}
	if (a->oom)
		rc = sg_error_set(err, SG_ENOMEM, path, 0, 0, "out of memory");
	goto done;
sqlerr:
	rc = sql_fail(v->db, err, path, "cannot read");
done:
	sqlite3_finalize(st);
	sg_vec_release(&srcs);
	return rc;
}

int sg_vulndb_open(sg_vulndb **out, const char *path, sg_error *err)
{
	sg_vulndb *v;
	struct stat sb;
	int rc, schema;

	*out = NULL;
	if (stat(path, &sb) != 0)
		return sg_error_set(err, SG_ENOTFOUND, path, 0, 0,
				    "no vulnerability database here; build "
				    "one with 'shipgate db import'");
	if (!S_ISREG(sb.st_mode))
		return sg_error_set(err, SG_EINVALID, path, 0, 0,
				    "vulnerability database is not a file");
	if ((rc = sg_dynlib_load(SG_DYNLIB_SQLITE, err)) < 0)
		return rc;
	v = calloc(1, sizeof(*v));
	if (!v)
		return sg_error_set(err, SG_ENOMEM, path, 0, 0,
				    "out of memory");
	sg_arena_init(&v->arena);
	if (sqlite3_open_v2(path, &v->db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		rc = sql_fail(v->db, err, path, "cannot open");
		goto fail;
	}
	rc = check_format(v->db, path, &schema, err);
	if (rc == 0)
		rc = load_info(v, path, schema, err);
	if (rc < 0)
		goto fail;
	*out = v;
	return 0;
fail:
	sg_vulndb_free(v);
	return rc;
}

void sg_vulndb_free(sg_vulndb *db)
{
	if (!db)
		return;
	sqlite3_close(db->db);
	sg_arena_release(&db->arena);
	free(db);
}

const sg_vulndb_info *sg_vulndb_get_info(const sg_vulndb *db)
{
	return &db->info;
}

/* ---- writing records --------------------------------------------------- */

void vdb_note(struct vdb_import *im, const char *path, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	im->stats->skipped++;
	if (!im->note)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	im->note(im->note_ctx, path, msg);
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/* A format's name in sources.kind and advisories.kind. */
static const char *kind_name(enum vdb_kind k)
{
	switch (k) {
	case VDB_OSV:
		return "osv";
	case VDB_SECDB:
		return "alpine-secdb";
	case VDB_DEBIAN:
		return "debian-tracker";
	case VDB_NSWG:
		return "nodejs-security-wg";
	}
	return "";
}

int vdb_put_advisory(struct vdb_import *im, const char *path,
		     const struct vdb_advisory *a, int64_t *rowid,
		     sg_error *err)
{
	sqlite3_stmt *st;
	int64_t id = 0;
	int s;

	st = im->find_adv;
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, im->source_id);
	bind_text(st, 2, a->id);
	bind_text(st, 3, kind_name(a->kind));
	s = sqlite3_step(st);
	if (s == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	else if (s != SQLITE_DONE)
		goto sqlerr;
	sqlite3_reset(st);
	if (id && !a->replace) {
		*rowid = id;            /* one more package for a known CVE */
		return 0;
	}
	if (id) {
		/* the same id again: the later document wins, whole */
		sqlite3_reset(im->del_aff);
		sqlite3_bind_int64(im->del_aff, 1, id);
		if (sqlite3_step(im->del_aff) != SQLITE_DONE)
			goto sqlerr;
		/* the summary counts what is stored, not what was read */
		im->stats->affected -= SG_MIN(im->stats->affected,
					      (size_t)sqlite3_changes(im->db));
		st = im->upd_adv;
	} else {
		st = im->ins_adv;
		im->stats->records++;
	}
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, im->source_id);
	bind_text(st, 2, a->id);
	bind_text(st, 3, a->aliases && *a->aliases ? a->aliases : NULL);
	bind_text(st, 11, kind_name(a->kind));
	bind_text(st, 4, a->summary && *a->summary ? a->summary : NULL);
	bind_text(st, 5, a->severity);
	bind_text(st, 6, a->vector);
	if (a->score > 0)
		sqlite3_bind_double(st, 7, a->score);
	else
		sqlite3_bind_null(st, 7);
	bind_text(st, 8, a->published);
	bind_text(st, 9, a->modified);
	bind_text(st, 10, a->withdrawn);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto sqlerr;
	*rowid = id ? id : sqlite3_last_insert_rowid(im->db);
	if (a->modified && strcmp(a->modified, im->modified) > 0 &&
	    strlen(a->modified) < sizeof(im->modified))
		snprintf(im->modified, sizeof(im->modified), "%s",
			 a->modified);
	return 0;
sqlerr:
	return sql_fail(im->db, err, path, "cannot write advisory");
}

int vdb_put_affected(struct vdb_import *im, const char *path, int64_t adv,
		     const struct vdb_affected *af, sg_error *err)
{
	sqlite3_stmt *st = im->ins_aff;

	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, adv);
	bind_text(st, 2, af->ecosystem);
	bind_text(st, 3, af->package);
	bind_text(st, 4, af->ranges);
	bind_text(st, 5, af->versions);
	bind_text(st, 6, af->fixed);
	sqlite3_bind_int(st, 7, af->unfixed);
	bind_text(st, 8, af->severity);
	if (sqlite3_step(st) != SQLITE_DONE)
		return sql_fail(im->db, err, path, "cannot write affected");
	im->stats->affected++;
	return 0;
}

/* ---- documents --------------------------------------------------------- */

/* A YAML tree as JSON: every scalar becomes a string (OSV versions are
 * strings, and "1.10" must not turn into the number 1.1). */
static json_t *yaml_to_json(const struct sg_yaml_node *n)
{
	json_t *j = NULL;
	size_t i;

	if (!n)
		return json_null();
	switch (n->kind) {
	case SG_YAML_SCALAR:
		if (n->style == SG_YAML_PLAIN && sg_yaml_is_null(n))
			return json_null();
		return json_stringn_nocheck(n->value, n->len);
	case SG_YAML_SEQ:
		j = json_array();
		for (i = 0; j && i < n->nitems; i++)
			if (json_array_append_new(j, yaml_to_json(n->items[i])))
				goto fail;
		return j;
	case SG_YAML_MAP:
		j = json_object();
		for (i = 0; j && i < n->npairs; i++) {
			const struct sg_yaml_node *k = n->pairs[i].key;

			if (k->kind != SG_YAML_SCALAR)
				continue;
			if (json_object_setn_new_nocheck(j, k->value, k->len,
					yaml_to_json(n->pairs[i].value)))
				goto fail;
		}
		return j;
	}
fail:
	json_decref(j);
	return NULL;
}

static bool is_yaml_name(const char *name)
{
	return sg_endswith(name, ".yaml") || sg_endswith(name, ".yml");
}

static bool is_doc_name(const char *name)
{
	return sg_endswith(name, ".json") || is_yaml_name(name);
}

static int import_object(struct vdb_import *im, const char *path,
			 json_t *doc, sg_error *err)
{
	static const struct {
		int (*fn)(struct vdb_import *, const char *, json_t *,
			  sg_error *);
		unsigned kind;
	} importers[] = {
		{ vdb_import_osv, VDB_OSV },
		{ vdb_import_secdb, VDB_SECDB },
		{ vdb_import_nswg, VDB_NSWG },
		{ vdb_import_debian, VDB_DEBIAN },
	};
	size_t i;
	int rc;

	for (i = 0; i < SG_ARRAY_SIZE(importers); i++) {
		rc = importers[i].fn(im, path, doc, err);
		if (rc == SG_ENOTFOUND)
			continue;
		if (rc == 0)
			im->kinds |= importers[i].kind;
		return rc;
	}
	return SG_ENOTFOUND;
}

/* One file or zip member.  Not advisory data: a note, not an error. */
static int import_document(struct vdb_import *im, const char *path,
			   const char *data, size_t len, sg_error *err)
{
	json_t *doc = NULL;
	json_error_t jerr;
	int rc = 0;

	im->stats->files++;
	if (is_yaml_name(path)) {
		struct sg_yaml_doc *y = NULL;

		rc = sg_yaml_parse(&y, path, data, len, NULL, err);
		if (rc < 0)
			return rc;
		doc = yaml_to_json(y->root);
		sg_yaml_free(y);
		if (!doc)
			return sg_error_set(err, SG_ENOMEM, path, 0, 0,
					    "out of memory");
	} else {
		doc = json_loadb(data, len, JSON_REJECT_DUPLICATES |
				 JSON_ALLOW_NUL, &jerr);
		if (!doc)
			return sg_error_set(err, SG_EINVALID, path,
					    (unsigned)SG_MAX(jerr.line, 0),
					    (unsigned)SG_MAX(jerr.column, 0),
					    "invalid JSON: %s", jerr.text);
	}
	if (json_is_array(doc)) {
		/* an array of OSV records (Debian's converted OVAL file) */
		size_t i;
		json_t *rec;

		json_array_foreach(doc, i, rec) {
			rc = vdb_import_osv(im, path, rec, err);
			if (rc == SG_ENOTFOUND) {
				vdb_note(im, path, "array element %zu is not "
					 "an OSV record; skipped", i);
				rc = 0;
			} else if (rc < 0) {
				break;
			} else {
				im->kinds |= VDB_OSV;
			}
		}
	} else if (json_is_object(doc)) {
		rc = import_object(im, path, doc, err);
		if (rc == SG_ENOTFOUND) {
			vdb_note(im, path, "not a recognised advisory format; "
				 "skipped");
			rc = 0;
		}
	} else {
		vdb_note(im, path, "not a recognised advisory format; "
			 "skipped");
	}
	json_decref(doc);
	return rc;
}

static int import_zip(struct vdb_import *im, const char *path,
		      sg_error *err)
{
	struct archive *ar;
	struct archive_entry *e;
	struct sg_buf name = SG_BUF_INIT(PATH_MAX);
	char *data = NULL;
	int rc = 0, s;

	if ((rc = sg_dynlib_load(SG_DYNLIB_ARCHIVE, err)) < 0)
		return rc;
	if (!(ar = archive_read_new()))
		return sg_error_set(err, SG_ENOMEM, path, 0, 0,
				    "out of memory");
	archive_read_support_format_zip(ar);
	if (archive_read_open_filename(ar, path, 1 << 16) != ARCHIVE_OK) {
		rc = sg_error_set(err, SG_EINVALID, path, 0, 0,
				  "cannot read zip archive: %s",
				  archive_error_string(ar));
		goto done;
	}
	while ((s = archive_read_next_header(ar, &e)) == ARCHIVE_OK) {
		const char *mname = archive_entry_pathname(e);
		la_int64_t size = archive_entry_size(e);
		la_ssize_t got;
		size_t have = 0;

		if (archive_entry_filetype(e) != AE_IFREG || !mname ||
		    !is_doc_name(mname))
			continue;
		if (size < 0 || (uint64_t)size > VDB_MAX_DOC) {
			rc = sg_error_set(err, SG_ELIMIT, path, 0, 0,
					  "zip member %s is larger than %u MiB",
					  mname, VDB_MAX_DOC >> 20);
			goto done;
		}
		free(data);
		data = malloc((size_t)size + 1);
		if (!data) {
			rc = sg_error_set(err, SG_ENOMEM, path, 0, 0,
					  "out of memory");
			goto done;
		}
		while (have < (size_t)size &&
		       (got = archive_read_data(ar, data + have,
						(size_t)size - have)) > 0)
			have += (size_t)got;
		if (have != (size_t)size) {
			rc = sg_error_set(err, SG_EINVALID, path, 0, 0,
					  "zip member %s is truncated or "
					  "unreadable", mname);
			goto done;
		}
		sg_buf_clear(&name);
		sg_buf_printf(&name, "%s:%s", path, mname);
		if (sg_buf_error(&name)) {
			rc = sg_error_set(err, SG_ELIMIT, path, 0, 0,
					  "zip member name too long");
			goto done;
		}
		rc = import_document(im, sg_buf_cstr(&name), data, have, err);
		if (rc < 0)
			goto done;
	}
	if (s != ARCHIVE_EOF)
		rc = sg_error_set(err, SG_EINVALID, path, 0, 0,
				  "cannot read zip archive: %s",
				  archive_error_string(ar));
done:
	free(data);
	sg_buf_release(&name);
	archive_read_free(ar);
	return rc;
}

static int import_file(struct vdb_import *im, const char *path,
		       sg_error *err)
{
	struct sg_buf b = SG_BUF_INIT(VDB_MAX_DOC);
	int rc;

	if (sg_endswith(path, ".zip"))
		return import_zip(im, path, err);
	rc = sg_read_file(path, VDB_MAX_DOC, &b, err);
	if (rc == 0)
		rc = import_document(im, path, b.ptr ? b.ptr : "", b.len, err);
	sg_buf_release(&b);
	return rc;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Depth-first, names sorted, so an import is the same on every machine. */
static int import_dir(struct vdb_import *im, const char *dir, int depth,
		      sg_error *err)
{
	SG_VEC(char *) names = SG_VEC_INIT;
	struct sg_buf p = SG_BUF_INIT(PATH_MAX);
	DIR *d;
	struct dirent *de;
	size_t i;
	int rc = 0;

	if (depth > 32)
		return sg_error_set(err, SG_ELIMIT, dir, 0, 0,
				    "directories nested deeper than 32");
	d = opendir(dir);
	if (!d)
		return sg_error_set(err, SG_EIO, dir, 0, 0,
				    "cannot read directory: %s",
				    strerror(errno));
	while ((de = readdir(d)) != NULL) {
		char *n;

		if (de->d_name[0] == '.')
			continue;       /* ., .., .git and friends */
		n = strdup(de->d_name);
		if (!n || sg_vec_push(&names, n) < 0) {
			free(n);
			rc = sg_error_set(err, SG_ENOMEM, dir, 0, 0,
					  "out of memory");
			goto done;
		}
	}
	if (names.n > 1)
		qsort(names.v, names.n, sizeof(char *), cmp_names);
	for (i = 0; i < names.n && rc == 0; i++) {
		struct stat sb;

		sg_buf_clear(&p);
		sg_buf_printf(&p, "%s/%s", dir, names.v[i]);
		if (sg_buf_error(&p)) {
			rc = sg_error_set(err, SG_ELIMIT, dir, 0, 0,
					  "path too long");
			break;
		}
		if (stat(sg_buf_cstr(&p), &sb) != 0)
			continue;       /* a dangling link */
		if (S_ISDIR(sb.st_mode))
			rc = import_dir(im, sg_buf_cstr(&p), depth + 1, err);
		else if (S_ISREG(sb.st_mode) &&
			 (is_doc_name(names.v[i]) ||
			  sg_endswith(names.v[i], ".zip")))
			rc = import_file(im, sg_buf_cstr(&p), err);
	}
done:
	closedir(d);
	for (i = 0; i < names.n; i++)
		free(names.v[i]);
	sg_vec_release(&names);
	sg_buf_release(&p);
	return rc;
}

/* ---- import driver ----------------------------------------------------- */

static int exec(sqlite3 *db, const char *path, const char *sql,
		sg_error *err)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return sql_fail(db, err, path, "cannot update database");
	return 0;
}

/* "NAME=PATH" or "PATH" (name: the last component without extension). */
static int source_name(const char *arg, char *name, size_t nsize,
		       const char **path)
{
	const char *eq = strchr(arg, '=');
	const char *base;
	size_t n;

	if (eq && eq != arg && !memchr(arg, '/', (size_t)(eq - arg))) {
		n = (size_t)(eq - arg);
		*path = eq + 1;
		base = arg;
	} else {
		*path = arg;
		n = strlen(arg);
		while (n > 1 && arg[n - 1] == '/')
			n--;
		base = arg + n;
		while (base > arg && base[-1] != '/')
			base--;
		n = (size_t)(arg + n - base);
		{
			static const char *const exts[] = {
				".json", ".yaml", ".yml", ".zip",
			};
			size_t i;

			for (i = 0; i < SG_ARRAY_SIZE(exts); i++) {
				size_t el = strlen(exts[i]);

				if (n > el && !strncmp(base + n - el, exts[i],
						       el)) {
					n -= el;
					break;
				}
			}
		}
	}
	if (n == 0 || n >= nsize)
		return -1;
	memcpy(name, base, n);
	name[n] = '\0';
	return 0;
}

/*
 * Two arguments naming the same source would replace each other (two
 * Alpine branches' main.json): refused, before anything is written.
 */
static int check_names(const char *const *sources, size_t n, sg_error *err)
{
	char a[256], b[256];
	const char *pa, *pb;
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (source_name(sources[i], a, sizeof(a), &pa) < 0)
			return sg_error_set(err, SG_EUSAGE, sources[i], 0, 0,
					    "cannot name this source; use "
					    "NAME=PATH");
		for (j = 0; j < i; j++) {
			if (source_name(sources[j], b, sizeof(b), &pb) < 0 ||
			    strcmp(a, b) != 0)
				continue;
			return sg_error_set(err, SG_EUSAGE, sources[i], 0, 0,
					    "source name '%s' is also the name "
					    "of %s, which it would replace; "
					    "name them: NAME=PATH (e.g. "
					    "alpine-v3.19-main=%s)", a,
					    sources[j], pa);
		}
	}
	return 0;
}

static int kind_text(unsigned kinds, char *buf, size_t n)
{
	static const struct { unsigned bit; const char *name; } k[] = {
		{ VDB_SECDB, "alpine-secdb" },
		{ VDB_DEBIAN, "debian-tracker" },
		{ VDB_NSWG, "nodejs-security-wg" },
		{ VDB_OSV, "osv" },
	};
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < SG_ARRAY_SIZE(k); i++)
		if (kinds & k[i].bit)
			o += (size_t)snprintf(buf + o, n - SG_MIN(o, n), "%s%s",
					      o ? "," : "", k[i].name);
	if (!buf[0])
		snprintf(buf, n, "empty");
	return 0;
}

static int prepare_all(struct vdb_import *im, const char *path,
		       sg_error *err)
{
	static const char *const sql[] = {
		"SELECT id FROM advisories WHERE source_id = ?1 AND "
		"kind = ?3 AND advisory = ?2",
		"INSERT INTO advisories (source_id, advisory, aliases, "
		"summary, severity, cvss_vector, cvss_score, published, "
		"modified, withdrawn, kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
		"?7, ?8, ?9, ?10, ?11)",
		"UPDATE advisories SET aliases = ?3, summary = ?4, "
		"severity = ?5, cvss_vector = ?6, cvss_score = ?7, "
		"published = ?8, modified = ?9, withdrawn = ?10 WHERE "
		"source_id = ?1 AND kind = ?11 AND advisory = ?2",
		"DELETE FROM affected WHERE advisory_id = ?1",
		"INSERT INTO affected (advisory_id, ecosystem, package, ranges, "
		"versions, fixed, unfixed, severity) VALUES (?1, ?2, ?3, ?4, "
		"?5, ?6, ?7, ?8)",
	};
	sqlite3_stmt **dst[] = {
		&im->find_adv, &im->ins_adv, &im->upd_adv, &im->del_aff,
		&im->ins_aff,
	};
	size_t i;

	for (i = 0; i < SG_ARRAY_SIZE(sql); i++)
		if (sqlite3_prepare_v2(im->db, sql[i], -1, dst[i], NULL) !=
		    SQLITE_OK)
			return sql_fail(im->db, err, path, "cannot prepare");
	return 0;
}

static void finalize_all(struct vdb_import *im)
{
	sqlite3_finalize(im->find_adv);
	sqlite3_finalize(im->ins_adv);
	sqlite3_finalize(im->upd_adv);
	sqlite3_finalize(im->del_aff);
	sqlite3_finalize(im->ins_aff);
	im->find_adv = im->ins_adv = im->upd_adv = NULL;
	im->del_aff = im->ins_aff = NULL;
}

static int import_source(struct vdb_import *im, const char *dbpath,
			 const char *arg, const char *now, sg_error *err)
{
	char name[256], kinds[128];
	const char *path;
	struct stat sb;
	sqlite3_stmt *st = NULL;
	size_t recs0 = im->stats->records, aff0 = im->stats->affected;
	int rc;

	if (source_name(arg, name, sizeof(name), &path) < 0)
		return sg_error_set(err, SG_EUSAGE, arg, 0, 0,
				    "cannot name this source; use NAME=PATH");
	if (stat(path, &sb) != 0)
		return sg_error_set(err, SG_ENOTFOUND, path, 0, 0,
				    "no such file or directory");
	/* replacing: drop whatever this source imported before */
	if (sqlite3_prepare_v2(im->db, "SELECT id FROM sources WHERE name = ?",
			       -1, &st, NULL) != SQLITE_OK)
		return sql_fail(im->db, err, dbpath, "cannot prepare");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW) {
		int64_t old = sqlite3_column_int64(st, 0);
		char sql[256];

		snprintf(sql, sizeof(sql),
			 "DELETE FROM affected WHERE advisory_id IN (SELECT id "
			 "FROM advisories WHERE source_id = %lld);"
			 "DELETE FROM advisories WHERE source_id = %lld;"
			 "DELETE FROM sources WHERE id = %lld;",
			 (long long)old, (long long)old, (long long)old);
		sqlite3_finalize(st);
		st = NULL;
		if ((rc = exec(im->db, dbpath, sql, err)) < 0)
			return rc;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(im->db,
			       "INSERT INTO sources (name, kind, location, "
			       "imported_at) VALUES (?, '', ?, ?)", -1, &st,
			       NULL) != SQLITE_OK)
		return sql_fail(im->db, err, dbpath, "cannot prepare");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 :
	     sql_fail(im->db, err, dbpath, "cannot add source");
	sqlite3_finalize(st);
	st = NULL;
	if (rc < 0)
		return rc;
	im->source_id = sqlite3_last_insert_rowid(im->db);
	im->kinds = 0;
	im->modified[0] = '\0';
	if (S_ISDIR(sb.st_mode))
		rc = import_dir(im, path, 0, err);
	else
		rc = import_file(im, path, err);
	if (rc < 0)
		return rc;
	kind_text(im->kinds, kinds, sizeof(kinds));
	if (sqlite3_prepare_v2(im->db,
			       "UPDATE sources SET kind = ?, modified = ?, "
			       "records = ?, affected = ? WHERE id = ?", -1,
			       &st, NULL) != SQLITE_OK)
		return sql_fail(im->db, err, dbpath, "cannot prepare");
	sqlite3_bind_text(st, 1, kinds, -1, SQLITE_TRANSIENT);
	bind_text(st, 2, im->modified[0] ? im->modified : NULL);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)(im->stats->records - recs0));
	sqlite3_bind_int64(st, 4, (sqlite3_int64)(im->stats->affected - aff0));
	sqlite3_bind_int64(st, 5, im->source_id);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 :
	     sql_fail(im->db, err, dbpath, "cannot update source");
	sqlite3_finalize(st);
	im->stats->sources++;
	return rc;
}

/* mkdir -p of the directory part of `path`. */
static int make_parent(const char *path, sg_error *err)
{
	char buf[PATH_MAX];
	size_t i, n = sg_path_dirlen(path);

	if (n == 0)
		return 0;
	if (n >= sizeof(buf))
		return sg_error_set(err, SG_ELIMIT, path, 0, 0,
				    "path too long");
	memcpy(buf, path, n);
	buf[n] = '\0';
	for (i = 1; i <= n; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, 0755) != 0 && errno != EEXIST)
			return sg_error_set(err, SG_EIO, buf, 0, 0,
					    "cannot create directory: %s",
					    strerror(errno));
		if (i < n)
			buf[i] = '/';
	}
	return 0;
}

/* Start the temporary database from the current one (or empty). */
static int seed_temp(sqlite3 *tmp, const char *dbpath, const char *tmppath,
		     bool *fresh, sg_error *err)
{
	sqlite3 *old = NULL;
	sqlite3_backup *bk;
	int rc = 0, schema = 0;

	*fresh = !sg_path_exists(dbpath);
	if (*fresh)
		return 0;
	if (sqlite3_open_v2(dbpath, &old, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		rc = sql_fail(old, err, dbpath, "cannot open");
		goto done;
	}
	if ((rc = check_format(old, dbpath, &schema, err)) < 0)
		goto done;
	bk = sqlite3_backup_init(tmp, "main", old, "main");
	if (!bk) {
		rc = sql_fail(tmp, err, tmppath, "cannot copy database");
		goto done;
	}
	if (sqlite3_backup_step(bk, -1) != SQLITE_DONE) {
		sqlite3_backup_finish(bk);
		rc = sql_fail(old, err, dbpath, "cannot copy database");
		goto done;
	}
	if (sqlite3_backup_finish(bk) != SQLITE_OK)
		rc = sql_fail(tmp, err, tmppath, "cannot copy database");
	else if (schema == 1 &&
		 sqlite3_exec(tmp, upgrade1_sql, NULL, NULL, NULL) != SQLITE_OK)
		rc = sql_fail(tmp, err, tmppath, "cannot upgrade schema 1");
done:
	sqlite3_close(old);
	return rc;
}

int sg_vulndb_import(const char *path, const char *const *sources,
		     size_t nsources, sg_vulndb_note_fn note, void *note_ctx,
		     sg_vulndb_import_stats *stats, sg_error *err)
{
	sg_vulndb_import_stats local;
	struct vdb_import im;
	struct sg_buf tmppath = SG_BUF_INIT(PATH_MAX);
	struct timespec t0, t1;
	char now[32], sql[160];
	sqlite3 *db = NULL;
	bool fresh = false, created = false;
	size_t i;
	int rc, fd;

	if (!stats)
		stats = &local;
	memset(stats, 0, sizeof(*stats));
	memset(&im, 0, sizeof(im));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((rc = check_names(sources, nsources, err)) < 0 ||
	    (rc = sg_dynlib_load(SG_DYNLIB_SQLITE, err)) < 0)
		return rc;
	if ((rc = make_parent(path, err)) < 0)
		return rc;
	/* the temporary file sits beside the database so rename() is atomic */
	sg_buf_printf(&tmppath, "%s.import-XXXXXX", path);
	if (sg_buf_error(&tmppath))
		return sg_error_set(err, SG_ELIMIT, path, 0, 0,
				    "path too long");
	fd = mkstemp(tmppath.ptr);
	if (fd < 0) {
		rc = sg_error_set(err, SG_EIO, path, 0, 0,
				  "cannot create a temporary database: %s",
				  strerror(errno));
		goto done;
	}
	/* mkstemp makes it 0600; the database is no secret */
	(void)fchmod(fd, 0644);
	close(fd);
	created = true;
	if (sqlite3_open_v2(tmppath.ptr, &db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		rc = sql_fail(db, err, tmppath.ptr, "cannot open");
		goto done;
	}
	if ((rc = seed_temp(db, path, tmppath.ptr, &fresh, err)) < 0)
		goto done;
	/* atomicity comes from the rename: no journal needed on the copy */
	if ((rc = exec(db, tmppath.ptr, "PRAGMA journal_mode = OFF;"
		       "PRAGMA synchronous = OFF;PRAGMA cache_size = -65536;"
		       "BEGIN", err)) < 0)
		goto done;
	if (fresh) {
		if ((rc = exec(db, tmppath.ptr, schema_sql, err)) < 0)
			goto done;
		snprintf(sql, sizeof(sql),
			 "INSERT INTO meta VALUES ('format', '%s'), "
			 "('schema', '%d')", VDB_FORMAT, VDB_SCHEMA);
		if ((rc = exec(db, tmppath.ptr, sql, err)) < 0)
			goto done;
	}
	im.db = db;
	im.note = note;
	im.note_ctx = note_ctx;
	im.stats = stats;
	if ((rc = prepare_all(&im, tmppath.ptr, err)) < 0)
		goto done;
	utc_now(now, sizeof(now), NULL);
	for (i = 0; i < nsources; i++)
		if ((rc = import_source(&im, path, sources[i], now, err)) < 0)
			goto done;
	finalize_all(&im);
	snprintf(sql, sizeof(sql), "INSERT OR REPLACE INTO meta VALUES "
		 "('built_at', '%s');COMMIT", now);
	if ((rc = exec(db, tmppath.ptr, sql, err)) < 0)
		goto done;
	if (sqlite3_close(db) != SQLITE_OK) {
		rc = sql_fail(db, err, tmppath.ptr, "cannot close");
		db = NULL;
		goto done;
	}
	db = NULL;
	fd = open(tmppath.ptr, O_RDONLY);
	if (fd < 0 || fsync(fd) != 0) {
		rc = sg_error_set(err, SG_EIO, tmppath.ptr, 0, 0,
				  "cannot sync: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		goto done;
	}
	close(fd);
	if (rename(tmppath.ptr, path) != 0) {
		rc = sg_error_set(err, SG_EIO, path, 0, 0,
				  "cannot replace the database: %s",
				  strerror(errno));
		goto done;
	}
	created = false;
done:
	finalize_all(&im);
	if (db)
		sqlite3_close(db);
	if (created)
		unlink(tmppath.ptr);
	sg_buf_release(&tmppath);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	stats->seconds = (double)(t1.tv_sec - t0.tv_sec) +
			 (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	return rc;
}

struct vdb_memory {
	struct vdb_import im;
};

int vdb_memory_open(struct vdb_memory **out, sg_error *err)
{
	struct vdb_memory *m = calloc(1, sizeof(*m));
	sqlite3 *db = NULL;
	int rc;

	*out = NULL;
	if (!m)
		return sg_error_set(err, SG_ENOMEM, NULL, 0, 0,
				    "out of memory");
	if ((rc = sg_dynlib_load(SG_DYNLIB_SQLITE, err)) < 0) {
		free(m);
		return rc;
	}
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		rc = sql_fail(db, err, ":memory:", "cannot open");
		goto fail;
	}
	m->im.db = db;
	if ((rc = exec(db, ":memory:", schema_sql, err)) < 0 ||
	    (rc = exec(db, ":memory:", "INSERT INTO sources (name, kind, "
		       "location, imported_at) VALUES ('mem', '', '', '')",
		       err)) < 0)
		goto fail;
	m->im.source_id = sqlite3_last_insert_rowid(db);
	if ((rc = prepare_all(&m->im, ":memory:", err)) < 0)
		goto fail;
	*out = m;
	return 0;
fail:
	vdb_memory_close(m);
	return rc;
}

int vdb_memory_import(struct vdb_memory *m, const char *path,
		      const char *data, size_t len,
		      sg_vulndb_import_stats *stats, sg_error *err)
{
	int rc;

	memset(stats, 0, sizeof(*stats));
	m->im.stats = stats;
	if ((rc = exec(m->im.db, path, "BEGIN", err)) < 0)
		return rc;
	rc = import_document(&m->im, path, data, len, err);
	sqlite3_exec(m->im.db, "ROLLBACK", NULL, NULL, NULL);
	m->im.stats = NULL;
	return rc;
}

void vdb_memory_close(struct vdb_memory *m)
{
	if (!m)
		return;
	finalize_all(&m->im);
	sqlite3_close(m->im.db);
	free(m);
}

int vdb_import_memory(const char *path, const char *data, size_t len,
		      sg_vulndb_import_stats *stats, sg_error *err)
{
	struct vdb_memory *m;
	int rc = vdb_memory_open(&m, err);

	if (rc < 0)
		return rc;
	rc = vdb_memory_import(m, path, data, len, stats, err);
	vdb_memory_close(m);
	return rc;
}

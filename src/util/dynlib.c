/*
 * dynlib.c: the libgit2, libarchive, SQLite and libcrypto functions
 * shipgate calls, forwarded to the libraries loaded on first use (why:
 * dynlib.h).
 *
 * Each list entry restates a prototype of the library's header: F(return
 * type, name, parameters, arguments), V(name, parameters, arguments) for
 * void functions.  The header declares the same function, so a prototype
 * that drifts from the library's does not compile.  A call the lists lack
 * is an undefined symbol at link time: nothing falls back silently.
 */
#include "util/dynlib.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <archive.h>
#include <archive_entry.h>
#include <git2.h>
#include <sqlite3.h>
#define OPENSSL_SUPPRESS_DEPRECATED     /* SHA256_*: see sha256.c */
#include <openssl/opensslv.h>
#include <openssl/sha.h>


/* libarchive 3 has kept its soname since 3.0; libgit2 changes it with every
 * minor version and says which in its header. */
#if ARCHIVE_VERSION_NUMBER < 3000000 || ARCHIVE_VERSION_NUMBER >= 4000000
#error "libarchive 3 expected: set the soname of this version here"
#endif
#define ARCHIVE_SONAME "libarchive.so.13"
#define GIT2_SONAME "libgit2.so." LIBGIT2_SOVERSION
/* SQLite 3 has been libsqlite3.so.0 throughout; OpenSSL names the soname
 * by its major version since 3.0 */
#if SQLITE_VERSION_NUMBER < 3036000 || SQLITE_VERSION_NUMBER >= 4000000
#error "SQLite 3.36 or later 3.x expected (sqlite3_deserialize)"
#endif
#define SQLITE_SONAME "libsqlite3.so.0"
#if OPENSSL_VERSION_MAJOR != 3
#error "OpenSSL 3 expected: set the soname of this version here"
#endif
#define CRYPTO_SONAME "libcrypto.so.3"

#define SG_GIT2_FUNCS(F, V) \
	V(git_blob_free, (git_blob *a), (a)) \
	F(int, git_blob_lookup, \
	  (git_blob **a, git_repository *b, const git_oid *c), (a, b, c)) \
	F(const void *, git_blob_rawcontent, (const git_blob *a), (a)) \
	F(git_object_size_t, git_blob_rawsize, (const git_blob *a), (a)) \
	F(int, git_commit_tree, (git_tree **a, const git_commit *b), (a, b)) \
	F(int, git_diff_find_similar, \
	  (git_diff *a, const git_diff_find_options *b), (a, b)) \
	V(git_diff_free, (git_diff *a), (a)) \
	F(const git_diff_delta *, git_diff_get_delta, \
	  (const git_diff *a, size_t b), (a, b)) \
	F(size_t, git_diff_num_deltas, (const git_diff *a), (a)) \
	F(int, git_diff_tree_to_tree, \
	  (git_diff **a, git_repository *b, git_tree *c, git_tree *d, \
	   const git_diff_options *e), \
	  (a, b, c, d, e)) \
	F(int, git_diff_tree_to_workdir_with_index, \
	  (git_diff **a, git_repository *b, git_tree *c, const git_diff_options *d), \
	  (a, b, c, d)) \
	V(git_error_clear, (void), ()) \
	F(const git_error *, git_error_last, (void), ()) \
	F(int, git_ignore_path_is_ignored, \
	  (int *a, git_repository *b, const char *c), (a, b, c)) \
	F(int, git_index_find_prefix, \
	  (size_t *a, git_index *b, const char *c), (a, b, c)) \
	V(git_index_free, (git_index *a), (a)) \
	F(int, git_libgit2_init, (void), ()) \
	F(int, git_libgit2_shutdown, (void), ()) \
	V(git_object_free, (git_object *a), (a)) \
	F(const git_oid *, git_object_id, (const git_object *a), (a)) \
	F(int, git_object_peel, \
	  (git_object **a, const git_object *b, git_object_t c), (a, b, c)) \
	V(git_odb_free, (git_odb *a), (a)) \
	F(int, git_odb_read_header, \
	  (size_t *a, git_object_t *b, git_odb *c, const git_oid *d), \
	  (a, b, c, d)) \
	F(int, git_oid_cpy, (git_oid *a, const git_oid *b), (a, b)) \
	F(char *, git_oid_tostr, \
	  (char *a, size_t b, const git_oid *c), (a, b, c)) \
	V(git_repository_free, (git_repository *a), (a)) \
	F(int, git_repository_hashfile, \
	  (git_oid *a, git_repository *b, const char *c, git_object_t d, \
	   const char *e), \
	  (a, b, c, d, e)) \
	F(int, git_repository_index, \
	  (git_index **a, git_repository *b), (a, b)) \
	F(int, git_repository_odb, (git_odb **a, git_repository *b), (a, b)) \
	F(int, git_repository_open_ext, \
	  (git_repository **a, const char *b, unsigned int c, const char *d), \
	  (a, b, c, d)) \
	F(const char *, git_repository_workdir, \
	  (const git_repository *a), (a)) \
	F(int, git_revparse_single, \
	  (git_object **a, git_repository *b, const char *c), (a, b, c)) \
	F(const git_tree_entry *, git_tree_entry_byindex, \
	  (const git_tree *a, size_t b), (a, b)) \
	F(int, git_tree_entry_bypath, \
	  (git_tree_entry **a, const git_tree *b, const char *c), (a, b, c)) \
	F(int, git_tree_entry_dup, \
	  (git_tree_entry **a, const git_tree_entry *b), (a, b)) \
	F(git_filemode_t, git_tree_entry_filemode, \
	  (const git_tree_entry *a), (a)) \
	V(git_tree_entry_free, (git_tree_entry *a), (a)) \
	F(const git_oid *, git_tree_entry_id, (const git_tree_entry *a), (a)) \
	F(const char *, git_tree_entry_name, (const git_tree_entry *a), (a)) \
	F(git_object_t, git_tree_entry_type, (const git_tree_entry *a), (a)) \
	F(size_t, git_tree_entrycount, (const git_tree *a), (a)) \
	V(git_tree_free, (git_tree *a), (a)) \
	F(const git_oid *, git_tree_id, (const git_tree *a), (a)) \
	F(int, git_tree_lookup, \
	  (git_tree **a, git_repository *b, const git_oid *c), (a, b, c))

#define SG_ARCHIVE_FUNCS(F, V) \
	F(mode_t, archive_entry_filetype, (struct archive_entry *a), (a)) \
	F(la_int64_t, archive_entry_gid, (struct archive_entry *a), (a)) \
	F(const char *, archive_entry_hardlink, \
	  (struct archive_entry *a), (a)) \
	F(mode_t, archive_entry_mode, (struct archive_entry *a), (a)) \
	F(const char *, archive_entry_pathname, \
	  (struct archive_entry *a), (a)) \
	F(la_int64_t, archive_entry_size, (struct archive_entry *a), (a)) \
	F(const char *, archive_entry_symlink, (struct archive_entry *a), (a)) \
	F(la_int64_t, archive_entry_uid, (struct archive_entry *a), (a)) \
	F(const char *, archive_error_string, (struct archive *a), (a)) \
	F(int, archive_filter_code, (struct archive *a, int b), (a, b)) \
	F(la_ssize_t, archive_read_data, \
	  (struct archive *a, void *b, size_t c), (a, b, c)) \
	F(int, archive_read_data_block, \
	  (struct archive *a, const void **b, size_t *c, la_int64_t *d), \
	  (a, b, c, d)) \
	F(int, archive_read_data_skip, (struct archive *a), (a)) \
	F(int, archive_read_free, (struct archive *a), (a)) \
	F(la_int64_t, archive_read_header_position, (struct archive *a), (a)) \
	F(struct archive *, archive_read_new, (void), ()) \
	F(int, archive_read_next_header, \
	  (struct archive *a, struct archive_entry **b), (a, b)) \
	F(int, archive_read_open1, (struct archive *a), (a)) \
	F(int, archive_read_open_filename, \
	  (struct archive *a, const char *b, size_t c), (a, b, c)) \
	F(int, archive_read_set_callback_data, \
	  (struct archive *a, void *b), (a, b)) \
	F(int, archive_read_set_read_callback, \
	  (struct archive *a, archive_read_callback *b), (a, b)) \
	F(int, archive_read_set_skip_callback, \
	  (struct archive *a, archive_skip_callback *b), (a, b)) \
	F(int, archive_read_support_filter_gzip, (struct archive *a), (a)) \
	F(int, archive_read_support_filter_zstd, (struct archive *a), (a)) \
	F(int, archive_read_support_format_empty, (struct archive *a), (a)) \
	F(int, archive_read_support_format_raw, (struct archive *a), (a)) \
	F(int, archive_read_support_format_tar, (struct archive *a), (a)) \
	F(int, archive_read_support_format_zip, (struct archive *a), (a))

#define SG_SQLITE_FUNCS(F, V) \
	F(sqlite3_backup *, sqlite3_backup_init, \
	  (sqlite3 *a, const char *b, sqlite3 *c, const char *d), (a, b, c, d)) \
	F(int, sqlite3_backup_finish, (sqlite3_backup *a), (a)) \
	F(int, sqlite3_backup_step, (sqlite3_backup *a, int b), (a, b)) \
	F(int, sqlite3_bind_double, (sqlite3_stmt *a, int b, double c), \
	  (a, b, c)) \
	F(int, sqlite3_bind_int, (sqlite3_stmt *a, int b, int c), (a, b, c)) \
	F(int, sqlite3_bind_int64, (sqlite3_stmt *a, int b, sqlite3_int64 c), \
	  (a, b, c)) \
	F(int, sqlite3_bind_null, (sqlite3_stmt *a, int b), (a, b)) \
	F(int, sqlite3_bind_text, \
	  (sqlite3_stmt *a, int b, const char *c, int d, void (*e)(void *)), \
	  (a, b, c, d, e)) \
	F(int, sqlite3_changes, (sqlite3 *a), (a)) \
	F(int, sqlite3_close, (sqlite3 *a), (a)) \
	F(const void *, sqlite3_column_blob, (sqlite3_stmt *a, int b), (a, b)) \
	F(int, sqlite3_column_bytes, (sqlite3_stmt *a, int b), (a, b)) \
	F(double, sqlite3_column_double, (sqlite3_stmt *a, int b), (a, b)) \
	F(sqlite3_int64, sqlite3_column_int64, (sqlite3_stmt *a, int b), \
	  (a, b)) \
	F(const unsigned char *, sqlite3_column_text, (sqlite3_stmt *a, int b), \
	  (a, b)) \
	F(sqlite3 *, sqlite3_db_handle, (sqlite3_stmt *a), (a)) \
	F(int, sqlite3_deserialize, \
	  (sqlite3 *a, const char *b, unsigned char *c, sqlite3_int64 d, \
	   sqlite3_int64 e, unsigned f), (a, b, c, d, e, f)) \
	F(int, sqlite3_errcode, (sqlite3 *a), (a)) \
	F(const char *, sqlite3_errmsg, (sqlite3 *a), (a)) \
	F(int, sqlite3_exec, \
	  (sqlite3 *a, const char *b, int (*c)(void *, int, char **, char **), \
	   void *d, char **e), (a, b, c, d, e)) \
	F(int, sqlite3_finalize, (sqlite3_stmt *a), (a)) \
	V(sqlite3_free, (void *a), (a)) \
	F(sqlite3_int64, sqlite3_last_insert_rowid, (sqlite3 *a), (a)) \
	F(void *, sqlite3_malloc, (int a), (a)) \
	F(void *, sqlite3_malloc64, (sqlite3_uint64 a), (a)) \
	F(int, sqlite3_open_v2, \
	  (const char *a, sqlite3 **b, int c, const char *d), (a, b, c, d)) \
	F(int, sqlite3_prepare_v2, \
	  (sqlite3 *a, const char *b, int c, sqlite3_stmt **d, const char **e), \
	  (a, b, c, d, e)) \
	F(int, sqlite3_reset, (sqlite3_stmt *a), (a)) \
	F(int, sqlite3_step, (sqlite3_stmt *a), (a))

#define SG_CRYPTO_FUNCS(F, V) \
	F(int, SHA256_Final, (unsigned char *a, SHA256_CTX *b), (a, b)) \
	F(int, SHA256_Init, (SHA256_CTX *a), (a)) \
	F(int, SHA256_Update, (SHA256_CTX *a, const void *b, size_t c), \
	  (a, b, c))

/* The real functions; written once, under the library's pthread_once. */
#define F(ret, name, params, args) static ret(*p_##name) params;
#define V(name, params, args) static void(*p_##name) params;
SG_GIT2_FUNCS(F, V)
SG_ARCHIVE_FUNCS(F, V)
SG_SQLITE_FUNCS(F, V)
SG_CRYPTO_FUNCS(F, V)
#undef F
#undef V
/* variadic: forwarded by hand below */
static int (*p_git_libgit2_opts)(int option, ...);

struct dynsym {
	const char *name;
	void **slot;
};

#define F(ret, name, params, args) { #name, (void **)&p_##name },
#define V(name, params, args) { #name, (void **)&p_##name },
static const struct dynsym git2_syms[] = {
	SG_GIT2_FUNCS(F, V)
	{ "git_libgit2_opts", (void **)&p_git_libgit2_opts },
	{ NULL, NULL },
};
static const struct dynsym archive_syms[] = {
	SG_ARCHIVE_FUNCS(F, V)
	{ NULL, NULL },
};
static const struct dynsym sqlite_syms[] = {
	SG_SQLITE_FUNCS(F, V)
	{ NULL, NULL },
};
static const struct dynsym crypto_syms[] = {
	SG_CRYPTO_FUNCS(F, V)
	{ NULL, NULL },
};
#undef F
#undef V

/*
 * The process-wide state of this file (the one in shipgate): a library is
 * loaded once per process, as the dynamic loader itself would have, and
 * its fields are written only by load() under `once`.
 */
struct dynlib {
	const char *soname;
	const struct dynsym *syms;
	pthread_once_t once;
	void *handle;           /* NULL: not loaded, `error` says why */
	char error[256];
};

static struct dynlib libs[SG_DYNLIB_COUNT] = {
	[SG_DYNLIB_GIT2] = { GIT2_SONAME, git2_syms, PTHREAD_ONCE_INIT },
	[SG_DYNLIB_ARCHIVE] = { ARCHIVE_SONAME, archive_syms,
				PTHREAD_ONCE_INIT },
	[SG_DYNLIB_SQLITE] = { SQLITE_SONAME, sqlite_syms, PTHREAD_ONCE_INIT },
	[SG_DYNLIB_CRYPTO] = { CRYPTO_SONAME, crypto_syms, PTHREAD_ONCE_INIT },
};

static void load(struct dynlib *l)
{
	/* RTLD_LOCAL: its symbols stay out of the global scope */
	void *h = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL);
	const struct dynsym *s;
	const char *why;

	if (!h) {
		why = dlerror();
		snprintf(l->error, sizeof(l->error), "cannot load %s: %s",
			 l->soname, why ? why : "unknown error");
		return;
	}
	for (s = l->syms; s->name; s++)
		/* POSIX's idiom: dlsym() returns functions as void * */
		if (!(*s->slot = dlsym(h, s->name))) {
			snprintf(l->error, sizeof(l->error),
				 "%s has no %s: not the version shipgate was "
				 "built with", l->soname, s->name);
			dlclose(h);
			return;
		}
	l->handle = h;
}

/* pthread_once() takes no argument: one loader per library */
static void load_git2(void) { load(&libs[SG_DYNLIB_GIT2]); }
static void load_archive(void) { load(&libs[SG_DYNLIB_ARCHIVE]); }
static void load_sqlite(void) { load(&libs[SG_DYNLIB_SQLITE]); }
static void load_crypto(void) { load(&libs[SG_DYNLIB_CRYPTO]); }

static void (*const loaders[SG_DYNLIB_COUNT])(void) = {
	load_git2, load_archive, load_sqlite, load_crypto,
};

static struct dynlib *ensure(enum sg_dynlib lib)
{
	struct dynlib *l = &libs[lib];

	pthread_once(&l->once, loaders[lib]);
	return l;
}

int sg_dynlib_load(enum sg_dynlib lib, sg_error *err)
{
	struct dynlib *l = ensure(lib);

	return l->handle ? 0 : sg_error_set(err, SG_EIO, NULL, 0, 0, "%s",
					    l->error);
}

/* A forwarder called when its library cannot be loaded: shipgate's readers
 * call sg_dynlib_load() before the first one, so only a caller that skipped
 * it (a test tool) gets here; exit 4 is the internal-error code. */
static void need(enum sg_dynlib lib)
{
	struct dynlib *l = ensure(lib);

	if (!l->handle) {
		fprintf(stderr, "shipgate: %s\n", l->error);
		exit(4);
	}
}

/* The forwarders; LIB is expanded where each list is. */
#define F(ret, name, params, args) \
	ret name params { need(LIB); return p_##name args; }
#define V(name, params, args) \
	void name params { need(LIB); p_##name args; }
#define LIB SG_DYNLIB_GIT2
SG_GIT2_FUNCS(F, V)
#undef LIB
#define LIB SG_DYNLIB_ARCHIVE
SG_ARCHIVE_FUNCS(F, V)
#undef LIB
#define LIB SG_DYNLIB_SQLITE
SG_SQLITE_FUNCS(F, V)
#undef LIB
#define LIB SG_DYNLIB_CRYPTO
SG_CRYPTO_FUNCS(F, V)
#undef LIB
#undef F
#undef V

/* Variadic: the options shipgate and its tests set, each with its own
 * arguments; any other is refused as libgit2 refuses an unknown one. */
int git_libgit2_opts(int option, ...)
{
	va_list ap;
	int rc, type;

	need(SG_DYNLIB_GIT2);
	va_start(ap, option);
	switch (option) {
	case GIT_OPT_SET_CACHE_OBJECT_LIMIT:
		type = va_arg(ap, int);
		rc = p_git_libgit2_opts(option, type, va_arg(ap, size_t));
		break;
	case GIT_OPT_SET_OWNER_VALIDATION:
	case GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION:
	case GIT_OPT_ENABLE_STRICT_OBJECT_CREATION:
		rc = p_git_libgit2_opts(option, va_arg(ap, int));
		break;
	default:
		rc = -1;
		break;
	}
	va_end(ap);
	return rc;
}

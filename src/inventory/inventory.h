/*
 * inventory.h: what an image contains, read from package-manager databases
 * and language package metadata.
 *
 * The parsers work on (path, bytes): the image reader (or a test, or a
 * directory on disk) hands over the content of every path for which
 * inventory_wants() is true, in any order, and inventory_finish() then knows
 * the OS and can give every package its ecosystem and purl.  Nothing here
 * opens image files itself, so the parsers are fuzzable on plain buffers.
 *
 * Paths are image-relative without a leading '/' ("var/lib/dpkg/status").
 * A database that cannot be parsed at all is an SG_EINVALID error naming
 * path:line; a single bad stanza inside an otherwise good database is
 * skipped and recorded in `warnings` (as Trivy and Syft skip it), so one
 * broken entry does not hide every other package.
 */
#ifndef SG_INVENTORY_INVENTORY_H
#define SG_INVENTORY_INVENTORY_H
#include "util/compat.h"
#include "util/arena.h"
#include "util/strmap.h"
#include "util/vec.h"

enum inv_type {
	INV_DPKG,
	INV_APK,
	INV_RPM,
	INV_NPM,
	INV_PYPI,
};

struct inv_package {
	enum inv_type type;
	const char *name;
	const char *version;        /* as installed, with epoch when any */
	const char *source;         /* source package (dpkg Source, apk origin,
				       rpm SOURCERPM name); = name when none */
	const char *source_version; /* dpkg: Source's "(version)" or the
				       binary version without a binNMU suffix */
	const char *arch;           /* may be NULL */
	const char *ecosystem;      /* "Debian:12", "Alpine:v3.19", "npm" … */
	const char *purl;
	const char *path;           /* file the package was read from */
	uint32_t line;              /* its stanza in that file; 0 = whole file */
	const char *layer;          /* layer that introduced it: the glue sets it */
};

struct inv_os {
	const char *id;             /* os-release ID ("debian"), lowercase */
	const char *version_id;     /* "12", "3.19.1" */
	const char *codename;       /* VERSION_CODENAME, may be NULL */
	const char *id_like;        /* ID_LIKE, may be NULL */
	const char *pretty_name;    /* may be NULL */
	const char *from;           /* file the identity came from */
	const char *ecosystem;      /* OSV ecosystem of its packages, or NULL */
};

struct inv_warning {
	const char *path;
	uint32_t line;
	const char *message;
};

struct inventory {
	struct sg_arena arena;
	struct inv_os os;
	int os_rank;                /* strength of the source of `os` */
	const char *apk_branch;     /* etc/apk/repositories: "edge", "v3.19" */
	SG_VEC(struct inv_package) pkgs;
	SG_VEC(struct inv_warning) warnings;
	/* language manifests an OS package installed (dpkg's file lists,
	 * apk's database): their packages are that OS package, matched as
	 * it, not again by the language's upstream version */
	struct sg_strmap owned;
	size_t owned_dropped;       /* language packages inventory_finish()
				       left to their OS package */
};

int inventory_new(struct inventory **out, sg_error *err);
void inventory_free(struct inventory *inv);

/* True when `path` is a file inventory_add_file() reads. */
bool inventory_wants(const char *path);

/* True when `path` is a dpkg, apk or rpm database inventory_add_file()
 * reads (not a language manifest or an OS identity file). */
bool inventory_is_os_db(const char *path);

/* The package manager (INV_DPKG, INV_APK, INV_RPM) whose database `path`
 * is (the files inventory_is_os_db() accepts), else -1. */
int inventory_os_db_type(const char *path);

/*
 * Parse one file.  `layer` (may be NULL) is recorded on every package read
 * from it.  Paths inventory_wants() rejects are ignored (returns 0).
 */
int inventory_add_file(struct inventory *inv, const char *path,
		       const void *data, size_t len, const char *layer,
		       sg_error *err);

/*
 * Once every file is in: drop the language packages an OS package
 * installed (Debian's python3-requests ships requests-2.28.1.dist-info:
 * matching it against PyPI's advisories as well would report fixes Debian
 * backported as open), set each package's ecosystem and purl from the OS
 * identity, drop exact duplicates and sort (type, name, version, path) so
 * the result does not depend on the order files were added.
 */
int inventory_finish(struct inventory *inv, sg_error *err);

/* The individual parsers (inventory_add_file() dispatches on the path). */
int inventory_parse_dpkg(struct inventory *inv, const char *path,
			 const char *data, size_t len, sg_error *err);
int inventory_parse_apk(struct inventory *inv, const char *path,
			const char *data, size_t len, sg_error *err);
int inventory_parse_rpm_sqlite(struct inventory *inv, const char *path,
			       const void *data, size_t len, sg_error *err);
int inventory_parse_rpm_bdb(struct inventory *inv, const char *path,
			    const void *data, size_t len, sg_error *err);
int inventory_parse_npm(struct inventory *inv, const char *path,
			const char *data, size_t len, sg_error *err);
int inventory_parse_python(struct inventory *inv, const char *path,
			   const char *data, size_t len, sg_error *err);
int inventory_parse_os_release(struct inventory *inv, const char *path,
			       const char *data, size_t len, sg_error *err);
/* var/lib/dpkg/info/<pkg>.list: the files a Debian package installed */
int inventory_parse_dpkg_list(struct inventory *inv, const char *path,
			      const char *data, size_t len, sg_error *err);

/* Record that an OS package installed the file path[0..len) ("/usr/..." or
 * "usr/..."); kept only when it is a language manifest.  SG_ENOMEM. */
int inventory_own(struct inventory *inv, const char *path, size_t len);

/*
 * One RPM header blob (as stored in rpmdb.sqlite and the BDB Packages hash)
 * to a package.  Exposed for the two backends and for tests.
 */
int inventory_rpm_header(struct inventory *inv, const char *path,
			 const unsigned char *blob, size_t len, sg_error *err);

/* Internal helpers shared by the parsers. */
struct inv_package *inventory_push(struct inventory *inv, enum inv_type type,
				   const char *path, uint32_t line);
int inventory_warn(struct inventory *inv, const char *path, uint32_t line,
		   const char *fmt, ...) SG_PRINTF(4, 5);

/*
 * Next line of `data` from `*pos`: sets *line and *llen (without "\n" or
 * "\r\n") and advances; false at the end.
 */
bool inventory_next_line(const char *data, size_t len, size_t *pos,
			 const char **line, size_t *llen);

/* PEP 503 normalisation ("Foo_Bar.baz" -> "foo-bar-baz") into the arena. */
const char *inventory_pep503(struct sg_arena *a, const char *name);

#endif

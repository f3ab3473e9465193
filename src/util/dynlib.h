/*
 * dynlib.h: libgit2, libarchive, SQLite and libcrypto, loaded when first
 * needed.
 *
 * Only `scan` reads git trees, only images and database imports read
 * archives, only vulnerability databases and rpm package databases are
 * SQLite, and only fingerprints, line hashes and image digests are
 * SHA-256; but a program linked with all four maps 29 more shared objects
 * at every start (Kerberos, mbedTLS, libssh2, PCRE2, ICU, libxml2 and the
 * rest of their dependencies), and relocates libcrypto and SQLite page by
 * page: on a virtual machine where page faults are dear that was most of
 * `shipgate lint`'s start, for a command that may use none of them.  So
 * shipgate is not linked with them: dynlib.c defines every function of
 * theirs that shipgate calls, with the prototype of their own headers (the
 * compiler checks each one), as a forwarder to the real function, which
 * dlopen() finds by the soname of the headers' version.
 *
 * A forwarder loads its library on first call.  The code that starts using
 * one (opening a repository, an image, a database; a run that will
 * fingerprint) calls sg_dynlib_load() first, so that a library missing from
 * the system is a one-line error naming it, not a process exit deep inside
 * a reader.  The one exception is a Dockerfile line long enough that its
 * identity key is hashed (core/key.c): there a missing libcrypto is the
 * forwarder's own one-line error and exit 4.
 */
#ifndef SG_DYNLIB_H
#define SG_DYNLIB_H

#include "compat.h"
#include <shipgate/error.h>

enum sg_dynlib {
	SG_DYNLIB_GIT2,         /* libgit2: git sources, PR diffs */
	SG_DYNLIB_ARCHIVE,      /* libarchive: images, advisory zips */
	SG_DYNLIB_SQLITE,       /* SQLite: the vulnerability database, rpmdb */
	SG_DYNLIB_CRYPTO,       /* libcrypto: SHA-256 */
	SG_DYNLIB_COUNT
};

/* Load `lib` if this process has not yet: 0, or SG_EIO with the loader's
 * message in `err`.  Thread-safe; every call after the first is cheap. */
int sg_dynlib_load(enum sg_dynlib lib, sg_error *err);

#endif

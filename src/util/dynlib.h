/*
 * dynlib.h: libgit2 and libarchive, loaded when first needed.
 *
 * Only `scan` reads git trees and only images and database imports read
 * archives, but a program linked with both libraries maps 27 more shared
 * objects at every start (Kerberos, mbedTLS, libssh2, PCRE2, ICU, libxml2
 * and the rest of their dependencies): on a virtual machine where page
 * faults are dear that was 13 ms of `shipgate lint`'s 25 ms start, for a
 * command that uses neither.  So shipgate is not linked with them: dynlib.c
 * defines every function of theirs that shipgate calls, with the prototype
 * of their own headers (the compiler checks each one), as a forwarder to the
 * real function, which dlopen() finds by the soname of the headers' version.
 *
 * A forwarder loads its library on first call.  The code that starts using
 * one (opening a repository, an image, an advisory archive) calls
 * sg_dynlib_load() first, so that a library missing from the system is a
 * one-line error naming it, not a process exit deep inside a reader.
 */
#ifndef SG_DYNLIB_H
#define SG_DYNLIB_H

#include "compat.h"
#include <shipgate/error.h>

enum sg_dynlib {
	SG_DYNLIB_GIT2,         /* libgit2: git sources, PR diffs */
	SG_DYNLIB_ARCHIVE,      /* libarchive: images, advisory zips */
};

/* Load `lib` if this process has not yet: 0, or SG_EIO with the loader's
 * message in `err`.  Thread-safe; every call after the first is cheap. */
int sg_dynlib_load(enum sg_dynlib lib, sg_error *err);

#endif

/*
 * error.h: status codes and the caller-supplied error record.
 *
 * Functions return an int: 0 (SG_OK) on success, a negative SG_E* code on
 * failure.  The human-readable message goes into an `sg_error` the caller
 * owns (usually on the stack); every API accepts NULL there.  The error is set
 * once, where it is detected, and propagated unchanged (libgit2's rule), so
 * the message a user sees names the innermost cause.
 */
#ifndef SHIPGATE_ERROR_H
#define SHIPGATE_ERROR_H

#include "common.h"

/* name, value, text */
#define SG_STATUS_MAP(XX)                                       \
	XX(OK, 0, "success")                                    \
	XX(ERROR, -1, "failure")                                \
	XX(ENOMEM, -2, "out of memory")                         \
	XX(EINVALID, -3, "malformed input")                     \
	XX(ELIMIT, -4, "input exceeds a safety limit")          \
	XX(EUNSAFE, -5, "unsafe path or link in input")         \
	XX(ENOTFOUND, -6, "not found")                          \
	XX(EIO, -7, "i/o error")                                \
	XX(EUSAGE, -8, "usage error")                           \
	XX(EPOLICY, -9, "policy error")

typedef enum sg_status {
#define XX(name, val, text) SG_##name = val,
	SG_STATUS_MAP(XX)
#undef XX
} sg_status;

typedef struct sg_error {
	int code;               /* an sg_status */
	char path[512];         /* file the error is about; empty when none */
	unsigned int line;      /* 1-based; 0 = unknown */
	unsigned int column;    /* 1-based; 0 = unknown */
	char message[512];      /* one line, lowercase, no trailing period */
} sg_error;

/* Text of a status code ("out of memory"); never NULL. */
SG_EXTERN(const char *) sg_status_text(int code);

/* Reset `err` (NULL-safe). */
SG_EXTERN(void) sg_error_clear(sg_error *err);

/*
 * Record an error and return `code`, so `return sg_error_set(err, …);` is one
 * line.  `path` may be NULL.  Never overwrites an error already set: the
 * innermost cause wins.
 */
SG_EXTERN(int) sg_error_set(sg_error *err, int code, const char *path,
			    unsigned int line, unsigned int column,
			    const char *fmt, ...) SG_PRINTF(6, 7);

/* Force-set, replacing an earlier message (for re-wording at a boundary). */
SG_EXTERN(int) sg_error_reset(sg_error *err, int code, const char *path,
			      unsigned int line, unsigned int column,
			      const char *fmt, ...) SG_PRINTF(6, 7);

/* "path:line:col: message" (parts omitted when unknown) into buf. */
SG_EXTERN(const char *) sg_error_format(const sg_error *err, char *buf,
					size_t size);

#endif

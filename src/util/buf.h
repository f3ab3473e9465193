/*
 * buf.h: growable byte buffers with a hard ceiling (curl's dynbuf, git's
 * strbuf).
 *
 * The contents are always NUL-terminated once anything was added.  Failure is
 * sticky: after an append fails (out of memory, or the buffer would grow past
 * `max`), every later append fails too, so a chain of appends needs one check
 * at the end (`sg_buf_error()`).  A buffer reading hostile input must never be
 * unbounded, so there is no "no limit" value; pass the limit that applies.
 */
#ifndef SG_BUF_H
#define SG_BUF_H

#include "compat.h"

struct sg_buf {
	char *ptr;      /* NULL until the first append */
	size_t len;
	size_t cap;
	size_t max;     /* hard ceiling on len */
	int error;      /* 0, SG_ENOMEM or SG_ELIMIT; sticky */
};

#define SG_BUF_INIT(max) { NULL, 0, 0, (max), 0 }

void sg_buf_init(struct sg_buf *b, size_t max);
void sg_buf_release(struct sg_buf *b);
void sg_buf_clear(struct sg_buf *b);        /* len = 0, keeps memory, clears error */

int sg_buf_grow(struct sg_buf *b, size_t extra);
int sg_buf_put(struct sg_buf *b, const void *data, size_t len);
int sg_buf_puts(struct sg_buf *b, const char *s);
int sg_buf_putc(struct sg_buf *b, char c);
int sg_buf_printf(struct sg_buf *b, const char *fmt, ...) SG_PRINTF(2, 3);
int sg_buf_vprintf(struct sg_buf *b, const char *fmt, va_list ap);
void sg_buf_truncate(struct sg_buf *b, size_t len);

/* "" when empty; never NULL. */
const char *sg_buf_cstr(const struct sg_buf *b);

/* Hand the malloc'd string to the caller and reset; NULL when empty. */
char *sg_buf_detach(struct sg_buf *b);

static inline int sg_buf_error(const struct sg_buf *b) { return b->error; }

#endif

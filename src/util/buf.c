/* buf.c: growable byte buffers with a ceiling (see buf.h). */
#include "compat.h"
#include "buf.h"

void sg_buf_init(struct sg_buf *b, size_t max)
{
	b->ptr = NULL;
	b->len = b->cap = 0;
	b->max = max;
	b->error = 0;
}

void sg_buf_release(struct sg_buf *b)
{
	free(b->ptr);
	sg_buf_init(b, b->max);
}

void sg_buf_clear(struct sg_buf *b)
{
	b->len = 0;
	b->error = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

int sg_buf_grow(struct sg_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (b->error)
		return b->error;
	if (extra > b->max || b->len > b->max - extra)
		return b->error = SG_ELIMIT;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	p = realloc(b->ptr, cap);
	if (!p)
		return b->error = SG_ENOMEM;
	b->ptr = p;
	b->cap = cap;
	return 0;
}

int sg_buf_put(struct sg_buf *b, const void *data, size_t len)
{
	int err = sg_buf_grow(b, len);

	if (err)
		return err;
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
	return 0;
}

int sg_buf_puts(struct sg_buf *b, const char *s)
{
	return sg_buf_put(b, s, strlen(s));
}

int sg_buf_putc(struct sg_buf *b, char c)
{
	return sg_buf_put(b, &c, 1);
}

int sg_buf_vprintf(struct sg_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n, err;

	if (b->error)
		return b->error;
	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return b->error = SG_EINVALID;
	if ((err = sg_buf_grow(b, (size_t)n)) != 0)
		return err;
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int sg_buf_printf(struct sg_buf *b, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = sg_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return err;
}

void sg_buf_truncate(struct sg_buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->ptr[len] = '\0';
	}
}

const char *sg_buf_cstr(const struct sg_buf *b)
{
	return b->ptr ? b->ptr : "";
}

char *sg_buf_detach(struct sg_buf *b)
{
	char *p = b->ptr;

	sg_buf_init(b, b->max);
	return p;
}

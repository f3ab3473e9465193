/* error.c: status texts and the sg_error record (see shipgate/error.h). */
#include "compat.h"

const char *sg_status_text(int code)
{
	switch (code) {
#define XX(name, val, text) \
	case val:           \
		return text;
		SG_STATUS_MAP(XX)
#undef XX
	}
	return "unknown error";
}

void sg_error_clear(sg_error *err)
{
	if (!err)
		return;
	err->code = 0;
	err->path[0] = '\0';
	err->line = err->column = 0;
	err->message[0] = '\0';
}

static int vset(sg_error *err, int code, const char *path, unsigned int line,
		unsigned int column, const char *fmt, va_list ap)
{
	char *p;

	err->code = code;
	snprintf(err->path, sizeof(err->path), "%s", path ? path : "");
	err->line = line;
	err->column = column;
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	/* one line, always: a message is printed as "file:line: message" */
	for (p = err->message; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	return code;
}

int sg_error_set(sg_error *err, int code, const char *path, unsigned int line,
		 unsigned int column, const char *fmt, ...)
{
	va_list ap;

	if (!err || err->code != 0)
		return code;
	va_start(ap, fmt);
	vset(err, code, path, line, column, fmt, ap);
	va_end(ap);
	return code;
}

int sg_error_reset(sg_error *err, int code, const char *path,
		   unsigned int line, unsigned int column, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	va_start(ap, fmt);
	vset(err, code, path, line, column, fmt, ap);
	va_end(ap);
	return code;
}

const char *sg_error_format(const sg_error *err, char *buf, size_t size)
{
	const char *msg = err->message[0] ? err->message
					  : sg_status_text(err->code);

	if (err->path[0] && err->line && err->column)
		snprintf(buf, size, "%s:%u:%u: %s", err->path, err->line,
			 err->column, msg);
	else if (err->path[0] && err->line)
		snprintf(buf, size, "%s:%u: %s", err->path, err->line, msg);
	else if (err->path[0])
		snprintf(buf, size, "%s: %s", err->path, msg);
	else
		snprintf(buf, size, "%s", msg);
	return buf;
}

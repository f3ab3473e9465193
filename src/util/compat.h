/*
 * compat.h: the first include of every .c file in src/ (git's
 * git-compat-util.h rule), so feature macros and system headers are set up
 * once, the same way, everywhere.
 */
#ifndef SG_COMPAT_H
#define SG_COMPAT_H

#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE 1
#endif

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shipgate/common.h"
#include "shipgate/error.h"

#define SG_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define SG_MIN(a, b) ((a) < (b) ? (a) : (b))
#define SG_MAX(a, b) ((a) > (b) ? (a) : (b))
#define SG_UNUSED(x) ((void)(x))

/* Streq that tolerates NULL on either side. */
static inline bool sg_streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

/* `s` is one of `list` (NULL-terminated).  Lists of command names are
 * asked about every command: the first byte is compared before the rest. */
static inline bool sg_str_in(const char *s, const char *const *list)
{
	for (; *list; list++)
		if ((*list)[0] == s[0] && strcmp(*list, s) == 0)
			return true;
	return false;
}

static inline bool sg_startswith(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static inline bool sg_endswith(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

/* Index of the lowest set bit of x, which is not 0. */
static inline unsigned int sg_ctz64(uint64_t x)
{
#if defined(__GNUC__) || defined(__clang__)
	return (unsigned int)__builtin_ctzll(x);
#else
	unsigned int k = 0;

	for (; !(x & 1); x >>= 1)
		k++;
	return k;
#endif
}

/* ASCII-only, locale-independent ctype: input is bytes, not characters. */
static inline bool sg_isspace(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}
static inline bool sg_isdigit(int c) { return c >= '0' && c <= '9'; }
static inline bool sg_isalpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static inline bool sg_isalnum(int c) { return sg_isalpha(c) || sg_isdigit(c); }
static inline bool sg_isupper(int c) { return c >= 'A' && c <= 'Z'; }
static inline bool sg_islower(int c) { return c >= 'a' && c <= 'z'; }
static inline int sg_tolower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}
static inline int sg_toupper(int c)
{
	return (c >= 'a' && c <= 'z') ? c - ('a' - 'A') : c;
}

int sg_strcasecmp(const char *a, const char *b);
int sg_strncasecmp(const char *a, const char *b, size_t n);

/* Parse a whole decimal string into *out; -1 on junk or overflow. */
int sg_parse_u64(const char *s, size_t len, uint64_t *out);

#endif

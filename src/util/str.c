/* str.c: locale-independent string helpers declared in compat.h. */
#include "compat.h"

int sg_strcasecmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int ca = sg_tolower((unsigned char)*a);
		int cb = sg_tolower((unsigned char)*b);

		if (ca != cb || !ca)
			return ca - cb;
	}
}

int sg_strncasecmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		int ca = sg_tolower((unsigned char)*a);
		int cb = sg_tolower((unsigned char)*b);

		if (ca != cb || !ca)
			return ca - cb;
	}
	return 0;
}

int sg_parse_u64(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (len == 0)
		return -1;
	for (i = 0; i < len; i++) {
		unsigned d;

		if (!sg_isdigit((unsigned char)s[i]))
			return -1;
		d = (unsigned)(s[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/* path.c: path normalisation and globbing (see path.h). */
#include "compat.h"
#include "path.h"

long sg_path_normalize(const char *in, size_t len, char *out)
{
	size_t i = 0, o = 0;

	while (i < len) {
		size_t start, seglen;

		while (i < len && in[i] == '/')
			i++;
		start = i;
		while (i < len && in[i] != '/')
			i++;
		seglen = i - start;
		if (seglen == 0 || (seglen == 1 && in[start] == '.'))
			continue;
		if (seglen == 2 && in[start] == '.' && in[start + 1] == '.') {
			if (o == 0)
				return -1;
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
			continue;
		}
		if (o > 0)
			out[o++] = '/';
		memmove(out + o, in + start, seglen);
		o += seglen;
	}
	out[o] = '\0';
	return (long)o;
}

const char *sg_path_basename(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

size_t sg_path_dirlen(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? (size_t)(s - path) : 0;
}

/* Match a bracket class at p (after '['); sets *end past ']'. */
static bool match_class(const char *p, char c, const char **end)
{
	bool neg = false, hit = false;
	const char *q = p;

	if (*q == '!' || *q == '^') {
		neg = true;
		q++;
	}
	if (*q == ']') {             /* a leading ']' is literal */
		hit = c == ']';
		q++;
	}
	while (*q && *q != ']') {
		char lo = *q, hi;

		if (lo == '\\' && q[1])
			lo = *++q;
		if (q[1] == '-' && q[2] && q[2] != ']') {
			hi = q[2];
			q += 3;
		} else {
			hi = lo;
			q++;
		}
		if ((unsigned char)c >= (unsigned char)lo &&
		    (unsigned char)c <= (unsigned char)hi)
			hit = true;
	}
	if (*q != ']') {             /* unterminated: treat '[' literally */
		*end = NULL;
		return false;
	}
	*end = q + 1;
	return hit != neg;
}

static bool glob(const char *p, const char *s)
{
	while (*p) {
		if (p[0] == '*' && p[1] == '*') {
			const char *rest = p + 2;

			/* "**" + "/": zero or more whole directories */
			if (*rest == '/') {
				rest++;
				for (;;) {
					if (glob(rest, s))
						return true;
					s = strchr(s, '/');
					if (!s)
						return false;
					s++;
				}
			}
			/* trailing or embedded "**": anything, across '/' */
			for (;; s++) {
				if (glob(rest, s))
					return true;
				if (!*s)
					return false;
			}
		}
		if (*p == '*') {
			for (;; s++) {
				if (glob(p + 1, s))
					return true;
				if (!*s || *s == '/')
					return false;
			}
		}
		if (!*s)
			return false;
		if (*p == '?') {
			if (*s == '/')
				return false;
		} else if (*p == '[') {
			const char *end;

			if (*s == '/')
				return false;
			if (match_class(p + 1, *s, &end)) {
				p = end;
				s++;
				continue;
			}
			if (end)
				return false;
			if (*s != '[')
				return false;
		} else {
			if (*p == '\\' && p[1])
				p++;
			if (*p != *s)
				return false;
		}
		p++;
		s++;
	}
	return *s == '\0';
}

bool sg_glob_match(const char *pattern, const char *path)
{
	return glob(pattern, path);
}

bool sg_path_matches(const char *pattern, const char *path)
{
	const char *s;

	while (*pattern == '/')
		pattern++;
	if (!strchr(pattern, '/')) {
		char dir[4096];

		/* any component */
		for (s = path;;) {
			const char *slash = strchr(s, '/');
			size_t len = slash ? (size_t)(slash - s) : strlen(s);

			if (len < sizeof(dir)) {
				memcpy(dir, s, len);
				dir[len] = '\0';
				if (glob(pattern, dir))
					return true;
			}
			if (!slash)
				return false;
			s = slash + 1;
		}
	}
	return sg_path_under(pattern, path);
}

bool sg_path_under(const char *pattern, const char *path)
{
	char dir[4096];
	size_t n;

	while (*pattern == '/')
		pattern++;
	if (glob(pattern, path))
		return true;
	/* a directory prefix selects everything beneath it */
	for (n = strlen(path); n > 0; n--) {
		if (path[n - 1] != '/' || n - 1 >= sizeof(dir))
			continue;
		memcpy(dir, path, n - 1);
		dir[n - 1] = '\0';
		if (glob(pattern, dir))
			return true;
	}
	return false;
}

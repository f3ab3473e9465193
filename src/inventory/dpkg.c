/*
 * dpkg.c: var/lib/dpkg/status and distroless status.d/<pkg> stanzas.
 *
 * RFC 822-style stanzas separated by blank lines; continuation lines start
 * with a space or tab and belong to the previous field (Description,
 * Conffiles), which we do not need.  Advisories are keyed by source package
 * and compared against the source version (dpkg lib/dpkg/pkg-format.c):
 * "Source: util-linux (2.38.1-5+deb12u3)" on bsdutils 1:2.38.1-5+deb12u3.
 */
#include "util/compat.h"
#include "inventory/inventory.h"

struct stanza {
	uint32_t line;             /* first line of the stanza */
	const char *f[5];          /* field values (not NUL-terminated) */
	size_t n[5];
	bool bad;                  /* a line without a colon */
	uint32_t bad_line;
};

enum { F_PACKAGE, F_VERSION, F_SOURCE, F_STATUS, F_ARCH };
static const char *const fields[] = {
	"Package", "Version", "Source", "Status", "Architecture",
};

static const char *dup_trim(struct sg_arena *a, const char *s, size_t n)
{
	while (n && sg_isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && sg_isspace((unsigned char)s[n - 1]))
		n--;
	return sg_arena_strndup(a, s, n);
}

/*
 * "want flag state" ("install ok installed"): are the package's files on
 * disk?  Only the states without files are skipped: not-installed and
 * config-files (removed, configuration kept).  unpacked, half-installed,
 * half-configured, triggers-awaited and triggers-pending packages have
 * their files, so they are scanned (Trivy drops only what it cannot find
 * on disk either); so is a package selected for removal ("deinstall ok
 * installed") until it is removed.  A Status that is not three words is
 * read as installed, with a warning.
 */
static int status_on_disk(struct inventory *inv, const char *path,
			  uint32_t line, const char *s, size_t n, bool *on)
{
	const char *w[3];
	size_t wl[3], i = 0, k = 0;

	*on = true;
	while (i < n && k < 3) {
		size_t start;

		while (i < n && sg_isspace((unsigned char)s[i]))
			i++;
		start = i;
		while (i < n && !sg_isspace((unsigned char)s[i]))
			i++;
		if (i == start)
			break;
		w[k] = s + start;
		wl[k++] = i - start;
	}
	if (k < 3)
		return inventory_warn(inv, path, line,
				      "dpkg Status not understood; package "
				      "read as installed");
#define IS(word) (wl[2] == sizeof(word) - 1 && !memcmp(w[2], word, wl[2]))
	if (IS("not-installed") || IS("config-files"))
		*on = false;
#undef IS
	return 0;
}

/* "5.2.15-2+b13" -> "5.2.15-2": a binNMU changes only the binary. */
static const char *strip_binnmu(struct sg_arena *a, const char *v)
{
	const char *p = strstr(v, "+b");
	const char *q;

	while (p) {
		q = p + 2;
		if (sg_isdigit((unsigned char)*q)) {
			while (sg_isdigit((unsigned char)*q))
				q++;
			if (*q == '\0')
				return sg_arena_strndup(a, v, (size_t)(p - v));
		}
		p = strstr(p + 1, "+b");
	}
	return v;
}

static int finish_stanza(struct inventory *inv, const char *path,
			 struct stanza *s)
{
	struct sg_arena *a = &inv->arena;
	struct inv_package *p;
	const char *src, *open;
	size_t sn;

	if (!s->f[F_PACKAGE] && !s->f[F_VERSION] && !s->bad)
		return 0;               /* empty or comment-only */
	if (s->bad)
		return inventory_warn(inv, path, s->bad_line,
				      "dpkg stanza skipped: line without a "
				      "field name");
	if (s->f[F_STATUS]) {
		bool on;
		int rc = status_on_disk(inv, path, s->line, s->f[F_STATUS],
					s->n[F_STATUS], &on);

		if (rc < 0)
			return rc;
		if (!on)
			return 0;       /* not-installed, config-files */
	}
	if (!s->f[F_PACKAGE] || !s->f[F_VERSION])
		return inventory_warn(inv, path, s->line,
				      "dpkg stanza skipped: no %s field",
				      s->f[F_PACKAGE] ? "Version" : "Package");
	p = inventory_push(inv, INV_DPKG, path, s->line);
	if (!p)
		return SG_ENOMEM;
	p->name = dup_trim(a, s->f[F_PACKAGE], s->n[F_PACKAGE]);
	p->version = dup_trim(a, s->f[F_VERSION], s->n[F_VERSION]);
	if (s->f[F_ARCH])
		p->arch = dup_trim(a, s->f[F_ARCH], s->n[F_ARCH]);
	if (s->f[F_SOURCE]) {
		src = dup_trim(a, s->f[F_SOURCE], s->n[F_SOURCE]);
		if (!src)
			return SG_ENOMEM;
		open = strchr(src, '(');
		if (open && sg_endswith(src, ")")) {
			sn = (size_t)(open - src);
			while (sn && src[sn - 1] == ' ')
				sn--;
			p->source_version = dup_trim(a, open + 1,
						     strlen(open + 1) - 1);
			src = sg_arena_strndup(a, src, sn);
		}
		p->source = src;
	}
	if (!p->source_version && p->version)
		p->source_version = strip_binnmu(a, p->version);
	if (a->oom || !p->name || !p->version)
		return SG_ENOMEM;
	return 0;
}

int inventory_parse_dpkg(struct inventory *inv, const char *path,
			 const char *data, size_t len, sg_error *err)
{
	struct stanza s;
	size_t pos = 0, ll, i;
	uint32_t lineno = 0;
	const char *l;
	bool more;
	int rc;

	memset(&s, 0, sizeof(s));
	do {
		more = inventory_next_line(data, len, &pos, &l, &ll);
		if (more)
			lineno++;
		if (!more || ll == 0) {
			rc = finish_stanza(inv, path, &s);
			if (rc < 0)
				return sg_error_set(err, rc, path, lineno, 0,
						    "out of memory");
			memset(&s, 0, sizeof(s));
			continue;
		}
		if (!s.line)
			s.line = lineno;
		if (l[0] == ' ' || l[0] == '\t' || l[0] == '#')
			continue;
		{
			const char *colon = memchr(l, ':', ll);

			if (!colon || colon == l) {
				if (!s.bad)
					s.bad_line = lineno;
				s.bad = true;
				continue;
			}
			for (i = 0; i < SG_ARRAY_SIZE(fields); i++) {
				size_t fl = strlen(fields[i]);

				if ((size_t)(colon - l) == fl &&
				    !sg_strncasecmp(l, fields[i], fl)) {
					s.f[i] = colon + 1;
					s.n[i] = ll - fl - 1;
				}
			}
		}
	} while (more);
	return 0;
}

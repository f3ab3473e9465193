/*
 * apk.c: lib/apk/db/installed.
 *
 * Stanzas of "X:value" lines separated by blank lines (apk-tools
 * src/database.c).  P name, V version, A arch, o origin: the origin is the
 * aports package the advisories (secdb) are keyed on, and sub-packages share
 * its version.
 */
#include "util/compat.h"
#include "inventory/inventory.h"

struct apk_stanza {
	uint32_t line;
	const char *name, *version, *arch, *origin;
	size_t nname, nversion, narch, norigin;
	bool any;
};

static int finish(struct inventory *inv, const char *path,
		  struct apk_stanza *s)
{
	struct sg_arena *a = &inv->arena;
	struct inv_package *p;

	if (!s->any)
		return 0;
	if (!s->name || !s->nname || !s->version || !s->nversion)
		return inventory_warn(inv, path, s->line,
				      "apk stanza skipped: no %s",
				      s->name && s->nname ? "V: (version)" :
				      "P: (name)");
	p = inventory_push(inv, INV_APK, path, s->line);
	if (!p)
		return SG_ENOMEM;
	p->name = sg_arena_strndup(a, s->name, s->nname);
	p->version = sg_arena_strndup(a, s->version, s->nversion);
	if (s->arch)
		p->arch = sg_arena_strndup(a, s->arch, s->narch);
	if (s->origin && s->norigin)
		p->source = sg_arena_strndup(a, s->origin, s->norigin);
	p->source_version = p->version;
	return a->oom ? SG_ENOMEM : 0;
}

int inventory_parse_apk(struct inventory *inv, const char *path,
			const char *data, size_t len, sg_error *err)
{
	struct apk_stanza s;
	size_t pos = 0, ll, ndir = 0;
	uint32_t lineno = 0;
	const char *l, *dir = NULL;     /* the stanza's current F: directory */
	char file[PATH_MAX];
	bool more;
	int rc;

	memset(&s, 0, sizeof(s));
	do {
		more = inventory_next_line(data, len, &pos, &l, &ll);
		if (more)
			lineno++;
		if (!more || ll == 0) {
			rc = finish(inv, path, &s);
			if (rc < 0)
				return sg_error_set(err, rc, path, lineno, 0,
						    "out of memory");
			memset(&s, 0, sizeof(s));
			dir = NULL;
			continue;
		}
		if (!s.any) {
			s.any = true;
			s.line = lineno;
		}
		if (ll < 2 || l[1] != ':')
			continue;   /* not "X:"; apk itself ignores it too */
		switch (l[0]) {
		case 'P':
			s.name = l + 2;
			s.nname = ll - 2;
			break;
		case 'V':
			s.version = l + 2;
			s.nversion = ll - 2;
			break;
		case 'A':
			s.arch = l + 2;
			s.narch = ll - 2;
			break;
		case 'o':
			s.origin = l + 2;
			s.norigin = ll - 2;
			break;
		case 'F':       /* the files of the R: lines below are in it */
			dir = l + 2;
			ndir = ll - 2;
			break;
		case 'R':
			if (dir && ndir + ll < sizeof(file)) {
				memcpy(file, dir, ndir);
				file[ndir] = '/';
				memcpy(file + ndir + 1, l + 2, ll - 2);
				if (inventory_own(inv, file, ndir + ll - 1) < 0)
					return sg_error_set(err, SG_ENOMEM,
							    path, lineno, 0,
							    "out of memory");
			}
			break;
		default:
			break;
		}
	} while (more);
	return 0;
}

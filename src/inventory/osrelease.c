/*
 * osrelease.c: which distribution and release an image is.
 *
 * os-release(5) is authoritative (etc/ over usr/lib/, as systemd reads
 * them); the distribution-specific files (etc/debian_version,
 * etc/alpine-release, etc/lsb-release, etc/redhat-release) are fallbacks
 * for images that ship no os-release, in Syft's order.  A stronger source
 * replaces a weaker one whatever order the files arrive in.
 */
#include "util/compat.h"
#include "inventory/inventory.h"

enum {
	RANK_REDHAT = 1,
	RANK_DISTRO_FILE = 2,
	RANK_LSB = 3,
	RANK_USR_OS_RELEASE = 4,
	RANK_ETC_OS_RELEASE = 5,
};

/* Unquote an os-release value: "..." with \-escapes, '...' literal. */
static char *unquote(struct sg_arena *a, const char *v, size_t n)
{
	char *out = sg_arena_alloc(a, n + 1);
	size_t i, o = 0;

	if (!out)
		return NULL;
	while (n && sg_isspace((unsigned char)v[n - 1]))
		n--;
	if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
		char q = v[0];

		for (i = 1; i + 1 < n; i++) {
			if (q == '"' && v[i] == '\\' && i + 2 < n)
				i++;
			out[o++] = v[i];
		}
	} else {
		memcpy(out, v, n);
		o = n;
	}
	out[o] = '\0';
	return out;
}

static char *lower(char *s)
{
	char *p;

	for (p = s; p && *p; p++)
		*p = (char)sg_tolower((unsigned char)*p);
	return s;
}

static void set_os(struct inventory *inv, int rank, const char *path,
		   const struct inv_os *os)
{
	if (rank <= inv->os_rank || !os->id || !*os->id)
		return;
	inv->os = *os;
	inv->os.from = sg_arena_strdup(&inv->arena, path);
	inv->os_rank = rank;
}

static int parse_kv(struct inventory *inv, const char *path,
		    const char *data, size_t len, int rank)
{
	struct sg_arena *a = &inv->arena;
	struct inv_os os;
	size_t pos = 0, ll;
	const char *l;

	memset(&os, 0, sizeof(os));
	while (inventory_next_line(data, len, &pos, &l, &ll)) {
		const char *eq = memchr(l, '=', ll);
		size_t kl;
		char *v;

		if (!eq || l[0] == '#')
			continue;
		kl = (size_t)(eq - l);
		v = unquote(a, eq + 1, ll - kl - 1);
		if (!v)
			return SG_ENOMEM;
#define KEY(k) (kl == sizeof(k) - 1 && !memcmp(l, k, kl))
		if (KEY("ID") || KEY("DISTRIB_ID"))
			os.id = lower(v);
		else if (KEY("VERSION_ID") || KEY("DISTRIB_RELEASE"))
			os.version_id = v;
		else if (KEY("VERSION_CODENAME") || KEY("DISTRIB_CODENAME"))
			os.codename = v;
		else if (KEY("ID_LIKE"))
			os.id_like = v;
		else if (KEY("PRETTY_NAME") || KEY("DISTRIB_DESCRIPTION"))
			os.pretty_name = v;
#undef KEY
	}
	set_os(inv, rank, path, &os);
	return 0;
}

/* First line, trimmed. */
static char *first_line(struct sg_arena *a, const char *data, size_t len)
{
	size_t pos = 0, ll;
	const char *l;

	if (!inventory_next_line(data, len, &pos, &l, &ll))
		return sg_arena_strdup(a, "");
	while (ll && sg_isspace((unsigned char)l[ll - 1]))
		ll--;
	while (ll && sg_isspace((unsigned char)*l)) {
		l++;
		ll--;
	}
	return sg_arena_strndup(a, l, ll);
}

/* "Rocky Linux release 8.9 (Green Obsidian)" */
static void redhat_release(struct sg_arena *a, char *line, struct inv_os *os)
{
	static const struct { const char *prefix, *id; } names[] = {
		{ "Red Hat Enterprise Linux", "rhel" },
		{ "CentOS", "centos" },
		{ "Rocky Linux", "rocky" },
		{ "AlmaLinux", "almalinux" },
		{ "Fedora", "fedora" },
		{ "Oracle Linux", "ol" },
	};
	char *rel = strstr(line, " release ");
	size_t i, n;

	if (!rel)
		return;
	for (i = 0; i < SG_ARRAY_SIZE(names); i++)
		if (sg_startswith(line, names[i].prefix))
			os->id = names[i].id;
	if (!os->id) {
		n = strcspn(line, " ");
		os->id = lower(sg_arena_strndup(a, line, n));
	}
	rel += 9;
	n = 0;
	while (sg_isdigit((unsigned char)rel[n]) || rel[n] == '.')
		n++;
	if (n)
		os->version_id = sg_arena_strndup(a, rel, n);
	os->pretty_name = line;
}

/* "vN.M": its N and M; false for anything else. */
static bool apk_branch_version(const char *s, size_t n, unsigned long *maj,
			       unsigned long *min)
{
	size_t i = 1, d;

	if (n < 4 || s[0] != 'v')
		return false;
	*maj = *min = 0;
	for (d = i; i < n && sg_isdigit((unsigned char)s[i]) && i - d < 6; i++)
		*maj = *maj * 10 + (unsigned long)(s[i] - '0');
	if (i == d || i >= n || s[i] != '.')
		return false;
	for (d = ++i; i < n && sg_isdigit((unsigned char)s[i]) && i - d < 6;
	     i++)
		*min = *min * 10 + (unsigned long)(s[i] - '0');
	return i > d && i == n;
}

/*
 * etc/apk/repositories: which branch the packages come from.  "edge" when
 * any repository is edge's, else the newest "vN.M" (Trivy's rule).
 * Repositories tagged "@name" serve only packages pinned to them, so they
 * do not say what the image is.
 */
static int apk_repositories(struct inventory *inv, const char *data,
			    size_t len)
{
	unsigned long bmaj = 0, bmin = 0, maj, min;
	bool edge = false, any = false;
	size_t pos = 0, ll;
	const char *l;

	while (inventory_next_line(data, len, &pos, &l, &ll)) {
		size_t i = 0;

		while (i < ll && sg_isspace((unsigned char)l[i]))
			i++;
		if (i == ll || l[i] == '#' || l[i] == '@')
			continue;
		/* every path segment of the URL (or local path) */
		while (i < ll) {
			size_t s0;

			while (i < ll && l[i] == '/')
				i++;
			s0 = i;
			while (i < ll && l[i] != '/' &&
			       !sg_isspace((unsigned char)l[i]))
				i++;
			if (i - s0 == 4 && !memcmp(l + s0, "edge", 4) &&
			    i < ll && l[i] == '/')
				edge = true;
			else if (apk_branch_version(l + s0, i - s0, &maj,
						    &min) &&
				 (!any || maj > bmaj ||
				  (maj == bmaj && min > bmin))) {
				any = true;
				bmaj = maj;
				bmin = min;
			}
			if (i < ll && sg_isspace((unsigned char)l[i]))
				break;
		}
	}
	if (edge)
		inv->apk_branch = "edge";
	else if (any)
		inv->apk_branch = sg_arena_printf(&inv->arena, "v%lu.%lu",
						  bmaj, bmin);
	return 0;
}

int inventory_parse_os_release(struct inventory *inv, const char *path,
			       const char *data, size_t len, sg_error *err)
{
	struct sg_arena *a = &inv->arena;
	struct inv_os os;
	char *line;
	int rc = 0;

	memset(&os, 0, sizeof(os));
	if (!strcmp(path, "etc/apk/repositories"))
		rc = apk_repositories(inv, data, len);
	else if (!strcmp(path, "etc/os-release"))
		rc = parse_kv(inv, path, data, len, RANK_ETC_OS_RELEASE);
	else if (!strcmp(path, "usr/lib/os-release"))
		rc = parse_kv(inv, path, data, len, RANK_USR_OS_RELEASE);
	else if (!strcmp(path, "etc/lsb-release"))
		rc = parse_kv(inv, path, data, len, RANK_LSB);
	else if (!(line = first_line(a, data, len)))
		rc = SG_ENOMEM;
	else if (!strcmp(path, "etc/debian_version")) {
		/* "12.15", or "trixie/sid" on testing */
		os.id = "debian";
		if (sg_isdigit((unsigned char)line[0]))
			os.version_id = line;
		else
			os.codename = line;
		set_os(inv, RANK_DISTRO_FILE, path, &os);
	} else if (!strcmp(path, "etc/alpine-release")) {
		os.id = "alpine";
		os.version_id = line;
		set_os(inv, RANK_DISTRO_FILE, path, &os);
	} else if (!strcmp(path, "etc/redhat-release")) {
		redhat_release(a, line, &os);
		set_os(inv, RANK_REDHAT, path, &os);
	}
	if (rc < 0 || a->oom)
		return sg_error_set(err, SG_ENOMEM, path, 0, 0,
				    "out of memory");
	return 0;
}

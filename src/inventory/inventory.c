/*
 * inventory.c: the package list of an image: dispatch by path, OS identity
 * ranking, ecosystems and purls, deterministic order.
 */
#include "util/compat.h"
#include "inventory/inventory.h"
#include "util/buf.h"
#include "util/path.h"
#include "vuln/version/version.h"

/* Largest package database read; Fedora's rpmdb.sqlite is ~10 MiB. */
#define INV_MAX_PURL 2048

int inventory_new(struct inventory **out, sg_error *err)
{
	struct inventory *inv = calloc(1, sizeof(*inv));

	*out = NULL;
	if (!inv)
		return sg_error_set(err, SG_ENOMEM, NULL, 0, 0,
				    "out of memory");
	sg_arena_init(&inv->arena);
	*out = inv;
	return 0;
}

void inventory_free(struct inventory *inv)
{
	if (!inv)
		return;
	sg_vec_release(&inv->pkgs);
	sg_vec_release(&inv->warnings);
	sg_strmap_release(&inv->owned);
	sg_arena_release(&inv->arena);
	free(inv);
}

struct inv_package *inventory_push(struct inventory *inv, enum inv_type type,
				   const char *path, uint32_t line)
{
	struct inv_package p;

	memset(&p, 0, sizeof(p));
	p.type = type;
	p.path = sg_arena_strdup(&inv->arena, path);
	p.line = line;
	if (!p.path || sg_vec_push(&inv->pkgs, p) < 0)
		return NULL;
	return &inv->pkgs.v[inv->pkgs.n - 1];
}

int inventory_warn(struct inventory *inv, const char *path, uint32_t line,
		   const char *fmt, ...)
{
	struct inv_warning w;
	va_list ap;

	va_start(ap, fmt);
	w.message = sg_arena_vprintf(&inv->arena, fmt, ap);
	va_end(ap);
	w.path = sg_arena_strdup(&inv->arena, path);
	w.line = line;
	if (!w.message || !w.path || sg_vec_push(&inv->warnings, w) < 0)
		return SG_ENOMEM;
	return 0;
}

const char *inventory_pep503(struct sg_arena *a, const char *name)
{
	size_t i, n = strlen(name), o = 0;
	char *out = sg_arena_alloc(a, n + 1);

	if (!out)
		return NULL;
	for (i = 0; i < n; i++) {
		char c = name[i];

		if (c == '-' || c == '_' || c == '.') {
			while (i + 1 < n && (name[i + 1] == '-' ||
					     name[i + 1] == '_' ||
					     name[i + 1] == '.'))
				i++;
			out[o++] = '-';
		} else {
			out[o++] = (char)sg_tolower((unsigned char)c);
		}
	}
	out[o] = '\0';
	return out;
}

/* ---- which files ------------------------------------------------------- */

enum inv_file {
	F_NONE,
	F_OS,
	F_DPKG,
	F_APK,
	F_RPM_SQLITE,
	F_RPM_BDB,
	F_RPM_NDB,      /* SUSE's backend: known, not read (SGV004) */
	F_NPM,
	F_PYTHON,
	F_DPKG_LIST,    /* a Debian package's file list: ownership only */
};

static bool under(const char *path, const char *dir)
{
	return sg_startswith(path, dir) && path[strlen(dir)] != '\0' &&
	       !strchr(path + strlen(dir), '/');
}

/* node_modules/<name>/package.json or node_modules/@scope/<name>/package.json */
static bool npm_manifest(const char *path)
{
	const char *nm = NULL, *p = path, *rest;
	const char *slash;

	if (strcmp(sg_path_basename(path), "package.json") != 0)
		return false;
	while ((p = strstr(p, "node_modules/")) != NULL) {
		if (p == path || p[-1] == '/')
			nm = p;
		p += 13;
	}
	if (!nm)
		return false;
	rest = nm + 13;
	if (*rest == '@') {
		slash = strchr(rest, '/');
		if (!slash)
			return false;
		rest = slash + 1;
	}
	slash = strchr(rest, '/');
	return slash && slash != rest && strcmp(slash + 1, "package.json") == 0;
}

static enum inv_file classify(const char *path)
{
	const char *base = sg_path_basename(path);
	size_t dl = sg_path_dirlen(path);

	if (!strcmp(path, "etc/os-release") ||
	    !strcmp(path, "usr/lib/os-release") ||
	    !strcmp(path, "etc/debian_version") ||
	    !strcmp(path, "etc/alpine-release") ||
	    !strcmp(path, "etc/lsb-release") ||
	    !strcmp(path, "etc/redhat-release") ||
	    !strcmp(path, "etc/apk/repositories"))
		return F_OS;
	if (!strcmp(path, "var/lib/dpkg/status"))
		return F_DPKG;
	if (under(path, "var/lib/dpkg/status.d/")) {
		/* distroless keeps <pkg>.md5sums beside each stanza file */
		if (strchr(base, '.') && (sg_endswith(base, ".md5sums") ||
					  sg_endswith(base, ".preinst") ||
					  sg_endswith(base, ".postinst") ||
					  sg_endswith(base, ".prerm") ||
					  sg_endswith(base, ".postrm") ||
					  sg_endswith(base, ".list") ||
					  sg_endswith(base, ".conffiles")))
			return F_NONE;
		return F_DPKG;
	}
	if (under(path, "var/lib/dpkg/info/") && sg_endswith(base, ".list"))
		return F_DPKG_LIST;
	if (!strcmp(path, "lib/apk/db/installed") ||
	    !strcmp(path, "usr/lib/apk/db/installed"))
		return F_APK;
	if (!strcmp(path, "var/lib/rpm/rpmdb.sqlite") ||
	    !strcmp(path, "usr/lib/sysimage/rpm/rpmdb.sqlite") ||
	    !strcmp(path, "usr/share/rpm/rpmdb.sqlite"))
		return F_RPM_SQLITE;
	if (!strcmp(path, "var/lib/rpm/Packages") ||
	    !strcmp(path, "usr/lib/sysimage/rpm/Packages"))
		return F_RPM_BDB;
	if (!strcmp(path, "var/lib/rpm/Packages.db") ||
	    !strcmp(path, "usr/lib/sysimage/rpm/Packages.db"))
		return F_RPM_NDB;
	if (npm_manifest(path))
		return F_NPM;
	if (dl > 0 && (!strcmp(base, "METADATA") || !strcmp(base, "PKG-INFO"))) {
		const char *dir = path;
		size_t i = dl;

		/* the directory right above the file */
		while (i > 0 && path[i - 1] != '/')
			i--;
		dir = path + i;
		if (!strcmp(base, "METADATA") && dl - i > 10 &&
		    !strncmp(path + dl - 10, ".dist-info", 10))
			return F_PYTHON;
		if (!strcmp(base, "PKG-INFO") &&
		    ((dl - i > 9 && !strncmp(path + dl - 9, ".egg-info", 9)) ||
		     (dl - i == 8 && !strncmp(dir, "EGG-INFO", 8))))
			return F_PYTHON;
		return F_NONE;
	}
	/* a single-file egg-info (distutils) */
	if (sg_endswith(base, ".egg-info") && strstr(path, "-packages/"))
		return F_PYTHON;
	return F_NONE;
}

bool inventory_wants(const char *path)
{
	return classify(path) != F_NONE;
}

int inventory_os_db_type(const char *path)
{
	switch (classify(path)) {
	case F_DPKG:
		return INV_DPKG;
	case F_APK:
		return INV_APK;
	case F_RPM_SQLITE:
	case F_RPM_BDB:
	case F_RPM_NDB:
		return INV_RPM;
	default:
		return -1;
	}
}

bool inventory_is_os_db(const char *path)
{
	return inventory_os_db_type(path) >= 0;
}

int inventory_add_file(struct inventory *inv, const char *path,
		       const void *data, size_t len, const char *layer,
		       sg_error *err)
{
	size_t before = inv->pkgs.n, i;
	const char *lay;
	int rc;

	switch (classify(path)) {
	case F_OS:
		return inventory_parse_os_release(inv, path, data, len, err);
	case F_DPKG:
		rc = inventory_parse_dpkg(inv, path, data, len, err);
		break;
	case F_APK:
		rc = inventory_parse_apk(inv, path, data, len, err);
		break;
	case F_RPM_SQLITE:
		rc = inventory_parse_rpm_sqlite(inv, path, data, len, err);
		break;
	case F_RPM_BDB:
		rc = inventory_parse_rpm_bdb(inv, path, data, len, err);
		break;
	case F_RPM_NDB:
		return sg_error_set(err, SG_EINVALID, path, 0, 0,
				    "rpm's NDB database format is not read");
	case F_NPM:
		rc = inventory_parse_npm(inv, path, data, len, err);
		break;
	case F_PYTHON:
		rc = inventory_parse_python(inv, path, data, len, err);
		break;
	case F_DPKG_LIST:
		return inventory_parse_dpkg_list(inv, path, data, len, err);
	default:
		return 0;
	}
	if (rc < 0 || !layer)
		return rc;
	lay = sg_arena_strdup(&inv->arena, layer);
	if (!lay)
		return sg_error_set(err, SG_ENOMEM, path, 0, 0, "out of memory");
	for (i = before; i < inv->pkgs.n; i++)
		inv->pkgs.v[i].layer = lay;
	return 0;
}

/* ---- ecosystems and purls ---------------------------------------------- */

/* Leading "N" or "N.M" of a version id. */
static const char *version_prefix(struct sg_arena *a, const char *v,
				  int parts)
{
	size_t i = 0;
	int seen = 0;

	if (!v)
		return NULL;
	for (;;) {
		size_t start = i;

		while (sg_isdigit((unsigned char)v[i]))
			i++;
		if (i == start)
			break;
		if (++seen == parts || v[i] != '.')
			break;
		i++;
	}
	if (seen == 0)
		return NULL;
	if (i > 0 && v[i - 1] == '.')
		i--;
	return sg_arena_strndup(a, v, i);
}

static const char *os_ecosystem(struct inventory *inv)
{
	struct inv_os *os = &inv->os;
	struct sg_arena *a = &inv->arena;
	const char *v;

	if (!os->id)
		return NULL;
	if (!strcmp(os->id, "debian")) {
		v = version_prefix(a, os->version_id, 1);
		if (v)
			return sg_arena_printf(a, "Debian:%s", v);
		/* testing and unstable carry no VERSION_ID */
		return "Debian:sid";
	}
	if (!strcmp(os->id, "ubuntu")) {
		if (!os->version_id)
			return "Ubuntu";
		return sg_arena_printf(a, "Ubuntu:%s%s", os->version_id,
				       os->pretty_name &&
				       strstr(os->pretty_name, "LTS") ?
				       ":LTS" : "");
	}
	if (!strcmp(os->id, "alpine")) {
		/* edge: its repositories, or a development version
		 * ("3.21_alpha20240807", PRETTY_NAME "Alpine Linux edge");
		 * else the branch the repositories name, as Trivy does,
		 * else the release's major.minor */
		if (sg_streq(inv->apk_branch, "edge") ||
		    (os->version_id && strstr(os->version_id, "_alpha")) ||
		    (os->pretty_name && strstr(os->pretty_name, "edge")))
			return "Alpine:edge";
		if (inv->apk_branch)
			return sg_arena_printf(a, "Alpine:%s",
					       inv->apk_branch);
		v = version_prefix(a, os->version_id, 2);
		if (v)
			return sg_arena_printf(a, "Alpine:v%s", v);
		return "Alpine:edge";
	}
	if (!strcmp(os->id, "rocky") || !strcmp(os->id, "almalinux")) {
		v = version_prefix(a, os->version_id, 1);
		return sg_arena_printf(a, "%s:%s",
				       os->id[0] == 'r' ? "Rocky Linux" :
				       "AlmaLinux", v ? v : "");
	}
	/* OSV names (ecosystems.json) of other rpm distributions */
	if (!strcmp(os->id, "opensuse-leap") && os->version_id)
		return sg_arena_printf(a, "openSUSE:Leap %s", os->version_id);
	if (!strcmp(os->id, "photon") && os->version_id)
		return sg_arena_printf(a, "Photon OS:%s", os->version_id);
	if (!strcmp(os->id, "mageia") && os->version_id)
		return sg_arena_printf(a, "Mageia:%s", os->version_id);
	if (!strcmp(os->id, "wolfi"))
		return "Wolfi";
	if (!strcmp(os->id, "chainguard"))
		return "Chainguard";
	if (os->version_id)
		return sg_arena_printf(a, "%s:%s", os->id, os->version_id);
	return os->id;
}

/* purl percent-encoding: unreserved characters stay, the rest is %XX */
static void purl_enc(struct sg_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (sg_isalnum(c) || c == '.' || c == '-' || c == '_' ||
		    c == '~')
			sg_buf_putc(b, (char)c);
		else {
			sg_buf_putc(b, '%');
			sg_buf_putc(b, hex[c >> 4]);
			sg_buf_putc(b, hex[c & 15]);
		}
	}
}

/* Split "E:V" into epoch and rest; epoch NULL when none. */
static const char *split_epoch(struct sg_arena *a, const char *v,
			       const char **epoch)
{
	const char *c = strchr(v, ':');
	size_t i;

	*epoch = NULL;
	if (!c || c == v)
		return v;
	for (i = 0; v + i < c; i++)
		if (!sg_isdigit((unsigned char)v[i]))
			return v;
	*epoch = sg_arena_strndup(a, v, (size_t)(c - v));
	return c + 1;
}

static const char *make_purl(struct inventory *inv,
			     const struct inv_package *p)
{
	struct sg_buf b = SG_BUF_INIT(INV_MAX_PURL);
	const char *epoch = NULL, *ver = p->version;
	const char *osid = inv->os.id;
	const char *out = NULL;
	char sep = '?';

	switch (p->type) {
	case INV_DPKG:
	case INV_APK:
	case INV_RPM:
		if (p->type != INV_APK)
			ver = split_epoch(&inv->arena, p->version, &epoch);
		sg_buf_puts(&b, p->type == INV_DPKG ? "pkg:deb/" :
			    p->type == INV_APK ? "pkg:apk/" : "pkg:rpm/");
		purl_enc(&b, osid ? osid :
			 p->type == INV_DPKG ? "debian" :
			 p->type == INV_APK ? "alpine" : "unknown");
		sg_buf_putc(&b, '/');
		purl_enc(&b, p->name);
		sg_buf_putc(&b, '@');
		purl_enc(&b, ver);
		/* qualifiers in key order, as the purl spec requires */
		if (p->arch) {
			sg_buf_puts(&b, "?arch=");
			purl_enc(&b, p->arch);
			sep = '&';
		}
		if (osid && inv->os.version_id) {
			sg_buf_putc(&b, sep);
			sg_buf_puts(&b, "distro=");
			purl_enc(&b, osid);
			sg_buf_putc(&b, '-');
			purl_enc(&b, inv->os.version_id);
			sep = '&';
		}
		if (epoch) {
			sg_buf_putc(&b, sep);
			sg_buf_puts(&b, "epoch=");
			purl_enc(&b, epoch);
			sep = '&';
		}
		if (p->source && strcmp(p->source, p->name) != 0) {
			sg_buf_putc(&b, sep);
			sg_buf_puts(&b, "upstream=");
			purl_enc(&b, p->source);
		}
		break;
	case INV_NPM:
		sg_buf_puts(&b, "pkg:npm/");
		if (p->name[0] == '@' && strchr(p->name, '/')) {
			const char *sl = strchr(p->name, '/');
			char *scope = sg_arena_strndup(&inv->arena, p->name,
						       (size_t)(sl - p->name));

			purl_enc(&b, scope);
			sg_buf_putc(&b, '/');
			purl_enc(&b, sl + 1);
		} else {
			purl_enc(&b, p->name);
		}
		sg_buf_putc(&b, '@');
		purl_enc(&b, p->version);
		break;
	case INV_PYPI:
		sg_buf_puts(&b, "pkg:pypi/");
		purl_enc(&b, inventory_pep503(&inv->arena, p->name));
		sg_buf_putc(&b, '@');
		purl_enc(&b, p->version);
		break;
	}
	if (!sg_buf_error(&b))
		out = sg_arena_strdup(&inv->arena, sg_buf_cstr(&b));
	sg_buf_release(&b);
	return out;
}

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int cmp_pkg(const void *x, const void *y)
{
	const struct inv_package *a = x, *b = y;
	int c;

	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	if ((c = cmp_str(a->name, b->name)) != 0)
		return c;
	if ((c = cmp_str(a->version, b->version)) != 0)
		return c;
	if ((c = cmp_str(a->arch, b->arch)) != 0)
		return c;
	if ((c = cmp_str(a->path, b->path)) != 0)
		return c;
	return a->line < b->line ? -1 : a->line > b->line;
}

int inventory_own(struct inventory *inv, const char *path, size_t len)
{
	char p[PATH_MAX];
	enum inv_file k;
	char *key;

	while (len > 0 && *path == '/') {
		path++;
		len--;
	}
	if (len == 0 || len >= sizeof(p))
		return 0;
	memcpy(p, path, len);
	p[len] = '\0';
	k = classify(p);
	if ((k != F_NPM && k != F_PYTHON) || sg_strmap_has(&inv->owned, p))
		return 0;
	key = sg_arena_strndup(&inv->arena, p, len);
	return key ? sg_strmap_put(&inv->owned, key, key, NULL) : SG_ENOMEM;
}

int inventory_parse_dpkg_list(struct inventory *inv, const char *path,
			      const char *data, size_t len, sg_error *err)
{
	size_t pos = 0, ll;
	uint32_t lineno = 0;
	const char *l;

	while (inventory_next_line(data, len, &pos, &l, &ll)) {
		lineno++;
		if (inventory_own(inv, l, ll) < 0)
			return sg_error_set(err, SG_ENOMEM, path, lineno, 0,
					    "out of memory");
	}
	return 0;
}

/* A language package whose manifest an OS package installed. */
static bool os_owned(const struct inventory *inv, const struct inv_package *p)
{
	return (p->type == INV_NPM || p->type == INV_PYPI) && p->path &&
	       sg_strmap_has(&inv->owned, p->path);
}

int inventory_finish(struct inventory *inv, sg_error *err)
{
	const char *oseco = os_ecosystem(inv);
	size_t i, o = 0;

	if (inv->os.id && !oseco)
		goto oom;
	inv->os.ecosystem = oseco;
	for (i = 0; i < inv->pkgs.n; i++) {
		if (os_owned(inv, &inv->pkgs.v[i]))
			inv->owned_dropped++;
		else
			inv->pkgs.v[o++] = inv->pkgs.v[i];
	}
	inv->pkgs.n = o;
	o = 0;
	for (i = 0; i < inv->pkgs.n; i++) {
		struct inv_package *p = &inv->pkgs.v[i];

		switch (p->type) {
		case INV_DPKG:
			p->ecosystem = oseco ? oseco : "Debian";
			break;
		case INV_APK:
			/* Alpine, Wolfi, Chainguard: every OS whose advisories
			 * are apk-ordered keys its own packages */
			p->ecosystem = oseco && vuln_scheme_find(oseco) ==
				       &vuln_scheme_apk ? oseco : "Alpine";
			break;
		case INV_RPM:
			p->ecosystem = oseco ? oseco : "rpm";
			break;
		case INV_NPM:
			p->ecosystem = "npm";
			break;
		case INV_PYPI:
			p->ecosystem = "PyPI";
			break;
		}
		if (!p->source)
			p->source = p->name;
		if (!p->source_version)
			p->source_version = p->version;
		p->purl = make_purl(inv, p);
		if (!p->purl)
			goto oom;
	}
	if (inv->pkgs.n > 1)
		qsort(inv->pkgs.v, inv->pkgs.n, sizeof(inv->pkgs.v[0]), cmp_pkg);
	/* the same package seen twice (a file re-added by a later layer) */
	for (i = 0; i < inv->pkgs.n; i++) {
		if (o > 0 && inv->pkgs.v[o - 1].type == inv->pkgs.v[i].type &&
		    sg_streq(inv->pkgs.v[o - 1].name, inv->pkgs.v[i].name) &&
		    sg_streq(inv->pkgs.v[o - 1].version,
			     inv->pkgs.v[i].version) &&
		    sg_streq(inv->pkgs.v[o - 1].arch, inv->pkgs.v[i].arch) &&
		    sg_streq(inv->pkgs.v[o - 1].path, inv->pkgs.v[i].path))
			continue;
		inv->pkgs.v[o++] = inv->pkgs.v[i];
	}
	inv->pkgs.n = o;
	if (inv->arena.oom)
		goto oom;
	return 0;
oom:
	return sg_error_set(err, SG_ENOMEM, NULL, 0, 0, "out of memory");
}

bool inventory_next_line(const char *data, size_t len, size_t *pos,
			 const char **line, size_t *llen)
{
	const char *nl;
	size_t n;

	if (*pos >= len)
		return false;
	*line = data + *pos;
	nl = memchr(*line, '\n', len - *pos);
	n = nl ? (size_t)(nl - *line) : len - *pos;
	*pos += n + (nl ? 1 : 0);
	if (n > 0 && (*line)[n - 1] == '\r')
		n--;
	*llen = n;
	return true;
}

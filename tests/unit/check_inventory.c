/*
 * check_inventory.c: package inventories from package-manager databases:
 * small fixtures in testdata/inventory/, the real samples in
 * ../shared/pkgdb-samples/ (compared with rpm's own reading of them: rpm
 * is one of the test tools `make deps` installs), and hostile blobs.
 */
#include "util/compat.h"
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>
#include "helpers.h"
#include "inventory/inventory.h"
#include "util/buf.h"

/* Feed every file under `root` to the inventory, as the image glue does. */
static void feed_tree(struct inventory *inv, const char *root,
		      const char *rel)
{
	char dir[1024], path[2100];
	struct dirent *de;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s%s%s", root, *rel ? "/" : "", rel);
	d = opendir(dir);
	ck_assert_msg(d != NULL, "cannot open %s", dir);
	while ((de = readdir(d)) != NULL) {
		char sub[1024];
		struct stat sb;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "",
			 de->d_name);
		snprintf(path, sizeof(path), "%s/%s", root, sub);
		ck_assert_int_eq(stat(path, &sb), 0);
		if (S_ISDIR(sb.st_mode)) {
			feed_tree(inv, root, sub);
		} else if (inventory_wants(sub)) {
			size_t len;
			char *data = t_read(path, &len);
			sg_error err;

			sg_error_clear(&err);
			ck_assert_int_eq(inventory_add_file(inv, sub, data, len,
							    "sha256:layer1",
							    &err), 0);
			free(data);
		}
	}
	closedir(d);
}

static struct inventory *load(const char *root)
{
	struct inventory *inv;
	sg_error err;

	sg_error_clear(&err);
	ck_assert_int_eq(inventory_new(&inv, &err), 0);
	feed_tree(inv, root, "");
	ck_assert_int_eq(inventory_finish(inv, &err), 0);
	return inv;
}

static const struct inv_package *find(const struct inventory *inv,
				      const char *name)
{
	size_t i;

	for (i = 0; i < inv->pkgs.n; i++)
		if (!strcmp(inv->pkgs.v[i].name, name))
			return &inv->pkgs.v[i];
	return NULL;
}

static struct inventory *one_file(const char *path, const char *data,
				  size_t len)
{
	struct inventory *inv;
	sg_error err;

	sg_error_clear(&err);
	ck_assert_int_eq(inventory_new(&inv, &err), 0);
	ck_assert_int_eq(inventory_add_file(inv, path, data, len, NULL, &err),
			 0);
	ck_assert_int_eq(inventory_finish(inv, &err), 0);
	return inv;
}

START_TEST(test_inventory_debian_rootfs)
{
	struct inventory *inv = load(t_src("testdata/inventory/rootfs"));
	const struct inv_package *p;

	ck_assert_str_eq(inv->os.id, "debian");
	ck_assert_str_eq(inv->os.ecosystem, "Debian:12");
	ck_assert_str_eq(inv->os.from, "etc/os-release");
	/* source with its own version, and a binary-only epoch */
	p = find(inv, "bsdutils");
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->version, "1:2.38.1-5+deb12u3");
	ck_assert_str_eq(p->source, "util-linux");
	ck_assert_str_eq(p->source_version, "2.38.1-5+deb12u3");
	ck_assert_str_eq(p->ecosystem, "Debian:12");
	ck_assert_str_eq(p->layer, "sha256:layer1");
	ck_assert_str_eq(p->purl, "pkg:deb/debian/bsdutils@2.38.1-5%2Bdeb12u3"
			 "?arch=amd64&distro=debian-12&epoch=1"
			 "&upstream=util-linux");
	/* binNMU: the source version drops +bN */
	p = find(inv, "bash");
	ck_assert_str_eq(p->source, "bash");
	ck_assert_str_eq(p->source_version, "5.2.15-2");
	/* Source without a version takes the binary's */
	p = find(inv, "libssl3");
	ck_assert_str_eq(p->source, "openssl");
	ck_assert_str_eq(p->source_version, "3.0.8-1");
	/* config-files only: not installed; no Version: a warning */
	ck_assert_ptr_null(find(inv, "oldpkg"));
	ck_assert_ptr_null(find(inv, "noversion"));
	/* node_modules, nested and scoped; test fixtures are not packages */
	p = find(inv, "@babel/core");
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->purl, "pkg:npm/%40babel/core@7.22.5");
	ck_assert_str_eq(p->ecosystem, "npm");
	ck_assert_ptr_nonnull(find(inv, "tiny"));
	ck_assert_ptr_nonnull(find(inv, "left-pad"));
	ck_assert_ptr_null(find(inv, "not-a-package"));
	/* python: headers only, CRLF tolerated, PEP 503 purl */
	p = find(inv, "Jinja2");
	ck_assert_str_eq(p->version, "3.1.2");
	ck_assert_str_eq(p->source, "jinja2");
	ck_assert_str_eq(p->purl, "pkg:pypi/jinja2@3.1.2");
	ck_assert_str_eq(find(inv, "PyYAML")->version, "5.3.1");
	/* 4 dpkg + 3 npm + 2 python */
	ck_assert_uint_eq(inv->pkgs.n, 9);
	/* the stanza without Version and the broken package.json */
	ck_assert_uint_eq(inv->warnings.n, 2);
	inventory_free(inv);
}
END_TEST

START_TEST(test_inventory_alpine_rootfs)
{
	struct inventory *inv = load(t_src("testdata/inventory/alpine"));
	const struct inv_package *p;

	ck_assert_str_eq(inv->os.ecosystem, "Alpine:v3.19");
	p = find(inv, "libcrypto3");
	ck_assert_str_eq(p->source, "openssl");
	ck_assert_str_eq(p->version, "3.1.4-r1");
	ck_assert_str_eq(p->purl, "pkg:apk/alpine/libcrypto3@3.1.4-r1"
			 "?arch=x86_64&distro=alpine-3.19.1&upstream=openssl");
	ck_assert_uint_eq(inv->pkgs.n, 3);
	ck_assert_uint_eq(inv->warnings.n, 1);
	ck_assert_uint_eq(inv->warnings.v[0].line, 23);
	inventory_free(inv);
}
END_TEST

/*
 * A language package an OS package installed is that OS package: Debian's
 * python3-requests ships requests-2.28.1.egg-info (dpkg's file list says
 * so), and matching it against PyPI as well would call fixes Debian
 * backported open.  One pip installed under /usr/local stays; so does
 * every package when no list names its manifest.  apk's database names
 * its files the same way (F: directory, R: file).
 */
START_TEST(test_inventory_os_owned_language_packages)
{
	static const char apk[] =
		"P:py3-idna\nV:3.6-r0\nA:noarch\no:py3-idna\n"
		"F:usr/lib/python3.11/site-packages/idna\nR:__init__.py\n"
		"F:usr/lib/python3.11/site-packages/idna-3.6.dist-info\n"
		"R:METADATA\nR:RECORD\n\n"
		"P:musl\nV:1.2.4-r2\nA:x86_64\n\n";
	static const char meta[] = "Name: idna\nVersion: 3.6\n";
	static const char six[] = "Name: six\nVersion: 1.16.0\n";
	struct inventory *inv = load(t_src("testdata/inventory/owned"));
	const struct inv_package *p;
	sg_error err;

	ck_assert_uint_eq(inv->pkgs.n, 3);
	ck_assert_uint_eq(inv->owned_dropped, 2);
	ck_assert_ptr_nonnull(find(inv, "python3-requests"));
	ck_assert_ptr_nonnull(find(inv, "python3-six"));
	p = find(inv, "requests");
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->version, "2.31.0");
	ck_assert_ptr_null(find(inv, "six"));
	inventory_free(inv);

	/* apk, the manifest first and the database after */
	sg_error_clear(&err);
	ck_assert_int_eq(inventory_new(&inv, &err), 0);
	ck_assert_int_eq(inventory_add_file(inv, "usr/lib/python3.11/"
					    "site-packages/idna-3.6.dist-info/"
					    "METADATA", meta, sizeof(meta) - 1,
					    NULL, &err), 0);
	ck_assert_int_eq(inventory_add_file(inv, "lib/apk/db/installed", apk,
					    sizeof(apk) - 1, NULL, &err), 0);
	ck_assert_int_eq(inventory_finish(inv, &err), 0);
	ck_assert_uint_eq(inv->pkgs.n, 2);
	ck_assert_ptr_nonnull(find(inv, "py3-idna"));
	ck_assert_ptr_null(find(inv, "idna"));
	inventory_free(inv);

	/* no file list: the PyPI package stays */
	inv = one_file("usr/lib/python3/dist-packages/six-1.16.0.egg-info",
		       six, sizeof(six) - 1);
	ck_assert_ptr_nonnull(find(inv, "six"));
	ck_assert_uint_eq(inv->owned_dropped, 0);
	inventory_free(inv);
}
END_TEST

START_TEST(test_inventory_order_independent)
{
	/* os-release wins over debian_version whichever comes first, and
	 * the package list does not depend on file order */
	static const char osr[] = "ID=ubuntu\nVERSION_ID=\"22.04\"\n"
				  "PRETTY_NAME=\"Ubuntu 22.04.3 LTS\"\n";
	static const char dv[] = "bookworm/sid\n";
	static const char st1[] = "Package: b\nVersion: 1\n\n";
	static const char st2[] = "Package: a\nVersion: 2\nStatus: install "
				  "ok installed\n";
	struct inventory *x, *y;
	sg_error err;

	sg_error_clear(&err);
	ck_assert_int_eq(inventory_new(&x, &err), 0);
	ck_assert_int_eq(inventory_new(&y, &err), 0);
	inventory_add_file(x, "etc/os-release", osr, strlen(osr), NULL, &err);
	inventory_add_file(x, "etc/debian_version", dv, strlen(dv), NULL, &err);
	inventory_add_file(x, "var/lib/dpkg/status.d/b", st1, strlen(st1),
			   NULL, &err);
	inventory_add_file(x, "var/lib/dpkg/status.d/a", st2, strlen(st2),
			   NULL, &err);
	inventory_add_file(y, "var/lib/dpkg/status.d/a", st2, strlen(st2),
			   NULL, &err);
	inventory_add_file(y, "etc/debian_version", dv, strlen(dv), NULL, &err);
	inventory_add_file(y, "var/lib/dpkg/status.d/b", st1, strlen(st1),
			   NULL, &err);
	inventory_add_file(y, "etc/os-release", osr, strlen(osr), NULL, &err);
	ck_assert_int_eq(inventory_finish(x, &err), 0);
	ck_assert_int_eq(inventory_finish(y, &err), 0);
	ck_assert_str_eq(x->os.ecosystem, "Ubuntu:22.04:LTS");
	ck_assert_str_eq(y->os.ecosystem, "Ubuntu:22.04:LTS");
	ck_assert_uint_eq(x->pkgs.n, 2);
	ck_assert_uint_eq(y->pkgs.n, 2);
	ck_assert_str_eq(x->pkgs.v[0].name, "a");
	ck_assert_str_eq(y->pkgs.v[0].name, "a");
	ck_assert_str_eq(x->pkgs.v[1].purl, y->pkgs.v[1].purl);
	inventory_free(x);
	inventory_free(y);
}
END_TEST

START_TEST(test_inventory_os_fallbacks)
{
	static const struct { const char *path, *data, *eco; } t[] = {
		{ "etc/debian_version", "11.9\n", "Debian:11" },
		{ "etc/debian_version", "trixie/sid\n", "Debian:sid" },
		/* a development snapshot is edge, not the next branch */
		{ "etc/alpine-release", "3.20.0_alpha20240315\n",
		  "Alpine:edge" },
		{ "etc/redhat-release", "Rocky Linux release 8.9 (Green "
		  "Obsidian)\n", "Rocky Linux:8" },
		{ "etc/lsb-release", "DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=20.04"
		  "\nDISTRIB_DESCRIPTION=\"Ubuntu 20.04.6 LTS\"\n",
		  "Ubuntu:20.04:LTS" },
		{ "usr/lib/os-release", "ID='alpine'\nVERSION_ID=3.18.4\n",
		  "Alpine:v3.18" },
		/* OSV's names for other rpm distributions */
		{ "usr/lib/os-release", "ID=\"opensuse-leap\"\nVERSION_ID="
		  "\"15.5\"\n", "openSUSE:Leap 15.5" },
		{ "etc/os-release", "ID=photon\nVERSION_ID=5.0\n",
		  "Photon OS:5.0" },
		{ "etc/os-release", "ID=\"mageia\"\nVERSION_ID=\"9\"\n",
		  "Mageia:9" },
	};
	size_t i;

	for (i = 0; i < SG_ARRAY_SIZE(t); i++) {
		struct inventory *inv = one_file(t[i].path, t[i].data,
						 strlen(t[i].data));

		ck_assert_msg(sg_streq(inv->os.ecosystem, t[i].eco),
			      "%s: got %s, want %s", t[i].data,
			      inv->os.ecosystem, t[i].eco);
		inventory_free(inv);
	}
}
END_TEST

/* Packages read from several in-memory files (path, content pairs). */
static struct inventory *files(const char *const *pc, size_t n)
{
	struct inventory *inv;
	sg_error err;
	size_t i;

	sg_error_clear(&err);
	ck_assert_int_eq(inventory_new(&inv, &err), 0);
	for (i = 0; i + 1 < n; i += 2)
		ck_assert_int_eq(inventory_add_file(inv, pc[i], pc[i + 1],
						    strlen(pc[i + 1]), NULL,
						    &err), 0);
	ck_assert_int_eq(inventory_finish(inv, &err), 0);
	return inv;
}

START_TEST(test_inventory_apk_os_ecosystem)
{
	/* Wolfi and Chainguard are apk distributions with advisories of
	 * their own: their packages must not be keyed as Alpine's */
	static const char apk[] = "P:busybox\nV:1.36.1-r7\no:busybox\n\n";
	static const struct { const char *osr, *eco; } t[] = {
		{ "ID=wolfi\nVERSION_ID=20230201\n", "Wolfi" },
		{ "ID=chainguard\nVERSION_ID=20230214\n", "Chainguard" },
		{ "ID=alpine\nVERSION_ID=3.19.1\n", "Alpine:v3.19" },
		/* an apk database under an OS with no apk advisories */
		{ "ID=postmarketos\nVERSION_ID=v23.12\n", "Alpine" },
	};
	size_t i;

	for (i = 0; i < SG_ARRAY_SIZE(t); i++) {
		const char *pc[] = { "etc/os-release", t[i].osr,
				     "lib/apk/db/installed", apk };
		struct inventory *inv = files(pc, SG_ARRAY_SIZE(pc));

		ck_assert_uint_eq(inv->pkgs.n, 1);
		ck_assert_msg(sg_streq(inv->pkgs.v[0].ecosystem, t[i].eco),
			      "%s: got %s, want %s", t[i].osr,
			      inv->pkgs.v[0].ecosystem, t[i].eco);
		inventory_free(inv);
	}
}
END_TEST

START_TEST(test_inventory_dpkg_states)
{
	/* a package whose files are on disk is scanned whatever dpkg is
	 * still doing with it; only removed ones are not */
	static const struct { const char *status; bool on; } t[] = {
		{ "install ok installed", true },
		{ "install ok triggers-pending", true },
		{ "install ok triggers-awaited", true },
		{ "install ok unpacked", true },
		{ "install ok half-configured", true },
		{ "install reinstreq half-installed", true },
		{ "hold ok installed", true },
		{ "deinstall ok installed", true },
		{ "deinstall ok config-files", false },
		{ "purge ok not-installed", false },
		{ "install ok not-installed", false },
	};
	size_t i;

	for (i = 0; i < SG_ARRAY_SIZE(t); i++) {
		char st[256];
		struct inventory *inv;

		snprintf(st, sizeof(st), "Package: libfoo\nStatus: %s\n"
			 "Version: 1.0-1\nArchitecture: amd64\n\n", t[i].status);
		inv = one_file("var/lib/dpkg/status", st, strlen(st));
		ck_assert_msg(inv->pkgs.n == (t[i].on ? 1u : 0u),
			      "Status: %s: %zu packages", t[i].status,
			      inv->pkgs.n);
		ck_assert_uint_eq(inv->warnings.n, 0);
		inventory_free(inv);
	}
}
END_TEST

START_TEST(test_inventory_alpine_edge)
{
	/* edge images say so in VERSION_ID, PRETTY_NAME or their
	 * repositories; secdb calls the branch "edge" */
	static const char edge_osr[] = "ID=alpine\nVERSION_ID=3.21_alpha20240807"
				       "\nPRETTY_NAME=\"Alpine Linux edge\"\n";
	static const char osr[] = "ID=alpine\nVERSION_ID=3.19.1\n"
				  "PRETTY_NAME=\"Alpine Linux v3.19\"\n";
	static const struct { const char *osr, *repos, *eco; } t[] = {
		{ edge_osr, NULL, "Alpine:edge" },
		{ "ID=alpine\nVERSION_ID=3.21_alpha20240807\n", NULL,
		  "Alpine:edge" },
		{ "ID=alpine\nVERSION_ID=3.21.0\nPRETTY_NAME=\"Alpine Linux "
		  "edge\"\n", NULL, "Alpine:edge" },
		{ osr, NULL, "Alpine:v3.19" },
		{ osr, "https://dl-cdn.alpinelinux.org/alpine/edge/main\n"
		  "https://dl-cdn.alpinelinux.org/alpine/edge/community\n",
		  "Alpine:edge" },
		/* the repositories' branch wins, the newest of several */
		{ osr, "# mirror\nhttp://mirror.example/pub/alpine/v3.20/main\n"
		  "http://mirror.example/pub/alpine/v3.9/community\n",
		  "Alpine:v3.20" },
		/* a tagged repository serves only pinned packages */
		{ osr, "https://dl-cdn.alpinelinux.org/alpine/v3.19/main\n"
		  "@testing https://dl-cdn.alpinelinux.org/alpine/edge/"
		  "testing\n", "Alpine:v3.19" },
		{ osr, "/media/cdrom/apks\n", "Alpine:v3.19" },
	};
	static const char apk[] = "P:busybox\nV:1.36.1-r15\no:busybox\n\n";
	size_t i;

	for (i = 0; i < SG_ARRAY_SIZE(t); i++) {
		const char *pc[] = { "etc/os-release", t[i].osr,
				     "lib/apk/db/installed", apk,
				     "etc/apk/repositories", t[i].repos };
		struct inventory *inv = files(pc, t[i].repos ? 6 : 4);

		ck_assert_msg(sg_streq(inv->os.ecosystem, t[i].eco) &&
			      sg_streq(inv->pkgs.v[0].ecosystem, t[i].eco),
			      "%zu: got %s, want %s", i, inv->os.ecosystem,
			      t[i].eco);
		inventory_free(inv);
	}
	ck_assert(inventory_wants("etc/apk/repositories"));
}
END_TEST

START_TEST(test_inventory_wants)
{
	ck_assert(inventory_wants("var/lib/dpkg/status"));
	ck_assert(inventory_wants("var/lib/dpkg/status.d/libc6"));
	ck_assert(!inventory_wants("var/lib/dpkg/status.d/libc6.md5sums"));
	ck_assert(!inventory_wants("var/lib/dpkg/status-old"));
	ck_assert(inventory_wants("lib/apk/db/installed"));
	ck_assert(inventory_wants("usr/lib/sysimage/rpm/rpmdb.sqlite"));
	ck_assert(inventory_wants("var/lib/rpm/Packages"));
	ck_assert(inventory_wants("app/node_modules/express/package.json"));
	ck_assert(inventory_wants("node_modules/@types/node/package.json"));
	ck_assert(!inventory_wants("app/package.json"));
	ck_assert(!inventory_wants("app/node_modules/x/lib/package.json"));
	ck_assert(inventory_wants("usr/lib/python3/dist-packages/"
				  "requests-2.28.1.dist-info/METADATA"));
	ck_assert(inventory_wants("usr/lib/python3/dist-packages/"
				  "six-1.16.0.egg-info/PKG-INFO"));
	ck_assert(!inventory_wants("usr/share/doc/METADATA"));
	ck_assert(!inventory_wants("etc/passwd"));
}
END_TEST

/* ---- real samples ------------------------------------------------------ */

static char *shared_file(const char *rel, size_t *len)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/pkgdb-samples/%s", t_shared(), rel);
	return t_read(path, len);
}

START_TEST(test_inventory_trivy_apk_sample)
{
	struct inventory *inv;
	size_t len;
	char *data;

	if (t_skip_without_shared("inventory_trivy_apk_sample"))
		return;
	data = shared_file("trivy/pkg/fanal/analyzer/pkg/apk/testdata/apk",
			   &len);
	ck_assert_ptr_nonnull(data);
	inv = one_file("lib/apk/db/installed", data, len);
	/* 16 stanzas, one of them a P: without V: */
	ck_assert_uint_eq(inv->pkgs.n, 15);
	ck_assert_uint_eq(inv->warnings.n, 1);
	ck_assert_str_eq(find(inv, "musl")->version, "1.1.14-r10");
	ck_assert_str_eq(find(inv, "busybox")->version, "1.24.2-r9");
	ck_assert_str_eq(find(inv, "libcrypto1.0")->source, "openssl");
	inventory_free(inv);
	free(data);
}
END_TEST

START_TEST(test_inventory_ubuntu_dpkg_sample)
{
	struct inventory *inv;
	const struct inv_package *p;
	const char *status, *end;
	size_t len, installed = 0;
	char *data;

	if (t_skip_without_shared("inventory_ubuntu_dpkg_sample"))
		return;
	data = shared_file("trivy/pkg/fanal/analyzer/pkg/dpkg/testdata/"
			   "valid.txtar", &len);
	ck_assert_ptr_nonnull(data);
	status = strstr(data, "-- var/lib/dpkg/status --\n");
	ck_assert_ptr_nonnull(status);
	status += strlen("-- var/lib/dpkg/status --\n");
	end = strstr(status, "\n-- ");
	if (!end)
		end = data + len;
	/* independent count of installed stanzas */
	{
		const char *q = status;

		while ((q = strstr(q, "Status: install ok installed")) &&
		       q < end) {
			installed++;
			q++;
		}
	}
	inv = one_file("var/lib/dpkg/status", status, (size_t)(end - status));
	ck_assert_uint_eq(inv->pkgs.n, installed);
	ck_assert_uint_ge(installed, 80);
	ck_assert_uint_eq(inv->warnings.n, 0);
	p = find(inv, "libgcc1");
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->source, "gcc-8");
	ck_assert_str_eq(p->version, "1:8-20180414-1ubuntu2");
	ck_assert_str_eq(p->source_version, "8-20180414-1ubuntu2");
	inventory_free(inv);
	free(data);
}
END_TEST

START_TEST(test_inventory_distroless_sample)
{
	struct inventory *inv;
	size_t len;
	char *data;

	if (t_skip_without_shared("inventory_distroless_sample"))
		return;
	data = shared_file("syft/syft/pkg/cataloger/debian/testdata/"
			   "image-distroless-deb/var/lib/dpkg/status.d/"
			   "libsqlite3-0", &len);
	ck_assert_ptr_nonnull(data);
	inv = one_file("var/lib/dpkg/status.d/libsqlite3-0", data, len);
	ck_assert_uint_eq(inv->pkgs.n, 1);
	ck_assert_str_eq(inv->pkgs.v[0].name, "libsqlite3-0");
	ck_assert_str_eq(inv->pkgs.v[0].source, "sqlite3");
	inventory_free(inv);
	free(data);
}
END_TEST

static int cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "name E:V-R sourcerpm arch" lines, sorted, as rpm --qf prints them. */
static char *rpm_lines(const struct inventory *inv)
{
	struct sg_buf b = SG_BUF_INIT(1 << 20);
	char **lines = calloc(inv->pkgs.n + 1, sizeof(char *));
	size_t i;

	for (i = 0; i < inv->pkgs.n; i++) {
		const struct inv_package *p = &inv->pkgs.v[i];
		const char *sv = strchr(p->source_version, ':');
		char line[512];

		/* SOURCERPM has no epoch; ours carries the binary's */
		snprintf(line, sizeof(line), "%s %s%s %s-%s.src.rpm %s\n",
			 p->name, strchr(p->version, ':') ? "" : "0:",
			 p->version, p->source, sv ? sv + 1 : p->source_version,
			 p->arch);
		lines[i] = strdup(line);
	}
	qsort(lines, inv->pkgs.n, sizeof(char *), cmp_line);
	for (i = 0; i < inv->pkgs.n; i++) {
		sg_buf_puts(&b, lines[i]);
		free(lines[i]);
	}
	free(lines);
	return sg_buf_detach(&b);
}

static char *sorted(char *text)
{
	char **v = NULL, *save = text, *nl;
	size_t n = 0, i;
	struct sg_buf b = SG_BUF_INIT(1 << 20);

	while (save && *save) {
		nl = strchr(save, '\n');
		v = realloc(v, (n + 1) * sizeof(char *));
		v[n++] = save;
		if (!nl)
			break;
		*nl = '\0';
		save = nl + 1;
	}
	qsort(v, n, sizeof(char *), cmp_line);
	for (i = 0; i < n; i++) {
		sg_buf_puts(&b, v[i]);
		sg_buf_putc(&b, '\n');
	}
	free(v);
	return sg_buf_detach(&b);
}

static void check_rpm(const char *rel, const char *image_path, bool bdb,
		      size_t want)
{
	struct inventory *inv;
	char dir[1024], *data, *mine, *out = NULL, *errout = NULL;
	size_t len;

	data = shared_file(rel, &len);
	ck_assert_ptr_nonnull(data);
	inv = one_file(image_path, data, len);
	ck_assert_uint_eq(inv->pkgs.n, want);
	ck_assert_uint_eq(inv->warnings.n, 0);
	mine = rpm_lines(inv);
	snprintf(dir, sizeof(dir), "%s/pkgdb-samples/%s", t_shared(), rel);
	*strrchr(dir, '/') = '\0';
	if (access("/usr/bin/rpm", X_OK) == 0) {
		const char *argv_sql[] = {
			"-qa", "--dbpath", dir, "--qf",
			"%{NAME} %{EPOCHNUM}:%{VERSION}-%{RELEASE} "
			"%{SOURCERPM} %{ARCH}\\n", NULL,
		};
		const char *argv_bdb[] = {
			"-qa", "-D", "_db_backend bdb_ro", "--dbpath", dir,
			"--qf", "%{NAME} %{EPOCHNUM}:%{VERSION}-%{RELEASE} "
			"%{SOURCERPM} %{ARCH}\\n", NULL,
		};
		char *want_lines;

		ck_assert_int_eq(t_run_prog("/usr/bin/rpm", NULL, &out,
					    &errout, bdb ? argv_bdb : argv_sql),
				 0);
		want_lines = sorted(out);
		if (strcmp(mine, want_lines) != 0) {
			/* name the first line that differs (check truncates
			 * long messages) */
			size_t k = 0;

			while (mine[k] && mine[k] == want_lines[k])
				k++;
			while (k > 0 && mine[k - 1] != '\n')
				k--;
			ck_abort_msg("rpm disagrees at: ours '%.80s' rpm "
				     "'%.80s'", mine + k, want_lines + k);
		}
		free(want_lines);
	} else {
		ck_abort_msg("rpm is not installed: the oracle for %s is "
			     "missing (make deps installs it)", rel);
	}
	free(out);
	free(errout);
	free(mine);
	free(data);
	inventory_free(inv);
}

START_TEST(test_inventory_rpm_sqlite_sample)
{
	if (t_skip_without_shared("inventory_rpm_sqlite_sample"))
		return;
	check_rpm("go-rpmdb/pkg/testdata/cbl-mariner-2.0/rpmdb.sqlite",
		  "var/lib/rpm/rpmdb.sqlite", false, 129);
}
END_TEST

START_TEST(test_inventory_rpm_bdb_sample)
{
	if (t_skip_without_shared("inventory_rpm_bdb_sample"))
		return;
	check_rpm("go-rpmdb/pkg/testdata/libuuid/Packages",
		  "var/lib/rpm/Packages", true, 1);
}
END_TEST

/* ---- hostile input ----------------------------------------------------- */

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

START_TEST(test_inventory_rpm_header_hostile)
{
	unsigned char blob[8 + 3 * 16 + 32];
	struct inventory *inv;
	sg_error err;

	memset(blob, 0, sizeof(blob));
	put32(blob, 3);
	put32(blob + 4, 32);
	put32(blob + 8, 1000);          /* NAME at 0 */
	put32(blob + 12, 6);
	put32(blob + 16, 0);
	put32(blob + 20, 1);
	put32(blob + 24, 1001);         /* VERSION at 4 */
	put32(blob + 28, 6);
	put32(blob + 32, 4);
	put32(blob + 36, 1);
	put32(blob + 40, 1003);         /* EPOCH at 8 */
	put32(blob + 44, 4);
	put32(blob + 48, 8);
	put32(blob + 52, 1);
	memcpy(blob + 56, "foo\0" "1.0\0" "\0\0\0\2", 12);
	sg_error_clear(&err);
	ck_assert_int_eq(inventory_new(&inv, &err), 0);
	ck_assert_int_eq(inventory_rpm_header(inv, "x", blob, sizeof(blob),
					      &err), 0);
	ck_assert_uint_eq(inv->pkgs.n, 1);
	ck_assert_str_eq(inv->pkgs.v[0].version, "2:1.0");
	/* a string offset past the data, an unterminated string, a claimed
	 * size beyond the blob, a huge index count: skipped, never read */
	put32(blob + 16, 40);
	ck_assert_int_eq(inventory_rpm_header(inv, "x", blob, sizeof(blob),
					      &err), 0);
	put32(blob + 16, 0);
	memset(blob + 56, 'A', 32);
	ck_assert_int_eq(inventory_rpm_header(inv, "x", blob, sizeof(blob),
					      &err), 0);
	put32(blob + 4, 0x7fffffff);
	ck_assert_int_eq(inventory_rpm_header(inv, "x", blob, sizeof(blob),
					      &err), 0);
	put32(blob, 0xffffffff);
	ck_assert_int_eq(inventory_rpm_header(inv, "x", blob, 7, &err), 0);
	ck_assert_int_eq(inventory_rpm_header(inv, "x", blob, sizeof(blob),
					      &err), 0);
	ck_assert_uint_eq(inv->pkgs.n, 1);
	ck_assert_uint_eq(inv->warnings.n, 5);
	inventory_free(inv);
}
END_TEST

START_TEST(test_inventory_rpm_bad_files)
{
	static const char junk[] = "this is not a database at all, not even "
				   "close; it is a text file pretending";
	unsigned char page[4096];
	struct inventory *inv;
	sg_error err;

	sg_error_clear(&err);
	ck_assert_int_eq(inventory_new(&inv, &err), 0);
	ck_assert_int_eq(inventory_add_file(inv, "var/lib/rpm/rpmdb.sqlite",
					    junk, sizeof(junk), NULL, &err),
			 SG_EINVALID);
	ck_assert_str_eq(err.path, "var/lib/rpm/rpmdb.sqlite");
	sg_error_clear(&err);
	ck_assert_int_eq(inventory_add_file(inv, "var/lib/rpm/Packages", junk,
					    sizeof(junk), NULL, &err),
			 SG_EINVALID);
	/* a BDB hash meta page claiming pages that are not there, and an
	 * absurd page size */
	memset(page, 0, sizeof(page));
	page[12] = 0x61;
	page[13] = 0x15;
	page[14] = 0x06;
	page[21] = 0x10;                /* 4096 */
	page[32] = 0xff;
	page[33] = 0xff;
	sg_error_clear(&err);
	ck_assert_int_eq(inventory_add_file(inv, "var/lib/rpm/Packages", page,
					    sizeof(page), NULL, &err), 0);
	page[21] = 0x11;
	sg_error_clear(&err);
	ck_assert_int_eq(inventory_add_file(inv, "var/lib/rpm/Packages", page,
					    sizeof(page), NULL, &err),
			 SG_EINVALID);
	ck_assert_uint_eq(inv->pkgs.n, 0);
	inventory_free(inv);
}
END_TEST

/* Little-endian helpers for the hand-built Berkeley DB below. */
static void le16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void le32(unsigned char *p, uint32_t v)
{
	le16(p, v & 0xffff);
	le16(p + 2, v >> 16);
}

/*
 * Regression (fuzz_pkgdb timeout): every item of many hash pages points at
 * one long overflow chain, claiming one byte more than it holds, and one
 * item claims 200 MB.  Each item used to walk the whole chain (quadratic)
 * after allocating what it claimed.  Now the size is checked against the
 * file first, and all chains together may visit each page once: the first
 * item walks the chain, the others stop at once.
 */
START_TEST(test_inventory_rpm_bdb_shared_overflow_chain)
{
	enum { PS = 512, HASH_PAGES = 100, CHAIN = 300 };
	const uint32_t npages = 1 + HASH_PAGES + CHAIN;
	unsigned char *db = calloc(npages, PS);
	struct inventory *inv;
	sg_error err;
	size_t i, walked = 0, shared = 0, huge = 0;
	uint32_t pg;

	ck_assert_ptr_nonnull(db);
	le32(db + 12, 0x061561);                /* hash magic */
	le32(db + 20, PS);
	le32(db + 32, npages - 1);              /* last page */
	for (pg = 1; pg <= HASH_PAGES; pg++) {
		unsigned char *p = db + (size_t)pg * PS;
		unsigned nent = (PS - 26 - 24) / 2, k;

		p[25] = 13;                     /* P_HASH */
		le16(p + 20, nent);
		for (k = 0; k < nent; k++)      /* keys and data: one item */
			le16(p + 26 + k * 2, PS - 24);
		p[PS - 24] = 3;                 /* H_OFFPAGE */
		le32(p + PS - 20, 1 + HASH_PAGES);
		le32(p + PS - 16, CHAIN * (PS - 26) + 1);
		if (pg == 1) {                  /* and one absurd size */
			le16(p + 26 + 2, PS - 12);
			p[PS - 12] = 3;
			le32(p + PS - 8, 1 + HASH_PAGES);
			le32(p + PS - 4, 200u << 20);
		}
	}
	for (pg = 1 + HASH_PAGES; pg < npages; pg++) {
		unsigned char *p = db + (size_t)pg * PS;

		p[25] = 7;                      /* P_OVERFLOW */
		le16(p + 22, PS - 26);
		le32(p + 16, pg + 1 < npages ? pg + 1 : 0);
	}
	sg_error_clear(&err);
	ck_assert_int_eq(inventory_new(&inv, &err), 0);
	ck_assert_int_eq(inventory_add_file(inv, "var/lib/rpm/Packages", db,
					    (size_t)npages * PS, NULL, &err), 0);
	for (i = 0; i < inv->warnings.n; i++) {
		const char *m = inv->warnings.v[i].message;

		walked += strstr(m, "shorter than its item") != NULL;
		shared += strstr(m, "share pages") != NULL;
		huge += strstr(m, "size out of range") != NULL;
	}
	ck_assert_uint_eq(walked, 1);
	ck_assert_uint_eq(huge, 1);
	ck_assert_uint_eq(shared + walked + huge, inv->warnings.n);
	ck_assert_uint_gt(shared, 10000);
	ck_assert_uint_eq(inv->pkgs.n, 0);
	inventory_free(inv);
	free(db);
}
END_TEST

Suite *inventory_suite(void)
{
	Suite *s = suite_create("inventory");
	TCase *tc = tcase_create("inventory");

	tcase_add_test(tc, test_inventory_debian_rootfs);
	tcase_add_test(tc, test_inventory_alpine_rootfs);
	tcase_add_test(tc, test_inventory_order_independent);
	tcase_add_test(tc, test_inventory_os_owned_language_packages);
	tcase_add_test(tc, test_inventory_os_fallbacks);
	tcase_add_test(tc, test_inventory_wants);
	tcase_add_test(tc, test_inventory_apk_os_ecosystem);
	tcase_add_test(tc, test_inventory_dpkg_states);
	tcase_add_test(tc, test_inventory_alpine_edge);
	tcase_add_test(tc, test_inventory_trivy_apk_sample);
	tcase_add_test(tc, test_inventory_ubuntu_dpkg_sample);
	tcase_add_test(tc, test_inventory_distroless_sample);
	tcase_add_test(tc, test_inventory_rpm_sqlite_sample);
	tcase_add_test(tc, test_inventory_rpm_bdb_sample);
	tcase_add_test(tc, test_inventory_rpm_bdb_shared_overflow_chain);
	tcase_add_test(tc, test_inventory_rpm_header_hostile);
	tcase_add_test(tc, test_inventory_rpm_bad_files);
	suite_add_tcase(s, tc);
	return s;
}

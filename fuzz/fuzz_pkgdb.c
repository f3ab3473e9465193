/*
 * fuzz_pkgdb.c: libFuzzer target for the package database parsers (dpkg
 * status and status.d, apk installed, rpm SQLite and Berkeley DB, a bare
 * rpm header, npm package.json, Python METADATA, os-release and friends,
 * dpkg's file lists).
 *
 * The first byte picks the file the rest of the input pretends to be; a
 * Python package whose manifest a file list or apk database may claim is
 * always there too, so inventory_finish() drops OS-owned packages.
 * Besides the sanitizers, it checks the inventory's promises: every package
 * has a name, version, ecosystem and purl after inventory_finish(), and an
 * error always comes with a message.
 */
#include "util/compat.h"
#include "inventory/inventory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const paths[] = {
	"var/lib/dpkg/status",
	"var/lib/dpkg/status.d/pkg",
	"lib/apk/db/installed",
	"var/lib/rpm/rpmdb.sqlite",
	"var/lib/rpm/Packages",
	"usr/lib/node_modules/x/package.json",
	"usr/lib/python3/dist-packages/x-1.dist-info/METADATA",
	"etc/os-release",
	"etc/redhat-release",
	"var/lib/dpkg/info/x.list",
	NULL,                   /* a bare rpm header blob */
};

/* usr/lib/python3/dist-packages/x-1.dist-info/METADATA, the manifest a
 * list or apk's F:/R: lines may claim */
static const char owned_meta[] = "Name: x\nVersion: 1\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct inventory *inv;
	const char *path;
	sg_error err;
	size_t i;
	int rc;

	if (size < 1)
		return 0;
	sg_error_clear(&err);
	if (inventory_new(&inv, &err) < 0)
		return 0;
	path = paths[data[0] % SG_ARRAY_SIZE(paths)];
	if (inventory_add_file(inv, "usr/lib/python3/dist-packages/"
			       "x-1.dist-info/METADATA", owned_meta,
			       sizeof(owned_meta) - 1, NULL, &err) < 0)
		abort();
	if (path)
		rc = inventory_add_file(inv, path, data + 1, size - 1,
					"sha256:fuzz", &err);
	else
		rc = inventory_rpm_header(inv, "blob", data + 1, size - 1,
					  &err);
	if (rc < 0 && !err.message[0])
		abort();
	if (inventory_finish(inv, &err) == 0) {
		for (i = 0; i < inv->pkgs.n; i++) {
			const struct inv_package *p = &inv->pkgs.v[i];

			if (!p->name || !p->version || !p->ecosystem ||
			    !p->purl || !p->source || !p->source_version)
				abort();
		}
	}
	inventory_free(inv);
	return 0;
}

/*
 * scan.c: the image stage driver (img_scan) and the SGI rule family table.
 */
#include "util/compat.h"

#include "image/rules.h"
#include "inventory/inventory.h"
#include "vuln/match.h"
#include "util/buf.h"

#include <inttypes.h>
#include <sys/stat.h>

/* Sorted by id; `shipgate rules` lists them in this order. */
static const struct img_rule *const checks[] = {
	&img_rule_unreadable,
	&img_rule_digest,
	&img_rule_escape,
	&img_rule_absolute,
	&img_rule_link_escape,
	&img_rule_symlink_loop,
	&img_rule_duplicate,
	&img_rule_dangling_hardlink,
	&img_rule_root_user,
	&img_rule_untrusted,
	&img_rule_healthcheck,
	&img_rule_update_alone,
	&img_rule_setuid,
	&img_rule_add,
	&img_rule_secret_config,
	&img_rule_secret_name,
	&img_rule_secret_content,
	&img_rule_sudo,
	&img_rule_volume,
	&img_rule_dist_upgrade,
	&img_rule_apk_cache,
	&img_rule_apt_lists,
	&img_rule_latest,
	&img_rule_empty_password,
	&img_rule_duplicate_id,
	&img_rule_unnecessary,
	&img_rule_credential_dir,
	&img_rule_port22,
	&img_rule_port_range,
	&img_rule_workdir,
	&img_rule_world_writable,
	&img_rule_package_cache,
	&img_rule_too_large,
	&img_rule_layer_too_large,
	&img_rule_waste,
	&img_rule_eol,
};

static const sg_rule *const descriptors[] = {
	&img_rule_unreadable.meta, &img_rule_digest.meta,
	&img_rule_escape.meta, &img_rule_absolute.meta,
	&img_rule_link_escape.meta, &img_rule_symlink_loop.meta,
	&img_rule_duplicate.meta, &img_rule_dangling_hardlink.meta,
	&img_rule_root_user.meta, &img_rule_untrusted.meta,
	&img_rule_healthcheck.meta, &img_rule_update_alone.meta,
	&img_rule_setuid.meta, &img_rule_add.meta,
	&img_rule_secret_config.meta, &img_rule_secret_name.meta,
	&img_rule_secret_content.meta, &img_rule_sudo.meta,
	&img_rule_volume.meta, &img_rule_dist_upgrade.meta,
	&img_rule_apk_cache.meta, &img_rule_apt_lists.meta,
	&img_rule_latest.meta, &img_rule_empty_password.meta,
	&img_rule_duplicate_id.meta, &img_rule_unnecessary.meta,
	&img_rule_credential_dir.meta, &img_rule_port22.meta,
	&img_rule_port_range.meta, &img_rule_workdir.meta,
	&img_rule_world_writable.meta, &img_rule_package_cache.meta,
	&img_rule_too_large.meta, &img_rule_layer_too_large.meta,
	&img_rule_waste.meta, &img_rule_eol.meta,
};

const struct sg_rule_table img_rules = SG_RULE_PTR_TABLE(descriptors);

const struct img_rule img_rule_unreadable = {
	.meta = {
		.id = "SGI001",
		.name = "image-unreadable",
		.title = "The image could not be read",
		.help = "The gate could not read this image, so nothing in it "
			"was checked: the file is not an image in a known format "
			"(docker save, docker-archive, OCI layout or oci-archive), "
			"a manifest or config is malformed, a layer is truncated "
			"or not a tar, a manifest names a path outside the "
			"archive, or a safety cap was hit (too many layers, a "
			"layer that decompresses far beyond its size). The "
			"message says which.\n\n"
			"Fix: re-export the image (`docker save -o app.tar app:1.2`, "
			"`skopeo copy docker-daemon:app:1.2 oci-archive:app.tar`) "
			"and make sure the CI artifact is complete.",
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_VULN_SCANNING,
		.severity = SG_SEVERITY_HIGH,
		.flags = SG_RULE_PARSE_ERROR,
	},
	.check = NULL,
};

/* Which compose service runs this image, and its Dockerfile, when the
 * repository says so (the Compose stage's links). */
static void add_service_related(struct img_ctx *c, sg_finding *f)
{
	sg_findings *set = c->stage->findings;
	size_t i;

	for (i = 0; c->stage->links && i < c->stage->links->v.n; i++) {
		const struct sg_link *l = &c->stage->links->v.v[i];
		struct sg_location rl;
		char why[300];

		if (!l->image || (strcmp(l->image, c->name) != 0 &&
				  !(c->img && sg_streq(l->image, c->img->ref))))
			continue;
		memset(&rl, 0, sizeof(rl));
		rl.path = l->compose_path;
		rl.line = l->line;
		rl.object = l->service;
		snprintf(why, sizeof(why), "image of service '%s'", l->service);
		sg_findings_add_related(set, f, &rl, why);
		if (l->dockerfile) {
			memset(&rl, 0, sizeof(rl));
			rl.path = l->dockerfile;
			rl.object = l->target;
			sg_findings_add_related(set, f, &rl,
						"built from this Dockerfile");
		}
	}
}

sg_finding *img_report(struct img_ctx *c, const struct img_rule *r,
		       uint32_t layer, const char *object, const char *key,
		       const char *fmt, ...)
{
	sg_findings *set = c->stage->findings;
	struct sg_location loc;
	sg_finding *f;
	char msg[1024];
	va_list ap;

	memset(&loc, 0, sizeof(loc));
	loc.image = c->name;
	loc.object = object;
	if (c->img && layer < c->img->layers.n)
		loc.layer = c->img->layers.v[layer].diff_id;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	f = sg_findings_add(set, &r->meta, &loc, key ? key : object, "%s", msg);
	if (!f)
		return NULL;
	f->target = sg_findings_strdup(set, c->name);
	add_service_related(c, f);
	return f;
}

const char *img_history_text(const char *cb, char *buf, size_t size)
{
	size_t len;

	if (!cb)
		cb = "";
	if (sg_startswith(cb, "/bin/sh -c "))
		cb += 11;
	while (*cb == ' ')
		cb++;
	if (sg_startswith(cb, "#(nop)"))
		cb += 6;
	while (*cb == ' ')
		cb++;
	snprintf(buf, size, "%s", cb);
	len = strlen(buf);
	if (len >= 10 && !strcmp(buf + len - 10, "# buildkit")) {
		len -= 10;
		while (len && buf[len - 1] == ' ')
			len--;
		buf[len] = '\0';
	}
	return buf;
}

/* The package managers (1 << enum inv_type) with a database in the
 * squashed view. */
static unsigned int live_dbs(const struct img_image *img)
{
	size_t i, n = img_nfiles(img);
	unsigned int mask = 0;
	int t;

	for (i = 0; i < n; i++)
		if ((t = inventory_os_db_type(img_file_at(img, i)->path)) >= 0)
			mask |= 1u << t;
	return mask;
}

/*
 * A package database a later layer deleted (`rm -rf /var/lib/dpkg`): the
 * packages it listed are still in the image, but nothing says so any more,
 * so they pass unscanned.  Reported like an unreadable database (SGV004),
 * unless a live database of the same package manager (`live`, from
 * live_dbs()) replaced it (rpm's move to usr/lib/sysimage).  Each
 * distroless `status.d` file is one package's record, so each one deleted
 * is reported.  *n counts the reports.
 */
static int removed_dbs(struct img_ctx *c, struct inventory *inv,
		       unsigned int live, size_t *n)
{
	const struct img_file *f;
	size_t it = 0;
	int rc = 0, t;

	while (rc == 0 && (f = img_removed_next(c->img, &it))) {
		if ((t = inventory_os_db_type(f->path)) < 0 ||
		    (!sg_startswith(f->path, "var/lib/dpkg/status.d/") &&
		     (live & (1u << t))))
			continue;
		rc = inventory_warn(inv, f->path, 0, "deleted by a later layer "
				    "(written by layer %" PRIu32 ")", f->layer + 1);
		++*n;
	}
	return rc;
}

/*
 * Where a distribution keeps its package database, from os-release's ID,
 * then ID_LIKE ("rhel fedora"); NULL when the gate cannot tell.
 */
static const char *expected_db(const struct inv_os *os)
{
	static const struct { const char *id, *db; } map[] = {
		{ "debian", "var/lib/dpkg/status" },
		{ "ubuntu", "var/lib/dpkg/status" },
		{ "alpine", "lib/apk/db/installed" },
		{ "wolfi", "lib/apk/db/installed" },
		{ "chainguard", "lib/apk/db/installed" },
		{ "rhel", "var/lib/rpm/rpmdb.sqlite" },
		{ "fedora", "var/lib/rpm/rpmdb.sqlite" },
		{ "centos", "var/lib/rpm/rpmdb.sqlite" },
		{ "suse", "var/lib/rpm/Packages.db" },
		{ "opensuse", "var/lib/rpm/Packages.db" },
		{ "photon", "var/lib/rpm/rpmdb.sqlite" },
		{ "mageia", "var/lib/rpm/rpmdb.sqlite" },
	};
	const char *words[2] = { os->id, os->id_like }, *w;
	size_t i, k, n;

	for (k = 0; k < 2; k++)
		for (w = words[k]; w && *(w += strspn(w, " ")); w += n) {
			n = strcspn(w, " ");
			for (i = 0; i < SG_ARRAY_SIZE(map); i++)
				if (strlen(map[i].id) == n &&
				    !strncmp(map[i].id, w, n))
					return map[i].db;
		}
	return NULL;
}

/*
 * An image that names a distribution but holds no package database of any
 * kind: `RUN apt-get install … && rm -rf /var/lib/dpkg` in one layer leaves
 * the packages and nothing that lists them (no later layer deletes
 * anything, so removed_dbs() cannot see it).  Its packages are unknown, not
 * absent: SGV004 on the database the distribution keeps.  Called only for
 * an image with no database and no deleted one.
 */
static int missing_db(struct inventory *inv)
{
	const char *db = inv->os.id ? expected_db(&inv->os) : NULL;

	if (!db)
		return 0;
	return inventory_warn(inv, db, 0, "missing, though %s names %s: "
			      "nothing lists the image's packages",
			      inv->os.from ? inv->os.from : "os-release",
			      inv->os.pretty_name ? inv->os.pretty_name
						  : inv->os.id);
}

/*
 * rpm's sqlite database in write-ahead mode: transactions not yet
 * checkpointed live in rpmdb.sqlite-wal, which the inventory does not
 * replay, so the packages they installed would pass unscanned.  rpm
 * checkpoints when it closes, so a non-empty log is rare: noted with the
 * database's own warnings (SGV004).
 */
static int unread_wal(struct img_ctx *c, struct inventory *inv,
		      const char *db)
{
	char wal[4200];
	const struct img_file *f;

	if (!sg_endswith(db, "/rpmdb.sqlite") ||
	    (size_t)snprintf(wal, sizeof(wal), "%s-wal", db) >= sizeof(wal) ||
	    !(f = img_lookup(c->img, wal)) || !S_ISREG(f->mode) || !f->size)
		return 0;
	return inventory_warn(inv, db, 0, "its write-ahead log %s (%" PRIu64
			      " bytes) is not read, so packages of its last "
			      "transactions may be missing", wal, f->size);
}

/*
 * The scan stage's way in: the package databases the image read (its
 * default content requests include them) become an inventory, each package
 * carrying the layer that last wrote its database, matched against the
 * vulnerability database.  A database file that cannot be parsed is noted
 * in the inventory's warnings and skipped; it never stops the image checks,
 * and vuln_report_gaps() turns every such note, and every package no
 * advisory can be compared with, into a finding.
 */
static int img_match_packages(struct img_ctx *c, sg_error *err)
{
	const struct sg_stage_ctx *ctx = c->stage;
	struct inventory *inv = NULL;
	sg_location where = { .image = c->name };
	size_t i, first, n = img_nfiles(c->img), removed = 0;
	unsigned int live;
	int rc;

	if ((rc = inventory_new(&inv, err)) < 0)
		return rc;
	for (i = 0; i < n; i++) {
		const struct img_file *f = img_file_at(c->img, i);
		const struct img_layer *l;
		sg_error ferr;

		if ((!f->content && !f->content_skipped) ||
		    !inventory_wants(f->path))
			continue;
		l = f->layer < c->img->layers.n ? &c->img->layers.v[f->layer] : NULL;
		sg_error_clear(&ferr);
		/* over its read cap (or the image's budget), it was not read */
		rc = f->content_skipped
			? sg_error_set(&ferr, SG_ELIMIT, f->path, 0, 0,
				       "%" PRIu64 " bytes, more than the gate "
				       "reads", f->size)
			: inventory_add_file(inv, f->path, f->content,
					     f->content_len,
					     l ? l->diff_id : NULL, &ferr);
		/* a database that cannot be read at all is reported with the
		 * skipped entries (SGV004), never silently */
		if (rc < 0 && rc != SG_ENOMEM)
			rc = inventory_warn(inv, f->path, ferr.line, "%s",
					    ferr.message);
		if (rc >= 0)
			rc = unread_wal(c, inv, f->path);
		if (rc == SG_ENOMEM) {
			sg_error_set(err, rc, f->path, 0, 0, "out of memory");
			goto done;
		}
	}
	live = live_dbs(c->img);
	if ((rc = removed_dbs(c, inv, live, &removed)) < 0 ||
	    (!live && !removed && (rc = missing_db(inv)) < 0)) {
		sg_error_set(err, rc, NULL, 0, 0, "out of memory");
		goto done;
	}
	if ((rc = inventory_finish(inv, err)) < 0)
		goto done;
	first = sg_findings_count(ctx->findings);
	rc = vuln_match(ctx->vulndb, inv, &where, ctx->findings, NULL, err);
	if (rc == 0)
		rc = vuln_report_gaps(inv, &where, ctx->findings, err);
	for (i = first; rc == 0 && i < sg_findings_count(ctx->findings); i++)
		add_service_related(c, sg_findings_at(ctx->findings, i));
done:
	inventory_free(inv);
	return rc;
}

int img_scan(const struct sg_stage_ctx *ctx, const char *name,
	     const char *path, sg_error *err)
{
	struct img_options opt = IMG_OPTIONS_INIT;
	struct img_image *img = NULL;
	struct img_ctx c;
	sg_error oerr;
	size_t i, first;
	int rc;

	memset(&c, 0, sizeof(c));
	c.stage = ctx;
	c.name = name;
	c.path = path;
	opt.platform = ctx->policy->image.platform;
	sg_error_clear(&oerr);
	rc = img_open(&img, path, &opt, &oerr);
	if (rc == SG_ENOMEM)
		return sg_error_set(err, rc, path, 0, 0, "%s", oerr.message);
	if (rc < 0) {
		char buf[1200];

		if (sg_policy_rule_enabled(ctx->policy, &img_rule_unreadable.meta))
			img_report(&c, &img_rule_unreadable, UINT32_MAX, NULL,
				   "unreadable", "cannot read image: %s",
				   sg_error_format(&oerr, buf, sizeof(buf)));
		rc = 0;
		goto done;
	}
	c.img = img;
	first = sg_findings_count(ctx->findings);
	for (i = 0; i < SG_ARRAY_SIZE(checks); i++) {
		const struct img_rule *r = checks[i];

		if (r->check && sg_policy_rule_enabled(ctx->policy, &r->meta))
			r->check(&c, r);
	}
	rc = img_history_lint(&c, err);
	if (rc == 0 && ctx->vulndb)
		rc = img_match_packages(&c, err);
	if (rc == 0)
		rc = img_link_dockerfile(&c, first, err);
done:
	img_free(img);
	if (sg_findings_oom(ctx->findings))
		return sg_error_set(err, SG_ENOMEM, path, 0, 0, "out of memory");
	return rc;
}

/*
 * integrity.c: what the reader noticed about the archive itself -- digests
 * that do not match, entry names and links that leave the root, duplicate
 * entries, dangling hardlinks -- and symlink loops in the squashed view.
 */
#include "util/compat.h"

#include <sys/stat.h>

#include "image/rules.h"

static void report_issues(struct img_ctx *c, const struct img_rule *r,
			  enum img_issue_kind kind)
{
	size_t i;

	for (i = 0; i < c->img->issues.n; i++) {
		const struct img_issue *is = &c->img->issues.v[i];
		char key[600];

		if (is->kind != kind)
			continue;
		snprintf(key, sizeof(key), "%s %s", is->path, is->detail);
		img_report(c, r, is->layer, is->path[0] ? is->path : NULL, key,
			   "%s", is->detail);
	}
}

static void check_digest(struct img_ctx *c, const struct img_rule *r)
{
	report_issues(c, r, IMG_ISSUE_DIGEST);
}

const struct img_rule img_rule_digest = {
	.meta = {
		.id = "SGI002",
		.name = "image-digest-mismatch",
		.title = "A blob or layer does not match its digest",
		.help = "Every blob of an image is named by the sha256 of its "
			"bytes, and the config lists the sha256 of every "
			"uncompressed layer (`rootfs.diff_ids`). The gate "
			"recomputes both while streaming; a mismatch means the "
			"image is not what its manifest says: the archive was "
			"corrupted, tampered with, or assembled by a broken tool.\n\n"
			"Fix: do not ship this artifact. Re-export the image "
			"from the registry or build cache and compare digests "
			"(`skopeo inspect`, `crane digest`).",
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_TRUSTED_BASE,
		.severity = SG_SEVERITY_HIGH,
	},
	.check = check_digest,
};

static void check_escape(struct img_ctx *c, const struct img_rule *r)
{
	report_issues(c, r, IMG_ISSUE_ESCAPE);
}

const struct img_rule img_rule_escape = {
	.meta = {
		.id = "SGI003",
		.name = "layer-entry-escapes-root",
		.title = "A layer entry or hardlink climbs above the image root",
		.help = "A layer contains an entry named like `../etc/cron.d/x`, "
			"or a hardlink whose target does. Container runtimes "
			"reject or clamp such names, but tools that unpack layers "
			"naively (`tar -x` in CI scripts, older extractors) write "
			"outside the target directory: the classic path-traversal "
			"attack through an image. The gate does not apply the "
			"entry.\n\n"
			"Fix: rebuild the layer with a tool that writes relative "
			"names (docker, buildah, umoci); never ship a hand-made "
			"layer tar.",
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_TRUSTED_BASE,
		.severity = SG_SEVERITY_HIGH,
	},
	.check = check_escape,
};

static void check_absolute(struct img_ctx *c, const struct img_rule *r)
{
	report_issues(c, r, IMG_ISSUE_ABSOLUTE);
}

const struct img_rule img_rule_absolute = {
	.meta = {
		.id = "SGI004",
		.name = "layer-entry-absolute",
		.title = "A layer entry has an absolute name",
		.help = "Layer tars name files relative to the root (`etc/x` or "
			"`./etc/x`). An absolute name (`/etc/x`) is read as "
			"relative by runtimes and by the gate, but a naive "
			"`tar -xP` writes it to the host's own /etc.\n\n"
			"Fix: rebuild the layer with relative names.",
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_TRUSTED_BASE,
		.severity = SG_SEVERITY_LOW,
	},
	.check = check_absolute,
};

static void check_link_escape(struct img_ctx *c, const struct img_rule *r)
{
	report_issues(c, r, IMG_ISSUE_LINK_ESCAPE);
}

const struct img_rule img_rule_link_escape = {
	.meta = {
		.id = "SGI005",
		.name = "symlink-escapes-root",
		.title = "A symlink's relative target climbs above the image root",
		.help = "Inside the container `..` at the root stays at the root, "
			"so the link works, but a process that follows links in an "
			"unpacked image on the host (a scanner, a build cache, "
			"`cp -r`) ends up outside it. Such links are almost "
			"always mistakes or attacks.\n\n"
			"Fix: use an absolute target (`/usr/lib/x`) or a relative "
			"one that stays inside the image.",
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_TRUSTED_BASE,
		.severity = SG_SEVERITY_LOW,
	},
	.check = check_link_escape,
};

static void check_symlink_loop(struct img_ctx *c, const struct img_rule *r)
{
	size_t i, n = img_nfiles(c->img);

	for (i = 0; i < n; i++) {
		const struct img_file *f = img_file_at(c->img, i);
		bool loop = false;

		if (!S_ISLNK(f->mode))
			continue;
		img_resolve(c->img, f->path, &loop);
		if (loop)
			img_report(c, r, f->layer, f->path, NULL,
				   "symlink '%s' -> '%s' never resolves (a loop)",
				   f->path, f->link);
	}
}

const struct img_rule img_rule_symlink_loop = {
	.meta = {
		.id = "SGI006",
		.name = "symlink-loop",
		.title = "A symlink loops back on itself",
		.help = "Following this link returns to it after at most 40 "
			"steps (the kernel's limit), so every open fails with "
			"ELOOP. It is dead weight at best; in an image it is often "
			"a crafted input aimed at tools that follow links without "
			"a limit.\n\n"
			"Fix: remove the link or point it at a real file.",
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_MINIMAL_IMAGE,
		.severity = SG_SEVERITY_LOW,
	},
	.check = check_symlink_loop,
};

static void check_duplicate(struct img_ctx *c, const struct img_rule *r)
{
	report_issues(c, r, IMG_ISSUE_DUPLICATE);
}

const struct img_rule img_rule_duplicate = {
	.meta = {
		.id = "SGI007",
		.name = "layer-duplicate-entry",
		.title = "A layer contains the same path twice",
		.help = "The image spec forbids duplicate paths in one layer. "
			"Extractors disagree on which copy wins (the gate, like "
			"tar, keeps the last), so what runs may differ from what "
			"a scanner saw -- a way to hide a file from review.\n\n"
			"Fix: rebuild the layer with a standard tool.",
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_TRUSTED_BASE,
		.severity = SG_SEVERITY_MEDIUM,
	},
	.check = check_duplicate,
};

static void check_dangling(struct img_ctx *c, const struct img_rule *r)
{
	report_issues(c, r, IMG_ISSUE_DANGLING_HARDLINK);
}

const struct img_rule img_rule_dangling_hardlink = {
	.meta = {
		.id = "SGI008",
		.name = "hardlink-dangling",
		.title = "A hardlink points at a file no layer provides",
		.help = "A hardlink entry must name a file earlier in the same "
			"layer or in a lower one. When it does not, runtimes fail "
			"to unpack the layer or silently drop the file.\n\n"
			"Fix: rebuild the image; the layer was produced by a "
			"broken tool or edited by hand.",
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_TRUSTED_BASE,
		.severity = SG_SEVERITY_LOW,
	},
	.check = check_dangling,
};

/*
 * rules.h: the image rule family (SGI###).  A rule is a static descriptor
 * plus one check over the opened image; the family table and the driver are
 * in scan.c, the checks in rules/ (one file per kind of input).
 */
#ifndef SG_IMAGE_RULES_H
#define SG_IMAGE_RULES_H

#include "util/compat.h"
#include "core/registry.h"
#include "core/stage.h"
#include "image/image.h"

struct img_ctx {
	const struct sg_stage_ctx *stage;
	const struct img_image *img;
	const char *name;        /* the image as the user named it */
	const char *path;        /* where it was read from */
};

struct img_rule {
	sg_rule meta;
	void (*check)(struct img_ctx *c, const struct img_rule *r);
};

/*
 * Report a finding located in the image: `layer` is an index into
 * img->layers (UINT32_MAX: the image as a whole), `object` the path in the
 * image or the config field.  `key` is the stable identity (NULL: object).
 */
sg_finding *img_report(struct img_ctx *c, const struct img_rule *r,
		       uint32_t layer, const char *object, const char *key,
		       const char *fmt, ...) SG_PRINTF(6, 7);

/* The rule every unreadable image is reported with (SGI001). */
extern const struct img_rule img_rule_unreadable;

/* History: created_by without "/bin/sh -c", "#(nop)", "# buildkit". */
const char *img_history_text(const char *created_by, char *buf, size_t size);

/*
 * Rebuild a Dockerfile from the config history and run the Dockerfile
 * stage's rules on it (history.c); findings are located in the image.
 */
int img_history_lint(struct img_ctx *c, sg_error *err);

/* Index of the base image's last history entry, or -1 (Trivy's guess). */
long img_history_base(json_t *hist);

/* A history entry as one Dockerfile line (+ '\n') appended to `out`;
 * false when the entry is not a Dockerfile instruction. */
struct sg_buf;
bool img_history_instruction(const char *created_by, struct sg_buf *out);

/*
 * When the repository says which Dockerfile built this image (a Compose
 * service with `build:` and `image:`), match the history entries to the
 * instructions of its final (or target) stage and attach the Dockerfile
 * line to every finding added since `first` that belongs to a history
 * entry or layer (link.c).
 */
int img_link_dockerfile(struct img_ctx *c, size_t first, sg_error *err);

/* OS identity from os-release and friends (rules/identity.c). */
struct img_os {
	char id[32];             /* "debian", "alpine", "ubuntu", ... */
	char version[32];        /* "12", "3.19.1", "22.04" */
	char name[128];          /* PRETTY_NAME or NAME */
};
bool img_os_detect(const struct img_image *img, struct img_os *out);

/* Rules, by file. */
extern const struct img_rule img_rule_digest, img_rule_escape,
	img_rule_absolute, img_rule_link_escape, img_rule_symlink_loop,
	img_rule_duplicate, img_rule_dangling_hardlink;
extern const struct img_rule img_rule_root_user, img_rule_untrusted,
	img_rule_healthcheck, img_rule_secret_config, img_rule_volume,
	img_rule_latest, img_rule_port22, img_rule_port_range,
	img_rule_workdir;
extern const struct img_rule img_rule_update_alone, img_rule_add,
	img_rule_sudo, img_rule_dist_upgrade, img_rule_apk_cache,
	img_rule_apt_lists;
extern const struct img_rule img_rule_setuid, img_rule_secret_name,
	img_rule_secret_content, img_rule_empty_password,
	img_rule_duplicate_id, img_rule_unnecessary, img_rule_credential_dir,
	img_rule_world_writable, img_rule_package_cache;
extern const struct img_rule img_rule_too_large, img_rule_layer_too_large,
	img_rule_waste;
extern const struct img_rule img_rule_eol;

/* The family, registered in core/registry.c. */
extern const struct sg_rule_table img_rules;

#endif

/*
 * lang.c: language packages installed into an image: npm
 * (node_modules/<name>/package.json) and Python (*.dist-info/METADATA,
 * *.egg-info/PKG-INFO, EGG-INFO/PKG-INFO, single-file *.egg-info).
 *
 * A manifest without a name or version is not a package (test fixtures and
 * workspaces ship such files); it is skipped with a warning rather than
 * failing the inventory.
 */
#include "util/compat.h"
#include <jansson.h>
#include "inventory/inventory.h"

int inventory_parse_npm(struct inventory *inv, const char *path,
			const char *data, size_t len, sg_error *err)
{
	struct inv_package *p;
	json_error_t jerr;
	json_t *root, *name, *version;
	int rc = 0;

	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return inventory_warn(inv, path, (uint32_t)SG_MAX(jerr.line, 0),
				      "package.json skipped: %s", jerr.text) < 0
		       ? sg_error_set(err, SG_ENOMEM, path, 0, 0,
				      "out of memory") : 0;
	name = json_object_get(root, "name");
	version = json_object_get(root, "version");
	if (!json_is_string(name) || !json_is_string(version) ||
	    !*json_string_value(name) || !*json_string_value(version)) {
		rc = inventory_warn(inv, path, 0, "package.json skipped: no "
				    "name and version");
		goto done;
	}
	p = inventory_push(inv, INV_NPM, path, 0);
	if (!p) {
		rc = SG_ENOMEM;
		goto done;
	}
	p->name = sg_arena_strdup(&inv->arena, json_string_value(name));
	p->version = sg_arena_strdup(&inv->arena, json_string_value(version));
	if (!p->name || !p->version)
		rc = SG_ENOMEM;
done:
	json_decref(root);
	if (rc < 0)
		return sg_error_set(err, rc, path, 0, 0, "out of memory");
	return 0;
}

int inventory_parse_python(struct inventory *inv, const char *path,
			   const char *data, size_t len, sg_error *err)
{
	const char *name = NULL, *version = NULL, *l;
	size_t nn = 0, vn = 0, pos = 0, ll;
	struct inv_package *p;
	int rc;

	/* RFC 822 headers end at the first blank line; the body follows */
	while (inventory_next_line(data, len, &pos, &l, &ll) && ll > 0) {
		const char **dst = NULL;
		size_t *dn = NULL, kl;

		if (ll > 5 && !sg_strncasecmp(l, "Name:", 5)) {
			dst = &name;
			dn = &nn;
			kl = 5;
		} else if (ll > 8 && !sg_strncasecmp(l, "Version:", 8)) {
			dst = &version;
			dn = &vn;
			kl = 8;
		} else {
			continue;
		}
		l += kl;
		ll -= kl;
		while (ll && sg_isspace((unsigned char)*l)) {
			l++;
			ll--;
		}
		while (ll && sg_isspace((unsigned char)l[ll - 1]))
			ll--;
		if (!*dst) {
			*dst = l;
			*dn = ll;
		}
	}
	if (!name || !nn || !version || !vn) {
		rc = inventory_warn(inv, path, 0, "python metadata skipped: "
				    "no Name and Version");
		goto done;
	}
	p = inventory_push(inv, INV_PYPI, path, 0);
	rc = SG_ENOMEM;
	if (!p)
		goto done;
	p->name = sg_arena_strndup(&inv->arena, name, nn);
	p->version = sg_arena_strndup(&inv->arena, version, vn);
	p->source = p->name ? inventory_pep503(&inv->arena, p->name) : NULL;
	if (p->name && p->version && p->source)
		rc = 0;
done:
	if (rc < 0)
		return sg_error_set(err, rc, path, 0, 0, "out of memory");
	return 0;
}

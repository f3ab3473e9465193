/*
 * identity.c: which distribution and release the image is (os-release and
 * friends, in Syft's order), and whether that release is past its end of
 * life.
 */
#include "util/compat.h"

#include "image/rules.h"

/*
 * End of security support, the last date a release receives fixes.  Debian and
 * Ubuntu LTS use the end of LTS (the security archive keeps serving them,
 * as Trivy's table does).  Dates as published by the projects (via
 * endoflife.date); table last updated 2026-11-29 and not checked against
 * the network since -- add new releases here.
 */
struct eol {
	const char *id;
	const char *cycle;
	const char *date;
};

static const struct eol eol_table[] = {
	{ "alpine", "3.10", "2021-05-01" }, { "alpine", "3.11", "2021-11-01" },
	{ "alpine", "3.12", "2022-05-01" }, { "alpine", "3.13", "2022-11-01" },
	{ "alpine", "3.14", "2023-05-01" }, { "alpine", "3.15", "2023-11-01" },
	{ "alpine", "3.16", "2024-05-23" }, { "alpine", "3.17", "2024-11-22" },
	{ "alpine", "3.18", "2025-05-09" }, { "alpine", "3.19", "2025-11-01" },
	{ "alpine", "3.20", "2026-04-01" }, { "alpine", "3.21", "2026-11-01" },
	{ "alpine", "3.22", "2027-05-01" }, { "alpine", "3.23", "2027-11-01" },
	{ "almalinux", "8", "2029-03-01" }, { "almalinux", "9", "2032-05-31" },
	{ "amzn", "1", "2023-12-31" }, { "amzn", "2", "2026-06-30" },
	{ "amzn", "2023", "2029-06-30" },
	{ "centos", "6", "2020-11-30" }, { "centos", "7", "2024-06-30" },
	{ "centos", "8", "2021-12-31" },
	{ "debian", "7", "2018-05-31" }, { "debian", "8", "2020-06-30" },
	{ "debian", "9", "2022-06-30" }, { "debian", "10", "2024-06-30" },
	{ "debian", "11", "2026-08-31" }, { "debian", "12", "2028-06-30" },
	{ "debian", "13", "2030-06-30" },
	{ "fedora", "38", "2024-05-21" }, { "fedora", "39", "2024-11-26" },
	{ "fedora", "40", "2025-05-13" }, { "fedora", "41", "2025-12-15" },
	{ "fedora", "42", "2026-05-13" },
	{ "opensuse-leap", "15.4", "2023-12-07" },
	{ "opensuse-leap", "15.5", "2024-12-31" },
	{ "opensuse-leap", "15.6", "2025-12-31" },
	{ "rhel", "6", "2020-11-30" }, { "rhel", "7", "2024-06-30" },
	{ "rhel", "8", "2029-05-31" }, { "rhel", "9", "2032-05-31" },
	{ "rocky", "8", "2029-05-31" }, { "rocky", "9", "2032-05-31" },
	{ "ubuntu", "14.04", "2019-04-25" }, { "ubuntu", "16.04", "2021-04-30" },
	{ "ubuntu", "18.04", "2023-05-31" }, { "ubuntu", "20.04", "2025-05-29" },
	{ "ubuntu", "22.04", "2027-06-01" }, { "ubuntu", "23.04", "2024-01-25" },
	{ "ubuntu", "23.10", "2024-07-11" }, { "ubuntu", "24.04", "2029-05-31" },
	{ "ubuntu", "24.10", "2025-07-10" }, { "ubuntu", "25.04", "2026-01-15" },
};

static void copy_value(const char *v, size_t n, char *out, size_t size)
{
	if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
		v++;
		n -= 2;
	}
	snprintf(out, size, "%.*s", (int)n, v);
}

/* KEY=value from an os-release style file. */
static bool kv(const struct img_file *f, const char *key, char *out,
	       size_t size)
{
	const char *p = (const char *)f->content, *end = p + f->content_len;
	size_t kl = strlen(key);

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (len > kl && !strncmp(p, key, kl) && p[kl] == '=') {
			copy_value(p + kl + 1, len - kl - 1, out, size);
			return true;
		}
		p += len + 1;
	}
	return false;
}

static const struct img_file *text(const struct img_image *img,
				   const char *path)
{
	const struct img_file *f = img_resolve(img, path, NULL);

	return f && f->content ? f : NULL;
}

static void first_line(const struct img_file *f, char *out, size_t size)
{
	size_t n = strcspn((const char *)f->content, "\r\n");

	copy_value((const char *)f->content, SG_MIN(n, f->content_len), out,
		   size);
}

bool img_os_detect(const struct img_image *img, struct img_os *out)
{
	const struct img_file *f;
	char line[256];

	memset(out, 0, sizeof(*out));
	if ((f = text(img, "etc/os-release")) ||
	    (f = text(img, "usr/lib/os-release"))) {
		kv(f, "ID", out->id, sizeof(out->id));
		kv(f, "VERSION_ID", out->version, sizeof(out->version));
		if (!kv(f, "PRETTY_NAME", out->name, sizeof(out->name)))
			kv(f, "NAME", out->name, sizeof(out->name));
	}
	/* Debian's os-release has no point release; debian_version does,
	 * and testing/sid has no VERSION_ID at all. */
	if ((!out->id[0] || !strcmp(out->id, "debian")) &&
	    (f = text(img, "etc/debian_version"))) {
		first_line(f, line, sizeof(line));
		if (!out->id[0])
			snprintf(out->id, sizeof(out->id), "debian");
		if (sg_isdigit(line[0]) && (!out->version[0] ||
		    !strncmp(line, out->version, strlen(out->version))))
			snprintf(out->version, sizeof(out->version), "%.31s",
				 line);
	}
	if (!out->id[0] && (f = text(img, "etc/alpine-release"))) {
		snprintf(out->id, sizeof(out->id), "alpine");
		first_line(f, out->version, sizeof(out->version));
	}
	if (!out->id[0] && (f = text(img, "etc/lsb-release"))) {
		kv(f, "DISTRIB_ID", line, sizeof(line));
		snprintf(out->id, sizeof(out->id), "%.31s", line);
		for (size_t i = 0; out->id[i]; i++)
			out->id[i] = (char)sg_tolower(out->id[i]);
		kv(f, "DISTRIB_RELEASE", out->version, sizeof(out->version));
	}
	if (!out->id[0] && ((f = text(img, "etc/redhat-release")) ||
			    (f = text(img, "etc/system-release")))) {
		const char *rel;

		first_line(f, out->name, sizeof(out->name));
		rel = strstr(out->name, " release ");
		if (rel) {
			snprintf(out->id, sizeof(out->id), "%s",
				 sg_startswith(out->name, "CentOS") ? "centos"
				 : sg_startswith(out->name, "Rocky") ? "rocky"
				 : sg_startswith(out->name, "AlmaLinux") ? "almalinux"
				 : sg_startswith(out->name, "Fedora") ? "fedora"
				 : "rhel");
			snprintf(out->version, sizeof(out->version), "%.*s",
				 (int)strspn(rel + 9, "0123456789."), rel + 9);
		}
	}
	if (!out->name[0] && out->id[0])
		snprintf(out->name, sizeof(out->name), "%s %s", out->id,
			 out->version);
	return out->id[0] != '\0';
}

/* The release cycle the table is keyed on: "12", "3.19", "22.04". */
static void cycle_of(const struct img_os *os, char *out, size_t size)
{
	bool two = !strcmp(os->id, "alpine") || !strcmp(os->id, "ubuntu") ||
		   !strcmp(os->id, "opensuse-leap");
	size_t n = strcspn(os->version, ".");

	if (two && os->version[n] == '.')
		n += 1 + strcspn(os->version + n + 1, ".");
	snprintf(out, size, "%.*s", (int)n, os->version);
}

/* Numeric comparison of dotted versions ("3.9" < "3.10"). */
static int vercmp(const char *a, const char *b)
{
	while (*a || *b) {
		uint64_t x = 0, y = 0;
		size_t i = strspn(a, "0123456789"), j = strspn(b, "0123456789");

		sg_parse_u64(a, i, &x);
		sg_parse_u64(b, j, &y);
		if (x != y)
			return x < y ? -1 : 1;
		a += i;
		b += j;
		if (*a == '.')
			a++;
		if (*b == '.')
			b++;
		if ((!*a) != (!*b))
			return *a ? 1 : -1;
		if (*a && !sg_isdigit(*a))
			break;
	}
	return 0;
}

static void check_eol(struct img_ctx *c, const struct img_rule *r)
{
	const char *today = c->stage->policy->today;
	const struct eol *hit = NULL, *oldest = NULL;
	struct img_os os;
	char cyc[32];
	size_t i;

	if (!today || !img_os_detect(c->img, &os) || !os.version[0])
		return;
	cycle_of(&os, cyc, sizeof(cyc));
	for (i = 0; i < SG_ARRAY_SIZE(eol_table); i++) {
		const struct eol *e = &eol_table[i];

		if (strcmp(e->id, os.id) != 0)
			continue;
		if (!oldest || vercmp(e->cycle, oldest->cycle) < 0)
			oldest = e;
		if (!strcmp(e->cycle, cyc))
			hit = e;
	}
	if (hit && strcmp(hit->date, today) < 0)
		img_report(c, r, UINT32_MAX, "os", os.id,
			   "%s (%s %s) reached end of life on %s and receives no "
			   "security fixes", os.name, os.id, hit->cycle,
			   hit->date);
	else if (!hit && oldest && vercmp(cyc, oldest->cycle) < 0)
		img_report(c, r, UINT32_MAX, "os", os.id,
			   "%s (%s %s) is older than %s %s, which reached end "
			   "of life on %s", os.name, os.id, cyc, os.id,
			   oldest->cycle, oldest->date);
}

const struct img_rule img_rule_eol = {
	.meta = {
		.id = "SGI036",
		.name = "distribution-end-of-life",
		.title = "The image's distribution release is past end of life",
		.help = "Once a release reaches end of life its maintainers "
			"stop publishing security fixes, so newly found "
			"vulnerabilities in its packages are never fixed and "
			"vulnerability databases often stop tracking them: the "
			"image looks cleaner than it is. The release comes from "
			"`/etc/os-release` (or `debian_version`, "
			"`alpine-release`, `lsb-release`, `redhat-release`).\n\n"
			"Fix: move to a supported release of the base image "
			"(`FROM debian:12-slim`, `FROM alpine:3.22`).",
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_PATCHING,
		.severity = SG_SEVERITY_HIGH,
	},
	.check = check_eol,
};

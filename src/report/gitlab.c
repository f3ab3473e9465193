/*
 * gitlab.c: GitLab's Code Quality report and container-scanning security
 * report (outputs.md §4).
 *
 * Code Quality: one entry per finding that is a real open problem (gating,
 * below the threshold, or not new in PR mode); suppressed, ignored,
 * baselined and fixed findings are left out, since the MR widget has no
 * notion of an accepted problem.  Image findings use the same pseudo path
 * as SARIF.  Container scanning: every present vulnerability finding, with
 * the advisory as primary identifier and a UUID derived from the finding's
 * fingerprint, so ids are unique and stable across runs.  Scan times come
 * from report_timestamp(): SOURCE_DATE_EPOCH or the epoch, never the clock.
 */
#include "util/compat.h"
#include "report/render.h"

static const char *cq_severity(sg_severity s)
{
	switch (s) {
	case SG_SEVERITY_CRITICAL:
		return "blocker";
	case SG_SEVERITY_HIGH:
		return "critical";
	case SG_SEVERITY_MEDIUM:
		return "major";
	case SG_SEVERITY_LOW:
		return "minor";
	default:
		return "info";
	}
}

static bool open_problem(const sg_finding *f)
{
	return f->verdict == SG_VERDICT_GATING ||
	       f->verdict == SG_VERDICT_BELOW_THRESHOLD ||
	       f->verdict == SG_VERDICT_NOT_NEW;
}

int report_gitlab_codequality(struct sg_buf *out, const sg_result *res,
			      const sg_report_options *opts, sg_error *err)
{
	struct sg_buf path = SG_BUF_INIT(0), desc = SG_BUF_INIT(0);
	size_t i, n = sg_findings_count(res->findings);
	bool first;
	int rc = 0;

	/* one issue at a time (render.h) */
	report_jw_open(out, &first, '[');
	for (i = 0; i < n && rc == 0; i++) {
		const sg_finding *f = sg_findings_at(res->findings, i);
		json_t *o, *loc, *lines, *cat;

		if (!open_problem(f))
			continue;
		sg_buf_clear(&path);
		sg_buf_clear(&desc);
		path.max = desc.max = report_text_max(f);
		report_finding_path(&path, f);
		sg_buf_printf(&desc, "%s: ", f->rule->id);
		/* an image finding's path is synthetic: name the image */
		if (!f->loc.path && f->loc.image && !strstr(f->message, f->loc.image))
			sg_buf_printf(&desc, "%s: ", f->loc.image);
		sg_buf_puts(&desc, f->message);
		if (f->verdict != SG_VERDICT_GATING)
			sg_buf_printf(&desc, " (not gating: %s)", report_why(f));
		if (sg_buf_error(&path) || sg_buf_error(&desc)) {
			rc = SG_ENOMEM;
			break;
		}
		o = json_object();
		report_jset(o, "description", report_jstr(sg_buf_cstr(&desc)), &rc);
		report_jset(o, "check_name", json_string(f->rule->id), &rc);
		report_jset(o, "fingerprint", json_string(f->fingerprint), &rc);
		report_jset(o, "severity", json_string(cq_severity(f->severity)), &rc);
		cat = json_array();
		report_jpush(cat, json_string("Security"), &rc);
		report_jset(o, "categories", cat, &rc);
		loc = json_object();
		report_jset(loc, "path", report_jstr(sg_buf_cstr(&path)), &rc);
		lines = json_object();
		report_jset(lines, "begin", json_integer(f->loc.line ? f->loc.line : 1), &rc);
		if (f->loc.end_line > f->loc.line)
			report_jset(lines, "end", json_integer(f->loc.end_line), &rc);
		report_jset(loc, "lines", lines, &rc);
		report_jset(o, "location", loc, &rc);
		report_jw_push(out, &first, 0, o, &rc);
	}
	report_jw_close(out, first, 0, ']');
	sg_buf_putc(out, '\n');
	sg_buf_release(&path);
	sg_buf_release(&desc);
	SG_UNUSED(opts);
	SG_UNUSED(err);
	return rc < 0 ? rc : sg_buf_error(out);
}

static const char *cs_severity(sg_severity s)
{
	switch (s) {
	case SG_SEVERITY_CRITICAL:
		return "Critical";
	case SG_SEVERITY_HIGH:
		return "High";
	case SG_SEVERITY_MEDIUM:
		return "Medium";
	case SG_SEVERITY_LOW:
		return "Low";
	case SG_SEVERITY_INFO:
		return "Info";
	default:
		return "Unknown";
	}
}

/* A version-5-shaped UUID from the first 128 bits of the fingerprint. */
static void uuid_from(const char *fp, char out[37])
{
	static const char hex[] = "0123456789abcdef";
	char h[32];
	size_t i, o = 0;

	for (i = 0; i < 32; i++)
		h[i] = fp[i] && strchr(hex, fp[i]) ? fp[i] : '0';
	h[12] = '5';
	h[16] = hex[8 | ((strchr(hex, h[16]) - hex) & 3)];
	for (i = 0; i < 32; i++) {
		if (i == 8 || i == 12 || i == 16 || i == 20)
			out[o++] = '-';
		out[o++] = h[i];
	}
	out[o] = '\0';
}

/* Identifier type and documentation URL of an advisory id. */
static json_t *identifier(const char *id, int *rc)
{
	/* room for the id percent-encoded whole: it is the advisory's */
	struct sg_buf url = SG_BUF_INIT(3 * strlen(id) + 64);
	json_t *o = json_object();
	const char *type = "advisory";

	if (sg_startswith(id, "CVE-")) {
		type = "cve";
		sg_buf_puts(&url, "https://nvd.nist.gov/vuln/detail/");
	} else if (sg_startswith(id, "GHSA-")) {
		type = "ghsa";
		sg_buf_puts(&url, "https://github.com/advisories/");
	} else if (sg_startswith(id, "DSA-") || sg_startswith(id, "DLA-")) {
		type = "debian";
		sg_buf_puts(&url, "https://security-tracker.debian.org/tracker/");
	}
	report_jset(o, "type", json_string(type), rc);
	report_jset(o, "name", report_jstr(id), rc);
	report_jset(o, "value", report_jstr(id), rc);
	if (url.len) {
		report_uri_encode(&url, id);
		report_jset(o, "url", json_string(sg_buf_cstr(&url)), rc);
	}
	if (sg_buf_error(&url))
		*rc = SG_ENOMEM;
	sg_buf_release(&url);
	return o;
}

static json_t *party(const char *version, int *rc)
{
	json_t *o = json_object(), *vendor = json_object();

	report_jset(o, "id", json_string("shipgate"), rc);
	report_jset(o, "name", json_string("shipgate"), rc);
	report_jset(o, "version", report_jstr(version), rc);
	report_jset(vendor, "name", json_string("shipgate"), rc);
	report_jset(o, "vendor", vendor, rc);
	return o;
}

static json_t *vulnerability(const sg_finding *f, int *rc)
{
	const sg_vuln_ref *v = f->vuln;
	/* the description and the solution hold these whole */
	struct sg_buf s = SG_BUF_INIT(report_len(v->summary) +
				      report_len(f->message) +
				      report_len(report_why(f)) +
				      report_len(v->package) +
				      report_len(v->fixed) + 256);
	json_t *o = json_object(), *ids = json_array(), *loc, *dep, *pkg;
	const char *id = v->id && *v->id ? v->id : f->rule->id;
	const char *image = f->loc.image ? f->loc.image :
			    f->target ? f->target : "unknown";
	char uuid[37];

	uuid_from(f->fingerprint, uuid);
	report_jset(o, "id", json_string(uuid), rc);
	report_jset(o, "name", report_jstr(id), rc);
	if (v->summary && *v->summary)
		sg_buf_printf(&s, "%s\n\n", v->summary);
	sg_buf_puts(&s, f->message);
	if (f->verdict != SG_VERDICT_GATING)
		sg_buf_printf(&s, "\n\nshipgate verdict: %s (%s)",
			      sg_verdict_name(f->verdict), report_why(f));
	report_jset(o, "description", report_jstr(sg_buf_cstr(&s)), rc);
	report_jset(o, "severity", json_string(cs_severity(f->severity)), rc);
	sg_buf_clear(&s);
	if (v->fixed && *v->fixed)
		sg_buf_printf(&s, "Upgrade %s to %s or later.",
			      v->package ? v->package : "the package", v->fixed);
	else
		sg_buf_puts(&s, "No fixed version is available yet.");
	report_jset(o, "solution", report_jstr(sg_buf_cstr(&s)), rc);
	report_jpush(ids, identifier(id, rc), rc);
	if (v->aliases && *v->aliases) {
		/* "GHSA-x, CVE-y": each as a further identifier */
		const char *p = v->aliases;

		while (*p) {
			size_t len = strcspn(p, ", ");

			if (len) {
				char *a = strndup(p, len);

				if (!a) {
					*rc = SG_ENOMEM;
					break;
				}
				if (strcmp(a, id) != 0)
					report_jpush(ids, identifier(a, rc), rc);
				free(a);
			}
			p += len;
			p += strspn(p, ", ");
		}
	}
	report_jset(o, "identifiers", ids, rc);
	loc = json_object();
	dep = json_object();
	pkg = json_object();
	report_jset(pkg, "name", report_jstr(v->package ? v->package : "unknown"), rc);
	report_jset(dep, "package", pkg, rc);
	report_jset(dep, "version", report_jstr(v->installed ? v->installed : ""), rc);
	report_jset(loc, "dependency", dep, rc);
	report_jset(loc, "operating_system",
		    report_jstr(v->ecosystem && *v->ecosystem ? v->ecosystem : "unknown"), rc);
	report_jset(loc, "image", report_jstr(*image ? image : "unknown"), rc);
	report_jset(o, "location", loc, rc);
	if (sg_buf_error(&s))
		*rc = SG_ENOMEM;
	sg_buf_release(&s);
	return o;
}

int report_gitlab_container_scanning(struct sg_buf *out, const sg_result *res,
				     const sg_report_options *opts,
				     sg_error *err)
{
	const char *version = res->tool_version ? res->tool_version : SG_VERSION;
	json_t *root = json_object(), *scan = json_object(), *vulns = json_array();
	size_t i, n = sg_findings_count(res->findings);
	char stamp[20];
	int rc = 0;

	report_timestamp(stamp);
	report_jset(root, "version", json_string("15.2.1"), &rc);
	report_jset(root, "schema", json_string(
		"https://gitlab.com/gitlab-org/security-products/"
		"security-report-schemas/-/raw/v15.2.1/dist/"
		"container-scanning-report-format.json"), &rc);
	report_jset(scan, "analyzer", party(version, &rc), &rc);
	report_jset(scan, "scanner", party(version, &rc), &rc);
	report_jset(scan, "start_time", json_string(stamp), &rc);
	report_jset(scan, "end_time", json_string(stamp), &rc);
	report_jset(scan, "status", json_string("success"), &rc);
	report_jset(scan, "type", json_string("container_scanning"), &rc);
	report_jset(root, "scan", scan, &rc);
	for (i = 0; i < n && rc == 0; i++) {
		const sg_finding *f = sg_findings_at(res->findings, i);

		if (!f->vuln || f->verdict == SG_VERDICT_ABSENT)
			continue;
		report_jpush(vulns, vulnerability(f, &rc), &rc);
	}
	report_jset(root, "vulnerabilities", vulns, &rc);
	report_jset(root, "remediations", json_array(), &rc);
	SG_UNUSED(opts);
	SG_UNUSED(err);
	if (rc < 0) {
		json_decref(root);
		return rc;
	}
	return report_jdump(out, root, JSON_INDENT(2));
}

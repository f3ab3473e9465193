/*
 * junit.c: JUnit XML in the dialect valid on both the strict Ant schema
 * (windyroad junit.xsd) and the Jenkins xUnit schema (outputs.md §3.3):
 * bare <testsuites>, every testsuite with package/id/timestamp/hostname,
 * <properties> first and <system-out/><system-err/> last, testcases with
 * name/classname/time only.
 *
 * One testsuite per target; one testcase per finding (rule x location),
 * classname = the target, so (classname, name) is unique across the file.
 * Gating findings fail; findings that do not gate are <skipped> with the
 * verdict and its reason (the one child both schemas allow that carries a
 * message); a clean target has one passing testcase so it shows up.
 */
#include "util/compat.h"
#include "report/render.h"
#include "util/strmap.h"

/* XML 1.0 text: escape markup, drop what XML cannot carry at all. */
static void xml_put(struct sg_buf *b, const char *s, bool attr)
{
	size_t len = strlen(s), i = 0;

	while (i < len) {
		uint32_t cp = report_utf8_next(s, len, &i);

		switch (cp) {
		case '&':
			sg_buf_puts(b, "&amp;");
			break;
		case '<':
			sg_buf_puts(b, "&lt;");
			break;
		case '>':
			sg_buf_puts(b, "&gt;");
			break;
		case '"':
			sg_buf_puts(b, attr ? "&quot;" : "\"");
			break;
		case '\n':
			sg_buf_puts(b, attr ? "&#10;" : "\n");
			break;
		case '\t':
			sg_buf_puts(b, attr ? "&#9;" : "\t");
			break;
		case '\r':
			sg_buf_puts(b, "&#13;");
			break;
		default:
			/* C0 controls and U+FFFE/U+FFFF are not XML
			 * characters, not even as references */
			if (cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF)
				cp = 0xFFFD;
			report_utf8_put(b, cp);
		}
	}
}

struct item {
	const char *suite;      /* target name */
	const sg_finding *f;    /* NULL: the clean-target placeholder */
	const char *package;    /* target kind, or the stage of a non-target */
	bool analysed;
	size_t order;
};

static int cmp_item(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;
	int c = strcmp(a->suite, b->suite);

	if (c)
		return c;
	if ((a->f == NULL) != (b->f == NULL))
		return a->f ? 1 : -1;
	return (a->order > b->order) - (a->order < b->order);
}

/* A finding outside every target: name its suite after what found it. */
static const char *package_of_finding(const sg_finding *f)
{
	switch (f->rule->stage) {
	case SG_STAGE_COMPOSE:
		return "compose";
	case SG_STAGE_IMAGE:
	case SG_STAGE_VULN:
		return "image";
	case SG_STAGE_DOCKERFILE:
		return "dockerfile";
	default:
		return "gate";
	}
}

static void case_name(struct sg_buf *b, const sg_finding *f)
{
	const sg_location *l = &f->loc;

	if (f->vuln) {
		sg_buf_printf(b, "%s %s in %s", f->rule->id,
			      f->vuln->id ? f->vuln->id : "",
			      f->vuln->package ? f->vuln->package : "?");
		if (f->vuln->installed)
			sg_buf_printf(b, " %s", f->vuln->installed);
	} else {
		sg_buf_printf(b, "%s %s", f->rule->id, f->rule->title);
	}
	if (l->path && l->line) {
		sg_buf_printf(b, " (line %u", (unsigned int)l->line);
		if (l->column)
			sg_buf_printf(b, ":%u", (unsigned int)l->column);
		if (l->object)
			sg_buf_printf(b, ", %s", l->object);
		sg_buf_putc(b, ')');
	} else if (l->object && !f->vuln) {
		sg_buf_printf(b, " (%s)", l->object);
	}
	if (f->verdict == SG_VERDICT_ABSENT)
		sg_buf_puts(b, " [fixed]");
}

static void where(struct sg_buf *b, const sg_finding *f)
{
	if (f->loc.path) {
		sg_buf_puts(b, f->loc.path);
		if (f->loc.line)
			sg_buf_printf(b, ":%u", (unsigned int)f->loc.line);
		if (f->loc.line && f->loc.column)
			sg_buf_printf(b, ":%u", (unsigned int)f->loc.column);
	} else {
		sg_buf_puts(b, f->loc.image ? f->loc.image : f->target ? f->target : "");
	}
	if (f->loc.object)
		sg_buf_printf(b, " (%s)", f->loc.object);
}

static void details(struct sg_buf *b, const sg_finding *f)
{
	size_t i;

	where(b, f);
	sg_buf_printf(b, ": %s %s %s\n", sg_severity_name(f->severity),
		      f->rule->id, f->message);
	sg_buf_printf(b, "rule: %s %s: %s\n", f->rule->id, f->rule->name,
		      f->rule->title);
	sg_buf_printf(b, "practice: %s\n", sg_practice_title(f->rule->practice));
	if (f->vuln) {
		const sg_vuln_ref *v = f->vuln;

		sg_buf_printf(b, "vulnerability: %s", v->id ? v->id : "");
		if (v->aliases)
			sg_buf_printf(b, " (%s)", v->aliases);
		sg_buf_printf(b, "\npackage: %s %s, %s%s\n",
			      v->package ? v->package : "?",
			      v->installed ? v->installed : "?",
			      v->fixed ? "fixed in " : "no fixed version yet",
			      v->fixed ? v->fixed : "");
		if (v->score > 0)
			sg_buf_printf(b, "cvss: %.1f%s%s\n", v->score,
				      v->vector ? " " : "", v->vector ? v->vector : "");
	}
	for (i = 0; i < f->nrelated; i++) {
		sg_buf_puts(b, "related: ");
		if (f->related[i].loc.path)
			sg_buf_printf(b, "%s:%u ", f->related[i].loc.path,
				      (unsigned int)f->related[i].loc.line);
		sg_buf_printf(b, "%s\n", f->related[i].message ?
			      f->related[i].message : "");
	}
	sg_buf_printf(b, "verdict: %s (%s)\n", sg_verdict_name(f->verdict),
		      report_why(f));
	sg_buf_printf(b, "fingerprint: %s\n", f->fingerprint);
}

static int suite_out(struct sg_buf *out, const sg_result *res,
		     const struct item *it, size_t n, size_t id,
		     const char *stamp)
{
	struct sg_strmap names = SG_STRMAP_INIT;
	struct sg_buf name = SG_BUF_INIT(0), tmp = SG_BUF_INIT(0);
	char **keep = calloc(n ? n : 1, sizeof(*keep));
	size_t i, fails = 0, skips = 0, nkeep = 0;
	int rc = 0;

	if (!keep)
		return SG_ENOMEM;
	for (i = 0; i < n; i++) {
		if (!it[i].f)
			continue;
		if (it[i].f->verdict == SG_VERDICT_GATING)
			fails++;
		else if (it[i].f->verdict != SG_VERDICT_ABSENT)
			skips++;
	}
	sg_buf_printf(out, "  <testsuite package=\"shipgate.%s\" id=\"%zu\" name=\"",
		      it[0].package, id);
	xml_put(out, it[0].suite, true);
	sg_buf_printf(out, "\" timestamp=\"%s\" hostname=\"shipgate\" tests=\"%zu\" "
		      "failures=\"%zu\" errors=\"0\" skipped=\"%zu\" time=\"0\">\n",
		      stamp, n, fails, skips);
	sg_buf_puts(out, "    <properties>\n");
	sg_buf_printf(out, "      <property name=\"shipgate.version\" value=\"");
	xml_put(out, res->tool_version ? res->tool_version : SG_VERSION, true);
	sg_buf_printf(out, "\"/>\n      <property name=\"shipgate.target.kind\" "
		      "value=\"%s\"/>\n", it[0].package);
	sg_buf_printf(out, "      <property name=\"shipgate.target.analysed\" "
		      "value=\"%s\"/>\n", it[0].analysed ? "true" : "false");
	if (res->commit) {
		sg_buf_puts(out, "      <property name=\"shipgate.commit\" value=\"");
		xml_put(out, res->commit, true);
		sg_buf_puts(out, "\"/>\n");
	}
	sg_buf_printf(out, "      <property name=\"shipgate.fail-on\" value=\"%s\"/>\n",
		      sg_fail_on_name(res->fail_on));
	sg_buf_puts(out, "    </properties>\n");

	for (i = 0; i < n && rc == 0; i++) {
		const sg_finding *f = it[i].f;
		uintptr_t seen;
		void *old;

		sg_buf_clear(&name);
		sg_buf_clear(&tmp);
		name.max = tmp.max = f ? report_text_max(f) : 4096;
		if (f)
			case_name(&name, f);
		else
			sg_buf_puts(&name, it[i].analysed ?
				    "no findings: every rule passed" :
				    "not analysed");
		/* same rule, same line, different objects: number them */
		seen = (uintptr_t)sg_strmap_get(&names, sg_buf_cstr(&name));
		keep[nkeep] = strdup(sg_buf_cstr(&name));
		if (!keep[nkeep] ||
		    sg_strmap_put(&names, keep[nkeep], (void *)(seen + 1), &old) < 0) {
			free(keep[nkeep]);
			rc = SG_ENOMEM;
			break;
		}
		nkeep++;
		if (seen)
			sg_buf_printf(&name, " #%lu", (unsigned long)seen + 1);
		sg_buf_puts(out, "    <testcase name=\"");
		xml_put(out, sg_buf_cstr(&name), true);
		sg_buf_puts(out, "\" classname=\"");
		xml_put(out, it[i].suite, true);
		sg_buf_puts(out, "\" time=\"0\"");
		if (!f || f->verdict == SG_VERDICT_ABSENT) {
			sg_buf_puts(out, "/>\n");
			continue;
		}
		details(&tmp, f);
		if (f->verdict == SG_VERDICT_GATING) {
			sg_buf_puts(out, ">\n      <failure message=\"");
			xml_put(out, f->message, true);
			sg_buf_printf(out, "\" type=\"%s\">", sg_severity_name(f->severity));
			xml_put(out, sg_buf_cstr(&tmp), false);
			sg_buf_puts(out, "</failure>\n    </testcase>\n");
		} else {
			sg_buf_printf(out, ">\n      <skipped message=\"%s: ",
				      sg_verdict_name(f->verdict));
			xml_put(out, report_why(f), true);
			sg_buf_puts(out, "\">");
			xml_put(out, sg_buf_cstr(&tmp), false);
			sg_buf_puts(out, "</skipped>\n    </testcase>\n");
		}
	}
	sg_buf_puts(out, "    <system-out/>\n    <system-err/>\n  </testsuite>\n");
	if (rc == 0 && (sg_buf_error(&name) || sg_buf_error(&tmp)))
		rc = SG_ENOMEM;
	for (i = 0; i < nkeep; i++)
		free(keep[i]);
	free(keep);
	sg_strmap_release(&names);
	sg_buf_release(&name);
	sg_buf_release(&tmp);
	return rc;
}

int report_junit(struct sg_buf *out, const sg_result *res,
		 const sg_report_options *opts, sg_error *err)
{
	size_t n = sg_findings_count(res->findings), i, j, ni = 0, id = 0;
	struct item *it = calloc(n + res->ntargets + 1, sizeof(*it));
	char stamp[20];
	int rc = 0;

	if (!it)
		return SG_ENOMEM;
	report_timestamp(stamp);
	for (i = 0; i < res->ntargets; i++) {
		it[ni].suite = res->targets[i].path;
		it[ni].package = sg_target_kind_name(res->targets[i].kind);
		it[ni].analysed = res->targets[i].analysed;
		it[ni].order = ni;
		ni++;
	}
	for (i = 0; i < n; i++) {
		const sg_finding *f = sg_findings_at(res->findings, i);

		it[ni].suite = f->target ? f->target : "(repository)";
		it[ni].f = f;
		it[ni].package = package_of_finding(f);
		it[ni].analysed = true;
		it[ni].order = ni;
		ni++;
	}
	qsort(it, ni, sizeof(*it), cmp_item);

	sg_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
	for (i = 0; i < ni && rc == 0; i = j) {
		size_t first, k, nt;
		bool has_findings = false;

		for (j = i; j < ni && strcmp(it[j].suite, it[i].suite) == 0; j++)
			has_findings |= it[j].f != NULL;
		/* target records sort first and name the kind; with
		 * findings they are not testcases, without, one passes */
		for (nt = 0; i + nt < j && !it[i + nt].f; nt++)
			;
		if (has_findings) {
			for (k = i + nt; nt && k < j; k++) {
				it[k].package = it[i].package;
				it[k].analysed = it[i].analysed;
			}
			first = i + nt;
		} else {
			first = j - 1;
		}
		rc = suite_out(out, res, it + first, j - first, id++, stamp);
	}
	sg_buf_puts(out, "</testsuites>\n");
	free(it);
	SG_UNUSED(opts);
	SG_UNUSED(err);
	return rc ? rc : sg_buf_error(out);
}

/*
 * report.h: rendering a result, and the rule table, in every output format.
 *
 * Renderers are pure functions of the result: the same result gives the
 * same bytes.  Files are written atomically (temp file + rename).
 */
#ifndef SHIPGATE_REPORT_H
#define SHIPGATE_REPORT_H

#include "common.h"
#include "error.h"
#include "result.h"

typedef struct sg_report_options {
	size_t markdown_max;       /* character cap for Markdown; 0 = 65,536 */
	const char *link_base;     /* permalink prefix, e.g.
				      "https://github.com/o/r/blob/<sha>/"; NULL = no links */
	const char *category;      /* SARIF automationDetails.id prefix; NULL = "shipgate/" */
	const char *srcroot;       /* absolute repo root for SARIF originalUriBaseIds; may be NULL */
} sg_report_options;

/*
 * Formats: "text" (the terminal summary), "json" (native, schemas/
 * report.schema.json), "sarif", "junit", "markdown", "gitlab-codequality",
 * "gitlab-container-scanning".  `*out` is malloc'd and NUL-terminated.
 */
SG_EXTERN(int) sg_report_render(char **out, size_t *len, const sg_result *res,
				const char *format,
				const sg_report_options *opts, sg_error *err);

/* Render and write atomically to `path`. */
SG_EXTERN(int) sg_report_write(const char *path, const sg_result *res,
			       const char *format,
			       const sg_report_options *opts, sg_error *err);

/* Rebuild a result from a native JSON report (for `shipgate merge`). */
SG_EXTERN(int) sg_report_read_json(sg_result **out, const char *path,
				   sg_error *err);

/*
 * Set `line_hash` (GitHub's primaryLocationLineHash of the finding's line)
 * on every finding of `path`, from that file's content.  The scan driver
 * calls it with each target it read; findings of other paths are untouched.
 */
SG_EXTERN(int) sg_findings_set_line_hashes(sg_findings *set, const char *path,
					   const char *data, size_t len);

/* The same over findings [start, end) only: a caller holding a sorted set
 * hashes each file once for its own contiguous run of findings. */
SG_EXTERN(int) sg_findings_set_line_hashes_range(sg_findings *set,
						 size_t start, size_t end,
						 const char *path,
						 const char *data, size_t len);

/* The rule table as "text", "json" or "markdown" (docs/rules.md). */
SG_EXTERN(int) sg_rules_render(char **out, const char *format, sg_error *err);

#endif

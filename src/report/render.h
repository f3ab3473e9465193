/*
 * render.h: what the report renderers share.  One render function per
 * format (report.c dispatches by name), plus the helpers that must agree
 * across formats: UTF-8 cleaning, where an image finding "lives" when it has
 * no repo file, the fixed timestamp, and the reason a finding does not gate.
 */
#ifndef SG_REPORT_RENDER_H
#define SG_REPORT_RENDER_H

#include "util/compat.h"
#include "shipgate/report.h"
#include "util/buf.h"

#include <jansson.h>

/* Every renderer appends to `out`; the caller owns and sizes it. */
typedef int (*report_render_fn)(struct sg_buf *out, const sg_result *res,
				const sg_report_options *opts, sg_error *err);

int report_text(struct sg_buf *out, const sg_result *res,
		const sg_report_options *opts, sg_error *err);
int report_json(struct sg_buf *out, const sg_result *res,
		const sg_report_options *opts, sg_error *err);
int report_sarif(struct sg_buf *out, const sg_result *res,
		 const sg_report_options *opts, sg_error *err);
int report_junit(struct sg_buf *out, const sg_result *res,
		 const sg_report_options *opts, sg_error *err);
int report_markdown(struct sg_buf *out, const sg_result *res,
		    const sg_report_options *opts, sg_error *err);
int report_gitlab_codequality(struct sg_buf *out, const sg_result *res,
			      const sg_report_options *opts, sg_error *err);
int report_gitlab_container_scanning(struct sg_buf *out, const sg_result *res,
				     const sg_report_options *opts,
				     sg_error *err);

/* sg_report_read_json() on a buffer; `name` is used in error messages. */
int report_json_parse(sg_result **out, const char *data, size_t len,
		      const char *name, sg_error *err);

/*
 * Decode one code point at *pos (WHATWG UTF-8 decoder: each maximal invalid
 * subpart becomes one U+FFFD, as Node and browsers do) and advance *pos.
 */
uint32_t report_utf8_next(const char *s, size_t len, size_t *pos);

/* Append one code point as UTF-8. */
void report_utf8_put(struct sg_buf *b, uint32_t cp);

/* True when `s` is valid UTF-8. */
bool report_utf8_valid(const char *s, size_t len);

/* Number of code points in s[0..len) (the unit of the Markdown cap). */
size_t report_utf8_count(const char *s, size_t len);

/*
 * A JSON string for `s` (NULL -> JSON null); invalid UTF-8 is replaced, so
 * a hostile file name can never make a report unrenderable.  NULL on OOM.
 */
json_t *report_jstr(const char *s);

/* Set obj[key] = val, recording failure (NULL val or OOM) in *rc. */
void report_jset(json_t *obj, const char *key, json_t *val, int *rc);
/* Append val to arr, recording failure in *rc. */
void report_jpush(json_t *arr, json_t *val, int *rc);

/* Dump `root` into `out` with a trailing newline; consumes `root`. */
int report_jdump(struct sg_buf *out, json_t *root, size_t flags);

/*
 * A JSON document written piece by piece, byte for byte what jansson's
 * JSON_INDENT(2) dump of the whole tree gives, so a report of 100,000
 * findings never holds them all as JSON values: each is made, written and
 * freed in turn (the whole tree of a large report cost more to free than to
 * write).  `depth` is the nesting depth of the object or array being written
 * (0: the document), `first` its "no member yet" flag, which
 * report_jw_open() sets.
 */
void report_jw_open(struct sg_buf *out, bool *first, char bracket);
/* The next member's key of the object at `depth`. */
void report_jw_key(struct sg_buf *out, bool *first, unsigned depth,
		   const char *key, int *rc);
/* The next element's place in the array at `depth`. */
void report_jw_item(struct sg_buf *out, bool *first, unsigned depth);
/* A value at `depth` (after a key or an item); consumes `v`; a failure
 * (`v` NULL, out of memory) is recorded in *rc, as report_jset() does. */
void report_jw_value(struct sg_buf *out, json_t *v, unsigned depth, int *rc);
/* report_jset() and report_jpush() of the object or array at `depth`. */
void report_jw_set(struct sg_buf *out, bool *first, unsigned depth,
		   const char *key, json_t *v, int *rc);
void report_jw_push(struct sg_buf *out, bool *first, unsigned depth,
		    json_t *v, int *rc);
/* Every member of `obj`, in order, as members of the object at `depth`;
 * consumes `obj`. */
void report_jw_members(struct sg_buf *out, bool *first, unsigned depth,
		       json_t *obj, int *rc);
void report_jw_close(struct sg_buf *out, bool first, unsigned depth,
		     char bracket);

/* strlen(), 0 for NULL. */
size_t report_len(const char *s);

/*
 * A bound on any text a renderer builds from one finding: its strings whole,
 * each up to three times over (percent-encoding), and room for the words
 * around them.  Scratch buffers take it as their limit: a shard given to
 * merge may carry strings of megabytes, and a fixed limit failed the
 * report as "out of memory".
 */
size_t report_text_max(const sg_finding *f);

/* Length of the image name without tag or digest ("reg:5000/app:1@sha…"). */
size_t report_image_repo_len(const char *image);

/*
 * Pseudo path for a finding without a repo file: ".shipgate/images/<repo>"
 * with every character outside [A-Za-z0-9._-] of each segment replaced by
 * '_' (no ':' or '@', so no URI scheme confusion; stable across tags).
 */
void report_pseudo_path(struct sg_buf *b, const char *image);

/* RFC 3986 path segment encoding: all but unreserved characters and '/'. */
void report_uri_encode(struct sg_buf *b, const char *s);

/* The path reports show for a finding: the repo path or the pseudo path. */
void report_finding_path(struct sg_buf *b, const sg_finding *f);

/*
 * "YYYY-MM-DDTHH:MM:SS" for time stamps the formats require: from
 * SOURCE_DATE_EPOCH when set (reproducible builds convention), else the
 * Unix epoch, so reports never depend on the clock.
 */
void report_timestamp(char out[20]);

/* Why a finding does (not) gate: its own reason, else the verdict's. */
const char *report_why(const sg_finding *f);

/* The effective link base / category: options first, then the result. */
const char *report_link_base(const sg_result *res,
			     const sg_report_options *opts);
const char *report_category(const sg_result *res,
			    const sg_report_options *opts);

/* "passed", "failed" or "error" for a result's exit code. */
const char *report_outcome(const sg_result *res);

/* Number of findings with verdict GATING. */
size_t report_gating(const sg_result *res);

#endif

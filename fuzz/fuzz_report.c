/*
 * fuzz_report.c: libFuzzer target for the native JSON reader and every
 * renderer.
 *
 * Input is a candidate JSON report.  A rejected one must come with a
 * message and no result.  An accepted one must render in every format, and
 * must survive the round trip `shipgate merge` relies on: rendering the
 * result re-read from its own JSON gives the same bytes in every format.
 */
#include "util/compat.h"
#include "report/render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const formats[] = {
	"text", "json", "sarif", "junit", "markdown", "gitlab-codequality",
	"gitlab-container-scanning",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sg_result *a = NULL, *b = NULL;
	char *out[SG_ARRAY_SIZE(formats)] = { 0 }, *again;
	sg_report_options opts = { .markdown_max = 2000 };
	size_t len[SG_ARRAY_SIZE(formats)], n, i;
	sg_error err;
	int rc;

	sg_error_clear(&err);
	rc = report_json_parse(&a, (const char *)data, size, "fuzz.json", &err);
	if (rc < 0) {
		if (a || !err.message[0])
			abort();
		return 0;
	}
	for (i = 0; i < SG_ARRAY_SIZE(formats); i++)
		if (sg_report_render(&out[i], &len[i], a, formats[i], &opts,
				     &err) < 0 || strlen(out[i]) != len[i])
			abort();
	/* the Markdown cap holds whatever the input */
	if (report_utf8_count(out[4], len[4]) > opts.markdown_max)
		abort();
	if (report_json_parse(&b, out[1], len[1], "round-trip.json", &err) < 0)
		abort();
	for (i = 0; i < SG_ARRAY_SIZE(formats); i++) {
		if (sg_report_render(&again, &n, b, formats[i], &opts, &err) < 0 ||
		    n != len[i] || memcmp(again, out[i], n) != 0)
			abort();
		free(again);
	}
	for (i = 0; i < SG_ARRAY_SIZE(formats); i++)
		free(out[i]);
	sg_result_free(a);
	sg_result_free(b);
	return 0;
}

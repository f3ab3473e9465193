/*
 * check_sarif_primary.c: an image finding traced to the Dockerfile line that
 * built its layer is shown on that line in SARIF; one that is not stays on
 * the image's pseudo path.
 */
#include "util/compat.h"
#include "helpers.h"

#include <jansson.h>

#include "core/registry.h"
#include "shipgate/report.h"
#include "shipgate/result.h"

static json_t *first_location(const sg_result *res)
{
	char *out = NULL;
	json_error_t e;
	json_t *j, *loc;
	sg_error err;

	sg_error_clear(&err);
	ck_assert_int_eq(sg_report_render(&out, NULL, res, "sarif", NULL, &err), 0);
	j = json_loads(out, 0, &e);
	free(out);
	ck_assert_ptr_nonnull(j);
	{
		json_t *runs = json_object_get(j, "runs"), *run;
		size_t i;

		/* the one result, in whichever run its category has */
		loc = NULL;
		json_array_foreach(runs, i, run) {
			json_t *r = json_array_get(json_object_get(run, "results"), 0);

			if (r && !loc)
				loc = json_array_get(json_object_get(r, "locations"), 0);
		}
	}
	ck_assert_ptr_nonnull(loc);
	json_incref(loc);
	json_decref(j);
	return loc;
}

START_TEST(test_sarif_image_finding_on_its_dockerfile_line)
{
	sg_result *res;
	sg_location img = { .image = "registry.example.com/app:1.2",
			    .object = "usr/bin/sudo" };
	sg_location step = { .path = "services/app/Dockerfile", .line = 7 };
	sg_finding *f;
	json_t *loc, *pl;

	ck_assert_int_eq(sg_result_new(&res), 0);
	f = sg_findings_add(res->findings, &sg_rule_unreadable, &img, "k", "m");
	ck_assert_int_eq(sg_findings_add_related(res->findings, f, &step,
						 "the build step that made this"), 0);
	ck_assert_int_eq(sg_result_finish(res), 0);
	loc = first_location(res);
	pl = json_object_get(loc, "physicalLocation");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(pl,
		"artifactLocation"), "uri")), "services/app/Dockerfile");
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(pl,
		"region"), "startLine")), 7);
	/* the image is still named */
	{
		char *ll = json_dumps(json_object_get(loc, "logicalLocations"), 0);

		ck_assert(strstr(ll, "registry.example.com/app:1.2") != NULL);
		free(ll);
	}
	json_decref(loc);
	sg_result_free(res);
}
END_TEST

START_TEST(test_sarif_untraced_image_finding_stays_on_the_image)
{
	sg_result *res;
	sg_location img = { .image = "registry.example.com/app:1.2" };
	sg_location svc = { .path = "compose.yaml", .line = 0 };
	sg_finding *f;
	json_t *loc;
	const char *uri;

	ck_assert_int_eq(sg_result_new(&res), 0);
	f = sg_findings_add(res->findings, &sg_rule_unreadable, &img, "k", "m");
	/* a whole-file relation is not a line to show the alert on */
	sg_findings_add_related(res->findings, f, &svc, "image of service 'app'");
	ck_assert_int_eq(sg_result_finish(res), 0);
	loc = first_location(res);
	uri = json_string_value(json_object_get(json_object_get(json_object_get(
		loc, "physicalLocation"), "artifactLocation"), "uri"));
	ck_assert_msg(uri && strstr(uri, ".shipgate/images/") == uri, "%s", uri);
	json_decref(loc);
	sg_result_free(res);
}
END_TEST

Suite *sarif_primary_suite(void)
{
	Suite *s = suite_create("sarif_primary");
	TCase *tc = tcase_create("image");

	tcase_add_test(tc, test_sarif_image_finding_on_its_dockerfile_line);
	tcase_add_test(tc, test_sarif_untraced_image_finding_stays_on_the_image);
	suite_add_tcase(s, tc);
	return s;
}

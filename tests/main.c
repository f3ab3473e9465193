/*
 * main.c: the one test runner.  Every `Suite *<name>_suite(void)` defined
 * under tests/ is listed in the generated suites.h and run here.
 *
 * Select with Check's own variables: CK_RUN_SUITE=core CK_RUN_CASE=fingerprint.
 */
#include <check.h>
#include <stdlib.h>

#define SUITE(name) Suite *name##_suite(void);
#include "suites.h"
#undef SUITE

int main(void)
{
	SRunner *sr = srunner_create(NULL);
	int failed;

#define SUITE(name) srunner_add_suite(sr, name##_suite());
#include "suites.h"
#undef SUITE
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* runner.c -- runs every Check suite. Suites are declared weak so that the
 * runner links while a module's tests are being written; a missing suite is
 * reported as a failure at the end. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#define SUITES(X) X(genome) X(bed) X(regions) X(count) X(baf) X(normalise) \
    X(estimate) X(vcf) X(output) X(simulate) X(pon) X(json) X(report) X(segment) \
    X(validate) X(purity) X(util) X(inputcheck) X(capture) X(remote)

#define DECL(name) extern Suite *name##_suite(void) __attribute__((weak));
SUITES(DECL)

int main(void)
{
    SRunner *sr = srunner_create(NULL);
    int missing = 0;
#define ADD(name) \
    if (name##_suite) srunner_add_suite(sr, name##_suite()); \
    else { fprintf(stderr, "runner: suite %s is missing\n", #name); missing++; }
    SUITES(ADD)
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed == 0 && missing == 0) ? EXIT_SUCCESS : EXIT_FAILURE;
}

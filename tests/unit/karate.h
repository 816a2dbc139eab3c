/* Zachary's karate club (tests/data/karate.csv, 34 members, 78 ties) as CSV text, for the unit
 * tests that check measures against its published values. */
#ifndef ILONET_TEST_KARATE_H
#define ILONET_TEST_KARATE_H

#include "test_util.h"

/* The file's text in a static buffer (read once per call; the tests run from the repository
 * root). Asserts that the file opens and fits. */
static inline const char *read_karate(void)
{
    static char buf[4096];
    FILE *fp = fopen("tests/data/karate.csv", "rb");
    assert_non_null(fp);
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    assert_true(feof(fp)); /* the whole file fits */
    fclose(fp);
    buf[n] = '\0';
    return buf;
}

#endif

/*
 * assert_near(a, b, tol): fails the cmocka test unless |a - b| <= tol, in
 * double precision (cmocka 1.1.5's assert_float_equal converts to float). A
 * NaN on either side fails. Include after <cmocka.h>.
 */
#ifndef HSCFLOW_TESTS_ASSERT_NEAR_H
#define HSCFLOW_TESTS_ASSERT_NEAR_H

#include <math.h>

#define assert_near(a, b, tol) assert_near_at((a), (b), (tol), #a, __FILE__, __LINE__)

static inline void assert_near_at(double a, double b, double tol, const char *what,
                                  const char *file, int line)
{
    if (!(fabs(a - b) <= tol)) {
        print_error("%s is %.17g, expected %.17g within %g\n", what, a, b, tol);
        _fail(file, line);
    }
}

#endif

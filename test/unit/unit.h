/*
 * unit.h: the smallest test framework that does the job.  Each test file is a
 * program; every check prints a line only when it fails, and unit_report()
 * prints 'NAME: N passed, N failed' and gives the exit status.
 */
#ifndef CA_UNIT_H
#define CA_UNIT_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int	unit_passed;
static int	unit_failed;

#define UNIT_CHECK(cond, ...) \
	do { \
		if (cond) \
			unit_passed++; \
		else \
		{ \
			unit_failed++; \
			printf("FAIL %s:%d: ", __FILE__, __LINE__); \
			printf(__VA_ARGS__); \
			printf("\n"); \
		} \
	} while (0)

#define CHECK_INT(got, expected) \
	do { \
		long long g_ = (long long) (got), e_ = (long long) (expected); \
		UNIT_CHECK(g_ == e_, "%s = %lld, expected %lld", #got, g_, e_); \
	} while (0)

#define CHECK_STR(got, expected) \
	do { \
		const char *g_ = (got), *e_ = (expected); \
		UNIT_CHECK(strcmp(g_, e_) == 0, "%s = \"%s\", expected \"%s\"", #got, g_, e_); \
	} while (0)

static int
unit_report(const char *name)
{
	printf("%s: %d passed, %d failed\n", name, unit_passed, unit_failed);
	return unit_failed == 0 ? 0 : 1;
}

#endif

/* A tiny test harness: each CHECK prints nothing on success; each test function
 * reports "ok NAME" or "FAIL NAME: file:line: expr" and tests/run counts those lines. */
#ifndef OC_TESTS_CHECK_H
#define OC_TESTS_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failed_;	/* failures in the current test */
static int check_total_failed_;	/* failures in the whole program */

#define CHECK(expr) do { \
	if (!(expr)) { \
		if (!check_failed_) \
			printf("FAIL %s: %s:%d: %s\n", check_name_, __FILE__, __LINE__, #expr); \
		check_failed_ = 1; \
	} \
} while (0)

#define CHECK_STR(a, b) do { \
	const char *ca_ = (a), *cb_ = (b); \
	if (!ca_ || !cb_ || strcmp(ca_, cb_) != 0) { \
		if (!check_failed_) \
			printf("FAIL %s: %s:%d: \"%s\" != \"%s\"\n", check_name_, __FILE__, __LINE__, \
			       ca_ ? ca_ : "(null)", cb_ ? cb_ : "(null)"); \
		check_failed_ = 1; \
	} \
} while (0)

static const char *check_name_ = "";

#define RUN(fn) do { \
	check_name_ = #fn; check_failed_ = 0; \
	fn(); \
	if (!check_failed_) printf("ok %s\n", #fn); \
	else check_total_failed_++; \
	fflush(stdout); \
} while (0)

#define CHECK_DONE() (check_total_failed_ ? 1 : 0)

#endif

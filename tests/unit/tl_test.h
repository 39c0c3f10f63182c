/* SPDX-License-Identifier: GPL-2.0-only */
/* Minimal test harness: TL_CHECK records a failure with context; tl_test_done() prints
 * the closing "N passed, N failed" line and returns the exit status. */
#ifndef TL_TEST_H
#define TL_TEST_H

#include <stdio.h>
#include <string.h>

static int tl_test_pass, tl_test_fail;

#define TL_CHECK(cond, ...)                                                  \
	do {                                                                 \
		if (cond) {                                                  \
			tl_test_pass++;                                      \
		} else {                                                     \
			tl_test_fail++;                                      \
			fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
			fprintf(stderr, __VA_ARGS__);                        \
			fputc('\n', stderr);                                 \
		}                                                            \
	} while (0)

/* Compare two strings; on mismatch print both, so the failing line is visible. */
#define TL_CHECK_STR(got, want, what) \
	TL_CHECK(strcmp((got), (want)) == 0, "%s\n  want: %s\n  got:  %s", (what), (want), (got))

static inline void tl_hexdump(const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "%02x%s", b[i], (i % 16 == 15 || i + 1 == n) ? "\n" : " ");
}

static inline int tl_test_done(const char *suite)
{
	printf("%s: %d passed, %d failed\n", suite, tl_test_pass, tl_test_fail);
	return tl_test_fail ? 1 : 0;
}

#endif

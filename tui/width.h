/* Display width of UTF-8 text (wcwidth), truncation on character boundaries, and the
 * read-aloud grouping of ids.  Pure (no curses) so it runs in unit tests. */
#ifndef OC_TUI_WIDTH_H
#define OC_TUI_WIDTH_H

#include <stddef.h>

/* Terminal cells taken by s (invalid bytes and non-printables count 1; NULL = 0).
 * Needs setlocale(LC_CTYPE, "") with a UTF-8 locale for wide characters. */
int width_of(const char *s);

/* The number of bytes of the longest prefix of s that fits in cols cells; *used gets its
 * width (may be NULL).  Never splits a character. */
size_t width_fit(const char *s, int cols, int *used);

/* Copy s into out, truncated to cols cells with a trailing "~" (ASCII) when it does not
 * fit.  Returns out. */
const char *width_truncate(const char *s, int cols, char *out, size_t size);

/* "56475aa75463474c..." -> "56475aa7 5463474c ..." (groups of n characters separated by
 * spaces).  Returns out. */
const char *width_group(const char *s, size_t n, char *out, size_t size);

#endif

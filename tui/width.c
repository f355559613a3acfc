#include "tui/width.h"

#include <stdio.h>
#include <string.h>
#include <wchar.h>

/* One character at s: its byte length and cell width. */
static size_t
char_at(const char *s, int *cells)
{
	mbstate_t st;
	wchar_t wc;
	size_t n;
	int w;

	memset(&st, 0, sizeof(st));
	n = mbrtowc(&wc, s, strlen(s), &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*cells = 1;
		return 1;
	}
	w = wcwidth(wc);
	*cells = w < 0 ? 1 : w;
	return n;
}

int
width_of(const char *s)
{
	int total = 0, w;

	if (!s)
		return 0;
	while (*s) {
		s += char_at(s, &w);
		total += w;
	}
	return total;
}

size_t
width_fit(const char *s, int cols, int *used)
{
	size_t off = 0;
	int total = 0, w;

	while (s && s[off]) {
		size_t n = char_at(s + off, &w);

		if (total + w > cols)
			break;
		total += w;
		off += n;
	}
	if (used)
		*used = total;
	return off;
}

const char *
width_truncate(const char *s, int cols, char *out, size_t size)
{
	size_t n;

	if (!size)
		return out;
	out[0] = '\0';
	if (!s || cols <= 0)
		return out;
	if (width_of(s) <= cols) {
		snprintf(out, size, "%s", s);
		return out;
	}
	n = width_fit(s, cols - 1, NULL);
	if (n + 2 > size)
		n = size - 2;
	memcpy(out, s, n);
	out[n] = '~';
	out[n + 1] = '\0';
	return out;
}

const char *
width_group(const char *s, size_t n, char *out, size_t size)
{
	size_t o = 0;

	if (!size)
		return out;
	for (size_t i = 0; s && s[i] && o + 2 < size; i++) {
		if (i && n && i % n == 0)
			out[o++] = ' ';
		out[o++] = s[i];
	}
	out[o] = '\0';
	return out;
}

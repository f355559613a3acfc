#include "net/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s (1..4, within the len bytes left) with its
 * code point, or 0 if invalid. */
static size_t
utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	size_t n, i;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, c = s[0] & 0x07;
	else
		return 0;
	if (n > len)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF. */
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/* Skip an escape sequence in s[0..len) whose introducer ends just before start (ESC, or
 * a C1 CSI/OSC/DCS already decoded); returns the index just past it.  An embedded NUL
 * is one more byte of the sequence, not its end. */
static size_t
skip_escape(const unsigned char *s, size_t len, size_t start)
{
	size_t i = start;
	unsigned char kind = s[i - 1];

	if (kind == 0x1b) {
		if (i >= len)
			return i;
		kind = s[i++];
		if (kind == '[')
			kind = 0x9b;
		else if (kind == ']' || kind == 'P' || kind == '_' || kind == '^' || kind == 'X')
			kind = 0x9d;
		else {
			/* Two- or three-byte escapes like ESC ( B: skip intermediates and the final. */
			while (s[i - 1] >= 0x20 && s[i - 1] <= 0x2f && i < len)
				i++;
			return i;
		}
	}
	if (kind == 0x9b) {
		/* CSI: parameters and intermediates until a final byte 0x40-0x7e. */
		while (i < len && !(s[i] >= 0x40 && s[i] <= 0x7e))
			i++;
		return i < len ? i + 1 : i;
	}
	/* String sequences (OSC, DCS, APC, PM, SOS): until BEL or ST (ESC \ or 0x9c). */
	while (i < len) {
		if (s[i] == 0x07)
			return i + 1;
		if (i + 1 < len && s[i] == 0x1b && s[i + 1] == '\\')
			return i + 2;
		if (i + 1 < len && s[i] == 0xc2 && s[i + 1] == 0x9c)
			return i + 2;
		i++;
	}
	return i;
}

size_t
text_sanitize_n(const char *in, size_t len, char *out, size_t out_size)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, o = 0;

	if (!out_size)
		return 0;
	if (!in) {
		out[0] = '\0';
		return 0;
	}
	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);

		if (n == 0) {
			if (o + 1 >= out_size)
				break;
			out[o++] = '?';
			i++;
			continue;
		}
		if (cp == 0x1b) {
			i = skip_escape(s, len, i + 1);
			continue;
		}
		if (cp == 0x9b || cp == 0x9d || cp == 0x90 || cp == 0x9e || cp == 0x9f || cp == 0x98) {
			i = skip_escape(s, len, i + n);
			continue;
		}
		if (cp == '\t' || cp == '\n' || cp == '\r') {
			if (o + 1 >= out_size)
				break;
			out[o++] = ' ';
			i += n;
			continue;
		}
		/* U+0000 is a C0 control like the others: dropped, never the end of the text */
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
		    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
		    cp == 0xfeff || cp == 0x200e || cp == 0x200f || cp == 0x061c) {
			i += n;
			continue;
		}
		if (o + n >= out_size)
			break;
		memcpy(out + o, s + i, n);
		o += n;
		i += n;
	}
	out[o] = '\0';
	return o;
}

size_t
text_sanitize(const char *in, char *out, size_t out_size)
{
	return text_sanitize_n(in, in ? strlen(in) : 0, out, out_size);
}

char *
text_sanitize_dup_n(const char *in, size_t len)
{
	char *out;

	if (!in || len == SIZE_MAX)
		return NULL;
	out = malloc(len + 1);
	if (!out)
		return NULL;
	text_sanitize_n(in, len, out, len + 1);
	return out;
}

char *
text_sanitize_dup(const char *in)
{
	return in ? text_sanitize_dup_n(in, strlen(in)) : NULL;
}

/* The value of the 4 hex digits at p, or -1. */
static long
hex4(const char *p)
{
	long v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/* See text.h: frames and gateway log records both need it. */
char *
text_json_fix_surrogates(const char *text, size_t len)
{
	char *copy = NULL;
	size_t i;

	for (i = 0; i + 1 < len; i++) {
		long v, w;

		if (text[i] != '\\')
			continue;
		if (text[i + 1] != 'u' || i + 6 > len) {
			i++;	/* skip the escaped character */
			continue;
		}
		v = hex4(text + i + 2);
		if (v >= 0xd800 && v <= 0xdbff && i + 12 <= len && text[i + 6] == '\\' &&
		    text[i + 7] == 'u' && (w = hex4(text + i + 8)) >= 0xdc00 && w <= 0xdfff) {
			i += 11;	/* a proper pair */
			continue;
		}
		if (v >= 0xd800 && v <= 0xdfff) {
			if (!copy) {
				copy = malloc(len + 1);
				if (!copy)
					return NULL;
				memcpy(copy, text, len);
				copy[len] = '\0';
			}
			memcpy(copy + i + 2, "fffd", 4);
		}
		i += 5;
	}
	return copy;
}

/* Making network strings safe to draw or print: every string that came from the gateway
 * passes through here before it reaches a terminal. */
#ifndef OC_NET_TEXT_H
#define OC_NET_TEXT_H

#include <stddef.h>

/* Copy in to out (size out_size, always NUL-terminated, truncated on a character
 * boundary) keeping valid UTF-8 text only: ESC-introduced sequences (CSI, OSC, DCS, …)
 * are removed whole, other C0/C1 controls and DEL are dropped (tab and newline become a
 * space), invalid UTF-8 bytes become '?', and bidirectional overrides/isolates
 * (U+202A-U+202E, U+2066-U+2069) and U+FEFF are dropped.  Returns the length written. */
size_t text_sanitize(const char *in, char *out, size_t out_size);

/* text_sanitize of the len bytes at in, which may hold NULs (a JSON string's
 * json_string_length): each U+0000 is dropped like any other C0 control, so "x\0y"
 * reads "xy" instead of ending at "x". */
size_t text_sanitize_n(const char *in, size_t len, char *out, size_t out_size);

/* Same into a malloc'd string (NULL on allocation failure or NULL input). */
char *text_sanitize_dup(const char *in);
char *text_sanitize_dup_n(const char *in, size_t len);

/* JSON from JavaScript may carry a lone surrogate escape ("\ud800": JSON.stringify writes
 * one for any unpaired UTF-16 half), which jansson refuses, dropping the whole document: one
 * client's display name would hide every presence list (frames) or its own rejection (gateway
 * log records).  Return a malloc'd copy of the JSON text with each unpaired \uD800-\uDFFF
 * escape replaced by \uFFFD (same length), or NULL when there is none (or on OOM: the parse
 * then fails as before). */
char *text_json_fix_surrogates(const char *text, size_t len);

#endif

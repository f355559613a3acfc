/* libFuzzer target: gateway log lines (logs.tail) through the rejection parser.  The input
 * is split at newlines; every line goes through logline_parse, the merge list and the
 * mapping to explain inputs.  Every field must come out bounded and free of controls. */
#include "tests/fuzz/fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "auth/decide.h"
#include "net/logline.h"

static int
fuzz_logline_unsafe(const char *s, size_t cap)
{
	size_t i;

	for (i = 0; i < cap && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f)
			return 1;
		if (c == 0xc2 && i + 1 < cap && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9f)
			return 1;
	}
	return i == cap;	/* not NUL-terminated inside its buffer */
}

#define FUZZ_LOGLINE_FIELD(r, f) fuzz_logline_unsafe((r)->f, sizeof (r)->f)

static void
fuzz_logline_check(const struct logline_rec *r)
{
	if (FUZZ_LOGLINE_FIELD(r, time) || FUZZ_LOGLINE_FIELD(r, level) ||
	    FUZZ_LOGLINE_FIELD(r, conn) || FUZZ_LOGLINE_FIELD(r, peer) ||
	    FUZZ_LOGLINE_FIELD(r, remote) || FUZZ_LOGLINE_FIELD(r, origin) ||
	    FUZZ_LOGLINE_FIELD(r, host) || FUZZ_LOGLINE_FIELD(r, ua) ||
	    FUZZ_LOGLINE_FIELD(r, reason) || FUZZ_LOGLINE_FIELD(r, phase) ||
	    FUZZ_LOGLINE_FIELD(r, cause) || FUZZ_LOGLINE_FIELD(r, client) ||
	    FUZZ_LOGLINE_FIELD(r, mode) || FUZZ_LOGLINE_FIELD(r, role) ||
	    FUZZ_LOGLINE_FIELD(r, version) || FUZZ_LOGLINE_FIELD(r, platform) ||
	    FUZZ_LOGLINE_FIELD(r, display_name) || FUZZ_LOGLINE_FIELD(r, device_id) ||
	    FUZZ_LOGLINE_FIELD(r, request_id) || FUZZ_LOGLINE_FIELD(r, detail_reason) ||
	    FUZZ_LOGLINE_FIELD(r, auth_reason) || FUZZ_LOGLINE_FIELD(r, auth_provided) ||
	    FUZZ_LOGLINE_FIELD(r, auth_mode))
		abort();
}

static int
fuzz_logline_one(const uint8_t *data, size_t size)
{
	struct logline_list list = { 0 };
	char *text = malloc(size + 1), *line, *next;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	for (line = text; line; line = next) {
		struct logline_rec r;
		enum logline_kind k;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		memset(&r, 0, sizeof r);
		k = logline_parse(line, &r);
		if (k == LOGLINE_OTHER)
			continue;
		fuzz_logline_check(&r);
		if (logline_list_add(&list, &r, 4) >= 0) {
			size_t i;

			for (i = 0; i < list.n; i++) {
				struct decide_input in;
				struct decide_verdict v;

				fuzz_logline_check(&list.v[i]);
				logline_to_input(&list.v[i], &in);
				decide_evaluate(&in, &v);
			}
		}
	}
	logline_list_free(&list);
	free(text);
	return 0;
}

#ifndef FUZZ_NO_MAIN
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_logline_one(data, size);
}
#endif

/* auth/boolword.c: the one set of words every boolean setting takes. */
#include <stdbool.h>

#include "auth/boolword.h"
#include "auth/decide.h"
#include "auth/err.h"
#include "tests/unit/check.h"

static void
test_words(void)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };

	for (int i = 0; i < 4; i++) {
		CHECK(boolword_parse(yes[i]) == 1);
		CHECK(boolword_parse(no[i]) == 0);
	}
	CHECK(boolword_parse("maybe") == -1);
	CHECK(boolword_parse("") == -1);
	CHECK(boolword_parse("True") == -1);	/* lower case only */
	CHECK(boolword_parse("on ") == -1);
	CHECK(boolword_parse("2") == -1);
	CHECK(boolword_parse(NULL) == -1);
}

/* explain's --setting takes the same words as the config file */
static void
test_settings_take_the_same_words(void)
{
	struct decide_settings s;
	struct oc_err err = { "" };

	decide_settings_default(&s);
	CHECK(decide_setting_apply(&s, "nodes.pairing.autoApproveLocal=off", &err) == 0);
	CHECK(!s.auto_approve_local);
	CHECK(decide_setting_apply(&s, "nodes.pairing.autoApproveLocal=yes", &err) == 0);
	CHECK(s.auto_approve_local);
	CHECK(decide_setting_apply(&s, "nodes.pairing.autoApproveLocal=maybe", &err) < 0);
	CHECK(s.auto_approve_local);
}

int
main(void)
{
	RUN(test_words);
	RUN(test_settings_take_the_same_words);
	return CHECK_DONE();
}

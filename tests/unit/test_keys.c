/* The key table and the width helpers of the TUI: both are curses-free, so they are
 * compiled in here directly (the unit link has only the pure core). */
#include <locale.h>
#include <stdbool.h>
#include <string.h>

#include "tests/unit/check.h"
#include "tui/keys.c"
#include "tui/width.c"

static void
test_every_binding_round_trips(void)
{
	char name[32];

	for (size_t i = 0; i < keys_count; i++) {
		int code = keys_parse(keys_table[i].key);

		CHECK(code >= 0);
		CHECK_STR(keys_name(code, name, sizeof(name)), keys_table[i].key);
		CHECK(action_get(keys_table[i].act) != NULL);
	}
}

static void
test_every_action_is_bound_or_named(void)
{
	char keys[128];

	CHECK(action_info_count == ACT_COUNT - 1);
	for (size_t k = 1; k <= action_info_count; k++) {
		const struct action_info *ai = action_get((enum action)k);

		CHECK(ai && ai->name && ai->help && ai->group && *ai->group);
		CHECK(action_find(ai->name) == ai->act);
		/* Bound in the generic map or in some view's keymap. */
		bool bound = false;

		for (size_t b = 0; b < keys_count && !bound; b++) {
			keys_for_action(keys_table[b].keymap, ai->act, keys, sizeof(keys));
			bound = keys[0] != '\0';
		}
		CHECK(bound);
	}
}

static void
test_lookup_and_hints(void)
{
	char buf[512];

	CHECK(keys_lookup("connections", 'q') == ACT_QUIT);
	CHECK(keys_lookup("connections", 'a') == ACT_TOGGLE_ALL);
	CHECK(keys_lookup("help", 'q') == ACT_BACK);
	CHECK(keys_lookup("connections", KEYC_ENTER) == ACT_DETAILS);
	CHECK(keys_lookup("connections", 18) == ACT_REFRESH);	/* <C-r> */
	CHECK(keys_lookup("connections", 'x') == ACT_NONE);
	CHECK(keys_parse("<C-l>") == 12);
	CHECK(keys_parse("<F10>") == KEYC_F1 + 9);
	CHECK(keys_parse("<Nope>") == -1);
	keys_hints("connections", buf, sizeof(buf));
	CHECK(strstr(buf, "a:All/live") == buf);
	CHECK(strstr(buf, "?:Help") != NULL);
	keys_for_action("help", ACT_BACK, buf, sizeof(buf));
	CHECK(strstr(buf, "q") != NULL && strstr(buf, "<Esc>") != NULL);
}

static void
test_width(void)
{
	char out[64];
	int used;

	CHECK(setlocale(LC_CTYPE, "C.UTF-8") != NULL);
	CHECK(width_of("abc") == 3);
	CHECK(width_of("\xe6\x97\xa5\xe6\x9c\xac") == 4);	/* two wide CJK characters */
	CHECK(width_fit("\xe6\x97\xa5\xe6\x9c\xac", 3, &used) == 3 && used == 2);
	CHECK_STR(width_truncate("abcdef", 4, out, sizeof(out)), "abc~");
	CHECK_STR(width_truncate("abc", 4, out, sizeof(out)), "abc");
	CHECK_STR(width_truncate("abc", 0, out, sizeof(out)), "");
	CHECK_STR(width_group("56475aa75463474cdead", 8, out, sizeof(out)), "56475aa7 5463474c dead");
}

int
main(void)
{
	RUN(test_every_binding_round_trips);
	RUN(test_every_action_is_bound_or_named);
	RUN(test_lookup_and_hints);
	RUN(test_width);
	return CHECK_DONE();
}

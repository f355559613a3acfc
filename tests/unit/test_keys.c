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

/* The line of `list-keys` for keymap and key, or "" (into buf). */
static const char *
list_keys_line(const char *keymap, const char *key, char *buf, size_t size)
{
	FILE *f = tmpfile();
	char line[512], want[64];

	buf[0] = '\0';
	if (!f)
		return buf;
	keys_print(f);
	rewind(f);
	snprintf(want, sizeof(want), "%s\t%s\t", keymap, key);
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, want, strlen(want)) == 0) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(buf, size, "%s", line);
		}
	fclose(f);
	return buf;
}

static bool
starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Issue 14.2: a `bind` override shows in the help overlay's key column, the footer hints
 * and list-keys, not only in what the key does. */
static void
test_overrides_show_everywhere(void)
{
	char buf[512];

	/* approve on A as well */
	CHECK(keys_bind("pairing", 'A', ACT_PAIR_APPROVE) == 0);
	CHECK(keys_lookup("pairing", 'A') == ACT_PAIR_APPROVE);
	CHECK_STR(keys_for_action("pairing", ACT_PAIR_APPROVE, buf, sizeof(buf)), "A, a");
	keys_hints("pairing", buf, sizeof(buf));
	CHECK(strstr(buf, "A:Approve") != NULL && strstr(buf, "a:Approve") == NULL);
	CHECK(strstr(buf, "x:Reject") != NULL);
	CHECK(starts(list_keys_line("pairing", "A", buf, sizeof(buf)), "pairing\tA\tapprove\t"));
	/* and no longer on a */
	CHECK(keys_bind("pairing", 'a', ACT_NONE) == 0);
	CHECK(keys_lookup("pairing", 'a') == ACT_NONE);
	CHECK_STR(keys_for_action("pairing", ACT_PAIR_APPROVE, buf, sizeof(buf)), "A");
	CHECK_STR(list_keys_line("pairing", "a", buf, sizeof(buf)), "");
	/* q now refreshes: Quit is hinted (and helped) with the key that is left */
	CHECK(keys_bind("generic", 'q', ACT_REFRESH) == 0);
	keys_hints("connections", buf, sizeof(buf));
	CHECK(strstr(buf, "<F10>:Quit") != NULL && strstr(buf, "q:Quit") == NULL);
	CHECK_STR(keys_for_action("connections", ACT_QUIT, buf, sizeof(buf)), "<F10>");
	CHECK_STR(keys_for_action("connections", ACT_REFRESH, buf, sizeof(buf)), "q, r, <C-r>");
	CHECK(starts(list_keys_line("generic", "q", buf, sizeof(buf)), "generic\tq\trefresh\t"));
	/* an action left without keys is not hinted */
	CHECK(keys_bind("generic", '?', ACT_NONE) == 0 && keys_bind("generic", KEYC_F1, ACT_NONE) == 0);
	keys_hints("connections", buf, sizeof(buf));
	CHECK(strstr(buf, "Help") == NULL);
	CHECK_STR(keys_for_action("connections", ACT_HELP, buf, sizeof(buf)), "");
	/* a generic override reaches every view, and a view's own key still wins there */
	CHECK(keys_bind("generic", 'Q', ACT_QUIT) == 0);
	keys_hints("trusted", buf, sizeof(buf));
	CHECK(strstr(buf, "Q:Quit") != NULL);
	CHECK(keys_bind("generic", 'e', ACT_FILTER) == 0);
	CHECK_STR(keys_for_action("trusted", ACT_FILTER, buf, sizeof(buf)), "/");
	CHECK_STR(keys_for_action("connections", ACT_FILTER, buf, sizeof(buf)), "e, /");
}

static void
test_effective_table(void)
{
	struct key_binding b;
	size_t n = 0, n_pairing_last = 0;
	bool found_a = false;

	keys_unbind_all();
	for (size_t i = 0; keys_effective(i, &b); i++, n++) {
		CHECK(i < keys_count && strcmp(b.key, keys_table[i].key) == 0 && b.act == keys_table[i].act);
		CHECK(b.hint == keys_table[i].hint);
	}
	CHECK(n == keys_count);
	CHECK(keys_bind("pairing", 'A', ACT_PAIR_APPROVE) == 0);
	CHECK(keys_bind("pairing", 'x', ACT_NONE) == 0);
	CHECK(keys_bind("pairing", 't', ACT_PAIR_REJECT) == 0);
	CHECK(keys_bind("pairing", 'A', ACT_PAIR_REVOKE) == 0);	/* the later bind wins */
	n = 0;
	for (size_t i = 0; keys_effective(i, &b); i++, n++) {
		if (strcmp(b.keymap, "pairing") != 0)
			continue;
		CHECK(strcmp(b.key, "x") != 0);
		if (strcmp(b.key, "t") == 0)
			CHECK(b.act == ACT_PAIR_REJECT && b.hint == NULL);
		if (strcmp(b.key, "a") == 0)
			found_a = b.act == ACT_PAIR_APPROVE && b.hint && strcmp(b.hint, "Approve") == 0;
		n_pairing_last = i;
	}
	CHECK(found_a);
	CHECK(keys_effective(n_pairing_last, &b) && strcmp(b.key, "A") == 0 && b.act == ACT_PAIR_REVOKE);
	CHECK(n == keys_count);	/* one added, one removed */
	keys_unbind_all();
	CHECK(keys_lookup("pairing", 'x') == ACT_PAIR_REJECT && keys_lookup("pairing", 'A') == ACT_NONE);
}

static void
test_key_names(void)
{
	char name[32];

	CHECK(setlocale(LC_CTYPE, "C.UTF-8") != NULL);
	CHECK_STR(keys_name(0xe9, name, sizeof(name)), "\xc3\xa9");	/* é: "Unknown key é" */
	CHECK_STR(keys_name(0x9b, name, sizeof(name)), "<0x9b>");	/* a C1 control is not drawn */
	CHECK_STR(keys_name(KEYC_ENTER, name, sizeof(name)), "<Enter>");
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
	RUN(test_overrides_show_everywhere);
	RUN(test_effective_table);
	RUN(test_key_names);
	return CHECK_DONE();
}

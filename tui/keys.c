#include "tui/keys.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#define ACTION_INFO_GROUP_(g) /* groups are carried by the entries that follow */
#define ACTION_INFO_(id, name, help) { ACT_##id, name, help, NULL },

static const struct action_info action_info_raw[] = {
	ACTION_LIST(ACTION_INFO_GROUP_, ACTION_INFO_)
};

/* The group of each action, by walking the list once more. */
#define GROUP_SET_(g) group = g;
#define GROUP_ACT_(id, name, help) groups[ACT_##id] = group;

static const char *
action_group(enum action act)
{
	static const char *groups[ACT_COUNT];
	const char *group = "";

	if (!groups[ACT_COUNT - 1]) {
		ACTION_LIST(GROUP_SET_, GROUP_ACT_)
	}
	return act > ACT_NONE && act < ACT_COUNT ? groups[act] : "";
}

static struct action_info action_info_full[sizeof(action_info_raw) / sizeof(action_info_raw[0])];
const size_t action_info_count = sizeof(action_info_raw) / sizeof(action_info_raw[0]);

const struct action_info *
action_get(enum action act)
{
	if (act <= ACT_NONE || act >= ACT_COUNT)
		return NULL;
	if (!action_info_full[0].name)
		for (size_t i = 0; i < action_info_count; i++) {
			action_info_full[i] = action_info_raw[i];
			action_info_full[i].group = action_group(action_info_raw[i].act);
		}
	return &action_info_full[act - 1];
}

enum action
action_find(const char *name)
{
	for (size_t i = 0; i < action_info_count; i++)
		if (strcmp(action_info_raw[i].name, name) == 0)
			return action_info_raw[i].act;
	return ACT_NONE;
}

const struct key_binding keys_table[] = {
	{ "generic", "k", ACT_UP, NULL },
	{ "generic", "<Up>", ACT_UP, NULL },
	{ "generic", "j", ACT_DOWN, NULL },
	{ "generic", "<Down>", ACT_DOWN, NULL },
	{ "generic", "<PgUp>", ACT_PAGE_UP, NULL },
	{ "generic", "<C-b>", ACT_PAGE_UP, NULL },
	{ "generic", "<PgDn>", ACT_PAGE_DOWN, NULL },
	{ "generic", "<C-f>", ACT_PAGE_DOWN, NULL },
	{ "generic", "<Space>", ACT_PAGE_DOWN, NULL },
	{ "generic", "g", ACT_FIRST, NULL },
	{ "generic", "<Home>", ACT_FIRST, NULL },
	{ "generic", "G", ACT_LAST, NULL },
	{ "generic", "<End>", ACT_LAST, NULL },
	{ "generic", "<Tab>", ACT_NEXT_VIEW, NULL },
	{ "generic", "<S-Tab>", ACT_PREV_VIEW, NULL },
	{ "generic", "1", ACT_VIEW_1, NULL },
	{ "generic", "2", ACT_VIEW_2, NULL },
	{ "generic", "3", ACT_VIEW_3, NULL },
	{ "generic", "4", ACT_VIEW_4, NULL },
	{ "generic", "<Enter>", ACT_DETAILS, "Details" },
	{ "generic", "/", ACT_FILTER, "Filter" },
	{ "generic", "s", ACT_SORT, "Sort" },
	{ "generic", "S", ACT_SORT_REVERSE, NULL },
	{ "connections", "a", ACT_TOGGLE_ALL, "All/live" },
	{ "rejections", "<Enter>", ACT_DETAILS, "Explain" },
	{ "trusted", "a", ACT_TRUST_ADD, "Add" },
	{ "trusted", "e", ACT_TRUST_EDIT, "Edit" },
	{ "trusted", "d", ACT_TRUST_REMOVE, "Remove" },
	{ "trusted", "<Del>", ACT_TRUST_REMOVE, NULL },
	{ "trusted", "p", ACT_TRUST_POLICY, "Policy" },
	{ "pairing", "t", ACT_TRUST_THIS, "Trust" },
	{ "pairing", "a", ACT_PAIR_APPROVE, "Approve" },
	{ "pairing", "x", ACT_PAIR_REJECT, "Reject" },
	{ "pairing", "R", ACT_PAIR_REMOVE, "Remove" },
	{ "pairing", "T", ACT_PAIR_REVOKE, "Revoke" },
	{ "pairing", "p", ACT_PAIR_SECTION, "Pending/paired" },
	{ "pairing", "y", ACT_PAIR_CONFIRM, NULL },
	{ "pairing", "Y", ACT_PAIR_CONFIRM_STRONG, NULL },
	{ "pairing", "n", ACT_BACK, NULL },
	{ "generic", "r", ACT_REFRESH, NULL },
	{ "generic", "<C-r>", ACT_REFRESH, NULL },
	{ "generic", ":", ACT_PROMPT, "Cmd" },
	{ "generic", "<Esc>", ACT_BACK, NULL },
	{ "generic", "<Left>", ACT_BACK, NULL },
	{ "generic", "R", ACT_RETRY, NULL },
	{ "generic", "<C-l>", ACT_REDRAW, NULL },
	{ "generic", "?", ACT_HELP, "Help" },
	{ "generic", "<F1>", ACT_HELP, NULL },
	{ "generic", "q", ACT_QUIT, "Quit" },
	{ "generic", "<F10>", ACT_QUIT, NULL },
	{ "pairing-screen", "r", ACT_RETRY, "Retry now" },
	{ "pairing-screen", "?", ACT_HELP, "Help" },
	{ "pairing-screen", "q", ACT_QUIT, "Quit" },
	{ "help", "q", ACT_BACK, "Close" },
	{ "help", "?", ACT_BACK, NULL },
};
const size_t keys_count = sizeof(keys_table) / sizeof(keys_table[0]);

static const struct {
	const char *name;
	int code;
} key_names[] = {
	{ "Enter", KEYC_ENTER }, { "Esc", KEYC_ESC }, { "Tab", KEYC_TAB }, { "S-Tab", KEYC_BTAB },
	{ "Up", KEYC_UP }, { "Down", KEYC_DOWN }, { "Left", KEYC_LEFT }, { "Right", KEYC_RIGHT },
	{ "PgUp", KEYC_PGUP }, { "PgDn", KEYC_PGDN }, { "Home", KEYC_HOME }, { "End", KEYC_END },
	{ "Backspace", KEYC_BACKSPACE }, { "Del", KEYC_DELETE }, { "Space", KEYC_SPACE },
};

int
keys_parse(const char *spec)
{
	size_t len = spec ? strlen(spec) : 0;
	char inner[32];

	if (len == 1 && spec[0] > ' ' && spec[0] < 0x7f)
		return spec[0] == ' ' ? KEYC_SPACE : spec[0];
	if (len < 3 || spec[0] != '<' || spec[len - 1] != '>' || len - 2 >= sizeof(inner))
		return -1;
	memcpy(inner, spec + 1, len - 2);
	inner[len - 2] = '\0';
	for (size_t i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++)
		if (strcmp(inner, key_names[i].name) == 0)
			return key_names[i].code;
	if (inner[0] == 'C' && inner[1] == '-' && inner[2] >= 'a' && inner[2] <= 'z' && !inner[3])
		return inner[2] - 'a' + 1;
	if (inner[0] == 'F' && inner[1] >= '1' && inner[1] <= '9') {
		int n = inner[1] - '0';

		if (inner[2] >= '0' && inner[2] <= '9' && !inner[3])
			n = n * 10 + (inner[2] - '0');
		else if (inner[2])
			return -1;
		if (n >= 1 && n <= 12)
			return KEYC_F1 + n - 1;
	}
	return -1;
}

/* A printable non-ASCII character as itself ("é"), in the locale's encoding. */
static bool
char_name(int code, char *buf, size_t size)
{
	char enc[MB_LEN_MAX + 1];
	mbstate_t st;
	size_t n;

	if (code < 0xa0 || code >= KEYC_BASE || !iswprint((wint_t)code))
		return false;
	memset(&st, 0, sizeof(st));
	n = wcrtomb(enc, (wchar_t)code, &st);
	if (n == (size_t)-1 || n + 1 > size)
		return false;
	enc[n] = '\0';
	snprintf(buf, size, "%s", enc);
	return true;
}

const char *
keys_name(int code, char *buf, size_t size)
{
	for (size_t i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++)
		if (key_names[i].code == code) {
			snprintf(buf, size, "<%s>", key_names[i].name);
			return buf;
		}
	if (code >= 1 && code <= 26 && code != 9 && code != 10 && code != 13)
		snprintf(buf, size, "<C-%c>", 'a' + code - 1);
	else if (code >= KEYC_F1 && code <= KEYC_F12)
		snprintf(buf, size, "<F%d>", code - KEYC_F1 + 1);
	else if (code > ' ' && code < 0x7f)
		snprintf(buf, size, "%c", code);
	else if (!char_name(code, buf, size))
		snprintf(buf, size, "<0x%x>", (unsigned)code);
	return buf;
}

/* ===================================================================== Effective keymap */

/* The config file's `bind` lines, in the order given. */
#define KEYS_USER_MAX 64
static struct {
	char keymap[32];
	char key[16];	/* the spec, as keys_name spells it */
	int code;
	enum action act;
} keys_user[KEYS_USER_MAX];
static size_t keys_user_count;

/* The effective table (built-in + overrides), rebuilt after every change to the overrides.
 * Everything below reads this table only, so lookup, help, hints and list-keys agree. */
static struct {
	struct key_binding b;
	int code;
	bool user;		/* bound by the config file (not the built-in default) */
} keys_eff[sizeof(keys_table) / sizeof(keys_table[0]) + KEYS_USER_MAX];
static size_t keys_eff_count;
static bool keys_eff_ok;

static void
eff_add(const char *keymap, const char *key, int code, enum action act, const char *hint, bool user)
{
	keys_eff[keys_eff_count].b = (struct key_binding){ keymap, key, act, hint };
	keys_eff[keys_eff_count].code = code;
	keys_eff[keys_eff_count].user = user;
	keys_eff_count++;
}

static bool
builtin_binds(const char *keymap, int code)
{
	for (size_t i = 0; i < keys_count; i++)
		if (strcmp(keys_table[i].keymap, keymap) == 0 && keys_parse(keys_table[i].key) == code)
			return true;
	return false;
}

/* An override replaces the built-in binding of its key in its keymap, in place (`none`
 * removes it); a key the keymap did not have is added after the keymap's last built-in
 * binding.  A built-in hint stays with its key only while the key keeps its action. */
static void
eff_build(void)
{
	if (keys_eff_ok)
		return;
	keys_eff_count = 0;
	for (size_t i = 0; i < keys_count; i++) {
		const struct key_binding *b = &keys_table[i];
		int code = keys_parse(b->key);
		bool last = true, over = false;

		for (size_t u = 0; u < keys_user_count && !over; u++)
			if (keys_user[u].code == code && strcmp(keys_user[u].keymap, b->keymap) == 0) {
				over = true;
				if (keys_user[u].act != ACT_NONE)
					eff_add(b->keymap, b->key, code, keys_user[u].act,
						keys_user[u].act == b->act ? b->hint : NULL, true);
			}
		if (!over)
			eff_add(b->keymap, b->key, code, b->act, b->hint, false);
		for (size_t j = i + 1; j < keys_count && last; j++)
			last = strcmp(keys_table[j].keymap, b->keymap) != 0;
		for (size_t u = 0; last && u < keys_user_count; u++)
			if (keys_user[u].act != ACT_NONE && strcmp(keys_user[u].keymap, b->keymap) == 0 &&
			    !builtin_binds(b->keymap, keys_user[u].code))
				eff_add(keys_user[u].keymap, keys_user[u].key, keys_user[u].code,
					keys_user[u].act, NULL, true);
	}
	keys_eff_ok = true;
}

int
keys_bind(const char *keymap, int code, enum action act)
{
	size_t i;

	for (i = 0; i < keys_user_count; i++)
		if (keys_user[i].code == code && strcmp(keys_user[i].keymap, keymap) == 0)
			break;
	if (i == keys_user_count) {
		if (keys_user_count >= KEYS_USER_MAX)
			return -1;
		keys_user_count++;
	}
	snprintf(keys_user[i].keymap, sizeof(keys_user[i].keymap), "%s", keymap);
	keys_name(code, keys_user[i].key, sizeof(keys_user[i].key));
	keys_user[i].code = code;
	keys_user[i].act = act;
	keys_eff_ok = false;
	return 0;
}

void
keys_unbind_all(void)
{
	keys_user_count = 0;
	keys_eff_ok = false;
}

bool
keys_effective(size_t i, struct key_binding *out)
{
	eff_build();
	if (i >= keys_eff_count)
		return false;
	*out = keys_eff[i].b;
	return true;
}

static enum action
lookup_in(const char *keymap, int code)
{
	eff_build();
	for (size_t i = 0; i < keys_eff_count; i++)
		if (keys_eff[i].code == code && strcmp(keys_eff[i].b.keymap, keymap) == 0)
			return keys_eff[i].b.act;
	return ACT_NONE;
}

enum action
keys_lookup(const char *keymap, int code)
{
	enum action a = keymap ? lookup_in(keymap, code) : ACT_NONE;

	return a != ACT_NONE ? a : lookup_in("generic", code);
}

static void
append(char *buf, size_t size, const char *sep, const char *s)
{
	size_t len = strlen(buf);

	if (len + 1 >= size)
		return;
	snprintf(buf + len, size - len, "%s%s", len ? sep : "", s);
}

/* Calls fn for each key that runs act in keymap: the keymap's own bindings, then the
 * generic ones the keymap does not shadow, each key once; in each, the config file's
 * keys first, then the defaults, in table order. */
static void
each_key(const char *keymap, enum action act, void (*fn)(void *ctx, size_t eff), void *ctx)
{
	int seen[sizeof(keys_eff) / sizeof(keys_eff[0])];
	size_t n_seen = 0;

	eff_build();
	for (int pass = 0; pass < 4; pass++) {
		const char *map = pass < 2 ? keymap : "generic";
		bool user = pass % 2 == 0;

		if (!map || (pass >= 2 && keymap && strcmp(keymap, "generic") == 0))
			continue;
		for (size_t i = 0; i < keys_eff_count; i++) {
			size_t k = 0;

			if (keys_eff[i].user != user || keys_eff[i].b.act != act ||
			    strcmp(keys_eff[i].b.keymap, map) != 0 || keys_lookup(keymap, keys_eff[i].code) != act)
				continue;
			while (k < n_seen && seen[k] != keys_eff[i].code)
				k++;
			if (k < n_seen)
				continue;
			seen[n_seen++] = keys_eff[i].code;
			fn(ctx, i);
		}
	}
}

struct keys_join {
	char *buf;		/* NULL: only find the first key */
	size_t size;
	size_t first;		/* the first key's index in keys_eff, when any */
	bool any;
};

static void
join_key(void *ctx, size_t eff)
{
	struct keys_join *j = ctx;

	if (j->buf)
		append(j->buf, j->size, ", ", keys_eff[eff].b.key);
	if (!j->any)
		j->first = eff;
	j->any = true;
}

const char *
keys_for_action(const char *keymap, enum action act, char *buf, size_t size)
{
	struct keys_join j = { buf, size, 0, false };

	buf[0] = '\0';
	each_key(keymap, act, join_key, &j);
	return buf;
}

const char *
keys_hints(const char *keymap, char *buf, size_t size)
{
	bool done[ACT_COUNT] = { false };

	buf[0] = '\0';
	for (int pass = 0; pass < 2; pass++) {
		const char *map = pass == 0 ? keymap : "generic";

		if (!map)
			continue;
		/* The hinted actions come from the built-in table; each is shown with the first
		 * key that runs it now (the config file's keys come first). */
		for (size_t i = 0; i < keys_count; i++) {
			const struct key_binding *b = &keys_table[i];
			struct keys_join j = { NULL, 0, 0, false };
			char item[64];

			if (!b->hint || strcmp(b->keymap, map) != 0 || done[b->act])
				continue;
			done[b->act] = true;
			each_key(keymap, b->act, join_key, &j);
			if (!j.any)
				continue;	/* unbound by the config file */
			snprintf(item, sizeof(item), "%s:%s", keys_eff[j.first].b.key, b->hint);
			append(buf, size, "  ", item);
		}
		if (keymap && strcmp(keymap, "pairing-screen") == 0)
			break;	/* the pairing screen has only its own keys */
	}
	return buf;
}

void
keys_print(FILE *out)
{
	struct key_binding b;

	for (size_t i = 0; keys_effective(i, &b); i++) {
		const struct action_info *ai = action_get(b.act);

		fprintf(out, "%s\t%s\t%s\t%s\n", b.keymap, b.key, ai ? ai->name : "", ai ? ai->help : "");
	}
}

/* Every user action of the console, once: the enum, the help overlay, the footer hints,
 * the `:` prompt and `list-keys` are all generated from this list (STYLE.md 4). */
#ifndef OC_TUI_ACTIONS_H
#define OC_TUI_ACTIONS_H

#include <stddef.h>

#define ACTION_LIST(G, A) \
	G("Movement") \
	A(UP,           "move-up",          "Select the previous row") \
	A(DOWN,         "move-down",        "Select the next row") \
	A(PAGE_UP,      "page-up",          "Move one page up") \
	A(PAGE_DOWN,    "page-down",        "Move one page down") \
	A(FIRST,        "move-first",       "Select the first row") \
	A(LAST,         "move-last",        "Select the last row") \
	G("Views") \
	A(NEXT_VIEW,    "view-next",        "Switch to the next view") \
	A(PREV_VIEW,    "view-prev",        "Switch to the previous view") \
	A(VIEW_1,       "view-1",           "Switch to view 1 (Connections)") \
	A(VIEW_2,       "view-2",           "Switch to view 2") \
	A(VIEW_3,       "view-3",           "Switch to view 3") \
	A(VIEW_4,       "view-4",           "Switch to view 4") \
	G("Table") \
	A(DETAILS,      "details",          "Show or hide the details of the selected row") \
	A(FILTER,       "filter",           "Filter rows (live, case-insensitive)") \
	A(SORT,         "sort",             "Sort by the next column") \
	A(SORT_REVERSE, "sort-reverse",     "Reverse the sort order") \
	A(TOGGLE_ALL,   "toggle-all",       "Show disconnected rows too, or live rows only") \
	A(REFRESH,      "refresh",          "Re-read everything from the gateway") \
	G("Trusted") \
	A(TRUST_ADD,    "trust-add",        "Trusted: add a service (a sequence of prompts)") \
	A(TRUST_EDIT,   "trust-edit",       "Trusted: edit the ceiling, expiry and note of the entry") \
	A(TRUST_REMOVE, "trust-remove",     "Trusted: remove the selected entry (asks to confirm)") \
	A(TRUST_POLICY, "trust-policy",     "Trusted: edit the gateway pairing policy (operator.admin)") \
	A(TRUST_THIS,   "trust-this",       "Pairing: trust the service of the selected request") \
	G("Pairing") \
	A(PAIR_APPROVE, "approve",          "Pairing: approve the selected request (asks to confirm)") \
	A(PAIR_REJECT,  "reject",           "Pairing: reject the selected request (asks to confirm)") \
	A(PAIR_REMOVE,  "remove-device",    "Pairing: unpair the selected device (asks to confirm)") \
	A(PAIR_REVOKE,  "revoke-token",     "Pairing: revoke the selected device's token (asks to confirm)") \
	A(PAIR_SECTION, "pairing-section",  "Pairing: move between pending requests and paired devices") \
	A(PAIR_CONFIRM, "confirm",          "Confirm the action asked about") \
	A(PAIR_CONFIRM_STRONG, "confirm-admin", "Confirm a grant of operator.admin (after y)") \
	G("General") \
	A(PROMPT,       "prompt",           "Enter a command (:view NAME, :sort COLUMN, :q)") \
	A(BACK,         "back",             "Close the overlay, details or filter") \
	A(RETRY,        "retry",            "Retry the connection now") \
	A(REDRAW,       "redraw",           "Redraw the screen") \
	A(HELP,         "help",             "Show this help") \
	A(QUIT,         "quit",             "Quit")

#define ACTION_ENUM_(id, name, help) ACT_##id,
#define ACTION_GROUP_NONE_(g)
enum action {
	ACT_NONE,
	ACTION_LIST(ACTION_GROUP_NONE_, ACTION_ENUM_)
	ACT_COUNT
};

struct action_info {
	enum action act;
	const char *name;	/* "move-up": the `:` prompt and list-keys */
	const char *help;	/* one line for the help overlay */
	const char *group;	/* "Movement" */
};

/* Number of actions (ACT_COUNT - 1); walk them with action_get(1 .. action_info_count). */
extern const size_t action_info_count;

/* The info of act (list order = enum order), or NULL for ACT_NONE / out of range. */
const struct action_info *action_get(enum action act);

/* The action called name ("quit"), or ACT_NONE. */
enum action action_find(const char *name);

#endif

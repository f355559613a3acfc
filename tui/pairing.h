/* The Pairing view's hooks into the app: the header badge and the bell on new pairing
 * requests.  The view itself (pending requests, paired devices, confirmed approve,
 * reject, remove and revoke) is tui/view_pairing.c. */
#ifndef OC_TUI_PAIRING_H
#define OC_TUI_PAIRING_H

#include <stdbool.h>
#include <stddef.h>

struct app;
struct view_ops;

extern const struct view_ops pairing_view_ops;

/* Write the header badge ("⚑ 3 pending", or "! 3 pending" without UTF-8) into buf and
 * return its length; 0 (buf "") when nothing is pending.  Drops requests the gateway has
 * expired (300 s after their last refresh) first. */
size_t pairing_badge(struct app *a, char *buf, size_t size);

/* Whether to ring the terminal bell for model changes `changed` (MODEL_CHANGED_*): true
 * for a new request, except for the first device.pair.list of the session (listed = the
 * changes came from a list result) and with --no-bell. */
bool pairing_should_ring(struct app *a, unsigned changed, bool listed);

#endif

/* The tab list: one line per view.  Later views (pairing, rejections, trusted) add
 * their ops here. */
#include "tui/view.h"
#include "tui/pairing.h"

const struct view_ops *const views_all[] = {
	&conns_view_ops,
	&pairing_view_ops,
	&reject_view_ops,
	&trusted_view_ops,
};
const size_t views_count = sizeof(views_all) / sizeof(views_all[0]);

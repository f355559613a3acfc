/* The tab list: one line per view.  Later views (pairing, rejections, trusted) add
 * their ops here. */
#include "tui/view.h"

const struct view_ops *const views_all[] = {
	&conns_view_ops,
};
const size_t views_count = sizeof(views_all) / sizeof(views_all[0]);

/* The Rejections view's background half: follow the gateway log with logs.tail while the
 * console is connected with operator.read (one evloop timer, 2 s, nothing otherwise), and
 * record the console's own failed handshakes as they happen. */
#ifndef OC_TUI_VIEW_REJECT_H
#define OC_TUI_VIEW_REJECT_H

struct app;

/* Set up the list and the poll timer (call once, after the loop and client exist).
 * 0, or -1 on OOM. */
int reject_view_start(struct app *a);

/* The client's state changed: start or stop following, record an own failure. */
void reject_view_on_state(struct app *a);

/* Stop the timer and free the list (before the loop is freed).  Safe when not started. */
void reject_view_stop(struct app *a);

#endif

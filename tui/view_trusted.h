/* The Trusted view's public half: the in-console approval agent (auth/agent.h over the
 * model's pending requests, through tui/autoapprove.h) and "trust this service" from the
 * Pairing view. */
#ifndef OC_TUI_VIEW_TRUSTED_H
#define OC_TUI_VIEW_TRUSTED_H

struct app;
struct pending_req;

/* Load the allowlist and set up the agent.  0, or -1 on OOM (a bad file is reported on
 * the status line, not an error here). */
int trusted_view_start(struct app *a);

/* The model changed (MODEL_CHANGED_* bits): run the agent over pending requests. */
void trusted_view_on_model(struct app *a, unsigned changed);

/* Switch to the Trusted view and start the add form pre-filled from p (device id,
 * client id/mode, display name, requested scopes).  p NULL: status message only. */
void trusted_view_prefill(struct app *a, const struct pending_req *p);

/* Free what trusted_view_start set up.  Safe when not started. */
void trusted_view_stop(struct app *a);

#endif

/* The one wait of the program: libwebsockets' poll loop, with the terminal adopted as a
 * raw file descriptor and timers as lws_sul entries (STYLE.md 6).  Idle costs no CPU. */
#ifndef OC_NET_EVLOOP_H
#define OC_NET_EVLOOP_H

#include <stdint.h>

struct oc_err;
struct evloop;
struct evloop_timer;

typedef void (*evloop_fd_cb)(void *ctx);
typedef void (*evloop_timer_cb)(void *ctx);
typedef void (*evloop_log_cb)(int level, const char *line);

/* Create the loop (one lws context, no listening socket, TLS ready).  NULL with err. */
struct evloop *evloop_new(struct oc_err *err);

/* Same, but set up TLS only when url is wss:// (much cheaper start for ws://). */
struct evloop *evloop_new_for_url(const char *url, struct oc_err *err);

/* Destroy the context (closes every connection and watched fd). Safe on NULL. */
void evloop_free(struct evloop *l);

/* Call cb whenever fd is readable.  Takes ownership of fd.  0 or -1. */
int evloop_watch_fd(struct evloop *l, int fd, evloop_fd_cb cb, void *ctx);

/* Sleep until a socket, the tty, a timer or a signal needs attention, and handle it.
 * Returns 0, or -1 when the loop is dead. */
int evloop_run_once(struct evloop *l);

/* A one-shot timer owned by the caller's object.  Setting it again reschedules it. */
struct evloop_timer *evloop_timer_new(struct evloop *l, evloop_timer_cb cb, void *ctx);
void evloop_timer_set(struct evloop_timer *t, int64_t delay_ms);
void evloop_timer_cancel(struct evloop_timer *t);
void evloop_timer_free(struct evloop_timer *t);

/* Monotonic and wall clocks in milliseconds. */
int64_t evloop_now_ms(void);
int64_t evloop_wall_ms(void);

/* Route libwebsockets' warnings and errors (NULL: drop them). */
void evloop_set_log(evloop_log_cb cb);

/* Internal: the lws context, for net/ws.c only. */
struct lws_context *evloop_lws_context(struct evloop *l);

/* Internal, for net/ws.c: the size the context's per-thread scratch buffer is created with
 * (lws reads every network chunk into it), and where ws.c found it.  evloop_run_once
 * wipes it after every lws_service pass: it holds the last bytes read, tokens included. */
#define EVLOOP_SERV_BUF 4096
void evloop_set_scratch(struct evloop *l, void *buf);

#endif

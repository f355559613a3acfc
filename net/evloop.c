#include "net/evloop.h"

#include <libwebsockets.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "auth/err.h"
#include "auth/secmem.h"

/* Timers are ours, on a timerfd the poll loop watches like the terminal.  lws_sul was
 * tried first: in Debian's lws 4.1.6 a sul due while a client connection is still
 * waiting for its HTTP upgrade fired only when lws's own 30 s timeout woke the loop. */
struct evloop {
	struct lws_context *cx;
	struct lws_vhost *vh;
	void *scratch;			/* lws's serv_buf (EVLOOP_SERV_BUF bytes), NULL until found */
	int tfd;			/* timerfd armed for the earliest timer, -1 before setup */
	struct evloop_timer *timers;	/* every timer, armed or not */
};

struct evloop_timer {
	struct evloop_timer *next;
	struct evloop *loop;
	evloop_timer_cb cb;
	void *ctx;
	int64_t due_ms;			/* monotonic deadline, 0 when not armed */
};

struct fd_watch {
	evloop_fd_cb cb;
	void *ctx;
};

static evloop_log_cb log_hook;

static void timers_fire(void *ctx);

static void
lws_log_emit(int level, const char *line)
{
	if (log_hook)
		log_hook(level, line);
}

void
evloop_set_log(evloop_log_cb cb)
{
	log_hook = cb;
	lws_set_log_level(LLL_ERR | LLL_WARN, lws_log_emit);
}

static int
cb_fd(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len)
{
	struct fd_watch *w = lws_get_opaque_user_data(wsi);

	(void)user;
	(void)in;
	(void)len;
	switch (reason) {
	case LWS_CALLBACK_RAW_RX_FILE:
		if (w && w->cb)
			w->cb(w->ctx);
		break;
	case LWS_CALLBACK_RAW_CLOSE_FILE:
		free(w);
		lws_set_opaque_user_data(wsi, NULL);
		break;
	default:
		break;
	}
	return 0;
}

/* net/ws.c's protocol handler. */
int ws_lws_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
		    size_t len);

static const struct lws_protocols protocols[] = {
	{ "oc-ws", ws_lws_callback, 0, 0, 0, NULL, 0 },
	{ "oc-fd", cb_fd, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 },
};

static void *
evloop_lws_realloc(void *p, size_t n, const char *reason)
{
	(void)reason;
	return secmem_realloc(p, n);
}

static struct evloop *
loop_create(bool tls, struct oc_err *err)
{
	struct lws_context_creation_info info;
	struct evloop *l = calloc(1, sizeof(*l));

	if (!l) {
		oc_errf(err, "out of memory");
		return NULL;
	}
	l->tfd = -1;
	if (!log_hook)
		lws_set_log_level(0, NULL);
	/* lws's buffers see every frame, tokens included: wipe them when they are freed */
	lws_set_allocator(evloop_lws_realloc);
	memset(&info, 0, sizeof(info));
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = protocols;
	info.options = tls ? LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT : 0;
	/* Bound every network round trip lws makes on its own (TCP connect, the HTTP
	 * upgrade): a peer that accepts and then says nothing must not hang a command for
	 * lws's default 20-30 s.  The client's own watchdog covers the WebSocket handshake. */
	info.timeout_secs = 10;
	info.connect_timeout_secs = 10;
	info.gid = (gid_t)-1;
	info.uid = (uid_t)-1;
	info.pt_serv_buf_size = EVLOOP_SERV_BUF;	/* its default, said out loud: ws.c relies on it */
	l->cx = lws_create_context(&info);
	if (!l->cx) {
		free(l);
		oc_errf(err, "could not create the libwebsockets context");
		return NULL;
	}
	l->vh = lws_get_vhost_by_name(l->cx, "default");
	l->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (l->tfd < 0 || evloop_watch_fd(l, l->tfd, timers_fire, l) < 0) {
		l->tfd = -1;	/* evloop_watch_fd closed it */
		evloop_free(l);
		oc_errf(err, "could not set up the timer descriptor");
		return NULL;
	}
	return l;
}

struct evloop *
evloop_new(struct oc_err *err)
{
	return loop_create(true, err);
}

struct evloop *
evloop_new_for_url(const char *url, struct oc_err *err)
{
	/* TLS setup costs ~100x the allocations of the whole plain ws:// session. */
	return loop_create(url && strncmp(url, "wss://", 6) == 0, err);
}

void
evloop_free(struct evloop *l)
{
	if (!l)
		return;
	if (l->cx)
		lws_context_destroy(l->cx);	/* closes the watched fds, the timerfd among them */
	while (l->timers) {
		struct evloop_timer *t = l->timers;

		l->timers = t->next;
		free(t);
	}
	free(l);
}

int
evloop_watch_fd(struct evloop *l, int fd, evloop_fd_cb cb, void *ctx)
{
	lws_adopt_desc_t ad;
	struct fd_watch *w = calloc(1, sizeof(*w));

	if (!w) {
		close(fd);
		return -1;
	}
	w->cb = cb;
	w->ctx = ctx;
	memset(&ad, 0, sizeof(ad));
	ad.vh = l->vh;
	ad.type = LWS_ADOPT_RAW_FILE_DESC;
	ad.fd.filefd = fd;
	ad.vh_prot_name = "oc-fd";
	ad.opaque = w;
	if (!lws_adopt_descriptor_vhost_via_info(&ad)) {
		free(w);
		return -1;
	}
	return 0;
}

int
evloop_run_once(struct evloop *l)
{
	int rc = lws_service(l->cx, 0);

	/* lws's scratch buffer is consumed within a pass (every connection of the thread
	 * shares it), so nothing needs what it holds now: a frame's bytes, maybe a token */
	if (l->scratch)
		sodium_memzero(l->scratch, EVLOOP_SERV_BUF);
	return rc < 0 ? -1 : 0;
}

void
evloop_set_scratch(struct evloop *l, void *buf)
{
	l->scratch = buf;
}

/* Point the timerfd at the earliest armed deadline, or disarm it. */
static void
timers_rearm(struct evloop *l)
{
	struct itimerspec its;
	int64_t due = 0;

	for (struct evloop_timer *t = l->timers; t; t = t->next)
		if (t->due_ms && (!due || t->due_ms < due))
			due = t->due_ms;
	memset(&its, 0, sizeof(its));
	if (due) {
		its.it_value.tv_sec = due / 1000;
		its.it_value.tv_nsec = (long)(due % 1000) * 1000000L;
	}
	if (l->tfd >= 0)
		timerfd_settime(l->tfd, due ? TFD_TIMER_ABSTIME : 0, &its, NULL);
}

/* The timerfd is readable: run every timer that is due.  A callback may set, cancel or
 * free timers, so look again from the start after each one. */
static void
timers_fire(void *ctx)
{
	struct evloop *l = ctx;
	uint64_t expirations;
	bool again = true;

	if (read(l->tfd, &expirations, sizeof(expirations)) < 0) {
		/* EAGAIN: re-armed before we got here; nothing to read */
	}
	while (again) {
		int64_t now = evloop_now_ms();

		again = false;
		for (struct evloop_timer *t = l->timers; t; t = t->next) {
			if (t->due_ms && t->due_ms <= now) {
				t->due_ms = 0;
				if (t->cb)
					t->cb(t->ctx);
				again = true;
				break;
			}
		}
	}
	timers_rearm(l);
}

struct evloop_timer *
evloop_timer_new(struct evloop *l, evloop_timer_cb cb, void *ctx)
{
	struct evloop_timer *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->loop = l;
	t->cb = cb;
	t->ctx = ctx;
	t->next = l->timers;
	l->timers = t;
	return t;
}

void
evloop_timer_set(struct evloop_timer *t, int64_t delay_ms)
{
	if (!t)
		return;
	if (delay_ms < 1)
		delay_ms = 1;
	t->due_ms = evloop_now_ms() + delay_ms;
	timers_rearm(t->loop);
}

void
evloop_timer_cancel(struct evloop_timer *t)
{
	if (!t || !t->due_ms)
		return;
	t->due_ms = 0;
	timers_rearm(t->loop);
}

void
evloop_timer_free(struct evloop_timer *t)
{
	struct evloop_timer **link;

	if (!t)
		return;
	for (link = &t->loop->timers; *link; link = &(*link)->next) {
		if (*link == t) {
			*link = t->next;
			break;
		}
	}
	timers_rearm(t->loop);
	free(t);
}

int64_t
evloop_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
evloop_wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct lws_context *
evloop_lws_context(struct evloop *l)
{
	return l->cx;
}

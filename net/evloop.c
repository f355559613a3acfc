#include "net/evloop.h"

#include <libwebsockets.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auth/err.h"

struct evloop {
	struct lws_context *cx;
	struct lws_vhost *vh;
};

struct evloop_timer {
	lws_sorted_usec_list_t sul;	/* first: the sul callback finds us from it */
	struct evloop *loop;
	evloop_timer_cb cb;
	void *ctx;
};

struct fd_watch {
	evloop_fd_cb cb;
	void *ctx;
};

static evloop_log_cb log_hook;

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

static struct evloop *
loop_create(bool tls, struct oc_err *err)
{
	struct lws_context_creation_info info;
	struct evloop *l = calloc(1, sizeof(*l));

	if (!l) {
		oc_errf(err, "out of memory");
		return NULL;
	}
	if (!log_hook)
		lws_set_log_level(0, NULL);
	memset(&info, 0, sizeof(info));
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = protocols;
	info.options = tls ? LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT : 0;
	info.gid = (gid_t)-1;
	info.uid = (uid_t)-1;
	l->cx = lws_create_context(&info);
	if (!l->cx) {
		free(l);
		oc_errf(err, "could not create the libwebsockets context");
		return NULL;
	}
	l->vh = lws_get_vhost_by_name(l->cx, "default");
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
	lws_context_destroy(l->cx);
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
	return lws_service(l->cx, 0) < 0 ? -1 : 0;
}

static void
timer_fire(lws_sorted_usec_list_t *sul)
{
	struct evloop_timer *t = (struct evloop_timer *)sul;

	if (t->cb)
		t->cb(t->ctx);
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
	return t;
}

void
evloop_timer_set(struct evloop_timer *t, int64_t delay_ms)
{
	if (!t)
		return;
	if (delay_ms < 1)
		delay_ms = 1;
	lws_sul_schedule(t->loop->cx, 0, &t->sul, timer_fire, (lws_usec_t)delay_ms * 1000);
}

void
evloop_timer_cancel(struct evloop_timer *t)
{
	if (t)
		lws_sul_cancel(&t->sul);
}

void
evloop_timer_free(struct evloop_timer *t)
{
	if (!t)
		return;
	lws_sul_cancel(&t->sul);
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

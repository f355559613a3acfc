#include "net/ws.h"

#include <ctype.h>
#include <libwebsockets.h>
#include <malloc.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/addr.h"
#include "auth/err.h"
#include "net/evloop.h"
#include "net/frame.h"
#include "net/session.h"

/* The receive buffer kept between messages; a larger one is freed after its message. */
#define WS_RX_KEEP_BYTES (256u * 1024u)

struct ws_msg {
	struct ws_msg *next;
	size_t len;
	unsigned char buf[];		/* LWS_PRE bytes of headroom, then the text */
};

struct ws_conn {
	struct lws *wsi;
	struct evloop *loop;
	struct ws_callbacks cb;
	void *ctx;
	bool opened, closing, reported;
	bool in_open, gone;		/* an error reported while ws_open is still on the stack */
	int close_code;
	char close_reason[256];
	char *rx;
	size_t rx_len, rx_cap;
	struct ws_msg *txq, *txq_tail;
	char pin[65];
	char host[256];
	bool loopback_peer;		/* refuse a peer address that is not loopback */
};

int ws_lws_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
		    size_t len);

int
ws_parse_url(const char *url, bool *tls, char *host, size_t host_size, int *port, char *path,
	     size_t path_size)
{
	const char *p, *h, *hend, *pstart;
	size_t hl;

	if (strncmp(url, "ws://", 5) == 0) {
		*tls = false;
		p = url + 5;
	} else if (strncmp(url, "wss://", 6) == 0) {
		*tls = true;
		p = url + 6;
	} else {
		return 0;
	}
	*port = *tls ? 443 : 80;
	if (*p == '[') {
		h = p + 1;
		hend = strchr(h, ']');
		if (!hend)
			return 0;
		p = hend + 1;
	} else {
		h = p;
		hend = p + strcspn(p, ":/");
		p = hend;
	}
	hl = (size_t)(hend - h);
	if (hl == 0 || hl >= host_size)
		return 0;
	memcpy(host, h, hl);
	host[hl] = '\0';
	if (*p == ':') {
		char *end;
		long v = strtol(p + 1, &end, 10);

		if (end == p + 1 || v < 1 || v > 65535)
			return 0;
		*port = (int)v;
		p = end;
	}
	pstart = *p ? p : "/";
	if (*pstart != '/' || strlen(pstart) >= path_size)
		return 0;
	snprintf(path, path_size, "%s", pstart);
	return 1;
}

static void
conn_free(struct ws_conn *c)
{
	while (c->txq) {
		struct ws_msg *m = c->txq;

		c->txq = m->next;
		sodium_memzero(m->buf, LWS_PRE + m->len);	/* the connect frame holds a secret */
		free(m);
	}
	if (c->rx) {
		sodium_memzero(c->rx, c->rx_cap);
		free(c->rx);
	}
	free(c);
}

/* The connection is over: detach from the wsi, report once, free. */
static void
conn_gone(struct ws_conn *c, struct lws *wsi, int code, const char *reason)
{
	if (wsi)
		lws_set_opaque_user_data(wsi, NULL);
	c->wsi = NULL;
	if (c->in_open) {
		c->gone = true;
		if (reason != c->close_reason)	/* callers may pass close_reason itself */
			snprintf(c->close_reason, sizeof(c->close_reason), "%s", reason ? reason : "");
		return;
	}
	if (!c->closing && !c->reported && c->cb.on_close) {
		c->reported = true;
		c->cb.on_close(c->ctx, code, reason);
	}
	conn_free(c);
}

static bool
pin_matches(struct ws_conn *c, struct lws *wsi)
{
	unsigned char big[sizeof(union lws_tls_cert_info_results) + 8192];
	union lws_tls_cert_info_results *r = (union lws_tls_cert_info_results *)big;
	unsigned char hash[32];
	char hex[65];

	if (lws_tls_peer_cert_info(wsi, LWS_TLS_CERT_INFO_OPAQUE_PUBLIC_KEY, r,
				   sizeof(big) - sizeof(*r) + sizeof(r->ns.name)))
		return false;
	crypto_hash_sha256(hash, (const unsigned char *)r->ns.name, (unsigned long long)r->ns.len);
	sodium_bin2hex(hex, sizeof(hex), hash, sizeof(hash));
	return strcmp(hex, c->pin) == 0;
}

/* A host name is judged by the address it led to: "localhost" (or any name) must have
 * connected to a loopback address before a secret goes over plain ws://.  The connect
 * frame is sent after the challenge, so checking here is before any secret leaves. */
static bool
peer_is_loopback(struct ws_conn *c, struct lws *wsi)
{
	char peer[64] = "";

	if (lws_get_peer_simple(wsi, peer, sizeof(peer)) && addr_is_loopback_ip(peer))
		return true;
	snprintf(c->close_reason, sizeof(c->close_reason),
		 "refusing to send a token over plain ws://: %.100s led to %.60s, which is not a "
		 "loopback address; use wss:// or pass --insecure", c->host, peer[0] ? peer : "an unknown address");
	return false;
}

/* Append one fragment to the message buffer.  Messages up to FRAME_MAX_BYTES are
 * reassembled, one byte more is refused: the buffer grows by doubling but never past the
 * limit (it used to double past it, so 16-26 MiB messages were refused).  After a large
 * message the buffer and the heap it left behind go back to the system, or the console
 * would keep its peak size.  Both buffers may hold a secret (hello-ok carries the device
 * token): lws's copy is wiped once it is ours, the buffer never moves without wiping the
 * old block, and a delivered message is wiped before the next. */
static int
on_receive(struct ws_conn *c, struct lws *wsi, void *in, size_t len)
{
	if (lws_is_first_fragment(wsi))
		c->rx_len = 0;
	if (len > FRAME_MAX_BYTES - c->rx_len) {
		snprintf(c->close_reason, sizeof(c->close_reason),
			 "message larger than the console's frame limit of %u bytes", FRAME_MAX_BYTES);
		c->close_code = 1009;
		return -1;
	}
	if (c->rx_len + len + 1 > c->rx_cap) {
		size_t cap = c->rx_cap ? c->rx_cap : 8192;
		char *n;

		while (cap < c->rx_len + len + 1 && cap <= FRAME_MAX_BYTES / 2)
			cap *= 2;
		if (cap < c->rx_len + len + 1)
			cap = (size_t)FRAME_MAX_BYTES + 1;
		n = malloc(cap);
		if (!n)
			return -1;
		if (c->rx) {
			memcpy(n, c->rx, c->rx_len);
			sodium_memzero(c->rx, c->rx_cap);
			free(c->rx);
		}
		c->rx = n;
		c->rx_cap = cap;
	}
	memcpy(c->rx + c->rx_len, in, len);
	sodium_memzero(in, len);	/* lws's rx buffer: nothing reads it after this callback */
	c->rx_len += len;
	if (lws_is_final_fragment(wsi) && !lws_remaining_packet_payload(wsi)) {
		c->rx[c->rx_len] = '\0';
		if (!lws_frame_is_binary(wsi) && c->cb.on_text)
			c->cb.on_text(c->ctx, c->rx, c->rx_len);
		sodium_memzero(c->rx, c->rx_len);	/* a hello-ok carries a token */
		if (c->rx_cap > WS_RX_KEEP_BYTES) {
			free(c->rx);
			c->rx = NULL;
			c->rx_cap = 0;
			malloc_trim(0);
		}
		c->rx_len = 0;
	}
	return 0;
}

static int
on_writeable(struct ws_conn *c, struct lws *wsi)
{
	struct ws_msg *m = c->txq;
	int n;

	if (c->closing) {
		lws_close_reason(wsi, LWS_CLOSE_STATUS_NORMAL, NULL, 0);
		return -1;
	}
	if (!m)
		return 0;
	n = lws_write(wsi, m->buf + LWS_PRE, m->len, LWS_WRITE_TEXT);
	c->txq = m->next;
	if (!c->txq)
		c->txq_tail = NULL;
	sodium_memzero(m->buf, LWS_PRE + m->len);
	free(m);
	if (n < 0)
		return -1;
	if (c->txq)
		lws_callback_on_writable(wsi);
	return 0;
}

/* lws 4.1 reads every network chunk into one scratch buffer of its context (serv_buf),
 * which no API exposes and which keeps the last bytes read.  The upgrade request is built
 * at its start, and this callback gets the write position p and the room left, which ends
 * 12 bytes short of the buffer's end (client-http.c).  Hand the buffer to the event loop
 * to wipe only when that arithmetic holds and it starts with our "GET ": any other lws
 * leaves it alone. */
static void
find_scratch(struct ws_conn *c, void *in, size_t len)
{
	char *p = in ? *(char **)in : NULL, *start;

	if (!p || len + 12 > EVLOOP_SERV_BUF)
		return;
	start = p + len + 12 - EVLOOP_SERV_BUF;
	if (p > start + 4 && memcmp(start, "GET ", 4) == 0)
		evloop_set_scratch(c->loop, start);
}

int
ws_lws_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
		size_t len)
{
	struct ws_conn *c = lws_get_opaque_user_data(wsi);

	(void)user;
	if (!c)
		return reason == LWS_CALLBACK_CLIENT_WRITEABLE ? -1 : 0;
	switch (reason) {
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR: {
		/* lws says only "HS: ws upgrade response not 101": name the HTTP status instead */
		unsigned status = wsi ? lws_http_client_http_response(wsi) : 0;

		if (status && status != 101) {
			session_describe_http_refusal(status, c->close_reason, sizeof(c->close_reason));
			conn_gone(c, wsi, 0, c->close_reason);
			break;
		}
		conn_gone(c, wsi, 0, in && len ? (const char *)in : in ? (const char *)in
								   : "connection failed");
		break;
	}
	case LWS_CALLBACK_CLIENT_APPEND_HANDSHAKE_HEADER:
		find_scratch(c, in, len);
		break;
	case LWS_CALLBACK_CLIENT_ESTABLISHED:
		if (c->loopback_peer && !peer_is_loopback(c, wsi)) {
			conn_gone(c, wsi, 0, c->close_reason);
			return -1;
		}
		if (c->pin[0] && !pin_matches(c, wsi)) {
			snprintf(c->close_reason, sizeof(c->close_reason),
				 "the server's public key does not match the pinned fingerprint");
			conn_gone(c, wsi, 0, c->close_reason);
			return -1;
		}
		c->opened = true;
		if (c->cb.on_open)
			c->cb.on_open(c->ctx);
		break;
	case LWS_CALLBACK_CLIENT_RECEIVE:
		if (on_receive(c, wsi, in, len) < 0) {
			conn_gone(c, wsi, c->close_code ? c->close_code : 1009, c->close_reason);
			return -1;
		}
		break;
	case LWS_CALLBACK_CLIENT_WRITEABLE:
		return on_writeable(c, wsi);
	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
		if (len >= 2) {
			const unsigned char *p = in;
			size_t rl = len - 2 < sizeof(c->close_reason) - 1 ? len - 2
									  : sizeof(c->close_reason) - 1;

			c->close_code = (p[0] << 8) | p[1];
			memcpy(c->close_reason, p + 2, rl);
			c->close_reason[rl] = '\0';
		}
		break;
	case LWS_CALLBACK_CLIENT_CLOSED:
	case LWS_CALLBACK_WSI_DESTROY:
		if (!c->close_code)
			c->close_code = 1006;
		conn_gone(c, wsi, c->close_code, c->close_reason);
		break;
	default:
		break;
	}
	return 0;
}

struct ws_conn *
ws_open(struct evloop *l, const char *url, const struct ws_options *opt,
	const struct ws_callbacks *cb, void *ctx, struct oc_err *err)
{
	struct lws_client_connect_info i;
	struct ws_conn *c;
	char path[512], hostport[300];
	bool tls;
	int port;

	c = calloc(1, sizeof(*c));
	if (!c) {
		oc_errf(err, "out of memory");
		return NULL;
	}
	if (!ws_parse_url(url, &tls, c->host, sizeof(c->host), &port, path, sizeof(path))) {
		free(c);
		oc_errf(err, "invalid gateway URL \"%.200s\" (expected ws://host:port or wss://...)", url);
		return NULL;
	}
	c->cb = *cb;
	c->ctx = ctx;
	c->loop = l;
	c->loopback_peer = opt && opt->loopback_peer && !tls;
	if (opt && opt->pin_sha256) {
		size_t o = 0;

		for (const char *p = opt->pin_sha256; *p && o < 64; p++)
			if (isxdigit((unsigned char)*p))
				c->pin[o++] = (char)tolower((unsigned char)*p);
		c->pin[o] = '\0';
		if (o != 64) {
			free(c);
			oc_errf(err, "a pinned fingerprint must be 64 hex digits (SHA-256)");
			return NULL;
		}
	}
	if (strchr(c->host, ':'))
		snprintf(hostport, sizeof(hostport), "[%s]:%d", c->host, port);
	else
		snprintf(hostport, sizeof(hostport), "%s:%d", c->host, port);
	memset(&i, 0, sizeof(i));
	i.context = evloop_lws_context(l);
	i.address = c->host;
	i.port = port;
	i.path = path;
	i.host = hostport;
	i.origin = NULL;		/* no Origin header: we are not a browser */
	i.protocol = NULL;		/* no subprotocol */
	i.local_protocol_name = "oc-ws";
	i.opaque_user_data = c;
	i.pwsi = &c->wsi;
	if (tls) {
		i.ssl_connection = LCCSCF_USE_SSL;
		if (c->pin[0] || (opt && opt->tls_no_verify))
			i.ssl_connection |= LCCSCF_ALLOW_SELFSIGNED | LCCSCF_SKIP_SERVER_CERT_HOSTNAME_CHECK |
					    LCCSCF_ALLOW_EXPIRED;
	}
	c->in_open = true;
	if (!lws_client_connect_via_info(&i) || c->gone) {
		/* lws may report CONNECTION_ERROR synchronously; conn_gone left c to us. */
		if (c->wsi)
			lws_set_opaque_user_data(c->wsi, NULL);
		oc_errf(err, "cannot connect to %.200s: %s", url,
			c->close_reason[0] ? c->close_reason : "connection refused");
		conn_free(c);
		return NULL;
	}
	c->in_open = false;
	return c;
}

int
ws_send(struct ws_conn *c, const char *text, size_t len)
{
	struct ws_msg *m;

	if (!c || !c->wsi || !c->opened || c->closing)
		return -1;
	m = malloc(sizeof(*m) + LWS_PRE + len);
	if (!m)
		return -1;
	m->next = NULL;
	m->len = len;
	memcpy(m->buf + LWS_PRE, text, len);
	if (c->txq_tail)
		c->txq_tail->next = m;
	else
		c->txq = m;
	c->txq_tail = m;
	lws_callback_on_writable(c->wsi);
	return 0;
}

void
ws_close(struct ws_conn *c)
{
	if (!c)
		return;
	c->closing = true;
	memset(&c->cb, 0, sizeof(c->cb));
	if (c->wsi && c->opened)
		lws_callback_on_writable(c->wsi);	/* the writeable handler closes it */
	else if (c->wsi)
		lws_set_timeout(c->wsi, PENDING_TIMEOUT_CLOSE_SEND, LWS_TO_KILL_ASYNC);	/* still connecting */
	else
		conn_free(c);
}

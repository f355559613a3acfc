/* One WebSocket client connection on the event loop: connect (ws:// or wss://, optional
 * public-key pinning), message reassembly, a send queue, close with code and reason.
 * No Origin header, no subprotocol, no proxy headers (protocol brief 1.1). */
#ifndef OC_NET_WS_H
#define OC_NET_WS_H

#include <stdbool.h>
#include <stddef.h>

struct evloop;
struct oc_err;
struct ws_conn;

struct ws_callbacks {
	void (*on_open)(void *ctx);
	/* One complete text message (reassembled, NUL-terminated). */
	void (*on_text)(void *ctx, const char *text, size_t len);
	/* Called once when the connection ends or could not be made: code is the peer's
	 * close code (1006 when none, 0 when the connection never opened); reason is the
	 * peer's close reason or the connection error.  The ws_conn is freed afterwards. */
	void (*on_close)(void *ctx, int code, const char *reason);
};

struct ws_options {
	const char *pin_sha256;	/* wss: hex SHA-256 of the server's public key (SPKI DER); NULL = normal CA check */
	bool tls_no_verify;	/* wss: accept any certificate (testing only) */
	bool loopback_peer;	/* ws: close before opening unless the peer address is loopback */
};

/* Start connecting to url (ws://host:port/path or wss://...).  NULL with err when the
 * URL is invalid or lws refuses at once; otherwise callbacks follow. */
struct ws_conn *ws_open(struct evloop *l, const char *url, const struct ws_options *opt,
			const struct ws_callbacks *cb, void *ctx, struct oc_err *err);

/* Queue a text message.  0, or -1 when not open or out of memory. */
int ws_send(struct ws_conn *c, const char *text, size_t len);

/* Close and forget the connection: no callback runs after this returns. */
void ws_close(struct ws_conn *c);

/* Split url into its parts: 1 if it is ws:// or wss://, with host (no brackets), port
 * (default 80/443) and path (starting with '/').  0 when invalid. */
int ws_parse_url(const char *url, bool *tls, char *host, size_t host_size, int *port,
		 char *path, size_t path_size);

#endif

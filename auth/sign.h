/* The v3 device-signature payload (../shared/protocol/frames/signing.txt):
 *   v3|deviceId|client.id|client.mode|role|scopes,joined|signedAt|token|nonce|platform|deviceFamily
 * Built from the same struct the connect frame is built from, so they cannot drift. */
#ifndef OC_AUTH_SIGN_H
#define OC_AUTH_SIGN_H

#include <stddef.h>
#include <stdint.h>

struct sign_input {
	const char *device_id;
	const char *client_id;
	const char *client_mode;
	const char *role;		/* NULL -> "operator" */
	const char *const *scopes;	/* in the order sent */
	size_t n_scopes;
	int64_t signed_at_ms;
	const char *token;		/* auth.token ?? auth.deviceToken ?? auth.bootstrapToken; NULL -> "" */
	const char *nonce;
	const char *platform;		/* trimmed and ASCII-lowered in the payload */
	const char *device_family;	/* NULL -> "" */
};

/* Write the v3 payload into a malloc'd string; NULL on allocation failure.
 * The caller wipes (it may hold a token) and frees it. */
char *sign_payload_v3(const struct sign_input *in);

/* Same for the legacy v2 payload (first nine fields). */
char *sign_payload_v2(const struct sign_input *in);

/* Trim ASCII whitespace and lower A-Z only, as the gateway normalises platform and
 * deviceFamily; writes into out (size out_size). */
void sign_normalize_meta(const char *in, char *out, size_t out_size);

#endif

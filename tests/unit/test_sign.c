/* auth/sign.c: the v3/v2 payload strings of tests/fixtures/frames/signing.txt, byte for byte. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "auth/sign.h"
#include "tests/unit/check.h"

#define VEC_DEVICE_ID "56475aa75463474c0285df5dbf2bcab73da651358839e9b77481b2eab107708c"
#define VEC_NONCE "5f0c1c2e-4a53-4c1e-9a7e-0d9d2f1b7c11"

static const char *const vec_scopes[] = { "operator.read", "operator.write" };

static struct sign_input
vector1(void)
{
	struct sign_input in = {
		.device_id = VEC_DEVICE_ID, .client_id = "openclaw-tui", .client_mode = "ui",
		.role = "operator", .scopes = vec_scopes, .n_scopes = 2,
		.signed_at_ms = 1795480000000, .token = "test-gateway-token", .nonce = VEC_NONCE,
		.platform = "linux", .device_family = NULL,
	};

	return in;
}

static void
check_payload(char *got, const char *want)
{
	CHECK_STR(got, want);
	free(got);
}

static void
test_vector1_v3(void)
{
	struct sign_input in = vector1();

	check_payload(sign_payload_v3(&in),
		      "v3|" VEC_DEVICE_ID "|openclaw-tui|ui|operator|operator.read,operator.write|"
		      "1795480000000|test-gateway-token|" VEC_NONCE "|linux|");
}

static void
test_vector2_v3(void)
{
	struct sign_input in = vector1();

	in.token = NULL;
	in.platform = " Linux ";
	in.device_family = "Desktop";
	check_payload(sign_payload_v3(&in),
		      "v3|" VEC_DEVICE_ID "|openclaw-tui|ui|operator|operator.read,operator.write|"
		      "1795480000000||" VEC_NONCE "|linux|desktop");
}

static void
test_vector3_v2(void)
{
	struct sign_input in = vector1();

	check_payload(sign_payload_v2(&in),
		      "v2|" VEC_DEVICE_ID "|openclaw-tui|ui|operator|operator.read,operator.write|"
		      "1795480000000|test-gateway-token|" VEC_NONCE);
}

static void
test_empty_scopes(void)
{
	struct sign_input in = vector1();
	char *p;

	in.scopes = NULL;
	in.n_scopes = 0;
	p = sign_payload_v3(&in);
	CHECK(p && strstr(p, "|operator||1795480000000|") != NULL);
	free(p);
}

static void
test_null_role_is_operator(void)
{
	struct sign_input in = vector1();

	in.role = NULL;
	check_payload(sign_payload_v3(&in),
		      "v3|" VEC_DEVICE_ID "|openclaw-tui|ui|operator|operator.read,operator.write|"
		      "1795480000000|test-gateway-token|" VEC_NONCE "|linux|");
	in.role = "node";
	check_payload(sign_payload_v2(&in),
		      "v2|" VEC_DEVICE_ID "|openclaw-tui|ui|node|operator.read,operator.write|"
		      "1795480000000|test-gateway-token|" VEC_NONCE);
}

static void
test_null_family_ends_with_bar(void)
{
	struct sign_input in = vector1();
	char *p;
	size_t n;

	in.device_family = NULL;
	p = sign_payload_v3(&in);
	n = p ? strlen(p) : 0;
	CHECK(n > 7 && strcmp(p + n - 7, "|linux|") == 0);
	free(p);
}

static void
test_scope_order_kept(void)
{
	static const char *const rev[] = { "operator.write", "operator.read", "operator.admin" };
	struct sign_input in = vector1();
	char *p;

	in.scopes = rev;
	in.n_scopes = 3;
	p = sign_payload_v3(&in);
	CHECK(p && strstr(p, "|operator|operator.write,operator.read,operator.admin|") != NULL);
	free(p);
}

static void
test_normalize_meta(void)
{
	char out[16];

	sign_normalize_meta(" Linux ", out, sizeof(out));
	CHECK_STR(out, "linux");
	sign_normalize_meta("\tMacOS\n", out, sizeof(out));
	CHECK_STR(out, "macos");
	sign_normalize_meta("\xc3\x89T\xc3\x89", out, sizeof(out));	/* only A-Z lowered */
	CHECK_STR(out, "\xc3\x89t\xc3\x89");
	sign_normalize_meta(NULL, out, sizeof(out));
	CHECK_STR(out, "");
	sign_normalize_meta("   ", out, sizeof(out));
	CHECK_STR(out, "");
	sign_normalize_meta("ABCDEFGHIJKLMNOPQRSTUVWXYZ", out, 5);
	CHECK_STR(out, "abcd");
}

/* signing.txt, "payloads actually signed and accepted live", (a). */
static void
test_live_payload_a(void)
{
	static const char want[] =
		"v3|61a120f70c52c2d00c2fc28a1b70f3a351eeee4860a01c33a4e354dd430d5f1d|"
		"gateway-client|backend|operator|operator.read,operator.write|1795485023332||"
		"348f5eee-6ab8-45d0-b3e0-a5a3b8492675|linux|desktop";
	static const char want_hex[] =
		"76337c363161313230663730633532633264303063326663323861316237306633613335316565"
		"656534383630613031633333613465333534646434333064356631647c676174657761792d636c"
		"69656e747c6261636b656e647c6f70657261746f727c6f70657261746f722e726561642c6f7065"
		"7261746f722e77726974657c313739353438353032333333327c7c33343866356565652d366162"
		"382d343564302d623365302d6135613362383439323637357c6c696e75787c6465736b746f70";
	struct sign_input in = {
		.device_id = "61a120f70c52c2d00c2fc28a1b70f3a351eeee4860a01c33a4e354dd430d5f1d",
		.client_id = "gateway-client", .client_mode = "backend", .role = NULL,
		.scopes = vec_scopes, .n_scopes = 2, .signed_at_ms = 1795485023332,
		.token = NULL, .nonce = "348f5eee-6ab8-45d0-b3e0-a5a3b8492675",
		.platform = "linux", .device_family = "Desktop",
	};
	char hex[2 * sizeof(want)];
	char *p = sign_payload_v3(&in);

	CHECK_STR(p, want);
	CHECK(p && strlen(p) == 194);
	if (p) {
		sodium_bin2hex(hex, sizeof(hex), (const unsigned char *)p, strlen(p));
		CHECK_STR(hex, want_hex);
	}
	free(p);
}

int
main(void)
{
	RUN(test_vector1_v3);
	RUN(test_vector2_v3);
	RUN(test_vector3_v2);
	RUN(test_empty_scopes);
	RUN(test_null_role_is_operator);
	RUN(test_null_family_ends_with_bar);
	RUN(test_scope_order_kept);
	RUN(test_normalize_meta);
	RUN(test_live_payload_a);
	return CHECK_DONE();
}

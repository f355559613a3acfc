/* auth/identity.c: key file creation, refusal of bad files, and the signing vectors of
 * tests/fixtures/frames/signing.txt. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "auth/err.h"
#include "auth/identity.h"
#include "auth/sign.h"
#include "tests/unit/check.h"
#include "tests/unit/files.h"

#define VEC_DEVICE_ID "56475aa75463474c0285df5dbf2bcab73da651358839e9b77481b2eab107708c"
#define VEC_PK "A6EHv_POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg"
#define VEC_SEED_B64 "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"

static const char *const vec_scopes[] = { "operator.read", "operator.write" };

static char tmp_home[64];
static char state_dir[128];
static char id_path[160];

static void
fresh_state(void)
{
	char cmd[200];

	if (tmp_home[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp_home);
		if (system(cmd) != 0)
			printf("# could not remove %s\n", tmp_home);
	}
	strcpy(tmp_home, "/tmp/oc-test-identity.XXXXXX");
	if (!mkdtemp(tmp_home)) {
		perror("mkdtemp");
		abort();
	}
	snprintf(state_dir, sizeof(state_dir), "%s/state/openclaw-console", tmp_home);
	snprintf(id_path, sizeof(id_path), "%s/identity.json", state_dir);
}

static void
seed_0_31(unsigned char seed[32])
{
	int i;

	for (i = 0; i < 32; i++)
		seed[i] = (unsigned char)i;
}

/* Write an identity file from parts; -1 on load, message in err. */
static int
load_text(const char *text, struct oc_err *err)
{
	struct identity id;
	char parent[140];
	int rc;

	fresh_state();
	snprintf(parent, sizeof(parent), "%s/state", tmp_home);
	mkdir(parent, 0700);
	mkdir(state_dir, 0700);
	write_file(id_path, text, 0600);
	rc = identity_load(&id, state_dir, err);
	identity_free(&id);
	return rc;
}

static void
test_create_and_reload(void)
{
	struct identity a = { 0 }, b = { 0 };
	struct oc_err err = { "" };
	struct stat st;
	bool created = false;

	fresh_state();
	CHECK(identity_load_or_create(&a, state_dir, &created, &err) == 0);
	CHECK(created);
	CHECK(stat(id_path, &st) == 0 && (st.st_mode & 0777) == 0600);
	CHECK(stat(state_dir, &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 0777) == 0700);
	CHECK(strlen(a.device_id) == 64);
	CHECK(strlen(a.pk_b64) == 43);
	CHECK(identity_load_or_create(&b, state_dir, &created, &err) == 0);
	CHECK(!created);
	CHECK_STR(a.device_id, b.device_id);
	CHECK_STR(a.pk_b64, b.pk_b64);
	CHECK(memcmp(a.pk, b.pk, 32) == 0);
	identity_free(&a);
	identity_free(&b);
	CHECK(identity_load(&b, state_dir, &err) == 0);
	identity_free(&b);
	identity_free(&b);	/* safe twice */
}

static void
test_load_missing(void)
{
	struct identity id;
	struct oc_err err = { "" };

	fresh_state();
	CHECK(identity_load(&id, state_dir, &err) == -1);
	CHECK(strstr(err.msg, "no device identity at") != NULL);
	CHECK(strstr(err.msg, id_path) != NULL);
	identity_free(&id);
}

static void
test_vector_identity(void)
{
	struct identity id;
	struct oc_err err = { "" };
	unsigned char seed[32];

	seed_0_31(seed);
	CHECK(identity_from_seed(&id, seed, &err) == 0);
	CHECK_STR(id.device_id, VEC_DEVICE_ID);
	CHECK_STR(id.pk_b64, VEC_PK);
	{
		char hex[65];

		identity_device_id(id.pk, hex);	/* what agent_key_matches_id compares */
		CHECK_STR(hex, VEC_DEVICE_ID);
	}
	identity_free(&id);
}

static void
test_vector_file_loads(void)
{
	struct identity id = { 0 };
	struct oc_err err = { "" };

	CHECK(load_text("{\"version\":1,\"alg\":\"ed25519\",\"publicKey\":\"" VEC_PK
			"\",\"secretKey\":\"" VEC_SEED_B64 "\"}", &err) == 0);
	CHECK(identity_load(&id, state_dir, &err) == 0);
	CHECK_STR(id.device_id, VEC_DEVICE_ID);
	identity_free(&id);
}

static void
test_too_open_refused(void)
{
	struct identity id = { 0 };
	struct oc_err err = { "" };
	bool created;
	char before[512] = "", after[512] = "";
	FILE *f;

	fresh_state();
	CHECK(identity_load_or_create(&id, state_dir, &created, &err) == 0);
	identity_free(&id);
	chmod(id_path, 0644);
	f = fopen(id_path, "r");
	if (f) {
		before[fread(before, 1, sizeof(before) - 1, f)] = '\0';
		fclose(f);
	}
	CHECK(identity_load_or_create(&id, state_dir, &created, &err) == -1);
	CHECK(strstr(err.msg, "chmod") != NULL);
	CHECK(strstr(err.msg, id_path) != NULL);
	CHECK(id.sk == NULL);
	/* Refused, not replaced. */
	f = fopen(id_path, "r");
	if (f) {
		after[fread(after, 1, sizeof(after) - 1, f)] = '\0';
		fclose(f);
	}
	CHECK(before[0] && strcmp(before, after) == 0);
	identity_free(&id);
}

static void
test_corrupt_refused(void)
{
	struct identity id = { 0 };
	struct oc_err err = { "" };
	bool created = true;

	CHECK(load_text("{\"version\":1,\"alg\":", &err) == -1);
	CHECK(strstr(err.msg, id_path) != NULL);
	CHECK(strstr(err.msg, "move") != NULL);
	CHECK(strchr(err.msg, '\n') == NULL);
	/* load_or_create must not replace a corrupt file. */
	CHECK(identity_load_or_create(&id, state_dir, &created, &err) == -1);
	CHECK(!created);
	identity_free(&id);
	CHECK(load_text("not json at all", &err) == -1);
	CHECK(load_text("", &err) == -1);
	CHECK(load_text("[1,2,3]", &err) == -1);
}

static void
test_truncated_refused(void)
{
	struct oc_err err = { "" };
	static const char full[] = "{\"version\":1,\"alg\":\"ed25519\",\"publicKey\":\"" VEC_PK
				   "\",\"secretKey\":\"" VEC_SEED_B64 "\"}";
	char cut[sizeof(full)];
	size_t n;
	int all_refused = 1;

	for (n = 0; n + 1 < sizeof(full); n += 7) {
		memcpy(cut, full, n);
		cut[n] = '\0';
		if (load_text(cut, &err) != -1)
			all_refused = 0;
	}
	CHECK(all_refused);
	/* A truncated key inside otherwise valid JSON. */
	CHECK(load_text("{\"version\":1,\"alg\":\"ed25519\",\"publicKey\":\"" VEC_PK
			"\",\"secretKey\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGx\"}", &err) == -1);
	CHECK(strstr(err.msg, "secretKey") != NULL);
}

static void
test_wrong_alg_and_version(void)
{
	struct oc_err err = { "" };

	CHECK(load_text("{\"version\":1,\"alg\":\"rsa\",\"publicKey\":\"" VEC_PK
			"\",\"secretKey\":\"" VEC_SEED_B64 "\"}", &err) == -1);
	CHECK(strstr(err.msg, "alg") != NULL);
	CHECK(load_text("{\"version\":2,\"alg\":\"ed25519\",\"publicKey\":\"" VEC_PK
			"\",\"secretKey\":\"" VEC_SEED_B64 "\"}", &err) == -1);
	CHECK(strstr(err.msg, "version") != NULL);
	CHECK(load_text("{\"alg\":\"ed25519\",\"publicKey\":\"" VEC_PK
			"\",\"secretKey\":\"" VEC_SEED_B64 "\"}", &err) == -1);
}

static void
test_bad_base64_refused(void)
{
	struct oc_err err = { "" };

	/* Standard alphabet with padding is not the stored form. */
	CHECK(load_text("{\"version\":1,\"alg\":\"ed25519\",\"publicKey\":\"" VEC_PK
			"\",\"secretKey\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\"}",
			&err) == -1);
	CHECK(load_text("{\"version\":1,\"alg\":\"ed25519\",\"publicKey\":\"" VEC_PK
			"\",\"secretKey\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaG!wdHh8\"}",
			&err) == -1);
	CHECK(load_text("{\"version\":1,\"alg\":\"ed25519\",\"publicKey\":\"A6EHv+POEL4dc\","
			"\"secretKey\":\"" VEC_SEED_B64 "\"}", &err) == -1);
	CHECK(strstr(err.msg, "publicKey") != NULL);
}

static void
test_pk_mismatch_refused(void)
{
	struct oc_err err = { "" };

	/* The public key of another seed (vector (a) of signing.txt). */
	CHECK(load_text("{\"version\":1,\"alg\":\"ed25519\",\"publicKey\":"
			"\"oO5Df5m5OuVA77fE77G8QZQ6UE1J5suQL4NkyRsmjf4\",\"secretKey\":\""
			VEC_SEED_B64 "\"}", &err) == -1);
	CHECK(strstr(err.msg, "does not match") != NULL);
}

static void
check_vector(const char *payload, const char *want_sig, bool v3, const char *token,
	     const char *platform, const char *family)
{
	struct identity id;
	struct oc_err err = { "" };
	struct sign_input in = {
		.device_id = VEC_DEVICE_ID, .client_id = "openclaw-tui", .client_mode = "ui",
		.role = "operator", .scopes = vec_scopes, .n_scopes = 2,
		.signed_at_ms = 1795480000000, .token = token,
		.nonce = "5f0c1c2e-4a53-4c1e-9a7e-0d9d2f1b7c11", .platform = platform,
		.device_family = family,
	};
	unsigned char seed[32], sig[64];
	char b64[96];
	size_t siglen = 0;
	char *built;

	seed_0_31(seed);
	CHECK(identity_from_seed(&id, seed, &err) == 0);
	built = v3 ? sign_payload_v3(&in) : sign_payload_v2(&in);
	CHECK_STR(built, payload);
	CHECK(identity_sign_b64(&id, payload, strlen(payload), b64, sizeof(b64)) == 0);
	CHECK_STR(b64, want_sig);
	CHECK(strlen(b64) == 86);
	CHECK(sodium_base642bin(sig, sizeof(sig), b64, strlen(b64), NULL, &siglen, NULL,
				sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0 && siglen == 64);
	CHECK(crypto_sign_verify_detached(sig, (const unsigned char *)payload, strlen(payload),
					  id.pk) == 0);
	/* One flipped byte of the payload must not verify. */
	if (built) {
		built[3] ^= 1;
		CHECK(crypto_sign_verify_detached(sig, (const unsigned char *)built,
						  strlen(built), id.pk) != 0);
	}
	CHECK(identity_sign_b64(&id, payload, strlen(payload), b64, 86) == -1);
	free(built);
	identity_free(&id);
}

static void
test_vector1_signature(void)
{
	check_vector("v3|" VEC_DEVICE_ID "|openclaw-tui|ui|operator|operator.read,operator.write|"
		     "1795480000000|test-gateway-token|5f0c1c2e-4a53-4c1e-9a7e-0d9d2f1b7c11|linux|",
		     "KbeFhll_-RC2izmOjEKRjkqTuKlsPHlq-LAOt2FlG4_BsRT3mwEQll8iRJBC3LAR8ijK2xyLnDrJ"
		     "4uc_3auvBg", true, "test-gateway-token", "linux", NULL);
}

static void
test_vector2_signature(void)
{
	check_vector("v3|" VEC_DEVICE_ID "|openclaw-tui|ui|operator|operator.read,operator.write|"
		     "1795480000000||5f0c1c2e-4a53-4c1e-9a7e-0d9d2f1b7c11|linux|desktop",
		     "Kssmw9SUXYAUHMeG4hggVOIkv30Uqc8_mE7tWm0ZPddfKhs5C7Xz8C3wOf3UmevKF-wi-rYKaC-D"
		     "-R8cmiwwDA", true, NULL, " Linux ", "Desktop");
}

static void
test_vector3_v2_signature(void)
{
	check_vector("v2|" VEC_DEVICE_ID "|openclaw-tui|ui|operator|operator.read,operator.write|"
		     "1795480000000|test-gateway-token|5f0c1c2e-4a53-4c1e-9a7e-0d9d2f1b7c11",
		     "tRPtGxoMwnszYbaI8uPPEovF3k90igumJsHjkfQf62W06O1gYEWcxSTgMcW9bmR_7txcKn3AVxJD"
		     "tV-ksWk1AA", false, "test-gateway-token", "linux", NULL);
}

static void
test_sign_without_key(void)
{
	struct identity id;
	char b64[96];

	memset(&id, 0, sizeof(id));
	CHECK(identity_sign_b64(&id, "x", 1, b64, sizeof(b64)) == -1);
}

int
main(void)
{
	char cmd[200];

	if (sodium_init() < 0)
		return 1;
	RUN(test_create_and_reload);
	RUN(test_load_missing);
	RUN(test_vector_identity);
	RUN(test_vector_file_loads);
	RUN(test_too_open_refused);
	RUN(test_corrupt_refused);
	RUN(test_truncated_refused);
	RUN(test_wrong_alg_and_version);
	RUN(test_bad_base64_refused);
	RUN(test_pk_mismatch_refused);
	RUN(test_vector1_signature);
	RUN(test_vector2_signature);
	RUN(test_vector3_v2_signature);
	RUN(test_sign_without_key);
	if (tmp_home[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp_home);
		if (system(cmd) != 0)
			return 1;
	}
	return CHECK_DONE();
}

/* libFuzzer target: the console's own files.  Each input is offered, as a file in a
 * private temp directory, to every loader: the trusted-services allowlist (trusted_load,
 * then a dump/parse round trip), the JSON5 config reader (creds_parse_json5 and
 * creds_find_token through a config file and a token file), the device identity loader
 * and the device token store.  None may crash, leak or accept garbage silently. */
#include "tests/fuzz/fuzz.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "auth/creds.h"
#include "auth/err.h"
#include "auth/identity.h"
#include "auth/token.h"
#include "auth/trusted.h"

static char fuzz_files_dir[256];

static const char *
fuzz_files_env(const char *name)
{
	(void)name;
	return NULL;
}

static int
fuzz_files_write(const char *path, const uint8_t *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	size_t off = 0;

	if (fd < 0)
		return -1;
	while (off < size) {
		ssize_t w = write(fd, data + off, size - off);

		if (w <= 0) {
			close(fd);
			return -1;
		}
		off += (size_t)w;
	}
	close(fd);
	return 0;
}

static void
fuzz_files_cleanup(void)
{
	static const char *const names[] = { TRUSTED_FILE, "identity.json", "device-tokens.json",
		".openclaw/openclaw.json", ".openclaw", NULL };
	char path[384];
	size_t i;

	for (i = 0; names[i]; i++) {
		snprintf(path, sizeof path, "%s/%s", fuzz_files_dir, names[i]);
		remove(path);
	}
	rmdir(fuzz_files_dir);
}

static int
fuzz_files_setup(void)
{
	char path[320];

	if (fuzz_files_dir[0])
		return 0;
	snprintf(fuzz_files_dir, sizeof fuzz_files_dir, "%s/oc-fuzz-files.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(fuzz_files_dir)) {
		fuzz_files_dir[0] = '\0';
		return -1;
	}
	snprintf(path, sizeof path, "%s/.openclaw", fuzz_files_dir);
	mkdir(path, 0700);
	atexit(fuzz_files_cleanup);
	return 0;
}

static void
fuzz_files_trusted(const uint8_t *data, size_t size, const char *path)
{
	struct trusted_list l = { 0 }, l2 = { 0 };
	struct oc_err err;
	size_t i;

	if (trusted_load(path, &l, &err) == 0) {
		char *dump = trusted_dump(&l);

		for (i = 0; i < l.n; i++) {
			trusted_is_expired(&l.v[i], 1795484769167LL);
			if (trusted_validate_entry(&l.v[i], &err) != 0)
				abort();	/* a loaded entry must validate on its own */
		}
		if (dump) {
			/* what we write we must read back, identically */
			if (trusted_parse(dump, strlen(dump), "dump", &l2, &err) != 0 || l2.n != l.n)
				abort();
			free(dump);
		}
		trusted_free(&l2);
	}
	trusted_free(&l);
	(void)data;
	(void)size;
}

static int
fuzz_files_one(const uint8_t *data, size_t size)
{
	char path[384];
	struct oc_err err;
	char *text;
	json_t *j;

	if (sodium_init() < 0)
		return 0;
	if (fuzz_files_setup() != 0)
		return 0;

	/* JSON5 config parser, from memory */
	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	j = creds_parse_json5(text, "fuzz.json5", &err);
	json_decref(j);
	free(text);

	/* trusted-services.json */
	snprintf(path, sizeof path, "%s/%s", fuzz_files_dir, TRUSTED_FILE);
	if (fuzz_files_write(path, data, size) == 0)
		fuzz_files_trusted(data, size, path);

	/* identity.json */
	snprintf(path, sizeof path, "%s/identity.json", fuzz_files_dir);
	if (fuzz_files_write(path, data, size) == 0) {
		struct identity id;

		memset(&id, 0, sizeof id);
		identity_load(&id, fuzz_files_dir, &err);
		identity_free(&id);
	}

	/* device-tokens.json, looked up under a URL and device id seen in the seeds */
	snprintf(path, sizeof path, "%s/device-tokens.json", fuzz_files_dir);
	if (fuzz_files_write(path, data, size) == 0) {
		struct device_token t;

		memset(&t, 0, sizeof t);
		token_load(&t, fuzz_files_dir, "ws://127.0.0.1:18789",
			   "56f08e8ce2f97afba541293d4f3a2d6b190c85e5814b79b4ae83a5df3310ead7", &err);
		token_free(&t);
	}

	/* the token file and ~/.openclaw/openclaw.json through creds_find_token */
	snprintf(path, sizeof path, "%s/.openclaw/openclaw.json", fuzz_files_dir);
	if (fuzz_files_write(path, data, size) == 0) {
		char *tok = NULL;
		enum creds_source src;

		if (creds_find_token(NULL, fuzz_files_env, fuzz_files_dir, &tok, &src, &err) == 0)
			creds_free(tok);
		tok = NULL;
		if (creds_find_token(path, fuzz_files_env, fuzz_files_dir, &tok, &src, &err) == 0)
			creds_free(tok);
	}
	return 0;
}

#ifndef FUZZ_NO_MAIN
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_files_one(data, size);
}
#endif

/* Replays the fuzz regressions (tests/fuzz/regressions/<target>/) and the seed corpora
 * (tests/fuzz/corpus/<target>/) through the libFuzzer entry points, without libFuzzer,
 * linked with the pure core only.  Every crash a fuzz run found stays fixed: a crash here
 * kills the program (counted as a failure by tests/run), a hostile string that survives
 * sanitising aborts, and error messages are checked for terminal escapes. */
#define FUZZ_NO_MAIN 1
#include "tests/fuzz/fuzz_files.c"
#include "tests/fuzz/fuzz_frame.c"
#include "tests/fuzz/fuzz_logline.c"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/err.h"
#include "net/frame.h"
#include "tests/unit/check.h"

typedef int (*fuzz_fn)(const uint8_t *data, size_t size);

static int
replay_file(const char *path, fuzz_fn fn)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (!fp)
		return -1;
	if (fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET) != 0) {
		fclose(fp);
		return -1;
	}
	buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		free(buf);
		fclose(fp);
		return -1;
	}
	fclose(fp);
	fprintf(stderr, "replay %s\n", path);
	fn(buf, (size_t)n);
	free(buf);
	return 0;
}

/* Replay every regular file in dir; returns how many ran, -1 when dir is unreadable. */
static long
replay_dir(const char *dir, fuzz_fn fn)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	long n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		char path[1024];

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (replay_file(path, fn) == 0)
			n++;
	}
	closedir(d);
	return n;
}

static const char *
fuzz_root(void)
{
	const char *r = getenv("OC_FUZZ_DIR");

	return r && *r ? r : "tests/fuzz";
}

static void
replay_target(const char *name, fuzz_fn fn, long min_corpus)
{
	char dir[512];
	long n;

	snprintf(dir, sizeof dir, "%s/regressions/%s", fuzz_root(), name);
	n = replay_dir(dir, fn);
	CHECK(n >= 0 || strcmp(name, "frame") != 0);	/* frame has committed regressions */
	snprintf(dir, sizeof dir, "%s/corpus/%s", fuzz_root(), name);
	n = replay_dir(dir, fn);
	CHECK(n >= min_corpus);
}

static void
test_fuzz_regress_frame(void)
{
	replay_target("frame", fuzz_frame_one, 50);
}

static void
test_fuzz_regress_files(void)
{
	replay_target("files", fuzz_files_one, 5);
}

static void
test_fuzz_regress_logline(void)
{
	replay_target("logline", fuzz_logline_one, 10);
}

/* The first fuzz crash: frame_parse formatted the unknown "type" string after freeing the
 * document it pointed into, and it put network bytes (escapes) into the error message. */
static void
test_frame_unknown_type_error_is_safe(void)
{
	static const char doc[] = "{\"type\":\"ev\\u001b]0;PWNED\\u0007t\",\"event\":\"x\"}";
	struct frame f;
	struct oc_err err;

	memset(&f, 0, sizeof f);
	CHECK(frame_parse(doc, strlen(doc), &f, &err) == -1);
	CHECK(strstr(err.msg, "unknown type") != NULL);
	CHECK(strchr(err.msg, '\033') == NULL && strchr(err.msg, '\007') == NULL);
	CHECK(f.root == NULL);
}

static void
test_frame_json_error_is_safe(void)
{
	static const char doc[] = "{\"type\":\"res\",\x1b[31m\x1b]0;PWNED\x07}";
	struct frame f;
	struct oc_err err;

	memset(&f, 0, sizeof f);
	CHECK(frame_parse(doc, strlen(doc), &f, &err) == -1);
	CHECK(strstr(err.msg, "not JSON") != NULL);
	CHECK(strchr(err.msg, '\033') == NULL && strchr(err.msg, '\007') == NULL);
}

/* A client named "a\ud800b" by JavaScript (JSON.stringify escapes the lone surrogate) made
 * jansson refuse every presence list and the hello-ok snapshot that carried it: one hostile
 * display name locked the console out.  Unpaired halves now become U+FFFD; pairs survive. */
static void
test_frame_lone_surrogate_accepted(void)
{
	static const char doc[] = "{\"type\":\"event\",\"event\":\"presence\",\"payload\":"
		"{\"a\":\"x\\ud800y\",\"b\":\"\\udfff\",\"c\":\"\\ud83d\\ude00\",\"d\":\"\\\\ud800\"}}";
	struct frame f;
	struct oc_err err;

	memset(&f, 0, sizeof f);
	CHECK(frame_parse(doc, strlen(doc), &f, &err) == 0);
	CHECK_STR(frame_str(f.payload, "a"), "x\xef\xbf\xbdy");
	CHECK_STR(frame_str(f.payload, "b"), "\xef\xbf\xbd");
	CHECK_STR(frame_str(f.payload, "c"), "\xf0\x9f\x98\x80");	/* a real pair is kept */
	CHECK_STR(frame_str(f.payload, "d"), "\\ud800");		/* an escaped backslash is not an escape */
	frame_free(&f);
}

int
main(void)
{
	RUN(test_fuzz_regress_frame);
	RUN(test_fuzz_regress_files);
	RUN(test_fuzz_regress_logline);
	RUN(test_frame_unknown_type_error_is_safe);
	RUN(test_frame_json_error_is_safe);
	RUN(test_frame_lone_surrogate_accepted);
	return CHECK_DONE();
}

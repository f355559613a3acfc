/* auth/trusted.c: validation, round trip, atomic save, advisory lock. */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "auth/err.h"
#include "auth/trusted.h"
#include "tests/unit/check.h"
#include "tests/unit/files.h"

#define DEV_A "906d5f9023144aaec536983c645b6713b54b46039e8647a4cfcd3c01ba3bc714"

static char tmp_dir[64];

static void
fresh_dir(void)
{
	char cmd[256];

	if (tmp_dir[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp_dir);
		if (system(cmd) != 0)
			printf("# could not remove %s\n", tmp_dir);
	}
	strcpy(tmp_dir, "/tmp/oc-test-trusted.XXXXXX");
	if (!mkdtemp(tmp_dir))
		abort();
}

static void
path_in(char *out, size_t size, const char *name)
{
	snprintf(out, size, "%s/%s", tmp_dir, name);
}

/* Parse text and return the error message ("" on success). */
static const char *
parse_err(const char *text)
{
	static struct oc_err err;
	struct trusted_list l = { NULL, 0 };

	err.msg[0] = '\0';
	if (trusted_parse(text, strlen(text), "t.json", &l, &err) == 0)
		err.msg[0] = '\0';
	trusted_free(&l);
	return err.msg;
}

static char *
read_file(const char *path)
{
	static char buf[8192];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void
make_entry(struct trusted_entry *e, const char *name, const char *dev, const char *cid,
	   const char *scope)
{
	memset(e, 0, sizeof(*e));
	snprintf(e->name, sizeof(e->name), "%s", name);
	snprintf(e->device_id, sizeof(e->device_id), "%s", dev ? dev : "");
	snprintf(e->client_id, sizeof(e->client_id), "%s", cid ? cid : "");
	snprintf(e->scopes[0], sizeof(e->scopes[0]), "%s", scope);
	e->n_scopes = 1;
}

static void
test_parse_valid(void)
{
	struct trusted_list l = { NULL, 0 };
	struct oc_err err = { "" };
	const char *doc =
		"{\"version\":1,\"services\":[\n"
		" {\"name\":\"bot\",\"deviceId\":\"" DEV_A "\",\"scopes\":[\"operator.read\",\"operator.write\"],"
		"  \"expires\":\"2027-01-31\",\"note\":\"ci\"},\n"
		" {\"name\":\"local\",\"clientId\":\"cli\",\"mode\":\"cli\",\"displayName\":\"x\","
		"  \"scopes\":[\"operator.read\"]}]}";

	CHECK(trusted_parse(doc, strlen(doc), "t.json", &l, &err) == 0);
	CHECK(l.n == 2);
	if (l.n == 2) {
		CHECK_STR(l.v[0].device_id, DEV_A);
		CHECK(l.v[0].n_scopes == 2);
		CHECK_STR(l.v[0].note, "ci");
		CHECK(l.v[0].expires_ms > 0);
		CHECK_STR(l.v[1].client_id, "cli");
		CHECK_STR(l.v[1].mode, "cli");
		CHECK(l.v[1].expires_ms == 0);
	}
	trusted_free(&l);
	/* an empty file body is a valid empty list */
	CHECK(trusted_parse("{\"version\":1,\"services\":[]}", 27, "t.json", &l, &err) == 0 && l.n == 0);
}

static void
test_parse_errors(void)
{
	const char *m;

	m = parse_err("{\"version\":1,\n\"services\":[\n{\"name\":\"a\",}\n]}");
	CHECK(strstr(m, "t.json:3: invalid JSON") != NULL);
	m = parse_err("{\"version\":1,\"services\":[{\"name\":\"a\",\"clientId\":\"cli\","
		      "\"scopes\":[\"operator.read\",\"operator.bogus\"]}]}");
	CHECK(strstr(m, "service \"a\": unknown scope \"operator.bogus\"") != NULL);
	m = parse_err("{\"version\":1,\"services\":[{\"name\":\"a\",\"clientId\":\"cli\",\"scopes\":[\"operator.read\"]},"
		      "{\"name\":\"a\",\"deviceId\":\"" DEV_A "\",\"scopes\":[\"operator.read\"]}]}");
	CHECK(strstr(m, "service \"a\": duplicate name") != NULL);
	m = parse_err("{\"version\":1,\"services\":[{\"name\":\"b\",\"deviceId\":\"ABCDEF\",\"scopes\":[\"operator.read\"]}]}");
	CHECK(strstr(m, "service \"b\": bad device id \"ABCDEF\"") != NULL);
	m = parse_err("{\"version\":1,\"services\":[{\"name\":\"c\",\"deviceId\":\"" DEV_A "\",\"clientId\":\"cli\","
		      "\"scopes\":[\"operator.read\"]}]}");
	CHECK(strstr(m, "service \"c\": give either deviceId") != NULL);
	m = parse_err("{\"version\":1,\"services\":[{\"name\":\"d\",\"scopes\":[\"operator.read\"]}]}");
	CHECK(strstr(m, "service \"d\": needs deviceId") != NULL);
	m = parse_err("{\"version\":1,\"services\":[{\"name\":\"e\",\"clientId\":\"cli\",\"scopes\":[\"operator.read\"],"
		      "\"expires\":\"2027-02-30\"}]}");
	CHECK(strstr(m, "service \"e\": bad expiry \"2027-02-30\"") != NULL);
	m = parse_err("{\"version\":1,\"services\":[{\"name\":\"f\",\"clientId\":\"cli\",\"scopes\":[]}]}");
	CHECK(strstr(m, "service \"f\": scopes must list") != NULL);
	m = parse_err("{\"version\":1,\"services\":[{\"name\":\"g\",\"clientId\":\"cli\",\"scopes\":[\"operator.read\"],"
		      "\"colour\":\"red\"}]}");
	CHECK(strstr(m, "service \"g\": unknown key \"colour\"") != NULL);
	m = parse_err("{\"version\":2,\"services\":[]}");
	CHECK(strstr(m, "expected {\"version\":1") != NULL);
	m = parse_err("{\"version\":1,\"services\":[{\"clientId\":\"cli\",\"scopes\":[\"operator.read\"]}]}");
	CHECK(strstr(m, "service 1 has no name") != NULL);
}

static void
test_expiry(void)
{
	int64_t ms;
	struct trusted_entry e;

	CHECK(trusted_parse_expiry("1970-01-01", &ms) == 0 && ms == 86400000);
	CHECK(trusted_parse_expiry("2026-11-24T10:00:00Z", &ms) == 0 && ms == 1795514400000LL);
	CHECK(trusted_parse_expiry("2026-11-24T12:00:00+02:00", &ms) == 0 && ms == 1795514400000LL);
	CHECK(trusted_parse_expiry("2026-11-24T10:00:00.250Z", &ms) == 0 && ms == 1795514400000LL);
	CHECK(trusted_parse_expiry("2026-11-24T10:00", &ms) < 0);	/* no zone: ambiguous */
	CHECK(trusted_parse_expiry("2026-13-01", &ms) < 0);
	CHECK(trusted_parse_expiry("2025-02-29", &ms) < 0);
	CHECK(trusted_parse_expiry("2024-02-29", &ms) == 0);
	CHECK(trusted_parse_expiry("tomorrow", &ms) < 0);
	make_entry(&e, "x", DEV_A, NULL, "operator.read");
	snprintf(e.expires, sizeof(e.expires), "2026-11-24");
	CHECK(trusted_validate_entry(&e, NULL) == 0);
	CHECK(!trusted_is_expired(&e, 1795514400000LL));		/* during the day */
	CHECK(trusted_is_expired(&e, e.expires_ms));			/* from midnight after */
}

static void
test_edit_and_round_trip(void)
{
	struct trusted_list l = { NULL, 0 }, back = { NULL, 0 };
	struct trusted_entry e;
	struct oc_err err = { "" };
	char path[128], *a, *b;
	struct stat st;

	fresh_dir();
	path_in(path, sizeof(path), TRUSTED_FILE);
	CHECK(trusted_load(path, &l, &err) == 0 && l.n == 0);	/* missing = empty */
	make_entry(&e, "bot", DEV_A, NULL, "operator.read");
	snprintf(e.scopes[1], sizeof(e.scopes[1]), "operator.write");
	e.n_scopes = 2;
	snprintf(e.note, sizeof(e.note), "say \"hi\" \xc3\xa9");
	snprintf(e.expires, sizeof(e.expires), "2030-01-01T00:00:00Z");
	CHECK(trusted_add(&l, &e, &err) == 0);
	make_entry(&e, "local", NULL, "cli", "operator.read");
	snprintf(e.mode, sizeof(e.mode), "cli");
	CHECK(trusted_add(&l, &e, &err) == 0);
	CHECK(trusted_add(&l, &e, &err) < 0 && strstr(err.msg, "duplicate name"));
	make_entry(&e, "bad", NULL, "cli", "operator.nope");
	CHECK(trusted_add(&l, &e, &err) < 0 && strstr(err.msg, "unknown scope"));
	CHECK(l.n == 2);
	CHECK(trusted_save(path, &l, &err) == 0);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
	CHECK(trusted_load(path, &back, &err) == 0);
	CHECK(back.n == 2);
	a = trusted_dump(&l);
	b = trusted_dump(&back);
	CHECK(a && b && strcmp(a, b) == 0);
	free(a);
	free(b);
	if (back.n == 2) {
		CHECK_STR(back.v[0].note, "say \"hi\" \xc3\xa9");
		CHECK(back.v[0].expires_ms == l.v[0].expires_ms);
	}
	CHECK(trusted_find(&back, "local") != NULL);
	CHECK(trusted_remove(&back, "bot") == 1);
	CHECK(trusted_remove(&back, "bot") == 0);
	CHECK(back.n == 1 && trusted_find(&back, "bot") == NULL);
	/* group-readable files are refused */
	chmod(path, 0644);
	CHECK(trusted_load(path, &back, &err) < 0);
	trusted_free(&l);
	trusted_free(&back);
}

static void
test_atomic_leftover_temp(void)
{
	struct trusted_list l = { NULL, 0 };
	struct trusted_entry e;
	struct oc_err err = { "" };
	char path[128], tmp[160];

	fresh_dir();
	path_in(path, sizeof(path), TRUSTED_FILE);
	make_entry(&e, "old", DEV_A, NULL, "operator.read");
	CHECK(trusted_add(&l, &e, &err) == 0 && trusted_save(path, &l, &err) == 0);
	/* A crash between write and rename leaves a complete temp file and no rename:
	 * the real file still holds the old list, and the next save works. */
	snprintf(tmp, sizeof(tmp), "%s/.%s.tmp-999-1", tmp_dir, TRUSTED_FILE);
	write_file(tmp, "{\"version\":1,\"services\":[{\"name\":\"new\"", 0600);
	CHECK(trusted_load(path, &l, &err) == 0 && l.n == 1 && strcmp(l.v[0].name, "old") == 0);
	make_entry(&e, "second", NULL, "cli", "operator.read");
	CHECK(trusted_add(&l, &e, &err) == 0 && trusted_save(path, &l, &err) == 0);
	CHECK(trusted_load(path, &l, &err) == 0 && l.n == 2);
	trusted_free(&l);
}

static void
test_atomic_failed_write_keeps_old(void)
{
	struct trusted_list l = { NULL, 0 };
	struct trusted_entry e;
	struct oc_err err = { "" };
	char path[128], before[8192];
	pid_t pid;
	int status = -1;

	fresh_dir();
	path_in(path, sizeof(path), TRUSTED_FILE);
	make_entry(&e, "old", DEV_A, NULL, "operator.read");
	CHECK(trusted_add(&l, &e, &err) == 0 && trusted_save(path, &l, &err) == 0);
	snprintf(before, sizeof(before), "%s", read_file(path));
	for (int i = 0; i < 40; i++) {
		char name[32];

		snprintf(name, sizeof(name), "svc-%d", i);
		make_entry(&e, name, NULL, "cli", "operator.read");
		snprintf(e.note, sizeof(e.note), "a long note to make the file bigger than the limit");
		trusted_add(&l, &e, &err);
	}
	/* The write fails half way (file size limit): the old file stays, no temp is left. */
	pid = fork();
	if (pid == 0) {
		struct rlimit rl = { 256, 256 };

		signal(SIGXFSZ, SIG_IGN);
		setrlimit(RLIMIT_FSIZE, &rl);
		_exit(trusted_save(path, &l, &err) < 0 ? 0 : 1);
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK_STR(read_file(path), before);
	CHECK(count_entries(tmp_dir) == 1);
	trusted_free(&l);
}

static void
test_lock_contention(void)
{
	struct oc_err err = { "" };
	int fd, fd2, status = -1;
	pid_t pid;
	struct timespec t0, t1;

	fresh_dir();
	fd = trusted_lock(tmp_dir, 0, &err);
	CHECK(fd >= 0);
	/* a second writer (another process) waits briefly, then fails with a clear message */
	pid = fork();
	if (pid == 0) {
		struct oc_err e2 = { "" };
		int r = trusted_lock(tmp_dir, 200, &e2);

		_exit(r < 0 && strstr(e2.msg, "is being edited by another process") ? 0 : 1);
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	trusted_unlock(fd);
	/* a writer holding it briefly: the waiter gets it once released */
	pid = fork();
	if (pid == 0) {
		struct oc_err e2 = { "" };
		int l2 = trusted_lock(tmp_dir, 0, &e2);
		struct timespec ts = { 0, 300 * 1000000L };

		nanosleep(&ts, NULL);
		trusted_unlock(l2);
		_exit(l2 >= 0 ? 0 : 1);
	}
	{
		struct timespec ts = { 0, 100 * 1000000L };

		nanosleep(&ts, NULL);	/* let the child take it */
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	fd2 = trusted_lock(tmp_dir, 3000, &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CHECK(fd2 >= 0);
	CHECK((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000 >= 100);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	trusted_unlock(fd2);
}

int
main(void)
{
	RUN(test_parse_valid);
	RUN(test_parse_errors);
	RUN(test_expiry);
	RUN(test_edit_and_round_trip);
	RUN(test_atomic_leftover_temp);
	RUN(test_atomic_failed_write_keeps_old);
	RUN(test_lock_contention);
	if (tmp_dir[0]) {
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp_dir);
		if (system(cmd) != 0)
			printf("# could not remove %s\n", tmp_dir);
	}
	return CHECK_DONE();
}

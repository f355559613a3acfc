/* auth/agent.c's audit log when writing goes wrong (issue 13): a record that cannot be
 * written completely leaves nothing behind and is reported, and a torn last line (from a
 * crash, or an older version) never runs into the next record. */
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth/agent.h"
#include "auth/err.h"
#include "tests/unit/check.h"

#define NOW 1795514400000LL

#define TORN "{\"ts\":\"2026-11-24T09:59:59.000Z\",\"requestId\":\"to"

static const char *const scopes[] = { "operator.read" };

static struct agent_request
request(const char *id)
{
	struct agent_request r;

	memset(&r, 0, sizeof(r));
	r.request_id = id;
	r.device_id = "d1";
	r.client_id = "cli";
	r.scopes = scopes;
	r.n_scopes = 1;
	return r;
}

static void
write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
	chmod(path, 0600);
}

/* The whole file into buf; its length, or -1. */
static long
read_text(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
	return (long)n;
}

static void
test_torn_line_is_ended(void)
{
	char dir[] = "/tmp/oc-test-audit.XXXXXX", path[128], buf[4096], *nl;
	struct agent_request r = request("req-1");
	struct oc_err err = { "" };
	json_t *o;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/%s", dir, AGENT_AUDIT_FILE);
	write_text(path, TORN);
	CHECK(agent_audit_append(path, NOW, &r, NULL, "svc", "approve", "pinned", &err) == 0);
	CHECK(read_text(path, buf, sizeof(buf)) > 0);
	nl = strchr(buf, '\n');
	CHECK(nl != NULL);
	if (nl) {
		/* the torn line, ended, untouched */
		CHECK(nl - buf == (long)strlen(TORN) && strncmp(buf, TORN, strlen(TORN)) == 0);
		o = json_loads(nl + 1, JSON_DISABLE_EOF_CHECK, NULL);	/* the new record, whole */
		CHECK(o != NULL);
		CHECK_STR(json_string_value(json_object_get(o, "requestId")), "req-1");
		json_decref(o);
		CHECK(buf[strlen(buf) - 1] == '\n');
	}
	/* an intact log gets no blank line */
	CHECK(agent_audit_append(path, NOW, &r, NULL, "svc", "flag", "x", &err) == 0);
	CHECK(read_text(path, buf, sizeof(buf)) > 0);
	CHECK(strstr(buf, "\n\n") == NULL);
	unlink(path);
	rmdir(dir);
}

/* A file-size limit makes the write stop part-way, as a full disk does. */
static void
test_short_write_leaves_nothing(void)
{
	char dir[] = "/tmp/oc-test-audit.XXXXXX", path[128], before[4096], after[4096];
	struct agent_request r = request("req-2");
	struct oc_err err = { "" };
	struct rlimit old, lim;
	long n0, n1;
	int rc;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/%s", dir, AGENT_AUDIT_FILE);
	CHECK(agent_audit_append(path, NOW, &r, NULL, "svc", "approve", "first", &err) == 0);
	n0 = read_text(path, before, sizeof(before));
	CHECK(n0 > 0);
	CHECK(getrlimit(RLIMIT_FSIZE, &old) == 0);
	signal(SIGXFSZ, SIG_IGN);
	lim = old;
	lim.rlim_cur = (rlim_t)n0 + 20;	/* room for 20 bytes of the next record */
	CHECK(setrlimit(RLIMIT_FSIZE, &lim) == 0);
	rc = agent_audit_append(path, NOW, &r, NULL, "svc", "approve", "second", &err);
	CHECK(setrlimit(RLIMIT_FSIZE, &old) == 0);
	signal(SIGXFSZ, SIG_DFL);
	CHECK(rc == -1);
	CHECK(strstr(err.msg, "cannot write audit log") != NULL && strstr(err.msg, path) != NULL);
	n1 = read_text(path, after, sizeof(after));
	CHECK(n1 == n0 && strcmp(before, after) == 0);	/* no half record */
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	RUN(test_torn_line_is_ended);
	RUN(test_short_write_leaves_nothing);
	return CHECK_DONE();
}

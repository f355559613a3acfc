/* auth/fileio.c: atomic writes and permission-checked reads. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth/err.h"
#include "auth/fileio.h"
#include "tests/unit/check.h"
#include "tests/unit/files.h"

static char tmp_dir[64];

static void
fresh_dir(void)
{
	char cmd[256];

	if (tmp_dir[0]) {
		snprintf(cmd, sizeof(cmd), "chmod -R u+rwx '%s'; rm -rf '%s'", tmp_dir, tmp_dir);
		if (system(cmd) != 0)
			printf("# could not remove %s\n", tmp_dir);
	}
	strcpy(tmp_dir, "/tmp/oc-test-fileio.XXXXXX");
	if (!mkdtemp(tmp_dir)) {
		perror("mkdtemp");
		abort();
	}
}

static void
path_in(char *out, size_t size, const char *name)
{
	snprintf(out, size, "%s/%s", tmp_dir, name);
}

static int
file_equals(const char *path, const char *want)
{
	char buf[256];
	size_t n;
	FILE *f = fopen(path, "r");

	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return strcmp(buf, want) == 0;
}

static void
test_write_replaces(void)
{
	struct oc_err err = { "" };
	char path[128];
	struct stat st;

	fresh_dir();
	path_in(path, sizeof(path), "f.json");
	CHECK(fileio_write_atomic(path, "one", 3, 0600, &err) == 0);
	CHECK(file_equals(path, "one"));
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
	CHECK(fileio_write_atomic(path, "two, longer", 11, 0640, &err) == 0);
	CHECK(file_equals(path, "two, longer"));
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0640);
	CHECK(fileio_write_atomic(path, "", 0, 0600, &err) == 0);
	CHECK(file_equals(path, ""));
	CHECK(count_entries(tmp_dir) == 1);
}

static void
test_rename_fails_old_intact(void)
{
	struct oc_err err = { "" };
	char target[128], inner[160];

	/* The target is a non-empty directory: rename() must fail, even for root. */
	fresh_dir();
	path_in(target, sizeof(target), "target");
	mkdir(target, 0700);
	snprintf(inner, sizeof(inner), "%s/keep", target);
	CHECK(fileio_write_atomic(inner, "kept", 4, 0600, &err) == 0);
	err.msg[0] = '\0';
	CHECK(fileio_write_atomic(target, "new", 3, 0600, &err) == -1);
	CHECK(strstr(err.msg, target) != NULL);
	CHECK(file_equals(inner, "kept"));
	CHECK(count_entries(tmp_dir) == 1);	/* no temp file left */
	CHECK(count_entries(target) == 1);
}

static void
test_readonly_dir(void)
{
	struct oc_err err = { "" };
	char sub[128], path[160];

	if (geteuid() == 0)
		return;	/* root ignores directory permissions; covered by the test above */
	fresh_dir();
	path_in(sub, sizeof(sub), "ro");
	mkdir(sub, 0700);
	snprintf(path, sizeof(path), "%s/f", sub);
	CHECK(fileio_write_atomic(path, "old", 3, 0600, &err) == 0);
	chmod(sub, 0500);
	CHECK(fileio_write_atomic(path, "new", 3, 0600, &err) == -1);
	chmod(sub, 0700);
	CHECK(file_equals(path, "old"));
	CHECK(count_entries(sub) == 1);
}

static void
test_missing_dir(void)
{
	struct oc_err err = { "" };
	char path[128];

	fresh_dir();
	path_in(path, sizeof(path), "no/such/f");
	CHECK(fileio_write_atomic(path, "x", 1, 0600, &err) == -1);
	CHECK(err.msg[0] != '\0');
}

static void
test_read_private(void)
{
	struct oc_err err = { "" };
	char path[128], *out = NULL;
	size_t len = 0;

	fresh_dir();
	path_in(path, sizeof(path), "secret");
	CHECK(fileio_read_private(path, 100, &out, &len, &err) == 0);	/* missing */
	CHECK(fileio_write_atomic(path, "hello\n", 6, 0600, &err) == 0);
	CHECK(fileio_read_private(path, 100, &out, &len, &err) == 1);
	CHECK(len == 6);
	CHECK_STR(out, "hello\n");
	free(out);
	out = NULL;
	chmod(path, 0640);
	CHECK(fileio_read_private(path, 100, &out, &len, &err) == -1);
	CHECK(out == NULL);
	CHECK(strstr(err.msg, path) != NULL);
	CHECK(strstr(err.msg, "chmod 600") != NULL);
	chmod(path, 0604);
	CHECK(fileio_read_private(path, 100, &out, &len, &err) == -1);
	/* The permissive reader does not care. */
	CHECK(fileio_read(path, 100, &out, &len, &err) == 1);
	free(out);
	out = NULL;
}

static void
test_read_private_symlink(void)
{
	struct oc_err err = { "" };
	char path[128], link_path[128], *out = NULL;
	size_t len = 0;

	fresh_dir();
	path_in(path, sizeof(path), "real");
	path_in(link_path, sizeof(link_path), "link");
	CHECK(fileio_write_atomic(path, "x", 1, 0600, &err) == 0);
	CHECK(symlink(path, link_path) == 0);
	CHECK(fileio_read_private(link_path, 100, &out, &len, &err) == -1);
	CHECK(strstr(err.msg, link_path) != NULL);
	CHECK(strstr(err.msg, "symbolic link") != NULL);
	CHECK(fileio_read(link_path, 100, &out, &len, &err) == 1);
	free(out);
}

static void
test_read_private_not_regular(void)
{
	struct oc_err err = { "" };
	char *out = NULL;
	size_t len = 0;

	fresh_dir();
	chmod(tmp_dir, 0700);
	CHECK(fileio_read_private(tmp_dir, 100, &out, &len, &err) == -1);
	CHECK(strstr(err.msg, "not a regular file") != NULL);
}

static void
test_max_len(void)
{
	struct oc_err err = { "" };
	char path[128], *out = NULL, big[10000];
	size_t len = 0;

	fresh_dir();
	path_in(path, sizeof(path), "big");
	memset(big, 'a', sizeof(big));
	CHECK(fileio_write_atomic(path, big, sizeof(big), 0600, &err) == 0);
	CHECK(fileio_read_private(path, sizeof(big) - 1, &out, &len, &err) == -1);
	CHECK(out == NULL);
	CHECK(strstr(err.msg, "larger than") != NULL);
	CHECK(fileio_read_private(path, sizeof(big), &out, &len, &err) == 1);
	CHECK(len == sizeof(big) && out && out[len] == '\0');
	free(out);
	out = NULL;
	CHECK(fileio_read(path, 5, &out, &len, &err) == -1);
	CHECK(fileio_write_atomic(path, "12345", 5, 0600, &err) == 0);
	CHECK(fileio_read(path, 5, &out, &len, &err) == 1);
	CHECK(len == 5);
	free(out);
	out = NULL;
	CHECK(fileio_read(path, 4, &out, &len, &err) == -1);
	CHECK(fileio_read(path, 0, &out, &len, &err) == -1);
}

/* Settings files (config, themes): ours or root's, never group/other-writable, and a
 * symbolic link is judged by its target. */
static void
test_read_trusted(void)
{
	struct oc_err err = { "" };
	char path[128], link_path[128], *out = NULL;
	size_t len = 0;

	fresh_dir();
	path_in(path, sizeof(path), "config");
	path_in(link_path, sizeof(link_path), "link");
	CHECK(fileio_read_trusted(path, 100, &out, &len, &err) == 0);	/* missing */
	CHECK(fileio_write_atomic(path, "url = x\n", 8, 0644, &err) == 0);
	CHECK(fileio_read_trusted(path, 100, &out, &len, &err) == 1);	/* 0644 is fine */
	CHECK(len == 8);
	free(out);
	out = NULL;
	CHECK(symlink(path, link_path) == 0);
	CHECK(fileio_read_trusted(link_path, 100, &out, &len, &err) == 1);	/* links are followed */
	free(out);
	out = NULL;
	chmod(path, 0664);
	CHECK(fileio_read_trusted(path, 100, &out, &len, &err) == -1);
	CHECK(out == NULL);
	CHECK(strstr(err.msg, "writable by group/other (mode 664)") != NULL);
	CHECK(strstr(err.msg, "chmod go-w") != NULL);
	chmod(path, 0666);
	CHECK(fileio_read_trusted(link_path, 100, &out, &len, &err) == -1);	/* the target counts */
	CHECK(strstr(err.msg, link_path) != NULL && strstr(err.msg, "a link to") != NULL);
	CHECK(strstr(err.msg, path) != NULL);
	chmod(path, 0644);
	if (geteuid() != 0) {
		printf("# not root: the foreign-owner case needs chown\n");
		return;
	}
	/* root-owned (the built-in themes under the datadir): fine; another user's: refused */
	CHECK(chown(path, 0, 0) == 0);
	CHECK(fileio_read_trusted(path, 100, &out, &len, &err) == 1);
	free(out);
	out = NULL;
	CHECK(chown(path, 65534, 65534) == 0);
	CHECK(fileio_read_trusted(path, 100, &out, &len, &err) == -1);
	CHECK(strstr(err.msg, "owned by uid 65534") != NULL && strstr(err.msg, "chown") != NULL);
	CHECK(fileio_read_trusted(link_path, 100, &out, &len, &err) == -1);
	CHECK(strstr(err.msg, "a link to") != NULL);
	CHECK(out == NULL);
}

static void
test_mkdir_private(void)
{
	struct oc_err err = { "" };
	char dir[160], file[192];
	struct stat st;

	fresh_dir();
	snprintf(dir, sizeof(dir), "%s/a/b/c/", tmp_dir);
	CHECK(fileio_mkdir_private(dir, &err) == 0);
	CHECK(stat(dir, &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 0777) == 0700);
	CHECK(fileio_mkdir_private(dir, &err) == 0);	/* exists: fine */
	snprintf(file, sizeof(file), "%s/a/file", tmp_dir);
	CHECK(fileio_write_atomic(file, "x", 1, 0600, &err) == 0);
	snprintf(dir, sizeof(dir), "%s/a/file/sub", tmp_dir);
	CHECK(fileio_mkdir_private(dir, &err) == -1);
	CHECK(strstr(err.msg, "file") != NULL);
}

int
main(void)
{
	char cmd[256];

	RUN(test_write_replaces);
	RUN(test_rename_fails_old_intact);
	RUN(test_readonly_dir);
	RUN(test_missing_dir);
	RUN(test_read_private);
	RUN(test_read_private_symlink);
	RUN(test_read_trusted);
	RUN(test_read_private_not_regular);
	RUN(test_max_len);
	RUN(test_mkdir_private);
	if (tmp_dir[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp_dir);
		if (system(cmd) != 0)
			return 1;
	}
	return CHECK_DONE();
}

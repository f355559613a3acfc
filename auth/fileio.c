#include "auth/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <sodium.h>

#include "auth/err.h"

/* Longest path we build (temp names, parents). */
#define FILEIO_PATH_MAX 4096

int
fileio_mkdir_private(const char *dir, struct oc_err *err)
{
	char buf[FILEIO_PATH_MAX];
	struct stat st;
	size_t len, i;

	if (!dir || !*dir)
		return oc_errf(err, "empty directory name");
	len = strlen(dir);
	if (len >= sizeof(buf))
		return oc_errf(err, "directory name too long: %s", dir);
	memcpy(buf, dir, len + 1);
	while (len > 1 && buf[len - 1] == '/')
		buf[--len] = '\0';

	/* Every prefix ending before a '/', then the whole path.  Parents we create also
	 * get 0700: nothing else of ours lives in them. */
	for (i = 1; i <= len; i++) {
		if (i < len && buf[i] != '/')
			continue;
		if (i < len && buf[i - 1] == '/')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, 0700) != 0) {
			if (errno != EEXIST) {
				oc_errf(err, "cannot create directory %s: %s", buf, strerror(errno));
				return -1;
			}
			if (stat(buf, &st) != 0 || !S_ISDIR(st.st_mode)) {
				oc_errf(err, "%s exists and is not a directory", buf);
				return -1;
			}
		}
		if (i < len)
			buf[i] = '/';
	}
	return 0;
}

/* Directory part of path into out ("." when there is none). */
static int
fileio_dirname(const char *path, char *out, size_t size)
{
	const char *slash = strrchr(path, '/');
	size_t n;

	if (!slash) {
		if (size < 2)
			return -1;
		strcpy(out, ".");
		return 0;
	}
	n = slash == path ? 1 : (size_t)(slash - path);
	if (n >= size)
		return -1;
	memcpy(out, path, n);
	out[n] = '\0';
	return 0;
}

static int
fileio_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
fileio_write_atomic(const char *path, const void *data, size_t len, unsigned mode,
		    struct oc_err *err)
{
	static unsigned counter;
	char dir[FILEIO_PATH_MAX], tmp[FILEIO_PATH_MAX];
	const char *base;
	int fd = -1, tries, dfd, saved;

	if (fileio_dirname(path, dir, sizeof(dir)) != 0)
		return oc_errf(err, "path too long: %s", path);
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (!*base)
		return oc_errf(err, "%s: not a file name", path);

	for (tries = 0; tries < 100; tries++) {
		int n = snprintf(tmp, sizeof(tmp), "%s/.%s.tmp-%ld-%u", dir, base,
				 (long)getpid(), counter++);

		if (n < 0 || (size_t)n >= sizeof(tmp))
			return oc_errf(err, "path too long: %s", path);
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			  (mode_t)mode);
		if (fd >= 0 || errno != EEXIST)
			break;
	}
	if (fd < 0)
		return oc_errf(err, "cannot create a temporary file in %s: %s", dir,
			       strerror(errno));

	/* The umask may have narrowed the mode; make it exact. */
	if (fchmod(fd, (mode_t)mode) != 0 || fileio_write_all(fd, data, len) != 0 ||
	    fsync(fd) != 0) {
		saved = errno;
		close(fd);
		unlink(tmp);
		return oc_errf(err, "cannot write %s: %s", tmp, strerror(saved));
	}
	if (close(fd) != 0) {
		saved = errno;
		unlink(tmp);
		return oc_errf(err, "cannot write %s: %s", tmp, strerror(saved));
	}
	if (rename(tmp, path) != 0) {
		saved = errno;
		unlink(tmp);
		return oc_errf(err, "cannot replace %s: %s", path, strerror(saved));
	}

	/* The new name is in place; make the directory entry durable.  Some file systems
	 * refuse fsync on a directory, which is not worth failing for. */
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	return 0;
}

static int
fileio_read_fd(int fd, const char *path, size_t max_len, char **out, size_t *len,
	       struct oc_err *err)
{
	/* Room for max_len + 1 bytes of data (so an oversized file shows) plus the NUL. */
	size_t limit = max_len + 1, cap, used = 0;
	char *buf;

	cap = (limit < 4096 ? limit : 4096) + 1;
	buf = malloc(cap);
	if (!buf)
		return oc_errf(err, "out of memory reading %s", path);
	for (;;) {
		ssize_t n;

		if (used == cap - 1) {
			size_t ncap = cap * 2 < limit + 1 ? cap * 2 : limit + 1;
			char *nbuf = malloc(ncap);

			if (!nbuf) {
				sodium_memzero(buf, used);
				free(buf);
				return oc_errf(err, "out of memory reading %s", path);
			}
			/* Copy and wipe rather than realloc: the buffer may hold a secret. */
			memcpy(nbuf, buf, used);
			sodium_memzero(buf, used);
			free(buf);
			buf = nbuf;
			cap = ncap;
		}
		n = read(fd, buf + used, cap - 1 - used);
		if (n < 0) {
			int saved = errno;

			if (saved == EINTR)
				continue;
			sodium_memzero(buf, used);
			free(buf);
			return oc_errf(err, "cannot read %s: %s", path, strerror(saved));
		}
		if (n == 0)
			break;
		used += (size_t)n;
		if (used > max_len) {
			sodium_memzero(buf, used);
			free(buf);
			return oc_errf(err, "%s is larger than %zu bytes", path, max_len);
		}
	}
	buf[used] = '\0';
	*out = buf;
	*len = used;
	return 1;
}

/* How much of the file's ownership and mode is checked. */
enum fileio_check {
	FILEIO_PLAIN,		/* nothing: a regular file */
	FILEIO_PRIVATE,		/* keys and tokens: no link, owned by us, 0600 or narrower */
	FILEIO_TRUSTED,		/* settings: owned by us or root, not writable by group/other */
};

/* Refuse a settings file another user could have written: st is the opened file, so for
 * a symbolic link it is the link's target that counts.  Owned by us or by root (built-in
 * themes installed under the datadir) and not writable by group/other.  0, or -1 with err
 * naming the file, the link's target and the fix. */
static int
fileio_check_trusted(const char *path, const struct stat *st, struct oc_err *err)
{
	char *real = NULL;
	const char *fix;
	struct stat lst;
	int rc;

	if ((st->st_uid == geteuid() || st->st_uid == 0) && !(st->st_mode & 022))
		return 0;
	if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))
		real = realpath(path, NULL);
	fix = real ? real : path;
	if (st->st_uid != geteuid() && st->st_uid != 0)
		rc = oc_errf(err, "%s%s%s%s is owned by uid %ld, not you (uid %ld) or root, so another "
			     "user could change it; refusing it (fix with: chown %ld %s)", path,
			     real ? " (a link to " : "", real ? real : "", real ? ")" : "", (long)st->st_uid,
			     (long)geteuid(), (long)geteuid(), fix);
	else
		rc = oc_errf(err, "%s%s%s%s is writable by group/other (mode %03o), so another user "
			     "could change it; refusing it (fix with: chmod go-w %s)", path,
			     real ? " (a link to " : "", real ? real : "", real ? ")" : "",
			     (unsigned)(st->st_mode & 0777), fix);
	free(real);
	return rc;
}

static int
fileio_read_checked(const char *path, size_t max_len, char **out, size_t *len,
		    enum fileio_check check, struct oc_err *err)
{
	struct stat st;
	int fd, flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK, rc;
	bool private_ = check == FILEIO_PRIVATE;

	*out = NULL;
	*len = 0;
	if (private_)
		flags |= O_NOFOLLOW;
	fd = open(path, flags);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		if (errno == ELOOP && private_)
			return oc_errf(err, "%s is a symbolic link; refusing to read a private "
				       "file through a link (replace it with the real file)", path);
		return oc_errf(err, "cannot open %s: %s", path, strerror(errno));
	}
	if (fstat(fd, &st) != 0) {
		int saved = errno;

		close(fd);
		return oc_errf(err, "cannot stat %s: %s", path, strerror(saved));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return oc_errf(err, "%s is not a regular file", path);
	}
	if (private_ && st.st_uid != geteuid()) {
		close(fd);
		return oc_errf(err, "%s is owned by uid %ld, not you (uid %ld); "
			       "fix with: chown %ld %s", path, (long)st.st_uid, (long)geteuid(),
			       (long)geteuid(), path);
	}
	if (private_ && (st.st_mode & 077)) {
		close(fd);
		return oc_errf(err, "%s is accessible by group/other (mode %03o); "
			       "fix with: chmod 600 %s", path, (unsigned)(st.st_mode & 0777), path);
	}
	if (check == FILEIO_TRUSTED && fileio_check_trusted(path, &st, err) < 0) {
		close(fd);
		return -1;
	}
	/* Back to blocking reads (O_NONBLOCK was only there so a FIFO cannot hang open). */
	rc = fcntl(fd, F_GETFL);
	if (rc >= 0)
		(void)fcntl(fd, F_SETFL, rc & ~O_NONBLOCK);
	rc = fileio_read_fd(fd, path, max_len, out, len, err);
	close(fd);
	return rc;
}

int
fileio_read_private(const char *path, size_t max_len, char **out, size_t *len,
		    struct oc_err *err)
{
	return fileio_read_checked(path, max_len, out, len, FILEIO_PRIVATE, err);
}

int
fileio_read_trusted(const char *path, size_t max_len, char **out, size_t *len,
		    struct oc_err *err)
{
	return fileio_read_checked(path, max_len, out, len, FILEIO_TRUSTED, err);
}

int
fileio_read(const char *path, size_t max_len, char **out, size_t *len, struct oc_err *err)
{
	return fileio_read_checked(path, max_len, out, len, FILEIO_PLAIN, err);
}

int
fileio_each_line(const char *text, size_t max_line, const char *path, fileio_line_fn fn, void *ctx,
		 struct oc_err *err)
{
	const char *p = text;
	int lineno = 0;

	if (max_line > FILEIO_LINE_MAX)
		max_line = FILEIO_LINE_MAX;
	while (*p) {
		size_t len = strcspn(p, "\n");
		char line[FILEIO_LINE_MAX];

		lineno++;
		if (len >= max_line)
			return oc_errf(err, "%s:%d: line too long", path, lineno);
		memcpy(line, p, len);
		line[len] = '\0';
		if (fn(ctx, line, path, lineno, err) < 0)
			return -1;
		p += len;
		if (*p == '\n')
			p++;
	}
	return 0;
}

int
fileio_read_lines_trusted(const char *path, size_t max_len, size_t max_line, fileio_line_fn fn,
			  void *ctx, struct oc_err *err)
{
	char *buf;
	size_t n;
	int rc;

	rc = fileio_read_trusted(path, max_len, &buf, &n, err);
	if (rc <= 0)
		return rc;
	rc = strlen(buf) != n ? oc_errf(err, "%s: contains a NUL byte", path)
			      : fileio_each_line(buf, max_line, path, fn, ctx, err);
	free(buf);
	return rc < 0 ? -1 : 1;
}

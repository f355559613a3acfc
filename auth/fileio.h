/* Private files: atomic writes and permission-checked reads for keys, tokens and
 * the allowlist. */
#ifndef OC_AUTH_FILEIO_H
#define OC_AUTH_FILEIO_H

#include <stddef.h>

struct oc_err;

/* Create dir and its missing parents; the last component gets mode 0700.
 * Returns 0, or -1 with err filled. */
int fileio_mkdir_private(const char *dir, struct oc_err *err);

/* Write data to path atomically: temp file in the same directory opened
 * O_CREAT|O_EXCL|O_NOFOLLOW with `mode`, write, fsync, rename, fsync of the directory.
 * On any failure the old file is untouched and the temp file removed. */
int fileio_write_atomic(const char *path, const void *data, size_t len, unsigned mode,
			struct oc_err *err);

/* Read a whole private file (at most max_len bytes) into a NUL-terminated malloc'd
 * buffer.  Refuses (-1, err names the file and the fix) when the file is readable by
 * group/other, not owned by the current user, or not a regular file.
 * Returns 1 and sets *out and *len on success, 0 when the file does not exist, -1 on error.
 * The caller frees *out (with sodium_memzero first when it held a secret). */
int fileio_read_private(const char *path, size_t max_len, char **out, size_t *len,
			struct oc_err *err);

/* Read a settings file (config, theme) like fileio_read_private, following symbolic
 * links, but refusing (-1, err names the file, the link's target and the fix) a file
 * that is owned by someone other than the current user or root, or that group/other
 * can write: another user must not be able to steer the console. */
int fileio_read_trusted(const char *path, size_t max_len, char **out, size_t *len,
			struct oc_err *err);

/* The longest line fileio_each_line takes (max_line is capped to it). */
#define FILEIO_LINE_MAX 1024

/* Called with each line of a settings text: NUL-terminated, without its '\n', numbered
 * from 1; path is for messages.  0 to go on, -1 (err filled) to stop. */
typedef int (*fileio_line_fn)(void *ctx, char *line, const char *path, int lineno,
			      struct oc_err *err);

/* Call fn on each line of text (the last need not end in '\n').  A line of max_line
 * bytes or more is refused ("path:N: line too long").  Returns 0, or -1 with err filled
 * (by fn or here). */
int fileio_each_line(const char *text, size_t max_line, const char *path, fileio_line_fn fn,
		     void *ctx, struct oc_err *err);

/* fileio_read_trusted, then fileio_each_line over the text; a file holding a NUL byte is
 * refused.  Returns 1 when read and every line taken, 0 when the file does not exist,
 * -1 with err filled. */
int fileio_read_lines_trusted(const char *path, size_t max_len, size_t max_line,
			      fileio_line_fn fn, void *ctx, struct oc_err *err);

/* Same as fileio_read_private without the permission checks (the gateway's openclaw.json). */
int fileio_read(const char *path, size_t max_len, char **out, size_t *len, struct oc_err *err);

#endif

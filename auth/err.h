/* Errors below tui/: functions return 0 or -1 and fill a caller-owned struct oc_err
 * with one ready-to-show sentence (tig's "file:line: what" shape). */
#ifndef OC_AUTH_ERR_H
#define OC_AUTH_ERR_H

struct oc_err {
	char msg[256];
};

/* Format a message into err (NULL err is allowed and ignored).  Always returns -1
 * so callers can write `return oc_errf(err, ...);`. */
int oc_errf(struct oc_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif

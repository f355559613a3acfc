#include "auth/err.h"

#include <stdarg.h>
#include <stdio.h>

int
oc_errf(struct oc_err *err, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

#include "auth/secmem.h"

#include <jansson.h>
#include <malloc.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

void
secmem_init(void)
{
	json_set_alloc_funcs(malloc, secmem_free);
}

void
secmem_free(void *p)
{
	if (!p)
		return;
	/* the usable size, not the requested one: the slack may hold an older secret too */
	sodium_memzero(p, malloc_usable_size(p));
	free(p);
}

void *
secmem_realloc(void *p, size_t n)
{
	size_t old;
	void *q;

	if (!n) {
		secmem_free(p);
		return NULL;
	}
	if (!p)
		return malloc(n);
	old = malloc_usable_size(p);
	if (n <= old)
		return p;	/* fits: realloc would not move it either */
	q = malloc(n);
	if (!q)
		return NULL;
	memcpy(q, p, old);
	secmem_free(p);
	return q;
}

/* Freed memory is wiped.  The device token and the gateway token pass through jansson
 * (frames, the token store) and libwebsockets (receive buffers) in ordinary heap memory;
 * free() leaves those bytes in the heap.  Routing both libraries' allocators through
 * secmem_free/secmem_realloc zeroes every block before it is released, so a secret's only
 * lasting copy is the one in sodium_malloc'd memory.  Pure: libc, sodium, jansson. */
#ifndef OC_AUTH_SECMEM_H
#define OC_AUTH_SECMEM_H

#include <stddef.h>

/* Make jansson allocate with malloc and free with secmem_free.  Call once at start-up,
 * before any jansson value exists.  Memory jansson hands out (json_dumps) is still
 * released with free(); wipe it first when it held a secret. */
void secmem_init(void);

/* Zero the whole block (malloc_usable_size), then free it.  Safe on NULL. */
void secmem_free(void *p);

/* realloc that never leaves the old block behind unwiped: n == 0 frees (secmem_free),
 * a move copies, wipes and frees the old block.  NULL on failure (p untouched). */
void *secmem_realloc(void *p, size_t n);

#endif

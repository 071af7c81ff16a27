/*
 * Keyed string hashing for in-memory tables (see keyhash.h).  The key
 * lives only in this process: two processes, or one process restarted,
 * place the same strings differently, which is the point.
 */
#include <pthread.h>
#include <string.h>

#include <sodium.h>

#include "keyhash.h"
#include "log.h"

static unsigned char key[crypto_shorthash_KEYBYTES];
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static void
make_key(void)
{
	if (sodium_init() < 0)
		fatalx("keyhash: sodium_init failed");
	randombytes_buf(key, sizeof(key));
}

void
keyhash_init(void)
{
	pthread_once(&key_once, make_key);
}

uint64_t
keyhash_str(const char *s)
{
	unsigned char out[crypto_shorthash_BYTES];
	uint64_t h;

	keyhash_init();
	crypto_shorthash(out, (const unsigned char *)s, strlen(s), key);
	memcpy(&h, out, sizeof(h));
	return h;
}

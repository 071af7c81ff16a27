/*
 * A hash for tables keyed by strings a client chooses (the rate limiter,
 * the response cache): libsodium's keyed crypto_shorthash (SipHash-2-4)
 * under a key drawn at random once per process, so no one can pick keys
 * that all land in one bucket.
 */
#ifndef CONFAB_KEYHASH_H
#define CONFAB_KEYHASH_H

#include <stdint.h>

/*
 * The hash of the NUL-terminated string s under this process's key (drawn
 * on the first call, from any thread).  Aborts if libsodium cannot start.
 */
uint64_t	keyhash_str(const char *s);

/* Draws the key now (at start-up) rather than on the first call. */
void		keyhash_init(void);

#endif

/*
 * Secrets: password hashing (argon2id), session tokens, API keys and CSRF
 * tokens, all with libsodium.  Only hashes of tokens and keys are stored;
 * every comparison of secrets is constant-time.
 */
#ifndef CONFAB_AUTH_H
#define CONFAB_AUTH_H

#include <stddef.h>

struct db;

#define AUTH_TOKEN_LEN	43	/* 32 random bytes, base64url, no padding */
#define AUTH_HASH_LEN	64	/* hex BLAKE2b-256 */
#define AUTH_PWHASH_LEN	128	/* crypto_pwhash_STRBYTES */

/*
 * Loads the site's secret key from the database, creating it on first
 * run.  Returns 0, or -1 (logged).  Call once before serving.
 */
int	auth_init(struct db *);

/*
 * Hashes a password with argon2id.  At most cfg.hash_concurrency hashes
 * run at once (each costs ~19 MiB); others wait.  Returns 0 or -1.
 */
int	auth_password_hash(const char *password, char out[AUTH_PWHASH_LEN]);
/* 0 when password matches hash; -1 otherwise (also for a NULL hash, after
 * spending the same time, so unknown users answer as slowly). */
int	auth_password_verify(const char *hash, const char *password);
/* 1 when hash was made with weaker parameters than today's. */
int	auth_password_needs_rehash(const char *hash);

/* A fresh random token (NUL-terminated) and the hash to store for it. */
void	auth_token_new(char token[AUTH_TOKEN_LEN + 1],
	    char hash[AUTH_HASH_LEN + 1]);
/* The stored hash of a token or API key given by a client. */
void	auth_secret_hash(const char *secret, char hash[AUTH_HASH_LEN + 1]);
/* A new API key: 64 hex characters, and its hash. */
void	auth_api_key_new(char key[65], char hash[AUTH_HASH_LEN + 1]);

/* The CSRF token bound to a cookie value (HMAC with the site key). */
void	auth_csrf_token(const char *cookie_value, char out[AUTH_HASH_LEN + 1]);
/* 1 when given equals the token for cookie_value, in constant time. */
int	auth_csrf_ok(const char *cookie_value, const char *given);

#endif

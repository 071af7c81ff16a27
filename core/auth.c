/*
 * The secrets of authentication, with libsodium (no HTTP: server/session.c
 * reads them from requests).
 *
 * Passwords: argon2id at OWASP's recommended cost (t=2, m=19 MiB) rather
 * than libsodium's INTERACTIVE level (64 MiB), so a forum fits in 64 MiB;
 * a semaphore caps how many run at once so logins cannot starve page
 * reads.  Tokens and keys: 32 random bytes, stored as BLAKE2b hashes,
 * looked up by hash (so no timing leak on comparison).  CSRF: an HMAC of
 * the client's cookie under a per-site key kept in the database, so every
 * node of a multi-node site agrees without shared memory.
 */
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "auth.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "users.h"
#include "util.h"

#define PW_OPSLIMIT	2
#define PW_MEMLIMIT	(19u * 1024 * 1024)

static unsigned char site_key[crypto_auth_hmacsha256_KEYBYTES];
static sem_t hash_slots;
static char dummy_hash[AUTH_PWHASH_LEN];

static int
load_site_key(struct db *db)
{
	struct arena *a = arena_new();
	char *hex = NULL, fresh[2 * sizeof(site_key) + 1];
	size_t len = 0;
	int rc = -1;

	if (db_setting_get(db, a, "secret_key", &hex) == DB_NOTFOUND) {
		randombytes_buf(site_key, sizeof(site_key));
		sodium_bin2hex(fresh, sizeof(fresh), site_key,
		    sizeof(site_key));
		if (db_setting_put(db, "secret_key", fresh) != DB_OK)
			goto out;
		hex = NULL;
		/* Read back: another process may have won the race. */
		if (db_setting_get(db, a, "secret_key", &hex) != DB_OK)
			goto out;
	}
	if (hex == NULL || sodium_hex2bin(site_key, sizeof(site_key), hex,
	    strlen(hex), NULL, &len, NULL) != 0 || len != sizeof(site_key)) {
		log_warnx("auth: bad secret_key in site_settings");
		goto out;
	}
	rc = 0;
out:
	arena_free(a);
	return rc;
}

int
auth_init(struct db *db)
{
	if (sodium_init() < 0) {
		log_warnx("auth: sodium_init failed");
		return -1;
	}
	if (sem_init(&hash_slots, 0, cfg.hash_concurrency) != 0) {
		log_warn("auth: sem_init");
		return -1;
	}
	if (load_site_key(db) != 0)
		return -1;
	/* A real hash to verify against for unknown users. */
	return auth_password_hash("confab-no-such-user", dummy_hash);
}

int
auth_password_hash(const char *password, char out[AUTH_PWHASH_LEN])
{
	int rc;

	sem_wait(&hash_slots);
	rc = crypto_pwhash_str_alg(out, password, strlen(password),
	    PW_OPSLIMIT, PW_MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13);
	sem_post(&hash_slots);
	if (rc != 0)
		log_warnx("auth: crypto_pwhash_str failed (out of memory?)");
	return rc == 0 ? 0 : -1;
}

int
auth_password_verify(const char *hash, const char *password)
{
	int rc;

	sem_wait(&hash_slots);
	rc = crypto_pwhash_str_verify(hash ? hash : dummy_hash, password,
	    strlen(password));
	sem_post(&hash_slots);
	return hash != NULL && rc == 0 ? 0 : -1;
}

int
auth_password_needs_rehash(const char *hash)
{
	return crypto_pwhash_str_needs_rehash(hash, PW_OPSLIMIT,
	    PW_MEMLIMIT) != 0;
}

void
auth_secret_hash(const char *secret, char hash[AUTH_HASH_LEN + 1])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)secret,
	    strlen(secret), NULL, 0);
	sodium_bin2hex(hash, AUTH_HASH_LEN + 1, h, sizeof(h));
}

void
auth_token_new(char token[AUTH_TOKEN_LEN + 1], char hash[AUTH_HASH_LEN + 1])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(token, AUTH_TOKEN_LEN + 1, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	auth_secret_hash(token, hash);
}

void
auth_api_key_new(char key[65], char hash[AUTH_HASH_LEN + 1])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(key, 65, raw, sizeof(raw));
	auth_secret_hash(key, hash);
}

void
auth_csrf_token(const char *cookie_value, char out[AUTH_HASH_LEN + 1])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];

	crypto_auth_hmacsha256(mac, (const unsigned char *)cookie_value,
	    strlen(cookie_value), site_key);
	sodium_bin2hex(out, AUTH_HASH_LEN + 1, mac, sizeof(mac));
}

int
auth_csrf_ok(const char *cookie_value, const char *given)
{
	char want[AUTH_HASH_LEN + 1];

	if (given == NULL || strlen(given) != AUTH_HASH_LEN)
		return 0;
	auth_csrf_token(cookie_value, want);
	return sodium_memcmp(want, given, AUTH_HASH_LEN) == 0;
}

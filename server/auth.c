/*
 * Authentication with libsodium.
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
#include "http.h"
#include "log.h"
#include "users.h"

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

/*
 * Api-Key: a key bound to a user acts as that user (Api-Username, when
 * given, must name the same user); a global key acts as the user
 * Api-Username names.  Anything else is 403 invalid_api_credentials.
 */
static int
resolve_api_key(struct req *r, const char *key)
{
	const char *username = req_header(r, "Api-Username");
	char hash[AUTH_HASH_LEN + 1];
	struct api_key k;
	struct user *u = NULL;
	int rc;

	if (strlen(key) > 256)
		return E_BAD_API_KEY;
	auth_secret_hash(key, hash);
	rc = db_api_key_lookup(req_db(r), hash, &k);
	if (rc == DB_NOTFOUND)
		return E_BAD_API_KEY;
	if (rc != DB_OK)
		return E_INTERNAL;
	if (k.user_id != 0)
		rc = db_user_by_id(req_db(r), r->arena, k.user_id, &u);
	else if (username != NULL)
		rc = db_user_by_username(req_db(r), r->arena, username, &u);
	else
		return E_BAD_API_KEY;
	if (rc == DB_NOTFOUND)
		return E_BAD_API_KEY;
	if (rc != DB_OK)
		return E_INTERNAL;
	if (!u->active)
		return E_BAD_API_KEY;
	if (username != NULL && strcasecmp(username, u->username) != 0)
		return E_BAD_API_KEY;
	r->user = u;
	r->auth = AUTH_API_KEY;
	r->api_key_id = k.id;
	db_api_key_touch(req_db(r), k.id);
	return E_OK;
}

int
auth_resolve(struct req *r)
{
	const char *key = req_header(r, "Api-Key");
	const char *token;
	char hash[AUTH_HASH_LEN + 1];
	struct user *u;
	int rc;

	r->user = NULL;
	r->auth = AUTH_NONE;
	if (key != NULL)
		return resolve_api_key(r, key);
	token = req_cookie(r, "_t");
	if (token == NULL || strlen(token) != AUTH_TOKEN_LEN)
		return E_OK;
	r->cookie_token = token;
	auth_secret_hash(token, hash);
	rc = db_session_user(req_db(r), r->arena, hash, &u);
	if (rc == DB_NOTFOUND)
		return E_OK;	/* stale cookie: anonymous */
	if (rc != DB_OK)
		return E_INTERNAL;
	r->user = u;
	r->auth = AUTH_COOKIE;
	return E_OK;
}

static int
behind_https(struct req *r)
{
	const char *proto = req_header(r, "X-Forwarded-Proto");

	return cfg.secure_cookies || (proto && strcmp(proto, "https") == 0);
}

void
auth_set_cookie(struct req *r, const char *name, const char *value, int max_age)
{
	resp_header(r, "Set-Cookie", arena_printf(r->arena,
	    "%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Lax%s", name,
	    value, max_age, behind_https(r) ? "; Secure" : ""));
}

/* Makes a session for u and sets its cookie.  E_OK or E_INTERNAL. */
int
auth_session_start(struct req *r, const struct user *u)
{
	char token[AUTH_TOKEN_LEN + 1], hash[AUTH_HASH_LEN + 1];

	auth_token_new(token, hash);
	if (db_session_create(req_db(r), u->id, hash) != DB_OK)
		return E_INTERNAL;
	auth_set_cookie(r, "_t", arena_strdup(r->arena, token), AUTH_SESSION_MAX_AGE);
	return E_OK;
}


/*
 * Who is asking: the Api-Key and Api-Username headers, or the _t session
 * cookie, resolved to a user once per request; and the session cookie
 * itself (HttpOnly, SameSite=Lax, Secure behind HTTPS).  The secrets
 * behind them (hashes, tokens, the CSRF key) are core/auth.c's.
 */
#include <string.h>
#include <strings.h>

#include "auth.h"
#include "config.h"
#include "db.h"
#include "http.h"
#include "session.h"
#include "users.h"

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
session_resolve(struct req *r)
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
session_set_cookie(struct req *r, const char *name, const char *value, int max_age)
{
	resp_header(r, "Set-Cookie", arena_printf(r->arena,
	    "%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Lax%s", name,
	    value, max_age, behind_https(r) ? "; Secure" : ""));
}

/* Makes a session for u and sets its cookie.  E_OK or E_INTERNAL. */
int
session_start(struct req *r, const struct user *u)
{
	char token[AUTH_TOKEN_LEN + 1], hash[AUTH_HASH_LEN + 1];

	auth_token_new(token, hash);
	if (db_session_create(req_db(r), u->id, hash) != DB_OK)
		return E_INTERNAL;
	session_set_cookie(r, "_t", arena_strdup(r->arena, token), SESSION_MAX_AGE);
	return E_OK;
}


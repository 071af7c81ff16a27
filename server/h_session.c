/*
 * Sessions: CSRF tokens, log in, log out, who am I.
 *
 * A browser session is a random token in the _t cookie (HttpOnly,
 * SameSite=Lax, Secure behind HTTPS); only its hash is stored, a new one
 * is made at every login and it is deleted at logout.  Unknown users and
 * wrong passwords answer identically, after the same argon2id work.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "auth.h"
#include "session.h"
#include "config.h"
#include "handlers.h"
#include "http.h"
#include "log.h"
#include "perm.h"
#include "present.h"
#include "ratelimit.h"
#include "users.h"

#define BAD_LOGIN	"Incorrect username, email or password"

int
h_session_csrf(struct req *r)
{
	char token[AUTH_TOKEN_LEN + 1], hash[AUTH_HASH_LEN + 1];
	char csrf[AUTH_HASH_LEN + 1];
	const char *cookie = req_cookie(r, "_t");

	if (cookie == NULL)
		cookie = req_cookie(r, "_forum_session");
	if (cookie == NULL) {
		/* An anonymous browser gets a cookie to bind the token to. */
		auth_token_new(token, hash);
		cookie = arena_strdup(r->arena, token);
		session_set_cookie(r, "_forum_session", cookie, SESSION_MAX_AGE);
	}
	auth_csrf_token(cookie, csrf);
	return resp_json(r, 200, json_pack("{s:s}", "csrf", csrf));
}

/* Login throttles, per IP and per account, as Discourse sets them. */
static int
login_throttled(struct req *r, const char *login)
{
	char account[300];
	size_t i;
	int wait;

	for (i = 0; login[i] && i < sizeof(account) - 1; i++)
		account[i] = (char)tolower((unsigned char)login[i]);
	account[i] = '\0';
	if ((wait = ratelimit_hit(arena_printf(r->arena, "login-ip:%s", r->ip),
	    cfg.logins_per_ip_minute, 60)) ||
	    (wait = ratelimit_hit(arena_printf(r->arena, "login-ip:%s", r->ip),
	    cfg.logins_per_ip_hour, 3600)) ||
	    (wait = ratelimit_hit(arena_printf(r->arena, "login-user:%s",
	    account), cfg.logins_per_account_minute, 60)) ||
	    (wait = ratelimit_hit(arena_printf(r->arena, "login-user:%s",
	    account), cfg.logins_per_account_hour, 3600))) {
		r->retry_after = wait;
		return 1;
	}
	return 0;
}

static int
bad_login(struct req *r)
{
	req_errf(r, BAD_LOGIN);
	r->err_extras = NULL;
	return E_FORBIDDEN;
}

int
h_session_create(struct req *r)
{
	const char *login = req_param(r, "login");
	const char *password = req_param(r, "password");
	char rehash[AUTH_PWHASH_LEN];
	struct user *u = NULL;
	json_t *o;
	int rc, e;

	if (login == NULL || password == NULL || *login == '\0') {
		req_errf(r, "param is missing or the value is empty: %s",
		    login == NULL || *login == '\0' ? "login" : "password");
		return E_BAD_REQUEST;
	}
	if (*login == '@')
		login++;
	if (login_throttled(r, login))
		return E_RATE_LIMIT;
	/* Absurd lengths are refused before any hashing. */
	if (strlen(login) > 254 || strlen(password) > cfg.max_password) {
		auth_password_verify(NULL, "");
		return bad_login(r);
	}
	rc = db_user_by_login(req_db(r), r->arena, login, &u);
	if (rc != DB_OK && rc != DB_NOTFOUND)
		return E_INTERNAL;
	if (auth_password_verify(u ? u->password_hash : NULL, password) != 0)
		return bad_login(r);
	if (!u->active) {
		req_errf(r, "Your account is not active.");
		return E_FORBIDDEN;
	}
	if (auth_password_needs_rehash(u->password_hash) &&
	    auth_password_hash(password, rehash) == 0)
		db_user_set_password_hash(req_db(r), u->id, rehash);
	if (r->cookie_token != NULL) {
		char old[AUTH_HASH_LEN + 1];

		/* A new login replaces the browser's old session. */
		auth_secret_hash(r->cookie_token, old);
		db_session_delete(req_db(r), old);
	}
	if ((e = session_start(r, u)) != E_OK)
		return e;
	r->user = u;
	perm_forget(r);
	if ((o = present_current_user(r, u)) == NULL)
		return E_INTERNAL;
	return resp_json(r, 200, json_pack("{s:o}", "user", o));
}

int
h_session_destroy(struct req *r)
{
	const char *username = req_arg_named(r, "username");
	char hash[AUTH_HASH_LEN + 1];

	if (strcasecmp(username, r->user->username) != 0)
		return E_FORBIDDEN;
	if (r->auth == AUTH_COOKIE && r->cookie_token != NULL) {
		auth_secret_hash(r->cookie_token, hash);
		if (db_session_delete(req_db(r), hash) != DB_OK)
			return E_INTERNAL;
	}
	session_set_cookie(r, "_t", "", 0);
	return resp_json(r, 200, json_pack("{s:b,s:s}", "success", 1,
	    "redirect_url", "/"));
}

int
h_session_current(struct req *r)
{
	json_t *o;

	if (r->user == NULL)
		return E_NOT_FOUND;
	if ((o = present_current_user(r, r->user)) == NULL)
		return E_INTERNAL;
	return resp_json(r, 200, json_pack("{s:o}", "current_user", o));
}

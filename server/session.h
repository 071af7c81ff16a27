/*
 * Who is asking (server/session.c): the caller resolved from the request,
 * and the session cookie.
 */
#ifndef CONFAB_SESSION_H
#define CONFAB_SESSION_H

struct req;

/*
 * Works out who is calling from the Api-Key/Api-Username headers or the
 * _t cookie; sets r->user and r->auth.  Returns E_OK (possibly still
 * anonymous), E_BAD_API_KEY, or E_INTERNAL.
 */
int	session_resolve(struct req *);

#define SESSION_MAX_AGE	(60 * 24 * 3600)	/* Discourse: 1440 h */

/* Adds a Set-Cookie header: HttpOnly, SameSite=Lax, Secure behind HTTPS. */
void	session_set_cookie(struct req *, const char *name, const char *value,
	    int max_age);

struct user;
/* Makes a session for u and sets its _t cookie: E_OK or E_INTERNAL. */
int	session_start(struct req *, const struct user *);

#endif

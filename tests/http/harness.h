/*
 * The HTTP test harness: starts the real confab binary on 127.0.0.1:0
 * with a fresh database in a temporary directory, and talks to it with
 * libcurl as a client would (cookies, CSRF header, API keys).
 *
 * The binary is $CONFAB_BIN (make check sets build/asan/confab).  Stopping
 * sends SIGTERM and returns the exit status, so a crash, a sanitizer
 * report or a leak at exit fails the test that stops it.
 */
#ifndef CONFAB_HARNESS_H
#define CONFAB_HARNESS_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include <jansson.h>

struct th_server {
	pid_t	pid;
	int	port;
	char	dir[256];	/* temporary directory, removed at stop */
	char	db[300];
	char	log[300];	/* the server's stderr */
};

/*
 * Starts a server.  env is a NULL-terminated list of "NAME=value" added to
 * the environment (may be NULL).  By default the per-user post throttles
 * are off and login/sign-up throttles are high, so tests that are not
 * about throttling are not slowed by them; pass env to override.
 * Returns 0 or -1.
 */
int	th_start(struct th_server *, const char *const *env);
/*
 * Opens the server's log for reading, after waiting long enough for the
 * access lines of requests already answered to be written out (the
 * server writes them within 100 ms).  NULL when there is no log.
 */
FILE	*th_log_open(const struct th_server *);
/* SIGTERM, wait, remove the directory; returns the exit status (0 = clean). */
int	th_stop(struct th_server *);

/*
 * Runs "confab admin ARGS..." on the server's database (NULL-terminated
 * args), with CONFAB_PASSWORD = password when not NULL.  Copies stdout
 * into out.  Returns the exit status.
 */
int	th_admin(struct th_server *, const char *password, char *out,
	    size_t outlen, ...);
/* Creates a user (email NAME@example.org); returns the user id or -1. */
long	th_create_user(struct th_server *, const char *username,
	    const char *password, int admin, int moderator);
/* A new API key (malloc'd), bound to username, or global for NULL. */
char	*th_api_key(struct th_server *, const char *username);
/* Adds a user to a created group with the CLI; 0 or -1. */
int	th_add_to_group(struct th_server *, const char *group,
	    const char *username);

struct th_resp {
	long	 status;
	char	*body;		/* NUL-terminated */
	size_t	 len;
	char	*headers;	/* raw response headers */
	json_t	*json;		/* parsed body, or NULL */
};

struct th_client;

/* A client with its own cookie jar and CSRF token; free with th_client_free. */
struct th_client *th_client_new(struct th_server *);
void	th_client_free(struct th_client *);
/* Sends Api-Key (and Api-Username when not NULL) on every request. */
void	th_client_api_key(struct th_client *, const char *key,
	    const char *username);
/* GET /session/csrf and remember the token for X-CSRF-Token. */
int	th_client_csrf(struct th_client *);
/* Stops sending X-CSRF-Token (to test its absence); 1 sends again. */
void	th_client_send_csrf(struct th_client *, int on);
/* Fetches CSRF, POST /session, fetches CSRF again; returns the status. */
long	th_login(struct th_client *, const char *login, const char *password);

/*
 * One request.  body may be NULL; content_type NULL means
 * application/x-www-form-urlencoded when there is a body.  Extra headers
 * as "Name: value" lines, NULL-terminated (may be NULL).  Fills out
 * (free with th_resp_free) and returns the status, or -1.
 */
long	th_request(struct th_client *, const char *method, const char *path,
	    const char *content_type, const char *body,
	    const char *const *headers, struct th_resp *out);
void	th_resp_free(struct th_resp *);
/* The value of a response header (first match, case-insensitive), malloc'd. */
char	*th_resp_header(const struct th_resp *, const char *name);

/*
 * Shorthands returning the parsed JSON body (new reference, caller
 * decrefs; NULL when the body is not JSON) and the status in *status.
 * th_send sends obj as application/json and takes ownership of it.
 */
json_t	*th_get(struct th_client *, const char *path, long *status);
json_t	*th_send(struct th_client *, const char *method, const char *path,
	    json_t *obj, long *status);
json_t	*th_form(struct th_client *, const char *method, const char *path,
	    const char *form, long *status);

/*
 * A form request (body may be NULL) to a printf-formatted path that must
 * answer status want, else the test fails showing the body.  Returns the
 * JSON body (new reference, caller decrefs; NULL when not JSON).
 */
json_t	*th_expect(struct th_client *, const char *method, long want,
	    const char *form, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));

/* o[key], asserting it is an integer / a boolean. */
json_int_t th_jint(json_t *o, const char *key);
int	th_jbool(json_t *o, const char *key);

/* Asserts body is Discourse's error shape with this error_type. */
void	th_assert_error(json_t *body, const char *error_type);

#endif

/*
 * The HTTP test harness: starts the real confab binary on 127.0.0.1:0
 * with a fresh database in a temporary directory, and talks to it with
 * libcurl as a client would (cookies, CSRF header, API keys).
 *
 * The binary is $CONFAB_BIN (make check sets build/asan/confab).  Stopping
 * sends SIGTERM and returns the exit status, so a crash, a sanitizer
 * report or a leak at exit fails the test that stops it.  A server can be
 * halted and started again on the same database (th_halt, th_serve), and
 * the binary's other commands run on it (th_cli).  Helpers that check a
 * status fail the test themselves (cmocka), so callers need not.
 */
#ifndef CONFAB_HARNESS_H
#define CONFAB_HARNESS_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include <jansson.h>

struct th_server {
	pid_t	pid;		/* set once it listens; 0 while stopped */
	int	port;
	char	dir[256];	/* temporary directory, removed at stop */
	char	db[300];
	char	log[300];	/* the server's stderr, kept across restarts */
};

/*
 * Starts a server: th_init then th_serve.  env is a NULL-terminated list
 * of "NAME=value" added to the environment (may be NULL).  By default the
 * per-user post throttles are off and login/sign-up throttles are high,
 * so tests that are not about throttling are not slowed by them; pass env
 * to override.  Returns 0 or -1.
 */
int	th_start(struct th_server *, const char *const *env);
/*
 * Makes the temporary directory and names the database and the log in
 * it, starting nothing, so that the CLI can create the database first
 * (th_create_user and the like work on a stopped server).  Returns 0 or
 * -1.
 */
int	th_init(struct th_server *);
/*
 * Starts `confab serve` on the server's database, which may already
 * exist (a restart, a restored backup), with env as for th_start; its
 * stderr is appended to the log.  s->pid is set only once the server
 * listens, so a thread watching it never sees a server still starting.
 * Returns 0, or -1 (nothing left running).
 */
int	th_serve(struct th_server *, const char *const *env);
/*
 * Ends the server and keeps its directory, for th_serve to start it again
 * on the same database: sends sig (SIGTERM; SIGKILL; 0 to send nothing,
 * for a server that was killed from elsewhere) and waits at most 20 s,
 * then kills it.  With SIGTERM the log is shown when the exit is not
 * clean.  Returns the exit status (0 clean, 128+N for signal N), or -1
 * when it had to be killed or was not running.
 */
int	th_halt(struct th_server *, int sig);
/*
 * Opens the server's log for reading, after waiting long enough for the
 * access lines of requests already answered to be written out (the
 * server writes them within 100 ms).  NULL when there is no log.
 */
FILE	*th_log_open(const struct th_server *);
/* How many lines of the server's log contain needle (0 without a log). */
int	th_log_count(const struct th_server *, const char *needle);
/*
 * th_halt with SIGTERM, then removes the directory; returns the exit
 * status (0 = clean), or -1 when the server was not running (the
 * directory is kept then).
 */
int	th_stop(struct th_server *);

/* How th_cli runs a command; a NULL options pointer means all zero. */
struct th_cli {
	const char	*db;		/* NULL: the server's database */
	const char	*password;	/* CONFAB_PASSWORD, unset when NULL */
	int		 with_stderr;	/* 1: stderr into out too, else the
					   test's own stderr */
	char		*out;		/* stdout, NUL-terminated and cut to
					   outlen - 1; NULL discards it */
	size_t		 outlen;
};

/*
 * Runs "confab COMMAND ARGS... --db DB" (args NULL-terminated, at most
 * 26) with the options in opt; the caller owns opt and out.  Returns the
 * exit status, or -1 when it did not exit normally.
 */
int	th_cli(const struct th_server *, const struct th_cli *opt,
	    const char *command, ...);
/*
 * Runs "confab admin ARGS..." on the server's database (NULL-terminated
 * args), with CONFAB_PASSWORD = password when not NULL.  Copies stdout
 * into out (may be NULL).  Returns the exit status, as th_cli.
 */
int	th_admin(struct th_server *, const char *password, char *out,
	    size_t outlen, ...);
/* Asserts "confab admin check-counters" passes, else shows its output. */
void	th_assert_counters(struct th_server *);
/* Creates a user (email NAME@example.org); returns the user id or -1. */
long	th_create_user(struct th_server *, const char *username,
	    const char *password, int admin, int moderator);
/* A new API key (malloc'd), bound to username, or global for NULL. */
char	*th_api_key(struct th_server *, const char *username);
/* Adds a user to a created group with the CLI; 0 or -1. */
int	th_add_to_group(struct th_server *, const char *group,
	    const char *username);

/*
 * Runs SQL (printf-formatted, at most 2 KB) on the server's database from
 * outside, as another process would, and waits the 5 ms the server takes
 * to notice another process's commit.  Fails the test on an error.
 */
void	th_sql(const struct th_server *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/*
 * The first column of the first row of sql, with ?1 bound to arg when not
 * NULL, read from the database file db; -1 when there is no row.  Fails
 * the test when the file cannot be opened or sql not prepared.
 */
long	th_db_long(const char *db, const char *sql, const char *arg);

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
/*
 * A new client acting through API key key as user (Api-Username, none
 * when NULL), or an anonymous one when key is NULL; the client copies
 * both strings.  Free with th_client_free.
 */
struct th_client *th_client_as(struct th_server *, const char *key,
	    const char *user);
void	th_client_free(struct th_client *);
/* Sends Api-Key (and Api-Username when not NULL) on every request. */
void	th_client_api_key(struct th_client *, const char *key,
	    const char *username);
/*
 * The usual cast of a test file: users admin1 (admin), alice, bob, carol,
 * dave and erin with password pw; a global API key (key, malloc'd); a
 * client acting as each through it, and an anonymous one.
 * th_cast_start starts the server with env (as th_start) and fills c;
 * 0 or -1.  th_cast_stop frees c and stops the server, returning its exit
 * status (0 = clean).
 */
struct th_cast {
	char			*key;
	struct th_client	*anon, *admin;
	struct th_client	*alice, *bob, *carol, *dave, *erin;
};
int	th_cast_start(struct th_server *, const char *const *env,
	    const char *pw, struct th_cast *c);
int	th_cast_stop(struct th_server *, struct th_cast *c);
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
 * Requests to a printf-formatted path (at most 4 KB) that must answer
 * status want with a JSON body, else the test fails showing the body.
 * Each returns that body (new reference, the caller decrefs; never NULL).
 * th_expect sends form (may be NULL: no body) as a form; th_expect_get is
 * a GET; th_expect_json sends obj as application/json and takes ownership
 * of it (NULL: no body).
 */
json_t	*th_expect(struct th_client *, const char *method, long want,
	    const char *form, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));
json_t	*th_expect_get(struct th_client *, long want, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
json_t	*th_expect_json(struct th_client *, const char *method, long want,
	    json_t *obj, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));

/* o[key], asserting it is an integer / a boolean / a string (owned by o). */
json_int_t th_jint(json_t *o, const char *key);
int	th_jbool(json_t *o, const char *key);
const char *th_jstr(json_t *o, const char *key);

/* Asserts body is Discourse's error shape with this error_type. */
void	th_assert_error(json_t *body, const char *error_type);

#endif

/*
 * The request as handlers see it.  struct req lives from the first
 * libmicrohttpd callback of a request to its completion callback; its arena
 * owns every temporary.  Handlers read parameters with the req_* getters,
 * answer with resp_json (or return an enum err), and never touch MHD or SQL.
 */
#ifndef CONFAB_HTTP_H
#define CONFAB_HTTP_H

#include <stdint.h>
#include <jansson.h>

#include "err.h"
#include "util.h"


enum auth_kind {
	AUTH_NONE,
	AUTH_COOKIE,
	AUTH_API_KEY,
};

struct user;
struct db;
struct viewer;
struct route;
struct MHD_Connection;
struct MHD_Response;

#define REQ_MAX_ARGS	4
#define REQ_MAX_HEADERS	8

struct req {
	struct MHD_Connection	*conn;
	struct arena		*arena;
	struct db		*db;		/* checked out by req_db() */
	uint64_t		 id;
	double			 t_start;
	const char		*method;
	const char		*url;		/* as received */
	char			*path;		/* without .json */
	int			 want_json;
	int			 head;		/* HEAD: no body */
	char			 ip[64];

	struct buf		 body;
	int			 body_too_large;
	size_t			 body_cap;	/* 0 until body_cap() */
	size_t			 discarded;	/* body bytes past the cap */
	int			 sender_known;	/* resolve_sender() ran */
	int			 sender_rc;	/* and returned this */
	int			 bad_framing;
	int			 bad_head;	/* enum err: see check_head */
	json_t			*params;	/* body params, owned */

	const char		*args[REQ_MAX_ARGS];
	const char		*arg_names[REQ_MAX_ARGS];
	int			 nargs;

	struct user		*user;		/* NULL when anonymous */
	enum auth_kind		 auth;
	int64_t			 api_key_id;	/* when auth is AUTH_API_KEY */
	const char		*cookie_token;	/* raw _t value, for CSRF */
	const struct viewer	*viewer;	/* see perm.c */

	/* Response under construction. */
	struct MHD_Response	*resp;
	int			 status;
	char			*errmsg;	/* arena; req_errf */
	json_t			*err_list;	/* owned; req_errors */
	json_t			*err_fields;	/* owned; req_err_set */
	json_t			*err_extras;	/* owned */
	int			 retry_after;
	const char		*hdr_name[REQ_MAX_HEADERS];
	const char		*hdr_value[REQ_MAX_HEADERS];
	int			 nhdr;
	int			 queued;
	size_t			 resp_len;	/* body bytes */

	const struct route	*route;		/* matched route */
	int			 view;		/* a browser page: see html.c */
	int64_t			 view_topic;	/* topic whose view this counted */
	json_t			*view_json;	/* the handler's JSON, owned */
	const char		*cache_key;	/* set when cacheable */
	uint64_t		 cache_gen;
	int			 cache_hit;
};

/* The connection for this request, checked out of the pool on first use. */
struct db	*req_db(struct req *);

/* Sets the message the error response will carry; returns nothing. */
void		 req_errf(struct req *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

/*
 * The messages of a 422 (or any error) for the one renderer, which sends
 * them, in order, as "errors" in place of req_errf's single message; the
 * handler then returns the error (E_INVALID).  req_errors sets the list,
 * a JSON array of strings, and takes ownership of it (steals the
 * reference).  req_err_set adds a field beside "errors" and "error_type"
 * (Discourse's sign-up sends "success":false there) and steals the
 * reference to value.  r->err_extras becomes "extras".  Both return
 * nothing.
 */
void		 req_errors(struct req *, json_t *list);
void		 req_err_set(struct req *, const char *name, json_t *value);
/*
 * Answers with core's refusal: its messages (taken from rf) become the
 * error's list, its wait the Retry-After of a 429.  Returns e, so a
 * handler can end with "return req_refuse(r, e, &rf);".
 */
struct refusal;
int		 req_refuse(struct req *, int e, struct refusal *);

/* A request header or cookie, or NULL. Strings belong to MHD. */
const char	*req_header(struct req *, const char *);
const char	*req_cookie(struct req *, const char *);

/*
 * Parameters from the body (JSON, or form-encoded where "a[]" collects an
 * array and "a[b]" a nested object) and then the query string.
 * req_param returns NULL when absent.  The _int/_bool getters return
 * E_OK and set *out, or E_BAD_REQUEST with a message naming the field.
 */
const char	*req_param(struct req *, const char *);
json_t		*req_param_json(struct req *, const char *);
int		 req_param_int(struct req *, const char *, int64_t def,
		    int64_t *out);
int		 req_param_bool(struct req *, const char *, int def, int *out);
/* Collects "name[]" (or a JSON array) into an arena array of strings. */
int		 req_param_list(struct req *, const char *, const char ***out,
		    size_t *n);

/*
 * Route arguments by the name in the pattern (":id" is "id"), as text,
 * or as a positive integer (0 when absent or not one).  req_arg is by
 * position.
 */
const char	*req_arg(struct req *, int);
const char	*req_arg_named(struct req *, const char *);
int64_t		 req_arg_id(struct req *, const char *);

/* Adds a response header; name and value must outlive the request. */
void		 resp_header(struct req *, const char *, const char *);

/*
 * Queue-ready responses.  resp_json takes ownership of obj (steals the
 * reference); resp_raw copies len bytes.  Both return E_OK so a handler
 * can end with "return resp_json(r, 200, obj);" (E_INTERNAL in the rare
 * case libmicrohttpd cannot make a response).
 */
int		 resp_json(struct req *, int status, json_t *obj);
int		 resp_raw(struct req *, int status, const char *ctype,
		    const char *data, size_t len);
/* {"success":"OK"} */
int		 resp_ok(struct req *);

/*
 * confab's rule for JSON bodies, no silent coercion: fields naming a
 * number (id, *_id, *_number, category, page, ...) take an integer or a
 * string of digits, enabled/ascending a boolean or a string, fields read
 * as text (raw, title, username, ...) a string or a list of strings, and
 * an object (post, topic, permissions, ...) only at the top level, holding
 * such fields.  Unknown fields may hold any scalar: handlers ignore them.  Returns 1, or 0 with a message naming the field in err.
 */
int		 req_json_types_ok(json_t *params, char *err, size_t errlen);

/*
 * Adds the headers every response carries, confab's or libmicrohttpd's
 * own (nosniff, frame and referrer policies, Content-Security-Policy).
 */
void		 resp_add_security_headers(struct MHD_Response *);

/* A time as Discourse sends it ("2024-01-02T03:04:05.000Z"), or null for 0. */
json_t		*json_time(int64_t);

/*
 * Starts the daemon on cfg.listen with requests served from pool; sets
 * *port to the bound port.  Returns 0 or -1 (logged).  http_stop stops
 * accepting, waits up to a few seconds for requests in flight, and stops.
 */
struct db_pool;
int		 http_start(struct db_pool *, unsigned short *port);
void		 http_stop(void);
/* Requests served so far; for tests and the access log. */
uint64_t	 http_request_count(void);

#endif

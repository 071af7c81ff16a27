/*
 * The libmicrohttpd glue: the access handler, per-request state, body
 * accumulation under a cap, parameter parsing, the dispatcher that applies
 * route flags, and the one renderer of errors.
 *
 * A request's struct req is made on the first callback and freed in the
 * completion callback.  The response is queued on a later callback, never
 * the first: libmicrohttpd 0.9.75 closes the connection after a response
 * queued on the first call, which costs keep-alive (except where closing
 * is what we want: oversized or ambiguously framed bodies).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "auth.h"
#include "session.h"
#include "cache.h"
#include "config.h"
#include "db.h"
#include "deadline.h"
#include "escape.h"
#include "form.h"
#include "html.h"
#include "http.h"
#include "log.h"
#include "mhd_errors.h"
#include "route.h"
#include "static.h"
#include "users.h"
#include "views.h"

#define MAX_PATH	2048
#define MAX_PARAMS	1000
/* Past this much discarded body we drop the connection. */
#define MAX_DISCARD	(1024 * 1024)

struct err_info {
	int		 status;
	const char	*type;
	const char	*message;
};

static const struct err_info errors[E__MAX] = {
#define ERR(name, st, ty, msg) [name] = { st, ty, msg },
#include "errors.def"
#undef ERR
};

static struct MHD_Daemon *daemon_handle;
static struct db_pool *pool;
static atomic_uint_fast64_t next_id;
static atomic_int in_flight;

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

uint64_t
http_request_count(void)
{
	return atomic_load(&next_id);
}

struct db *
req_db(struct req *r)
{
	if (r->db == NULL)
		r->db = db_pool_get(pool);
	return r->db;
}

void
req_errf(struct req *r, const char *fmt, ...)
{
	va_list ap;
	char msg[1024];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r->errmsg = arena_strdup(r->arena, msg);
}

int
req_refuse(struct req *r, int e, struct refusal *rf)
{
	json_decref(r->errlist);
	r->errlist = rf->messages;
	rf->messages = NULL;
	r->errmsg = NULL;
	if (e == E_RATE_LIMIT)
		r->retry_after = rf->wait_seconds;
	return e;
}

const char *
req_header(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *
req_cookie(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

const char *
req_arg(struct req *r, int i)
{
	return i >= 0 && i < r->nargs ? r->args[i] : NULL;
}

/* Looks a named route argument up; see route.h for the names. */
static const char *
arg_named(struct req *r, const char *name)
{
	int i;

	for (i = 0; i < r->nargs; i++)
		if (strcmp(r->arg_names[i], name) == 0)
			return r->args[i];
	return NULL;
}

const char *
req_arg_named(struct req *r, const char *name)
{
	return arg_named(r, name);
}

int64_t
req_arg_id(struct req *r, const char *name)
{
	const char *s = arg_named(r, name);
	char *end;
	long long v;

	if (s == NULL)
		return 0;
	v = strtoll(s, &end, 10);
	return *end == '\0' && v > 0 ? (int64_t)v : 0;
}

/* --- parameters ---------------------------------------------------- */

json_t *
req_param_json(struct req *r, const char *name)
{
	char outer[128], inner[128];
	json_t *v;

	if (r->params == NULL)
		return NULL;
	if ((v = json_object_get(r->params, name)) != NULL)
		return v;
	if (form_split_nested(name, outer, sizeof(outer), inner, sizeof(inner)) &&
	    (v = json_object_get(r->params, outer)) != NULL &&
	    json_is_object(v))
		return json_object_get(v, inner);
	return NULL;
}

const char *
req_param(struct req *r, const char *name)
{
	json_t *v = req_param_json(r, name);

	if (v != NULL) {
		if (json_is_string(v))
			return json_string_value(v);
		if (json_is_integer(v))
			return arena_printf(r->arena, "%lld",
			    (long long)json_integer_value(v));
		if (json_is_true(v))
			return "true";
		if (json_is_false(v))
			return "false";
		if (json_is_real(v))
			return arena_printf(r->arena, "%.17g",
			    json_real_value(v));
		return NULL;
	}
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND,
	    name);
}

int
req_param_int(struct req *r, const char *name, int64_t def, int64_t *out)
{
	const char *s = req_param(r, name);
	char *end;
	long long v;

	*out = def;
	if (s == NULL || *s == '\0')
		return E_OK;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || v < -(1LL << 53) || v > (1LL << 53)) {
		req_errf(r, "%s must be an integer", name);
		return E_BAD_REQUEST;
	}
	*out = v;
	return E_OK;
}

int
req_param_bool(struct req *r, const char *name, int def, int *out)
{
	const char *s = req_param(r, name);

	*out = def;
	if (s == NULL || *s == '\0')
		return E_OK;
	if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0)
		*out = 1;
	else if (strcmp(s, "false") == 0 || strcmp(s, "0") == 0)
		*out = 0;
	else {
		req_errf(r, "%s must be true or false", name);
		return E_BAD_REQUEST;
	}
	return E_OK;
}

struct list_ctx {
	struct req	 *r;
	const char	 *key;
	const char	**items;
	size_t		  n;
	size_t		  cap;
};

static void
list_push(struct list_ctx *c, const char *s)
{
	if (c->n == c->cap) {
		const char **more;

		c->cap = c->cap ? c->cap * 2 : 8;
		more = arena_alloc(c->r->arena, c->cap * sizeof(*more));
		if (c->n > 0)
			memcpy(more, c->items, c->n * sizeof(*more));
		c->items = more;
	}
	c->items[c->n++] = s;
}

static enum MHD_Result
list_query_cb(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct list_ctx *c = cls;

	(void)kind;
	if (value != NULL && c->n < MAX_PARAMS && strcmp(key, c->key) == 0)
		list_push(c, value);
	return MHD_YES;
}

int
req_param_list(struct req *r, const char *name, const char ***out, size_t *n)
{
	struct list_ctx c = { .r = r };
	json_t *v, *item;
	size_t i;

	c.key = arena_printf(r->arena, "%s[]", name);
	v = req_param_json(r, c.key);
	if (v == NULL)
		v = req_param_json(r, name);
	if (json_is_array(v)) {
		json_array_foreach(v, i, item) {
			if (!json_is_string(item)) {
				req_errf(r, "%s must be a list of strings",
				    name);
				return E_BAD_REQUEST;
			}
			list_push(&c, json_string_value(item));
		}
	} else if (json_is_string(v))
		list_push(&c, json_string_value(v));
	else if (v == NULL)
		MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND,
		    list_query_cb, &c);
	else {
		req_errf(r, "%s must be a list", name);
		return E_BAD_REQUEST;
	}
	*out = c.items;
	*n = c.n;
	return E_OK;
}

static int
parse_form(struct req *r)
{
	const char *err = NULL;

	r->params = form_parse(r->body.data, r->body.len, MAX_PARAMS, &err);
	if (r->params == NULL) {
		req_errf(r, "%s", err);
		return E_BAD_REQUEST;
	}
	return E_OK;
}

/* Field names that hold numbers (ids, counts, positions) and booleans. */
static int
numeric_field(const char *k)
{
	size_t n = strlen(k);

	return strcmp(k, "id") == 0 || (n > 3 && strcmp(k + n - 3, "_id") == 0) ||
	    (n > 7 && strcmp(k + n - 7, "_number") == 0) ||
	    (n > 6 && strcmp(k + n - 6, "_level") == 0) ||
	    strcmp(k, "category") == 0 || strcmp(k, "position") == 0 ||
	    strcmp(k, "page") == 0 || strcmp(k, "per_page") == 0 ||
	    strcmp(k, "offset") == 0 || strcmp(k, "limit") == 0;
}

static int
boolean_field(const char *k)
{
	return strcmp(k, "enabled") == 0 || strcmp(k, "ascending") == 0;
}

/* Fields the handlers read as text.  Others (Discourse clients send a few
 * flags confab ignores, such as "whisper") may hold any scalar. */
static int
text_field(const char *k)
{
	static const char *const names[] = { "raw", "title", "name",
	    "username", "usernames", "email", "password", "login",
	    "description", "color", "text_color", "slug", "edit_reason",
	    "full_name", "bio_raw", "external_id", "archetype", "until",
	    "filter", "order", "type", "status", "target_usernames",
	    "target_recipients", "tags", "period", "cooked", NULL };
	size_t i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(k, names[i]) == 0)
			return 1;
	return 0;
}

static int
digits(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* One value under key k (depth 0 top level, 1 inside an object). */
static int
json_value_ok(const char *k, json_t *v, int depth, int in_perms, char *err,
    size_t errlen)
{
	const char *name;
	json_t *item;
	size_t i;

	if (in_perms || numeric_field(k)) {
		if (json_is_integer(v) || (json_is_string(v) &&
		    (*json_string_value(v) == '\0' ||
		    digits(json_string_value(v)))))
			return 1;
		snprintf(err, errlen, "%s must be an integer", k);
		return 0;
	}
	if (boolean_field(k)) {
		if (json_is_boolean(v) || json_is_string(v))
			return 1;
		snprintf(err, errlen, "%s must be true or false", k);
		return 0;
	}
	if (json_is_string(v))
		return 1;
	if (json_is_array(v)) {
		json_array_foreach(v, i, item)
			if (!json_is_string(item) && !json_is_integer(item)) {
				snprintf(err, errlen, "%s must be a list of "
				    "strings", k);
				return 0;
			}
		return 1;
	}
	if (json_is_object(v) && depth == 0) {
		json_object_foreach(v, name, item)
			if (!json_value_ok(name, item, 1,
			    strcmp(k, "permissions") == 0, err, errlen))
				return 0;
		return 1;
	}
	if (!text_field(k) && !json_is_object(v))
		return 1;
	snprintf(err, errlen, "%s must be %s", k, json_is_object(v) ?
	    "a string, not an object" : "a string");
	return 0;
}

int
http_json_types_ok(json_t *params, char *err, size_t errlen)
{
	const char *k;
	json_t *v;

	json_object_foreach(params, k, v)
		if (!json_value_ok(k, v, 0, 0, err, errlen))
			return 0;
	return 1;
}

static int
parse_body(struct req *r)
{
	const char *ct = req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
	json_error_t jerr;
	char err[256];

	if (r->body.len == 0)
		return E_OK;
	if (ct != NULL && strncasecmp(ct, "application/json", 16) == 0) {
		r->params = json_loadb(r->body.data, r->body.len,
		    JSON_REJECT_DUPLICATES, &jerr);
		if (r->params == NULL || !json_is_object(r->params)) {
			req_errf(r, "The request body is not a JSON object");
			return E_BAD_REQUEST;
		}
		if (!http_json_types_ok(r->params, err, sizeof(err))) {
			req_errf(r, "%s", err);
			return E_BAD_REQUEST;
		}
		return E_OK;
	}
	if (ct == NULL || strncasecmp(ct,
	    "application/x-www-form-urlencoded", 33) == 0)
		return parse_form(r);
	req_errf(r, "Send application/json or "
	    "application/x-www-form-urlencoded");
	return E_UNSUPPORTED;
}

/* --- responses ----------------------------------------------------- */

json_t *
json_time(int64_t t)
{
	char s[32];

	if (t == 0)
		return json_null();
	util_iso8601(t, s);
	return json_string(s);
}

void
resp_header(struct req *r, const char *name, const char *value)
{
	if (r->nhdr == REQ_MAX_HEADERS) {
		log_warnx("req %llu: too many response headers",
		    (unsigned long long)r->id);
		return;
	}
	r->hdr_name[r->nhdr] = name;
	r->hdr_value[r->nhdr] = value;
	r->nhdr++;
}

static void
set_response(struct req *r, int status, struct MHD_Response *resp,
    const char *ctype)
{
	if (r->resp != NULL)
		MHD_destroy_response(r->resp);
	r->resp = resp;
	r->status = status;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
}

int
resp_json(struct req *r, int status, json_t *obj)
{
	struct MHD_Response *resp;
	char *s;

	if (r->view) {
		/* A browser page: html.c renders it after the handler. */
		json_decref(r->view_json);
		r->view_json = obj;
		r->status = status;
		return E_OK;
	}
	s = json_dumps(obj, JSON_COMPACT);
	json_decref(obj);
	if (s == NULL)
		return E_INTERNAL;
	r->resp_len = strlen(s);
	if ((resp = mhd_response_take(s, r->resp_len)) == NULL) {
		free(s);
		return E_INTERNAL;
	}
	set_response(r, status, resp, "application/json; charset=utf-8");
	return E_OK;
}

int
resp_raw(struct req *r, int status, const char *ctype, const char *data,
    size_t len)
{
	struct MHD_Response *resp;

	r->resp_len = len;
	if ((resp = mhd_response_copy(data, len)) == NULL)
		return E_INTERNAL;
	set_response(r, status, resp, ctype);
	return E_OK;
}

int
resp_ok(struct req *r)
{
	return resp_json(r, 200, json_pack("{s:s}", "success", "OK"));
}

/*
 * The one renderer of errors, in Discourse's shape:
 * {"errors":[msg],"error_type":type[,"extras":{...}]}.
 */
static void
render_error(struct req *r, int e)
{
	const struct err_info *info;
	json_t *body;
	char *wait;

	if (e <= E_OK || e >= E__MAX)
		e = E_INTERNAL;
	info = &errors[e];
	if (e == E_INTERNAL)
		r->errmsg = NULL;	/* details went to the log */
	if (e == E_INTERNAL || json_array_size(r->errlist) == 0)
		body = json_pack("{s:[s]}", "errors",
		    r->errmsg && *r->errmsg ? r->errmsg : info->message);
	else
		body = json_pack("{s:O}", "errors", r->errlist);
	if (*info->type)
		json_object_set_new(body, "error_type", json_string(info->type));
	if (e == E_RATE_LIMIT && r->err_extras == NULL)
		r->err_extras = json_pack("{s:i,s:s}", "wait_seconds",
		    r->retry_after, "time_left", arena_printf(r->arena,
		    "%d seconds", r->retry_after));
	if (r->err_extras != NULL) {
		json_object_set_new(body, "extras", r->err_extras);
		r->err_extras = NULL;
	}
	if (e == E_RATE_LIMIT) {
		wait = arena_printf(r->arena, "%d", r->retry_after);
		resp_header(r, MHD_HTTP_HEADER_RETRY_AFTER, wait);
	}
	resp_json(r, info->status, body);
}

static int
has_header(struct req *r, const char *name)
{
	int i;

	for (i = 0; i < r->nhdr; i++)
		if (strcasecmp(r->hdr_name[i], name) == 0)
			return 1;
	return 0;
}

/*
 * Whether the response must stay out of shared caches: it is an error, or
 * a handler made it for someone (a session or API key was presented, or a
 * cookie was set).  Static files are the same for everyone.
 */
static int
private_response(struct req *r)
{
	int i;

	if (r->status >= 400)
		return 1;
	if (r->route == NULL)
		return 0;
	if (r->user != NULL || req_cookie(r, "_t") != NULL ||
	    req_header(r, "Api-Key") != NULL)
		return 1;
	for (i = 0; i < r->nhdr; i++)
		if (strcasecmp(r->hdr_name[i], "Set-Cookie") == 0)
			return 1;
	return 0;
}

void
http_add_security_headers(struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy",
	    "strict-origin-when-cross-origin");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Content-Security-Policy",
	    "default-src 'self'; script-src 'self'; object-src 'none'; "
	    "frame-ancestors 'none'; base-uri 'none'");
}

static void
add_headers(struct req *r)
{
	int i, private = private_response(r);

	http_add_security_headers(r->resp);
	/* One URL answers HTML or JSON by Accept, and anonymous or signed-in
	 * views by Cookie: tell shared caches.  Static files vary by
	 * neither. */
	MHD_add_response_header(r->resp, MHD_HTTP_HEADER_VARY,
	    r->route != NULL || r->status >= 400 ? "Accept, Cookie" :
	    "Accept");
	if (private)
		MHD_add_response_header(r->resp,
		    MHD_HTTP_HEADER_CACHE_CONTROL, "private, no-store");
	else if (!has_header(r, MHD_HTTP_HEADER_CACHE_CONTROL))
		MHD_add_response_header(r->resp,
		    MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache, no-store");
	if (r->cache_key == NULL)
		MHD_add_response_header(r->resp, "X-Request-Id",
		    arena_printf(r->arena, "%llu", (unsigned long long)r->id));
	for (i = 0; i < r->nhdr; i++)
		if (!private || strcasecmp(r->hdr_name[i],
		    MHD_HTTP_HEADER_CACHE_CONTROL) != 0)
			MHD_add_response_header(r->resp, r->hdr_name[i],
			    r->hdr_value[i]);
}

/* --- dispatch ------------------------------------------------------ */

static int
is_safe_method(const char *m)
{
	return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0 ||
	    strcmp(m, "OPTIONS") == 0;
}

/*
 * CSRF: a state-changing request that carries a browser cookie (the
 * session _t, or the anonymous _forum_session given out by
 * /session/csrf) must carry X-CSRF-Token bound to that cookie.  API-key
 * requests and cookie-less clients have no ambient authority to abuse.
 */
static int
check_csrf(struct req *r)
{
	const char *cookie;

	if (is_safe_method(r->method) || r->auth == AUTH_API_KEY)
		return E_OK;
	if ((cookie = req_cookie(r, "_t")) == NULL)
		cookie = req_cookie(r, "_forum_session");
	if (cookie == NULL)
		return E_OK;
	if (!auth_csrf_ok(cookie, req_header(r, "X-CSRF-Token")))
		return E_BAD_CSRF;
	return E_OK;
}

static int
check_flags(struct req *r, unsigned flags)
{
	if ((flags & (R_USER | R_STAFF | R_ADMIN)) && r->user == NULL)
		return E_NOT_LOGGED_IN;
	if ((flags & R_STAFF) && !r->user->admin && !r->user->moderator)
		return E_FORBIDDEN;
	if ((flags & R_ADMIN) && !r->user->admin)
		return E_FORBIDDEN;
	return E_OK;
}

static int
wants_json(struct req *r)
{
	const char *accept = req_header(r, MHD_HTTP_HEADER_ACCEPT);

	return accept != NULL && strstr(accept, "application/json") != NULL;
}

/* Normalises the path: no ".json" (noted in want_json), no trailing '/'. */
static int
normalise_path(struct req *r)
{
	size_t len = strlen(r->url);
	char *p;

	if (len == 0 || len > MAX_PATH || r->url[0] != '/')
		return E_NOT_FOUND;
	p = arena_strndup(r->arena, r->url, len);
	if (len > 5 && strcmp(p + len - 5, ".json") == 0) {
		p[len - 5] = '\0';
		len -= 5;
		r->want_json = 1;
	}
	while (len > 1 && p[len - 1] == '/')
		p[--len] = '\0';
	r->path = p;
	if (!r->want_json)
		r->want_json = wants_json(r);
	return E_OK;
}

/*
 * Browser pages drawn from an API route at another path: the page is that
 * route's JSON rendered by html.c (and redrawn by the front end), so
 * readers without JavaScript and crawlers see the program too.
 */
static const struct {
	const char	*page;
	const char	*api;
} page_sources[] = {
	{ "/schedule",		"/conference/schedule" },
	{ "/recordings",	"/conference/recordings" },
};

/* The path whose route answers r: r->path, or for a page listed in
 * page_sources asked for as HTML, its API path. */
static const char *
route_path(struct req *r)
{
	size_t i;

	if (!r->want_json)
		for (i = 0; i < sizeof(page_sources) / sizeof(page_sources[0]);
		    i++)
			if (strcmp(r->path, page_sources[i].page) == 0)
				return page_sources[i].api;
	return r->path;
}

/* Matches the route once per request; E_OK with r->route set, or 404/405. */
static int
find_route(struct req *r)
{
	struct route_args args;
	int known, e, i;

	if (r->path == NULL && (e = normalise_path(r)) != E_OK)
		return e;
	r->route = route_match(r->method, route_path(r), r->arena, &args,
	    &known);
	if (r->route == NULL)
		return known ? E_METHOD : E_NOT_FOUND;
	for (i = 0; i < args.n; i++) {
		r->arg_names[i] = args.name[i];
		r->args[i] = args.value[i];
	}
	r->nargs = args.n;
	return E_OK;
}

/* Finds out who is asking (session or API key), once per request. */
static int
resolve_sender(struct req *r)
{
	if (!r->sender_known) {
		r->sender_rc = session_resolve(r);
		r->sender_known = 1;
	}
	return r->sender_rc;
}

/*
 * The most body bytes this request may send: cfg.max_body, except on a
 * route that takes a file (R_UPLOAD) from a sender who passes the route's
 * other checks: cfg.max_upload.  Asked only once a body is larger than
 * cfg.max_body, so ordinary requests never resolve their sender early and
 * no one else can make the server hold a large body.
 */
static size_t
body_cap(struct req *r)
{
	if (r->body_cap == 0) {
		r->body_cap = cfg.max_body;
		if ((r->route != NULL || find_route(r) == E_OK) &&
		    (r->route->flags & R_UPLOAD) &&
		    resolve_sender(r) == E_OK &&
		    check_flags(r, r->route->flags) == E_OK)
			r->body_cap = cfg.max_upload;
	}
	return r->body_cap;
}

static int
dispatch(struct req *r)
{
	int e;

	if (r->bad_framing)
		return E_BAD_FRAMING;
	if (r->bad_head)
		return r->bad_head;
	if (r->body_too_large)
		return E_TOO_LARGE;
	e = r->route ? E_OK : find_route(r);
	/* Browsers asking for a page get it rendered, or the shell. */
	if (is_safe_method(r->method) && !r->want_json) {
		if (r->route != NULL && static_is_page(r->path))
			r->view = 1;
		else if (r->route == NULL && r->path != NULL &&
		    static_answer(r) == E_OK)
			return E_OK;
	}
	if (e != E_OK)
		return e;
	if ((e = resolve_sender(r)) != E_OK)
		return e;
	if ((e = check_csrf(r)) != E_OK)
		return e;
	if ((e = check_flags(r, r->route->flags)) != E_OK)
		return e;
	if ((e = parse_body(r)) != E_OK)
		return e;
	return r->route->fn(r);
}

/* Turns a page handler's JSON (or its error) into HTML; 0 when done. */
static int
render_view(struct req *r, int e)
{
	int status = e == E_OK ? r->status : errors[e > E_OK && e < E__MAX ?
	    e : E_INTERNAL].status;

	if (e == E_OK && r->view_json == NULL)
		return -1;
	r->view = 0;
	return html_page(r, e == E_OK ? r->view_json : NULL, status) == E_OK ?
	    0 : -1;
}

/*
 * Copies s for the log with control characters, '\\', '"' and bytes
 * past ASCII written as \xNN, so a client cannot forge log lines or
 * terminal escapes.  Arena string.
 */
static const char *
log_safe(struct req *r, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, o = 0, n = strlen(s);
	char *out = arena_alloc(r->arena, n * 4 + 1);

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c >= 0x7f || c == '\\' || c == '"') {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		} else
			out[o++] = (char)c;
	}
	out[o] = '\0';
	return out;
}

static void
serve(struct req *r)
{
	int e;

	db_unavailable_take();	/* forget an earlier request's failure */
	e = dispatch(r);
	/* The storage failed (disk full, I/O error, locked): nothing was
	 * committed, and trying again later may work. */
	if (db_unavailable_take() && (e == E_INTERNAL ||
	    (e == E_OK && r->resp == NULL))) {
		log_warnx("req %llu: %s %s: storage unavailable",
		    (unsigned long long)r->id, log_safe(r, r->method),
		    log_safe(r, r->url));
		e = E_UNAVAILABLE;
		r->view = 0;
		if (r->resp != NULL) {
			MHD_destroy_response(r->resp);
			r->resp = NULL;
		}
	}
	if (r->view && render_view(r, e) == 0)
		e = E_OK;
	r->view = 0;
	if (e != E_OK || r->resp == NULL) {
		if (e == E_OK)
			e = E_INTERNAL;
		if (e == E_INTERNAL)
			log_warnx("req %llu: %s %s: internal error",
			    (unsigned long long)r->id, log_safe(r, r->method),
			    log_safe(r, r->url));
		render_error(r, e);
	}
	/* A write that succeeded makes every cached read stale. */
	if (!is_safe_method(r->method) && r->status < 400)
		cache_bump();
	/* Give the connection back before the bytes go out. */
	if (r->db != NULL) {
		db_pool_put(pool, r->db);
		r->db = NULL;
	}
	add_headers(r);
}

static enum MHD_Result
queue(struct req *r, int close)
{
	enum MHD_Result rc;

	if (close)
		MHD_add_response_header(r->resp, MHD_HTTP_HEADER_CONNECTION,
		    "close");
	rc = MHD_queue_response(r->conn, (unsigned)r->status, r->resp);
	r->queued = 1;
	return rc;
}

/* --- the anonymous read cache ------------------------------------- */

static enum MHD_Result
append_query(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct buf *b = cls;

	(void)kind;
	if (b->len < 4096)
		buf_printf(b, "&%s=%s", key, value ? value : "");
	return MHD_YES;
}

/*
 * Another process (an admin command, an import) may have committed since
 * we last looked.  Looking costs SQLite a shared lock (two fcntl calls), so
 * under load we look at most every CHANGE_CHECK_NS: a commit that close
 * to a read is indistinguishable from one that came just after it.
 */
#define CHANGE_CHECK_NS	(5 * 1000 * 1000)

static void
notice_other_writers(struct req *r)
{
	static atomic_llong last_check;
	long long now = (long long)(now_ms() * 1e6), last;

	last = atomic_load(&last_check);
	if (now - last < CHANGE_CHECK_NS ||
	    !atomic_compare_exchange_strong(&last_check, &last, now))
		return;
	if (db_changed(req_db(r)))
		cache_bump();
}

/*
 * Whether this request may be answered from, or fill, the cache: a GET
 * of a cacheable route by someone without a session or key.  Sets
 * r->cache_key and r->cache_gen.
 */
static int
cacheable(struct req *r)
{
	struct buf key = {0};

	if (strcmp(r->method, "GET") != 0 || r->bad_framing ||
	    r->body_too_large || find_route(r) != E_OK ||
	    (!r->want_json && !static_is_page(r->path)) ||
	    !(r->route->flags & R_CACHE) || req_cookie(r, "_t") != NULL ||
	    req_header(r, "Api-Key") != NULL)
		return 0;
	buf_printf(&key, "%c%s?", r->want_json ? 'j' : 'h', r->path);
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND,
	    append_query, &key);
	if (key.len >= 4096) {
		buf_free(&key);
		return 0;
	}
	notice_other_writers(r);
	r->cache_gen = cache_generation();
	r->cache_key = arena_strdup(r->arena, key.data);
	buf_free(&key);
	return 1;
}

/* Answers a request whose body has fully arrived. */
static enum MHD_Result
respond(struct req *r)
{
	enum MHD_Result rc;
	int status, hit_rc;
	int64_t view_topic;

	if (cacheable(r) && cache_serve(r->cache_key, r->cache_gen, r->conn,
	    &status, &hit_rc, &view_topic)) {
		if (view_topic != 0)
			views_add(view_topic, 1);
		r->status = status;
		r->queued = 1;
		r->cache_hit = 1;
		if (r->db != NULL) {
			db_pool_put(pool, r->db);
			r->db = NULL;
		}
		return (enum MHD_Result)hit_rc;
	}
	serve(r);
	rc = queue(r, r->body_too_large);
	if (r->cache_key != NULL && r->status == 200 && r->nhdr == 0 &&
	    cache_put(r->cache_key, r->cache_gen, r->resp, r->status,
	    r->resp_len, r->view_topic))
		r->resp = NULL;		/* the cache holds it now */
	return rc;
}

/* --- libmicrohttpd callbacks --------------------------------------- */

struct framing {
	int	content_length;
	int	transfer_encoding;
	int	unknown_coding;		/* a Transfer-Encoding but "chunked" */
};

static enum MHD_Result
count_framing(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct framing *f = cls;

	(void)kind;
	if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0)
		f->content_length++;
	else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0) {
		f->transfer_encoding++;
		/* libmicrohttpd decodes only "chunked"; with anything else
		 * it would wait for a body it cannot delimit. */
		if (value == NULL || strcasecmp(value, "chunked") != 0)
			f->unknown_coding = 1;
	}
	return MHD_YES;
}

static void
client_ip(struct req *r)
{
	const union MHD_ConnectionInfo *ci;
	const struct sockaddr *sa;

	ci = MHD_get_connection_info(r->conn,
	    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(r->ip, sizeof(r->ip), "?");
	if (ci == NULL || (sa = ci->client_addr) == NULL)
		return;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
		    r->ip, sizeof(r->ip));
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
		    &((const struct sockaddr_in6 *)sa)->sin6_addr, r->ip,
		    sizeof(r->ip));
}

/*
 * HTTP/1.1 (or a later 1.x) without Host: E_NO_HOST, else E_OK.  A strict
 * libmicrohttpd would refuse it itself, but its answer repeats its header
 * block (see http_start).
 */
static int
check_head(struct MHD_Connection *conn, const char *version)
{
	if (strncmp(version, "HTTP/1.", 7) == 0 &&
	    strcmp(version, MHD_HTTP_VERSION_1_0) != 0 &&
	    MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_HOST) == NULL)
		return E_NO_HOST;
	return E_OK;
}

static struct req *
req_new(struct MHD_Connection *conn, const char *method, const char *url,
    const char *version)
{
	struct req *r = xcalloc(1, sizeof(*r));
	struct framing f = {0};
	unsigned long long len;
	const char *cl;

	r->conn = conn;
	r->arena = arena_new();
	r->id = atomic_fetch_add(&next_id, 1) + 1;
	r->t_start = now_ms();
	r->method = arena_strdup(r->arena, method);
	r->url = arena_strdup(r->arena, url);
	client_ip(r);
	r->bad_head = check_head(conn, version);
	MHD_get_connection_values(conn, MHD_HEADER_KIND, count_framing, &f);
	if (f.content_length > 1 || (f.content_length && f.transfer_encoding) ||
	    f.transfer_encoding > 1 || f.unknown_coding)
		r->bad_framing = 1;
	cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (cl != NULL && (len = strtoull(cl, NULL, 10)) > cfg.max_body &&
	    len > body_cap(r))
		r->body_too_large = 1;
	atomic_fetch_add(&in_flight, 1);
	return r;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct req *r = *con_cls;
	size_t total;

	(void)cls;
	if (r == NULL) {
		deadline_headers_in(conn);
		*con_cls = r = req_new(conn, method, url, version);
		/* Refuse now, and close: the body cannot be trusted. */
		if (r->bad_framing || r->bad_head || r->body_too_large) {
			serve(r);
			return queue(r, 1);
		}
		return MHD_YES;
	}
	if (r->queued)
		return MHD_YES;
	if (*upload_data_size > 0) {
		/* The idle timeout restarts with every byte: a body dripped a
		 * byte a second would hold the connection for ever. */
		if (now_ms() - r->t_start > cfg.body_deadline * 1000.0) {
			log_warnx("req %llu: body still arriving after %u s; "
			    "closing", (unsigned long long)r->id,
			    cfg.body_deadline);
			return MHD_NO;
		}
		total = r->body.len + *upload_data_size;
		if (r->body_too_large || (total > cfg.max_body &&
		    total > body_cap(r))) {
			r->body_too_large = 1;
			r->discarded += *upload_data_size;
			if (r->discarded > MAX_DISCARD)
				return MHD_NO;
		} else
			buf_append(&r->body, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	return respond(r);
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct req *r = *con_cls;
	int64_t uid;
	long long cs;

	(void)cls;
	deadline_rearm(conn);
	if (r == NULL)
		return;
	uid = r->user ? r->user->id : 0;
	/* Hundredths of a millisecond, in integers: float formatting
	 * showed in profiles of the hottest path. */
	cs = (long long)((now_ms() - r->t_start) * 100.0);
	log_access("access id=%llu ip=%s %s %s %d %lld.%02lldms user=%lld%s%s",
	    (unsigned long long)r->id, r->ip, log_safe(r, r->method),
	    log_safe(r, r->path ? r->path : r->url), r->status,
	    cs / 100, cs % 100, (long long)uid, r->cache_hit ? " cached" : "",
	    toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
	if (r->db != NULL)
		db_pool_put(pool, r->db);
	if (r->resp != NULL)
		MHD_destroy_response(r->resp);
	json_decref(r->params);
	json_decref(r->err_extras);
	json_decref(r->errlist);
	json_decref(r->view_json);
	buf_free(&r->body);
	arena_free(r->arena);
	free(r);
	*con_cls = NULL;
	atomic_fetch_sub(&in_flight, 1);
}

static int
parse_listen(const char *listen, struct sockaddr_in *sa)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	char *end;
	long port;

	if (colon == NULL || (size_t)(colon - listen) >= sizeof(host))
		return -1;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	port = strtol(colon + 1, &end, 10);
	if (*end != '\0' || port < 0 || port > 65535)
		return -1;
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	return inet_pton(AF_INET, host, &sa->sin_addr) == 1 ? 0 : -1;
}

/*
 * Decodes %XX in the URL and query string in place, as libmicrohttpd
 * would, except that %00 stays as written: a decoded NUL would silently
 * cut the path short ("/t/1%00.json" served as "/t/1").  Returns the new
 * length.
 */
static size_t
unescape(void *cls, struct MHD_Connection *conn, char *s)
{
	char *in = s, *out = s;
	int hi, lo;

	(void)cls;
	(void)conn;
	while (*in != '\0') {
		if (in[0] == '%' && (hi = escape_hexval(in[1])) >= 0 &&
		    (lo = escape_hexval(in[2])) >= 0 && (hi | lo) != 0) {
			*out++ = (char)(hi << 4 | lo);
			in += 3;
		} else
			*out++ = *in++;
	}
	*out = '\0';
	return (size_t)(out - s);
}

static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512], *p;

	(void)cls;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	msg[strcspn(msg, "\n")] = '\0';
	for (p = msg; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	log_warnx("mhd: %s", msg);
}

int
http_start(struct db_pool *p, unsigned short *port)
{
	struct sockaddr_in sa;
	const union MHD_DaemonInfo *info;

	pool = p;
	if (parse_listen(cfg.listen, &sa) != 0) {
		log_warnx("bad listen address %s (want IPv4ADDR:PORT)",
		    cfg.listen);
		return -1;
	}
	if (deadline_start(cfg.header_deadline) != 0)
		return -1;
	daemon_handle = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG | MHD_USE_TURBO, 0,
	    NULL, NULL,
	    on_request, NULL,
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
	    /* Not strict: libmicrohttpd's own answer to HTTP/1.1 without
	     * Host sends its header block twice; check_head() refuses such
	     * requests instead.  (Strict also refuses spaces in the URL,
	     * which match no route here: 404.) */
	    MHD_OPTION_STRICT_FOR_CLIENT, 0,
	    MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_THREAD_POOL_SIZE, cfg.threads,
	    MHD_OPTION_CONNECTION_TIMEOUT, cfg.conn_timeout,
	    MHD_OPTION_CONNECTION_LIMIT, cfg.conn_limit,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg.per_ip_conn_limit,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, cfg.conn_memory,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
	    MHD_OPTION_NOTIFY_CONNECTION, deadline_notify, NULL,
	    MHD_OPTION_END);
	if (daemon_handle == NULL) {
		log_warnx("cannot listen on %s", cfg.listen);
		deadline_stop();
		return -1;
	}
	info = MHD_get_daemon_info(daemon_handle, MHD_DAEMON_INFO_BIND_PORT);
	*port = info ? info->port : ntohs(sa.sin_port);
	return 0;
}

void
http_stop(void)
{
	int i;

	if (daemon_handle == NULL)
		return;
	MHD_quiesce_daemon(daemon_handle);
	/* Let requests in flight finish, for up to ten seconds. */
	for (i = 0; i < 1000 && atomic_load(&in_flight) > 0; i++)
		usleep(10 * 1000);
	MHD_stop_daemon(daemon_handle);
	daemon_handle = NULL;
	deadline_stop();
}

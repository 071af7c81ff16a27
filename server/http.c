/*
 * The libmicrohttpd glue: the daemon, the access and completion callbacks,
 * per-request state, body accumulation under a cap, the anonymous read
 * cache, and the dispatcher that finds the route (a page or the API),
 * applies its flags and calls its handler.  What a request says is read in
 * req.c; what it gets back, errors included, is made in resp.c.
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
#include "cache.h"
#include "config.h"
#include "db.h"
#include "deadline.h"
#include "escape.h"
#include "html.h"
#include "http.h"
#include "http_private.h"
#include "log.h"
#include "mhd_errors.h"
#include "route.h"
#include "session.h"
#include "static.h"
#include "users.h"
#include "views.h"

/* Past this much discarded body we drop the connection. */
#define MAX_DISCARD	(1024 * 1024)

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

/*
 * A request for a page: a GET or HEAD that does not ask for JSON.  (An
 * OPTIONS request is safe too, but no page answers it.)
 */
static int
wants_page(struct req *r)
{
	return is_safe_method(r->method) && !r->want_json;
}

/* Whether the client said it takes HTML (browsers always do). */
static int
takes_html(struct req *r)
{
	const char *accept = req_header(r, MHD_HTTP_HEADER_ACCEPT);

	return accept != NULL && strstr(accept, "text/html") != NULL;
}

/*
 * Matches the route once per request: for a page request, a page row of
 * the table first, then (for pages and the API alike) the API rows.
 * Returns E_OK with r->route set, or 404/405.
 */
static int
find_route(struct req *r)
{
	struct route_args args;
	int known, e, i;

	if (r->path == NULL && (e = req_normalise_path(r)) != E_OK)
		return e;
	if (wants_page(r))
		r->route = route_find(1, r->method, r->path, r->arena, &args,
		    &known);
	if (r->route == NULL)
		r->route = route_find(0, r->method, r->path, r->arena, &args,
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
	/*
	 * Browsers asking for a page get it rendered, or the shell; files
	 * are served; a path with no page is a 404 page, even where the
	 * API answers it.  Clients that say nothing of HTML still get what
	 * a handler answers (JSON, a calendar).
	 */
	if (wants_page(r)) {
		if (r->route == NULL) {
			if (r->path != NULL && static_answer(r) == E_OK)
				return E_OK;
		} else if (r->route->page != PAGE_NONE) {
			if (r->route->fn == NULL)
				return html_page(r, NULL, 200);
			r->view = 1;
		} else if (takes_html(r))
			r->view = 1;
	}
	if (e != E_OK)
		return e;
	if ((e = resolve_sender(r)) != E_OK)
		return e;
	if ((e = check_csrf(r)) != E_OK)
		return e;
	if ((e = check_flags(r, r->route->flags)) != E_OK)
		return e;
	if ((e = req_parse_body(r)) != E_OK)
		return e;
	return r->route->fn(r);
}

/*
 * Turns a page handler's JSON (or its error) into HTML; 0 when done, -1
 * when the handler answered something else (a calendar file).  On a row
 * with no page, its JSON and its errors alike become the not-found page.
 */
static int
render_view(struct req *r, int e)
{
	int status = e == E_OK ? r->status : resp_error_status(e);
	json_t *view = e == E_OK ? r->view_json : NULL;

	if (e == E_OK && r->view_json == NULL)
		return -1;
	r->view = 0;
	if (r->route->page == PAGE_NONE) {
		status = 404;
		view = NULL;
	}
	return html_page(r, view, status) == E_OK ? 0 : -1;
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
		resp_error(r, e);
	}
	/* A write that succeeded makes every cached read stale, unless it
	 * changed only what the caller alone sees (a reader's timings come
	 * every few seconds and would empty the cache). */
	if (!is_safe_method(r->method) && r->status < 400 &&
	    (r->route == NULL || !(r->route->flags & R_OWN)))
		cache_bump();
	/* Give the connection back before the bytes go out. */
	if (r->db != NULL) {
		db_pool_put(pool, r->db);
		r->db = NULL;
	}
	resp_add_headers(r);
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
	    (!r->want_json && r->route->page == PAGE_NONE) ||
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
	json_decref(r->err_list);
	json_decref(r->err_fields);
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


/*
 * What a request gets back: JSON and raw responses, extra headers, the
 * one renderer of errors (Discourse's {"errors":[...],"error_type":...}
 * with the messages and extras a handler collected) and the headers every
 * response carries (security policy, Vary, Cache-Control, request id).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <microhttpd.h>

#include "http.h"
#include "http_private.h"
#include "log.h"
#include "mhd_errors.h"

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

void
req_errors(struct req *r, json_t *list)
{
	json_decref(r->err_list);
	r->err_list = list;
}

int
req_refuse(struct req *r, int e, struct refusal *rf)
{
	req_errors(r, rf->messages);
	rf->messages = NULL;
	if (e == E_RATE_LIMIT)
		r->retry_after = rf->wait_seconds;
	return e;
}

void
req_err_set(struct req *r, const char *name, json_t *value)
{
	if (r->err_fields == NULL)
		r->err_fields = json_object();
	json_object_set_new(r->err_fields, name, value);
}

int
resp_error_status(int e)
{
	return errors[e > E_OK && e < E__MAX ? e : E_INTERNAL].status;
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
 * {"errors":[msg, ...],"error_type":type[,fields...][,"extras":{...}]}.
 */
void
resp_error(struct req *r, int e)
{
	const struct err_info *info;
	json_t *body, *list;
	char *wait;

	if (e <= E_OK || e >= E__MAX)
		e = E_INTERNAL;
	info = &errors[e];
	list = r->err_list;
	r->err_list = NULL;
	if (e == E_INTERNAL) {
		r->errmsg = NULL;	/* details went to the log */
		json_decref(list);
		list = NULL;
		json_decref(r->err_fields);
		r->err_fields = NULL;
	}
	if (list == NULL || json_array_size(list) == 0) {
		json_decref(list);
		list = json_pack("[s]", r->errmsg && *r->errmsg ? r->errmsg :
		    info->message);
	}
	body = json_pack("{s:o}", "errors", list);
	if (*info->type)
		json_object_set_new(body, "error_type", json_string(info->type));
	if (r->err_fields != NULL) {
		json_object_update(body, r->err_fields);
		json_decref(r->err_fields);
		r->err_fields = NULL;
	}
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
resp_add_security_headers(struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy",
	    "strict-origin-when-cross-origin");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Content-Security-Policy",
	    "default-src 'self'; script-src 'self'; object-src 'none'; "
	    "frame-ancestors 'none'; base-uri 'none'");
}

void
resp_add_headers(struct req *r)
{
	int i, private = private_response(r);

	resp_add_security_headers(r->resp);
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


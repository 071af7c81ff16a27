/*
 * What a request says: its headers and cookies, its route arguments, its
 * parameters (a JSON or form body, then the query string) with confab's
 * no-coercion rule for JSON field types, and its normalised path.  The
 * getters only read; the body is parsed once, by the dispatcher, through
 * req_parse_body.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <microhttpd.h>

#include "form.h"
#include "http.h"
#include "http_private.h"

#define MAX_PATH	2048
#define MAX_PARAMS	1000

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
req_json_types_ok(json_t *params, char *err, size_t errlen)
{
	const char *k;
	json_t *v;

	json_object_foreach(params, k, v)
		if (!json_value_ok(k, v, 0, 0, err, errlen))
			return 0;
	return 1;
}

int
req_parse_body(struct req *r)
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
		if (!req_json_types_ok(r->params, err, sizeof(err))) {
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

static int
wants_json(struct req *r)
{
	const char *accept = req_header(r, MHD_HTTP_HEADER_ACCEPT);

	return accept != NULL && strstr(accept, "application/json") != NULL;
}

/* Normalises the path: no ".json" (noted in want_json), no trailing '/'. */
int
req_normalise_path(struct req *r)
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

/*
 * Reading state, as Discourse's client and API use it: POST
 * /topics/timings (what the reader has seen, sent every few seconds by
 * the topic page), the caller's /new and /unread lists, and dismissing
 * them (PUT /topics/reset-new, PUT /topics/bulk with the dismiss_posts
 * operation).  The rules are core/reading_rules.c's; the list shape is
 * server/present_list.c's, so /new and /unread answer exactly as
 * /latest does.  Every route here needs a signed-in caller and changes
 * only that caller's state (R_OWN keeps the anonymous cache).
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "handlers.h"
#include "http.h"
#include "lists.h"
#include "perm.h"
#include "present_list.h"
#include "reading.h"
#include "reading_rules.h"
#include "topics.h"
#include "users.h"

#define MAX_BULK_TOPICS	1000

/* Digits only (at most 18), as a post number or milliseconds; 0 or -1. */
static int
count_text(const char *s, int64_t *out)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > 18)
		return -1;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return -1;
	*out = strtoll(s, NULL, 10);
	return 0;
}

/* The same from a JSON value: a non-negative integer or such a string. */
static int
json_count(json_t *v, int64_t *out)
{
	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		*out = json_integer_value(v);
		return 0;
	}
	return json_is_string(v) ? count_text(json_string_value(v), out) : -1;
}

/*
 * timings: {"post_number": msecs, ...} (form fields timings[N]=msecs)
 * into numbers; E_OK or E_BAD_REQUEST with a message.
 */
static int
read_timings(struct req *r, int64_t *numbers, size_t *n)
{
	json_t *tm = req_param_json(r, "timings"), *v;
	const char *key;
	int64_t ms;

	*n = 0;
	if (tm == NULL)
		return E_OK;
	if (!json_is_object(tm)) {
		req_errf(r, "timings must map post numbers to milliseconds");
		return E_BAD_REQUEST;
	}
	if (json_object_size(tm) > READING_MAX_TIMINGS) {
		req_errf(r, "Too many timings (at most %d at a time)",
		    READING_MAX_TIMINGS);
		return E_BAD_REQUEST;
	}
	json_object_foreach(tm, key, v) {
		if (count_text(key, &numbers[*n]) != 0 ||
		    json_count(v, &ms) != 0) {
			req_errf(r, "timings must map post numbers to "
			    "milliseconds");
			return E_BAD_REQUEST;
		}
		(*n)++;
	}
	return E_OK;
}

/*
 * POST /topics/timings: topic_id, topic_time (ms) and timings[N]=ms.
 * The highest post number given that exists becomes the caller's last
 * read unless it is lower.  Answers 200 with an empty body as Discourse,
 * 400 for malformed or too many timings, 404 for a topic the caller may
 * not see.
 */
int
h_reading_timings(struct req *r)
{
	int64_t numbers[READING_MAX_TIMINGS], topic_id, topic_time, last_read,
	    msecs;
	struct topic_rights tr;
	struct topic *t;
	size_t n;
	int e;

	if ((e = req_param_int(r, "topic_id", 0, &topic_id)) != E_OK ||
	    (e = req_param_int(r, "topic_time", 0, &topic_time)) != E_OK)
		return e;
	if (topic_id <= 0) {
		req_errf(r, "param is missing or the value is empty: topic_id");
		return E_BAD_REQUEST;
	}
	if ((e = read_timings(r, numbers, &n)) != E_OK ||
	    (e = perm_topic_load(r, topic_id, &t, &tr)) != E_OK)
		return e;
	if (reading_timings_check(t->highest_post_number, numbers, n,
	    topic_time, &last_read, &msecs) != 0)
		return E_BAD_REQUEST;
	if (db_reading_record(req_db(r), r->user->id, t->id, last_read, msecs,
	    util_now()) != DB_OK)
		return E_INTERNAL;
	return resp_raw(r, 200, "text/plain; charset=utf-8", "", 0);
}

/* Runs the caller's /new or /unread list: 200, or 400 for bad paging. */
static int
reading_list(struct req *r, enum list_kind kind, const char *path)
{
	struct list_query q = { .kind = kind, .user_id = r->user->id };
	struct list_params p;
	int64_t created_at, new_since;
	int e;

	if ((e = present_list_params(r, &p)) != E_OK)
		return e;
	if ((q.visible = perm_visible_categories(r)) == NULL)
		return E_INTERNAL;
	if (kind == LIST_NEW) {
		if (db_reading_user_marks(req_db(r), r->user->id, &created_at,
		    &new_since) != DB_OK)
			return E_INTERNAL;
		q.filter = reading_new_threshold(util_now(),
		    cfg.new_topic_minutes, created_at, new_since);
	}
	return present_topic_list(r, &q, &p, 1, path, NULL, NULL);
}

/* GET /new: the caller's new topics, bumped first.  200 or 400. */
int
h_reading_new(struct req *r)
{
	return reading_list(r, LIST_NEW, "/new");
}

/* GET /unread: the caller's tracked topics with unread posts.  200, 400. */
int
h_reading_unread(struct req *r)
{
	return reading_list(r, LIST_UNREAD, "/unread");
}

/*
 * PUT /topics/reset-new: every topic now new stops being new (later ones
 * will be).  Answers {"success":"OK"}.
 */
int
h_reading_reset_new(struct req *r)
{
	if (db_reading_reset_new(req_db(r), r->user->id, util_now()) != DB_OK)
		return E_INTERNAL;
	return resp_ok(r);
}

/* topic_ids[] as a JSON array text in *out; E_OK or E_BAD_REQUEST. */
static int
bulk_topic_ids(struct req *r, const char **out)
{
	const char **list;
	struct buf b = {0};
	int64_t id;
	size_t n, i;
	int e;

	*out = NULL;
	if ((e = req_param_list(r, "topic_ids", &list, &n)) != E_OK)
		return e;
	if (n == 0)
		return E_OK;
	if (n > MAX_BULK_TOPICS) {
		req_errf(r, "Too many topic_ids (at most %d at a time)",
		    MAX_BULK_TOPICS);
		return E_BAD_REQUEST;
	}
	buf_putc(&b, '[');
	for (i = 0; i < n; i++) {
		if (count_text(list[i], &id) != 0 || id <= 0) {
			buf_free(&b);
			req_errf(r, "topic_ids must be positive integers");
			return E_BAD_REQUEST;
		}
		buf_printf(&b, "%s%lld", i ? "," : "", (long long)id);
	}
	buf_putc(&b, ']');
	*out = arena_strdup(r->arena, b.data);
	buf_free(&b);
	return E_OK;
}

/*
 * PUT /topics/bulk with operation[type]=dismiss_posts and either
 * topic_ids[] or filter=unread: those topics (or every unread one) become
 * read to their end.  Answers {"topic_ids":[...changed]}, or 400 for
 * another operation (none other is supported yet) or neither topic_ids
 * nor filter=unread.
 */
int
h_reading_bulk(struct req *r)
{
	json_t *op = req_param_json(r, "operation"), *ids_json;
	const char *type = NULL, *filter = req_param(r, "filter"), *ids,
	    *visible;
	int64_t *changed;
	size_t n, i;
	int e;

	if (json_is_object(op))
		type = json_string_value(json_object_get(op, "type"));
	if (type == NULL || strcmp(type, "dismiss_posts") != 0) {
		req_errf(r, "operation[type] must be dismiss_posts");
		return E_BAD_REQUEST;
	}
	if ((e = bulk_topic_ids(r, &ids)) != E_OK)
		return e;
	if (ids == NULL && (filter == NULL || strcmp(filter, "unread") != 0)) {
		req_errf(r, "param is missing or the value is empty: "
		    "topic_ids");
		return E_BAD_REQUEST;
	}
	if ((visible = perm_visible_categories(r)) == NULL ||
	    db_reading_dismiss_posts(req_db(r), r->arena, r->user->id,
	    visible, ids, &changed, &n) != DB_OK)
		return E_INTERNAL;
	ids_json = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(ids_json, json_integer(changed[i]));
	return resp_json(r, 200, json_pack("{s:o}", "topic_ids", ids_json));
}

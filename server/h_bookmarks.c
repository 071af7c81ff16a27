/*
 * Bookmarks (docs/api.md): creating one on a post or a topic (POST
 * /bookmarks, PUT /t/{id}/bookmark, Discourse's older PUT
 * /posts/{id}/bookmark), changing its name and reminder (PUT
 * /bookmarks/{id}), deleting it (DELETE /bookmarks/{id}, PUT
 * /t/{id}/remove_bookmarks) and the caller's own list (GET
 * /u/{username}/bookmarks, GET /bookmarks).  The rules are
 * core/bookmarking.c's; reminders are sent by server/reminders.c.
 */
#include <string.h>

#include "bookmarking.h"
#include "bookmarks.h"
#include "db.h"
#include "err.h"
#include "handlers.h"
#include "http.h"
#include "perm.h"
#include "present.h"
#include "users.h"
#include "util.h"

#define BOOKMARKS_PAGE		20	/* Discourse's page of the list */
#define BOOKMARKS_MAX_PAGE	1000

/* Reads reminder_at (absent or empty: none); E_OK or E_BAD_REQUEST. */
static int
read_reminder(struct req *r, int64_t *at)
{
	const char *s = req_param(r, "reminder_at");

	*at = 0;
	if (s == NULL || *s == '\0')
		return E_OK;
	if (util_parse_iso8601(s, at) != 0 || *at <= 0) {
		req_errf(r, "reminder_at is not a valid time (ISO 8601, e.g. "
		    "2026-11-24T07:00:00Z)");
		return E_BAD_REQUEST;
	}
	return E_OK;
}

/* name, or NULL when absent or empty. */
static const char *
read_name(struct req *r)
{
	const char *s = req_param(r, "name");

	return s != NULL && *s != '\0' ? s : NULL;
}

/* Creates the caller's bookmark of kind/id with the request's name and
 * reminder; *id is the new one's.  E_OK or an error for the dispatcher. */
static int
create(struct req *r, enum bookmark_kind kind, int64_t target, int64_t *id)
{
	const struct viewer *v = perm_viewer(r);
	struct refusal rf = {0};
	int64_t reminder;
	int e;

	if (v == NULL)
		return E_INTERNAL;
	if ((e = read_reminder(r, &reminder)) != E_OK)
		return e;
	if ((e = bookmarking_create(req_db(r), r->arena, v, kind, target,
	    read_name(r), reminder, util_now(), &rf, id)) != E_OK)
		return req_refuse(r, e, &rf);
	return E_OK;
}

int
h_bookmarks_create(struct req *r)
{
	const char *type = req_param(r, "bookmarkable_type");
	int64_t target, id;
	int e, kind;

	if ((e = req_param_int(r, "bookmarkable_id", 0, &target)) != E_OK)
		return e;
	if (target <= 0) {
		req_errf(r, "param is missing or the value is empty: "
		    "bookmarkable_id");
		return E_BAD_REQUEST;
	}
	if (type == NULL || *type == '\0') {
		req_errf(r, "param is missing or the value is empty: "
		    "bookmarkable_type");
		return E_BAD_REQUEST;
	}
	if ((kind = bookmarking_kind(type)) < 0) {
		req_errf(r, "bookmarkable_type must be Post or Topic");
		return E_BAD_REQUEST;
	}
	if ((e = create(r, (enum bookmark_kind)kind, target, &id)) != E_OK)
		return e;
	return resp_json(r, 200, json_pack("{s:s,s:I}", "success", "OK",
	    "id", (json_int_t)id));
}

int
h_bookmarks_update(struct req *r)
{
	const struct viewer *v = perm_viewer(r);
	struct refusal rf = {0};
	int64_t reminder;
	int e;

	if (v == NULL)
		return E_INTERNAL;
	if ((e = read_reminder(r, &reminder)) != E_OK)
		return e;
	if ((e = bookmarking_update(req_db(r), r->arena, v, req_arg_id(r,
	    "id"), read_name(r), reminder, util_now(), &rf)) != E_OK)
		return req_refuse(r, e, &rf);
	return resp_ok(r);
}

int
h_bookmarks_destroy(struct req *r)
{
	const struct viewer *v = perm_viewer(r);
	int e, still;

	if (v == NULL)
		return E_INTERNAL;
	if ((e = bookmarking_delete(req_db(r), r->arena, v, req_arg_id(r, "id"),
	    &still)) != E_OK)
		return e;
	return resp_json(r, 200, json_pack("{s:s,s:b}", "success", "OK",
	    "topic_bookmarked", still));
}

int
h_bookmarks_topic(struct req *r)
{
	int64_t id;
	int e;

	if ((e = create(r, BOOKMARK_TOPIC, req_arg_id(r, "id"), &id)) != E_OK)
		return e;
	return resp_json(r, 200, json_pack("{s:s,s:I}", "success", "OK",
	    "id", (json_int_t)id));
}

int
h_bookmarks_topic_remove(struct req *r)
{
	const struct viewer *v = perm_viewer(r);
	int e;

	if (v == NULL)
		return E_INTERNAL;
	if ((e = bookmarking_remove_topic(req_db(r), r->arena, v,
	    req_arg_id(r, "id"))) != E_OK)
		return e;
	return resp_ok(r);
}

int
h_bookmarks_post(struct req *r)
{
	const struct viewer *v = perm_viewer(r);
	int64_t post_id = req_arg_id(r, "id"), id;
	struct bookmark *b;
	int e, on, rc, still;

	if (v == NULL)
		return E_INTERNAL;
	if ((e = req_param_bool(r, "bookmarked", 1, &on)) != E_OK)
		return e;
	if (on) {
		if ((e = create(r, BOOKMARK_POST, post_id, &id)) != E_OK)
			return e;
		return resp_json(r, 200, json_pack("{s:s,s:I}", "success",
		    "OK", "id", (json_int_t)id));
	}
	rc = db_bookmark_find(req_db(r), r->arena, r->user->id, "Post",
	    post_id, &b);
	if (rc == DB_NOTFOUND)
		return E_NOT_FOUND;
	if (rc != DB_OK)
		return E_INTERNAL;
	if ((e = bookmarking_delete(req_db(r), r->arena, v, b->id, &still)) !=
	    E_OK)
		return e;
	return resp_json(r, 200, json_pack("{s:s,s:b}", "success", "OK",
	    "topic_bookmarked", still));
}

int
h_bookmarks_index(struct req *r)
{
	const char *username = req_arg_named(r, "username");
	const char *visible = perm_visible_categories(r);
	struct bookmark *list;
	struct user *u;
	int64_t page;
	json_t *arr, *o;
	size_t n, i;
	int e, rc;

	if (username != NULL) {
		if (strlen(username) > 60)
			return E_NOT_FOUND;
		rc = db_user_by_username(req_db(r), r->arena, username, &u);
		if (rc == DB_NOTFOUND || (rc == DB_OK && !u->active))
			return E_NOT_FOUND;
		if (rc != DB_OK)
			return E_INTERNAL;
		/* One's bookmarks are one's own, as Discourse's. */
		if (u->id != r->user->id)
			return E_FORBIDDEN;
	}
	if ((e = req_param_int(r, "page", 0, &page)) != E_OK)
		return e;
	if (page < 0 || page > BOOKMARKS_MAX_PAGE) {
		req_errf(r, "page must be between 0 and %d",
		    BOOKMARKS_MAX_PAGE);
		return E_BAD_REQUEST;
	}
	if (visible == NULL || db_bookmark_list(req_db(r), r->arena,
	    r->user->id, visible, BOOKMARKS_PAGE, page * BOOKMARKS_PAGE,
	    &list, &n) != DB_OK)
		return E_INTERNAL;
	arr = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(arr, present_bookmark(&list[i]));
	o = json_pack("{s:o}", "bookmarks", arr);
	if (n == BOOKMARKS_PAGE)
		json_object_set_new(o, "more_bookmarks_url", json_sprintf(
		    "/u/%s/bookmarks.json?page=%lld", r->user->username,
		    (long long)page + 1));
	return resp_json(r, 200, json_pack("{s:o}", "user_bookmark_list", o));
}

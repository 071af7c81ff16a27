/*
 * Topics: the topic page (GET /t/{id}.json and its slug and post-number
 * forms) with its first chunk of posts and the stream of every post id,
 * further chunks (/t/{id}/posts.json), editing title, category and tags,
 * staff status changes (close, archive, unlist, pin) and deletion.
 *
 * What the caller may do comes from core/rights.c (perm_topic_load); a
 * topic the caller may not see answers exactly as one that does not exist.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conference.h"
#include "config.h"
#include "cook.h"
#include "db.h"
#include "handlers.h"
#include "http.h"
#include "perm.h"
#include "posting.h"
#include "posts.h"
#include "present.h"
#include "present_conference.h"
#include "reading.h"
#include "text.h"
#include "topics.h"
#include "users.h"
#include "valid.h"
#include "views.h"

#define CHUNK_SIZE		20
#define MAX_PARTICIPANTS	24
#define MAX_POST_IDS		100
#define MAX_TAG_INPUTS		100

/* --- the topic page ------------------------------------------------ */

/* Whether a pin is in force: pinned, and pinned_until (if any) ahead. */
static int
pinned_now(const struct topic *t, int64_t now)
{
	return t->pinned_at != 0 && (t->pinned_until == 0 ||
	    t->pinned_until > now);
}

static json_t *
user_json(int64_t id, const char *username, const char *name)
{
	return json_pack("{s:I,s:s,s:s,s:o}", "id", (json_int_t)id,
	    "username", username ? username : "", "name", name ? name : "",
	    "avatar_template", present_avatar_template(username ? username :
	    ""));
}

static json_t *
participants_json(struct req *r, const struct topic *t, int64_t *count)
{
	struct topic_participant *p;
	json_t *list = json_array();
	size_t n, i;

	*count = 0;
	if (db_topic_participants(req_db(r), r->arena, t->id,
	    MAX_PARTICIPANTS, &p, &n, count) != DB_OK) {
		json_decref(list);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		json_t *u = user_json(p[i].id, p[i].username, p[i].name);

		json_object_set_new(u, "post_count",
		    json_integer(p[i].post_count));
		json_object_set_new(u, "primary_group_name", json_null());
		json_object_set_new(u, "flair_name", json_null());
		json_object_set_new(u, "admin", json_boolean(p[i].admin));
		json_object_set_new(u, "moderator",
		    json_boolean(p[i].moderator));
		json_object_set_new(u, "trust_level",
		    json_integer(p[i].trust_level));
		json_array_append_new(list, u);
	}
	return list;
}

static json_t *
details_json(const struct topic *t, const struct topic_rights *tr,
    json_t *participants, int level)
{
	json_t *d = json_object();
	int staff = tr->staff && t->deleted_at == 0;

	json_object_set_new(d, "can_edit", json_boolean(tr->edit));
	json_object_set_new(d, "can_delete", json_boolean(tr->del));
	json_object_set_new(d, "can_create_post", json_boolean(tr->reply));
	json_object_set_new(d, "can_reply_as_new_topic",
	    json_boolean(tr->create_topic));
	json_object_set_new(d, "can_close_topic", json_boolean(staff));
	json_object_set_new(d, "can_archive_topic", json_boolean(staff));
	json_object_set_new(d, "can_toggle_topic_visibility",
	    json_boolean(staff));
	json_object_set_new(d, "can_pin_unpin_topic", json_boolean(staff));
	json_object_set_new(d, "can_moderate_category", json_boolean(staff));
	json_object_set_new(d, "notification_level", json_integer(level));
	json_object_set_new(d, "participants", participants);
	json_object_set_new(d, "created_by", user_json(t->user_id,
	    t->username, t->name));
	json_object_set_new(d, "last_poster", t->last_poster_username ?
	    user_json(t->last_post_user_id, t->last_poster_username,
	    t->last_poster_name) : json_null());
	return d;
}

static json_t *
tags_json(const struct topic *t)
{
	json_t *tags = json_array();
	size_t i;

	for (i = 0; i < t->ntags; i++)
		json_array_append_new(tags, json_string(t->tags[i]));
	return tags;
}

/* The topic-level fields of /t/{id}.json. */
static json_t *
topic_json(const struct topic *t, int64_t now)
{
	json_t *o = json_object();

#define SET(k, v) json_object_set_new(o, k, v)
	SET("id", json_integer(t->id));
	SET("title", json_string(t->title));
	SET("fancy_title", json_string(t->fancy_title));
	SET("slug", json_string(t->slug));
	SET("posts_count", json_integer(t->posts_count));
	SET("created_at", json_time(t->created_at));
	SET("views", json_integer(t->views));
	SET("reply_count", json_integer(t->reply_count));
	SET("like_count", json_integer(t->like_count));
	SET("last_posted_at", json_time(t->last_posted_at));
	SET("visible", json_boolean(t->visible));
	SET("closed", json_boolean(t->closed));
	SET("archived", json_boolean(t->archived));
	SET("has_summary", json_false());
	SET("archetype", json_string(t->archetype));
	SET("category_id", json_integer(t->category_id));
	SET("word_count", json_integer(t->word_count));
	SET("deleted_at", json_time(t->deleted_at));
	SET("user_id", json_integer(t->user_id));
	SET("featured_link", json_null());
	SET("pinned_globally", json_boolean(t->pinned_globally &&
	    pinned_now(t, now)));
	SET("pinned_at", json_time(t->pinned_at));
	SET("pinned_until", json_time(t->pinned_until));
	SET("pinned", json_boolean(pinned_now(t, now)));
	SET("unpinned", json_null());
	SET("image_url", json_null());
	SET("slow_mode_seconds", json_integer(0));
	SET("draft", json_null());
	SET("draft_key", json_sprintf("topic_%lld", (long long)t->id));
	SET("draft_sequence", json_integer(0));
	SET("highest_post_number", json_integer(t->highest_post_number));
	SET("deleted_by", json_null());
	SET("chunk_size", json_integer(CHUNK_SIZE));
	SET("bookmarked", json_false());
	SET("bookmarks", json_array());
	SET("topic_timer", json_null());
	SET("message_bus_last_id", json_integer(0));
	SET("show_read_indicator", json_false());
	SET("thumbnails", json_null());
	SET("tags", tags_json(t));
	SET("tags_descriptions", json_object());
#undef SET
	return o;
}

/*
 * The chunk of the stream to send: from the start, or around post_number
 * as Discourse does (a quarter of a chunk before it, the rest after, and
 * more before when the topic ends first).
 */
static void
chunk_window(const int64_t *numbers, size_t n, int64_t post_number,
    size_t *start, size_t *end)
{
	size_t idx = 0, before;

	if (post_number > 0)
		while (idx < n && numbers[idx] < post_number)
			idx++;
	if (idx == n && n > 0)
		idx = n - 1;
	before = idx < CHUNK_SIZE / 4 ? idx : CHUNK_SIZE / 4;
	*start = idx - before;
	*end = *start + CHUNK_SIZE < n ? *start + CHUNK_SIZE : n;
	if (*end - *start < CHUNK_SIZE)
		*start = *end > CHUNK_SIZE ? *end - CHUNK_SIZE : 0;
}

/*
 * The caller's highest post number read in topic_id into *out: -1 when
 * anonymous, 0 when they never read it.  E_OK or E_INTERNAL.
 */
static int
caller_last_read(struct req *r, int64_t topic_id, int64_t *out)
{
	struct reading_row row;
	int rc;

	*out = -1;
	if (r->user == NULL)
		return E_OK;
	rc = db_reading_get(req_db(r), r->user->id, topic_id, &row);
	if (rc == DB_ERROR)
		return E_INTERNAL;
	*out = rc == DB_OK ? row.last_read : 0;
	return E_OK;
}

/* Posts as an array of serialized posts, in post order or (in_stream)
 * in the order of ids; NULL on a database error.  Each post's "read" is
 * the caller's (post_number <= last_read); -1 (anonymous) keeps
 * Discourse's true. */
static json_t *
posts_json(struct req *r, const struct topic *t,
    const struct topic_rights *tr, const int64_t *ids, size_t nids,
    int in_stream, int64_t last_read)
{
	struct post **posts, *p;
	json_t *list;
	size_t n, i, j, k;

	if (db_posts_by_ids(req_db(r), r->arena, t->id, ids, nids,
	    r->user ? r->user->id : 0, tr->staff, &posts, &n) != DB_OK)
		return NULL;
	/* A session's stream can put the recording post, or the most
	 * voted questions, first (present_conference_stream). */
	for (i = 0, k = 0; in_stream && i < nids && k < n; i++)
		for (j = k; j < n; j++)
			if (posts[j]->id == ids[i]) {
				p = posts[k];
				posts[k++] = posts[j];
				posts[j] = p;
				break;
			}
	list = json_array();
	for (i = 0; i < n; i++) {
		json_t *o = present_post(r, t, tr, posts[i]);

		if (last_read >= 0)
			json_object_set_new(o, "read", json_boolean(
			    posts[i]->post_number <= last_read));
		json_array_append_new(list, o);
	}
	return list;
}

int
h_topics_show(struct req *r)
{
	int64_t *ids, *numbers, count, last_read;
	struct topic_rights tr;
	struct topic *t;
	json_t *o, *posts, *stream, *participants, *session;
	size_t n, i, start, end;
	int e, level;

	if ((e = perm_topic_load(r, req_arg_id(r, "id"), &t, &tr)) != E_OK ||
	    (e = caller_last_read(r, t->id, &last_read)) != E_OK)
		return e;
	if ((level = present_topic_level(r, t->id)) < 0)
		return E_INTERNAL;
	/* Staff see deleted posts, marked by deleted_at. */
	if (db_posts_stream(req_db(r), r->arena, t->id, tr.staff, &ids,
	    &numbers, &n) != DB_OK)
		return E_INTERNAL;
	if ((e = present_conference_stream(r, t, &tr, &ids, &numbers,
	    &n)) != E_OK)
		return e;
	chunk_window(numbers, n, req_arg_id(r, "post_number"), &start, &end);
	if ((posts = posts_json(r, t, &tr, n ? ids + start : NULL,
	    end - start, 1, last_read)) == NULL)
		return E_INTERNAL;
	if ((participants = participants_json(r, t, &count)) == NULL) {
		json_decref(posts);
		return E_INTERNAL;
	}
	views_count(req_db(r), t->id);
	r->view_topic = t->id;
	stream = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(stream, json_integer(ids[i]));
	o = topic_json(t, util_now());
	/* Discourse sends it only to a reader with state in the topic. */
	if (last_read > 0)
		json_object_set_new(o, "last_read_post_number",
		    json_integer(last_read));
	json_object_set_new(o, "participant_count", json_integer(count));
	json_object_set_new(o, "current_post_number",
	    json_integer(end > start ? numbers[start] : 1));
	json_object_set_new(o, "details", details_json(t, &tr,
	    participants, level));
	json_object_set_new(o, "post_stream", json_pack("{s:o,s:o}", "posts",
	    posts, "stream", stream));
	/* The caller's bookmarks: "bookmarked" here and on each post. */
	if (present_bookmarks_overlay(r, t->id, o, posts) != 0) {
		json_decref(o);
		return E_INTERNAL;
	}
	if ((session = present_conference_topic(r, t, &tr, &e)) != NULL)
		json_object_set_new(o, "conference_session", session);
	else if (e != E_OK) {
		json_decref(o);
		return e;
	}
	return resp_json(r, 200, o);
}

/* Parses post_ids[] into ids; E_OK or E_BAD_REQUEST with a message. */
static int
parse_post_ids(struct req *r, int64_t *ids, size_t *n)
{
	const char **list;
	char *end;
	long long v;
	size_t i;
	int e;

	if ((e = req_param_list(r, "post_ids", &list, n)) != E_OK)
		return e;
	if (*n == 0) {
		req_errf(r, "param is missing or the value is empty: post_ids");
		return E_BAD_REQUEST;
	}
	if (*n > MAX_POST_IDS) {
		req_errf(r, "Too many post_ids (at most %d at a time)",
		    MAX_POST_IDS);
		return E_BAD_REQUEST;
	}
	for (i = 0; i < *n; i++) {
		v = strtoll(list[i], &end, 10);
		if (*list[i] == '\0' || *end != '\0' || v <= 0 ||
		    v > (1LL << 53)) {
			req_errf(r, "post_ids must be positive integers");
			return E_BAD_REQUEST;
		}
		ids[i] = v;
	}
	return E_OK;
}

int
h_topics_posts(struct req *r)
{
	int64_t ids[MAX_POST_IDS], last_read;
	struct topic_rights tr;
	struct topic *t;
	json_t *posts;
	size_t n;
	int e;

	if ((e = parse_post_ids(r, ids, &n)) != E_OK ||
	    (e = perm_topic_load(r, req_arg_id(r, "id"), &t, &tr)) != E_OK ||
	    (e = caller_last_read(r, t->id, &last_read)) != E_OK)
		return e;
	if ((posts = posts_json(r, t, &tr, ids, n, 0, last_read)) == NULL)
		return E_INTERNAL;
	if (present_bookmarks_overlay(r, t->id, NULL, posts) != 0) {
		json_decref(posts);
		return E_INTERNAL;
	}
	return resp_json(r, 200, json_pack("{s:{s:o},s:I}", "post_stream",
	    "posts", posts, "id", (json_int_t)t->id));
}

/* --- editing ------------------------------------------------------- */

/* A parameter by its plain name or Discourse's nested topic[name]. */
static const char *
topic_param(struct req *r, const char *name)
{
	const char *v = req_param(r, name);

	return v ? v : req_param(r, arena_printf(r->arena, "topic[%s]", name));
}

int
h_topics_update(struct req *r)
{
	const struct viewer *v = perm_viewer(r);
	struct topic_update u = { .title = topic_param(r, "title") };
	struct refusal rf = {0};
	struct topic_rights tr;
	struct topic *t;
	int e;

	if (v == NULL)
		return E_INTERNAL;
	if ((e = perm_topic_load(r, req_arg_id(r, "id"), &t, &tr)) != E_OK)
		return e;
	if (!tr.edit)
		return E_FORBIDDEN;
	if ((e = req_param_int(r, "category_id", 0, &u.category_id)) != E_OK ||
	    (u.category_id == 0 && (e = req_param_int(r, "topic[category_id]",
	    0, &u.category_id)) != E_OK))
		return e;
	u.set_tags = req_param_json(r, "tags") != NULL ||
	    req_param_json(r, "tags[]") != NULL;
	if (u.set_tags &&
	    (e = req_param_list(r, "tags", &u.tags, &u.ntags)) != E_OK)
		return e;
	if ((e = posting_topic_update(req_db(r), r->arena, v, t, &tr, &u,
	    &rf)) != E_OK)
		return req_refuse(r, e, &rf);
	if (db_topic_get(req_db(r), r->arena, t->id, &t) != DB_OK)
		return E_INTERNAL;
	return resp_json(r, 200, json_pack("{s:{s:I,s:s,s:s,s:s,s:I}}",
	    "basic_topic", "id", (json_int_t)t->id, "title", t->title,
	    "fancy_title", t->fancy_title, "slug", t->slug, "posts_count",
	    (json_int_t)t->posts_count));
}

/* --- status -------------------------------------------------------- */

static const char *const status_names[TOPIC_STATUS__MAX] = {
	[TOPIC_STATUS_CLOSED] = "closed",
	[TOPIC_STATUS_ARCHIVED] = "archived",
	[TOPIC_STATUS_VISIBLE] = "visible",
	[TOPIC_STATUS_PINNED] = "pinned",
	[TOPIC_STATUS_PINNED_GLOBALLY] = "pinned_globally",
};

/* Reads status, enabled and until; E_OK or E_BAD_REQUEST with why. */
static int
read_status(struct req *r, enum topic_status *s, int *enabled,
    int64_t *until)
{
	const char *name = req_param(r, "status");
	const char *on = req_param(r, "enabled");
	const char *when = req_param(r, "until");
	int i;

	*until = 0;
	if (name == NULL || *name == '\0' || on == NULL || *on == '\0') {
		req_errf(r, "param is missing or the value is empty: %s",
		    name == NULL || *name == '\0' ? "status" : "enabled");
		return E_BAD_REQUEST;
	}
	for (i = 0; i < TOPIC_STATUS__MAX; i++)
		if (strcmp(name, status_names[i]) == 0)
			break;
	if (i == TOPIC_STATUS__MAX) {
		req_errf(r, "status must be one of closed, pinned, "
		    "pinned_globally, archived, visible");
		return E_BAD_REQUEST;
	}
	*s = (enum topic_status)i;
	if (strcmp(on, "true") != 0 && strcmp(on, "false") != 0) {
		req_errf(r, "enabled must be true or false");
		return E_BAD_REQUEST;
	}
	*enabled = strcmp(on, "true") == 0;
	if (when == NULL || *when == '\0' || !*enabled ||
	    (*s != TOPIC_STATUS_PINNED && *s != TOPIC_STATUS_PINNED_GLOBALLY))
		return E_OK;
	if (strlen(when) > 40 || util_parse_iso8601(when, until) != 0) {
		req_errf(r, "until must be a date (YYYY-MM-DD) or an ISO 8601 "
		    "time");
		return E_BAD_REQUEST;
	}
	if (*until <= util_now()) {
		req_errf(r, "until must be in the future");
		return E_BAD_REQUEST;
	}
	return E_OK;
}

int
h_topics_status(struct req *r)
{
	const struct viewer *v = perm_viewer(r);
	enum topic_status s;
	struct topic_rights tr;
	struct topic *t;
	int64_t until;
	int enabled, e;

	if (v == NULL)
		return E_INTERNAL;
	if ((e = read_status(r, &s, &enabled, &until)) != E_OK ||
	    (e = perm_topic_load(r, req_arg_id(r, "id"), &t, &tr)) != E_OK ||
	    (e = posting_topic_status(req_db(r), v, t, s, enabled, until)) !=
	    E_OK)
		return e;
	return resp_json(r, 200, json_pack("{s:s,s:n}", "success", "OK",
	    "topic_status_update"));
}

/* --- deletion ------------------------------------------------------ */

int
h_topics_destroy(struct req *r)
{
	const struct viewer *v = perm_viewer(r);
	struct topic_rights tr;
	struct topic *t;
	int e;

	if (v == NULL)
		return E_INTERNAL;
	if ((e = perm_topic_load(r, req_arg_id(r, "id"), &t, &tr)) != E_OK)
		return e;
	if ((e = posting_topic_delete(req_db(r), r->arena, v, t, &tr)) != E_OK)
		return e;
	return resp_ok(r);
}

/*
 * Bookmarks as Discourse serializes them: an entry of a user's list
 * (UserPostBookmarkSerializer / UserTopicBookmarkSerializer), and the
 * caller's bookmarks laid over a topic and its posts.  The overlay is
 * applied to bodies built for the caller alone: the response cache keeps
 * anonymous bodies only, and anonymous callers get no overlay.
 */
#include <string.h>

#include <jansson.h>

#include "bookmarks.h"
#include "http.h"
#include "present.h"
#include "users.h"

json_t *
present_bookmark(const struct bookmark *b)
{
	json_t *o = json_object();

#define SET(k, v) json_object_set_new(o, k, v)
	SET("id", json_integer(b->id));
	SET("created_at", json_time(b->created_at));
	SET("updated_at", json_time(b->updated_at));
	SET("name", present_str(b->name));
	SET("reminder_at", json_time(b->reminder_at));
	SET("reminder_last_sent_at", json_time(b->reminder_last_sent_at));
	SET("pinned", json_false());
	SET("title", present_str(b->title));
	SET("fancy_title", present_str(b->fancy_title));
	SET("excerpt", strcmp(b->bookmarkable_type, "Topic") == 0 ?
	    present_str(b->excerpt) : json_null());
	SET("bookmarkable_id", json_integer(b->bookmarkable_id));
	SET("bookmarkable_type", present_str(b->bookmarkable_type));
	SET("bookmarkable_url", json_sprintf("/t/%s/%lld/%lld", b->slug,
	    (long long)b->topic_id, (long long)b->post_number));
	SET("tags", json_array());
	SET("tags_descriptions", json_object());
	SET("truncated", json_false());
	SET("topic_id", json_integer(b->topic_id));
	SET("linked_post_number", json_integer(b->post_number));
	SET("deleted", json_false());
	SET("hidden", json_false());
	SET("category_id", json_integer(b->category_id));
	SET("closed", json_boolean(b->closed));
	SET("archived", json_boolean(b->archived));
	SET("archetype", present_str(b->archetype));
	SET("highest_post_number", json_integer(b->highest_post_number));
	SET("bumped_at", json_time(b->bumped_at));
	SET("slug", present_str(b->slug));
	SET("user", json_pack("{s:I,s:o,s:o,s:o}", "id",
	    (json_int_t)b->author_id, "username",
	    present_str(b->author_username), "name",
	    present_str(b->author_name ? b->author_name : ""),
	    "avatar_template", present_avatar_template(b->author_username)));
#undef SET
	return o;
}

/* The short form of a bookmark in a topic's "bookmarks". */
static json_t *
topic_entry(const struct bookmark *b)
{
	return json_pack("{s:I,s:I,s:s,s:o,s:o}", "id", (json_int_t)b->id,
	    "bookmarkable_id", (json_int_t)b->bookmarkable_id,
	    "bookmarkable_type", b->bookmarkable_type, "name",
	    present_str(b->name), "reminder_at", json_time(b->reminder_at));
}

int
present_bookmarks_overlay(struct req *r, int64_t topic_id, json_t *topic,
    json_t *posts)
{
	struct bookmark *list;
	json_t *arr, *p;
	size_t n, i, j;

	if (r->user == NULL)
		return 0;
	if (db_bookmark_in_topic(req_db(r), r->arena, r->user->id, topic_id,
	    &list, &n) != DB_OK)
		return -1;
	if (topic != NULL) {
		arr = json_array();
		for (i = 0; i < n; i++)
			json_array_append_new(arr, topic_entry(&list[i]));
		json_object_set_new(topic, "bookmarked", json_boolean(n > 0));
		json_object_set_new(topic, "bookmarks", arr);
	}
	json_array_foreach(posts, j, p) {
		json_int_t id = json_integer_value(json_object_get(p, "id"));

		for (i = 0; i < n; i++) {
			if (strcmp(list[i].bookmarkable_type, "Post") != 0 ||
			    list[i].bookmarkable_id != id)
				continue;
			json_object_set_new(p, "bookmarked", json_true());
			json_object_set_new(p, "bookmark_id",
			    json_integer(list[i].id));
			json_object_set_new(p, "bookmark_name",
			    present_str(list[i].name));
			json_object_set_new(p, "bookmark_reminder_at",
			    json_time(list[i].reminder_at));
			break;
		}
	}
	return 0;
}

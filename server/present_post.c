/*
 * Discourse's post serializer, for the caller: the post every topic,
 * post and like response carries, with its per-viewer parts (yours,
 * can_edit, can_delete, actions_summary) computed from the same rules
 * the writes obey (core/posting.c).
 */
#include <jansson.h>

#include "conference.h"
#include "handlers.h"
#include "http.h"
#include "perm.h"
#include "posting.h"
#include "present_conference.h"
#include "posts.h"
#include "present.h"
#include "topics.h"
#include "users.h"

/* The like entry of actions_summary, from the caller's point of view. */
static json_t *
like_summary(struct req *r, const struct topic_rights *tr,
    const struct post *p)
{
	int mine = r->user != NULL && r->user->id == p->user_id;
	int acted = p->liked_at != 0, live = p->deleted_at == 0;

	return json_pack("{s:i,s:I,s:b,s:b,s:b}", "id", POST_ACTION_LIKE,
	    "count", (json_int_t)p->like_count, "acted", acted,
	    "can_act", tr->act && live && !mine && !acted,
	    "can_undo", tr->act && live && acted &&
	    util_now() - p->liked_at < POST_UNDO_ACTION_SECONDS);
}

json_t *
present_post(struct req *r, const struct topic *t,
    const struct topic_rights *tr, const struct post *p)
{
	const struct viewer *v = perm_viewer(r);
	int mine = r->user != NULL && r->user->id == p->user_id;
	json_t *o = json_object();

#define SET(k, v) json_object_set_new(o, k, v)
	SET("id", json_integer(p->id));
	SET("name", json_string(p->name ? p->name : ""));
	SET("username", json_string(p->username));
	SET("avatar_template", present_avatar_template(p->username));
	SET("created_at", json_time(p->created_at));
	SET("updated_at", json_time(p->updated_at));
	SET("cooked", json_string(p->cooked));
	if (p->raw != NULL)
		SET("raw", json_string(p->raw));
	SET("post_number", json_integer(p->post_number));
	SET("post_type", json_integer(p->post_type));
	SET("reply_count", json_integer(p->reply_count));
	SET("reply_to_post_number", p->reply_to_post_number ?
	    json_integer(p->reply_to_post_number) : json_null());
	SET("quote_count", json_integer(0));
	SET("incoming_link_count", json_integer(0));
	SET("reads", json_integer(0));
	SET("readers_count", json_integer(0));
	SET("score", json_integer(0));
	SET("yours", json_boolean(mine));
	SET("topic_id", json_integer(t->id));
	SET("topic_slug", json_string(t->slug));
	SET("display_username", json_string(p->name ? p->name : ""));
	SET("primary_group_name", json_null());
	SET("flair_name", json_null());
	SET("version", json_integer(p->version));
	/* The same rules as the writes (v is loaded: t came through it). */
	SET("can_edit", json_boolean(v != NULL &&
	    posting_may_edit(v, t, tr, p)));
	SET("can_delete", json_boolean(v != NULL &&
	    posting_may_delete(v, t, tr, p)));
	SET("can_recover", json_false());
	SET("can_see_hidden_post", json_boolean(tr->staff));
	SET("can_wiki", json_false());
	SET("read", json_true());
	SET("user_title", json_null());
	SET("bookmarked", json_false());
	SET("actions_summary", json_pack("[o]", like_summary(r, tr, p)));
	SET("moderator", json_boolean(p->moderator));
	SET("admin", json_boolean(p->admin));
	SET("staff", json_boolean(p->admin || p->moderator));
	SET("user_id", json_integer(p->user_id));
	SET("hidden", json_false());
	SET("trust_level", json_integer(p->trust_level));
	SET("deleted_at", json_time(p->deleted_at));
	SET("user_deleted", json_false());
	SET("edit_reason", p->edit_reason ? json_string(p->edit_reason) :
	    json_null());
	SET("can_view_edit_history", json_true());
	SET("wiki", json_false());
	SET("like_count", json_integer(p->like_count));
	SET("link_counts", json_array());
	SET("post_url", json_sprintf("/t/%s/%lld/%lld", t->slug,
	    (long long)t->id, (long long)p->post_number));
#undef SET
	/* Votes, answered questions and the presenter badge, in sessions;
	 * on a database error the post goes out without them. */
	if (tr->session)
		present_conference_post_fields(r, t, tr, p, o);
	return o;
}

json_t *
present_post_alone(struct req *r, const struct topic *t,
    const struct topic_rights *tr, const struct post *p)
{
	json_t *o = present_post(r, t, tr, p), *one = json_pack("[O]", o);

	/* A database error leaves the post as everyone sees it. */
	(void)present_bookmarks_overlay(r, t->id, NULL, one);
	json_decref(one);
	return o;
}

/*
 * Notifications as Discourse's NotificationSerializer shows them, and the
 * caller's unread counts and watching levels that other shapes carry
 * (current user, profile, topic details, category).
 */
#include <string.h>

#include "http.h"
#include "notifications.h"
#include "notify.h"
#include "perm.h"
#include "present.h"
#include "rights.h"
#include "users.h"
#include "util.h"

json_t *
present_notification(const struct notif *n, int64_t user_id)
{
	json_t *o = json_object(), *data;

	data = n->data ? json_loads(n->data, 0, NULL) : NULL;
	if (!json_is_object(data)) {
		json_decref(data);
		data = json_object();
	}
	json_object_set_new(o, "id", json_integer(n->id));
	json_object_set_new(o, "user_id", json_integer(user_id));
	json_object_set_new(o, "notification_type", json_integer(n->type));
	json_object_set_new(o, "read", json_boolean(n->read));
	json_object_set_new(o, "high_priority", json_boolean(n->high_priority));
	json_object_set_new(o, "created_at", json_time(n->created_at));
	json_object_set_new(o, "post_number", n->post_number > 0 ?
	    json_integer(n->post_number) : json_null());
	json_object_set_new(o, "topic_id", json_integer(n->topic_id));
	json_object_set_new(o, "fancy_title", present_str(n->fancy_title));
	json_object_set_new(o, "slug", present_str(n->slug));
	json_object_set_new(o, "data", data);
	return o;
}

/* The categories u may see: the request's viewer when u is the caller,
 * else loaded for u.  NULL on a database error. */
static const char *
visible_for(struct req *r, const struct user *u)
{
	struct viewer v;

	if (r->user != NULL && r->user->id == u->id)
		return perm_visible_categories(r);
	if (viewer_load(req_db(r), r->arena, u, &v) != 0)
		return NULL;
	return rights_visible_categories(&v, r->arena);
}

int
present_unread_counts(struct req *r, const struct user *u, json_t *o)
{
	int64_t unread, high;
	const char *visible;

	if ((visible = visible_for(r, u)) == NULL ||
	    db_notif_unread(req_db(r), u->id, visible, &unread, &high) !=
	    DB_OK)
		return -1;
	json_object_set_new(o, "unread_notifications", json_integer(unread));
	json_object_set_new(o, "unread_high_priority_notifications",
	    json_integer(high));
	return 0;
}

int
present_topic_level(struct req *r, int64_t topic_id)
{
	int tl, cl;

	if (r->user == NULL)
		return NOTIFY_NORMAL;
	if (db_notif_levels(req_db(r), r->user->id, topic_id, &tl, &cl) ==
	    DB_ERROR)
		return -1;
	return notify_level_effective(tl, cl);
}

int
present_category_level(struct req *r, int64_t category_id)
{
	int level;

	if (r->user == NULL)
		return NOTIFY_NORMAL;
	if (db_notif_category_get(req_db(r), r->user->id, category_id,
	    &level) != DB_OK)
		return -1;
	return notify_level_effective(-1, level);
}

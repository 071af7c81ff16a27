/*
 * Notifications (docs/api.md): the caller's list (GET /notifications),
 * marking them read (PUT /notifications/mark-read) and the watching
 * levels of a topic (POST /t/{id}/notifications) and of a category (POST
 * /category/{id}/notifications), as Discourse answers them.  What is
 * written and who is told is core/notify.c's.
 */
#include <string.h>

#include "conference.h"
#include "db.h"
#include "handlers.h"
#include "http.h"
#include "notifications.h"
#include "notify.h"
#include "perm.h"
#include "present.h"
#include "present_conference.h"
#include "rights.h"
#include "topics.h"
#include "users.h"

#define NOTIF_PAGE		60	/* Discourse's default and largest page */
#define NOTIF_RECENT		10	/* the menu */
#define NOTIF_MAX_OFFSET	100000

/* Reads filter=read|unread (else all); E_OK or E_BAD_REQUEST. */
static int
read_filter(struct req *r, enum notif_filter *f)
{
	const char *s = req_param(r, "filter");

	*f = NOTIF_FILTER_ALL;
	if (s == NULL || *s == '\0' || strcmp(s, "all") == 0)
		return E_OK;
	if (strcmp(s, "read") == 0)
		*f = NOTIF_FILTER_READ;
	else if (strcmp(s, "unread") == 0)
		*f = NOTIF_FILTER_UNREAD;
	else {
		req_errf(r, "filter must be read or unread");
		return E_BAD_REQUEST;
	}
	return E_OK;
}

/* Reads offset and limit within bounds; E_OK or E_BAD_REQUEST. */
static int
read_page(struct req *r, int recent, int64_t *offset, int64_t *limit)
{
	int e;

	if ((e = req_param_int(r, "offset", 0, offset)) != E_OK ||
	    (e = req_param_int(r, "limit", recent ? NOTIF_RECENT : NOTIF_PAGE,
	    limit)) != E_OK)
		return e;
	if (*offset < 0 || *offset > NOTIF_MAX_OFFSET) {
		req_errf(r, "offset must be between 0 and %d",
		    NOTIF_MAX_OFFSET);
		return E_BAD_REQUEST;
	}
	if (*limit < 1)
		*limit = 1;
	if (*limit > NOTIF_PAGE)
		*limit = NOTIF_PAGE;
	return E_OK;
}

/*
 * A session_starting notification as its reader may see it now: the live
 * room when they may enter it (participants, presenters, staff), else the
 * conference's registration link when there is one.  Neither is stored
 * in the notification, so losing a right takes the room away at once.
 * Returns 0, or -1 on a database error.
 */
static int
session_links(struct req *r, json_t *o, int64_t topic_id, int *participant)
{
	json_t *data = json_object_get(o, "data");
	struct conf_session *s;
	const char *room, *reg;
	int rc;

	rc = db_conf_session_get(req_db(r), r->arena, topic_id, &s);
	if (rc == DB_NOTFOUND)
		return 0;
	if (rc != DB_OK)
		return -1;
	if (*participant < 0 &&
	    (*participant = present_conference_participant(r)) < 0)
		return -1;
	room = s->room_url ? s->room_url : s->webinar_room_url;
	if (room != NULL && present_conference_room(r, s, *participant)) {
		json_object_set_new(data, "room_url", json_string(room));
		return 0;
	}
	reg = present_conference_setting(r, "conference_registration_url");
	if (reg != NULL && *reg != '\0')
		json_object_set_new(data, "registration_url", json_string(reg));
	return 0;
}

int
h_notifications_index(struct req *r)
{
	const char *visible = perm_visible_categories(r);
	const char *filter_name = req_param(r, "filter");
	int64_t offset, limit, total, seen;
	enum notif_filter filter;
	struct notif *list;
	int recent, e, participant = -1;
	json_t *o, *arr, *item;
	size_t n, i;

	if ((e = req_param_bool(r, "recent", 0, &recent)) != E_OK ||
	    (e = read_filter(r, &filter)) != E_OK ||
	    (e = read_page(r, recent, &offset, &limit)) != E_OK)
		return e;
	if (visible == NULL || db_notif_list(req_db(r), r->arena, r->user->id,
	    visible, filter, limit, offset, &list, &n, &total) != DB_OK)
		return E_INTERNAL;
	/* Opening the menu sees what it shows, as Discourse's. */
	if (recent && n > 0 && offset == 0 &&
	    db_notif_seen_set(req_db(r), r->user->id, list[0].id) != DB_OK)
		return E_INTERNAL;
	if (db_notif_seen_get(req_db(r), r->user->id, &seen) != DB_OK)
		return E_INTERNAL;
	arr = json_array();
	for (i = 0; i < n; i++) {
		item = present_notification(&list[i], r->user->id);
		json_array_append_new(arr, item);
		if (list[i].type == NOTIFY_SESSION_STARTING &&
		    session_links(r, item, list[i].topic_id, &participant) != 0) {
			json_decref(arr);
			return E_INTERNAL;
		}
	}
	o = json_pack("{s:o,s:I,s:I}", "notifications", arr,
	    "total_rows_notifications", (json_int_t)total,
	    "seen_notification_id", (json_int_t)seen);
	json_object_set_new(o, "load_more_notifications", json_string(
	    arena_printf(r->arena, "/notifications?offset=%lld&limit=%lld%s%s",
	    (long long)(offset + limit), (long long)limit,
	    filter != NOTIF_FILTER_ALL ? "&filter=" : "",
	    filter != NOTIF_FILTER_ALL ? filter_name : "")));
	return resp_json(r, 200, o);
}

int
h_notifications_mark_read(struct req *r)
{
	int64_t id;
	int e, rc;

	if ((e = req_param_int(r, "id", 0, &id)) != E_OK)
		return e;
	if (id < 0) {
		req_errf(r, "id is invalid");
		return E_BAD_REQUEST;
	}
	rc = db_notif_mark_read(req_db(r), r->user->id, id);
	if (rc == DB_NOTFOUND)
		return E_NOT_FOUND;
	return rc == DB_OK ? resp_ok(r) : E_INTERNAL;
}

/* Reads notification_level: 400 when missing or not a number, 422 when
 * not a level. */
static int
read_level(struct req *r, int64_t *level)
{
	const char *s = req_param(r, "notification_level");
	int e;

	if (s == NULL || *s == '\0') {
		req_errf(r, "param is missing or the value is empty: "
		    "notification_level");
		return E_BAD_REQUEST;
	}
	if ((e = req_param_int(r, "notification_level", 0, level)) != E_OK)
		return e;
	if (!notify_level_valid(*level)) {
		req_errf(r, "notification_level must be 0, 1, 2 or 3");
		return E_INVALID;
	}
	return E_OK;
}

int
h_notifications_topic_level(struct req *r)
{
	struct topic_rights tr;
	struct topic *t;
	int64_t level;
	int e;

	if ((e = perm_topic_load(r, req_arg_id(r, "id"), &t, &tr)) != E_OK ||
	    (e = read_level(r, &level)) != E_OK)
		return e;
	if (db_notif_topic_set(req_db(r), r->user->id, t->id, (int)level,
	    NOTIFY_REASON_USER_CHANGED, 0) != DB_OK)
		return E_INTERNAL;
	return resp_ok(r);
}

int
h_notifications_category_level(struct req *r)
{
	int64_t id = req_arg_id(r, "id"), level;
	int e, p;

	if ((p = perm_category(r, id)) < 0)
		return E_INTERNAL;
	if (!perm_can_see(p))
		return E_NOT_FOUND;
	if ((e = read_level(r, &level)) != E_OK)
		return e;
	if (db_notif_category_set(req_db(r), r->user->id, id, (int)level) !=
	    DB_OK)
		return E_INTERNAL;
	return resp_ok(r);
}

/*
 * Session reminders (see session_reminders.h).  An entry is marked before
 * it is told, in the same transaction: a second process that reads the
 * same entry finds it marked and moves on, and a crash before the commit
 * loses both.  Whether the user may see the session is asked at that
 * moment, so a reminder never tells of a session they lost access to.
 * The live room is not in the notification: whoever reads it later gets
 * it only if they may see it then (server/present_notification.c).
 */
#include <stdlib.h>

#include <jansson.h>

#include "conference.h"
#include "db.h"
#include "err.h"
#include "notify.h"
#include "rights.h"
#include "session_reminders.h"
#include "topics.h"
#include "users.h"
#include "util.h"

/* Tells r's user, if they may see the session; 0 or -1. */
static int
remind_one(struct db *db, struct arena *a, const struct conf_reminder *r,
    int64_t now, size_t *sent)
{
	struct topic_rights tr;
	struct viewer v;
	struct topic *t;
	struct user *u;
	char iso[32], *text;
	json_t *data;
	int rc;

	if ((rc = db_user_by_id(db, a, r->user_id, &u)) == DB_NOTFOUND)
		return 0;
	if (rc != DB_OK || viewer_load(db, a, u, &v) != 0)
		return -1;
	if (!u->active)
		return 0;
	rc = rights_topic_load(db, a, &v, r->topic_id, &t, &tr);
	if (rc == E_NOT_FOUND)
		return 0;
	if (rc != E_OK)
		return -1;
	util_iso8601(r->starts_at, iso);
	data = json_pack("{s:s,s:s}", "topic_title", t->title, "starts_at",
	    iso);
	text = data ? json_dumps(data, JSON_COMPACT) : NULL;
	json_decref(data);
	if (text == NULL)
		return -1;
	rc = notify_session_starting(db, u->id, t->id, r->first_post_id, text,
	    now);
	free(text);
	if (rc != 0)
		return -1;
	(*sent)++;
	return 0;
}

int
session_remind_due(struct db *db, int64_t now, int64_t lead, size_t max,
    size_t *sent)
{
	struct arena *a = arena_new();
	struct conf_reminder *due;
	size_t n, i;
	int rc = -1, m;

	*sent = 0;
	if (db_begin(db) != DB_OK)
		goto out;
	if (db_conf_remind_due(db, a, now, now + lead, max, &due, &n) != DB_OK)
		goto rollback;
	for (i = 0; i < n; i++) {
		m = db_conf_remind_mark(db, due[i].user_id, due[i].topic_id,
		    due[i].starts_at);
		if (m == DB_NOTFOUND)
			continue;
		if (m != DB_OK || remind_one(db, a, &due[i], now, sent) != 0)
			goto rollback;
	}
	if (db_commit(db) == DB_OK) {
		rc = 0;
		goto out;
	}
rollback:
	db_rollback(db);
	*sent = 0;
out:
	arena_free(a);
	return rc;
}

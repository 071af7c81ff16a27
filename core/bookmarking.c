/*
 * Bookmarks and their reminders (see bookmarking.h).  The counts behind
 * the limits are read inside the write's BEGIN IMMEDIATE transaction, so
 * two requests at once cannot both take the last place; the reminder run
 * reads, notifies and marks in one such transaction, so a second process
 * (or the same one after a restart) finds nothing left to send.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "bookmarking.h"
#include "bookmarks.h"
#include "config.h"
#include "db.h"
#include "err.h"
#include "notify.h"
#include "posts.h"
#include "rights.h"
#include "topics.h"
#include "users.h"
#include "utf8.h"
#include "util.h"

int
bookmarking_kind(const char *type)
{
	if (type == NULL)
		return -1;
	if (strcmp(type, "Post") == 0)
		return BOOKMARK_POST;
	if (strcmp(type, "Topic") == 0)
		return BOOKMARK_TOPIC;
	return -1;
}

const char *
bookmarking_type_name(enum bookmark_kind k)
{
	return k == BOOKMARK_TOPIC ? "Topic" : "Post";
}

int
bookmarking_check(const char *name, int64_t reminder_at, int64_t now,
    struct refusal *rf)
{
	if (name != NULL && !utf8_valid(name, strlen(name)))
		refusal_add(rf, "Name is not valid UTF-8");
	else if (name != NULL && utf8_chars(name) > BOOKMARKING_NAME_MAX)
		refusal_add(rf, "Name is too long (maximum is %d characters)",
		    BOOKMARKING_NAME_MAX);
	if (reminder_at != 0 && reminder_at <= now)
		refusal_add(rf, "Reminder at must be in the future");
	else if (reminder_at != 0 &&
	    reminder_at - now > BOOKMARKING_REMINDER_MAX_AHEAD)
		refusal_add(rf, "Reminder at is too far in the future "
		    "(at most 5 years)");
	return refusal_count(rf) ? E_INVALID : E_OK;
}

int
bookmarking_limit(int64_t total, int64_t recent, int64_t oldest,
    int64_t now, unsigned per_day, unsigned per_user, struct refusal *rf)
{
	int64_t wait;

	if (total >= per_user) {
		refusal_add(rf, "Sorry, you cannot add more than %u bookmarks",
		    per_user);
		return E_INVALID;
	}
	if (recent >= per_day) {
		wait = oldest + BOOKMARKING_DAY - now;
		rf->wait_seconds = wait > 0 ? (int)wait : 1;
		refusal_add(rf, "You've performed this action too many times. "
		    "Please wait a while before trying again.");
		return E_RATE_LIMIT;
	}
	return E_OK;
}

/* Whether the viewer may see post or topic id now: E_OK (with the post,
 * NULL for a topic, and its topic), E_NOT_FOUND or E_INTERNAL. */
static int
visible(struct db *db, struct arena *a, const struct viewer *v,
    enum bookmark_kind k, int64_t id, struct post **pp, struct topic **tp)
{
	struct topic_rights tr;

	*pp = NULL;
	if (k == BOOKMARK_TOPIC)
		return rights_topic_load(db, a, v, id, tp, &tr);
	return rights_post_load(db, a, v, id, 0, pp, tp, &tr);
}

/* Commits, or rolls back; E_OK or E_INTERNAL. */
static int
finish(struct db *db, int e)
{
	if (e == E_OK && db_commit(db) == DB_OK)
		return E_OK;
	db_rollback(db);
	return e == E_OK ? E_INTERNAL : e;
}

int
bookmarking_create(struct db *db, struct arena *a, const struct viewer *v,
    enum bookmark_kind k, int64_t bookmarkable_id, const char *name,
    int64_t reminder_at, int64_t now, struct refusal *rf, int64_t *id)
{
	struct bookmark_new b = {
		.user_id = v->user->id,
		.bookmarkable_id = bookmarkable_id,
		.bookmarkable_type = bookmarking_type_name(k),
		.name = name,
		.reminder_at = reminder_at,
		.now = now,
	};
	int64_t total, recent, oldest;
	struct topic *t;
	struct post *p;
	int e, rc;

	*id = 0;
	if ((e = visible(db, a, v, k, bookmarkable_id, &p, &t)) != E_OK)
		return e;
	if ((e = bookmarking_check(name, reminder_at, now, rf)) != E_OK)
		return e;
	if (db_begin(db) != DB_OK)
		return E_INTERNAL;
	if (db_bookmark_counts(db, v->user->id, now - BOOKMARKING_DAY, &total,
	    &recent, &oldest) != DB_OK)
		return finish(db, E_INTERNAL);
	if ((e = bookmarking_limit(total, recent, oldest, now,
	    cfg.bookmarks_per_day, cfg.bookmarks_per_user, rf)) != E_OK)
		return finish(db, e);
	rc = db_bookmark_create(db, &b, id);
	if (rc == DB_CONSTRAINT) {
		refusal_add(rf, "You have already bookmarked this %s",
		    k == BOOKMARK_TOPIC ? "topic" : "post");
		return finish(db, E_INVALID);
	}
	return finish(db, rc == DB_OK ? E_OK : E_INTERNAL);
}

int
bookmarking_own(struct db *db, struct arena *a, const struct viewer *v,
    int64_t id, struct bookmark **out)
{
	int rc = db_bookmark_get(db, a, id, out);

	if (rc == DB_NOTFOUND)
		return E_NOT_FOUND;
	if (rc != DB_OK)
		return E_INTERNAL;
	return (*out)->user_id == v->user->id ? E_OK : E_FORBIDDEN;
}

int
bookmarking_update(struct db *db, struct arena *a, const struct viewer *v,
    int64_t id, const char *name, int64_t reminder_at, int64_t now,
    struct refusal *rf)
{
	struct bookmark *b;
	int e;

	if ((e = bookmarking_own(db, a, v, id, &b)) != E_OK)
		return e;
	/* An unchanged reminder already sent stays as it is, though past. */
	if ((e = bookmarking_check(name, reminder_at == b->reminder_at ? 0 :
	    reminder_at, now, rf)) != E_OK)
		return e;
	return db_bookmark_update(db, id, name, reminder_at, now) == DB_OK ?
	    E_OK : E_INTERNAL;
}

int
bookmarking_delete(struct db *db, struct arena *a, const struct viewer *v,
    int64_t id, int *topic_bookmarked)
{
	struct bookmark *b, *left;
	struct post *p;
	int64_t topic_id;
	size_t n;
	int e;

	*topic_bookmarked = 0;
	if ((e = bookmarking_own(db, a, v, id, &b)) != E_OK)
		return e;
	topic_id = b->bookmarkable_id;
	if (strcmp(b->bookmarkable_type, "Post") == 0) {
		topic_id = 0;
		if (db_post_get(db, a, b->bookmarkable_id, 0, 0, &p) == DB_OK)
			topic_id = p->topic_id;
	}
	if (db_bookmark_delete(db, id) == DB_ERROR)
		return E_INTERNAL;
	if (topic_id != 0) {
		if (db_bookmark_in_topic(db, a, v->user->id, topic_id, &left,
		    &n) != DB_OK)
			return E_INTERNAL;
		*topic_bookmarked = n > 0;
	}
	return E_OK;
}

int
bookmarking_remove_topic(struct db *db, struct arena *a,
    const struct viewer *v, int64_t topic_id)
{
	struct topic_rights tr;
	struct topic *t;
	int e;

	if ((e = rights_topic_load(db, a, v, topic_id, &t, &tr)) != E_OK)
		return e;
	return db_bookmark_delete_topic(db, v->user->id, topic_id) == DB_OK ?
	    E_OK : E_INTERNAL;
}

/*
 * Sends b's reminder if its owner may still see what it marks: 0 (sent
 * or skipped, *sent raised when sent) or -1.
 */
static int
remind_one(struct db *db, struct arena *a, const struct bookmark *b,
    int64_t now, size_t *sent)
{
	struct viewer v;
	struct user *u;
	struct topic *t;
	struct post *p;
	json_t *data;
	char *text;
	int rc, e, k = bookmarking_kind(b->bookmarkable_type);

	if ((rc = db_user_by_id(db, a, b->user_id, &u)) == DB_NOTFOUND)
		return 0;
	if (rc != DB_OK || viewer_load(db, a, u, &v) != 0)
		return -1;
	e = visible(db, a, &v, k < 0 ? BOOKMARK_POST : (enum bookmark_kind)k,
	    b->bookmarkable_id, &p, &t);
	if (e == E_NOT_FOUND || k < 0)
		return 0;
	if (e != E_OK)
		return -1;
	data = json_pack("{s:s,s:s,s:s?,s:s,s:I,s:s}", "topic_title", t->title,
	    "display_username", u->username, "bookmark_name", b->name,
	    "bookmarkable_url", arena_printf(a, "/t/%s/%lld/%lld", t->slug,
	    (long long)t->id, (long long)(p ? p->post_number : 1)),
	    "bookmark_id", (json_int_t)b->id, "bookmarkable_type",
	    b->bookmarkable_type);
	text = data ? json_dumps(data, JSON_COMPACT) : NULL;
	json_decref(data);
	if (text == NULL)
		return -1;
	rc = notify_bookmark_reminder(db, u->id, t->id, p ? p->post_number : 1,
	    p ? p->id : 0, text, now);
	free(text);
	if (rc != 0)
		return -1;
	(*sent)++;
	return 0;
}

int
bookmarking_remind_due(struct db *db, int64_t now, size_t max, size_t *sent)
{
	struct arena *a = arena_new();
	struct bookmark *due;
	size_t n, i;
	int rc = -1;

	*sent = 0;
	if (db_begin(db) != DB_OK)
		goto out;
	if (db_bookmark_due(db, a, now, max, &due, &n) != DB_OK)
		goto rollback;
	for (i = 0; i < n; i++) {
		/* Marked first: a row another run marked is not sent again. */
		int m = db_bookmark_mark_sent(db, due[i].id, now);

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

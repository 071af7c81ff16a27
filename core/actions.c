/*
 * Likes, votes and accepted answers (see actions.h): the one place each
 * is written, in a transaction that also holds the notification it
 * causes.
 */
#include "actions.h"
#include "conference.h"
#include "db.h"
#include "err.h"
#include "notify.h"
#include "posts.h"
#include "util.h"

/* Commits, or rolls back and maps rc (DB_*) to an outcome: constraint
 * and not-found to the given ones. */
static int
finish(struct db *db, int rc, int constraint, int notfound)
{
	if (rc == DB_OK && (rc = db_commit(db)) == DB_OK)
		return E_OK;
	db_rollback(db);
	if (rc == DB_CONSTRAINT)
		return constraint;
	return rc == DB_NOTFOUND ? notfound : E_INTERNAL;
}

int
actions_like(struct db *db, const struct post *p, int64_t user_id, int like)
{
	int64_t now = util_now();
	struct arena *a;
	int rc;

	if (db_begin(db) != DB_OK)
		return E_INTERNAL;
	if (!like)
		return finish(db, db_post_unlike(db, p, user_id), E_FORBIDDEN,
		    E_NOT_FOUND);
	if ((rc = db_post_like(db, p, user_id, now)) == DB_OK) {
		a = arena_new();
		if (notify_liked(db, a, p->id, p->topic_id, p->post_number,
		    p->user_id, user_id, now) != 0)
			rc = DB_ERROR;
		arena_free(a);
	}
	return finish(db, rc, E_FORBIDDEN, E_NOT_FOUND);
}

int
actions_vote(struct db *db, const struct post *p, int64_t user_id, int on)
{
	int rc;

	if (db_begin(db) != DB_OK)
		return E_INTERNAL;
	rc = on ? db_conf_vote_add(db, p->id, user_id, util_now()) :
	    db_conf_vote_remove(db, p->id, user_id);
	return finish(db, rc, E_INVALID, E_INVALID);
}

int
actions_accept(struct db *db, const struct post *p, int64_t topic_id,
    int64_t user_id, int on)
{
	int64_t now = util_now();
	struct arena *a;
	int rc;

	if (db_begin(db) != DB_OK)
		return E_INTERNAL;
	if (!on)
		return finish(db, db_conf_answer_clear(db, p->id), E_INVALID,
		    E_INVALID);
	if ((rc = db_conf_answer_set(db, p->id, topic_id, user_id, now)) ==
	    DB_OK) {
		a = arena_new();
		if (notify_answer_accepted(db, a, p->id, topic_id,
		    p->post_number, p->user_id, user_id, now) != 0)
			rc = DB_ERROR;
		arena_free(a);
	}
	return finish(db, rc, E_INVALID, E_INVALID);
}

/*
 * Notifications and watching levels (see notifications.h and
 * stmts_notifications.def).  What a reader may see is decided by the
 * list and count statements, from the categories the caller passes, so a
 * notification written before someone lost access, or about a post since
 * deleted, is never shown; nothing is deleted to achieve it.
 */
#include "db_impl.h"
#include "notifications.h"

/* Binds n to ?1..?9 of NOTIF_INSERT. */
static void
bind_new(sqlite3_stmt *st, const struct notif_new *n)
{
	db_bind_int(st, 1, n->user_id);
	db_bind_int(st, 2, n->type);
	db_bind_int(st, 3, n->topic_id);
	db_bind_int_or_null(st, 4, n->post_number);
	db_bind_int_or_null(st, 5, n->post_id);
	db_bind_int_or_null(st, 6, n->actor_id);
	db_bind_text(st, 7, n->data ? n->data : "{}");
	db_bind_int(st, 8, n->high_priority ? 1 : 0);
	db_bind_int(st, 9, n->now);
}

int
db_notif_insert(struct db *db, const struct notif_new *n)
{
	sqlite3_stmt *st = db_stmt(db, STMT_NOTIF_INSERT);

	if (st == NULL)
		return DB_ERROR;
	bind_new(st, n);
	return db_exec_stmt(db, st, "notification insert");
}

int
db_notif_like(struct db *db, const struct notif_new *n,
    const char *display_username)
{
	sqlite3_stmt *st = db_stmt(db, STMT_NOTIF_LIKE_BUMP);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, n->user_id);
	db_bind_int(st, 2, n->post_id);
	db_bind_text(st, 3, display_username);
	db_bind_int_or_null(st, 4, n->actor_id);
	db_bind_int(st, 5, n->now);
	if ((rc = db_exec_stmt(db, st, "notification like")) != DB_OK)
		return rc;
	if (sqlite3_changes(db->conn) > 0)
		return DB_OK;
	return db_notif_insert(db, n);
}

int
db_notif_for_post(struct db *db, int64_t post_id, int64_t user_id)
{
	sqlite3_stmt *st = db_stmt(db, STMT_NOTIF_FOR_POST);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, post_id);
	db_bind_int(st, 2, user_id);
	rc = db_row_rc(db, sqlite3_step(st), "notification for post");
	db_done(st);
	return rc;
}

int
db_notif_fanout(struct db *db, const struct notif_new *n,
    int64_t category_id, int64_t *count)
{
	sqlite3_stmt *st = db_stmt(db, STMT_NOTIF_FANOUT);
	int rc;

	*count = 0;
	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, n->topic_id);
	db_bind_int(st, 2, n->post_number);
	db_bind_int(st, 3, n->post_id);
	db_bind_int(st, 4, n->actor_id);
	db_bind_text(st, 5, n->data ? n->data : "{}");
	db_bind_int(st, 6, n->now);
	db_bind_int(st, 7, category_id);
	if ((rc = db_exec_stmt(db, st, "notification fan-out")) == DB_OK)
		*count = sqlite3_changes(db->conn);
	return rc;
}

int
db_notif_list(struct db *db, struct arena *a, int64_t user_id,
    const char *visible_json, enum notif_filter filter, int64_t limit,
    int64_t offset, struct notif **out, size_t *n, int64_t *total)
{
	sqlite3_stmt *st = db_stmt(db, STMT_NOTIF_LIST);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	*total = 0;
	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, visible_json);
	db_bind_int(st, 3, filter);
	db_bind_int(st, 4, limit);
	db_bind_int(st, 5, offset);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct notif *x;

		*out = arena_grow(a, *out, *n, &cap, sizeof(**out), 16);
		x = &(*out)[(*n)++];
		x->id = db_col_int(st, 0);
		x->type = (int)db_col_int(st, 1);
		x->read = db_col_int(st, 2) != 0;
		x->high_priority = db_col_int(st, 3) != 0;
		x->created_at = db_col_int(st, 4);
		x->post_number = db_col_int(st, 5);
		x->topic_id = db_col_int(st, 6);
		x->slug = db_col_text(st, 7, a);
		x->fancy_title = db_col_text(st, 8, a);
		x->data = db_col_text(st, 9, a);
	}
	db_done(st);
	if (rc != SQLITE_DONE)
		return db_rc(db, rc, "notification list");
	if ((st = db_stmt(db, STMT_NOTIF_COUNT)) == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, visible_json);
	db_bind_int(st, 3, filter);
	if ((rc = db_row_rc(db, sqlite3_step(st), "notification count")) ==
	    DB_OK)
		*total = db_col_int(st, 0);
	db_done(st);
	return rc;
}

int
db_notif_unread(struct db *db, int64_t user_id, const char *visible_json,
    int64_t *unread, int64_t *high_priority)
{
	sqlite3_stmt *st = db_stmt(db, STMT_NOTIF_UNREAD);
	int rc;

	*unread = *high_priority = 0;
	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, visible_json);
	if ((rc = db_row_rc(db, sqlite3_step(st), "notification unread")) ==
	    DB_OK) {
		*unread = db_col_int(st, 0);
		*high_priority = db_col_int(st, 1);
	}
	db_done(st);
	return rc;
}

int
db_notif_mark_read(struct db *db, int64_t user_id, int64_t id)
{
	sqlite3_stmt *st;
	int rc;

	if (id == 0)
		return db_exec_ints(db, STMT_NOTIF_READ_ALL, 1, user_id, 0, 0,
		    "notifications read");
	if ((st = db_stmt(db, STMT_NOTIF_READ_ONE)) == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, id);
	if ((rc = db_exec_stmt(db, st, "notification read")) != DB_OK)
		return rc;
	return sqlite3_changes(db->conn) > 0 ? DB_OK : DB_NOTFOUND;
}

int
db_notif_seen_get(struct db *db, int64_t user_id, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, STMT_NOTIF_SEEN_GET);

	*id = 0;
	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, user_id);
	return db_one_int(db, st, 0, id, "notification seen") == DB_ERROR ?
	    DB_ERROR : DB_OK;
}

int
db_notif_seen_set(struct db *db, int64_t user_id, int64_t id)
{
	return db_exec_ints(db, STMT_NOTIF_SEEN_SET, 2, user_id, id, 0,
	    "notification seen set");
}

int
db_notif_post_author(struct db *db, int64_t topic_id, int64_t number,
    int64_t *user_id)
{
	sqlite3_stmt *st = db_stmt(db, STMT_NOTIF_POST_AUTHOR);

	*user_id = 0;
	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, topic_id);
	db_bind_int(st, 2, number);
	return db_one_int(db, st, 0, user_id, "post author");
}

int
db_notif_levels(struct db *db, int64_t user_id, int64_t topic_id,
    int *topic_level, int *category_level)
{
	sqlite3_stmt *st = db_stmt(db, STMT_NOTIF_LEVELS);
	int rc;

	*topic_level = *category_level = -1;
	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, topic_id);
	if ((rc = db_row_rc(db, sqlite3_step(st), "levels")) == DB_OK) {
		if (!db_col_is_null(st, 0))
			*topic_level = (int)db_col_int(st, 0);
		if (!db_col_is_null(st, 1))
			*category_level = (int)db_col_int(st, 1);
	}
	db_done(st);
	return rc;
}

int
db_notif_topic_set(struct db *db, int64_t user_id, int64_t topic_id,
    int level, int reason, int is_auto)
{
	sqlite3_stmt *st = db_stmt(db, is_auto ? STMT_NOTIF_TOPIC_AUTO :
	    STMT_NOTIF_TOPIC_SET);

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, topic_id);
	db_bind_int(st, 3, level);
	db_bind_int(st, 4, reason);
	return db_exec_stmt(db, st, "topic level");
}

int
db_notif_category_get(struct db *db, int64_t user_id, int64_t category_id,
    int *level)
{
	sqlite3_stmt *st = db_stmt(db, STMT_NOTIF_CATEGORY_GET);
	int64_t v = -1;
	int rc;

	*level = -1;
	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, category_id);
	if ((rc = db_one_int(db, st, 0, &v, "category level")) == DB_ERROR)
		return rc;
	*level = (int)v;
	return DB_OK;
}

int
db_notif_category_set(struct db *db, int64_t user_id, int64_t category_id,
    int level)
{
	return db_exec_ints(db, STMT_NOTIF_CATEGORY_SET, 3, user_id,
	    category_id, level, "category level set");
}

int
db_notif_presenters_watch(struct db *db, int64_t topic_id, int reason,
    int user_reason)
{
	if (db_exec_ints(db, STMT_NOTIF_PRESENTERS_DROP, 2, topic_id, reason,
	    0, "presenters unwatch") != DB_OK)
		return DB_ERROR;
	return db_exec_ints(db, STMT_NOTIF_PRESENTERS_WATCH, 3, topic_id,
	    reason, user_reason, "presenters watch");
}

int
db_notif_watchers(struct db *db, struct arena *a, int64_t topic_id,
    int min_level, size_t max, int64_t **out, size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, STMT_NOTIF_WATCHERS);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, topic_id);
	db_bind_int(st, 2, min_level);
	db_bind_int(st, 3, (int64_t)max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = arena_grow(a, *out, *n, &cap, sizeof(**out), 16);
		(*out)[(*n)++] = db_col_int(st, 0);
	}
	db_done(st);
	return rc == SQLITE_DONE ? DB_OK : db_rc(db, rc, "watchers");
}

/*
 * Reading state (see reading.h and stmts_reading.def).  One statement
 * per call: a list page's state is one query over the page's ids, never
 * one a topic.
 */
#include "db_impl.h"
#include "reading.h"

int
db_reading_record(struct db *db, int64_t user_id, int64_t topic_id,
    int64_t last_read, int64_t msecs, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, STMT_READING_RECORD);

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, topic_id);
	db_bind_int(st, 3, last_read);
	db_bind_int(st, 4, now);
	db_bind_int(st, 5, msecs);
	return db_exec_stmt(db, st, "reading record");
}

int
db_reading_get(struct db *db, int64_t user_id, int64_t topic_id,
    struct reading_row *out)
{
	sqlite3_stmt *st = db_stmt(db, STMT_READING_GET);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, topic_id);
	rc = db_row_rc(db, sqlite3_step(st), "reading get");
	if (rc == DB_OK) {
		out->topic_id = topic_id;
		out->last_read = db_col_int(st, 0);
		out->level = (int)db_col_int(st, 1);
	}
	db_done(st);
	return rc;
}

int
db_reading_for_topics(struct db *db, struct arena *a, int64_t user_id,
    const char *ids_json, struct reading_row **out, size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, STMT_READING_FOR_TOPICS);
	struct reading_row *r = NULL;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, ids_json);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r = arena_grow(a, r, *n, &cap, sizeof(*r), 16);
		r[*n].topic_id = db_col_int(st, 0);
		r[*n].last_read = db_col_int(st, 1);
		r[*n].level = (int)db_col_int(st, 2);
		(*n)++;
	}
	rc = db_rc(db, rc, "reading for topics");
	db_done(st);
	*out = r;
	return rc;
}

int
db_reading_user_marks(struct db *db, int64_t user_id, int64_t *created_at,
    int64_t *new_since)
{
	sqlite3_stmt *st = db_stmt(db, STMT_READING_USER_MARKS);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, user_id);
	rc = db_row_rc(db, sqlite3_step(st), "reading user marks");
	if (rc == DB_OK) {
		*created_at = db_col_int(st, 0);
		*new_since = db_col_int(st, 1);
	}
	db_done(st);
	return rc;
}

int
db_reading_reset_new(struct db *db, int64_t user_id, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, STMT_READING_RESET_NEW);

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, now);
	return db_exec_stmt(db, st, "reading reset new");
}

int
db_reading_dismiss_posts(struct db *db, struct arena *a, int64_t user_id,
    const char *visible_json, const char *topic_ids_json, int64_t **out,
    size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, STMT_READING_DISMISS_POSTS);

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, visible_json);
	if (topic_ids_json != NULL)
		db_bind_text(st, 3, topic_ids_json);
	else
		db_bind_null(st, 3);
	return db_int_rows(db, st, a, out, n, "reading dismiss posts");
}

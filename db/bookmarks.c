/*
 * Bookmarks (see bookmarks.h and stmts_bookmarks.def).  The reminder
 * worker's "sent" mark only changes a row not yet marked, so that, inside
 * the worker's BEGIN IMMEDIATE transaction, a reminder is sent once even
 * when two processes look at the same moment.
 */
#include "bookmarks.h"
#include "db_impl.h"

/* The BM_COLS columns, from column 0. */
static void
read_cols(sqlite3_stmt *st, struct arena *a, struct bookmark *b)
{
	*b = (struct bookmark){0};
	b->id = db_col_int(st, 0);
	b->user_id = db_col_int(st, 1);
	b->bookmarkable_id = db_col_int(st, 2);
	b->bookmarkable_type = db_col_text(st, 3, a);
	b->name = db_col_is_null(st, 4) ? NULL : db_col_text(st, 4, a);
	b->reminder_at = db_col_int(st, 5);
	b->reminder_last_sent_at = db_col_int(st, 6);
	b->created_at = db_col_int(st, 7);
	b->updated_at = db_col_int(st, 8);
}

int
db_bookmark_create(struct db *db, const struct bookmark_new *b, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, STMT_BOOKMARK_INSERT);
	int rc;

	*id = 0;
	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, b->user_id);
	db_bind_int(st, 2, b->bookmarkable_id);
	db_bind_text(st, 3, b->bookmarkable_type);
	if (b->name != NULL && *b->name != '\0')
		db_bind_text(st, 4, b->name);
	else
		db_bind_null(st, 4);
	db_bind_int_or_null(st, 5, b->reminder_at);
	db_bind_int(st, 6, b->now);
	if ((rc = db_row_rc(db, sqlite3_step(st), "bookmark insert")) ==
	    DB_OK)
		*id = db_col_int(st, 0);
	db_done(st);
	return rc;
}

/* One row of a BM_COLS statement already bound. */
static int
one(struct db *db, sqlite3_stmt *st, struct arena *a, struct bookmark **out,
    const char *what)
{
	int rc;

	*out = NULL;
	if ((rc = db_row_rc(db, sqlite3_step(st), what)) == DB_OK) {
		*out = arena_alloc(a, sizeof(**out));
		read_cols(st, a, *out);
	}
	db_done(st);
	return rc;
}

int
db_bookmark_get(struct db *db, struct arena *a, int64_t id,
    struct bookmark **out)
{
	sqlite3_stmt *st = db_stmt(db, STMT_BOOKMARK_GET);

	*out = NULL;
	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	return one(db, st, a, out, "bookmark get");
}

int
db_bookmark_find(struct db *db, struct arena *a, int64_t user_id,
    const char *type, int64_t bookmarkable_id, struct bookmark **out)
{
	sqlite3_stmt *st = db_stmt(db, STMT_BOOKMARK_FIND);

	*out = NULL;
	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, type);
	db_bind_int(st, 3, bookmarkable_id);
	return one(db, st, a, out, "bookmark find");
}

int
db_bookmark_update(struct db *db, int64_t id, const char *name,
    int64_t reminder_at, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, STMT_BOOKMARK_UPDATE);

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	if (name != NULL && *name != '\0')
		db_bind_text(st, 2, name);
	else
		db_bind_null(st, 2);
	db_bind_int_or_null(st, 3, reminder_at);
	db_bind_int(st, 4, now);
	return db_exec_stmt(db, st, "bookmark update");
}

int
db_bookmark_delete(struct db *db, int64_t id)
{
	int rc = db_exec_ints(db, STMT_BOOKMARK_DELETE, 1, id, 0, 0,
	    "bookmark delete");

	if (rc == DB_OK && sqlite3_changes(db->conn) == 0)
		return DB_NOTFOUND;
	return rc;
}

int
db_bookmark_delete_topic(struct db *db, int64_t user_id, int64_t topic_id)
{
	return db_exec_ints(db, STMT_BOOKMARK_DELETE_TOPIC, 2, user_id,
	    topic_id, 0, "bookmark delete topic");
}

int
db_bookmark_counts(struct db *db, int64_t user_id, int64_t since,
    int64_t *total, int64_t *recent, int64_t *oldest)
{
	sqlite3_stmt *st = db_stmt(db, STMT_BOOKMARK_COUNTS);
	int rc;

	*total = *recent = *oldest = 0;
	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, since);
	if ((rc = db_row_rc(db, sqlite3_step(st), "bookmark counts")) ==
	    DB_OK) {
		*total = db_col_int(st, 0);
		*recent = db_col_int(st, 1);
		*oldest = db_col_int(st, 2);
	}
	db_done(st);
	return rc;
}

/* Steps st into an arena array, reading extra columns with more. */
static int
many(struct db *db, sqlite3_stmt *st, struct arena *a, struct bookmark **out,
    size_t *n, void (*more)(sqlite3_stmt *, struct arena *,
    struct bookmark *), const char *what)
{
	size_t cap = 0;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct bookmark *b;

		*out = arena_grow(a, *out, *n, &cap, sizeof(**out), 16);
		b = &(*out)[(*n)++];
		read_cols(st, a, b);
		if (more != NULL)
			more(st, a, b);
	}
	db_done(st);
	return rc == SQLITE_DONE ? DB_OK : db_rc(db, rc, what);
}

static void
more_in_topic(sqlite3_stmt *st, struct arena *a, struct bookmark *b)
{
	(void)a;
	b->post_number = db_col_int(st, 9);
}

int
db_bookmark_in_topic(struct db *db, struct arena *a, int64_t user_id,
    int64_t topic_id, struct bookmark **out, size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, STMT_BOOKMARK_IN_TOPIC);

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, topic_id);
	return many(db, st, a, out, n, more_in_topic, "bookmark in topic");
}

static void
more_list(sqlite3_stmt *st, struct arena *a, struct bookmark *b)
{
	b->topic_id = db_col_int(st, 9);
	b->post_number = db_col_int(st, 10);
	b->title = db_col_text(st, 11, a);
	b->fancy_title = db_col_text(st, 12, a);
	b->slug = db_col_text(st, 13, a);
	b->category_id = db_col_int(st, 14);
	b->closed = db_col_int(st, 15) != 0;
	b->archived = db_col_int(st, 16) != 0;
	b->archetype = db_col_text(st, 17, a);
	b->highest_post_number = db_col_int(st, 18);
	b->bumped_at = db_col_int(st, 19);
	b->excerpt = db_col_text(st, 20, a);
	b->author_id = db_col_int(st, 21);
	b->author_username = db_col_text(st, 22, a);
	b->author_name = db_col_text(st, 23, a);
}

int
db_bookmark_list(struct db *db, struct arena *a, int64_t user_id,
    const char *visible_json, int64_t limit, int64_t offset,
    struct bookmark **out, size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, STMT_BOOKMARK_LIST);

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, visible_json);
	db_bind_int(st, 3, limit);
	db_bind_int(st, 4, offset);
	return many(db, st, a, out, n, more_list, "bookmark list");
}

int
db_bookmark_due(struct db *db, struct arena *a, int64_t now, size_t max,
    struct bookmark **out, size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, STMT_BOOKMARK_DUE);

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, (int64_t)max);
	return many(db, st, a, out, n, NULL, "bookmark due");
}

int
db_bookmark_mark_sent(struct db *db, int64_t id, int64_t now)
{
	int rc = db_exec_ints(db, STMT_BOOKMARK_SENT, 2, id, now, 0,
	    "bookmark sent");

	if (rc == DB_OK && sqlite3_changes(db->conn) == 0)
		return DB_NOTFOUND;
	return rc;
}

int
db_bookmark_topics(struct db *db, struct arena *a, int64_t user_id,
    const char *ids_json, int64_t **out, size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, STMT_BOOKMARK_TOPICS);

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, ids_json);
	return db_int_rows(db, st, a, out, n, "bookmarked topics");
}

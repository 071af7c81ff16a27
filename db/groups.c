/*
 * Groups and memberships.  Only created groups (automatic = 0) have rows
 * in group_users; the counts of automatic groups are computed.
 */
#include "db_impl.h"
#include "groups.h"

static struct group *
read_group(sqlite3_stmt *st, struct arena *a)
{
	struct group *g = arena_calloc(a, 1, sizeof(*g));

	g->id = db_col_int(st, 0);
	g->name = db_col_text(st, 1, a);
	g->full_name = db_col_text(st, 2, a);
	g->bio_raw = db_col_text(st, 3, a);
	g->automatic = (int)db_col_int(st, 4);
	g->visibility_level = (int)db_col_int(st, 5);
	g->created_at = db_col_int(st, 6);
	g->user_count = db_col_int(st, 7);
	return g;
}

static int
group_query(struct db *db, struct arena *a, sqlite3_stmt *st,
    struct group **out)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		*out = read_group(st, a);
	rc = rc == SQLITE_ROW ? DB_OK :
	    rc == SQLITE_DONE ? DB_NOTFOUND : db_rc(db, rc, "group query");
	db_done(st);
	return rc;
}

int
db_group_by_name(struct db *db, struct arena *a, const char *name,
    struct group **out)
{
	sqlite3_stmt *st = db_stmt(db, STMT_GROUP_BY_NAME);

	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, name);
	return group_query(db, a, st, out);
}

int
db_group_by_id(struct db *db, struct arena *a, int64_t id,
    struct group **out)
{
	sqlite3_stmt *st = db_stmt(db, STMT_GROUP_BY_ID);

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	return group_query(db, a, st, out);
}

int
db_group_create(struct db *db, const char *name, const char *full_name,
    const char *bio_raw, int visibility_level, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, STMT_GROUP_INSERT);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, full_name ? full_name : "");
	db_bind_text(st, 3, bio_raw ? bio_raw : "");
	db_bind_int(st, 4, visibility_level);
	db_bind_int(st, 5, util_now());
	rc = db_exec_stmt(db, st, "group insert");
	if (rc == DB_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

int
db_group_add_member(struct db *db, int64_t group_id, int64_t user_id)
{
	sqlite3_stmt *st = db_stmt(db, STMT_GROUP_ADD_MEMBER);

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, group_id);
	db_bind_int(st, 2, user_id);
	db_bind_int(st, 3, util_now());
	return db_exec_stmt(db, st, "group add member");
}

int
db_group_remove_member(struct db *db, int64_t group_id, int64_t user_id)
{
	sqlite3_stmt *st = db_stmt(db, STMT_GROUP_REMOVE_MEMBER);

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, group_id);
	db_bind_int(st, 2, user_id);
	return db_exec_stmt(db, st, "group remove member");
}

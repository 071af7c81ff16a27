/*
 * Groups and memberships.  Only created groups (automatic = 0) have rows
 * in group_users; the members and counts of automatic groups are computed
 * from the users table.
 */
#include <string.h>

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
	rc = db_row_rc(db, rc, "group query");
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
db_group_add_linked(struct db *db, int64_t group_id, int64_t user_id)
{
	return db_exec_ints(db, STMT_GROUP_ADD_LINKED, 3, group_id, user_id,
	    util_now(), "group add linked");
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

int
db_group_set_member(struct db *db, int64_t group_id, int64_t user_id,
    int owner)
{
	sqlite3_stmt *st = db_stmt(db, STMT_GROUP_SET_MEMBER);

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, group_id);
	db_bind_int(st, 2, user_id);
	db_bind_int(st, 3, owner != 0);
	db_bind_int(st, 4, util_now());
	return db_exec_stmt(db, st, "group set member");
}

/* The viewer and filters shared by the list and its count. */
static void
bind_list(sqlite3_stmt *st, const struct group_viewer *v,
    const struct group_filter *f)
{
	db_bind_int(st, 1, v->user_id);
	db_bind_int(st, 2, v->staff != 0);
	db_bind_int(st, 3, v->admin != 0);
	db_bind_int(st, 4, f->type);
	db_bind_int(st, 5, f->all_automatic != 0);
	db_bind_int(st, 6, f->include_everyone != 0);
	db_bind_text(st, 7, f->name);
}

static int
list_count(struct db *db, const struct group_viewer *v,
    const struct group_filter *f, int64_t *total)
{
	sqlite3_stmt *st = db_stmt(db, STMT_GROUP_LIST_COUNT);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	bind_list(st, v, f);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*total = db_col_int(st, 0);
	rc = db_rc(db, rc, "group count");
	db_done(st);
	return rc;
}

int
db_group_list(struct db *db, struct arena *a, const struct group_viewer *v,
    const struct group_filter *f, int64_t limit, int64_t offset,
    struct group **out, size_t *n, int64_t *total)
{
	sqlite3_stmt *st;
	struct group *g = NULL, *one;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	*total = 0;
	if ((rc = list_count(db, v, f, total)) != DB_OK)
		return rc;
	if ((st = db_stmt(db, STMT_GROUP_LIST)) == NULL)
		return DB_ERROR;
	bind_list(st, v, f);
	db_bind_int(st, 8, limit);
	db_bind_int(st, 9, offset);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		g = arena_grow(a, g, *n, &cap,
		    sizeof(*g), 16);
		one = read_group(st, a);
		one->is_member = (int)db_col_int(st, 8);
		one->is_owner = (int)db_col_int(st, 9);
		g[(*n)++] = *one;
	}
	rc = db_rc(db, rc, "group list");
	db_done(st);
	*out = g;
	return rc;
}

int
db_group_visible(struct db *db, const struct group_viewer *v,
    int64_t group_id)
{
	sqlite3_stmt *st = db_stmt(db, STMT_GROUP_VISIBLE_ID);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, v->user_id);
	db_bind_int(st, 2, v->staff != 0);
	db_bind_int(st, 3, v->admin != 0);
	db_bind_int(st, 4, group_id);
	rc = sqlite3_step(st);
	rc = db_row_rc(db, rc, "group visible");
	db_done(st);
	return rc;
}

int
db_group_membership(struct db *db, int64_t group_id, int64_t user_id,
    int *owner)
{
	sqlite3_stmt *st = db_stmt(db, STMT_GROUP_MEMBERSHIP);
	int rc;

	*owner = 0;
	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, group_id);
	db_bind_int(st, 2, user_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*owner = (int)db_col_int(st, 0);
	rc = db_row_rc(db, rc, "membership");
	db_done(st);
	return rc;
}

int
db_group_members(struct db *db, struct arena *a, const struct group *g,
    int owners_only, int64_t limit, int64_t offset, const char *visible_json,
    struct group_member **out, size_t *n)
{
	sqlite3_stmt *st;
	struct group_member *m = NULL;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	/* Automatic groups have no owners. */
	if (g->automatic && owners_only)
		return DB_OK;
	st = db_stmt(db, g->automatic ? STMT_GROUP_MEMBERS_AUTO :
	    STMT_GROUP_MEMBERS);
	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, g->id);
	db_bind_int(st, 2, owners_only != 0);
	db_bind_int(st, 3, limit);
	db_bind_int(st, 4, offset);
	db_bind_text(st, 5, visible_json);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		m = arena_grow(a, m, *n, &cap,
		    sizeof(*m), 16);
		m[*n].id = db_col_int(st, 0);
		m[*n].username = db_col_text(st, 1, a);
		m[*n].name = db_col_text(st, 2, a);
		m[*n].last_posted_at = db_col_int(st, 3);
		m[*n].last_seen_at = db_col_int(st, 4);
		m[*n].added_at = db_col_int(st, 5);
		m[*n].owner = (int)db_col_int(st, 6);
		(*n)++;
	}
	rc = db_rc(db, rc, "group members");
	db_done(st);
	*out = m;
	return rc;
}

int
db_group_find_users(struct db *db, struct arena *a, const char *list,
    int by_email, struct group_user_ref **out, size_t *n)
{
	sqlite3_stmt *st;
	struct group_user_ref *u = NULL;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	st = db_stmt(db, by_email ? STMT_GROUP_FIND_USERS_EMAIL :
	    STMT_GROUP_FIND_USERS);
	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, list);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		u = arena_grow(a, u, *n, &cap,
		    sizeof(*u), 16);
		u[*n].id = db_col_int(st, 0);
		u[*n].username = db_col_text(st, 1, a);
		u[*n].email = db_col_text(st, 2, a);
		(*n)++;
	}
	rc = db_rc(db, rc, "find users");
	db_done(st);
	*out = u;
	return rc;
}

int
db_group_names(struct db *db, struct arena *a, char ***out, size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, STMT_GROUP_NAMES);
	char **names = NULL;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return DB_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		names = arena_grow(a, names, *n, &cap,
		    sizeof(*names), 16);
		names[(*n)++] = db_col_text(st, 0, a);
	}
	rc = db_rc(db, rc, "group names");
	db_done(st);
	*out = names;
	return rc;
}

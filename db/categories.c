/*
 * Category rows and their category_groups permissions.  Writes are meant
 * to run inside a transaction the handler opens, so that the checks for
 * a taken name or slug and the write see the same database.
 */
#include <string.h>

#include "categories.h"
#include "db_impl.h"

static void
read_category(sqlite3_stmt *st, struct arena *a, struct category *c)
{
	c->id = db_col_int(st, 0);
	c->name = db_col_text(st, 1, a);
	c->slug = db_col_text(st, 2, a);
	c->color = db_col_text(st, 3, a);
	c->text_color = db_col_text(st, 4, a);
	c->description = db_col_text(st, 5, a);
	c->position = db_col_int(st, 6);
	c->topic_count = db_col_int(st, 7);
	c->post_count = db_col_int(st, 8);
	c->created_at = db_col_int(st, 9);
}

int
db_category_list(struct db *db, struct arena *a, const char *visible,
    struct category **out, size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CATEGORY_LIST);
	struct category *c = NULL;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, visible);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		c = arena_grow(a, c, *n, &cap,
		    sizeof(*c), 16);
		read_category(st, a, &c[(*n)++]);
	}
	rc = db_rc(db, rc, "category list");
	db_done(st);
	*out = c;
	return rc;
}

int
db_category_get(struct db *db, struct arena *a, int64_t id,
    struct category **out)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CATEGORY_GET);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = arena_calloc(a, 1, sizeof(**out));
		read_category(st, a, *out);
	}
	rc = db_row_rc(db, rc, "category get");
	db_done(st);
	return rc;
}

int
db_category_perms(struct db *db, struct arena *a, int64_t id,
    struct category_perm **out, size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CATEGORY_PERMS);
	struct category_perm *p = NULL;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		p = arena_grow(a, p, *n, &cap,
		    sizeof(*p), 8);
		p[*n].group_id = db_col_int(st, 0);
		p[*n].group_name = db_col_text(st, 1, a);
		p[*n].permission_type = (int)db_col_int(st, 2);
		(*n)++;
	}
	rc = db_rc(db, rc, "category perms");
	db_done(st);
	*out = p;
	return rc;
}

static int
taken(struct db *db, enum stmt id, const char *value, int64_t except_id)
{
	sqlite3_stmt *st = db_stmt(db, id);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, value);
	db_bind_int(st, 2, except_id);
	rc = sqlite3_step(st);
	rc = db_row_rc(db, rc, "category taken");
	db_done(st);
	return rc;
}

int
db_category_name_taken(struct db *db, const char *name, int64_t except_id)
{
	return taken(db, STMT_CATEGORY_NAME_TAKEN, name, except_id);
}

int
db_category_slug_taken(struct db *db, const char *slug, int64_t except_id)
{
	return taken(db, STMT_CATEGORY_SLUG_TAKEN, slug, except_id);
}

int
db_category_create(struct db *db, const struct category_fields *f,
    int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CATEGORY_INSERT);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, f->name);
	db_bind_text(st, 2, f->slug);
	db_bind_text(st, 3, f->color);
	db_bind_text(st, 4, f->text_color);
	db_bind_text(st, 5, f->description);
	if (f->has_position)
		db_bind_int(st, 6, f->position);
	db_bind_int(st, 7, util_now());
	rc = db_exec_stmt(db, st, "category insert");
	if (rc == DB_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

int
db_category_update(struct db *db, int64_t id,
    const struct category_fields *f)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CATEGORY_UPDATE);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, f->name);
	db_bind_text(st, 3, f->slug);
	db_bind_text(st, 4, f->color);
	db_bind_text(st, 5, f->text_color);
	db_bind_text(st, 6, f->description);
	if (f->has_position)
		db_bind_int(st, 7, f->position);
	rc = db_exec_stmt(db, st, "category update");
	if (rc == DB_OK && sqlite3_changes(db->conn) == 0)
		return DB_NOTFOUND;
	return rc;
}

int
db_category_set_perms(struct db *db, int64_t id,
    const struct category_perm *perms, size_t n)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CATEGORY_PERMS_CLEAR);
	size_t i;
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	if ((rc = db_exec_stmt(db, st, "category perms clear")) != DB_OK)
		return rc;
	for (i = 0; i < n; i++) {
		if ((st = db_stmt(db, STMT_CATEGORY_PERM_INSERT)) == NULL)
			return DB_ERROR;
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, perms[i].group_id);
		db_bind_int(st, 3, perms[i].permission_type);
		if ((rc = db_exec_stmt(db, st, "category perm insert")) !=
		    DB_OK)
			return rc;
	}
	return DB_OK;
}

/*
 * Tag look-ups and counts over visible topics (see db/tags.h for why the
 * stored counters are not used).
 */
#include <string.h>

#include "db_impl.h"
#include "tags.h"

int
db_tag_by_name(struct db *db, struct arena *a, const char *name,
    int64_t *id, char **canonical)
{
	sqlite3_stmt *st = db_stmt(db, STMT_TAG_BY_NAME);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = db_col_int(st, 0);
		*canonical = db_col_text(st, 1, a);
	}
	rc = db_row_rc(db, rc, "tag by name");
	db_done(st);
	return rc;
}

int
db_tag_counts(struct db *db, struct arena *a, const char *visible,
    int include_unlisted, int64_t category_id, int64_t limit,
    struct tag_count **out, size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, STMT_TAG_COUNTS);
	struct tag_count *t = NULL;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, visible);
	db_bind_int(st, 2, include_unlisted != 0);
	db_bind_int(st, 3, category_id);
	db_bind_int(st, 4, limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		t = arena_grow(a, t, *n, &cap,
		    sizeof(*t), 32);
		t[*n].id = db_col_int(st, 0);
		t[*n].name = db_col_text(st, 1, a);
		t[*n].count = db_col_int(st, 2);
		(*n)++;
	}
	rc = db_rc(db, rc, "tag counts");
	db_done(st);
	*out = t;
	return rc;
}

int
db_tag_visible_count(struct db *db, int64_t tag_id, const char *visible,
    int include_unlisted, int64_t *count)
{
	sqlite3_stmt *st = db_stmt(db, STMT_TAG_VISIBLE_COUNT);
	int rc;

	*count = 0;
	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, visible);
	db_bind_int(st, 2, include_unlisted != 0);
	db_bind_int(st, 3, tag_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*count = db_col_int(st, 0);
	rc = db_rc(db, rc, "tag count");
	db_done(st);
	return rc;
}

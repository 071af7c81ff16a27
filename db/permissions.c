/*
 * Reads category_groups for the permission checks in server/perm.c.  The
 * table is small (categories × groups), so it is read whole per request
 * that needs it rather than joined into every query.
 */
#include <string.h>

#include "db_impl.h"
#include "permissions.h"

int
db_category_perm_rows(struct db *db, struct arena *a,
    struct category_perm_row **out, size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CATEGORY_PERM_ROWS);
	struct category_perm_row *rows = NULL;
	size_t cap = 0;
	int rc;

	*n = 0;
	if (st == NULL)
		return DB_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rows = arena_grow(a, rows, *n, &cap, sizeof(*rows),
		    32);
		rows[*n].category_id = db_col_int(st, 0);
		rows[*n].group_id = db_col_int(st, 1);
		rows[*n].permission_type = (int)db_col_int(st, 2);
		(*n)++;
	}
	rc = db_rc(db, rc, "category perms");
	db_done(st);
	*out = rows;
	return rc;
}

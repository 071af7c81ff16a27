/*
 * Category group permissions as rows, for server/perm.c.
 */
#ifndef CONFAB_DB_PERMISSIONS_H
#define CONFAB_DB_PERMISSIONS_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct arena;

struct category_perm_row {
	int64_t	category_id;
	int64_t	group_id;	/* -1 when the category has no rows */
	int	permission_type;
};

/*
 * Every category with each of its group permissions, ordered by
 * category id.  Rows are in the arena.  DB_OK or DB_ERROR.
 */
int	db_category_perm_rows(struct db *, struct arena *,
	    struct category_perm_row **, size_t *n);

#endif

/*
 * The /about figures.  Each is one aggregate over its table, so the page
 * costs five scans however busy the forum; it is not on the hot path.
 */
#include <string.h>

#include "db_impl.h"
#include "lists.h"
#include "site.h"

#define DAY	86400

static int
spans(struct db *db, enum stmt id, const char *public_json, int64_t now,
    int64_t out[SPAN__MAX])
{
	sqlite3_stmt *st = db_stmt(db, id);
	int rc, i;

	memset(out, 0, SPAN__MAX * sizeof(out[0]));
	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, public_json);
	db_bind_int(st, 2, now - DAY);
	db_bind_int(st, 3, now - 7 * DAY);
	db_bind_int(st, 4, now - 30 * DAY);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		for (i = 0; i < SPAN__MAX; i++)
			out[i] = db_col_int(st, i);
	rc = db_rc(db, rc, "site stats");
	db_done(st);
	return rc;
}

int
db_site_stats(struct db *db, const char *public_json, int64_t now,
    struct site_stats *s)
{
	int rc;

	if ((rc = spans(db, STMT_SITE_TOPICS, public_json, now,
	    s->topics)) != DB_OK ||
	    (rc = spans(db, STMT_SITE_POSTS, public_json, now,
	    s->posts)) != DB_OK ||
	    (rc = spans(db, STMT_SITE_LIKES, public_json, now,
	    s->likes)) != DB_OK ||
	    (rc = spans(db, STMT_SITE_USERS, public_json, now,
	    s->users)) != DB_OK)
		return rc;
	return spans(db, STMT_SITE_ACTIVE_USERS, public_json, now,
	    s->active_users);
}

int
db_site_staff(struct db *db, struct arena *a, int admins,
    struct list_user **out, size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, STMT_SITE_STAFF);
	struct list_user *u = NULL;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, admins != 0);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		u = arena_grow(a, u, *n, &cap,
		    sizeof(*u), 8);
		u[*n].id = db_col_int(st, 0);
		u[*n].username = db_col_text(st, 1, a);
		u[*n].name = db_col_text(st, 2, a);
		(*n)++;
	}
	rc = db_rc(db, rc, "site staff");
	db_done(st);
	*out = u;
	return rc;
}

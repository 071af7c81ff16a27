/*
 * Idempotency keys (see idempotency.h and stmts_idempotency.def).  The key
 * is not written by the code that creates posts: a TEMP trigger on posts
 * copies it from the connection's idem_pending table when the post row is
 * inserted, so whatever path writes the post, key and post commit or roll
 * back together, and a SIGKILL between them is impossible.
 */
#include "db_impl.h"
#include "idempotency.h"

int
db_idem_init(struct db *db)
{
	if (db_exec_stmt(db, db_stmt(db, STMT_IDEM_TEMP_TABLE),
	    "idem temp table") != DB_OK ||
	    db_exec_stmt(db, db_stmt(db, STMT_IDEM_TEMP_TRIGGER),
	    "idem temp trigger") != DB_OK)
		return DB_ERROR;
	return DB_OK;
}

int
db_idem_get(struct db *db, struct arena *a, int64_t user_id, const char *key,
    int64_t now, int64_t *post_id, char **request_hash)
{
	sqlite3_stmt *st = db_stmt(db, STMT_IDEM_GET);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, key);
	db_bind_int(st, 3, now - IDEM_TTL);
	rc = db_row_rc(db, sqlite3_step(st), "idem get");
	if (rc == DB_OK) {
		*post_id = db_col_int(st, 0);
		*request_hash = db_col_text(st, 1, a);
	}
	db_done(st);
	return rc;
}

int
db_idem_arm(struct db *db, int64_t user_id, const char *key,
    const char *request_hash)
{
	sqlite3_stmt *st = db_stmt(db, STMT_IDEM_ARM);

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, key);
	db_bind_text(st, 3, request_hash);
	return db_exec_stmt(db, st, "idem arm");
}

int
db_idem_disarm(struct db *db)
{
	return db_exec_stmt(db, db_stmt(db, STMT_IDEM_DISARM), "idem disarm");
}

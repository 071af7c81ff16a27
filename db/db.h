/*
 * The storage side: one struct db is one SQLite connection with its cache
 * of prepared statements.  A pool hands one connection to one request at a
 * time.  Typed queries live in db/<area>.c with their structs in
 * db/<area>.h; they return the DB_* values below.  Nothing outside db/
 * sees SQL or sqlite3.
 */
#ifndef CONFAB_DB_H
#define CONFAB_DB_H

#include <stddef.h>
#include <stdint.h>

enum db_rc {
	DB_ERROR = -1,		/* failed; logged with sqlite3_errmsg */
	DB_OK = 0,
	DB_NOTFOUND = 1,	/* no such row */
	DB_CONSTRAINT = 2,	/* a unique or check constraint refused it */
	DB_BUSY = 3,		/* locked past busy_timeout */
};

struct db;
struct db_pool;
struct arena;

/*
 * Opens (creating if needed) and migrates the database at path.  Returns
 * NULL and logs why on failure, including a database newer than this
 * binary.  The caller owns the result and closes it with db_close.
 */
struct db	*db_open(const char *path, int sync_full);
void		 db_close(struct db *);

/* Schema version this binary knows, and the one the file is at. */
int		 db_schema_version(void);
int		 db_file_version(struct db *);

/*
 * PRAGMA data_version: changes whenever another connection (another
 * thread or process) commits, so caches can tell they are stale.
 */
int64_t		 db_data_version(struct db *);
/*
 * 1 when another connection (of this process or another) has committed
 * since this connection last asked, else 0.  The first call returns 0.
 */
int		 db_changed(struct db *);

/*
 * Prepares every statement of db/stmts.def; returns how many failed
 * (each is logged).  The unit tests call it against a fresh schema.
 */
int		 db_check_statements(struct db *);

/*
 * 1 when, since the last call on this thread, a statement failed because
 * the storage was unavailable (SQLITE_FULL, SQLITE_IOERR, SQLITE_CANTOPEN,
 * SQLITE_NOMEM, or busy past the timeout); the call clears it.  Such
 * failures return DB_ERROR (DB_BUSY when busy) like any other; this is how
 * the dispatcher tells them apart and answers 503 instead of 500.
 */
int		 db_unavailable_take(void);

/* Transactions: BEGIN IMMEDIATE for writes.  Return DB_OK or DB_ERROR. */
int		 db_begin(struct db *);
int		 db_commit(struct db *);
void		 db_rollback(struct db *);

/*
 * The pool: n connections opened up front.  db_pool_get blocks until one
 * is free; db_pool_put gives it back.  db_pool_close waits for none: call
 * it after every request is done.
 */
struct db_pool	*db_pool_open(const char *path, unsigned n, int sync_full);
struct db	*db_pool_get(struct db_pool *);
void		 db_pool_put(struct db_pool *, struct db *);
void		 db_pool_close(struct db_pool *);

#endif

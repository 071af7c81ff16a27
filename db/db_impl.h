/*
 * Shared by the files of db/ only: the statement table and small helpers
 * for binding and reading columns.  Everything returned as text is copied
 * into the caller's arena, since a statement's buffers die at reset.
 */
#ifndef CONFAB_DB_IMPL_H
#define CONFAB_DB_IMPL_H

#include <sqlite3.h>

#include "db.h"
#include "util.h"

enum stmt {
#define STMT(name, sql) STMT_##name,
#include "stmts.def"
#undef STMT
	STMT__MAX
};

struct db {
	sqlite3		*conn;
	sqlite3_stmt	*stmts[STMT__MAX];
	int64_t		 seen_data_version;	/* see db_changed */
};

/*
 * The cached statement for id, prepared on first use, reset and with its
 * bindings cleared.  NULL (logged) if it does not prepare.
 */
sqlite3_stmt	*db_stmt(struct db *, enum stmt);
/* Resets a statement after use so it releases locks. */
void		 db_done(sqlite3_stmt *);

/* Maps a sqlite3 result to DB_*, logging real errors with the stmt. */
int		 db_rc(struct db *, int rc, const char *what);
/*
 * Maps the result of stepping a one-row query: a row is DB_OK, no row
 * DB_NOTFOUND, anything else as db_rc.
 */
int		 db_row_rc(struct db *, int rc, const char *what);
/*
 * Steps a one-row statement already bound and reads its column col into
 * *v: DB_OK, DB_NOTFOUND (no row) or DB_ERROR.  Resets the statement.
 */
int		 db_one_int(struct db *, sqlite3_stmt *, int col, int64_t *v,
		    const char *what);
/*
 * Steps a statement already bound and collects its first column, every
 * row, into an arena array of *n (NULL when none).  DB_OK or DB_ERROR.
 * Resets the statement.
 */
int		 db_int_rows(struct db *, sqlite3_stmt *, struct arena *,
		    int64_t **out, size_t *n, const char *what);
/* Steps a statement that returns no rows: DB_OK / DB_CONSTRAINT / ... */
int		 db_exec_stmt(struct db *, sqlite3_stmt *, const char *what);

/*
 * Runs statement id, binding its first n (1 to 3) parameters to a1..a3,
 * for the many counter updates: as db_exec_stmt.
 */
int		 db_exec_ints(struct db *, enum stmt id, int n, int64_t a1,
		    int64_t a2, int64_t a3, const char *what);

int		 db_bind_text(sqlite3_stmt *, int, const char *);
int		 db_bind_int(sqlite3_stmt *, int, int64_t);
int		 db_bind_null(sqlite3_stmt *, int);
/* Binds an int64 or NULL when v is 0. */
int		 db_bind_int_or_null(sqlite3_stmt *, int, int64_t);

char		*db_col_text(sqlite3_stmt *, int, struct arena *);
int64_t		 db_col_int(sqlite3_stmt *, int);
int		 db_col_is_null(sqlite3_stmt *, int);

#endif

/*
 * Connections, migrations, the statement cache and the pool.
 *
 * Migrations are the files db/migrations/NNNN_name.sql, embedded at build
 * time (build/gen/migrations.h).  PRAGMA user_version records how many ran;
 * each runs whole inside BEGIN IMMEDIATE ... COMMIT, so a crash mid-way
 * leaves the previous version.  A file newer than this binary is refused.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_impl.h"
#include "idempotency.h"
#include "log.h"
#include "migrations.h"

static const char *const stmt_sql[STMT__MAX] = {
#define STMT(name, sql) [STMT_##name] = sql,
#include "stmts.def"
#undef STMT
};

static const char *const stmt_name[STMT__MAX] = {
#define STMT(name, sql) [STMT_##name] = #name,
#include "stmts.def"
#undef STMT
};

int
db_schema_version(void)
{
	return (int)ARRAY_SIZE(migrations);
}

static int
exec(sqlite3 *conn, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(conn, sql, NULL, NULL, &err) != SQLITE_OK) {
		log_warnx("db: %s: %s", sql, err ? err : "?");
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

static int
pragma_int(sqlite3 *conn, const char *sql, int64_t *out)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(conn, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

int
db_file_version(struct db *db)
{
	int64_t v = -1;

	pragma_int(db->conn, "PRAGMA user_version", &v);
	return (int)v;
}

int64_t
db_data_version(struct db *db)
{
	int64_t v = -1;

	pragma_int(db->conn, "PRAGMA data_version", &v);
	return v;
}

/*
 * Runs migration number step (0-based) unless another process got there
 * first: the version is read again once BEGIN IMMEDIATE holds the lock.
 */
int
db_changed(struct db *db)
{
	int64_t v = db_data_version(db);
	int changed = v != db->seen_data_version;

	db->seen_data_version = v;
	return changed;
}

static int
migrate_step(sqlite3 *conn, int step)
{
	char pragma[64];
	int64_t now = -1;

	if (exec(conn, "BEGIN IMMEDIATE") != 0)
		return -1;
	if (pragma_int(conn, "PRAGMA user_version", &now) != 0 || now != step) {
		exec(conn, "ROLLBACK");
		return now > step ? 0 : -1;
	}
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", step + 1);
	if (exec(conn, migrations[step]) != 0 || exec(conn, pragma) != 0) {
		exec(conn, "ROLLBACK");
		return -1;
	}
	return exec(conn, "COMMIT");
}

/*
 * Brings the file up to this binary's schema, one step at a time; two
 * processes starting at once are serialised by BEGIN IMMEDIATE.
 */
static int
migrate(struct db *db)
{
	int have = db_file_version(db), want = db_schema_version();

	if (have < 0)
		return -1;
	if (have > want) {
		log_warnx("db: database schema version %d is newer than this "
		    "binary's %d; refusing to open it", have, want);
		return -1;
	}
	while ((have = db_file_version(db)) < want) {
		if (migrate_step(db->conn, have) != 0) {
			log_warnx("db: migration %d failed", have + 1);
			return -1;
		}
		log_info("db: migrated to schema version %d", have + 1);
	}
	return 0;
}

static int
configure(sqlite3 *conn, int sync_full)
{
	sqlite3_busy_timeout(conn, 5000);
	sqlite3_extended_result_codes(conn, 1);
	if (exec(conn, "PRAGMA journal_mode = WAL") != 0 ||
	    exec(conn, "PRAGMA foreign_keys = ON") != 0 ||
	    exec(conn, sync_full ? "PRAGMA synchronous = FULL" :
	    "PRAGMA synchronous = NORMAL") != 0 ||
	    exec(conn, "PRAGMA temp_store = MEMORY") != 0)
		return -1;
	return 0;
}

struct db *
db_open(const char *path, int sync_full)
{
	struct db *db = xcalloc(1, sizeof(*db));
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	    SQLITE_OPEN_NOMUTEX;

	if (sqlite3_open_v2(path, &db->conn, flags, NULL) != SQLITE_OK) {
		log_warnx("db: %s: %s", path, sqlite3_errmsg(db->conn));
		db_close(db);
		return NULL;
	}
	if (configure(db->conn, sync_full) != 0 || migrate(db) != 0 ||
	    db_idem_init(db) != DB_OK) {
		db_close(db);
		return NULL;
	}
	db->seen_data_version = db_data_version(db);
	return db;
}

void
db_close(struct db *db)
{
	size_t i;

	if (db == NULL)
		return;
	for (i = 0; i < STMT__MAX; i++)
		sqlite3_finalize(db->stmts[i]);
	sqlite3_close(db->conn);
	free(db);
}

sqlite3_stmt *
db_stmt(struct db *db, enum stmt id)
{
	sqlite3_stmt *st = db->stmts[id];

	if (st == NULL) {
		if (sqlite3_prepare_v3(db->conn, stmt_sql[id], -1,
		    SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
			log_warnx("db: prepare %s: %s", stmt_name[id],
			    sqlite3_errmsg(db->conn));
			return NULL;
		}
		db->stmts[id] = st;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return st;
}

void
db_done(sqlite3_stmt *st)
{
	if (st != NULL)
		sqlite3_reset(st);
}

/*
 * Set on this thread when a statement failed because the storage is
 * unavailable (disk full, I/O error, locked past the timeout): the
 * dispatcher answers 503 rather than 500 (see db_unavailable_take).  A
 * request runs on one thread from start to end, so per thread is per
 * request.
 */
static _Thread_local int unavailable;

int
db_unavailable_take(void)
{
	int was = unavailable;

	unavailable = 0;
	return was;
}

int
db_rc(struct db *db, int rc, const char *what)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return DB_OK;
	case SQLITE_CONSTRAINT:
		return DB_CONSTRAINT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		log_warnx("db: %s: busy: %s", what, sqlite3_errmsg(db->conn));
		unavailable = 1;
		return DB_BUSY;
	case SQLITE_FULL:
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
	case SQLITE_NOMEM:
		log_warnx("db: %s: storage unavailable: %s", what,
		    sqlite3_errmsg(db->conn));
		unavailable = 1;
		return DB_ERROR;
	default:
		log_warnx("db: %s: %s", what, sqlite3_errmsg(db->conn));
		return DB_ERROR;
	}
}

int
db_row_rc(struct db *db, int rc, const char *what)
{
	if (rc == SQLITE_ROW)
		return DB_OK;
	if (rc == SQLITE_DONE)
		return DB_NOTFOUND;
	return db_rc(db, rc, what);
}

int
db_one_int(struct db *db, sqlite3_stmt *st, int col, int64_t *v,
    const char *what)
{
	int rc = db_row_rc(db, sqlite3_step(st), what);

	if (rc == DB_OK)
		*v = db_col_int(st, col);
	db_done(st);
	return rc;
}

int
db_int_rows(struct db *db, sqlite3_stmt *st, struct arena *a, int64_t **out,
    size_t *n, const char *what)
{
	int64_t *ids = NULL;
	size_t cap = 0;
	int rc;

	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ids = arena_grow(a, ids, *n, &cap, sizeof(*ids), 16);
		ids[(*n)++] = db_col_int(st, 0);
	}
	rc = db_rc(db, rc, what);
	db_done(st);
	*out = ids;
	return rc;
}

int
db_exec_stmt(struct db *db, sqlite3_stmt *st, const char *what)
{
	int rc;

	if (st == NULL)
		return DB_ERROR;
	rc = sqlite3_step(st);
	rc = db_rc(db, rc, what);
	db_done(st);
	return rc;
}

int
db_exec_ints(struct db *db, enum stmt id, int n, int64_t a1, int64_t a2,
    int64_t a3, const char *what)
{
	sqlite3_stmt *st = db_stmt(db, id);

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, a1);
	if (n >= 2)
		db_bind_int(st, 2, a2);
	if (n >= 3)
		db_bind_int(st, 3, a3);
	return db_exec_stmt(db, st, what);
}

int
db_begin(struct db *db)
{
	return db_exec_stmt(db, db_stmt(db, STMT_BEGIN), "begin") == DB_OK ?
	    DB_OK : DB_ERROR;
}

int
db_commit(struct db *db)
{
	if (db_exec_stmt(db, db_stmt(db, STMT_COMMIT), "commit") != DB_OK) {
		db_rollback(db);
		return DB_ERROR;
	}
	return DB_OK;
}

void
db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->conn))
		db_exec_stmt(db, db_stmt(db, STMT_ROLLBACK), "rollback");
}

int
db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

int
db_bind_int(sqlite3_stmt *st, int i, int64_t v)
{
	return sqlite3_bind_int64(st, i, v);
}

int
db_bind_null(sqlite3_stmt *st, int i)
{
	return sqlite3_bind_null(st, i);
}

int
db_bind_int_or_null(sqlite3_stmt *st, int i, int64_t v)
{
	return v == 0 ? sqlite3_bind_null(st, i) : sqlite3_bind_int64(st, i, v);
}

char *
db_col_text(sqlite3_stmt *st, int i, struct arena *a)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	if (s == NULL)
		return NULL;
	return arena_strndup(a, (const char *)s,
	    (size_t)sqlite3_column_bytes(st, i));
}

int64_t
db_col_int(sqlite3_stmt *st, int i)
{
	return sqlite3_column_int64(st, i);
}

int
db_col_is_null(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL;
}

/*
 * The pool: a fixed array of connections and a stack of free ones,
 * guarded by one mutex.  Requests hold a connection only while they run.
 */
struct db_pool {
	pthread_mutex_t	  lock;
	pthread_cond_t	  freed;
	struct db	**all;
	struct db	**free;
	unsigned	  n;
	unsigned	  nfree;
};

struct db_pool *
db_pool_open(const char *path, unsigned n, int sync_full)
{
	struct db_pool *p = xcalloc(1, sizeof(*p));
	unsigned i;

	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->freed, NULL);
	p->all = xcalloc(n, sizeof(*p->all));
	p->free = xcalloc(n, sizeof(*p->free));
	p->n = n;
	for (i = 0; i < n; i++) {
		if ((p->all[i] = db_open(path, sync_full)) == NULL) {
			db_pool_close(p);
			return NULL;
		}
		p->free[p->nfree++] = p->all[i];
	}
	return p;
}

struct db *
db_pool_get(struct db_pool *p)
{
	struct db *db;

	pthread_mutex_lock(&p->lock);
	while (p->nfree == 0)
		pthread_cond_wait(&p->freed, &p->lock);
	db = p->free[--p->nfree];
	pthread_mutex_unlock(&p->lock);
	return db;
}

void
db_pool_put(struct db_pool *p, struct db *db)
{
	if (db == NULL)
		return;
	db_rollback(db);	/* never hand on an open transaction */
	pthread_mutex_lock(&p->lock);
	p->free[p->nfree++] = db;
	pthread_cond_signal(&p->freed);
	pthread_mutex_unlock(&p->lock);
}

void
db_pool_close(struct db_pool *p)
{
	unsigned i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++)
		db_close(p->all[i]);
	free(p->all);
	free(p->free);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->freed);
	free(p);
}

int
db_check_statements(struct db *db)
{
	int failed = 0;
	size_t i;

	for (i = 0; i < STMT__MAX; i++)
		if (db_stmt(db, (enum stmt)i) == NULL)
			failed++;
	return failed;
}

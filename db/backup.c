/*
 * Backups and restores (see backup.h).  Both use sqlite3_backup_step with
 * -1, copying every page in one step: the source is read in one read
 * transaction, so the copy is one consistent snapshot, and a busy writer
 * cannot make a step-by-step copy restart forever.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backup.h"
#include "db_impl.h"

/* A bare connection wrapped in a struct db, so db_stmt works on it. */
static struct db *
open_raw(const char *path, int flags, char *err, size_t errlen)
{
	struct db *db = xcalloc(1, sizeof(*db));

	if (sqlite3_open_v2(path, &db->conn, flags, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(db->conn));
		db_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db->conn, 5000);
	sqlite3_extended_result_codes(db->conn, 1);
	return db;
}

/* integrity_check and the schema version of an open connection. */
static int
check(struct db *db, const char *path, char *err, size_t errlen)
{
	sqlite3_stmt *st = db_stmt(db, STMT_INTEGRITY_CHECK);
	const char *res;
	int rc, version;

	if (st == NULL) {
		snprintf(err, errlen, "%s: not a confab database (%s)", path,
		    sqlite3_errmsg(db->conn));
		return DB_ERROR;
	}
	rc = sqlite3_step(st);
	res = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) :
	    NULL;
	if (res == NULL || strcmp(res, "ok") != 0) {
		snprintf(err, errlen, "%s: integrity check failed: %s", path,
		    res ? res : sqlite3_errmsg(db->conn));
		db_done(st);
		return DB_ERROR;
	}
	db_done(st);
	if ((version = db_file_version(db)) < 1 ||
	    version > db_schema_version()) {
		snprintf(err, errlen, "%s: schema version %d (this binary "
		    "knows 1 to %d)", path, version, db_schema_version());
		return DB_ERROR;
	}
	return DB_OK;
}

int
db_integrity_ok(const char *path, char *err, size_t errlen)
{
	struct db *db;
	int rc;

	if (access(path, R_OK) != 0) {
		snprintf(err, errlen, "%s: cannot read it", path);
		return DB_ERROR;
	}
	if ((db = open_raw(path, SQLITE_OPEN_READONLY, err, errlen)) == NULL)
		return DB_ERROR;
	rc = check(db, path, err, errlen);
	db_close(db);
	return rc;
}

/* Copies every page of from into to; DB_OK, DB_BUSY or DB_ERROR. */
static int
copy(sqlite3 *to, sqlite3 *from, char *err, size_t errlen)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	int rc;

	if (b == NULL) {
		snprintf(err, errlen, "backup: %s", sqlite3_errmsg(to));
		return DB_ERROR;
	}
	while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY ||
	    rc == SQLITE_LOCKED)
		sqlite3_sleep(20);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "backup: %s", sqlite3_errstr(rc));
		return (rc & 0xff) == SQLITE_BUSY ? DB_BUSY : DB_ERROR;
	}
	return DB_OK;
}

int
db_backup_to(struct db *src, const char *path, char *err, size_t errlen)
{
	char tmp[4096];
	struct db *out;
	int rc;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp-%ld", path,
	    (long)getpid()) >= sizeof(tmp)) {
		snprintf(err, errlen, "%s: path too long", path);
		return DB_ERROR;
	}
	unlink(tmp);
	if ((out = open_raw(tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
	    err, errlen)) == NULL)
		return DB_ERROR;
	rc = copy(out->conn, src->conn, err, errlen);
	/* A self-contained file: no -wal beside it. */
	if (rc == DB_OK && sqlite3_exec(out->conn, "PRAGMA journal_mode = "
	    "DELETE", NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", tmp, sqlite3_errmsg(out->conn));
		rc = DB_ERROR;
	}
	if (rc == DB_OK)
		rc = check(out, tmp, err, errlen);
	db_close(out);
	if (rc == DB_OK && rename(tmp, path) != 0) {
		snprintf(err, errlen, "rename %s: cannot", path);
		rc = DB_ERROR;
	}
	if (rc != DB_OK)
		unlink(tmp);
	return rc;
}

int
db_restore_from(const char *path, const char *target, char *err,
    size_t errlen)
{
	struct db *in, *out;
	int rc;

	if (db_integrity_ok(path, err, errlen) != DB_OK)
		return DB_ERROR;
	if ((out = open_raw(target, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, err, errlen)) == NULL)
		return DB_ERROR;
	/*
	 * Hold the target exclusively for the whole restore: a server that
	 * has it open holds a shared lock, so this fails and nothing is
	 * touched.
	 */
	sqlite3_busy_timeout(out->conn, 0);
	if (sqlite3_exec(out->conn, "PRAGMA locking_mode = EXCLUSIVE; "
	    "BEGIN EXCLUSIVE; COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s is in use (stop the server "
		    "first): %s", target, sqlite3_errmsg(out->conn));
		db_close(out);
		return DB_BUSY;
	}
	if ((in = open_raw(path, SQLITE_OPEN_READONLY, err, errlen)) == NULL) {
		db_close(out);
		return DB_ERROR;
	}
	rc = copy(out->conn, in->conn, err, errlen);
	db_close(in);
	if (rc == DB_OK)
		rc = check(out, target, err, errlen);
	db_close(out);
	return rc;
}

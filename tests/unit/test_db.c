/*
 * Storage: migrations on a fresh database, every statement of
 * db/stmts.def prepares against the migrated schema, a database newer
 * than the binary is refused, and the typed user/session/key queries keep
 * their contracts (constraint vs not found vs ok).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "db.h"
#include "groups.h"
#include "users.h"
#include "util.h"

static void
test_migrates_fresh_database(void **state)
{
	struct db *db = db_open(":memory:", 0);

	(void)state;
	assert_non_null(db);
	assert_int_equal(db_file_version(db), db_schema_version());
	db_close(db);
}

static void
test_every_statement_prepares(void **state)
{
	struct db *db = db_open(":memory:", 0);

	(void)state;
	assert_non_null(db);
	assert_int_equal(db_check_statements(db), 0);
	db_close(db);
}

static void
test_newer_database_refused(void **state)
{
	char path[] = "/tmp/confab-unit-XXXXXX";
	char file[64], wal[80], shm[80], pragma[64];
	sqlite3 *raw;
	struct db *db;
	int fd = mkstemp(path);

	(void)state;
	close(fd);
	unlink(path);
	snprintf(file, sizeof(file), "%s.db", path);
	db = db_open(file, 0);
	assert_non_null(db);
	db_close(db);
	assert_int_equal(sqlite3_open(file, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, "PRAGMA user_version = 9999",
	    NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);
	assert_null(db_open(file, 0));
	/* Back at this binary's version, it opens again as it was. */
	assert_int_equal(sqlite3_open(file, &raw), SQLITE_OK);
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d",
	    db_schema_version());
	sqlite3_exec(raw, pragma, NULL, NULL, NULL);
	sqlite3_close(raw);
	db = db_open(file, 0);
	assert_non_null(db);
	db_close(db);
	snprintf(wal, sizeof(wal), "%s-wal", file);
	snprintf(shm, sizeof(shm), "%s-shm", file);
	unlink(file);
	unlink(wal);
	unlink(shm);
}

static void
test_users_and_sessions(void **state)
{
	struct db *db = db_open(":memory:", 0);
	struct arena *a = arena_new();
	struct user_new nu = { "Alice", "Alice@Example.org", "Alice A.",
	    "hash", 0, 1 };
	struct api_key k;
	struct user *u;
	char canon[64];
	int64_t id, id2, kid;

	(void)state;
	assert_int_equal(db_user_create(db, &nu, &id), DB_OK);
	nu.email = "other@example.org";
	assert_int_equal(db_user_create(db, &nu, &id2), DB_CONSTRAINT);
	nu.username = "bob";
	nu.email = "ALICE@example.org";
	assert_int_equal(db_user_create(db, &nu, &id2), DB_CONSTRAINT);
	assert_int_equal(db_user_by_login(db, a, "alice@EXAMPLE.org", &u),
	    DB_OK);
	assert_int_equal(u->id, id);
	assert_string_equal(u->username, "Alice");
	/* Moderators are in moderators and staff, everyone in registered. */
	assert_int_equal(u->ngroups, 4);
	assert_int_equal(db_user_by_username(db, a, "nobody", &u),
	    DB_NOTFOUND);
	assert_int_equal(db_username_canonical(db, "ALICE", 5, canon), DB_OK);
	assert_string_equal(canon, "Alice");
	assert_int_equal(db_session_create(db, id, "h1"), DB_OK);
	assert_int_equal(db_session_user(db, a, "h1", &u), DB_OK);
	assert_int_equal(db_session_delete(db, "h1"), DB_OK);
	assert_int_equal(db_session_user(db, a, "h1", &u), DB_NOTFOUND);
	assert_int_equal(db_api_key_create(db, "k1", "abcd", 0, "global", 0,
	    &kid),
	    DB_OK);
	assert_int_equal(db_api_key_lookup(db, "k1", &k), DB_OK);
	assert_int_equal(k.user_id, 0);
	assert_int_equal(db_api_key_lookup(db, "k2", &k), DB_NOTFOUND);
	arena_free(a);
	db_close(db);
}

static void
test_groups(void **state)
{
	struct db *db = db_open(":memory:", 0);
	struct arena *a = arena_new();
	struct user_new nu = { "alice", "a@x.org", "", "h", 0, 0 };
	struct group *g;
	struct user *u;
	int64_t uid, gid, gid2;

	(void)state;
	assert_int_equal(db_user_create(db, &nu, &uid), DB_OK);
	assert_int_equal(db_group_create(db, "participants", "", "", 0, &gid),
	    DB_OK);
	assert_true(gid >= 40);
	assert_int_equal(db_group_create(db, "Participants", "", "", 0,
	    &gid2), DB_CONSTRAINT);
	assert_int_equal(db_group_add_member(db, gid, uid), DB_OK);
	assert_int_equal(db_group_add_member(db, gid, uid), DB_OK);
	assert_int_equal(db_group_by_name(db, a, "PARTICIPANTS", &g), DB_OK);
	assert_int_equal(g->user_count, 1);
	assert_int_equal(db_group_by_name(db, a, "registered", &g), DB_OK);
	assert_true(g->automatic);
	assert_int_equal(db_user_by_id(db, a, uid, &u), DB_OK);
	assert_int_equal(u->group_ids[u->ngroups - 1], gid);
	arena_free(a);
	db_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrates_fresh_database),
		cmocka_unit_test(test_every_statement_prepares),
		cmocka_unit_test(test_newer_database_refused),
		cmocka_unit_test(test_users_and_sessions),
		cmocka_unit_test(test_groups),
	};

	return cmocka_run_group_tests_name("db", tests, NULL, NULL);
}

/*
 * Crash safety: nothing acknowledged is lost, nothing is stored twice.
 *
 * test_idempotency checks the Idempotency-Key header of POST /posts.json.
 * test_kill_loop streams post writes at a running server while another
 * thread kills it with SIGKILL at random moments (CRASH_KILLS times, 20 by
 * default; make stress runs more), restarting it each time on the same
 * database.  A write that got no answer is retried with the same key, as
 * a client would.  At the end every post that got a 200 is present exactly
 * once with the same text, no text is stored twice, "confab admin
 * check-counters" agrees, and PRAGMA integrity_check says ok.  The last
 * start is stopped with SIGTERM and must exit cleanly.
 */
#define _GNU_SOURCE	/* prlimit */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "hostile.h"

#define MAX_ACKED	200000

static struct th_server srv;	/* db, log and dir; pid/port per start */
static char *key;
static long topic;

/*
 * POSTs body with the key; returns the status (0: no answer) and the post
 * id in *id.
 */
static int
post(const char *idem, const char *body, long *id, int timeout_ms)
{
	char headers[512], *resp = NULL, *p;
	int st;

	snprintf(headers, sizeof(headers), "Api-Key: %s\r\n%s%s%s", key,
	    idem ? "Idempotency-Key: " : "", idem ? idem : "", idem ? "\r\n" :
	    "");
	st = raw_http(&srv, NULL, "POST", "/posts.json", headers,
	    "application/json", body, &resp, timeout_ms);
	*id = 0;
	if (st == 200 && (p = strstr(resp, "\r\n\r\n{\"id\":")) != NULL)
		*id = strtol(p + 10, NULL, 10);
	if (st == 200 && *id == 0)
		fail_msg("200 without an id: %.300s", resp);
	free(resp);
	return st;
}

/* One value from the server's database (?1 = arg when not NULL). */
static long
count(const char *sql, const char *arg)
{
	return th_db_long(srv.db, sql, arg);
}

static int
setup(void **state)
{
	char body[256];

	(void)state;
	/* The database is made by the CLI before the first start. */
	if (th_init(&srv) != 0 ||
	    th_create_user(&srv, "writer", "Writer-Password-123", 0, 0) < 0 ||
	    th_create_user(&srv, "other", "Other-Password-123", 0, 0) < 0 ||
	    (key = th_api_key(&srv, "writer")) == NULL ||
	    th_serve(&srv, NULL) != 0)
		return -1;
	snprintf(body, sizeof(body), "{\"title\":\"The crash test topic\","
	    "\"raw\":\"The first post of the crash test topic.\"}");
	if (post(NULL, body, &topic, 10000) != 200)
		return -1;
	topic = count("SELECT max(id) FROM topics", NULL);
	return topic > 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	free(key);
	/* th_stop: SIGTERM, a clean exit, and the directory removed. */
	return th_stop(&srv) == 0 ? 0 : -1;
}

static void
test_idempotency(void **state)
{
	char body[256], other[256], big[300];
	long a, b, n0;
	char *okey;
	struct th_server tmp = srv;

	(void)state;
	n0 = count("SELECT count(*) FROM posts", NULL);
	snprintf(body, sizeof(body), "{\"topic_id\":%ld,\"raw\":\"An "
	    "idempotent reply, sent twice.\"}", topic);
	assert_int_equal(post("key-1", body, &a, 10000), 200);
	assert_int_equal(post("key-1", body, &b, 10000), 200);
	assert_int_equal(a, b);
	assert_int_equal(count("SELECT count(*) FROM posts", NULL), n0 + 1);
	/* The same key with another body is a client error. */
	snprintf(other, sizeof(other), "{\"topic_id\":%ld,\"raw\":\"Another "
	    "body under the same key.\"}", topic);
	assert_int_equal(post("key-1", other, &b, 10000), 422);
	/* A new topic too. */
	assert_int_equal(post("key-2", "{\"title\":\"An idempotent new "
	    "topic\",\"raw\":\"Its first post, sent twice.\"}", &a, 10000),
	    200);
	assert_int_equal(post("key-2", "{\"title\":\"An idempotent new "
	    "topic\",\"raw\":\"Its first post, sent twice.\"}", &b, 10000),
	    200);
	assert_int_equal(a, b);
	assert_int_equal(count("SELECT count(*) FROM topics WHERE title = "
	    "'An idempotent new topic'", NULL), 1);
	/* Keys are per user. */
	okey = th_api_key(&tmp, "other");
	{
		char *mine = key;

		key = okey;
		assert_int_equal(post("key-1", body, &b, 10000), 200);
		key = mine;
	}
	free(okey);
	assert_int_not_equal(a, b);
	/* Malformed keys. */
	assert_int_equal(post("", body, &b, 10000), 400);
	assert_int_equal(post("has space", body, &b, 10000), 400);
	memset(big, 'k', 201);
	big[201] = '\0';
	assert_int_equal(post(big, body, &b, 10000), 400);
	/* A refused request leaves the key free. */
	assert_int_equal(post("key-3", "{\"topic_id\":999999,\"raw\":\"A reply "
	    "to a topic that does not exist.\"}", &b, 10000), 404);
	assert_int_equal(post("key-3", body, &b, 10000), 200);
}

static volatile int killer_stop;
static unsigned kill_seed;

/* Kills the server at random moments, waiting for each restart. */
static void *
killer(void *arg)
{
	int *kills = arg;
	pid_t pid;

	while (!killer_stop) {
		usleep(30000 + rand_r(&kill_seed) % 250000);
		pid = srv.pid;
		if (killer_stop || pid <= 0)
			break;
		kill(pid, SIGKILL);
		(*kills)++;
		/* The writer restarts it; wait for a new pid. */
		while (!killer_stop && (srv.pid == pid || srv.pid == 0))
			usleep(1000);
	}
	return NULL;
}

struct acked {
	long	id;
	char	raw[96];
};

static void
test_kill_loop(void **state)
{
	const char *env = getenv("CRASH_KILLS");
	int want = env ? atoi(env) : 20, kills = 0, st, i, retries = 0;
	int replayed = 0;
	struct acked *acked = calloc(MAX_ACKED, sizeof(*acked));
	long n = 0, id, sent = 0, dup;
	char idem[64], body[256];
	pthread_t t;
	double t0 = hostile_now();

	(void)state;
	kill_seed = (unsigned)time(NULL);
	printf("kill loop: seed %u, %d kills\n", kill_seed, want);
	assert_int_equal(pthread_create(&t, NULL, killer, &kills), 0);
	while (kills < want && n < MAX_ACKED && hostile_now() - t0 < 300) {
		snprintf(idem, sizeof(idem), "crash-%ld", sent);
		snprintf(acked[n].raw, sizeof(acked[n].raw),
		    "Crash test post number %ld, seed %u.", sent, kill_seed);
		snprintf(body, sizeof(body), "{\"topic_id\":%ld,\"raw\":\"%s\"}",
		    topic, acked[n].raw);
		sent++;
		/* Until it is answered: the server may die under it. */
		for (;;) {
			st = post(idem, body, &id, 10000);
			if (st == 200)
				break;
			if (st != 0 && st != -1)
				fail_msg("post %ld: status %d", sent, st);
			/* No answer: dead.  Restart and retry the same. */
			th_halt(&srv, 0);
			/* Committed before the kill, unanswered: the retry
			 * must get it from the key, not write it again. */
			if (count("SELECT count(*) FROM posts WHERE raw = ?1",
			    acked[n].raw) == 1)
				replayed++;
			assert_int_equal(th_serve(&srv, NULL), 0);
			retries++;
		}
		acked[n++].id = id;
	}
	killer_stop = 1;
	pthread_join(t, NULL);
	/* The killer may have struck after the last answer. */
	if (raw_http(&srv, NULL, "GET", "/site.json", NULL, NULL, NULL, NULL,
	    5000) != 200) {
		th_halt(&srv, 0);
		assert_int_equal(th_serve(&srv, NULL), 0);
	}
	printf("kill loop: %d kills, %ld posts acknowledged, %d retries after "
	    "a kill (%d of them already committed: answered from the key), "
	    "%.1f s\n", kills, n, retries, replayed, hostile_now() - t0);
	assert_true(kills >= want);
	/* Each acknowledged post once, with its id and its text. */
	{
		sqlite3 *db;
		sqlite3_stmt *q;

		assert_int_equal(sqlite3_open_v2(srv.db, &db,
		    SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
		sqlite3_busy_timeout(db, 5000);
		assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*), "
		    "sum(id = ?2) FROM posts WHERE raw = ?1", -1, &q, NULL),
		    SQLITE_OK);
		for (i = 0; i < n; i++) {
			sqlite3_reset(q);
			sqlite3_bind_text(q, 1, acked[i].raw, -1,
			    SQLITE_STATIC);
			sqlite3_bind_int64(q, 2, acked[i].id);
			assert_int_equal(sqlite3_step(q), SQLITE_ROW);
			if (sqlite3_column_int64(q, 0) != 1 ||
			    sqlite3_column_int64(q, 1) != 1)
				fail_msg("acknowledged post %d (%s, id %ld) "
				    "stored %lld times", i, acked[i].raw,
				    acked[i].id, sqlite3_column_int64(q, 0));
		}
		sqlite3_finalize(q);
		sqlite3_close(db);
	}
	dup = count("SELECT count(*) FROM (SELECT raw FROM posts WHERE raw "
	    "LIKE 'Crash test post%' GROUP BY raw HAVING count(*) > 1)", NULL);
	assert_int_equal(dup, 0);
	th_assert_counters(&srv);
	{
		sqlite3 *db;
		sqlite3_stmt *q;

		assert_int_equal(sqlite3_open(srv.db, &db), SQLITE_OK);
		sqlite3_busy_timeout(db, 5000);
		assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA "
		    "integrity_check", -1, &q, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(q, 0),
		    "ok");
		sqlite3_finalize(q);
		sqlite3_close(db);
	}
	free(acked);
}

/* Sets the running server's file size limit (bytes; RLIM_INFINITY). */
static void
fsize_limit(rlim_t bytes)
{
	struct rlimit rl = { bytes, RLIM_INFINITY };

	assert_int_equal(prlimit(srv.pid, RLIMIT_FSIZE, &rl, NULL), 0);
}

/*
 * Disk full: with writes failing under it, the server answers 503 with a
 * generic message, stores nothing half-written, keeps serving reads, and
 * takes writes again as soon as there is room, without a restart.
 */
static void
test_disk_full(void **state)
{
	char body[256], *resp = NULL, headers[256], path[64];
	long id, n0;
	int i, st;

	(void)state;
	n0 = count("SELECT count(*) FROM posts", NULL);
	fsize_limit(4096);
	for (i = 0; i < 5; i++) {
		snprintf(body, sizeof(body), "{\"topic_id\":%ld,\"raw\":\"Written "
		    "while the disk is full, number %d.\"}", topic, i);
		snprintf(headers, sizeof(headers), "Api-Key: %s\r\n", key);
		st = raw_http(&srv, NULL, "POST", "/posts.json", headers,
		    "application/json", body, &resp, 10000);
		if (st != 503)
			fail_msg("disk full: %d: %.400s", st, resp);
		assert_non_null(strstr(resp, "\"error_type\":\"read_only\""));
		assert_null(strstr(resp, "sqlite"));
		assert_null(strstr(resp, "disk"));
		free(resp);
	}
	/* Reads still work. */
	snprintf(path, sizeof(path), "/t/%ld.json", topic);
	assert_int_equal(raw_http(&srv, NULL, "GET", path, NULL, NULL, NULL,
	    NULL, 10000), 200);
	assert_int_equal(count("SELECT count(*) FROM posts", NULL), n0);
	assert_int_equal(count("SELECT count(*) FROM posts WHERE raw LIKE "
	    "'Written while the disk is full%'", NULL), 0);
	/* Room again: writes work without a restart. */
	fsize_limit(RLIM_INFINITY);
	snprintf(body, sizeof(body), "{\"topic_id\":%ld,\"raw\":\"Written "
	    "after the disk had room again.\"}", topic);
	assert_int_equal(post("after-full", body, &id, 10000), 200);
	assert_int_equal(count("SELECT count(*) FROM posts", NULL), n0 + 1);
	assert_true(th_log_count(&srv, "storage unavailable") >= 5);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_idempotency),
		cmocka_unit_test(test_disk_full),
		cmocka_unit_test(test_kill_loop),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

/*
 * confab backup and confab restore: backups taken while a client streams
 * writes are each consistent (integrity ok, counters agree), a restore is
 * refused while the server runs and for a damaged file, and a restored
 * instance holds exactly what the backup held and keeps working.
 */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#include "hostile.h"

static struct th_server srv;
static char *key;
static long topic;
static volatile int writer_stop;
static long writes;

/* POSTs a JSON body as the writer; the status (0: no answer). */
static int
post(const char *body)
{
	char headers[256];

	snprintf(headers, sizeof(headers), "Api-Key: %s\r\n", key);
	return raw_http(&srv, NULL, "POST", "/posts.json", headers,
	    "application/json", body, NULL, 10000);
}

static void *
writer(void *arg)
{
	char body[256];

	(void)arg;
	while (!writer_stop) {
		snprintf(body, sizeof(body), "{\"topic_id\":%ld,\"raw\":\"Backup "
		    "load post number %ld, long enough.\"}", topic, writes);
		if (post(body) == 200)
			writes++;
	}
	return NULL;
}

#define CONTENT "SELECT count(*) * 1000003 + total(length(raw)) + " \
	"total(id * 7) FROM posts"

static int
setup(void **state)
{
	(void)state;
	/* The database is made by the CLI before the first start. */
	if (th_init(&srv) != 0 ||
	    th_create_user(&srv, "writer", "Writer-Password-123", 0, 0) < 0 ||
	    (key = th_api_key(&srv, "writer")) == NULL ||
	    th_serve(&srv, NULL) != 0)
		return -1;
	if (post("{\"title\":\"The backup test topic\",\"raw\":\"The first "
	    "post of the backup test topic.\"}") != 200)
		return -1;
	topic = th_db_long(srv.db, "SELECT max(id) FROM topics", NULL);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	free(key);
	return th_stop(&srv) == 0 ? 0 : -1;
}

static void
test_backup_restore(void **state)
{
	char file[3][400], bad[400], out[512];
	pthread_t t;
	long held, before;
	int i, fd;

	(void)state;
	assert_int_equal(pthread_create(&t, NULL, writer, NULL), 0);
	for (i = 0; i < 3; i++) {
		usleep(300 * 1000);
		snprintf(file[i], sizeof(file[i]), "%s/backup-%d.db", srv.dir,
		    i);
		assert_int_equal(th_cli(&srv, NULL, "backup", file[i], NULL),
		    0);
	}
	usleep(200 * 1000);
	writer_stop = 1;
	pthread_join(t, NULL);
	printf("backup: %ld posts written during 3 backups\n", writes);
	assert_true(writes > 20);
	/* Each backup is one consistent moment. */
	for (i = 0; i < 3; i++) {
		if (th_cli(&srv, &(struct th_cli){ .db = file[i], .out = out,
		    .outlen = sizeof(out) }, "admin", "check-counters",
		    NULL) != 0)
			fail_msg("backup %d: %s", i, out);
		assert_true(th_db_long(file[i], "SELECT count(*) FROM posts",
		    NULL) > 1);
	}
	assert_true(th_db_long(file[0], "SELECT count(*) FROM posts", NULL) <
	    th_db_long(file[2], "SELECT count(*) FROM posts", NULL));
	/* No restore into a running instance, nor from a damaged file. */
	before = th_db_long(srv.db, CONTENT, NULL);
	assert_int_equal(th_cli(&srv, NULL, "restore", file[1], NULL), 1);
	snprintf(bad, sizeof(bad), "%s/damaged.db", srv.dir);
	assert_int_equal(th_cli(&srv, NULL, "backup", bad, NULL), 0);
	fd = open(bad, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, "garbage garbage garbage garbage", 31,
	    4096 + 100), 31);
	assert_int_equal(pwrite(fd, "not sqlite", 10, 0), 10);
	close(fd);
	assert_int_equal(th_halt(&srv, SIGTERM), 0);
	assert_int_equal(th_cli(&srv, NULL, "restore", bad, NULL), 1);
	assert_int_equal(th_cli(&srv, NULL, "restore", "/nonexistent/file.db",
	    NULL), 1);
	assert_int_equal(th_db_long(srv.db, CONTENT, NULL), before);
	/* Restore the middle backup into the stopped instance. */
	held = th_db_long(file[1], CONTENT, NULL);
	assert_int_equal(th_cli(&srv, NULL, "restore", file[1], NULL), 0);
	assert_int_equal(th_db_long(srv.db, CONTENT, NULL), held);
	assert_int_equal(th_serve(&srv, NULL), 0);
	assert_int_equal(th_db_long(srv.db, CONTENT, NULL), held);
	assert_int_equal(post("{\"title\":\"Written after the restore\","
	    "\"raw\":\"The restored forum takes new posts.\"}"), 200);
	th_assert_counters(&srv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_backup_restore),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

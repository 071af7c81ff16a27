/*
 * confab backup and confab restore: backups taken while a client streams
 * writes are each consistent (integrity ok, counters agree), a restore is
 * refused while the server runs and for a damaged file, and a restored
 * instance holds exactly what the backup held and keeps working.
 */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>

#include "hostile.h"

static struct th_server srv;
static char *key;
static long topic;
static volatile int writer_stop;
static long writes;

static const char *
bin(void)
{
	return getenv("CONFAB_BIN") ? getenv("CONFAB_BIN") : "./confab";
}

static int
start(void)
{
	char line[128];
	int out[2], log;
	size_t n = 0;
	struct pollfd pfd;
	pid_t pid;

	if (pipe(out) != 0)
		return -1;
	if ((pid = fork()) == 0) {
		dup2(out[1], STDOUT_FILENO);
		if ((log = open(srv.log, O_WRONLY | O_CREAT | O_APPEND,
		    0600)) >= 0)
			dup2(log, STDERR_FILENO);
		close(out[0]);
		putenv("CONFAB_RATE_LIMIT_CREATE_POST=0");
		putenv("CONFAB_RATE_LIMIT_CREATE_TOPIC=0");
		execl(bin(), bin(), "serve", "--listen", "127.0.0.1:0", "--db",
		    srv.db, "--threads", "2", (char *)NULL);
		_exit(127);
	}
	close(out[1]);
	pfd.fd = out[0];
	pfd.events = POLLIN;
	while (n + 1 < sizeof(line) && poll(&pfd, 1, 20000) > 0 &&
	    read(out[0], line + n, 1) == 1 && line[n] != '\n')
		n++;
	line[n] = '\0';
	close(out[0]);
	if (sscanf(line, "listening on 127.0.0.1:%d", &srv.port) != 1)
		return -1;
	srv.pid = pid;
	return 0;
}

/* SIGTERM; the exit status. */
static int
stop(void)
{
	int status;

	kill(srv.pid, SIGTERM);
	waitpid(srv.pid, &status, 0);
	srv.pid = 0;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Runs confab CMD FILE --db DB; the exit status. */
static int
run(const char *cmd, const char *file, const char *db)
{
	int status, null;
	pid_t pid;

	if ((pid = fork()) == 0) {
		if ((null = open("/dev/null", O_WRONLY)) >= 0)
			dup2(null, STDOUT_FILENO);
		execl(bin(), bin(), cmd, file, "--db", db, (char *)NULL);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int
post(const char *body)
{
	char req[2048];
	int n;

	n = snprintf(req, sizeof(req), "POST /posts.json HTTP/1.1\r\nHost: x"
	    "\r\nConnection: close\r\nApi-Key: %s\r\nContent-Type: "
	    "application/json\r\nContent-Length: %zu\r\n\r\n%s", key,
	    strlen(body), body);
	return raw_request(&srv, NULL, req, (size_t)n, NULL, 10000);
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

/* One value from a database file. */
static long
scalar(const char *db, const char *sql)
{
	sqlite3 *c;
	sqlite3_stmt *st;
	long v = -1;

	assert_int_equal(sqlite3_open_v2(db, &c, SQLITE_OPEN_READONLY, NULL),
	    SQLITE_OK);
	sqlite3_busy_timeout(c, 5000);
	if (sqlite3_prepare_v2(c, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(c);
	return v;
}

#define CONTENT "SELECT count(*) * 1000003 + total(length(raw)) + " \
	"total(id * 7) FROM posts"

static int
setup(void **state)
{
	(void)state;
	snprintf(srv.dir, sizeof(srv.dir), "/tmp/confab-backup-XXXXXX");
	if (mkdtemp(srv.dir) == NULL)
		return -1;
	snprintf(srv.db, sizeof(srv.db), "%s/confab.db", srv.dir);
	snprintf(srv.log, sizeof(srv.log), "%s/server.log", srv.dir);
	if (th_create_user(&srv, "writer", "Writer-Password-123", 0, 0) < 0 ||
	    (key = th_api_key(&srv, "writer")) == NULL || start() != 0)
		return -1;
	if (post("{\"title\":\"The backup test topic\",\"raw\":\"The first "
	    "post of the backup test topic.\"}") != 200)
		return -1;
	topic = scalar(srv.db, "SELECT max(id) FROM topics");
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
		assert_int_equal(run("backup", file[i], srv.db), 0);
	}
	usleep(200 * 1000);
	writer_stop = 1;
	pthread_join(t, NULL);
	printf("backup: %ld posts written during 3 backups\n", writes);
	assert_true(writes > 20);
	/* Each backup is one consistent moment. */
	for (i = 0; i < 3; i++) {
		struct th_server b = srv;

		snprintf(b.db, sizeof(b.db), "%s", file[i]);
		if (th_admin(&b, NULL, out, sizeof(out), "check-counters",
		    NULL) != 0)
			fail_msg("backup %d: %s", i, out);
		assert_true(scalar(file[i], "SELECT count(*) FROM posts") > 1);
	}
	assert_true(scalar(file[0], "SELECT count(*) FROM posts") <
	    scalar(file[2], "SELECT count(*) FROM posts"));
	/* No restore into a running instance, nor from a damaged file. */
	before = scalar(srv.db, CONTENT);
	assert_int_equal(run("restore", file[1], srv.db), 1);
	snprintf(bad, sizeof(bad), "%s/damaged.db", srv.dir);
	assert_int_equal(run("backup", bad, srv.db), 0);
	fd = open(bad, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, "garbage garbage garbage garbage", 31,
	    4096 + 100), 31);
	assert_int_equal(pwrite(fd, "not sqlite", 10, 0), 10);
	close(fd);
	assert_int_equal(stop(), 0);
	assert_int_equal(run("restore", bad, srv.db), 1);
	assert_int_equal(run("restore", "/nonexistent/file.db", srv.db), 1);
	assert_int_equal(scalar(srv.db, CONTENT), before);
	/* Restore the middle backup into the stopped instance. */
	held = scalar(file[1], CONTENT);
	assert_int_equal(run("restore", file[1], srv.db), 0);
	assert_int_equal(scalar(srv.db, CONTENT), held);
	assert_int_equal(start(), 0);
	assert_int_equal(scalar(srv.db, CONTENT), held);
	assert_int_equal(post("{\"title\":\"Written after the restore\","
	    "\"raw\":\"The restored forum takes new posts.\"}"), 200);
	assert_int_equal(th_admin(&srv, NULL, out, sizeof(out),
	    "check-counters", NULL), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_backup_restore),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

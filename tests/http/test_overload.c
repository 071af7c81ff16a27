/*
 * Overload: while OVERLOAD_CONNS (500) slow connections are held open from
 * loopback addresses 127.0.0.2-6 (slowloris headers dripped one byte a
 * second, bodies sent one byte a second, idle keep-alives), a well-behaved
 * client on 127.0.0.1 must get at least 99% of its requests answered
 * within a second.  Connections from one address past the per-IP limit
 * are refused, and the server's memory stays bounded.  OVERLOAD_SECONDS
 * (10) sets how long the load lasts; make stress runs it longer.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#include "hostile.h"

#define PER_IP_LIMIT	256	/* config.c: per_ip_conn_limit */
#define HEADER_DEADLINE	40	/* config.c: header_deadline */

static struct th_server srv;
static struct th_client *good;
static long topic;

static long
rss_kb(pid_t pid)
{
	char path[64], line[256];
	long kb = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "VmRSS: %ld", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/* A non-blocking connection from src; -1 on failure. */
static int
connect_from(const char *src)
{
	int fd = raw_connect(&srv, src);

	if (fd >= 0)
		fcntl(fd, F_SETFL, O_NONBLOCK);
	return fd;
}

/* 1 when the server has closed fd (end of stream or reset). */
static int
server_closed(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	char buf[512];
	ssize_t n;

	if (poll(&pfd, 1, 0) <= 0)
		return 0;
	while ((n = recv(fd, buf, sizeof(buf), 0)) > 0)
		;
	return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

static int
setup(void **state)
{
	json_t *j;
	long st;

	/* ASan keeps freed memory in a quarantine (256 MB by default),
	 * which would hide what the connections cost. */
	static const char *const env[] = {
		"ASAN_OPTIONS=quarantine_size_mb=8", NULL
	};

	(void)state;
	if (th_start(&srv, env) != 0 ||
	    th_create_user(&srv, "good", "Good-Password-123", 0, 0) < 0)
		return -1;
	good = th_client_new(&srv);
	if (th_login(good, "good", "Good-Password-123") != 200)
		return -1;
	j = th_send(good, "POST", "/posts.json", json_pack("{s:s,s:s}",
	    "title", "The overload test topic", "raw", "A topic to read while "
	    "the server is under load."), &st);
	topic = (long)json_integer_value(json_object_get(j, "topic_id"));
	json_decref(j);
	return st == 200 ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	th_client_free(good);
	return th_stop(&srv) == 0 ? 0 : -1;
}

static void
test_slow_clients(void **state)
{
	const char *e1 = getenv("OVERLOAD_CONNS"), *e2 =
	    getenv("OVERLOAD_SECONDS");
	int nconn = e1 ? atoi(e1) : 500, secs = e2 ? atoi(e2) : 10;
	int *fd = calloc((size_t)nconn, sizeof(int)), i, held = 0, ok = 0;
	int answered = 0, total = 0, prompt = 0, dripping = 0;
	int closed_by_server = 0;
	long rss0 = rss_kb(srv.pid), rss_peak = rss0, rss, st;
	double t0, t, worst = 0, last_drip = 0, lat;
	char src[32], path[64];
	json_t *j;

	(void)state;
	for (i = 0; i < nconn; i++) {
		const char *opening;

		snprintf(src, sizeof(src), "127.0.0.%d", 2 + i % 5);
		if ((fd[i] = connect_from(src)) < 0)
			continue;
		held++;
		switch (i % 3) {
		case 0:		/* slowloris: headers that never end */
			opening = "GET /latest.json HTTP/1.1\r\nHost: x\r\nX-a: ";
			break;
		case 1:		/* a body at one byte a second */
			opening = "POST /posts.json HTTP/1.1\r\nHost: x\r\n"
			    "Content-Type: application/json\r\n"
			    "Content-Length: 60000\r\n\r\n{";
			break;
		default:	/* a keep-alive that goes quiet */
			opening = "GET /site.json HTTP/1.1\r\nHost: x\r\n\r\n";
			break;
		}
		if (send(fd[i], opening, strlen(opening), MSG_NOSIGNAL) < 0)
			held--;
	}
	printf("overload: %d of %d slow connections open\n", held, nconn);
	assert_true(held >= nconn * 99 / 100);
	t0 = hostile_now();
	while ((t = hostile_now()) - t0 < secs) {
		/* One byte a second on every dripping connection. */
		if (t - last_drip >= 1.0) {
			for (i = 0; i < nconn; i++)
				if (fd[i] >= 0 && i % 3 != 2)
					send(fd[i], "a", 1, MSG_NOSIGNAL);
			last_drip = t;
			if ((rss = rss_kb(srv.pid)) > rss_peak)
				rss_peak = rss;
		}
		/* The well-behaved client: reads and now and then a post. */
		if (total % 10 == 9)
			snprintf(path, sizeof(path), "/posts.json");
		else
			snprintf(path, sizeof(path), total % 2 ? "/t/%ld.json" :
			    "/latest.json", topic);
		lat = hostile_now();
		if (total % 10 == 9)
			j = th_send(good, "POST", path, json_pack("{s:I,s:s}",
			    "topic_id", (json_int_t)topic, "raw", "A reply "
			    "written while slow clients hold the server."),
			    &st);
		else
			j = th_get(good, path, &st);
		lat = hostile_now() - lat;
		json_decref(j);
		total++;
		answered += st == 200;
		prompt += st == 200 && lat < 1.0;
		if (lat > worst)
			worst = lat;
		usleep(20 * 1000);
	}
	rss = rss_kb(srv.pid);
	printf("overload: %d requests in %d s, %d answered, %d within 1 s "
	    "(%.1f%%), worst %.0f ms; server RSS %ld KB before, %ld KB peak\n",
	    total, secs, answered, prompt, 100.0 * prompt / total,
	    worst * 1000, rss0, rss_peak);
	assert_true(prompt * 100 >= total * 99);
	/* Past the header deadline (40 s), the server has closed every
	 * connection still dripping its headers. */
	for (i = 0; i < nconn; i += 3)
		if (fd[i] >= 0) {
			dripping++;
			closed_by_server += server_closed(fd[i]);
		}
	printf("overload: %d of %d header drips closed by the server\n",
	    closed_by_server, dripping);
	if (secs > HEADER_DEADLINE + 2)
		assert_int_equal(closed_by_server, dripping);
	/* Bounded: 20 KB a connection, bodies under the 64 KB cap, plus
	 * ASan's overhead (a release build grew 17 MB with 1,000). */
	assert_true(rss_peak - rss0 < 192 * 1024);
	for (i = 0; i < nconn; i++)
		if (fd[i] >= 0)
			close(fd[i]);
	free(fd);
	/* The server is fine afterwards. */
	j = th_get(good, "/latest.json", &st);
	assert_int_equal(st, 200);
	json_decref(j);
	(void)ok;
}

/* Past the per-IP limit, connections are refused; other addresses and
 * earlier connections are served. */
static void
test_per_ip_limit(void **state)
{
	int n = PER_IP_LIMIT + 44, fd[PER_IP_LIMIT + 44], i, refused = 0;
	char buf[256];
	ssize_t got;
	struct pollfd pfd;
	json_t *j;
	long st;

	(void)state;
	for (i = 0; i < n; i++)
		fd[i] = connect_from("127.0.0.9");
	usleep(300 * 1000);
	/* libmicrohttpd closes the ones past its limit at once. */
	for (i = 0; i < n; i++) {
		if (fd[i] < 0) {
			refused++;
			continue;
		}
		pfd.fd = fd[i];
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 0) > 0 && ((got = recv(fd[i], buf,
		    sizeof(buf), 0)) == 0 || (got < 0 && errno ==
		    ECONNRESET)))
			refused++;
	}
	printf("overload: %d connections from one address, %d refused "
	    "(limit %d)\n", n, refused, PER_IP_LIMIT);
	assert_true(refused >= n - PER_IP_LIMIT);
	assert_true(refused <= n - PER_IP_LIMIT + 5);
	j = th_get(good, "/site.json", &st);
	assert_int_equal(st, 200);
	json_decref(j);
	for (i = 0; i < n; i++)
		if (fd[i] >= 0)
			close(fd[i]);
}

/* Sends a byte every 250 ms, up to max_ms; returns the milliseconds until
 * the server closed the connection (or answered), or -1. */
static int
drip_until_closed(int fd, int max_ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int ms;

	for (ms = 0; ms < max_ms; ms += 250) {
		if (send(fd, "a", 1, MSG_NOSIGNAL) != 1)
			return ms;
		/* Readable: closed (or answered) by the server. */
		if (poll(&pfd, 1, 250) > 0)
			return ms + 250;
	}
	return -1;
}

/* A new connection from 127.0.0.7 that sends opening, then drips; see
 * drip_until_closed. */
static int
open_and_drip(const char *opening, int max_ms)
{
	size_t len = strlen(opening);
	int fd = connect_from("127.0.0.7"), ms;

	assert_true(fd >= 0);
	assert_int_equal(send(fd, opening, len, 0), (ssize_t)len);
	ms = drip_until_closed(fd, max_ms);
	close(fd);
	return ms;
}

/* Reads one answer to a complete request; its status, or 0. */
static int
read_status(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	char buf[8192];
	ssize_t n;
	int status = 0;

	if (poll(&pfd, 1, 5000) > 0 && (n = recv(fd, buf, sizeof(buf) - 1,
	    0)) > 0) {
		buf[n] = '\0';
		if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1)
			status = 0;
	}
	return status;
}

/*
 * A body dripped a byte at a time keeps resetting the idle timeout; the
 * body deadline closes the connection anyway.  On a server of its own
 * with a 2 s deadline, so the slow clients above keep their 60 s.
 */
static void
test_body_drip_closed(void **state)
{
	static const char *const env[] = { "CONFAB_BODY_DEADLINE_SECONDS=2",
	    NULL };
	struct th_server main_srv = srv;
	static const char head[] = "POST /users.json HTTP/1.1\r\nHost: x\r\n"
	    "Content-Type: application/x-www-form-urlencoded\r\n"
	    "Content-Length: 1000\r\n\r\n";
	int ms;

	(void)state;
	assert_int_equal(th_start(&srv, env), 0);
	ms = open_and_drip(head, 8000);
	assert_int_equal(th_stop(&srv), 0);
	srv = main_srv;
	printf("overload: dripped body closed after about %d ms\n", ms);
	assert_true(ms >= 1500);	/* not before the deadline */
}

/*
 * A body past the cap is read and thrown away only up to 1 MiB (MAX_DISCARD
 * in server/http.c); then the connection is cut, so an endless chunked
 * upload cannot keep a connection busy until the body deadline.
 */
static void
test_oversized_upload_cut_off(void **state)
{
	static const char head[] = "POST /posts.json HTTP/1.1\r\nHost: x\r\n"
	    "Content-Type: application/json\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n";
	static char chunk[4096 + 16];
	struct pollfd pfd;
	size_t sent = 0, total = 16u << 20;
	int fd = connect_from("127.0.0.8"), n, cut = 0;

	(void)state;
	assert_true(fd >= 0);
	n = snprintf(chunk, sizeof(chunk), "1000\r\n");
	memset(chunk + n, 'x', 4096);
	memcpy(chunk + n + 4096, "\r\n", 2);
	n += 4096 + 2;
	assert_int_equal(send(fd, head, sizeof(head) - 1, 0),
	    (ssize_t)sizeof(head) - 1);
	while (sent < total && !cut) {
		pfd.fd = fd;
		pfd.events = POLLOUT;
		if (poll(&pfd, 1, 5000) <= 0)
			fail_msg("upload stalled after %zu KB", sent / 1024);
		if (send(fd, chunk, (size_t)n, MSG_NOSIGNAL) != n)
			cut = 1;
		else
			sent += 4096;
	}
	close(fd);
	printf("overload: oversized upload cut off after %zu KB sent\n",
	    sent / 1024);
	assert_true(cut);
}

/*
 * Headers dripped a byte at a time keep resetting the idle timeout; the
 * header deadline closes the connection anyway, counted from the moment
 * the connection opened or, on a kept-alive connection, from the end of
 * the previous response.  On a server of its own with a 2 s deadline.
 */
static void
test_header_drip_closed(void **state)
{
	static const char *const env[] = {
	    "CONFAB_HEADER_DEADLINE_SECONDS=2", NULL };
	static const char get[] = "GET /site.json HTTP/1.1\r\nHost: x\r\n\r\n";
	static const char opening[] = "GET /site.json HTTP/1.1\r\nHost: x\r\n"
	    "X-Slow: ";
	struct th_server main_srv = srv;
	int fd, ms, i;

	(void)state;
	assert_int_equal(th_start(&srv, env), 0);

	/* A fresh connection dripping its headers. */
	ms = open_and_drip(opening, 8000);
	printf("overload: dripped headers closed after about %d ms\n", ms);
	assert_true(ms >= 1500 && ms <= 4000);

	/* A kept-alive connection: each request answered, 1.5 s apart, for
	 * longer than the deadline in all; then a drip after the last
	 * answer is closed about 2 s after that answer. */
	fd = connect_from("127.0.0.7");
	assert_true(fd >= 0);
	for (i = 0; i < 3; i++) {
		assert_int_equal(send(fd, get, sizeof(get) - 1, 0),
		    (ssize_t)sizeof(get) - 1);
		assert_int_equal(read_status(fd), 200);
		usleep(1500 * 1000);
	}
	assert_int_equal(send(fd, get, sizeof(get) - 1, 0),
	    (ssize_t)sizeof(get) - 1);
	assert_int_equal(read_status(fd), 200);
	assert_int_equal(send(fd, opening, sizeof(opening) - 1, 0),
	    (ssize_t)sizeof(opening) - 1);
	ms = drip_until_closed(fd, 8000);
	close(fd);
	printf("overload: dripped headers after a response closed after "
	    "about %d ms\n", ms);
	assert_true(ms >= 1500 && ms <= 4000);
	assert_int_equal(th_log_count(&srv, "request headers took over 2 s"),
	    2);
	assert_int_equal(th_stop(&srv), 0);
	srv = main_srv;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slow_clients),
		cmocka_unit_test(test_per_ip_limit),
		cmocka_unit_test(test_body_drip_closed),
		cmocka_unit_test(test_header_drip_closed),
		cmocka_unit_test(test_oversized_upload_cut_off),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

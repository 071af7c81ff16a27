/*
 * make bench: the cost of writing a reply in a topic that WATCHERS users
 * watch (each gets a "posted" notification), at the server's write path
 * (posting_reply_write inside BEGIN IMMEDIATE ... COMMIT) on a database
 * file with the server's settings, synchronous=NORMAL or FULL.  Prints
 * the median and the worst of ROUNDS replies, in milliseconds.
 *
 *   bench_fanout DIR [WATCHERS] [ROUNDS] [full]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "notifications.h"
#include "notify.h"
#include "posting.h"
#include "posts.h"
#include "topics.h"
#include "users.h"

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return a < b ? -1 : a > b;
}

/* A user named user<i>; exits on failure. */
static int64_t
make_user(struct db *db, int i)
{
	char name[32], email[64];
	struct user_new u = { .username = name, .email = email, .name = name,
	    .password_hash = "x" };
	int64_t id;

	snprintf(name, sizeof(name), "user%d", i);
	snprintf(email, sizeof(email), "user%d@example.org", i);
	if (db_user_create(db, &u, &id) != DB_OK) {
		fprintf(stderr, "bench_fanout: cannot create %s\n", name);
		exit(1);
	}
	return id;
}

int
main(int argc, char **argv)
{
	struct topic_new tn = { .title = "A watched session topic",
	    .fancy_title = "A watched session topic", .slug = "watched",
	    .excerpt = "", .category_id = 1, .now = 1000 };
	struct post_new pn = { .raw = "The abstract of the session.",
	    .cooked = "<p>The abstract of the session.</p>", .now = 1000 };
	int watchers = argc > 2 ? atoi(argv[2]) : 1000;
	int rounds = argc > 3 ? atoi(argv[3]) : 20;
	int full = argc > 4 && strcmp(argv[4], "full") == 0;
	char path[4096];
	double *ms, t0;
	int64_t post_id, writer;
	struct db *db;
	int i;

	if (argc < 2 || watchers < 1 || watchers > 100000 || rounds < 1 ||
	    rounds > 1000) {
		fprintf(stderr, "usage: bench_fanout DIR [WATCHERS] [ROUNDS] "
		    "[full]\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/fanout.db", argv[1]);
	unlink(path);
	if ((db = db_open(path, full)) == NULL)
		return 1;
	tn.user_id = pn.user_id = make_user(db, 0);
	writer = make_user(db, 1);
	if (db_begin(db) != DB_OK ||
	    posting_topic_write(db, &tn, &pn, &post_id) != DB_OK)
		return 1;
	for (i = 0; i < watchers; i++)
		if (db_notif_topic_set(db, make_user(db, i + 2), pn.topic_id,
		    NOTIFY_WATCHING, NOTIFY_REASON_USER_CHANGED, 0) != DB_OK)
			return 1;
	if (db_commit(db) != DB_OK)
		return 1;
	ms = calloc((size_t)rounds, sizeof(*ms));
	pn.user_id = writer;
	pn.raw = "A question for the presenter, long enough.";
	pn.cooked = "<p>A question for the presenter, long enough.</p>";
	for (i = 0; i < rounds; i++) {
		pn.now = 2000 + i;
		t0 = now_ms();
		if (db_begin(db) != DB_OK ||
		    posting_reply_write(db, &pn, &post_id) != DB_OK ||
		    db_commit(db) != DB_OK)
			return 1;
		ms[i] = now_ms() - t0;
	}
	qsort(ms, (size_t)rounds, sizeof(*ms), cmp_double);
	printf("reply notifying %d watchers (synchronous=%s): median %.1f ms, "
	    "worst %.1f ms over %d replies\n", watchers, full ? "FULL" :
	    "NORMAL", ms[rounds / 2], ms[rounds - 1], rounds);
	free(ms);
	db_close(db);
	unlink(path);
	return 0;
}

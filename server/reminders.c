/*
 * The reminder worker.  Every interval it borrows a connection from the
 * pool and sends the reminders that have come due: today bookmark
 * reminders (core/bookmarking.c) and session reminders
 * (core/session_reminders.c).  The rule
 * of what is due, whom it may reach and how it is marked sent is core/'s;
 * this file only keeps the time.  A run is one transaction, so stopping
 * between runs (SIGTERM) loses nothing and a restart sends nothing twice.
 * A run that fails (a busy database) is logged and tried again at the next
 * interval.
 */
#include <pthread.h>
#include <time.h>

#include "bookmarking.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "reminders.h"
#include "session_reminders.h"
#include "util.h"

/* At most this many reminders a run: a backlog drains over a few runs
 * without holding the write lock for long. */
#define REMINDERS_PER_RUN	200

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static struct db_pool *rpool;
static unsigned interval;
static int running;
static pthread_t worker;

/* One run: sends what is due now. */
static void
run_once(void)
{
	struct db *db = db_pool_get(rpool);
	size_t sent;

	if (bookmarking_remind_due(db, util_now(), REMINDERS_PER_RUN,
	    &sent) != 0)
		log_warnx("bookmark reminders: run failed, retrying later");
	else if (sent > 0)
		log_info("bookmark reminders: %zu sent", sent);
	if (session_remind_due(db, util_now(),
	    (int64_t)cfg.session_reminder_minutes * 60, REMINDERS_PER_RUN,
	    &sent) != 0)
		log_warnx("session reminders: run failed, retrying later");
	else if (sent > 0)
		log_info("session reminders: %zu sent", sent);
	db_pool_put(rpool, db);
}

static void *
worker_main(void *arg)
{
	struct timespec until;

	(void)arg;
	pthread_mutex_lock(&lock);
	while (running) {
		pthread_mutex_unlock(&lock);
		run_once();
		pthread_mutex_lock(&lock);
		if (!running)
			break;
		util_time_in_ms(&until, (long)interval);
		pthread_cond_timedwait(&wake, &lock, &until);
	}
	pthread_mutex_unlock(&lock);
	return NULL;
}

int
reminders_start(struct db_pool *pool, unsigned interval_ms)
{
	rpool = pool;
	interval = interval_ms;
	running = 1;
	if (pthread_create(&worker, NULL, worker_main, NULL) != 0) {
		running = 0;
		log_warnx("cannot start the reminder thread");
		return -1;
	}
	return 0;
}

void
reminders_stop(void)
{
	if (!running)
		return;
	pthread_mutex_lock(&lock);
	running = 0;
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&lock);
	pthread_join(worker, NULL);
}

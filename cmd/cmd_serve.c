/*
 * confab serve: signals, start-up (the database pool, the secrets, the
 * response cache, the buffered access log, the HTTP daemon, the reminder
 * worker) and an orderly shutdown on SIGTERM or SIGINT: requests in
 * flight finish, the reminder run in progress ends, the counted views are
 * written, the pool is closed.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>

#include "auth.h"
#include "cache.h"
#include "cmd.h"
#include "config.h"
#include "db.h"
#include "http.h"
#include "log.h"
#include "ratelimit.h"
#include "reminders.h"
#include "views.h"

int
cmd_serve(void)
{
	struct db_pool *pool;
	struct db *db;
	unsigned short port;
	sigset_t set;
	int sig;

	/* Threads inherit this mask: only the main thread takes signals. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* Past a file size limit a write fails (EFBIG: answered 503) rather
	 * than killing the server. */
	signal(SIGXFSZ, SIG_IGN);

	/* One connection per worker thread, plus one spare. */
	pool = db_pool_open(cfg.db_path, cfg.threads + 1, cfg.sync_full);
	if (pool == NULL)
		fatalx("cannot open database %s", cfg.db_path);
	db = db_pool_get(pool);
	if (auth_init(db) != 0)
		fatalx("cannot initialise authentication");
	db_pool_put(pool, db);
	cache_init(4096, 32u * 1024 * 1024);
	/* A write(2) per access line cost a sixth of a cached read. */
	if (log_buffer_start() != 0)
		log_warnx("cannot buffer the access log; writing each line");
	if (http_start(pool, &port) != 0)
		fatalx("cannot start the HTTP server");
	if (reminders_start(pool, cfg.reminder_interval_ms) != 0)
		log_warnx("reminders will not be sent");
	printf("listening on 127.0.0.1:%u\n", (unsigned)port);
	fflush(stdout);
	log_info("serving %s with %u threads", cfg.db_path, cfg.threads);

	do {
		if (sigwait(&set, &sig) != 0)
			fatal("sigwait");
	} while (sig == SIGHUP);
	log_info("signal %d: finishing requests in flight", sig);
	http_stop();
	reminders_stop();
	log_buffer_stop();
	/* Views counted since the last write would be lost otherwise. */
	db = db_pool_get(pool);
	views_flush(db);
	db_pool_put(pool, db);
	db_pool_close(pool);
	cache_free();
	ratelimit_free_all();
	log_info("stopped");
	return 0;
}

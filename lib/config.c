/*
 * Defaults and environment overrides for struct config.
 */
#include <stdlib.h>

#include "config.h"
#include "log.h"

struct config cfg;

static void
env_str(const char *name, const char **out)
{
	const char *v = getenv(name);

	if (v != NULL && *v != '\0')
		*out = v;
}

static void
env_uint(const char *name, unsigned *out)
{
	const char *v = getenv(name);
	char *end;
	unsigned long n;

	if (v == NULL || *v == '\0')
		return;
	n = strtoul(v, &end, 10);
	if (*end != '\0' || n > 100000000UL)
		fatalx("%s: not a number: %s", name, v);
	*out = (unsigned)n;
}

/* env_uint, then *out must lie in [lo, hi] (the default included). */
static void
env_uint_range(const char *name, unsigned *out, unsigned lo, unsigned hi)
{
	env_uint(name, out);
	if (*out < lo || *out > hi)
		fatalx("%s must be between %u and %u", name, lo, hi);
}

void
config_init(void)
{
	/*
	 * libmicrohttpd zeroes a connection's whole memory pool before each
	 * request on a kept-alive connection: at 32 KB that was a third of
	 * the instructions of a cached read.  libmicrohttpd lets request
	 * line and headers take about half of it: 20 KB takes 9.9 KB of
	 * them (above the 8 KB many servers allow), more gets 414/431.
	 */
	unsigned conn_memory_kb = 20;
	/* A program of 5,000 sessions is about 3.6 MB of JSON. */
	unsigned max_upload_kb = 4096;

	cfg = (struct config){
		.listen = "127.0.0.1:8080",
		.db_path = "./confab.db",
		.static_dir = "./static",
		.threads = 4,
		.max_body = 64 * 1024,
		.conn_timeout = 30,
		.body_deadline = 60,
		.header_deadline = 40,
		.view_flush = 60,
		.conn_limit = 20000,
		.per_ip_conn_limit = 256,
		.min_password = 10,
		.max_password = 200,
		.min_post = 20,
		.max_post = 32000,
		.min_title = 15,
		.max_title = 255,
		.max_tags_per_topic = 5,
		.max_tag_length = 20,
		.rate_post_seconds = 5,
		.rate_topic_seconds = 15,
		.logins_per_ip_minute = 6,
		.logins_per_ip_hour = 30,
		.logins_per_account_minute = 6,
		.logins_per_account_hour = 30,
		.signups_per_ip_hour = 30,
		.hash_concurrency = 2,
		.new_topic_minutes = 2880,
		.bookmarks_per_day = 20,
		.bookmarks_per_user = 2000,
		.reminder_interval_ms = 30000,
		.session_reminder_minutes = 15,
	};
	env_str("CONFAB_LISTEN", &cfg.listen);
	env_str("CONFAB_DB", &cfg.db_path);
	env_str("CONFAB_STATIC", &cfg.static_dir);
	env_uint("CONFAB_THREADS", &cfg.threads);
	env_uint("CONFAB_SYNC_FULL", (unsigned *)&cfg.sync_full);
	env_uint("CONFAB_SECURE_COOKIES", (unsigned *)&cfg.secure_cookies);
	env_uint("CONFAB_MIN_POST_LENGTH", &cfg.min_post);
	env_uint("CONFAB_MAX_POST_LENGTH", &cfg.max_post);
	env_uint("CONFAB_MIN_TITLE_LENGTH", &cfg.min_title);
	env_uint("CONFAB_MAX_TITLE_LENGTH", &cfg.max_title);
	env_uint("CONFAB_RATE_LIMIT_CREATE_POST", &cfg.rate_post_seconds);
	env_uint("CONFAB_RATE_LIMIT_CREATE_TOPIC", &cfg.rate_topic_seconds);
	env_uint("CONFAB_MAX_LOGINS_PER_IP_PER_MINUTE",
	    &cfg.logins_per_ip_minute);
	env_uint("CONFAB_MAX_LOGINS_PER_IP_PER_HOUR", &cfg.logins_per_ip_hour);
	env_uint("CONFAB_MAX_LOGINS_PER_ACCOUNT_PER_MINUTE",
	    &cfg.logins_per_account_minute);
	env_uint("CONFAB_MAX_LOGINS_PER_ACCOUNT_PER_HOUR",
	    &cfg.logins_per_account_hour);
	env_uint("CONFAB_MAX_SIGNUPS_PER_IP_PER_HOUR", &cfg.signups_per_ip_hour);
	env_uint("CONFAB_HASH_CONCURRENCY", &cfg.hash_concurrency);
	env_uint_range("CONFAB_NEW_TOPIC_DURATION_MINUTES",
	    &cfg.new_topic_minutes, 1, 525600);
	env_uint_range("CONFAB_MAX_BOOKMARKS_PER_DAY", &cfg.bookmarks_per_day,
	    1, 100000);
	env_uint_range("CONFAB_MAX_BOOKMARKS_PER_USER", &cfg.bookmarks_per_user,
	    1, 1000000);
	env_uint_range("CONFAB_SESSION_REMINDER_MINUTES",
	    &cfg.session_reminder_minutes, 1, 1440);
	env_uint_range("CONFAB_REMINDER_INTERVAL_MS", &cfg.reminder_interval_ms,
	    10, 3600000);
	env_uint("CONFAB_BODY_DEADLINE_SECONDS", &cfg.body_deadline);
	env_uint_range("CONFAB_HEADER_DEADLINE_SECONDS", &cfg.header_deadline,
	    1, 3600);
	env_uint_range("CONFAB_VIEW_FLUSH_SECONDS", &cfg.view_flush, 1, 3600);
	env_uint_range("CONFAB_CONNECTION_MEMORY_KB", &conn_memory_kb, 8, 1024);
	cfg.conn_memory = (size_t)conn_memory_kb * 1024;
	env_uint_range("CONFAB_MAX_UPLOAD_KB", &max_upload_kb, 64, 65536);
	cfg.max_upload = (size_t)max_upload_kb * 1024;
	if (cfg.threads == 0 || cfg.threads > 256)
		fatalx("threads must be between 1 and 256");
	if (cfg.hash_concurrency == 0)
		cfg.hash_concurrency = 1;
}

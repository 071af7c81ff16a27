/*
 * Run-time settings: flags, then CONFAB_* environment variables, then the
 * defaults below (Discourse's where Discourse has one).  One global,
 * written at start-up and read-only afterwards.
 */
#ifndef CONFAB_CONFIG_H
#define CONFAB_CONFIG_H

#include <stddef.h>

struct config {
	const char	*listen;		/* ADDR:PORT */
	const char	*db_path;
	const char	*static_dir;
	unsigned	 threads;
	int		 sync_full;		/* synchronous=FULL */
	int		 secure_cookies;	/* Secure on _t */

	size_t		 max_body;		/* bytes */
	size_t		 max_upload;		/* bytes, R_UPLOAD routes */
	unsigned	 conn_timeout;		/* seconds idle */
	unsigned	 body_deadline;		/* seconds for a whole body */
	unsigned	 header_deadline;	/* seconds for a request's headers */
	unsigned	 view_flush;		/* seconds between view writes */
	unsigned	 conn_limit;
	unsigned	 per_ip_conn_limit;
	size_t		 conn_memory;		/* bytes per connection */

	unsigned	 min_password;
	unsigned	 max_password;
	unsigned	 min_post;
	unsigned	 max_post;
	unsigned	 min_title;
	unsigned	 max_title;
	unsigned	 max_tags_per_topic;
	unsigned	 max_tag_length;

	unsigned	 rate_post_seconds;	/* between two posts */
	unsigned	 rate_topic_seconds;	/* between two topics */
	unsigned	 logins_per_ip_minute;
	unsigned	 logins_per_ip_hour;
	unsigned	 logins_per_account_minute;
	unsigned	 logins_per_account_hour;
	unsigned	 signups_per_ip_hour;
	unsigned	 hash_concurrency;	/* argon2id at once */
	/* How long a topic stays "new" (Discourse's
	 * default_other_new_topic_duration_minutes). */
	unsigned	 new_topic_minutes;

	unsigned	 bookmarks_per_day;	/* new bookmarks a day, a user */
	unsigned	 bookmarks_per_user;	/* bookmarks a user may keep */
	unsigned	 reminder_interval_ms;	/* between reminder runs */
	/* How long before a session in one's agenda its reminder goes. */
	unsigned	 session_reminder_minutes;
};

extern struct config cfg;

/* Fills cfg with defaults, then applies CONFAB_* variables. */
void	config_init(void);

#endif

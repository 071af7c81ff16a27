/*
 * Reading state: what a signed-in user has read of each topic, and the
 * rules that turn it into Discourse's "new" and "unread".  Pure functions
 * of a topic's facts and the user's state, so tests/unit/test_reading.c
 * drives them directly.  db/reading.c stores the state; the /new and
 * /unread lists run the same rules as SQL (db/stmts_lists.def).  (Named
 * reading_rules.h because db/reading.h holds the storage and both
 * folders are on core's include path.)
 *
 * The rules (docs/api-lists.md, "Reading state"):
 *   new     created at or after the user's threshold (the latest of: now
 *           less cfg.new_topic_minutes, the account's creation, the last
 *           "dismiss new"), not started by the user, never read by them,
 *           not muted (topic level 0; the lists also leave
 *           out categories the user muted);
 *   unread  read before (last_read_post_number > 0), with posts beyond
 *           it, and tracked: topic level tracking (2) or watching (3), or
 *           no level chosen yet (NULL), which counts as tracking because
 *           state exists only for topics the user posted in or read;
 *           normal (1) and muted (0) never are.
 */
#ifndef CONFAB_READING_RULES_H
#define CONFAB_READING_RULES_H

#include <stddef.h>
#include <stdint.h>

/* Discourse's watching levels; READING_LEVEL_NONE is the NULL column. */
#define READING_LEVEL_NONE	(-1)
#define READING_LEVEL_MUTED	0
#define READING_LEVEL_NORMAL	1
#define READING_LEVEL_TRACKING	2
#define READING_LEVEL_WATCHING	3

/* Bounds of one POST /topics/timings. */
#define READING_MAX_TIMINGS	200	/* post numbers per call */
#define READING_MAX_MSECS	60000	/* per call, as
					 * Discourse's MAX_READ_TIME_PER_BATCH */

/* One user's state in one topic (a topic_users row, or none). */
struct reading_state {
	int	 exists;		/* a row: 0 means never seen */
	int64_t	 last_read;		/* highest post number read, 0 = none */
	int	 level;			/* 0..3 or READING_LEVEL_NONE */
};

/* The facts of a topic the rules read. */
struct reading_topic {
	int64_t	 user_id;		/* its creator */
	int64_t	 created_at;
	int64_t	 highest_post_number;
};

/*
 * The earliest creation time of a topic that can still be new for a user
 * created at user_created_at who last dismissed new topics at new_since
 * (0 = never; a dismissal covers its whole second), with new topics
 * lasting window_minutes.  Returns seconds since the epoch.
 */
int64_t	reading_new_threshold(int64_t now, unsigned window_minutes,
	    int64_t user_created_at, int64_t new_since);

/* Whether the state carries reading data (a row with something read). */
int	reading_has_state(const struct reading_state *);

/* 1 when topic t is new for user_id with state s and threshold, else 0. */
int	reading_is_new(const struct reading_topic *t,
	    const struct reading_state *s, int64_t user_id, int64_t threshold);

/* 1 when the level counts as tracking for the unread list. */
int	reading_is_tracked(int level);

/* 1 when topic t is unread for state s, else 0. */
int	reading_is_unread(const struct reading_topic *t,
	    const struct reading_state *s);

/* Posts beyond the last read (0 without state, never negative). */
int64_t	reading_unread_posts(const struct reading_topic *t,
	    const struct reading_state *s);

/*
 * One call's timings, checked: the n post numbers the client sent (the
 * time per post is not kept, only the topic's total).  Sets *last_read to the highest post number that
 * exists (1..highest_post_number; 0 if none does) and *msecs to the time
 * to add, topic_time capped at READING_MAX_MSECS (negative counts as 0).
 * Returns 0, or -1 when n exceeds READING_MAX_TIMINGS.
 */
int	reading_timings_check(int64_t highest_post_number,
	    const int64_t *numbers, size_t n, int64_t topic_time,
	    int64_t *last_read, int64_t *msecs_out);

#endif

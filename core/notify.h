/*
 * Notifications: who is told what when a post, a like or an answer is
 * written.  Called from the one place each write happens (core/posting.c
 * and core/actions.c), inside the writer's transaction, so a
 * notification and what it is about commit together.  Types and numbers
 * are Discourse's, plus confab's own from 800 (docs/api.md).
 *
 * Rules: never notify the writer; never someone who cannot see the topic
 * now (checked here for each named recipient, and again when the list is
 * read, which also covers the watchers of the one-statement fan-out);
 * one notification per post and recipient; muted (level 0 on the topic,
 * else on its category) silences all but private messages; likes of one
 * post collapse into one notification with a count.
 */
#ifndef CONFAB_NOTIFY_H
#define CONFAB_NOTIFY_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;

enum notify_type {
	NOTIFY_MENTIONED = 1,
	NOTIFY_REPLIED = 2,
	NOTIFY_QUOTED = 3,
	NOTIFY_EDITED = 4,
	NOTIFY_LIKED = 5,
	NOTIFY_PRIVATE_MESSAGE = 6,
	NOTIFY_POSTED = 9,
	NOTIFY_LINKED = 11,
	NOTIFY_BOOKMARK_REMINDER = 24,
	NOTIFY_QUESTION_ON_YOUR_SESSION = 800,
	NOTIFY_ANSWER_ACCEPTED = 801,
	NOTIFY_SESSION_STARTING = 802,
	NOTIFY_RECORDING_AVAILABLE = 803,
};

/* Watching levels, as Discourse's. */
enum notify_level {
	NOTIFY_MUTED = 0,
	NOTIFY_NORMAL = 1,
	NOTIFY_TRACKING = 2,
	NOTIFY_WATCHING = 3,
};

/* Why a topic level was set (Discourse's TopicUser notification reasons;
 * 9 is plugin_changed, used for presenters). */
enum notify_reason {
	NOTIFY_REASON_CREATED_TOPIC = 1,
	NOTIFY_REASON_USER_CHANGED = 2,
	NOTIFY_REASON_CREATED_POST = 4,
	NOTIFY_REASON_PRESENTER = 9,
};

/* A post just written, as the rules need it; strings borrowed. */
struct notify_post {
	int64_t		 post_id;
	int64_t		 topic_id;
	int64_t		 post_number;
	int64_t		 user_id;		/* the writer */
	int64_t		 reply_to_post_number;	/* 0 = none */
	const char	*cooked;
	int		 edit;		/* an edit: only newly mentioned users */
	int		 quiet;		/* written by the import: no one told */
	int64_t		 now;
};

/* --- pure rules ----------------------------------------------------- */

/* Discourse's name of a type ("mentioned", ...), NULL when unknown. */
const char *notify_type_name(int type);
/* Whether a level is one of 0..3. */
int	notify_level_valid(int64_t level);
/* The level that applies: the topic's own (-1 none), else the
 * category's (-1 none), else normal. */
int	notify_level_effective(int topic_level, int category_level);
/* Whether a notification of type reaches a user at level: muted hears
 * only private messages; "posted" needs watching. */
int	notify_level_allows(int level, int type);
/* Whether type is high priority (Discourse: private messages). */
int	notify_high_priority(int type);
/*
 * The usernames mentioned in cooked HTML (cook's <a class="mention"
 * href="/u/NAME">), distinct, at most max, as arena strings in *names.
 * Returns how many.
 */
size_t	notify_mentions(struct arena *, const char *cooked, size_t max,
	    char ***names);

/* --- writes, inside the caller's transaction ------------------------ */

/*
 * Tells whom post p concerns (replied, mentioned, question on your
 * session, posted to watchers) and sets the writer's automatic level.
 * Returns 0, or -1 on a database error (the caller rolls back).
 */
int	notify_post(struct db *, struct arena *, const struct notify_post *p);
/* A like of post_id (topic_id, number, by author_id) by liker_id. */
int	notify_liked(struct db *, struct arena *, int64_t post_id,
	    int64_t topic_id, int64_t post_number, int64_t author_id,
	    int64_t liker_id, int64_t now);
/* The question post_id (by author_id) was marked answered by judge_id. */
int	notify_answer_accepted(struct db *, struct arena *, int64_t post_id,
	    int64_t topic_id, int64_t post_number, int64_t author_id,
	    int64_t judge_id, int64_t now);
/*
 * A bookmark's reminder to user_id about topic_id (post_id, post_number:
 * 0 for a topic's own bookmark), with data (a JSON object's text,
 * borrowed).  The caller has checked that the user may see it.  0 / -1.
 */
int	notify_bookmark_reminder(struct db *, int64_t user_id,
	    int64_t topic_id, int64_t post_number, int64_t post_id,
	    const char *data, int64_t now);
/*
 * A session in user_id's agenda starts soon: a session_starting (802)
 * notification about topic_id's first post (post_id), with data (a JSON
 * object's text, borrowed).  The caller has checked that the user may
 * see the topic.  0 / -1.
 */
int	notify_session_starting(struct db *, int64_t user_id, int64_t topic_id,
	    int64_t post_id, const char *data, int64_t now);
/* A session's linked presenters watch it (after they change).  0 / -1. */
int	notify_presenters_watch(struct db *, int64_t topic_id);

#endif

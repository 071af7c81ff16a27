/*
 * Notifications and watching levels (db/stmts_notifications.def): writing
 * a notification, collapsing likes into one row per post and recipient,
 * the fan-out of "posted" to watchers in one statement, a user's list and
 * unread counts (filtered by what the reader may see now), marking read,
 * and the per-topic and per-category levels.  Results live in the
 * caller's arena; writes run inside the caller's transaction.
 */
#ifndef CONFAB_DB_NOTIFICATIONS_H
#define CONFAB_DB_NOTIFICATIONS_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct arena;

/* Which notifications a list shows. */
enum notif_filter {
	NOTIF_FILTER_ALL = 0,
	NOTIF_FILTER_UNREAD = 1,
	NOTIF_FILTER_READ = 2,
};

/* A notification to write; strings borrowed. */
struct notif_new {
	int64_t		 user_id;
	int		 type;
	int64_t		 topic_id;
	int64_t		 post_number;	/* 0 = none */
	int64_t		 post_id;	/* 0 = none */
	int64_t		 actor_id;	/* 0 = none */
	const char	*data;		/* a JSON object's text */
	int		 high_priority;
	int64_t		 now;
};

/* One row of a user's list, with its topic's slug and fancy title. */
struct notif {
	int64_t	 id;
	int	 type;
	int	 read;
	int	 high_priority;
	int64_t	 created_at;
	int64_t	 post_number;	/* 0 = none */
	int64_t	 topic_id;
	char	*slug;
	char	*fancy_title;
	char	*data;		/* JSON object text */
};

/* Writes n.  DB_OK or DB_ERROR. */
int	db_notif_insert(struct db *, const struct notif_new *n);
/*
 * Counts one more like into n->user_id's "liked" row for n->post_id
 * (unread again, the liker's name shown), or writes n when there is none.
 * DB_OK or DB_ERROR.
 */
int	db_notif_like(struct db *, const struct notif_new *n,
	    const char *display_username);
/* DB_OK when post_id already notified user_id, DB_NOTFOUND, DB_ERROR. */
int	db_notif_for_post(struct db *, int64_t post_id, int64_t user_id);
/*
 * Writes n (its user_id ignored) for every user watching the topic at
 * level 3 (the topic's own level, else the category_id's), but the actor
 * and users post n->post_id already notified, in one statement; *count
 * is how many.  DB_OK or DB_ERROR.
 */
int	db_notif_fanout(struct db *, const struct notif_new *n,
	    int64_t category_id, int64_t *count);
/*
 * user_id's notifications that the reader may see (visible_json: the
 * categories, as rights_visible_categories gives them), newest first,
 * with their total.  DB_OK with *out (arena array of *n) or DB_ERROR.
 */
int	db_notif_list(struct db *, struct arena *, int64_t user_id,
	    const char *visible_json, enum notif_filter, int64_t limit,
	    int64_t offset, struct notif **out, size_t *n, int64_t *total);
/* The unread ones, all and high priority, among the same.  DB_OK/ERROR. */
int	db_notif_unread(struct db *, int64_t user_id, const char *visible_json,
	    int64_t *unread, int64_t *high_priority);
/* Marks id (0 = all) of user_id read.  DB_OK, DB_NOTFOUND (no such id of
 * theirs), DB_ERROR. */
int	db_notif_mark_read(struct db *, int64_t user_id, int64_t id);
/* The user's seen_notification_id, and raising it to id.  DB_OK/ERROR. */
int	db_notif_seen_get(struct db *, int64_t user_id, int64_t *id);
int	db_notif_seen_set(struct db *, int64_t user_id, int64_t id);
/* The author of live post number of topic_id: DB_OK, DB_NOTFOUND,
 * DB_ERROR. */
int	db_notif_post_author(struct db *, int64_t topic_id, int64_t number,
	    int64_t *user_id);

/*
 * user_id's level on topic_id, its own (-1 when not chosen) and its
 * category's (-1).  DB_OK, DB_NOTFOUND (no such topic), DB_ERROR.
 */
int	db_notif_levels(struct db *, int64_t user_id, int64_t topic_id,
	    int *topic_level, int *category_level);
/*
 * Sets user_id's level on topic_id with Discourse's reason id; when auto,
 * only if the user has none yet.  DB_OK or DB_ERROR.
 */
int	db_notif_topic_set(struct db *, int64_t user_id, int64_t topic_id,
	    int level, int reason, int is_auto);
/* user_id's level on category_id (-1 = not chosen).  DB_OK/DB_ERROR. */
int	db_notif_category_get(struct db *, int64_t user_id,
	    int64_t category_id, int *level);
int	db_notif_category_set(struct db *, int64_t user_id,
	    int64_t category_id, int level);
/*
 * The linked presenters of topic_id watch it with reason reason; those
 * who no longer present lose that level; a level chosen by the user
 * (reason user_reason) is kept.  DB_OK or DB_ERROR.
 */
int	db_notif_presenters_watch(struct db *, int64_t topic_id, int reason,
	    int user_reason);
/*
 * The users at level min_level or more on topic_id (its own level, else
 * the category's), at most max, by id.  DB_OK with *out (arena array of
 * *n) or DB_ERROR.
 */
int	db_notif_watchers(struct db *, struct arena *, int64_t topic_id,
	    int min_level, size_t max, int64_t **out, size_t *n);

#endif

/*
 * Posts: reading them (one, a chunk by ids, a topic's stream of ids),
 * creating, editing with revisions, soft-deleting, and likes.  Write
 * functions run inside the caller's transaction and keep the counters in
 * step (see db/topics.h).  Results are allocated in the caller's arena.
 */
#ifndef CONFAB_DB_POSTS_H
#define CONFAB_DB_POSTS_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct arena;

#define POST_ACTION_LIKE	2
/* Discourse's post_undo_action_window_mins: a like can be undone for
 * ten minutes. */
#define POST_UNDO_ACTION_SECONDS	600

struct post {
	int64_t	 id;
	int64_t	 topic_id;
	int64_t	 user_id;
	int64_t	 post_number;
	int	 post_type;
	char	*raw;			/* NULL unless asked for */
	char	*cooked;
	int64_t	 reply_to_post_number;	/* 0 = none */
	int64_t	 reply_count;
	int64_t	 like_count;
	int64_t	 version;
	char	*edit_reason;		/* NULL = none */
	int64_t	 created_at;
	int64_t	 updated_at;
	int64_t	 deleted_at;		/* 0 = live */
	/* The author, joined from users. */
	char	*username;
	char	*name;
	int	 admin;
	int	 moderator;
	int	 trust_level;
	/* When the viewer liked it (0 = not liked, or anonymous viewer). */
	int64_t	 liked_at;
};

struct post_new {
	int64_t		 topic_id;
	int64_t		 user_id;
	const char	*raw;
	const char	*cooked;
	int64_t		 reply_to_post_number;	/* 0 = none */
	int64_t		 now;
	int		 quiet;	/* tell no one (the program import's posts) */
};

struct post_edit {
	const char	*raw;
	const char	*cooked;
	const char	*edit_reason;	/* NULL = none */
	int64_t		 editor_id;
	int64_t		 now;
	int		 quiet;	/* tell no one (the program import's edits) */
};

struct post_revision {
	int64_t	 number;
	int64_t	 user_id;
	char	*raw_before;
	char	*raw_after;
	char	*cooked_before;
	char	*cooked_after;
	char	*title_before;		/* NULL when the title did not change */
	char	*title_after;
	char	*edit_reason;
	int64_t	 created_at;
	char	*username;
	char	*name;
	/* Over all revisions of the post. */
	int64_t	 first;
	int64_t	 last;
	int64_t	 count;
};

/*
 * Adds a post to topic p->topic_id: the next post number, topic, parent,
 * user and category counters, and the bump.  A reply_to_post_number that
 * is not a live post of the topic is dropped.  Returns DB_OK and sets *id
 * and *post_number, DB_NOTFOUND (no such topic) or DB_ERROR.  Inside a
 * transaction.
 */
int	db_post_create(struct db *, const struct post_new *p, int64_t *id,
	    int64_t *post_number);

/*
 * One post, deleted or not, seen by viewer_id (0 = anonymous; it sets
 * liked_at), with raw when with_raw.  DB_OK, DB_NOTFOUND or DB_ERROR.
 */
int	db_post_get(struct db *, struct arena *, int64_t id, int64_t viewer_id,
	    int with_raw, struct post **);

/*
 * A topic's post ids and numbers in order (deleted ones only when
 * with_deleted), as two arena arrays of *n.  DB_OK or DB_ERROR.
 */
int	db_posts_stream(struct db *, struct arena *, int64_t topic_id,
	    int with_deleted, int64_t **ids, int64_t **numbers, size_t *n);

/*
 * The posts of topic_id whose ids are in ids[0..nids), in post order,
 * deleted ones only when with_deleted; ids of other topics are ignored.
 * Sets *out to an arena array of *n pointers.  DB_OK or DB_ERROR.
 */
int	db_posts_by_ids(struct db *, struct arena *, int64_t topic_id,
	    const int64_t *ids, size_t nids, int64_t viewer_id,
	    int with_deleted, struct post ***out, size_t *n);

/*
 * Replaces old's raw and cooked text, raises its version and records a
 * revision numbered with the new version; the topic's word count follows
 * when old was read with raw.  Returns DB_OK, DB_NOTFOUND when
 * the post changed since old was read (or is gone), or DB_ERROR.  Inside
 * a transaction.
 */
int	db_post_edit(struct db *, const struct post *old,
	    const struct post_edit *);

/*
 * Soft-deletes post p (not a first post: that deletes the topic; read with
 * raw, for the topic's word count) by by_id;
 * topic counters always follow, user and category counters only when the
 * topic is live.  DB_OK, DB_NOTFOUND (already deleted) or DB_ERROR.
 * Inside a transaction.
 */
int	db_post_delete(struct db *, const struct post *p, int topic_live,
	    int64_t by_id, int64_t now);

/*
 * Revision number (0 = the latest) of post_id with the range of its
 * revisions.  DB_OK, DB_NOTFOUND or DB_ERROR.
 */
int	db_post_revision_get(struct db *, struct arena *, int64_t post_id,
	    int64_t number, struct post_revision **);

/*
 * Likes post p (live, in a live topic) as user_id, counting it on the
 * post, topic, liker and author.  DB_OK, DB_CONSTRAINT when already liked,
 * or DB_ERROR.  Inside a transaction.
 */
int	db_post_like(struct db *, const struct post *p, int64_t user_id,
	    int64_t now);

/*
 * Undoes user_id's like of p (live, in a live topic) and its counts.
 * DB_OK, DB_NOTFOUND (not liked) or DB_ERROR.  Inside a transaction.
 */
int	db_post_unlike(struct db *, const struct post *p, int64_t user_id);

#endif

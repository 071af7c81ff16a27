/*
 * Topics: reading one with its tags and participants, creating, editing
 * (title, category, tags, status), soft-deleting, and the consistency check
 * of every stored counter.  Write functions run inside the caller's
 * transaction (db_begin ... db_commit) and keep the counters of
 * docs/api-topics.md ("Counters") in step with the rows they count.
 * Results are allocated in the caller's arena.
 */
#ifndef CONFAB_DB_TOPICS_H
#define CONFAB_DB_TOPICS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "db.h"

struct arena;

struct topic {
	int64_t	 id;
	char	*title;
	char	*fancy_title;
	char	*slug;
	int64_t	 category_id;
	int64_t	 user_id;
	char	*archetype;
	int64_t	 created_at;
	int64_t	 updated_at;
	int64_t	 bumped_at;
	int64_t	 last_posted_at;	/* 0 = none */
	int64_t	 last_post_user_id;	/* 0 = none */
	int64_t	 posts_count;
	int64_t	 reply_count;
	int64_t	 highest_post_number;
	int64_t	 like_count;
	int64_t	 views;
	int64_t	 word_count;
	char	*excerpt;
	int	 closed;
	int	 archived;
	int	 visible;
	int64_t	 pinned_at;		/* 0 = not pinned */
	int	 pinned_globally;
	int64_t	 pinned_until;		/* 0 = no end */
	char	*external_id;		/* NULL = none */
	int64_t	 deleted_at;		/* 0 = live */
	int64_t	 deleted_by_id;
	/* The creator and the last poster, joined from users. */
	char	*username;
	char	*name;
	char	*last_poster_username;	/* NULL when no last poster */
	char	*last_poster_name;
	/* Tag names, sorted. */
	char	**tags;
	size_t	 ntags;
};

/* A user who posted in a topic, for details.participants. */
struct topic_participant {
	int64_t	 id;
	char	*username;
	char	*name;
	int	 admin;
	int	 moderator;
	int	 trust_level;
	int64_t	 post_count;
};

struct topic_new {
	const char	 *title;
	const char	 *fancy_title;
	const char	 *slug;
	const char	 *excerpt;
	const char	 *external_id;	/* NULL = none */
	int64_t		  category_id;
	int64_t		  user_id;
	int64_t		  now;
	const char	**tags;		/* normalised, distinct */
	size_t		  ntags;
};

enum topic_status {
	TOPIC_STATUS_CLOSED,
	TOPIC_STATUS_ARCHIVED,
	TOPIC_STATUS_VISIBLE,
	TOPIC_STATUS_PINNED,
	TOPIC_STATUS_PINNED_GLOBALLY,
	TOPIC_STATUS__MAX
};

/*
 * Loads topic id, deleted or not, with its tags: DB_OK (*out in the
 * arena), DB_NOTFOUND or DB_ERROR.
 */
int	db_topic_get(struct db *, struct arena *, int64_t id, struct topic **);

/*
 * Inserts a topic and its tags (creating tags that do not exist) and
 * counts it for its creator and category; the first post is added next
 * with db_post_create.  Returns DB_OK and sets *id, DB_CONSTRAINT when
 * external_id is taken, or DB_ERROR.  Inside a transaction.
 */
int	db_topic_create(struct db *, const struct topic_new *, int64_t *id);

/* Whether a topic has external_id: DB_OK (taken), DB_NOTFOUND, DB_ERROR. */
int	db_topic_external_id_taken(struct db *, const char *external_id);

/*
 * Up to max participants (users with live posts, most posts first) in
 * the arena, and how many there are in all.  DB_OK or DB_ERROR.
 */
int	db_topic_participants(struct db *, struct arena *, int64_t topic_id,
	    size_t max, struct topic_participant **, size_t *n,
	    int64_t *count);

/* DB_OK when someone other than user_id has a live post in the topic,
 * DB_NOTFOUND when not, DB_ERROR. */
int	db_topic_others_posted(struct db *, int64_t topic_id, int64_t user_id);

/* Adds n views to a topic.  DB_OK, DB_BUSY or DB_ERROR. */
int	db_topic_add_views(struct db *, int64_t topic_id, int64_t n);

/*
 * The times of user_id's latest post and latest topic (0 = none), deleted
 * ones included, for the posting throttles.  DB_OK or DB_ERROR.
 */
int	db_user_last_created(struct db *, int64_t user_id, int64_t *post,
	    int64_t *topic);

/*
 * Renames topic t and records the change as a revision of its first post
 * (whose version goes up by one) by editor_id.  DB_OK, DB_NOTFOUND (no
 * first post) or DB_ERROR.  Inside a transaction.
 */
int	db_topic_set_title(struct db *, const struct topic *t,
	    const char *title, const char *fancy_title, const char *slug,
	    int64_t editor_id, int64_t now);

/* Moves t to category_id, moving its counts.  Inside a transaction. */
int	db_topic_set_category(struct db *, const struct topic *t,
	    int64_t category_id, int64_t now);

/*
 * Replaces t's tags with tags[0..n) (normalised, distinct), creating new
 * ones and keeping tags.topic_count right.  Inside a transaction.
 */
int	db_topic_set_tags(struct db *, const struct topic *t,
	    const char **tags, size_t n, int64_t now);

/*
 * Sets one status flag.  For the pins, enabled sets pinned_at = now
 * and pinned_until = until (0 = none); disabled clears the pin.
 * DB_OK or DB_ERROR.
 */
int	db_topic_set_status(struct db *, int64_t topic_id, enum topic_status,
	    int enabled, int64_t until, int64_t now);

/*
 * Soft-deletes t (live) by user by_id and takes it out of every user,
 * category and tag count.  DB_OK, DB_NOTFOUND (already deleted) or
 * DB_ERROR.  Inside a transaction.
 */
int	db_topic_delete(struct db *, const struct topic *t, int64_t by_id,
	    int64_t now);

/* Sets the stored excerpt of a topic (after its first post is edited).
 * DB_OK or DB_ERROR. */
int	db_topic_set_excerpt(struct db *, int64_t topic_id, const char *excerpt,
	    int64_t now);

/*
 * Recomputes every stored counter from the rows it counts and prints one
 * line per mismatch to out.  Returns the number of mismatches (0 = all
 * consistent) or -1 on a database error.
 */
int	db_counters_check(struct db *, FILE *out);

#endif

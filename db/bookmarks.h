/*
 * Bookmarks (db/stmts_bookmarks.def): a user's marks on posts and topics,
 * with an optional name and reminder; the list of one user's, the ones in
 * one topic, and the reminders that are due.  Results live in the
 * caller's arena; writes run inside the caller's transaction when it has
 * one.  Who may bookmark what is core/bookmarks.c's.
 */
#ifndef CONFAB_DB_BOOKMARKS_H
#define CONFAB_DB_BOOKMARKS_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct arena;

/* One bookmark; the fields after updated_at are filled by lists only. */
struct bookmark {
	int64_t	 id;
	int64_t	 user_id;
	int64_t	 bookmarkable_id;
	char	*bookmarkable_type;	/* "Post" or "Topic" */
	char	*name;			/* NULL = none */
	int64_t	 reminder_at;		/* 0 = none */
	int64_t	 reminder_last_sent_at;	/* 0 = not sent */
	int64_t	 created_at;
	int64_t	 updated_at;
	/* db_bookmark_in_topic: the post's number (0 for a topic). */
	int64_t	 post_number;
	/* db_bookmark_list: the topic and the author of what is marked. */
	int64_t	 topic_id;
	char	*title;
	char	*fancy_title;
	char	*slug;
	int64_t	 category_id;
	int	 closed;
	int	 archived;
	char	*archetype;
	int64_t	 highest_post_number;
	int64_t	 bumped_at;
	char	*excerpt;
	int64_t	 author_id;
	char	*author_username;
	char	*author_name;
};

/* A bookmark to write; strings borrowed. */
struct bookmark_new {
	int64_t		 user_id;
	int64_t		 bookmarkable_id;
	const char	*bookmarkable_type;
	const char	*name;		/* NULL = none */
	int64_t		 reminder_at;	/* 0 = none */
	int64_t		 now;
};

/* Writes b; *id is the new row's.  DB_OK, DB_CONSTRAINT (the user has
 * already bookmarked it), DB_ERROR. */
int	db_bookmark_create(struct db *, const struct bookmark_new *b,
	    int64_t *id);
/* Bookmark id into *out (arena): DB_OK, DB_NOTFOUND, DB_ERROR. */
int	db_bookmark_get(struct db *, struct arena *, int64_t id,
	    struct bookmark **out);
/* user_id's bookmark of type/bookmarkable_id: as db_bookmark_get. */
int	db_bookmark_find(struct db *, struct arena *, int64_t user_id,
	    const char *type, int64_t bookmarkable_id, struct bookmark **out);
/* Sets name (NULL = none) and reminder_at (0 = none) of id; a changed
 * reminder will be sent again.  DB_OK or DB_ERROR. */
int	db_bookmark_update(struct db *, int64_t id, const char *name,
	    int64_t reminder_at, int64_t now);
/* Deletes id.  DB_OK, DB_NOTFOUND, DB_ERROR. */
int	db_bookmark_delete(struct db *, int64_t id);
/* Deletes user_id's bookmarks of topic_id and of its posts.
 * DB_OK or DB_ERROR. */
int	db_bookmark_delete_topic(struct db *, int64_t user_id,
	    int64_t topic_id);
/*
 * How many bookmarks user_id has (*total), how many were made after
 * since (*recent) and when the oldest of those was (*oldest, 0 = none).
 * DB_OK or DB_ERROR.
 */
int	db_bookmark_counts(struct db *, int64_t user_id, int64_t since,
	    int64_t *total, int64_t *recent, int64_t *oldest);
/* user_id's bookmarks of topic_id and of its posts, by id, with
 * post_number.  DB_OK with *out (arena array of *n) or DB_ERROR. */
int	db_bookmark_in_topic(struct db *, struct arena *, int64_t user_id,
	    int64_t topic_id, struct bookmark **out, size_t *n);
/*
 * Of the topics whose ids are in ids_json (a JSON array), those user_id
 * bookmarked (the topic or a live post of it), as an arena array of *n.
 * DB_OK or DB_ERROR.
 */
int	db_bookmark_topics(struct db *, struct arena *, int64_t user_id,
	    const char *ids_json, int64_t **out, size_t *n);
/*
 * user_id's bookmarks of live posts and topics in the categories of
 * visible_json (as rights_visible_categories gives them), newest first,
 * with the list fields.  DB_OK with *out (arena array of *n), DB_ERROR.
 */
int	db_bookmark_list(struct db *, struct arena *, int64_t user_id,
	    const char *visible_json, int64_t limit, int64_t offset,
	    struct bookmark **out, size_t *n);
/* At most max unsent reminders due at now, oldest first.  DB_OK with
 * *out (arena array of *n) or DB_ERROR. */
int	db_bookmark_due(struct db *, struct arena *, int64_t now, size_t max,
	    struct bookmark **out, size_t *n);
/* Marks id's reminder sent at now.  DB_OK, DB_NOTFOUND (already sent),
 * DB_ERROR. */
int	db_bookmark_mark_sent(struct db *, int64_t id, int64_t now);

#endif

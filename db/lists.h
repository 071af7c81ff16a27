/*
 * Topic lists (/latest, /top, /c/..., /tag/...): one page of topics with
 * their tags and most frequent posters, read in a handful of indexed
 * queries whatever the page size.  Only topics in the categories the
 * caller may see are ever read; the caller passes those as a JSON array.
 */
#ifndef CONFAB_DB_LISTS_H
#define CONFAB_DB_LISTS_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct arena;

/* Which topics: every visible one, one category, one tag, recent, a
 * user's, or the caller's new or unread ones. */
enum list_kind {
	LIST_LATEST,
	LIST_CATEGORY,
	LIST_TAG,
	LIST_TOP,
	LIST_USER,		/* topics a user created */
	LIST_NEW,		/* new for user_id (core/reading_rules.h) */
	LIST_UNREAD,		/* unread for user_id */
	LIST_KIND__MAX
};

/* Discourse's ?order= values we support (TopicQuery::SORTABLE_MAPPING). */
enum list_order {
	LIST_ORDER_DEFAULT,	/* bumped_at; score on /top */
	LIST_ORDER_CREATED,
	LIST_ORDER_ACTIVITY,
	LIST_ORDER_VIEWS,
	LIST_ORDER_POSTS,
	LIST_ORDER_LIKES,
	LIST_ORDER_CATEGORY,
	LIST_ORDER__MAX
};

struct list_query {
	enum list_kind	 kind;
	enum list_order	 order;
	int		 ascending;
	const char	*visible;	/* JSON array of category ids */
	int		 include_unlisted; /* staff see visible = 0 */
	int		 pins_first;	/* pinned topics head page 0 */
	int64_t		 filter;	/* category, tag or user id, or since */
	int64_t		 user_id;	/* whose /new or /unread */
	int64_t		 now;		/* pins expire against this */
	int64_t		 page;		/* 0-based */
	int64_t		 per_page;
};

#define LIST_MAX_FEATURED 4

struct list_topic {
	int64_t		 id;
	char		*title;
	char		*fancy_title;
	char		*slug;
	int64_t		 posts_count;
	int64_t		 reply_count;
	int64_t		 highest_post_number;
	int64_t		 created_at;
	int64_t		 last_posted_at;	/* 0 = never */
	int64_t		 bumped_at;
	char		*archetype;
	int		 pinned;		/* pinned and not expired */
	int		 pinned_globally;
	int		 visible;
	int		 closed;
	int		 archived;
	int64_t		 views;
	int64_t		 like_count;
	char		*excerpt;
	int64_t		 category_id;
	int64_t		 user_id;
	int64_t		 last_post_user_id;	/* the creator if none */
	int		 has_recording;		/* a conference session's */
	const char	**tags;			/* names, sorted */
	size_t		 ntags;
	/* Most frequent other posters (not the creator, not the last). */
	int64_t		 featured[LIST_MAX_FEATURED];
	size_t		 nfeatured;
};

struct list_user {
	int64_t	 id;
	char	*username;
	char	*name;
};

/*
 * One page of topics for q, pinned ones first when q->pins_first (on
 * page 0; later pages skip the unpinned topics page 0 showed).  Returns
 * DB_OK with *out (in the arena; *n may be 0) or DB_ERROR.
 */
int	db_list_topics(struct db *, struct arena *, const struct list_query *q,
	    struct list_topic **out, size_t *n);

/*
 * The users whose ids are in ids_json (a JSON array), in no particular
 * order.  DB_OK with *out in the arena, or DB_ERROR.
 */
int	db_list_users(struct db *, struct arena *, const char *ids_json,
	    struct list_user **out, size_t *n);

#endif

/*
 * Shared JSON shapes (Discourse's serializers) used by several handlers.
 * Each returns a new reference the caller owns.
 */
#ifndef CONFAB_PRESENT_H
#define CONFAB_PRESENT_H

#include <jansson.h>

struct bookmark;
struct notif;
struct post;
struct req;
struct topic;
struct topic_rights;
struct user;

/* A string for JSON: null for NULL, "" when s is not valid UTF-8. */
json_t	*present_str(const char *s);
/* Discourse's avatar_template for a user without an uploaded avatar. */
json_t	*present_avatar_template(const char *username);
/* {id, username, name, avatar_template} */
json_t	*present_user_basic(const struct user *);
/*
 * The current_user object of /session/current.json for u, with u's unread
 * notification counts; NULL on a database error.
 */
json_t	*present_current_user(struct req *, const struct user *);

/*
 * A post as Discourse serializes it, for the caller of r, in topic t on
 * which they have rights tr (server/present_post.c).
 */
json_t	*present_post(struct req *, const struct topic *t,
	    const struct topic_rights *, const struct post *);
/*
 * The same for a post answered on its own (GET /posts/{id}, a write's
 * answer), with the caller's bookmark of it laid over (one query).
 */
json_t	*present_post_alone(struct req *, const struct topic *t,
	    const struct topic_rights *, const struct post *);

/*
 * The categories the caller of r may see, as Discourse's
 * CategorySerializer objects (server/present_category.c); NULL on a
 * database error.
 */
json_t	*present_categories_visible(struct req *);
struct category;
/* One category for the caller of r. */
json_t	*present_category(struct req *, const struct category *);

/*
 * One notification of user_id as Discourse's NotificationSerializer
 * (server/present_notification.c).
 */
json_t	*present_notification(const struct notif *, int64_t user_id);
/*
 * Sets unread_notifications and unread_high_priority_notifications of u
 * (counting only what u may see now) in o.  0, or -1 on a database error.
 */
int	present_unread_counts(struct req *, const struct user *u, json_t *o);
/*
 * The caller's watching level on a topic (its own, else its category's,
 * else normal) and on a category; normal for anonymous callers; -1 on a
 * database error.
 */
int	present_topic_level(struct req *, int64_t topic_id);
int	present_category_level(struct req *, int64_t category_id);

/*
 * One bookmark of the caller's list, as Discourse's UserBookmarkSerializer
 * (server/present_bookmark.c); b comes from db_bookmark_list.
 */
json_t	*present_bookmark(const struct bookmark *b);
/*
 * The caller's bookmarks in topic topic_id laid over what was built for
 * everyone: "bookmarked" and "bookmarks" of topic (may be NULL), and
 * "bookmarked" with bookmark_id, bookmark_name and bookmark_reminder_at
 * of each post of posts (an array of present_post objects; may be NULL),
 * from one query.  Nothing for anonymous callers.  Returns 0, or -1 on a
 * database error.  Borrows both objects.
 */
int	present_bookmarks_overlay(struct req *, int64_t topic_id,
	    json_t *topic, json_t *posts);

#endif

/*
 * Users, browser sessions, API keys and the site settings auth needs.
 * Results are allocated in the caller's arena.
 */
#ifndef CONFAB_DB_USERS_H
#define CONFAB_DB_USERS_H

#include <stdint.h>

#include "db.h"

struct arena;

struct user {
	int64_t	 id;
	char	*username;
	char	*email;
	char	*name;
	char	*password_hash;
	int	 admin;
	int	 moderator;
	int	 trust_level;
	int	 active;
	int64_t	 created_at;
	int64_t	 last_seen_at;		/* 0 = never */
	int64_t	 last_posted_at;	/* 0 = never */
	int64_t	 post_count;
	int64_t	 topic_count;
	int64_t	 likes_given;
	int64_t	 likes_received;
	/* Ids of every group the user is in, automatic ones included. */
	int64_t	*group_ids;
	size_t	 ngroups;
};

#define GROUP_EVERYONE		0
#define GROUP_ADMINS		1
#define GROUP_MODERATORS	2
#define GROUP_STAFF		3
#define GROUP_REGISTERED	10

struct user_new {
	const char	*username;
	const char	*email;
	const char	*name;
	const char	*password_hash;
	int		 admin;
	int		 moderator;
};

struct api_key {
	int64_t	 id;
	int64_t	 user_id;	/* 0 = global key */
	char	*truncated_key;	/* the first characters, for display */
	char	*description;
	int64_t	 created_at;
	int64_t	 last_used_at;	/* 0 = never */
	int64_t	 revoked_at;	/* 0 = active */
};

/* A site setting (malloc'd into the arena), or DB_NOTFOUND. */
int	db_setting_get(struct db *, struct arena *, const char *name,
	    char **value);
int	db_setting_put(struct db *, const char *name, const char *value);

/*
 * Creates a user and sets *id.  DB_CONSTRAINT when the username or email
 * is taken (case-insensitively).
 */
int	db_user_create(struct db *, const struct user_new *, int64_t *id);
/* Whether a username / email is taken: DB_OK (taken) or DB_NOTFOUND. */
int	db_username_taken(struct db *, const char *username);
int	db_email_taken(struct db *, const char *email);

/*
 * Loads a user with group ids: DB_OK, DB_NOTFOUND or DB_ERROR.  by_login
 * matches username or email, case-insensitively.
 */
int	db_user_by_id(struct db *, struct arena *, int64_t, struct user **);
int	db_user_by_username(struct db *, struct arena *, const char *,
	    struct user **);
int	db_user_by_login(struct db *, struct arena *, const char *,
	    struct user **);
/* Canonical spelling of a username, for @mentions; DB_NOTFOUND if none. */
int	db_username_canonical(struct db *, const char *name, size_t len,
	    char out[64]);
/*
 * Topics and posts by user_id in the categories of visible_json (a JSON
 * array of ids), and when the last of those posts was made (0 for none),
 * so a profile never counts or dates what its reader cannot see.
 */
int	db_user_visible_counts(struct db *, int64_t user_id,
	    const char *visible_json, int64_t *topics, int64_t *posts,
	    int64_t *last_posted_at);
struct user_action {
	int64_t	 post_id;
	int64_t	 post_number;
	int64_t	 created_at;
	char	*cooked;
	int64_t	 topic_id;
	char	*title;
	char	*slug;
	int64_t	 category_id;
};

/*
 * A user's topics (topics set) and/or replies (replies set) in the
 * categories of visible_json, newest first, in the arena.
 */
int	db_user_actions(struct db *, struct arena *, int64_t user_id,
	    const char *visible_json, int topics, int replies, int64_t limit,
	    int64_t offset, struct user_action **, size_t *n);
int	db_user_set_password_hash(struct db *, int64_t id, const char *hash);
int	db_user_set_roles(struct db *, int64_t id, int admin, int moderator);

/* Sessions keyed by the hash of the cookie token. */
int	db_session_create(struct db *, int64_t user_id, const char *token_hash);
int	db_session_user(struct db *, struct arena *, const char *token_hash,
	    struct user **);
int	db_session_delete(struct db *, const char *token_hash);
/* Ends every session of a user (after a password change). */
int	db_session_delete_user(struct db *, int64_t user_id);

/*
 * API keys keyed by the hash of the key; user_id 0 = global; truncated is
 * the key's first characters, created_by 0 for the command line.
 */
int	db_api_key_create(struct db *, const char *key_hash,
	    const char *truncated, int64_t user_id, const char *description,
	    int64_t created_by, int64_t *id);
/* Fills id and user_id of an active key; DB_NOTFOUND when none. */
int	db_api_key_lookup(struct db *, const char *key_hash, struct api_key *);
/* Every key, newest first, in the arena. */
int	db_api_key_list(struct db *, struct arena *, struct api_key **,
	    size_t *n);
/* DB_OK, or DB_NOTFOUND when no such active key. */
int	db_api_key_revoke(struct db *, int64_t id);
/* Records use (at most hourly). */
int	db_api_key_touch(struct db *, int64_t id);

#endif

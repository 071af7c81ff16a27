/*
 * Groups and their members.  Automatic groups (everyone, admins,
 * moderators, staff, registered) have computed membership and cannot be
 * joined or left by hand.  Who may see a group follows Discourse's
 * Group.visible_groups: visibility_level 0 public, 1 logged-on users,
 * 2 members (and staff), 3 staff (and owners), 4 owners; admins see all.
 */
#ifndef CONFAB_DB_GROUPS_H
#define CONFAB_DB_GROUPS_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct arena;

struct group {
	int64_t	 id;
	char	*name;
	char	*full_name;
	char	*bio_raw;
	int	 automatic;
	int	 visibility_level;
	int64_t	 user_count;	/* active members */
	int64_t	 created_at;
	/* Filled by db_group_list for its viewer only. */
	int	 is_member;	/* has a group_users row */
	int	 is_owner;
};

/* Who is looking; user_id 0 is anonymous. */
struct group_viewer {
	int64_t	 user_id;
	int	 staff;
	int	 admin;
};

/* Discourse's /groups ?type= filters. */
enum group_type {
	GROUP_TYPE_ANY,
	GROUP_TYPE_MY,
	GROUP_TYPE_OWNER,
	GROUP_TYPE_PUBLIC,	/* public_admission: none here */
	GROUP_TYPE_CLOSE,
	GROUP_TYPE_AUTOMATIC,
	GROUP_TYPE__MAX
};

/* name matches the lower-cased name or full name with LIKE ... ESCAPE '\'. */
struct group_filter {
	const char	*name;		/* LIKE pattern, or NULL */
	enum group_type	 type;
	int		 all_automatic;	/* else moderators only */
	int		 include_everyone;
};

struct group_member {
	int64_t	 id;
	char	*username;
	char	*name;
	int64_t	 last_posted_at;	/* 0 = never */
	int64_t	 last_seen_at;
	int64_t	 added_at;
	int	 owner;
};

/* A user found by name or email, for adding members. */
struct group_user_ref {
	int64_t	 id;
	char	*username;
	char	*email;
};

/* DB_OK with *out in the arena, DB_NOTFOUND or DB_ERROR. */
int	db_group_by_name(struct db *, struct arena *, const char *name,
	    struct group **out);
int	db_group_by_id(struct db *, struct arena *, int64_t id,
	    struct group **out);
/* Creates a group; DB_CONSTRAINT when the name is taken. */
int	db_group_create(struct db *, const char *name, const char *full_name,
	    const char *bio_raw, int visibility_level, int64_t *id);
/* Adds / removes a member; adding twice is not an error.  A member added
 * this way stays when the program import unlinks them (see below). */
int	db_group_add_member(struct db *, int64_t group_id, int64_t user_id);
/* Adds a member because the program import linked them as a presenter,
 * unless they are one already; db_conf_presenters_prune takes such members
 * out again.  DB_OK/DB_ERROR. */
int	db_group_add_linked(struct db *, int64_t group_id, int64_t user_id);
int	db_group_remove_member(struct db *, int64_t group_id,
	    int64_t user_id);
/*
 * Adds a member, or makes an existing member an owner when owner is set
 * (never demotes).  DB_OK, DB_CONSTRAINT (no such user or group), DB_ERROR.
 */
int	db_group_set_member(struct db *, int64_t group_id, int64_t user_id,
	    int owner);

/*
 * The groups v may see that match f, by name, limit from offset, and how
 * many match in all.  DB_OK with *out (an array in the arena) or DB_ERROR.
 */
int	db_group_list(struct db *, struct arena *, const struct group_viewer *v,
	    const struct group_filter *f, int64_t limit, int64_t offset,
	    struct group **out, size_t *n, int64_t *total);
/* Whether v may see group_id: DB_OK, DB_NOTFOUND (hidden) or DB_ERROR. */
int	db_group_visible(struct db *, const struct group_viewer *v,
	    int64_t group_id);
/*
 * Whether user_id is a member of a created group: DB_OK with *owner set,
 * DB_NOTFOUND, or DB_ERROR.
 */
int	db_group_membership(struct db *, int64_t group_id, int64_t user_id,
	    int *owner);
/*
 * Members (or only the owners) of g by username, limit from offset; for
 * an automatic group, the active users it stands for.  Each member's
 * last_posted_at counts only posts in visible_json's categories (a JSON
 * array of ids: those the reader sees).  DB_OK/DB_ERROR.
 */
int	db_group_members(struct db *, struct arena *, const struct group *g,
	    int owners_only, int64_t limit, int64_t offset,
	    const char *visible_json, struct group_member **out, size_t *n);
/*
 * The active users named in list (a JSON array of usernames, or of emails
 * when by_email), matched case-insensitively.  Unknown names are simply
 * absent.  DB_OK with *out in the arena, or DB_ERROR.
 */
int	db_group_find_users(struct db *, struct arena *, const char *list,
	    int by_email, struct group_user_ref **out, size_t *n);
/* Every group name, sorted.  DB_OK with *out in the arena, or DB_ERROR. */
int	db_group_names(struct db *, struct arena *, char ***out, size_t *n);

#endif

/*
 * Groups and their members.  Automatic groups (everyone, admins,
 * moderators, staff, registered) have computed membership and cannot be
 * joined or left by hand.
 */
#ifndef CONFAB_DB_GROUPS_H
#define CONFAB_DB_GROUPS_H

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
	int64_t	 user_count;
	int64_t	 created_at;
};

/* DB_OK with *out in the arena, DB_NOTFOUND or DB_ERROR. */
int	db_group_by_name(struct db *, struct arena *, const char *name,
	    struct group **out);
int	db_group_by_id(struct db *, struct arena *, int64_t id,
	    struct group **out);
/* Creates a group; DB_CONSTRAINT when the name is taken. */
int	db_group_create(struct db *, const char *name, const char *full_name,
	    const char *bio_raw, int visibility_level, int64_t *id);
/* Adds / removes a member; adding twice is not an error. */
int	db_group_add_member(struct db *, int64_t group_id, int64_t user_id);
int	db_group_remove_member(struct db *, int64_t group_id,
	    int64_t user_id);

#endif

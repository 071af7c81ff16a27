/*
 * Categories and their group permissions (Discourse's CategoryGroup:
 * 1 full, 2 create_post, 3 readonly).  Who may see what is decided in
 * server/perm.c; this file only reads and writes the rows.
 */
#ifndef CONFAB_DB_CATEGORIES_H
#define CONFAB_DB_CATEGORIES_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct arena;

struct category {
	int64_t	 id;
	char	*name;
	char	*slug;
	char	*color;
	char	*text_color;
	char	*description;
	int64_t	 position;
	int64_t	 topic_count;
	int64_t	 post_count;
	int64_t	 created_at;
};

struct category_perm {
	int64_t		 group_id;
	const char	*group_name;
	int		 permission_type;
};

/*
 * The fields of a create or update.  NULL (or has_position 0) leaves a
 * field as it is on update, or takes the default on create: a slug
 * "<id>-category", the next position after the last.
 */
struct category_fields {
	const char	*name;
	const char	*slug;
	const char	*color;
	const char	*text_color;
	const char	*description;
	int64_t		 position;
	int		 has_position;
};

/*
 * The categories whose ids are in visible (a JSON array), by position
 * then id.  DB_OK with *out in the arena, or DB_ERROR.
 */
int	db_category_list(struct db *, struct arena *, const char *visible,
	    struct category **out, size_t *n);
/* DB_OK with *out in the arena, DB_NOTFOUND or DB_ERROR. */
int	db_category_get(struct db *, struct arena *, int64_t id,
	    struct category **out);
/* The group permissions of a category, by group name.  DB_OK/DB_ERROR. */
int	db_category_perms(struct db *, struct arena *, int64_t id,
	    struct category_perm **out, size_t *n);
/*
 * Whether another category (not except_id) already has this name
 * (case-insensitively) or slug: DB_OK when taken, DB_NOTFOUND when
 * free, DB_ERROR.
 */
int	db_category_name_taken(struct db *, const char *name,
	    int64_t except_id);
int	db_category_slug_taken(struct db *, const char *slug,
	    int64_t except_id);
/*
 * Creates or updates a category.  DB_CONSTRAINT when the name or slug is
 * taken (callers check first, inside the same transaction, to say
 * which), DB_NOTFOUND on update of a missing id, DB_ERROR.
 */
int	db_category_create(struct db *, const struct category_fields *,
	    int64_t *id);
int	db_category_update(struct db *, int64_t id,
	    const struct category_fields *);
/*
 * Replaces every group permission of a category with perms (group_id and
 * permission_type are used).  Call inside a transaction.  DB_OK,
 * DB_CONSTRAINT (a bad group or type) or DB_ERROR.
 */
int	db_category_set_perms(struct db *, int64_t id,
	    const struct category_perm *perms, size_t n);

#endif

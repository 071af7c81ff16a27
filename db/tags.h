/*
 * Tags as the lists and /tags see them.  Counts are always computed over
 * the topics the caller may see (never the stored tags.topic_count), so a
 * tag used in a private category neither shows its count nor, when it has
 * no visible topic, its existence.
 */
#ifndef CONFAB_DB_TAGS_H
#define CONFAB_DB_TAGS_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct arena;

struct tag_count {
	int64_t	 id;
	char	*name;
	int64_t	 count;
};

/*
 * The tag named name (as given, or lower-cased); DB_OK with *id and
 * *canonical (its stored name, in the arena), DB_NOTFOUND or DB_ERROR.
 */
int	db_tag_by_name(struct db *, struct arena *, const char *name,
	    int64_t *id, char **canonical);

/*
 * Tags with at least one topic the caller may see, most used first (then
 * by name), at most limit of them.  visible is the JSON array of category
 * ids; category_id 0 means every visible category, else only that one.
 * DB_OK with *out in the arena, or DB_ERROR.
 */
int	db_tag_counts(struct db *, struct arena *, const char *visible,
	    int include_unlisted, int64_t category_id, int64_t limit,
	    struct tag_count **out, size_t *n);

/* How many topics the caller may see carry tag_id.  DB_OK or DB_ERROR. */
int	db_tag_visible_count(struct db *, int64_t tag_id, const char *visible,
	    int include_unlisted, int64_t *count);

#endif

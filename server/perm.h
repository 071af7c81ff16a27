/*
 * The rules of core/rights.h for the request at hand: the caller's facts
 * (struct viewer) are loaded on first use and kept in the request, so a
 * handler may ask as often as it likes for the cost of one query.
 */
#ifndef CONFAB_PERM_H
#define CONFAB_PERM_H

#include <stdint.h>

#include "rights.h"

struct req;

/* The caller's facts, loaded once per request; NULL on a database error. */
const struct viewer *perm_viewer(struct req *);
/* Forgets them (after the request changed a category's permissions). */
void	perm_forget(struct req *);

/*
 * The caller's permission on a category (PERM_NONE also when the category
 * does not exist).  Returns -1 on a database error.
 */
int	perm_category(struct req *, int64_t category_id);
/* Whether a category is visible to everyone (not read_restricted). */
int	perm_category_public(struct req *, int64_t category_id);
/*
 * The categories the caller can see as a JSON array text ("[1,4,7]"), in
 * the request arena, for list queries; NULL on a database error.
 */
const char *perm_visible_categories(struct req *);

/*
 * rights_topic_load and rights_post_load for the caller: E_OK,
 * E_NOT_FOUND (missing or not visible: alike) or E_INTERNAL.  Results are
 * in the request arena.
 */
int	perm_topic_load(struct req *, int64_t id, struct topic **,
	    struct topic_rights *);
int	perm_post_load(struct req *, int64_t id, int with_raw, struct post **,
	    struct topic **, struct topic_rights *);

#endif

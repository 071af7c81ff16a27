/*
 * Figures for /about: counts of topics, posts, users and likes, and the
 * staff lists.  Content counts take only topics in the categories given
 * (the ones anonymous visitors may see), so /about never reveals what a
 * private category holds.
 */
#ifndef CONFAB_DB_SITE_H
#define CONFAB_DB_SITE_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct arena;
struct list_user;

/* Each figure in all, over the last day, 7 days and 30 days. */
enum site_span {
	SPAN_ALL,
	SPAN_DAY,
	SPAN_WEEK,
	SPAN_MONTH,
	SPAN__MAX
};

struct site_stats {
	int64_t	 topics[SPAN__MAX];
	int64_t	 posts[SPAN__MAX];
	int64_t	 users[SPAN__MAX];	/* signed up */
	int64_t	 active_users[SPAN__MAX];	/* seen; [SPAN_ALL] unused */
	int64_t	 likes[SPAN__MAX];
};

/*
 * Fills s for topics in the categories of public_json (a JSON array of
 * ids), with spans ending at now.  DB_OK or DB_ERROR.
 */
int	db_site_stats(struct db *, const char *public_json, int64_t now,
	    struct site_stats *s);

/*
 * The active admins (admins set) or the active moderators who are not
 * admins, by username.  DB_OK with *out in the arena, or DB_ERROR.
 */
int	db_site_staff(struct db *, struct arena *, int admins,
	    struct list_user **out, size_t *n);

#endif

/*
 * Who may do what.  Category permissions follow Discourse's CategoryGroup:
 * 1 full (create topics, reply, see), 2 create_post (reply, see),
 * 3 readonly (see); staff have full access everywhere.  A category the
 * caller cannot see must look exactly like one that does not exist.
 */
#ifndef CONFAB_PERM_H
#define CONFAB_PERM_H

#include <stddef.h>
#include <stdint.h>

struct req;
struct user;
struct category_perm_row;

enum perm {
	PERM_NONE = 0,
	PERM_FULL = 1,
	PERM_CREATE_POST = 2,
	PERM_READONLY = 3,
};

int	perm_is_staff(const struct user *);
int	perm_in_group(const struct user *, int64_t group_id);

/*
 * The best permission user u (NULL = anonymous) has on category_id from
 * its rows.  Pure: the unit tests drive it directly.
 */
enum perm perm_from_rows(const struct user *, int64_t category_id,
	    const struct category_perm_row *, size_t n);

/*
 * The caller's permission on a category (PERM_NONE also when the category
 * does not exist).  Rows are loaded once per request.  Returns -1 on a
 * database error.
 */
int	perm_category(struct req *, int64_t category_id);

/* Whether a category is visible to everyone (not read_restricted). */
int	perm_category_public(struct req *, int64_t category_id);

/*
 * The categories the caller can see as a JSON array text ("[1,4,7]"), in
 * the request arena, for list queries; NULL on a database error.
 */
const char *perm_visible_categories(struct req *);

static inline int
perm_can_see(int p)
{
	return p == PERM_FULL || p == PERM_CREATE_POST || p == PERM_READONLY;
}

static inline int
perm_can_reply(int p)
{
	return p == PERM_FULL || p == PERM_CREATE_POST;
}

static inline int
perm_can_create_topic(int p)
{
	return p == PERM_FULL;
}

#endif

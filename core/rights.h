/*
 * Who may see and do what: a pure function of facts loaded once.
 *
 * Category permissions follow Discourse's CategoryGroup: 1 full (create
 * topics, reply, see), 2 create_post (reply, see), 3 readonly (see);
 * staff have full access everywhere.  A category the caller cannot see
 * must look exactly like one that does not exist.
 *
 * The facts about the caller (struct viewer: the user with their groups
 * and every category's permission rows) are loaded once per request by
 * viewer_load; the facts about a topic (struct topic_facts) once per
 * topic by rights_topic_load.  Every decision is then made by the pure
 * functions below, which the unit tests drive directly.
 */
#ifndef CONFAB_RIGHTS_H
#define CONFAB_RIGHTS_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct post;
struct topic;
struct user;
struct category_perm_row;

enum perm {
	PERM_NONE = 0,
	PERM_FULL = 1,
	PERM_CREATE_POST = 2,
	PERM_READONLY = 3,
};

/* The caller, as every rule sees them. */
struct viewer {
	const struct user		*user;	/* NULL when anonymous */
	const struct category_perm_row	*rows;	/* every category's */
	size_t				 nrows;
};

/* What one viewer may do with one topic. */
struct topic_rights {
	int	see;		/* else the topic must look missing (404) */
	int	staff;
	int	owner;
	int	reply;		/* post in it */
	int	edit;		/* title and tags; staff also the category */
	int	del;		/* delete it */
	int	act;		/* like its posts */
	int	create_topic;	/* in its category */
	/* The conference: the topic is a session, the viewer presents it,
	 * and the post that holds its recording (0 = none). */
	int	session;
	int	presenter;
	int64_t	recording_post_id;
};

/* What a topic's rights depend on beyond the topic row itself. */
struct topic_facts {
	int	session;		/* the topic is a conference session */
	int	presenter;		/* the viewer presents it */
	int64_t	recording_post_id;
	int	others_posted;		/* someone but the owner posted in it */
};

int	perm_is_staff(const struct user *);
int	perm_in_group(const struct user *, int64_t group_id);

/*
 * The best permission user u (NULL = anonymous) has on category_id from
 * its rows (PERM_NONE also when the category has no rows: it does not
 * exist).
 */
enum perm perm_from_rows(const struct user *, int64_t category_id,
	    const struct category_perm_row *, size_t n);

/*
 * Fills v for user u (NULL = anonymous, borrowed: it must outlive v) with
 * the permission rows read into the arena.  Returns 0, or -1 on a
 * database error.
 */
int	viewer_load(struct db *, struct arena *, const struct user *u,
	    struct viewer *v);

/* The viewer's permission on a category. */
enum perm rights_category(const struct viewer *, int64_t category_id);
/* Whether a category is visible to everyone (not read_restricted). */
int	rights_category_public(const struct viewer *, int64_t category_id);
/*
 * The categories the viewer can see as a JSON array text ("[1,4,7]") in
 * the arena, for list queries.
 */
const char *rights_visible_categories(const struct viewer *,
	    struct arena *);

/*
 * What the viewer may do with topic t, from the facts.  Owners may edit
 * while the topic is open and delete it while nobody else has posted;
 * staff may do anything; only replying needs the category's create_post
 * permission.  A deleted topic is seen by staff only.
 */
void	rights_topic(const struct viewer *, const struct topic *t,
	    const struct topic_facts *, struct topic_rights *out);

/*
 * Loads topic id (into the arena) and the viewer's rights on it.
 * Returns E_OK, E_NOT_FOUND when it does not exist or the viewer may not
 * see it (the two look alike), or E_INTERNAL on a database error.
 */
int	rights_topic_load(struct db *, struct arena *, const struct viewer *,
	    int64_t id, struct topic **, struct topic_rights *);
/*
 * Loads post id (with its raw text when with_raw), its topic and the
 * viewer's rights on the topic.  Returns as rights_topic_load; a deleted
 * post is seen by staff only.
 */
int	rights_post_load(struct db *, struct arena *, const struct viewer *,
	    int64_t id, int with_raw, struct post **, struct topic **,
	    struct topic_rights *);

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

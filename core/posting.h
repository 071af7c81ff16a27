/*
 * Writing topics and posts: the one path by which the API, the program
 * import and the command line create, edit and delete them.  A post's
 * Markdown is cooked here, once, when it is written; the cooked HTML is
 * stored beside the raw text.
 *
 * Cooking and excerpts are core/post_cook.c's.  Two levels.  posting_topic_create, posting_reply, posting_edit and
 * posting_delete check the writer's rights and input and run their own
 * transaction (BEGIN IMMEDIATE), reading the posting throttles inside it
 * so two processes cannot both slip under them.  The posting_*_write
 * functions below them do the writing inside a transaction the caller
 * holds (the import writes a session's rows in the same one): they are
 * the single place where "a post was written" happens.
 */
#ifndef CONFAB_POSTING_H
#define CONFAB_POSTING_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "topics.h"

struct arena;
struct db;
struct post;
struct post_edit;
struct post_new;
struct refusal;
struct topic;
struct topic_rights;
struct viewer;

/* A new topic as its writer asks for it; strings are borrowed. */
struct topic_draft {
	const char	 *title;
	const char	 *raw;
	const char	**tags;
	size_t		  ntags;
	int64_t		  category_id;	/* 0 = Uncategorized */
	const char	 *external_id;	/* NULL or "" = none */
};

/*
 * Sets tn's title, fancy title and slug from a checked title (all in the
 * arena, the title borrowed).
 */
void	posting_title(struct arena *, const char *title, struct topic_new *tn);

/*
 * Inside the caller's transaction: creates topic tn and its first post
 * pn (whose topic_id is set here).  Returns DB_OK with *post_id,
 * DB_CONSTRAINT when the external id is taken, or DB_ERROR.
 */
int	posting_topic_write(struct db *, const struct topic_new *tn,
	    struct post_new *pn, int64_t *post_id);
/* Inside the caller's transaction: a reply.  DB_OK or DB_ERROR. */
int	posting_reply_write(struct db *, const struct post_new *pn,
	    int64_t *post_id);
/*
 * Inside the caller's transaction: an edit of p (and its topic's excerpt
 * when p is a first post).  DB_OK, DB_NOTFOUND when p changed since it
 * was read, or DB_ERROR.
 */
int	posting_edit_write(struct db *, struct arena *, const struct post *p,
	    const struct post_edit *);
/*
 * A checked change of a topic: the title's fields (title.title NULL =
 * unchanged; see posting_title), the category (0 = unchanged) and the
 * tags (when set_tags; cleaned and distinct).
 */
struct topic_change {
	struct topic_new	  title;
	int64_t			  category_id;
	int			  set_tags;
	const char		**tags;
	size_t			  ntags;
};
/*
 * Inside the caller's transaction: applies c to topic cur (read under the
 * write lock) by user by_id.  DB_OK or DB_ERROR; nothing to change is
 * DB_OK.
 */
int	posting_topic_change_write(struct db *, const struct topic *cur,
	    const struct topic_change *c, int64_t by_id, int64_t now);
/*
 * Inside the caller's transaction: deletes p, or its whole topic when p
 * is the first post, by user by_id.  The topic is re-read under the write
 * lock: its state decides which counters move.  DB_OK, DB_NOTFOUND
 * (already deleted) or DB_ERROR.
 */
int	posting_delete_write(struct db *, struct arena *, const struct post *p,
	    int64_t by_id, int64_t now);
/* The same for a whole topic. */
int	posting_topic_delete_write(struct db *, struct arena *,
	    int64_t topic_id, int64_t by_id, int64_t now);

/*
 * A new topic with its first post, by the viewer (a signed-in user).
 * Returns E_OK with *post_id; E_FORBIDDEN when the viewer may not create
 * topics in the category (a missing and a hidden one look alike);
 * E_INVALID or E_RATE_LIMIT with rf filled; E_INTERNAL.
 */
int	posting_topic_create(struct db *, struct arena *, const struct viewer *,
	    const struct topic_draft *, struct refusal *rf, int64_t *post_id);
/*
 * A reply by the viewer in topic_id (reply_to: a post number, 0 = none).
 * Returns E_OK with *post_id; E_NOT_FOUND when the viewer may not see the
 * topic; E_INVALID (closed, no right to reply, bad text) or E_RATE_LIMIT
 * with rf filled; E_INTERNAL.
 */
int	posting_reply(struct db *, struct arena *, const struct viewer *,
	    int64_t topic_id, const char *raw, int64_t reply_to,
	    struct refusal *rf, int64_t *post_id);
/*
 * Whether the viewer may edit post p of topic t (with rights tr): staff,
 * the author while both are live and the topic not archived, and a
 * session's presenters for its first post.
 */
int	posting_may_edit(const struct viewer *, const struct topic *t,
	    const struct topic_rights *, const struct post *p);
/*
 * Edits p (read with its raw text) to raw with an optional reason.
 * *changed is 0 when raw is what p already holds (no revision, as in
 * Discourse).  Returns E_OK; E_FORBIDDEN unless posting_may_edit;
 * E_INVALID with rf filled (bad text or reason, or an edit that raced
 * another); E_INTERNAL.
 */
int	posting_edit(struct db *, struct arena *, const struct viewer *,
	    const struct topic *t, const struct topic_rights *,
	    const struct post *p, const char *raw, const char *reason,
	    struct refusal *rf, int *changed);
/* A change of a topic's title, category or tags; strings borrowed. */
struct topic_update {
	const char	 *title;	/* NULL = unchanged */
	int64_t		  category_id;	/* 0 = unchanged */
	int		  set_tags;	/* else tags are unchanged */
	const char	**tags;
	size_t		  ntags;
};

/*
 * Applies u to topic t, on which the viewer has rights tr.  Owners
 * retitle and retag; moving to another category is for staff, into one
 * where they may create topics.  Returns E_OK; E_FORBIDDEN; E_INVALID
 * with rf filled; E_INTERNAL.
 */
int	posting_topic_update(struct db *, struct arena *,
	    const struct viewer *, const struct topic *t,
	    const struct topic_rights *, const struct topic_update *u,
	    struct refusal *rf);

/*
 * A staff status change of topic t (closed, archived, visible, pinned,
 * pinned_globally; until: a pin's end, 0 = none).  The route admits
 * staff only; the rule is kept here as well.  Returns E_OK, E_FORBIDDEN
 * or E_INTERNAL.
 */
enum topic_status;
int	posting_topic_status(struct db *, const struct viewer *,
	    const struct topic *t, enum topic_status, int enabled,
	    int64_t until);

/*
 * Whether the viewer may delete post p of topic t: a first post goes with
 * its topic (tr.del); a reply may be deleted by staff, or by its author
 * while the topic is live and not archived.
 */
int	posting_may_delete(const struct viewer *, const struct topic *t,
	    const struct topic_rights *, const struct post *p);
/*
 * Deletes p (its topic when it is the first post) if the viewer may.
 * Returns E_OK, E_FORBIDDEN, E_NOT_FOUND (deleted meanwhile), E_INTERNAL.
 */
int	posting_delete(struct db *, struct arena *, const struct viewer *,
	    const struct topic *t, const struct topic_rights *,
	    const struct post *p);
/* Deletes topic t if the viewer may (tr.del); returns as posting_delete. */
int	posting_topic_delete(struct db *, struct arena *,
	    const struct viewer *, const struct topic *t,
	    const struct topic_rights *);

#endif

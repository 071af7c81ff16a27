/*
 * Actions on a post that others may care about: likes, votes for a
 * session's questions and marking a question answered.  Each runs in its
 * own transaction and tells whom it concerns (core/notify.c) in the same
 * one.  The caller has checked the viewer's rights (the handlers answer
 * with Discourse's words).
 */
#ifndef CONFAB_ACTIONS_H
#define CONFAB_ACTIONS_H

#include <stdint.h>

struct db;
struct post;

/*
 * Likes (like) or unlikes post p as user_id, telling p's author of a
 * like.  Returns E_OK; E_FORBIDDEN when already liked (a twin request
 * won); E_NOT_FOUND when not liked; E_INTERNAL.
 */
int	actions_like(struct db *, const struct post *p, int64_t user_id,
	    int like);
/*
 * Adds (on) or removes user_id's vote for question p.  Returns E_OK;
 * E_INVALID when already voted (adding) or not voted (removing);
 * E_INTERNAL.
 */
int	actions_vote(struct db *, const struct post *p, int64_t user_id,
	    int on);
/*
 * Marks question p of topic_id answered (on) or not, by user_id, telling
 * its author when marked.  Returns E_OK; E_INVALID when already so;
 * E_INTERNAL.
 */
int	actions_accept(struct db *, const struct post *p, int64_t topic_id,
	    int64_t user_id, int on);

#endif

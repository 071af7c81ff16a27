/*
 * Every handler, one file per resource (server/h_<resource>.c).  A handler
 * returns E_OK after queuing a response with resp_json, or an error the
 * dispatcher renders (after req_errf for a specific message).
 */
#ifndef CONFAB_HANDLERS_H
#define CONFAB_HANDLERS_H

#include <stddef.h>
#include <stdint.h>

#include "perm.h"

struct req;

/* h_session.c */
int	h_session_csrf(struct req *);
int	h_session_create(struct req *);
int	h_session_destroy(struct req *);
int	h_session_current(struct req *);

/* h_users.c */
int	h_users_create(struct req *);
int	h_users_show(struct req *);
int	h_users_actions(struct req *);
int	h_users_password(struct req *);

/* h_groups.c */
int	h_groups_index(struct req *);
int	h_groups_show(struct req *);
int	h_groups_members(struct req *);
int	h_groups_add_members(struct req *);
int	h_groups_remove_members(struct req *);
int	h_groups_create(struct req *);

/* h_categories.c */
int	h_categories_index(struct req *);
int	h_categories_show(struct req *);
int	h_categories_create(struct req *);
int	h_categories_update(struct req *);

/* h_lists.c */
int	h_lists_latest(struct req *);
int	h_lists_top(struct req *);
int	h_lists_category(struct req *);
int	h_lists_tag(struct req *);
int	h_lists_created_by(struct req *);
int	h_tags_index(struct req *);

/* h_topics.c */
int	h_topics_show(struct req *);
int	h_topics_posts(struct req *);
int	h_topics_update(struct req *);
int	h_topics_status(struct req *);
int	h_topics_destroy(struct req *);

/* h_posts.c */
int	h_posts_create(struct req *);
int	h_posts_show(struct req *);
int	h_posts_update(struct req *);
int	h_posts_destroy(struct req *);
int	h_posts_revision(struct req *);

/* h_post_actions.c */
int	h_post_actions_create(struct req *);
int	h_post_actions_destroy(struct req *);

/*
 * Shared by h_topics.c, h_posts.c and h_post_actions.c: who may do what
 * with a topic, loading what the caller may see, and the post serializer.
 */
struct topic;
struct post;
struct json_t;



/* h_api_keys.c */
int	h_api_keys_index(struct req *);
int	h_api_keys_create(struct req *);
int	h_api_keys_revoke(struct req *);

/* h_site.c */
int	h_site_show(struct req *);
int	h_site_about(struct req *);

/* h_conference.c: the conference (docs/conference.md) */
int	h_conference_schedule(struct req *);
int	h_conference_schedule_ics(struct req *);
int	h_conference_recordings(struct req *);
int	h_conference_session_show(struct req *);
int	h_conference_session_update(struct req *);
int	h_conference_topic_ics(struct req *);
int	h_conference_agenda(struct req *);
int	h_conference_agenda_add(struct req *);
int	h_conference_agenda_remove(struct req *);
int	h_conference_agenda_ics(struct req *);
int	h_conference_feed_create(struct req *);
int	h_conference_feed_revoke(struct req *);
int	h_conference_vote(struct req *);
int	h_conference_unvote(struct req *);
int	h_conference_accept(struct req *);
int	h_conference_unaccept(struct req *);
int	h_conference_participants_add(struct req *);
int	h_conference_codes_index(struct req *);
int	h_conference_codes_create(struct req *);
int	h_conference_codes_revoke(struct req *);
int	h_conference_register(struct req *);
/*
 * Redeems a registration code for user_id inside the caller's transaction
 * and puts the user in participants: E_OK (sets *group_id), E_INVALID
 * (message set) or E_INTERNAL.
 */
int	h_conference_redeem(struct req *, const char *code, int64_t user_id,
	    int64_t *group_id);
int	h_conference_import(struct req *);
/* The topic's conference_session object for the caller, a new reference;
 * NULL when the topic is no session (*err E_OK) or on failure (*err). */
struct json_t *h_conference_topic_json(struct req *, const struct topic *,
	    const struct topic_rights *, int *err);
/* Adds the Q&A fields (votes, answered, presenter badge) to a post of a
 * session; nothing for other topics.  E_OK or E_INTERNAL. */
int	h_conference_post_fields(struct req *, const struct topic *,
	    const struct topic_rights *, const struct post *,
	    struct json_t *o);
/* Reorders a session's stream: the recording post under post 1, or by
 * votes with ?order=votes.  The arrays are in the arena.  E_OK or
 * E_INTERNAL. */
int	h_conference_stream(struct req *, const struct topic *,
	    const struct topic_rights *, int64_t **ids, int64_t **numbers,
	    size_t *n);

#endif

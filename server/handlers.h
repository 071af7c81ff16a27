/*
 * Every handler, one file per resource (server/h_<resource>.c).  A handler
 * returns E_OK after queuing a response with resp_json, or an error the
 * dispatcher renders (after req_errf for a specific message).
 */
#ifndef CONFAB_HANDLERS_H
#define CONFAB_HANDLERS_H

#include <stddef.h>
#include <stdint.h>

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

/* h_reading.c */
int	h_reading_timings(struct req *);
int	h_reading_new(struct req *);
int	h_reading_unread(struct req *);
int	h_reading_reset_new(struct req *);
int	h_reading_bulk(struct req *);

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

/* h_notifications.c */
int	h_notifications_index(struct req *);
int	h_notifications_mark_read(struct req *);
int	h_notifications_topic_level(struct req *);
int	h_notifications_category_level(struct req *);

/* h_post_actions.c */
int	h_post_actions_create(struct req *);
int	h_post_actions_destroy(struct req *);

/* h_api_keys.c */
int	h_api_keys_index(struct req *);
int	h_api_keys_create(struct req *);
int	h_api_keys_revoke(struct req *);

/* h_site.c */
int	h_site_show(struct req *);
int	h_site_about(struct req *);

/* The conference (docs/conference.md); its shared JSON shapes are in
 * present_conference.h.  h_schedule.c: */
int	h_conference_schedule(struct req *);
int	h_conference_schedule_ics(struct req *);
int	h_conference_recordings(struct req *);
int	h_conference_topic_ics(struct req *);
/* h_sessions.c */
int	h_conference_session_show(struct req *);
int	h_conference_session_update(struct req *);
int	h_conference_import(struct req *);
/* h_agenda.c */
int	h_conference_agenda(struct req *);
int	h_conference_agenda_add(struct req *);
int	h_conference_agenda_remove(struct req *);
int	h_conference_agenda_ics(struct req *);
int	h_conference_feed_create(struct req *);
int	h_conference_feed_revoke(struct req *);
/* h_qa.c */
int	h_conference_vote(struct req *);
int	h_conference_unvote(struct req *);
int	h_conference_accept(struct req *);
int	h_conference_unaccept(struct req *);
/* h_registration.c */
int	h_conference_participants_add(struct req *);
int	h_conference_codes_index(struct req *);
int	h_conference_codes_create(struct req *);
int	h_conference_codes_revoke(struct req *);
int	h_conference_register(struct req *);

/* h_bookmarks.c */
int	h_bookmarks_create(struct req *);
int	h_bookmarks_update(struct req *);
int	h_bookmarks_destroy(struct req *);
int	h_bookmarks_topic(struct req *);
int	h_bookmarks_topic_remove(struct req *);
int	h_bookmarks_post(struct req *);
int	h_bookmarks_index(struct req *);

#endif

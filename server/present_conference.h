/*
 * The conference's JSON shapes and what the conference handlers share
 * (docs/conference.md): the conference_session object (in lists and on a
 * topic), the Q&A fields of a post, a session topic's stream order, the
 * calendar of a list of sessions, and the facts about the caller they
 * need.  Every json_t returned is a new reference the caller owns.
 *
 * The live room URL is a secret of the participants group, the session's
 * presenters and staff: it is written into a response only when
 * conf_room_visible() says so, never into anything an anonymous visitor
 * can get, never into a post, and never into a log line.
 */
#ifndef CONFAB_PRESENT_CONFERENCE_H
#define CONFAB_PRESENT_CONFERENCE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct conf_session;
struct post;
struct req;
struct topic;
struct topic_rights;

/* Whether the caller is in the participants group (0 when it does not
 * exist or for anonymous callers); -1 on a database error. */
int	 present_conference_participant(struct req *);
/* Whether the caller may see s's room; participant as above (staff and
 * presenters may whatever it says). */
int	 present_conference_room(struct req *, const struct conf_session *s,
	    int participant);
/* A site setting's value in the arena, NULL when unset or on error. */
char	*present_conference_setting(struct req *, const char *name);
/* A JSON string, or null for NULL. */
json_t	*present_conference_str(const char *);

/*
 * The session of topic :topic_id the caller may see, with its topic and
 * the caller's rights: E_OK, E_NOT_FOUND when there is none, E_INTERNAL.
 */
int	 present_conference_load(struct req *, struct topic **,
	    struct topic_rights *, struct conf_session **);

/* The conference object: name, slug, default_timezone, registration_url. */
json_t	*present_conference_info(struct req *);
/*
 * A conference_session list item for the caller (no abstract), with the
 * room URL when the caller may see it (participant as for
 * present_conference_room).  in_agenda: -1 to leave the field out.
 */
json_t	*present_conference_session(struct req *, const struct conf_session *,
	    int participant, int in_agenda);
/* The topic's conference_session object for the caller (with abstract,
 * rights and counts); NULL when the topic is no session (*err E_OK) or on
 * failure (*err). */
json_t	*present_conference_topic(struct req *, const struct topic *,
	    const struct topic_rights *, int *err);
/* Adds the Q&A fields (votes, answered, presenter badge) to the post
 * object o of a session; nothing for other topics.  E_OK or E_INTERNAL. */
int	 present_conference_post_fields(struct req *, const struct topic *,
	    const struct topic_rights *, const struct post *, json_t *o);
/* Reorders a session's stream: the recording post under post 1, or by
 * votes with ?order=votes.  The arrays are in the arena.  E_OK or
 * E_INTERNAL. */
int	 present_conference_stream(struct req *, const struct topic *,
	    const struct topic_rights *, int64_t **ids, int64_t **numbers,
	    size_t *n);

/*
 * Answers an iCalendar named name of s[0..n) (unscheduled ones left out).
 * with_rooms: whether room URLs may go in (for those the caller may see,
 * participant as for present_conference_room).  Returns the response's
 * status as resp_raw does, or E_INTERNAL.
 */
int	 present_conference_calendar(struct req *, const char *name,
	    const struct conf_session *s, size_t n, int participant,
	    int with_rooms);
/* The conference's name for calendars ("Conference" when unset). */
const char *present_conference_calendar_name(struct req *);

#endif

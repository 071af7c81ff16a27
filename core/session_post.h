/*
 * A session's first post, generated from the program: the session block
 * (title, presenters, abstract, webinar information) and the recording
 * block, each between marker lines so that regenerating keeps whatever
 * staff or presenters wrote around them; and the "Recording" post.  Pure:
 * text in, Markdown out, in the arena.
 */
#ifndef CONFAB_SESSION_POST_H
#define CONFAB_SESSION_POST_H

#include "program.h"

/*
 * The first post: the generated parts for session s, merged into old (the
 * post as it is, NULL for a new one) so that any text outside the markers
 * stays.  webinar_title may be NULL; has_room says the post should say a
 * live room exists; recording_url NULL promises a link after the session.
 * In the arena.
 */
char	*conf_post_merge(struct arena *, const struct import_session *s,
	    const char *webinar_title, int has_room,
	    const char *recording_url, const char *old);
/* conf_post_merge with the room and recording s itself names. */
char	*conf_post_raw(struct arena *, const struct import_session *s,
	    const char *webinar_title, const char *old);
/* The raw text of the "Recording" post (url checked by import_url_ok),
 * in the arena. */
char	*conf_recording_raw(struct arena *, const char *title,
	    const char *url);

#endif

/*
 * Writing one conference session, inside the caller's transaction: its
 * topic, tags, fields, presenters, first post and recording post, created
 * or brought up to date from an import_session.  Used by a whole import
 * (program_apply.c) and by PUT /conference/sessions/:topic_id.
 */
#ifndef CONFAB_CONF_SESSION_H
#define CONFAB_CONF_SESSION_H

#include <stdint.h>

#include "conference.h"
#include "program.h"

/* Who and where, for writing sessions. */
struct conf_ctx {
	struct db	*db;
	struct arena	*a;
	int64_t		 editor_id;	/* recorded on revisions */
	int64_t		 author_id;	/* owns new topics and recording posts */
	int64_t		 category_id;	/* where new topics go */
	int64_t		 presenters_gid;
	int64_t		 now;
};

/*
 * Sets up ctx for writing inside the caller's transaction: the system
 * user (created on first use), the sessions category (created on first
 * use), the presenters group.  editor_id 0 means the system user.
 * Returns 0 or -1 (logged).
 */
int	conf_ctx_init(struct conf_ctx *, struct db *, struct arena *,
	    int64_t editor_id);

/*
 * Creates (old NULL) or updates the session s, inside the caller's
 * transaction: topic, tags, fields, presenters (linked to accounts by
 * username or email, added to the presenters group; the caller then calls
 * db_conf_presenters_prune for those who no longer present), the first post and,
 * when s->has_recording, the recording post.  w is the webinar s->webinar
 * names (NULL = none).  Appends the names of what changed to changed
 * ("created", or "title, times, ..."; nothing when nothing did).  Returns
 * 0, -1 on a database error, or -2 with *why set when the change is
 * refused (a cooking limit, an external_id another topic has).
 */
int	conf_session_save(struct conf_ctx *, const struct import_session *s,
	    const struct conf_session *old, const struct conf_webinar *w,
	    struct buf *changed, const char **why);

/*
 * The stored session as an import_session (for editing it), in the arena.
 */
void	conf_session_model(struct arena *, const struct conf_session *,
	    struct import_session *out);

/* Whether two optional strings are equal, NULL counting as "". */
int	conf_str_eq(const char *x, const char *y);

#endif

/*
 * Bookmarks: a user marks a post or a topic they can see, with an
 * optional name and an optional reminder that becomes a bookmark_reminder
 * notification (Discourse's type 24) once its time has come.
 *
 * The rules: only what the user can see now (rights_topic_load,
 * rights_post_load; a hidden thing answers as a missing one); a name of
 * at most BOOKMARKING_NAME_MAX characters; a reminder in the future and at
 * most BOOKMARKING_REMINDER_MAX_AHEAD seconds ahead; at most
 * cfg.bookmarks_per_day new bookmarks in 24 hours (429, as Discourse's
 * max_bookmarks_per_day) and cfg.bookmarks_per_user in all (422, as
 * Discourse's max_bookmarks_per_user).  Only the owner may change or
 * delete a bookmark.  A reminder is sent in the transaction that marks it
 * sent, and only if the user may still see what it is about.
 */
#ifndef CONFAB_BOOKMARKING_H
#define CONFAB_BOOKMARKING_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct bookmark;
struct db;
struct refusal;
struct viewer;

#define BOOKMARKING_NAME_MAX		100
#define BOOKMARKING_REMINDER_MAX_AHEAD	(5LL * 366 * 24 * 3600)
#define BOOKMARKING_DAY			(24 * 3600)

enum bookmark_kind {
	BOOKMARK_POST = 0,
	BOOKMARK_TOPIC = 1,
};

/* --- pure rules ----------------------------------------------------- */

/* "Post" or "Topic" as Discourse spells them; -1 for anything else. */
int	bookmarking_kind(const char *type);
/* The type's name for a kind ("Post", "Topic"). */
const char *bookmarking_type_name(enum bookmark_kind);
/*
 * Checks a name (NULL = none) and a reminder time (0 = none) at now.
 * Returns E_OK, or E_INVALID with every problem added to rf.
 */
int	bookmarking_check(const char *name, int64_t reminder_at, int64_t now,
	    struct refusal *rf);
/*
 * Whether one more bookmark fits, given how many the user has (total),
 * made in the last 24 hours (recent) and when the oldest of those was
 * (oldest), under the limits per_day and per_user.  Returns E_OK,
 * E_RATE_LIMIT (rf holds the wait until the oldest is a day old) or
 * E_INVALID (the total cap; rf says so).
 */
int	bookmarking_limit(int64_t total, int64_t recent, int64_t oldest,
	    int64_t now, unsigned per_day, unsigned per_user,
	    struct refusal *rf);

/* --- loads and writes ----------------------------------------------- */

/*
 * The viewer (a user) bookmarks the post or topic id, with name and
 * reminder_at (0 = none).  Returns E_OK with *id, E_NOT_FOUND (missing
 * or not visible: alike), E_INVALID / E_RATE_LIMIT with rf filled (the
 * caller frees it), or E_INTERNAL.
 */
int	bookmarking_create(struct db *, struct arena *, const struct viewer *,
	    enum bookmark_kind, int64_t bookmarkable_id, const char *name,
	    int64_t reminder_at, int64_t now, struct refusal *rf, int64_t *id);
/*
 * The viewer's own bookmark id into *out (arena).  Returns E_OK,
 * E_NOT_FOUND, E_FORBIDDEN (someone else's, as Discourse) or E_INTERNAL.
 */
int	bookmarking_own(struct db *, struct arena *, const struct viewer *,
	    int64_t id, struct bookmark **out);
/*
 * Replaces the name and the reminder (0 = none) of the viewer's bookmark
 * id.  Returns as bookmarking_own, or E_INVALID with rf filled.
 */
int	bookmarking_update(struct db *, struct arena *, const struct viewer *,
	    int64_t id, const char *name, int64_t reminder_at, int64_t now,
	    struct refusal *rf);
/*
 * Deletes the viewer's bookmark id; *topic_bookmarked says whether the
 * viewer still has a bookmark in its topic.  Returns as bookmarking_own.
 */
int	bookmarking_delete(struct db *, struct arena *, const struct viewer *,
	    int64_t id, int *topic_bookmarked);
/*
 * Deletes the viewer's bookmarks of topic id and of its posts.  Returns
 * E_OK, E_NOT_FOUND (a topic they cannot see) or E_INTERNAL.
 */
int	bookmarking_remove_topic(struct db *, struct arena *,
	    const struct viewer *, int64_t topic_id);
/*
 * Sends every reminder due at now (at most max of them, oldest first):
 * each becomes one bookmark_reminder notification, written in the
 * transaction that marks it sent, unless its owner can no longer see what
 * it is about (then it is only marked).  *sent counts the notifications.
 * Returns 0, or -1 on a database error (nothing of the run is kept).
 */
int	bookmarking_remind_due(struct db *, int64_t now, size_t max,
	    size_t *sent);

#endif

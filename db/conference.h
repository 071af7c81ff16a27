/*
 * The conference's storage: webinars, sessions (a topic plus structured
 * fields) and their presenters, personal agendas and their feed tokens,
 * Q&A votes and answered questions, registration codes.  Write functions
 * run inside the caller's transaction unless they say otherwise; results
 * are allocated in the caller's arena.  See docs/conference.md.
 */
#ifndef CONFAB_DB_CONFERENCE_H
#define CONFAB_DB_CONFERENCE_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct arena;

#define CONF_GROUP_PARTICIPANTS	"participants"
#define CONF_GROUP_PRESENTERS	"presenters"

struct conf_webinar {
	int64_t	 id;
	char	*external_id;
	char	*title;
	int64_t	 starts_at;		/* 0 = none */
	int64_t	 ends_at;
	char	*room_url;		/* NULL = none; secret */
	int64_t	 updated_at;
};

struct conf_presenter {
	char	*name;
	char	*affiliation;
	char	*username;		/* as the program gave it, or NULL */
	char	*email;			/* as the program gave it, or NULL */
	int64_t	 user_id;		/* linked account, 0 = none */
	char	*account;		/* the linked account's username */
};

struct conf_session {
	int64_t			 topic_id;
	char			*external_id;
	int64_t			 webinar_id;	/* 0 = none */
	char			*format;	/* "sync" or "async" */
	char			*language;
	int64_t			 starts_at;	/* 0 = none */
	int64_t			 ends_at;
	char			*room_url;	/* own room, NULL = the webinar's */
	char			*recording_url;	/* NULL = none */
	int64_t			 recording_post_id;
	char			*abstract;
	char			*themes;	/* JSON array of names */
	int64_t			 created_at;
	int64_t			 updated_at;
	/* Joined from the webinar (NULL / 0 without one). */
	char			*webinar_external_id;
	char			*webinar_title;
	int64_t			 webinar_starts_at;
	int64_t			 webinar_ends_at;
	char			*webinar_room_url;
	/* Joined from the topic. */
	char			*title;
	char			*slug;
	int64_t			 category_id;
	int64_t			 deleted_at;
	int64_t			 posts_count;
	char			**tags;
	size_t			 ntags;
	struct conf_presenter	*presenters;
	size_t			 npresenters;
};

/* The room a session meets in: its own, else its webinar's; NULL = none. */
const char *conf_session_room(const struct conf_session *);

/* Which sessions a list wants; zero fields do not filter. */
struct conf_filter {
	const char	*visible;	/* JSON array of category ids; required */
	const char	*webinar;	/* webinar external id */
	const char	*language;
	const char	*tag;
	const char	*format;
	int64_t		 from;		/* starts_at >= from (with until) */
	int64_t		 until;		/* starts_at < until */
	int		 scheduled;	/* only sessions with times */
	int		 recorded;	/* only sessions with a recording */
	int64_t		 agenda_user_id; /* only this user's agenda */
	int64_t		 topic_id;	/* only this session */
};

/* The caller's relation to a topic, for the rights of h_topics.c. */
struct conf_role {
	int	 session;		/* the topic is a session */
	int	 presenter;		/* the user presents it */
	int64_t	 recording_post_id;
};

/* Q&A state of one post, seen by one viewer. */
struct conf_post_qa {
	int64_t	 vote_count;
	int	 user_voted;
	int	 answered;
	int	 author_presenter;	/* the author presents the session */
};

struct conf_code {
	int64_t	 id;
	char	*truncated;
	char	*description;
	int64_t	 max_uses;		/* 0 = unlimited */
	int64_t	 uses;
	int64_t	 expires_at;		/* 0 = never */
	int64_t	 created_at;
	int64_t	 revoked_at;		/* 0 = active */
	char	*created_by;		/* username, or NULL */
};

/* --- groups, users, settings --------------------------------------- */

/*
 * The id of group name, creating it (id max(max(id), 39) + 1) with
 * full_name when no group has that name.  DB_OK or DB_ERROR.
 */
int	db_conf_group_ensure(struct db *, const char *name,
	    const char *full_name, int64_t *id);
/* The id of group name: DB_OK, DB_NOTFOUND or DB_ERROR. */
int	db_conf_group_id(struct db *, const char *name, int64_t *id);
/*
 * An active user by username (by_email 0) or email, case-insensitively:
 * DB_OK with *id and *username (arena), DB_NOTFOUND or DB_ERROR.
 */
int	db_conf_user_find(struct db *, struct arena *, const char *login,
	    int by_email, int64_t *id, char **username);

/* --- webinars ------------------------------------------------------ */

/* By external id: DB_OK (*out in the arena), DB_NOTFOUND or DB_ERROR. */
int	db_conf_webinar_by_ext(struct db *, struct arena *, const char *ext,
	    struct conf_webinar **out);
/* Inserts w (sets w->id) or updates row w->id.  DB_OK or DB_ERROR. */
int	db_conf_webinar_insert(struct db *, struct conf_webinar *w,
	    int64_t now);
int	db_conf_webinar_update(struct db *, const struct conf_webinar *w,
	    int64_t now);
/* Every webinar by start then external id.  DB_OK or DB_ERROR. */
int	db_conf_webinars(struct db *, struct arena *,
	    struct conf_webinar **out, size_t *n);

/* --- sessions ------------------------------------------------------ */

/*
 * One session with its webinar, topic and presenters, by topic id or by
 * external id (deleted topics too: check deleted_at).  DB_OK,
 * DB_NOTFOUND or DB_ERROR.
 */
int	db_conf_session_get(struct db *, struct arena *, int64_t topic_id,
	    struct conf_session **out);
int	db_conf_session_by_ext(struct db *, struct arena *, const char *ext,
	    struct conf_session **out);
/*
 * Writes s's own fields (not the topic's, nor presenters).  insert:
 * DB_OK, DB_CONSTRAINT (external id or topic taken) or DB_ERROR.
 */
int	db_conf_session_insert(struct db *, const struct conf_session *s,
	    int64_t now);
int	db_conf_session_update(struct db *, const struct conf_session *s,
	    int64_t now);
/* Takes out of group_id the members the import linked as presenters who
 * present no session any more.  DB_OK/DB_ERROR. */
int	db_conf_presenters_prune(struct db *, int64_t group_id);
/* Replaces the presenters of topic_id with p[0..n).  DB_OK/DB_ERROR. */
int	db_conf_presenters_set(struct db *, int64_t topic_id,
	    const struct conf_presenter *p, size_t n);
/* Sets the recording URL (NULL clears it) and post.  DB_OK/DB_ERROR. */
int	db_conf_session_set_recording(struct db *, int64_t topic_id,
	    const char *url, int64_t post_id, int64_t now);
/*
 * Live sessions matching f, in visible categories, by start (unscheduled
 * last), webinar, then external id; with tags and presenters.  At most
 * max.  DB_OK with *out (arena array of *n) or DB_ERROR.
 */
int	db_conf_sessions(struct db *, struct arena *, const struct conf_filter *f,
	    size_t max, struct conf_session **out, size_t *n);
/* Every session's external id (deleted ones too).  DB_OK/DB_ERROR. */
int	db_conf_session_ext_ids(struct db *, struct arena *, char ***out,
	    size_t *n);
/* The caller's role on topic_id (user_id 0 = anonymous).  DB_OK or
 * DB_ERROR; role->session is 0 for an ordinary topic. */
int	db_conf_topic_role(struct db *, int64_t topic_id, int64_t user_id,
	    struct conf_role *role);
/* The id of post 1 of topic_id: DB_OK, DB_NOTFOUND, DB_ERROR. */
int	db_conf_first_post_id(struct db *, int64_t topic_id, int64_t *id);
/* Whether external id is used by a topic that is not a session:
 * DB_OK (taken), DB_NOTFOUND, DB_ERROR. */
int	db_conf_topic_ext_taken(struct db *, const char *ext);

/* --- agendas and feeds --------------------------------------------- */

/* Adding twice and removing what is absent are not errors. */
int	db_conf_agenda_add(struct db *, int64_t user_id, int64_t topic_id,
	    int64_t now);
int	db_conf_agenda_remove(struct db *, int64_t user_id, int64_t topic_id);
/* DB_OK when topic_id is in user_id's agenda, DB_NOTFOUND, DB_ERROR. */
int	db_conf_agenda_has(struct db *, int64_t user_id, int64_t topic_id);
/* An agenda entry whose session starts soon (db_conf_remind_due). */
struct conf_reminder {
	int64_t	user_id;
	int64_t	topic_id;
	int64_t	starts_at;
	int64_t	first_post_id;
};
/*
 * At most max agenda entries whose session starts after from and no later
 * than to, not yet reminded for that start, soonest first, as an arena
 * array of *n.  DB_OK or DB_ERROR.
 */
int	db_conf_remind_due(struct db *, struct arena *, int64_t from,
	    int64_t to, size_t max, struct conf_reminder **out, size_t *n);
/*
 * Marks the entry reminded for starts_at.  DB_OK, DB_NOTFOUND when it
 * already was (another run got there first), DB_ERROR.
 */
int	db_conf_remind_mark(struct db *, int64_t user_id, int64_t topic_id,
	    int64_t starts_at);
/* Replaces user_id's feed token hash.  DB_OK or DB_ERROR. */
int	db_conf_feed_set(struct db *, int64_t user_id, const char *hash,
	    int64_t now);
/* DB_OK (revoked), DB_NOTFOUND (none), DB_ERROR. */
int	db_conf_feed_delete(struct db *, int64_t user_id);
/* The active user a feed token hash belongs to: DB_OK, DB_NOTFOUND,
 * DB_ERROR. */
int	db_conf_feed_user(struct db *, const char *hash, int64_t *user_id);
/* DB_OK with *created_at when user_id has a feed, DB_NOTFOUND, DB_ERROR. */
int	db_conf_feed_exists(struct db *, int64_t user_id, int64_t *created_at);

/* --- Q&A ----------------------------------------------------------- */

int	db_conf_post_qa(struct db *, int64_t post_id, int64_t viewer_id,
	    int64_t topic_id, int64_t author_id, struct conf_post_qa *out);
/* DB_OK, DB_CONSTRAINT (already voted) or DB_ERROR. */
int	db_conf_vote_add(struct db *, int64_t post_id, int64_t user_id,
	    int64_t now);
/* DB_OK, DB_NOTFOUND (had not voted) or DB_ERROR. */
int	db_conf_vote_remove(struct db *, int64_t post_id, int64_t user_id);
/* DB_OK, DB_CONSTRAINT (already marked) or DB_ERROR. */
int	db_conf_answer_set(struct db *, int64_t post_id, int64_t topic_id,
	    int64_t user_id, int64_t now);
/* DB_OK, DB_NOTFOUND (was not marked) or DB_ERROR. */
int	db_conf_answer_clear(struct db *, int64_t post_id);
/* How many posts of topic_id are marked answered (live ones). */
int	db_conf_answered_count(struct db *, int64_t topic_id, int64_t *n);
/*
 * A topic's post ids and numbers as "top questions": post 1, then
 * first_after (the recording post, 0 = none), then by votes descending
 * and post number.  As db_posts_stream otherwise.
 */
int	db_conf_stream_by_votes(struct db *, struct arena *, int64_t topic_id,
	    int with_deleted, int64_t first_after, int64_t **ids,
	    int64_t **numbers, size_t *n);

/* --- registration codes -------------------------------------------- */

/* DB_OK (sets *id), DB_CONSTRAINT (same code exists) or DB_ERROR. */
int	db_conf_code_create(struct db *, const char *hash, const char *truncated,
	    const char *description, int64_t max_uses, int64_t expires_at,
	    int64_t created_by, int64_t now, int64_t *id);
/* Every code, newest first.  DB_OK or DB_ERROR. */
int	db_conf_codes(struct db *, struct arena *, struct conf_code **out,
	    size_t *n);
/* DB_OK, DB_NOTFOUND (no such active code) or DB_ERROR. */
int	db_conf_code_revoke(struct db *, int64_t id, int64_t now);
/*
 * Redeems the code with this hash for user_id: DB_OK (counted once per
 * user), DB_NOTFOUND (unknown, revoked, expired or used up) or DB_ERROR.
 * Inside a transaction.
 */
int	db_conf_code_redeem(struct db *, const char *hash, int64_t user_id,
	    int64_t now);

#endif

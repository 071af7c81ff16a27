/*
 * The conference program: parsing a program file (JSON or CSV, the format
 * of docs/conference.md), generating each session's first post, and
 * writing sessions to the database, shared by `confab import-program`,
 * the staff endpoint POST /conference/import and the session endpoints.
 *
 * Parsing is pure (bytes in, a program or a list of errors out, nothing
 * else touched) so tests/fuzz/fuzz_import.c can drive it with anything.
 */
#ifndef CONFAB_PROGRAM_H
#define CONFAB_PROGRAM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "util.h"

struct arena;
struct db;
struct conf_session;

/* Every input is bounded. */
#define IMPORT_MAX_BYTES	(4 * 1024 * 1024)
#define IMPORT_MAX_SESSIONS	2000
#define IMPORT_MAX_WEBINARS	500
#define IMPORT_MAX_THEMES	200	/* the program's list of themes */
#define IMPORT_MAX_PRESENTERS	20	/* per session */
#define IMPORT_MAX_COLUMNS	32
#define IMPORT_MAX_ERRORS	100	/* reported; more are counted */
#define IMPORT_MAX_TITLE	255	/* characters */
#define IMPORT_MAX_NAME		100
#define IMPORT_MAX_AFFILIATION	255
#define IMPORT_MAX_ABSTRACT	20000
#define IMPORT_MAX_URL		2000	/* bytes */
#define IMPORT_MAX_TAG		100	/* characters, Discourse's hard cap */
#define IMPORT_MAX_EXTERNAL_ID	50

enum import_format {
	IMPORT_AUTO,		/* JSON when the first character is '{' */
	IMPORT_JSON,
	IMPORT_CSV,
};

struct import_presenter {
	char	*name;
	char	*affiliation;		/* "" = none */
	char	*username;		/* NULL = none */
	char	*email;			/* NULL = none */
};

struct import_webinar {
	char	*label;			/* where it was read, for errors */
	char	*id;			/* external id */
	char	*title;
	int64_t	 starts_at;		/* 0 = none */
	int64_t	 ends_at;
	char	*room_url;		/* NULL = none */
};

struct import_session {
	char			*label;		/* "row 4 (s103)" */
	char			*external_id;
	char			*webinar;	/* external id, NULL = none */
	char			*format;	/* "sync" or "async" */
	char			*language;	/* "" = not given */
	char			*title;
	int64_t			 starts_at;	/* 0 = none */
	int64_t			 ends_at;
	char			**themes;	/* as written */
	size_t			 nthemes;
	char			**tags;		/* themes cleaned as tags */
	size_t			 ntags;
	struct import_presenter	*presenters;
	size_t			 npresenters;
	char			*abstract;	/* Markdown, "" = none */
	char			*room_url;	/* own room; NULL = the webinar's */
	int			 has_recording;	/* recording_url was given */
	char			*recording_url;	/* NULL = none */
};

struct import_program {
	enum import_format	 format;
	/* The conference object (JSON only); NULL when absent. */
	char			*name;
	char			*slug;
	char			*timezone;
	char			*registration_url;
	struct import_webinar	*webinars;
	size_t			 nwebinars;
	struct import_session	*sessions;
	size_t			 nsessions;
	char			**errors;
	size_t			 nerrors;	/* kept, at most IMPORT_MAX_ERRORS */
	size_t			 nerrors_total;
};

/*
 * Parses and checks a whole program.  Returns 0 with *out set when the
 * program is valid, -1 when it is not: then (*out)->errors lists the
 * problems, each naming the row (or session) and the field.  Everything
 * is allocated in the arena.  Pure: reads nothing else.
 */
int	import_parse(struct arena *, const char *data, size_t len,
	    enum import_format, struct import_program **out);

/*
 * Reads the fields of a JSON session object into s, over what s already
 * holds (fields absent from obj keep their value), and checks them;
 * errors are appended to p with label.  For PUT /conference/sessions.
 */
void	import_session_json(struct arena *, json_t *obj, const char *label,
	    struct import_session *s, struct import_program *p);
/*
 * Checks one session on its own (times, format, themes; not its
 * webinar), appending to p's errors.  webinar_starts/ends are the times
 * a session without its own inherits (0 = none).
 */
void	import_session_check(struct arena *, struct import_session *s,
	    int64_t webinar_starts, int64_t webinar_ends,
	    struct import_program *p);
/* Appends an error (printf format) to p. */
void	import_errf(struct arena *, struct import_program *p, const char *fmt,
	    ...) __attribute__((format(printf, 3, 4)));

/* Whether s is a valid http(s) URL for a room or recording. */
int	import_url_ok(const char *s);
/* Whether s is a time zone name (syntax only: it may not exist). */
int	import_tz_ok(const char *s);

/*
 * The first post: the generated parts (between marker lines) for session
 * s, merged into old (the post as it is, NULL for a new one) so that any
 * text outside the markers stays.  webinar_title may be NULL; the post
 * says a live room exists when s->room_url is set.  Pure.
 */
char	*conf_post_raw(struct arena *, const struct import_session *s,
	    const char *webinar_title, const char *old);
/* The raw text of the "Recording" post (url checked by import_url_ok). */
char	*conf_recording_raw(struct arena *, const char *title,
	    const char *url);

/* --- writing ------------------------------------------------------- */

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
struct conf_webinar;
int	conf_session_save(struct conf_ctx *, const struct import_session *s,
	    const struct conf_session *old, const struct conf_webinar *w,
	    struct buf *changed, const char **why);

/*
 * The stored session as an import_session (for editing it), in the arena.
 */
void	conf_session_model(struct arena *, const struct conf_session *,
	    struct import_session *out);

/* What an import did or would do. */
struct import_report {
	int		 dry_run;
	json_t		*created;	/* [external_id] */
	json_t		*updated;	/* [{external_id, fields}] */
	json_t		*unchanged;	/* [external_id] */
	json_t		*skipped;	/* [{external_id, reason}] */
	json_t		*not_in_file;	/* [external_id] */
	json_t		*webinars;	/* {created: [], updated: [], unchanged: n} */
	json_t		*errors;	/* [message] when refused */
};

/*
 * Applies program p in one transaction (rolled back when dry_run), as
 * editor_id (0 = the system user).  Fills r (free with
 * import_report_free).  Returns 0, -1 on a database error, -2 when
 * refused (r->errors says why; nothing was written).
 */
int	import_apply(struct db *, const struct import_program *p, int dry_run,
	    int64_t editor_id, struct import_report *r);
void	import_report_free(struct import_report *);
/* The report as JSON (a new reference). */
json_t	*import_report_json(const struct import_report *);

#endif

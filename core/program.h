/*
 * The conference program as a file says it: the program, webinar and
 * session structs, and parsing a program file (JSON or CSV, the format of
 * docs/conference.md) into them with every check, shared by `confab
 * import-program`, the staff endpoint POST /conference/import and the
 * session endpoints.  session_post.h turns a session into its first post,
 * conf_session.h writes one session, program_apply.h a whole program.
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

#include "text.h"
#include "util.h"

struct arena;

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
#define IMPORT_MAX_EXTERNAL_ID	TEXT_MAX_EXTERNAL_ID

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

#endif

/*
 * The route table and its matcher.  A pattern is a path without ".json";
 * ":name" matches one non-empty segment, and only digits when the name is
 * "id", ends in "_id" or ends in "number".  The table is also the list of
 * browser pages: a row with a page kind answers requests that do not ask
 * for JSON with a page (html.c), and static/app.js's router lists the
 * same patterns (tests/unit/test_route.c compares them).
 */
#ifndef CONFAB_ROUTE_H
#define CONFAB_ROUTE_H

struct req;
struct arena;

typedef int (*handler_fn)(struct req *);

enum route_flag {
	R_USER = 1 << 0,	/* logged in, else 403 not_logged_in */
	R_STAFF = 1 << 1,	/* admin or moderator, else 403 */
	R_ADMIN = 1 << 2,	/* admin, else 403 */
	R_CACHE = 1 << 3,	/* anonymous GETs may be served from cache.c */
	R_UPLOAD = 1 << 4,	/* takes a file: bodies up to cfg.max_upload
				 * from senders who pass the other flags */
	R_PAGE = 1 << 5,	/* a page only: requests for JSON pass it by */
	R_OWN = 1 << 6,		/* a write of the caller's own state only
				 * (reading state, bookmarks, watching
				 * levels, notifications read), which no
				 * cached anonymous answer shows: keeps
				 * the cache */
};

/*
 * What a browser gets at a row's path (a GET that does not ask for JSON):
 * nothing of its own (PAGE_NONE: the handler's answer, or no page there),
 * the front end's shell alone, or the shell with the handler's JSON
 * rendered by one of html.c's renderers.
 */
enum route_page {
	PAGE_NONE,
	PAGE_SHELL,
	PAGE_TOPIC,
	PAGE_LATEST,
	PAGE_TAG,
	PAGE_CATEGORIES,
	PAGE_USER,
	PAGE_SCHEDULE,
	PAGE_RECORDINGS,
	PAGE__MAX
};

struct route {
	const char	*method;
	const char	*pattern;
	handler_fn	 fn;		/* NULL on a PAGE_SHELL row */
	unsigned	 flags;
	enum route_page	 page;
};

#define ROUTE_MAX_ARGS 4

struct route_args {
	const char	*name[ROUTE_MAX_ARGS];
	const char	*value[ROUTE_MAX_ARGS];
	int		 n;
};

/*
 * Finds the first route whose method and pattern match.  Returns it and
 * fills args (strings in the arena), or NULL; then *path_known tells
 * whether the path matched under another method (405 rather than 404).
 * HEAD matches GET routes.
 */
const struct route *route_match(const char *method, const char *path,
    struct arena *, struct route_args *, int *path_known);

/*
 * As route_match, among the rows a request may reach: for a page (a GET
 * or HEAD not asking for JSON) the rows with a page kind; otherwise the
 * rows without R_PAGE.  Returns the row or NULL, as route_match does.
 */
const struct route *route_find(int page, const char *method,
    const char *path, struct arena *, struct route_args *, int *path_known);

/* 1 when path is a browser page (a GET row with a page kind), else 0. */
int	route_is_page(const char *path);

/* The table itself, for tests. */
extern const struct route route_table[];
extern const unsigned route_count;

#endif

/*
 * The route table and its matcher.  A pattern is a path without ".json";
 * ":name" matches one non-empty segment, and only digits when the name is
 * "id", ends in "_id" or ends in "number".
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
};

struct route {
	const char	*method;
	const char	*pattern;
	handler_fn	 fn;
	unsigned	 flags;
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

/* The table itself, for tests. */
extern const struct route route_table[];
extern const unsigned route_count;

#endif

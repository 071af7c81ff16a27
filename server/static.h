/*
 * The front end's files under cfg.static_dir, and the HTML shell that
 * answers every page URL (so reloading any link works).
 */
#ifndef CONFAB_STATIC_H
#define CONFAB_STATIC_H

struct req;

/*
 * Answers a GET that did not ask for JSON: files under /static/ (and
 * /favicon.ico, /robots.txt), the page shell for page paths (the route
 * table's, route_is_page), or the shell with status 404 for anything else.  Returns E_OK with a response
 * set, or E_NOT_FOUND when there is no static directory at all.
 */
int	static_answer(struct req *);

/* 1 when path is safe to join to the static directory (no "..", no
 * hidden files, no backslashes or control characters). */
int	static_path_ok(const char *path);

#endif

/*
 * Pages for browsers.  A page URL (/latest, /t/slug/1, /u/alice, ...) runs
 * the same handler as its .json twin; the JSON it produces is turned here
 * into the front end's shell (static/index.html) with a server-rendered
 * <title>, meta description, Open Graph tags and the content as plain
 * HTML, so crawlers, link previews and readers without JavaScript see the
 * session's title and abstract.  The JavaScript front end then takes over.
 */
#ifndef CONFAB_HTML_H
#define CONFAB_HTML_H

#include <jansson.h>

struct req;

/*
 * Sets r's response to the page for view (the handler's JSON; NULL when
 * the handler failed, or for a page the front end draws alone) with
 * status.  Returns E_OK, or E_NOT_FOUND when
 * there is no static/index.html to build on.
 */
int	html_page(struct req *, json_t *view, int status);

#endif

/*
 * Shared by the hostile-input tests (test_hostile*.c, test_access_matrix.c)
 * and the reliability tests that talk to the server below libcurl
 * (test_backup.c, test_crash.c, test_overload.c): raw-socket requests from
 * any loopback address (raw_), a fingerprint of what the database holds,
 * an active-HTML checker for whole pages, and the counters the sweep
 * reports (hostile_).  Defined in hostile.c, linked into the tests that
 * include this header.
 */
#ifndef CONFAB_HOSTILE_H
#define CONFAB_HOSTILE_H

#include <stddef.h>

#include "harness.h"

extern unsigned hostile_sent;		/* inputs sent */
extern unsigned hostile_5xx;		/* unexpected 5xx seen */

/* Seconds on the monotonic clock. */
double	hostile_now(void);

/*
 * A blocking TCP connection to the server from source address src (NULL:
 * 127.0.0.1); the caller closes it.  Returns the descriptor, or -1.
 */
int	raw_connect(const struct th_server *, const char *src);
/*
 * Sends len bytes from source address src (NULL: 127.0.0.1) to the server
 * and reads until the server closes or timeout_ms passes without data.
 * The response (malloc'd, NUL-terminated, the caller frees) goes to *out
 * when out is not NULL.  Returns the status of the first response, 0 if
 * none came, -1 if the connection failed (*out untouched then).
 */
int	raw_request(const struct th_server *, const char *src, const void *req,
	    size_t len, char **out, int timeout_ms);
/*
 * raw_request of one HTTP/1.1 request with "Connection: close": headers
 * are "Name: value\r\n" lines (may be NULL); with a body, Content-Type
 * (NULL: a form) and Content-Length are added.  Returns as raw_request.
 */
int	raw_http(const struct th_server *, const char *src, const char *method,
	    const char *path, const char *headers, const char *content_type,
	    const char *body, char **out, int timeout_ms);
/* How many responses a raw answer holds (status lines at line starts). */
int	raw_count_responses(const char *resp);

/*
 * A fingerprint of everything stored: row counts and content sizes
 * (malloc'd, the caller frees; "?" when the database cannot be read).
 */
char	*hostile_fingerprint(const struct th_server *);
/*
 * Checks every stored cooked body against the HTML allowlist, failing the
 * test on the first refused; returns how many were checked.
 */
int	hostile_check_cooked(const struct th_server *);
/*
 * Whether a whole HTML page holds active content a user could have put
 * there: a <script> that is not one of ours (src under /static/), an
 * iframe, object, embed, base or form, an on* attribute, or a
 * javascript:/vbscript:/data: URL in href, src, action or formaction.
 * Returns NULL when clean, else a static description.
 */
const char *hostile_active_html(const char *html);
/*
 * How many lines of the server's log do not start with a timestamp, that
 * is, were forged by a client (0 without a log).
 */
int	hostile_log_forged(const struct th_server *);

#endif

/*
 * Cooking: the one place where what a user typed becomes HTML.  A post's raw
 * Markdown is cooked once, when it is written or edited, and the result is
 * stored beside the raw text, as Discourse does; reads never cook.  The HTML
 * is safe to insert with innerHTML: raw HTML is dropped, only http, https,
 * mailto and relative links survive, and every input, however hostile,
 * either cooks quickly or is refused as too complex.  docs/cooking.md says
 * what users get and why.
 */
#ifndef CONFAB_COOK_H
#define CONFAB_COOK_H

#include <stddef.h>

/* cook_post's only failure: answer 422 with cook_error() as the message. */
#define COOK_TOO_COMPLEX	(-2)

/* Longest raw body cook_post accepts, in bytes (32,000 characters of
 * four-byte UTF-8 fit). */
#define COOK_MAX_RAW		(128 * 1024)

/* Cooked size used when cook_opts.max_cooked is 0. */
#define COOK_DEFAULT_MAX_COOKED	(256 * 1024)

/*
 * Looks up a mentioned username; returns 1 and writes the canonical
 * username (as stored, NUL-terminated, at most 60 bytes+NUL) into out when
 * the user exists, 0 when not.  Called from cook_post, on the caller's
 * thread, at most once per distinct name in a post; may be NULL (no
 * mentions linked).
 */
typedef int (*cook_user_lookup_fn)(void *ctx, const char *name, size_t len,
    char out[64]);

struct cook_opts {
	cook_user_lookup_fn	 user_lookup;
	void			*ctx;
	size_t			 max_cooked;	/* 0: COOK_DEFAULT_MAX_COOKED */
};

/*
 * Cooks raw Markdown (len bytes; NULs and invalid UTF-8 are replaced by
 * U+FFFD).  opts may be NULL (no mentions, default size cap).
 * Returns 0 and sets *html to a malloc'd NUL-terminated string the caller
 * frees; returns COOK_TOO_COMPLEX with *html NULL when the input exceeds a
 * structural bound (nesting, table size, pathological markup, length) or the
 * output would exceed max_cooked.  Deterministic when user_lookup is, and
 * safe to call from many threads at once.
 */
int	 cook_post(const char *raw, size_t len, const struct cook_opts *opts,
	    char **html);

/*
 * Returns a short human message saying why the last cook_post on this
 * thread answered COOK_TOO_COMPLEX, starting "Body is too complex".  The
 * string is static: do not free it.
 */
const char *cook_error(void);

/*
 * Plain-text excerpt of cooked HTML: tags stripped, &amp; &lt; &gt; &quot;
 * &#39; decoded, whitespace collapsed and trimmed, then cut at a UTF-8
 * boundary to at most maxchars characters with "…" appended when cut.
 * Returns a malloc'd string the caller frees (never NULL; NULL cooked gives
 * "").
 */
char	*cook_excerpt(const char *cooked, size_t maxchars);

/*
 * Discourse's fancy_title: the title HTML-escaped (& < > " ') with emoji
 * shortcodes such as :tada: replaced by the emoji; invalid UTF-8 becomes
 * U+FFFD.  Returns a malloc'd string the caller frees (NULL title gives "").
 */
char	*cook_fancy_title(const char *title);

#endif

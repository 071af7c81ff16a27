/*
 * Titles, tags and slugs, the text rules topics share wherever they are
 * written (the API, the program import, the command line).  URL slugs as
 * Discourse makes them: lower-case ASCII letters and digits joined by
 * single dashes, at most 80 characters.
 */
#ifndef CONFAB_TEXT_H
#define CONFAB_TEXT_H

#include <stddef.h>

#include <jansson.h>

struct arena;

/* An external id (a topic's or a session's) is at most this many bytes. */
#define TEXT_MAX_EXTERNAL_ID	50

/*
 * The first len bytes of in with runs of spaces, tabs and line breaks
 * made one space and none at either end, in the arena.
 */
char	*text_squeeze(struct arena *, const char *in, size_t len);
/* Whether s is an external id: 1 to 50 of [A-Za-z0-9-_.:]. */
int	text_external_id_ok(const char *s);
/*
 * A title with whitespace squeezed into *out (arena), or *out = NULL with
 * a message appended to errors (blank, invalid, too short, too long).
 */
void	text_title(struct arena *, const char *in, char **out, json_t *errors);
/*
 * Tag names cleaned, lower-cased and made distinct into *out (arena
 * array of *nout), "a,b" counting as two; messages appended to errors
 * when there are too many or one is too long.
 */
void	text_tags(struct arena *, const char **in, size_t n,
	    const char ***out, size_t *nout, json_t *errors);
/*
 * One tag as Discourse's clean_tag: lower case, runs of spaces become one
 * '-', other punctuation goes, no '-' at either end.  Returns the arena
 * copy ("" when nothing is left) and its length in characters.
 */
char	*text_clean_tag(struct arena *, const char *in, size_t len,
	    size_t *chars);

/*
 * The slug of text in the arena; fallback (e.g. "topic") when text has no
 * ASCII letters or digits, as for a title written only in Chinese.
 */
char	*text_slug(struct arena *, const char *text, const char *fallback);

#endif

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

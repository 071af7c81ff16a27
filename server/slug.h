/*
 * URL slugs as Discourse makes them: lower-case ASCII letters and digits
 * joined by single dashes, at most 80 characters.
 */
#ifndef CONFAB_SLUG_H
#define CONFAB_SLUG_H

struct arena;

/*
 * The slug of text in the arena; fallback (e.g. "topic") when text has no
 * ASCII letters or digits, as for a title written only in Chinese.
 */
char	*slug_make(struct arena *, const char *text, const char *fallback);

#endif

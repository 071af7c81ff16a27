/*
 * Escaping for HTML: the one escaper for text and quoted attribute values,
 * the one for URLs placed in href and src, and the hex digit reader the
 * percent-decoders share.
 */
#ifndef CONFAB_ESCAPE_H
#define CONFAB_ESCAPE_H

#include <stddef.h>

struct buf;

/*
 * Appends the n bytes at s to b with & < > " ' written as &amp; &lt; &gt;
 * &quot; &#39; and every other byte as it is: safe as HTML text and inside
 * an attribute value quoted with either quote.  Appends nothing more (no
 * NUL); s need not be NUL-terminated.
 */
void	escape_html(struct buf *b, const char *s, size_t n);
/* As escape_html for NUL-terminated s; NULL appends nothing. */
void	escape_html_str(struct buf *b, const char *s);
/*
 * Appends the n bytes at s to b as a URL for a quoted href or src, as
 * cmark's houdini_escape_href does: letters, digits and the characters
 * that are safe or reserved in a URL (-_.+!*(),%#@?=;:/$~) stay, & and '
 * become &amp; and &#x27;, every other byte becomes %XX, so a quote, a
 * space or a control can never end the attribute or hide a scheme.
 */
void	escape_href(struct buf *b, const char *s, size_t n);
/* The value of hex digit c (either case), or -1 when c is not one. */
int	escape_hexval(int c);

#endif

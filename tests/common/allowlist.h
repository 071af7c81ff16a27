/*
 * An HTML allowlist checker for cooked posts, shared by the HTTP tests and
 * the fuzz targets.  It parses HTML the strict way cook.c writes it (lower
 * case tags, double-quoted attributes, no comments but cmark's "raw HTML
 * omitted" one) and refuses anything else: a tag or attribute outside the
 * list (so no <script>, no on* handler, no style), an attribute value that
 * could break out of its quotes, and a link or image URL whose scheme is
 * not http, https or (links only) mailto, after decoding character
 * references and dropping the control characters browsers ignore.  Text
 * must be valid UTF-8 and may not contain a raw '<' or '>'.
 */
#ifndef CONFAB_ALLOWLIST_H
#define CONFAB_ALLOWLIST_H

#include <stddef.h>

/*
 * Returns 0 when html passes, else -1 with a short reason (and the
 * offending text, cut) written into why (NUL-terminated, whylen bytes).
 */
int	allowlist_check(const char *html, char *why, size_t whylen);

/*
 * Whether a URL as a browser would read it (character references already
 * decoded) has an allowed scheme: none (relative), http, https, and
 * mailto when not an image.  1 yes, 0 no.
 */
int	allowlist_url_ok(const char *url, size_t len, int image);

/* 1 when s is valid UTF-8 (no overlongs, surrogates or values past
 * U+10FFFF). */
int	allowlist_utf8_ok(const char *s);

#endif

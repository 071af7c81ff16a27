/*
 * UTF-8 decoding and encoding, one code point at a time.
 */
#ifndef CONFAB_UTF8_H
#define CONFAB_UTF8_H

#include <stddef.h>

/*
 * Decodes the sequence at s (NUL-terminated, or with at least 4 readable
 * bytes); returns its length and sets *cp, or returns 0 when the bytes
 * are not a valid, shortest-form sequence of a scalar value.
 */
size_t	utf8_decode(const unsigned char *s, unsigned *cp);
/* Writes cp (at most U+10FFFF) into out (room for 4); returns the length. */
size_t	utf8_encode(unsigned cp, char *out);

#endif

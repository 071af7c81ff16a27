/*
 * UTF-8: the one decoder and validator.  Strict everywhere: no overlong
 * forms, no surrogates (U+D800..U+DFFF), nothing past U+10FFFF, no
 * sequence cut short by the end of the input.
 */
#ifndef CONFAB_UTF8_H
#define CONFAB_UTF8_H

#include <stddef.h>

/*
 * Decodes the sequence at s, which has n readable bytes; returns its
 * length (1..4) and sets *cp, or returns 0 when the bytes are not a
 * valid, shortest-form sequence of a scalar value (or n is 0).
 */
size_t	utf8_decode_n(const unsigned char *s, size_t n, unsigned *cp);
/*
 * As utf8_decode_n for s NUL-terminated (or with at least 4 readable
 * bytes): a NUL ends any sequence it interrupts, so nothing past it is
 * read.
 */
size_t	utf8_decode(const unsigned char *s, unsigned *cp);
/* Writes cp (at most U+10FFFF) into out (room for 4); returns the length. */
size_t	utf8_encode(unsigned cp, char *out);
/* 1 when the n bytes at s are valid UTF-8 (NULs included), else 0. */
int	utf8_valid(const char *s, size_t n);
/*
 * The characters of NUL-terminated s, counted by the bytes that can start
 * one: every byte but a continuation byte (10xxxxxx) counts, so for valid
 * UTF-8 this is the number of code points.
 */
size_t	utf8_chars(const char *s);

#endif

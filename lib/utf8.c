/*
 * UTF-8: decoding one sequence (strict: no overlong forms, no surrogates,
 * nothing past U+10FFFF), validating a buffer, counting characters and
 * encoding one code point.  The one decoder every other module uses;
 * tests/common/allowlist.c keeps a checker of its own so that the fuzz
 * targets do not judge the code with the code under test.
 */
#include <stddef.h>

#include "utf8.h"

/* See utf8.h. */
size_t
utf8_decode_n(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned c, v;
	size_t len, i;

	if (n == 0)
		return 0;
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	/* 0xc0, 0xc1 could only start overlong forms, 0xf5.. only values
	 * past U+10FFFF. */
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, v = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, v = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, v = c & 0x07;
	else
		return 0;
	/* Byte by byte: a NUL or the end stops the read. */
	for (i = 1; i < len; i++) {
		if (i >= n || (s[i] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && v < 0x800) || (len == 4 && v < 0x10000) ||
	    (v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff)
		return 0;
	*cp = v;
	return len;
}

/* See utf8.h. */
size_t
utf8_decode(const unsigned char *s, unsigned *cp)
{
	return utf8_decode_n(s, 4, cp);
}

/* See utf8.h. */
size_t
utf8_encode(unsigned cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* See utf8.h. */
int
utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;
	unsigned cp;

	while (i < n) {
		if ((k = utf8_decode_n(p + i, n - i, &cp)) == 0)
			return 0;
		i += k;
	}
	return 1;
}

/* See utf8.h. */
size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

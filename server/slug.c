/*
 * Slugs: ASCII only, so a link stays the same in every mail client and
 * chat; letters with accents lose them (é → e) for the common Latin-1
 * range, the rest of non-ASCII text becomes separators.
 */
#include <ctype.h>
#include <string.h>

#include "slug.h"
#include "util.h"

#define SLUG_MAX 80

/* Base letter of a two-byte UTF-8 Latin-1 letter (U+00C0..U+00FF), or 0. */
static char
latin1_base(unsigned char b1, unsigned char b2)
{
	static const char map[] =
	    "aaaaaaaceeeeiiiidnooooo/ouuuuyts"	/* U+00C0..U+00DF */
	    "aaaaaaaceeeeiiiidnooooo/ouuuuyty";	/* U+00E0..U+00FF */
	unsigned cp;
	char c;

	if (b1 != 0xc3 || (b2 & 0xc0) != 0x80)
		return 0;
	cp = 0xc0 + (b2 & 0x3f);
	c = map[cp - 0xc0];
	return isalpha((unsigned char)c) ? c : 0;
}

char *
slug_make(struct arena *a, const char *text, const char *fallback)
{
	char out[SLUG_MAX + 1];
	const unsigned char *p = (const unsigned char *)text;
	size_t n = 0;
	int dash = 0;
	char c;

	for (; *p && n < SLUG_MAX; p++) {
		c = 0;
		if (isalnum(*p))
			c = (char)tolower(*p);
		else if (*p == 0xc3 && p[1] && (c = latin1_base(p[0], p[1])))
			p++;
		else if (*p == '\'')
			continue;	/* "don't" → "dont" */
		if (c == 0) {
			dash = n > 0;
			continue;
		}
		if (dash && n < SLUG_MAX - 1)
			out[n++] = '-';
		dash = 0;
		out[n++] = c;
	}
	while (n > 0 && out[n - 1] == '-')
		n--;
	out[n] = '\0';
	return arena_strdup(a, n > 0 ? out : fallback);
}

/*
 * The refusal a core/ rule hands back (err.h): messages collected in a
 * JSON array so that the one renderer in server/ can show them all.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "err.h"

/* Drops a character left incomplete at the end of s (len bytes). */
static void
cut_partial_char(char *s, size_t len)
{
	size_t start = len, need;
	unsigned char c;

	while (start > 0 && ((unsigned char)s[start - 1] & 0xc0) == 0x80)
		start--;
	if (start-- == 0)
		return;
	c = (unsigned char)s[start];
	need = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
	if (start + need > len)
		s[start] = '\0';
}

void
refusal_add(struct refusal *rf, const char *fmt, ...)
{
	char msg[512];	/* messages are a sentence; a longer one is cut */
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* Cut on a character boundary: jansson refuses broken UTF-8. */
	if (n >= (int)sizeof(msg))
		cut_partial_char(msg, sizeof(msg) - 1);
	if (rf->messages == NULL)
		rf->messages = json_array();
	json_array_append_new(rf->messages, json_string(msg));
}

size_t
refusal_count(const struct refusal *rf)
{
	return rf->messages == NULL ? 0 : json_array_size(rf->messages);
}

void
refusal_free(struct refusal *rf)
{
	json_decref(rf->messages);
	rf->messages = NULL;
}

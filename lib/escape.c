/*
 * The escapers every layer uses to put text into HTML.  escape_html is
 * the only HTML escaper: it escapes all five characters that matter, so
 * one function is right for text and for attribute values in either
 * quote, and no caller has to know which of them a weaker one left out.
 * escape_href is for URLs, which need percent-encoding rather than
 * entities.  tests/fuzz/fuzz_escape.c checks both against any bytes.
 */
#include <ctype.h>
#include <stddef.h>
#include <string.h>

#include "escape.h"
#include "util.h"

/* See escape.h. */
void
escape_html(struct buf *b, const char *s, size_t n)
{
	size_t i, run = 0;
	const char *rep;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			continue;
		}
		/* Copy runs of plain bytes whole: most text has no specials. */
		buf_append(b, s + run, i - run);
		buf_puts(b, rep);
		run = i + 1;
	}
	buf_append(b, s + run, n - run);
}

/* See escape.h. */
void
escape_html_str(struct buf *b, const char *s)
{
	if (s != NULL)
		escape_html(b, s, strlen(s));
}

/* See escape.h. */
void
escape_href(struct buf *b, const char *s, size_t n)
{
	static const char safe[] = "-_.+!*(),%#@?=;:/$~";
	static const char hex[] = "0123456789ABCDEF";
	unsigned char c;
	size_t i;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c < 0x80 && (isalnum(c) || (c != 0 && strchr(safe, c))))
			buf_putc(b, (char)c);
		else if (c == '&')
			buf_puts(b, "&amp;");
		else if (c == '\'')
			buf_puts(b, "&#x27;");
		else {
			buf_putc(b, '%');
			buf_putc(b, hex[c >> 4]);
			buf_putc(b, hex[c & 15]);
		}
	}
}

/* See escape.h. */
int
escape_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

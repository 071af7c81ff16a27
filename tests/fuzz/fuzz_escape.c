/*
 * Fuzzes lib/escape.c with any bytes.  escape_html's output must hold no
 * < > " ' and no & that does not start one of the five entities it
 * writes, and unescaping it must give back the input exactly.
 * escape_href's output must hold no < > " ', no byte outside printable
 * ASCII, and no & but &amp; or &#x27;.  escape_hexval must agree with
 * strtol on every byte.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const struct {
	const char	*ent;
	char		 c;
} ents[] = {
	{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
	{ "&quot;", '"' }, { "&#39;", '\'' }, { "&#x27;", '\'' },
};

/* The entity at s (n bytes left), as an index into ents, or -1. */
static int
entity_at(const char *s, size_t n, size_t nents)
{
	size_t i, k;

	for (i = 0; i < nents; i++) {
		k = strlen(ents[i].ent);
		if (n >= k && memcmp(s, ents[i].ent, k) == 0)
			return (int)i;
	}
	return -1;
}

static void
check_html(const uint8_t *data, size_t len)
{
	struct buf b = { 0 };
	size_t i, o = 0;
	char *back;
	int e;

	escape_html(&b, (const char *)data, len);
	back = xmalloc(b.len + 1);
	for (i = 0; i < b.len; i++) {
		switch (b.data[i]) {
		case '<': case '>': case '"': case '\'':
			abort();
		case '&':
			/* &#x27; is escape_href's: not expected here. */
			if ((e = entity_at(b.data + i, b.len - i, 5)) < 0)
				abort();
			back[o++] = ents[e].c;
			i += strlen(ents[e].ent) - 1;
			break;
		default:
			back[o++] = b.data[i];
		}
	}
	if (o != len || (len > 0 && memcmp(back, data, len) != 0))
		abort();
	free(back);
	buf_free(&b);
}

static void
check_href(const uint8_t *data, size_t len)
{
	struct buf b = { 0 };
	size_t i;
	unsigned char c;

	escape_href(&b, (const char *)data, len);
	for (i = 0; i < b.len; i++) {
		c = (unsigned char)b.data[i];
		if (c <= 0x20 || c >= 0x7f || c == '<' || c == '>' ||
		    c == '"' || c == '\'')
			abort();
		if (c == '&' && (entity_at(b.data + i, b.len - i, 6) != 0 &&
		    entity_at(b.data + i, b.len - i, 6) != 5))
			abort();
	}
	buf_free(&b);
}

static void
check_hexval(const uint8_t *data, size_t len)
{
	char s[2] = { 0, 0 }, *end;
	long v;
	size_t i;

	for (i = 0; i < len; i++) {
		s[0] = (char)data[i];
		v = strtol(s, &end, 16);
		if (escape_hexval(data[i]) != (*end == '\0' && s[0] != '\0' &&
		    s[0] != '+' && s[0] != '-' && s[0] != ' ' ? (int)v : -1))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	check_html(data, len);
	check_href(data, len);
	check_hexval(data, len);
	return 0;
}

#include "replay.h"

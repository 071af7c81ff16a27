/*
 * The HTML allowlist checker (see allowlist.h).  Deliberately independent of
 * server/cook.c: it is the oracle the cooker is tested against.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "allowlist.h"

static const char *const tags[] = { "a", "p", "em", "strong", "del",
    "code", "pre", "blockquote", "ul", "ol", "li", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "br", "img", "table", "thead", "tbody", "tr", "th",
    "td", "time", "span", NULL };
static const char *const attrs[] = { "href", "title", "rel", "class",
    "src", "alt", "loading", "start", "align", "datetime", NULL };
static const char omitted[] = "<!-- raw HTML omitted -->";

static int
fail(char *why, size_t whylen, const char *what, const char *at)
{
	snprintf(why, whylen, "%s at \"%.60s\"", what, at ? at : "");
	return -1;
}

static int
in_list(const char *const *list, const char *s, size_t n)
{
	for (; *list != NULL; list++)
		if (strlen(*list) == n && memcmp(*list, s, n) == 0)
			return 1;
	return 0;
}

/* Length of the valid UTF-8 sequence at s, or 0. */
static size_t
utf8_len(const unsigned char *s)
{
	uint32_t cp;
	size_t len, i;

	if (*s < 0x80)
		return 1;
	if (*s >= 0xc2 && *s <= 0xdf) {
		len = 2;
		cp = *s & 0x1f;
	} else if (*s >= 0xe0 && *s <= 0xef) {
		len = 3;
		cp = *s & 0x0f;
	} else if (*s >= 0xf0 && *s <= 0xf4) {
		len = 4;
		cp = *s & 0x07;
	} else
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

int
allowlist_utf8_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len;

	while (*p != '\0') {
		if ((len = utf8_len(p)) == 0)
			return 0;
		p += len;
	}
	return 1;
}

/* Decodes one character reference at s ('&'); the code point, 0 if none. */
static uint32_t
decode_ref(const char *s, size_t n, size_t *used)
{
	static const struct { const char *name; uint32_t cp; } named[] = {
		{ "amp;", '&' }, { "lt;", '<' }, { "gt;", '>' },
		{ "quot;", '"' }, { "apos;", '\'' }, { "colon;", ':' },
		{ "Tab;", '\t' }, { "NewLine;", '\n' }, { "sol;", '/' },
		{ "lpar;", '(' }, { "rpar;", ')' }, { "amp", '&' },
		{ "lt", '<' }, { "gt", '>' }, { "quot", '"' },
	};
	uint32_t cp = 0;
	size_t i = 1, k;
	int hex;

	if (n < 2)
		return 0;
	if (s[1] == '#') {
		i = 2;
		hex = i < n && (s[i] == 'x' || s[i] == 'X');
		if (hex)
			i++;
		k = i;
		while (i < n && (hex ? isxdigit((unsigned char)s[i]) :
		    isdigit((unsigned char)s[i]))) {
			cp = cp * (hex ? 16 : 10) + (uint32_t)(isdigit(
			    (unsigned char)s[i]) ? s[i] - '0' :
			    tolower((unsigned char)s[i]) - 'a' + 10);
			if (cp > 0x10ffff)
				cp = 0x10ffff + 1;
			i++;
		}
		if (i == k)
			return 0;
		if (i < n && s[i] == ';')
			i++;
		*used = i;
		return cp == 0 || cp > 0x10ffff ? 0xfffd : cp;
	}
	for (k = 0; k < sizeof(named) / sizeof(named[0]); k++) {
		size_t l = strlen(named[k].name);

		if (l <= n - 1 && memcmp(s + 1, named[k].name, l) == 0) {
			*used = l + 1;
			return named[k].cp;
		}
	}
	return 0;
}

int
allowlist_url_ok(const char *v, size_t n, int image)
{
	char scheme[16];
	size_t i, k = 0;
	int long_scheme = 0;

	/* Browsers skip leading C0 controls and spaces, and drop tabs and
	 * newlines anywhere in a URL. */
	i = 0;
	while (i < n && (unsigned char)v[i] <= 0x20)
		i++;
	for (; i < n; i++) {
		unsigned char c = (unsigned char)v[i];

		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == ':')
			break;
		if (!(isalnum(c) || c == '+' || c == '-' || c == '.'))
			return 1;	/* '/', '?', '#' first: relative */
		/* Too long for any allowed scheme; a colon later refuses it,
		 * none makes it a relative path ("cpp-style-guide.md"). */
		if (k + 1 >= sizeof(scheme))
			long_scheme = 1;
		else
			scheme[k++] = (char)tolower(c);
	}
	if (i == n)
		return 1;		/* no colon: relative */
	if (long_scheme)
		return 0;
	scheme[k] = '\0';
	if (k == 0 || !isalpha((unsigned char)scheme[0]))
		return 0;
	return strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0 ||
	    (!image && strcmp(scheme, "mailto") == 0);
}

/* Decodes references in an attribute value into out (len bytes max). */
static size_t
decode_value(const char *v, size_t n, char *out, size_t outlen)
{
	size_t i = 0, o = 0, used;
	uint32_t cp;

	while (i < n && o + 4 < outlen) {
		if (v[i] == '&' && (cp = decode_ref(v + i, n - i, &used)) != 0) {
			/* Only ASCII matters for the scheme test. */
			out[o++] = cp < 0x80 ? (char)cp : 'x';
			i += used;
		} else
			out[o++] = v[i++];
	}
	out[o] = '\0';
	return o;
}

static int
check_attr(const char *an, size_t al, const char *v, size_t vl, int img,
    char *why, size_t whylen)
{
	char dec[8192];
	size_t dl;

	if (memchr(v, '<', vl) != NULL || memchr(v, '>', vl) != NULL)
		return fail(why, whylen, "angle bracket in attribute", an);
	if ((al == 4 && memcmp(an, "href", 4) == 0) ||
	    (al == 3 && memcmp(an, "src", 3) == 0)) {
		dl = decode_value(v, vl, dec, sizeof(dec));
		if (!allowlist_url_ok(dec, dl, img))
			return fail(why, whylen, "URL scheme not allowed", an);
	}
	return 0;
}

int
allowlist_check(const char *html, char *why, size_t whylen)
{
	const char *p = html, *name, *an, *v, *end;
	size_t nl, al, ul;
	int img, closing;

	if (html == NULL)
		return fail(why, whylen, "no HTML", "");
	while (*p != '\0') {
		if (*p == '>')
			return fail(why, whylen, "raw '>' in text", p);
		if (*p != '<') {
			if ((ul = utf8_len((const unsigned char *)p)) == 0)
				return fail(why, whylen, "invalid UTF-8", p);
			p += ul;
			continue;
		}
		if (strncmp(p, omitted, sizeof(omitted) - 1) == 0) {
			p += sizeof(omitted) - 1;
			continue;
		}
		closing = p[1] == '/';
		name = p + 1 + closing;
		for (nl = 0; islower((unsigned char)name[nl]) ||
		    isdigit((unsigned char)name[nl]); nl++)
			;
		if (!in_list(tags, name, nl))
			return fail(why, whylen, "tag not allowed", p);
		img = nl == 3 && memcmp(name, "img", 3) == 0;
		p = name + nl;
		for (;;) {
			if (*p == '>')
				break;
			if (closing || *p != ' ')
				return fail(why, whylen, "malformed tag", p);
			an = ++p;
			for (al = 0; islower((unsigned char)an[al]); al++)
				;
			if (!in_list(attrs, an, al))
				return fail(why, whylen, "attribute not allowed",
				    an);
			if (an[al] != '=' || an[al + 1] != '"')
				return fail(why, whylen, "unquoted attribute",
				    an);
			v = an + al + 2;
			if ((end = strchr(v, '"')) == NULL)
				return fail(why, whylen,
				    "unterminated attribute", an);
			if (check_attr(an, al, v, (size_t)(end - v), img, why,
			    whylen) != 0)
				return -1;
			p = end + 1;
		}
		p++;
	}
	return 0;
}

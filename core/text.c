/*
 * The text rules of titles and tags: a title squeezed and bounded, tags
 * cleaned as Discourse's clean_tag, and URL slugs.  Slugs are ASCII only,
 * so a link stays the same in every mail client and chat; letters with
 * accents lose them (é → e) for the common Latin-1 range, the rest of
 * non-ASCII text becomes separators.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>
#include <unicode/uscript.h>
#include <unicode/utrans.h>
#include <unicode/ustring.h>

#include "config.h"
#include "text.h"
#include "utf8.h"
#include "util.h"
#include "valid.h"

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

/*
 * Titles in other scripts get readable slugs through ICU's transliteration
 * ("Łódź" → "Lodz", "Παιδεία" → "Paideia") before the ASCII pass below.
 * Not a title with Han ideographs: their reading depends on the language
 * (Mandarin pinyin would mislabel a Japanese title), so such a title keeps
 * only its ASCII words, or gets the caller's fallback.  Opening the transliterator
 * parses its rules (about 20 ms here), so it is opened once; one is not
 * safe to share between threads, so each call works on a clone (about
 * 1 µs, against about 25 µs for transliterating a short title).
 */
#define SLUG_TRANSLIT	"Any-Latin; Latin-ASCII"
#define SLUG_IN_BYTES	240	/* enough text for SLUG_MAX characters */
#define SLUG_UCHARS	1024	/* room for the text to grow in */

static UTransliterator *translit;
static pthread_once_t translit_once = PTHREAD_ONCE_INIT;

static void
translit_open(void)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar id[64];
	int32_t n;

	u_strFromUTF8(id, 64, &n, SLUG_TRANSLIT, -1, &st);
	if (U_SUCCESS(st))
		translit = utrans_openU(id, n, UTRANS_FORWARD, NULL, 0, NULL,
		    &st);
	if (U_FAILURE(st) && translit != NULL) {
		utrans_close(translit);
		translit = NULL;
	}
}

/* Whether the n UTF-16 units at s hold a Han ideograph. */
static int
has_han(const UChar *s, int32_t n)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t i = 0;
	UChar32 c;

	while (i < n) {
		U16_NEXT(s, i, n, c);
		if (uscript_getScript(c, &st) == USCRIPT_HAN)
			return 1;
	}
	return 0;
}

/* text with other scripts written in Latin letters (an arena string), or
 * text itself when it is ASCII, holds Han ideographs, or ICU fails. */
static const char *
transliterate(struct arena *a, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	UErrorCode st = U_ZERO_ERROR;
	UChar buf[SLUG_UCHARS];
	UTransliterator *t;
	int32_t n, limit, len;
	size_t in;
	char *out;

	while (*p != '\0' && *p < 0x80)
		p++;
	if (*p == '\0')
		return text;
	pthread_once(&translit_once, translit_open);
	if (translit == NULL)
		return text;
	in = strlen(text);
	/* A sequence cut at the end becomes U+FFFD, a separator. */
	u_strFromUTF8WithSub(buf, SLUG_UCHARS, &n, text, (int32_t)(in <
	    SLUG_IN_BYTES ? in : SLUG_IN_BYTES), 0xfffd, NULL, &st);
	if (U_FAILURE(st) || has_han(buf, n) ||
	    (t = utrans_clone(translit, &st)) == NULL)
		return text;
	limit = n;
	utrans_transUChars(t, buf, &n, SLUG_UCHARS, 0, &limit, &st);
	utrans_close(t);
	if (U_FAILURE(st))
		return text;
	out = arena_alloc(a, (size_t)n * 3 + 1);
	u_strToUTF8(out, n * 3 + 1, &len, buf, n, &st);
	return U_SUCCESS(st) ? out : text;
}

char *
text_slug(struct arena *a, const char *text, const char *fallback)
{
	char out[SLUG_MAX + 1];
	const unsigned char *p = (const unsigned char *)transliterate(a, text);
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

/* --- titles and tags ----------------------------------------------- */

char *
text_squeeze(struct arena *a, const char *in, size_t len)
{
	char *s = arena_alloc(a, len + 1);
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		char c = in[i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			if (n > 0 && s[n - 1] != ' ')
				s[n++] = ' ';
		} else
			s[n++] = c;
	}
	while (n > 0 && s[n - 1] == ' ')
		n--;
	s[n] = '\0';
	return s;
}

int
text_external_id_ok(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > TEXT_MAX_EXTERNAL_ID)
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' &&
		    s[i] != '_' && s[i] != '.' && s[i] != ':')
			return 0;
	return 1;
}

#define MAX_TAG_INPUTS	100

static void
add_error(json_t *errors, const char *fmt, unsigned n)
{
	char msg[200];

	snprintf(msg, sizeof(msg), fmt, n);
	json_array_append_new(errors, json_string(msg));
}

static int	title_visible(const char *);

void
text_title(struct arena *a, const char *in, char **out, json_t *errors)
{
	size_t len = in ? strlen(in) : 0, chars;
	char *s;

	*out = NULL;
	/* Far past the limit in any encoding: no need to look closer. */
	if (len > (size_t)cfg.max_title * 4 + 1024) {
		add_error(errors, "Title is too long (maximum is %u characters)",
		    cfg.max_title);
		return;
	}
	s = text_squeeze(a, in, len);
	if (*s == '\0') {
		json_array_append_new(errors,
		    json_string("Title can't be blank"));
		return;
	}
	if (!valid_text(s)) {
		json_array_append_new(errors, json_string("Title is invalid"));
		return;
	}
	/* Zero-width and other invisible characters alone are blank too. */
	if (!title_visible(s)) {
		json_array_append_new(errors,
		    json_string("Title can't be blank"));
		return;
	}
	chars = valid_utf8_chars(s);
	if (chars < cfg.min_title)
		add_error(errors, "Title is too short (minimum is %u characters)",
		    cfg.min_title);
	else if (chars > cfg.max_title)
		add_error(errors, "Title is too long (maximum is %u characters)",
		    cfg.max_title);
	else
		*out = s;
}

/* Lower case for ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic,
 * the scripts conference tags are written in; others stay as they are. */
static unsigned
tag_lower(unsigned cp)
{
	if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xc0 && cp <= 0xde &&
	    cp != 0xd7) || (cp >= 0x391 && cp <= 0x3ab && cp != 0x3a2) ||
	    (cp >= 0x410 && cp <= 0x42f))
		return cp + 0x20;
	if (cp >= 0x400 && cp <= 0x40f)
		return cp + 0x50;
	if (cp >= 0x100 && cp <= 0x17f && cp != 0x130 && cp != 0x138 &&
	    cp != 0x149 && cp != 0x178 && cp != 0x17f &&
	    ((cp < 0x139 || cp > 0x148) ? cp % 2 == 0 : cp % 2 == 1))
		return cp + 1;
	return cp;
}

static int
tag_space(unsigned cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
	    cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) ||
	    cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f ||
	    cp == 0x3000;
}

/* Whether s (valid UTF-8) has a character that is neither a space nor
 * invisible (zero-width, joiners, bidi controls, fillers, BOM). */
static int
title_visible(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;
	unsigned cp;

	while (*p != '\0' && (n = utf8_decode(p, &cp)) > 0) {
		if (!tag_space(cp) && cp != 0xad && cp != 0x34f &&
		    cp != 0x115f && cp != 0x1160 && cp != 0x180e &&
		    !(cp >= 0x200b && cp <= 0x200f) &&
		    !(cp >= 0x202a && cp <= 0x202e) &&
		    !(cp >= 0x2060 && cp <= 0x206f) && cp != 0x3164 &&
		    cp != 0xfeff && cp != 0xffa0)
			return 1;
		p += n;
	}
	return 0;
}

/* Letters and digits of any script, '-' and '_'; punctuation, symbols
 * and invisible characters are dropped, as Discourse's clean_tag does. */
static int
tag_char(unsigned cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') ||
		    cp == '-' || cp == '_';
	return !(cp < 0xc0 || cp == 0xd7 || cp == 0xf7 ||
	    (cp >= 0x2000 && cp <= 0x2bff) || (cp >= 0x2e00 && cp <= 0x2e7f) ||
	    (cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xd800 && cp <= 0xdfff) ||
	    (cp >= 0xe000 && cp <= 0xf8ff) || (cp >= 0xfe00 && cp <= 0xfe0f) ||
	    cp == 0xfeff || cp >= 0xfff0);
}

/*
 * One tag as Discourse cleans it: lower case, runs of spaces become one
 * '-', other punctuation goes, no '-' at either end.  Returns the arena
 * copy ("" when nothing is left) and its length in characters.
 */
char *
text_clean_tag(struct arena *a, const char *in, size_t len, size_t *chars)
{
	char *out = arena_alloc(a, len * 2 + 1);
	const unsigned char *p = (const unsigned char *)in;
	size_t i = 0, n = 0, k;
	unsigned cp;
	int dash = 0;

	*chars = 0;
	while (i < len) {
		if ((k = utf8_decode(p + i, &cp)) == 0) {
			i++;
			continue;
		}
		i += k;
		cp = tag_lower(cp);
		if (tag_space(cp) || cp == '-') {
			dash = n > 0;
			continue;
		}
		if (!tag_char(cp))
			continue;
		if (dash) {
			out[n++] = '-';
			(*chars)++;
		}
		dash = 0;
		n += utf8_encode(cp, out + n);
		(*chars)++;
	}
	out[n] = '\0';
	return out;
}

void
text_tags(struct arena *a, const char **in, size_t n, const char ***out,
    size_t *nout, json_t *errors)
{
	const char *s, *comma;
	size_t i, j, len, chars, cap = n * 2 + 1;
	char *tag;

	*nout = 0;
	*out = arena_calloc(a, cap, sizeof(**out));
	if (n > MAX_TAG_INPUTS) {
		add_error(errors, "You can only apply %u tags to a topic.",
		    cfg.max_tags_per_topic);
		return;
	}
	for (i = 0; i < n; i++) {
		/* "a,b" is two tags, as the tag chooser would send them. */
		for (s = in[i]; s != NULL; s = comma ? comma + 1 : NULL) {
			comma = strchr(s, ',');
			len = comma ? (size_t)(comma - s) : strlen(s);
			if (len > (size_t)cfg.max_tag_length * 4 + 64) {
				add_error(errors, "Tags must be at most %u "
				    "characters long.", cfg.max_tag_length);
				return;
			}
			tag = text_clean_tag(a, s, len, &chars);
			if (*tag == '\0')
				continue;
			if (chars > cfg.max_tag_length) {
				add_error(errors, "Tags must be at most %u "
				    "characters long.", cfg.max_tag_length);
				return;
			}
			for (j = 0; j < *nout; j++)
				if (strcmp((*out)[j], tag) == 0)
					break;
			if (j == *nout && *nout < cap)
				(*out)[(*nout)++] = tag;
		}
	}
	if (*nout > cfg.max_tags_per_topic)
		add_error(errors, "You can only apply %u tags to a topic.",
		    cfg.max_tags_per_topic);
}

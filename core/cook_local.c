/*
 * What confab adds to the text of a post, as Discourse does: emoji
 * shortcodes (:tada:, with skin tones :wave:t3:), @mentions of users
 * that exist (looked up through the caller's function, at most
 * COOK_MAX_MENTIONS names a post), and [date]/[date-range] local dates,
 * written as <time> elements in UTC with lib/tz converting from the zone
 * the writer named (at most COOK_MAX_ZONES zones a post).  Anything that
 * does not parse stays as the text it was.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cook_int.h"
#include "emoji.h"
#include "escape.h"
#include "utf8.h"

/* Emoji */

struct emoji_key {
	const char	*s;
	size_t		 n;
};

static int
emoji_cmp(const void *key, const void *elt)
{
	const struct emoji_key *k = key;
	const struct cook_emoji *e = elt;
	int c = strncmp(k->s, e->name, k->n);

	if (c != 0)
		return c;
	return e->name[k->n] != '\0' ? -1 : 0;
}

static int
emoji_char(unsigned char c)
{
	return islower(c) || isdigit(c) || c == '_' || c == '+' || c == '-';
}

/*
 * Recognises :name: (and Discourse's skin tones, :name:t2: to :name:t6:) at
 * s[i], where s[i] is ':'.  A colon right after a letter or digit does not
 * start one, so times like 10:30:00 and URLs stay as they are.  Returns the
 * bytes consumed and sets *e and *tone (0, or 2..6), or returns 0.
 */
size_t
cook_emoji_match(const char *s, size_t n, size_t i,
    const struct cook_emoji **e, int *tone)
{
	struct emoji_key k;
	size_t j = i + 1;

	if (i > 0 && isalnum((unsigned char)s[i - 1]))
		return 0;
	while (j < n && j - i <= 64 && emoji_char((unsigned char)s[j]))
		j++;
	if (j == i + 1 || j >= n || s[j] != ':')
		return 0;
	k.s = s + i + 1;
	k.n = j - i - 1;
	*e = bsearch(&k, cook_emoji_table, COOK_EMOJI_COUNT,
	    sizeof(cook_emoji_table[0]), emoji_cmp);
	if (*e == NULL)
		return 0;
	*tone = 0;
	if ((*e)->tones && j + 3 < n && s[j + 1] == 't' &&
	    s[j + 2] >= '2' && s[j + 2] <= '6' && s[j + 3] == ':') {
		*tone = s[j + 2] - '0';
		return j + 4 - i;
	}
	return j + 1 - i;
}

/*
 * A toned emoji is its first code point, the modifier U+1F3FB..U+1F3FF,
 * then the rest without a U+FE0F right after the first code point; the
 * generator checked that this rule gives Unicode's sequences.
 */
void
cook_emoji_put(struct buf *b, const struct cook_emoji *e, int tone)
{
	const char *u = e->utf8;
	size_t first, len = strlen(u);
	unsigned cp;
	char mod[4] = { '\xf0', '\x9f', '\x8f', '\0' };

	if (tone == 0) {
		buf_append(b, u, len);
		return;
	}
	first = utf8_decode_n((const unsigned char *)u, len, &cp);
	if (first == 0)
		first = 1;
	buf_append(b, u, first);
	mod[3] = (char)(0xbb + tone - 2);
	buf_append(b, mod, 4);
	if (len - first >= 3 && memcmp(u + first, "\xef\xb8\x8f", 3) == 0)
		first += 3;
	buf_append(b, u + first, len - first);
}

/* ------------------------------------------------------------------ */
/* Mentions */

static int
word_char(unsigned char c)
{
	return isalnum(c) || c == '_';
}

static const char *
mention_lookup(struct render *r, const char *name, size_t n)
{
	struct mention *m;
	char out[64];
	size_t clen;
	int i;

	for (i = 0; i < r->nment; i++) {
		m = &r->ment[i];
		if (strlen(m->name) == n && memcmp(m->name, name, n) == 0)
			return m->found ? m->canon : NULL;
	}
	/* Each lookup may be a query: bound them per post. */
	if (r->nment == COOK_MAX_MENTIONS)
		return NULL;
	m = &r->ment[r->nment++];
	memcpy(m->name, name, n);
	m->name[n] = '\0';
	memset(out, 0, sizeof(out));
	m->found = r->opts->user_lookup(r->opts->ctx, m->name, n, out) == 1;
	out[sizeof(out) - 1] = '\0';
	clen = strnlen(out, COOK_MAX_USERNAME + 1);
	if (m->found && (clen == 0 || clen > COOK_MAX_USERNAME ||
	    !utf8_valid(out, clen)))
		m->found = 0;
	if (m->found)
		memcpy(m->canon, out, clen + 1);
	return m->found ? m->canon : NULL;
}

/*
 * @name at s[i]: Discourse's username characters (letters, digits, _ . -),
 * starting with a letter, digit or _, not ending in . or -, at most 60, and
 * not right after a word character (so user@example.org is no mention).
 * Writes the link and returns the bytes consumed, or returns 0.
 */
static size_t
mention_put(struct render *r, const char *s, size_t n, size_t i)
{
	size_t j = i + 1, end;
	const char *canon;

	if (r->opts->user_lookup == NULL ||
	    (i > 0 && word_char((unsigned char)s[i - 1])) ||
	    j >= n || !word_char((unsigned char)s[j]))
		return 0;
	/* Read the whole run (bounded), so a longer name is no mention. */
	while (j < n && j - i <= 2 * COOK_MAX_USERNAME &&
	    (word_char((unsigned char)s[j]) || s[j] == '.' || s[j] == '-'))
		j++;
	end = j;
	while (s[end - 1] == '.' || s[end - 1] == '-')
		end--;
	if (end - i - 1 > COOK_MAX_USERNAME ||
	    (canon = mention_lookup(r, s + i + 1, end - i - 1)) == NULL)
		return 0;
	buf_puts(&r->out, "<a class=\"mention\" href=\"/u/");
	escape_href(&r->out, canon, strlen(canon));
	buf_puts(&r->out, "\">@");
	escape_html(&r->out, canon, strlen(canon));
	buf_puts(&r->out, "</a>");
	return end - i;
}

/* ------------------------------------------------------------------ */
/* Local dates: [date=... time=... timezone=...], [date-range from= to=] */

struct date_tag {
	int		 range;
	const char	*date, *time, *from, *to, *tz;
	size_t		 date_n, time_n, from_n, to_n, tz_n;
};

struct ldate {
	int64_t	 y;
	int	 mo, d, h, mi, s;
	int	 has_time;
};

static int
digits(const char *s, size_t n, int *out)
{
	size_t i;
	int v = 0;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* HH:MM or HH:MM:SS */
static int
parse_time(const char *s, size_t n, struct ldate *ld)
{
	ld->s = 0;
	if ((n != 5 && n != 8) || s[2] != ':' || digits(s, 2, &ld->h) ||
	    digits(s + 3, 2, &ld->mi) ||
	    (n == 8 && (s[5] != ':' || digits(s + 6, 2, &ld->s))) ||
	    ld->h > 23 || ld->mi > 59 || ld->s > 59)
		return -1;
	ld->has_time = 1;
	return 0;
}

/* YYYY-MM-DD, optionally followed by T or a space and a time. */
static int
parse_date(const char *s, size_t n, struct ldate *ld)
{
	int y;

	ld->has_time = 0;
	if (n < 10 || s[4] != '-' || s[7] != '-' || digits(s, 4, &y) ||
	    digits(s + 5, 2, &ld->mo) || digits(s + 8, 2, &ld->d) ||
	    y < 1 || ld->mo < 1 || ld->mo > 12 || ld->d < 1 ||
	    ld->d > tz_days_in_month(y, ld->mo))
		return -1;
	ld->y = y;
	if (n == 10)
		return 0;
	if (s[10] != 'T' && s[10] != ' ')
		return -1;
	return parse_time(s + 11, n - 11, ld);
}

static void
date_attr(struct date_tag *t, const char *k, size_t kn, const char *v,
    size_t vn)
{
	if (kn == 4 && memcmp(k, "date", 4) == 0) {
		t->date = v;
		t->date_n = vn;
	} else if (kn == 4 && memcmp(k, "time", 4) == 0) {
		t->time = v;
		t->time_n = vn;
	} else if (kn == 4 && memcmp(k, "from", 4) == 0) {
		t->from = v;
		t->from_n = vn;
	} else if (kn == 2 && memcmp(k, "to", 2) == 0) {
		t->to = v;
		t->to_n = vn;
	} else if (kn == 8 && memcmp(k, "timezone", 8) == 0) {
		t->tz = v;
		t->tz_n = vn;
	}
	/* Discourse's other attributes (format, timezones, ...) are ignored. */
}

/* Parses the tag at s[0] == '['; returns its length or 0. */
static size_t
date_tag_parse(const char *s, size_t n, struct date_tag *t)
{
	size_t i = 1, ks, vs, lim;
	const char *q;

	lim = n < COOK_MAX_DATE_TAG ? n : COOK_MAX_DATE_TAG;
	memset(t, 0, sizeof(*t));
	if (lim > 11 && memcmp(s + 1, "date-range", 10) == 0 &&
	    (s[11] == ' ' || s[11] == ']')) {
		t->range = 1;
		i = 11;
	} else if (!(lim > 6 && memcmp(s + 1, "date=", 5) == 0))
		return 0;
	for (;;) {
		while (i < lim && s[i] == ' ')
			i++;
		if (i >= lim)
			return 0;
		if (s[i] == ']')
			break;
		for (ks = i; i < lim && (isalnum((unsigned char)s[i]) ||
		    s[i] == '_' || s[i] == '-'); i++)
			;
		if (i == ks || i >= lim || s[i] != '=')
			return 0;
		if (++i < lim && (s[i] == '"' || s[i] == '\'')) {
			vs = i + 1;
			q = memchr(s + vs, s[i], lim - vs);
			if (q == NULL)
				return 0;
			i = (size_t)(q - s) + 1;
			date_attr(t, s + ks, vs - 2 - ks, s + vs, i - 1 - vs);
		} else {
			for (vs = i; i < lim && s[i] != ' ' && s[i] != ']' &&
			    s[i] != '"' && s[i] != '\''; i++)
				;
			if (i == vs)
				return 0;
			date_attr(t, s + ks, vs - 1 - ks, s + vs, i - vs);
		}
	}
	return i + 1;
}

static const struct tz *
zone_get(struct render *r, const char *name, size_t n)
{
	struct post_zone *pz;
	int i;

	if (!tz_name_ok(name, n))
		return NULL;
	for (i = 0; i < r->nzones; i++) {
		pz = &r->zones[i];
		if (strlen(pz->name) == n && memcmp(pz->name, name, n) == 0)
			return pz->z;
	}
	if (r->nzones == COOK_MAX_ZONES)
		return NULL;
	pz = &r->zones[r->nzones++];
	memcpy(pz->name, name, n);
	pz->name[n] = '\0';
	pz->z = tz_open(name, n);
	return pz->z;
}

static void
time_put(struct buf *b, const struct ldate *ld, const struct tz *z)
{
	struct tz_civil c = { ld->y, ld->mo, ld->d, ld->h, ld->mi, ld->s };

	if (!ld->has_time) {
		/* A whole day has no one instant: keep the calendar date. */
		buf_printf(b, "<time datetime=\"%04lld-%02d-%02d\" "
		    "class=\"local-date\">%04lld-%02d-%02d</time>",
		    (long long)ld->y, ld->mo, ld->d,
		    (long long)ld->y, ld->mo, ld->d);
		return;
	}
	tz_civil_from_secs(tz_to_utc(z, tz_secs_from_civil(&c)), &c);
	buf_printf(b, "<time datetime=\"%04lld-%02d-%02dT%02d:%02d:%02dZ\" "
	    "class=\"local-date\">%04lld-%02d-%02d %02d:%02d",
	    (long long)c.y, c.mo, c.d, c.h, c.mi, c.s,
	    (long long)c.y, c.mo, c.d, c.h, c.mi);
	if (c.s != 0)
		buf_printf(b, ":%02d", c.s);
	buf_puts(b, " UTC</time>");
}

/*
 * A local date at s[i] == '['.  Writes the <time> element(s) and returns
 * the bytes consumed, or returns 0 (malformed, or an unknown zone) so the
 * text stays as it was.
 */
static size_t
date_put(struct render *r, const char *s, size_t n, size_t i)
{
	struct date_tag t;
	struct ldate a, b;
	const struct tz *z;
	size_t len;

	if ((len = date_tag_parse(s + i, n - i, &t)) == 0)
		return 0;
	if (t.range) {
		if (t.from == NULL || t.to == NULL ||
		    parse_date(t.from, t.from_n, &a) ||
		    parse_date(t.to, t.to_n, &b))
			return 0;
	} else {
		if (t.date == NULL || t.date_n != 10 ||
		    parse_date(t.date, t.date_n, &a) ||
		    (t.time != NULL && parse_time(t.time, t.time_n, &a)))
			return 0;
	}
	if ((z = t.tz ? zone_get(r, t.tz, t.tz_n) :
	    zone_get(r, "UTC", 3)) == NULL)
		return 0;
	if (!t.range) {
		time_put(&r->out, &a, z);
		return len;
	}
	buf_puts(&r->out, "<span class=\"local-date-range\">");
	time_put(&r->out, &a, z);
	buf_puts(&r->out, " \xe2\x80\x93 ");
	time_put(&r->out, &b, z);
	buf_puts(&r->out, "</span>");
	return len;
}

/* ------------------------------------------------------------------ */
/* Text */

/* Writes one text node (see cook_int.h). */
void
cook_text_put(struct render *r, const char *s, size_t n)
{
	const struct cook_emoji *e;
	size_t i = 0, run = 0, k;
	int tone, rich = !r->plain && !r->in_link;

	while (i < n) {
		k = 0;
		if (s[i] == ':' && !r->in_autolink &&
		    (k = cook_emoji_match(s, n, i, &e, &tone)) > 0) {
			escape_html(&r->out, s + run, i - run);
			cook_emoji_put(&r->out, e, tone);
		} else if (s[i] == '@' && rich) {
			escape_html(&r->out, s + run, i - run);
			k = mention_put(r, s, n, i);
		} else if (s[i] == '[' && rich) {
			escape_html(&r->out, s + run, i - run);
			k = date_put(r, s, n, i);
		} else {
			i++;
			continue;
		}
		if (k == 0) {
			/* Not one after all: the character stays text. */
			run = i;
			i++;
			continue;
		}
		i += k;
		run = i;
	}
	escape_html(&r->out, s + run, n - run);
}


/*
 * Markdown → safe HTML.  cmark-gfm parses (CommonMark plus the GFM table,
 * autolink, strikethrough and tagfilter extensions) and this file renders
 * the tree itself rather than with cmark's HTML renderer, so that one walk
 * decides every attribute that reaches a browser: links get rel="nofollow
 * ugc noopener" and lose any href that is not http, https, mailto or
 * relative; images keep only http, https or relative sources; raw HTML
 * becomes a comment; text gets emoji shortcodes, @mentions and Discourse's
 * [date]/[date-range] local dates; and the output stops growing at a cap.
 * Debian's cmark-gfm 0.29.0.gfm.6 predates the fixes for its quadratic
 * inputs, so before cmark does anything expensive, cheap scans of the input
 * bound what it will cost (see "Guards" below and docs/cooking.md); an input
 * over a bound is refused as COOK_TOO_COMPLEX instead of being slow.  Time
 * zones are lib/tz's, which reads the TZif files itself because TZ+tzset
 * is process-wide state and cook_post runs on many threads.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm-core-extensions.h>

#include "cook.h"
#include "emoji.h"
#include "escape.h"
#include "tz.h"
#include "utf8.h"
#include "util.h"

#define COOK_OPTIONS	(CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | \
			    CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE)

/* Structural bounds; docs/cooking.md explains each. */
#define COOK_MAX_DEPTH		32	/* block quotes + list items */
#define COOK_MAX_TABLE_COLS	64
#define COOK_MAX_TABLE_CELLS	20000	/* including cells cmark pads in */
#define COOK_MAX_MENTIONS	64	/* distinct names looked up per post */
#define COOK_MAX_ZONES		8	/* distinct time zones per post */
#define COOK_MAX_USERNAME	60
#define COOK_MAX_DATE_TAG	512	/* bytes of one [date ...] tag */
#define COOK_MAX_REF_COPY	(8 * 1024 * 1024) /* see reference_cost */

/*
 * The work budget, in 1/16 ns as measured on the development machine with
 * Debian's cmark-gfm: every cost model below estimates how long cmark would
 * spend on a family of quadratic inputs, and the sum must stay under about
 * 10 ms (real documents measured here use under 2% of it).  The W_* weights
 * are the measured cost of one unit of each model.
 */
#define COOK_BUDGET	(10ULL * 1000 * 1000 * 16)
#define W_PIPES		20	/* (pipes in a line)^2, when tables exist */
#define W_HEADER_CELL	1000	/* a cell of a paragraph re-read as a header */
#define W_HEADER_BYTE	8	/* a byte walked back over in that re-read */
#define W_CELL		2800	/* one table cell */
#define W_PI		6	/* bytes scanned for an unclosed "<?" */
#define W_CDATA		5	/* bytes scanned for an unclosed "<![CDATA[" */
#define W_BRACKET	20	/* "![" times "]" */
#define W_EMPH		4	/* pairs of different emphasis characters */
#define W_AUTOLINK	32	/* word bytes times www. :// mailto: xmpp: */
#define W_AT		6	/* word bytes times @ */
#define W_PAREN		4	/* word bytes times trailing ")" */
#define W_REF		10	/* reference definition bytes times "]" */

#define WHY_DEFAULT	"Body is too complex"
#define WHY_LONG	"Body is too complex: it is too long"
#define WHY_DEEP	"Body is too complex: blocks are nested too deeply " \
			    "(at most 32 levels)"
#define WHY_COLS	"Body is too complex: a table has too many columns " \
			    "(at most 64)"
#define WHY_CELLS	"Body is too complex: tables have too many cells"
#define WHY_WORK	"Body is too complex: too much repeated markup"
#define WHY_BIG		"Body is too complex: the formatted post would be " \
			    "too large"

static pthread_once_t		 cook_once = PTHREAD_ONCE_INIT;
/*
 * cmark-gfm 0.29 is not thread-safe while it parses inlines: every
 * cmark_parser_finish adds its extensions' special characters (':', 'w',
 * '@', '~', ...) to one process-wide table and removes them when done, so a
 * finish on one thread turns off autolinks and strikethrough under another
 * (seen here as bare URLs left unlinked).  Block parsing is per-parser, so
 * only finish is serialised; the guards keep it short.
 */
static pthread_mutex_t		 cook_inline_lock = PTHREAD_MUTEX_INITIALIZER;
static cmark_syntax_extension	*ext_table, *ext_autolink, *ext_strike,
				*ext_tagfilter, *ext_guard;
static cmark_node_type		 t_table, t_row, t_cell, t_strike;

static _Thread_local const char	*cook_why = WHY_DEFAULT;

/* ------------------------------------------------------------------ */
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
static size_t
emoji_match(const char *s, size_t n, size_t i, const struct cook_emoji **e,
    int *tone)
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
static void
emoji_put(struct buf *b, const struct cook_emoji *e, int tone)
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
/* Rendering state */

struct mention {
	char	 name[COOK_MAX_USERNAME + 1];
	char	 canon[COOK_MAX_USERNAME + 1];
	int	 found;
};

/* A zone named in the post: z is NULL when there is no such zone. */
struct post_zone {
	char		 name[TZ_MAX_NAME + 1];
	struct tz	*z;
};

struct render {
	struct buf		 out;
	size_t			 max;
	const struct cook_opts	*opts;
	int			 plain;		/* inside image alt text */
	int			 in_link;
	int			 in_autolink;
	const uint8_t		*align;		/* current table */
	uint16_t		 ncols;
	uint16_t		 col;
	int			 header_row;
	int			 tbody;
	struct mention		 ment[COOK_MAX_MENTIONS];
	int			 nment;
	struct post_zone	 zones[COOK_MAX_ZONES];
	int			 nzones;
};

static void
cr(struct render *r)
{
	if (r->out.len > 0 && r->out.data[r->out.len - 1] != '\n')
		buf_putc(&r->out, '\n');
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

/*
 * One text node: HTML-escaped, with emoji everywhere except autolinks,
 * and mentions and local dates outside links and image descriptions.
 */
static void
text_put(struct render *r, const char *s, size_t n)
{
	const struct cook_emoji *e;
	size_t i = 0, run = 0, k;
	int tone, rich = !r->plain && !r->in_link;

	while (i < n) {
		k = 0;
		if (s[i] == ':' && !r->in_autolink &&
		    (k = emoji_match(s, n, i, &e, &tone)) > 0) {
			escape_html(&r->out, s + run, i - run);
			emoji_put(&r->out, e, tone);
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

/* ------------------------------------------------------------------ */
/* URLs */

static int
scheme_is(const char *s, size_t n, const char *want)
{
	size_t i;

	if (strlen(want) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (tolower((unsigned char)s[i]) != want[i])
			return 0;
	return 1;
}

/*
 * Whether a link (or, with image set, an image source) may keep its URL:
 * relative URLs, http and https, and mailto for links.  The scheme is read
 * as a browser would, ignoring the tabs and newlines it strips and the
 * spaces and controls it trims, so "java\tscript:" is seen as javascript.
 */
static int
url_allowed(const char *url, int image)
{
	char scheme[8];
	size_t n = 0, i = 0;
	unsigned char c;

	while (url[i] != '\0' && (unsigned char)url[i] <= 0x20)
		i++;
	for (; (c = (unsigned char)url[i]) != '\0'; i++) {
		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == ':')
			break;
		if (!(isalpha(c) || (n > 0 && (isdigit(c) || c == '+' ||
		    c == '-' || c == '.'))))
			return 1;	/* no scheme: relative */
		/* Keep reading a long one: "querystring.html" is relative. */
		if (n < sizeof(scheme))
			scheme[n] = (char)c;
		n++;
	}
	if (c != ':')
		return 1;
	if (n == 0 || n > sizeof(scheme))
		return 0;	/* none of the allowed schemes is that long */
	return scheme_is(scheme, n, "http") || scheme_is(scheme, n, "https") ||
	    (!image && scheme_is(scheme, n, "mailto"));
}

/* A link whose only text is its own URL, as the autolinker makes them. */
static int
is_autolink(cmark_node *link)
{
	cmark_node *c = cmark_node_first_child(link);
	const char *url = cmark_node_get_url(link), *text;
	size_t ul, tl;

	if (c == NULL || cmark_node_next(c) != NULL ||
	    cmark_node_get_type(c) != CMARK_NODE_TEXT || url == NULL)
		return 0;
	if ((text = cmark_node_get_literal(c)) == NULL)
		return 0;
	ul = strlen(url);
	tl = strlen(text);
	return tl > 0 && tl <= ul && strcmp(url + ul - tl, text) == 0;
}

/* ------------------------------------------------------------------ */
/* The renderer */

static void
render_link(struct render *r, cmark_node *n, int entering)
{
	const char *url = cmark_node_get_url(n);
	const char *title = cmark_node_get_title(n);

	if (!entering) {
		r->in_link--;
		if (r->in_autolink > 0)
			r->in_autolink--;
		if (!r->plain)
			buf_puts(&r->out, "</a>");
		return;
	}
	r->in_link++;
	if (r->in_autolink > 0 || is_autolink(n))
		r->in_autolink++;
	if (r->plain)
		return;
	buf_puts(&r->out, "<a");
	if (url != NULL && url_allowed(url, 0)) {
		buf_puts(&r->out, " href=\"");
		escape_href(&r->out, url, strlen(url));
		buf_putc(&r->out, '"');
	}
	if (title != NULL && *title != '\0') {
		buf_puts(&r->out, " title=\"");
		escape_html(&r->out, title, strlen(title));
		buf_putc(&r->out, '"');
	}
	buf_puts(&r->out, " rel=\"nofollow ugc noopener\">");
}

/*
 * An image with an allowed source becomes <img> whose alt is the plain
 * text of its description; any other image is just that text.
 */
static void
render_image(struct render *r, cmark_node *n, int entering)
{
	const char *url = cmark_node_get_url(n);
	const char *title = cmark_node_get_title(n);
	int tag = url != NULL && *url != '\0' && url_allowed(url, 1);

	if (entering) {
		if (r->plain++ == 0 && tag) {
			buf_puts(&r->out, "<img src=\"");
			escape_href(&r->out, url, strlen(url));
			buf_puts(&r->out, "\" alt=\"");
		}
		return;
	}
	if (--r->plain != 0 || !tag)
		return;
	buf_putc(&r->out, '"');
	if (title != NULL && *title != '\0') {
		buf_puts(&r->out, " title=\"");
		escape_html(&r->out, title, strlen(title));
		buf_putc(&r->out, '"');
	}
	buf_puts(&r->out, " loading=\"lazy\">");
}

static void
render_code_block(struct render *r, cmark_node *n)
{
	const char *info = cmark_node_get_fence_info(n);
	const char *lit = cmark_node_get_literal(n);
	size_t k = 0;

	cr(r);
	if (info != NULL)
		k = strcspn(info, " \t\r\n");
	if (k > 0) {
		/* Discourse's class for a fenced block's language. */
		buf_puts(&r->out, "<pre><code class=\"lang-");
		escape_html(&r->out, info, k);
		buf_puts(&r->out, "\">");
	} else
		buf_puts(&r->out, "<pre><code>");
	if (lit != NULL)
		escape_html(&r->out, lit, strlen(lit));
	buf_puts(&r->out, "</code></pre>\n");
}

static int
tight_paragraph(cmark_node *n)
{
	cmark_node *item = cmark_node_parent(n), *list;

	if (item == NULL || cmark_node_get_type(item) != CMARK_NODE_ITEM)
		return 0;
	list = cmark_node_parent(item);
	return list != NULL && cmark_node_get_list_tight(list);
}

static void
render_table(struct render *r, cmark_node *n, cmark_node_type t,
    int entering)
{
	static const char *align[] = { "", " align=\"left\"",
	    " align=\"center\"", " align=\"right\"" };
	const char *tag;
	int a = 0;

	if (t == t_table) {
		if (entering) {
			cr(r);
			buf_puts(&r->out, "<table>\n");
			r->ncols = cmark_gfm_extensions_get_table_columns(n);
			r->align = cmark_gfm_extensions_get_table_alignments(n);
			r->tbody = 0;
		} else {
			if (r->tbody)
				buf_puts(&r->out, "</tbody>\n");
			buf_puts(&r->out, "</table>\n");
			r->align = NULL;
			r->ncols = 0;
		}
	} else if (t == t_row) {
		if (entering) {
			r->header_row =
			    cmark_gfm_extensions_get_table_row_is_header(n);
			r->col = 0;
			if (r->header_row)
				buf_puts(&r->out, "<thead>\n");
			else if (!r->tbody) {
				buf_puts(&r->out, "<tbody>\n");
				r->tbody = 1;
			}
			buf_puts(&r->out, "<tr>\n");
		} else {
			buf_puts(&r->out, "</tr>\n");
			if (r->header_row)
				buf_puts(&r->out, "</thead>\n");
		}
	} else {
		tag = r->header_row ? "th" : "td";
		if (!entering) {
			buf_printf(&r->out, "</%s>\n", tag);
			r->col++;
			return;
		}
		if (r->align != NULL && r->col < r->ncols) {
			switch (r->align[r->col]) {
			case 'l':
				a = 1;
				break;
			case 'c':
				a = 2;
				break;
			case 'r':
				a = 3;
				break;
			}
		}
		buf_printf(&r->out, "<%s%s>", tag, align[a]);
	}
}

static void
render_node(struct render *r, cmark_node *n, int entering)
{
	cmark_node_type t = cmark_node_get_type(n);
	const char *lit;
	int tight;

	/* Inside an image description only the words count. */
	if (r->plain && t != CMARK_NODE_TEXT && t != CMARK_NODE_CODE &&
	    t != CMARK_NODE_SOFTBREAK && t != CMARK_NODE_LINEBREAK &&
	    t != CMARK_NODE_IMAGE && t != CMARK_NODE_LINK)
		return;
	switch (t) {
	case CMARK_NODE_BLOCK_QUOTE:
		cr(r);
		buf_puts(&r->out, entering ? "<blockquote>\n" :
		    "</blockquote>\n");
		return;
	case CMARK_NODE_LIST:
		cr(r);
		if (cmark_node_get_list_type(n) == CMARK_ORDERED_LIST) {
			if (!entering)
				buf_puts(&r->out, "</ol>\n");
			else if (cmark_node_get_list_start(n) != 1)
				buf_printf(&r->out, "<ol start=\"%d\">\n",
				    cmark_node_get_list_start(n));
			else
				buf_puts(&r->out, "<ol>\n");
		} else
			buf_puts(&r->out, entering ? "<ul>\n" : "</ul>\n");
		return;
	case CMARK_NODE_ITEM:
		if (entering) {
			cr(r);
			buf_puts(&r->out, "<li>");
		} else
			buf_puts(&r->out, "</li>\n");
		return;
	case CMARK_NODE_HEADING:
		if (entering) {
			cr(r);
			buf_printf(&r->out, "<h%d>",
			    cmark_node_get_heading_level(n));
		} else
			buf_printf(&r->out, "</h%d>\n",
			    cmark_node_get_heading_level(n));
		return;
	case CMARK_NODE_CODE_BLOCK:
		render_code_block(r, n);
		return;
	case CMARK_NODE_HTML_BLOCK:
		cr(r);
		buf_puts(&r->out, "<!-- raw HTML omitted -->\n");
		return;
	case CMARK_NODE_PARAGRAPH:
		tight = tight_paragraph(n);
		if (tight)
			return;
		if (entering) {
			cr(r);
			buf_puts(&r->out, "<p>");
		} else
			buf_puts(&r->out, "</p>\n");
		return;
	case CMARK_NODE_THEMATIC_BREAK:
		cr(r);
		buf_puts(&r->out, "<hr>\n");
		return;
	case CMARK_NODE_TEXT:
		lit = cmark_node_get_literal(n);
		if (lit != NULL)
			text_put(r, lit, strlen(lit));
		return;
	case CMARK_NODE_SOFTBREAK:
		buf_putc(&r->out, r->plain ? ' ' : '\n');
		return;
	case CMARK_NODE_LINEBREAK:
		buf_puts(&r->out, r->plain ? " " : "<br>\n");
		return;
	case CMARK_NODE_CODE:
		lit = cmark_node_get_literal(n);
		if (!r->plain)
			buf_puts(&r->out, "<code>");
		if (lit != NULL)
			escape_html(&r->out, lit, strlen(lit));
		if (!r->plain)
			buf_puts(&r->out, "</code>");
		return;
	case CMARK_NODE_HTML_INLINE:
		buf_puts(&r->out, "<!-- raw HTML omitted -->");
		return;
	case CMARK_NODE_EMPH:
		buf_puts(&r->out, entering ? "<em>" : "</em>");
		return;
	case CMARK_NODE_STRONG:
		buf_puts(&r->out, entering ? "<strong>" : "</strong>");
		return;
	case CMARK_NODE_LINK:
		render_link(r, n, entering);
		return;
	case CMARK_NODE_IMAGE:
		render_image(r, n, entering);
		return;
	default:
		break;
	}
	if (t == t_strike)
		buf_puts(&r->out, entering ? "<del>" : "</del>");
	else if (t == t_table || t == t_row || t == t_cell)
		render_table(r, n, t, entering);
	/* Anything else (the document, custom nodes): only its children. */
}

/* Walks the tree without recursion; -1 once the output passes r->max. */
static int
render(struct render *r, cmark_node *root)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	int rc = 0;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		render_node(r, cmark_iter_get_node(it),
		    ev == CMARK_EVENT_ENTER);
		if (r->out.len > r->max) {
			rc = -1;
			break;
		}
	}
	cmark_iter_free(it);
	return rc;
}

/* ------------------------------------------------------------------ */
/*
 * Guards.  cmark-gfm 0.29.0.gfm.6 has inputs whose cost grows with the
 * square (or worse) of their size.  Three kinds of check keep cook_post
 * fast without touching ordinary posts:
 *
 * 1. A scan of the raw lines (prescan): container markers opening on one
 *    line (16,000 "> " would nest 16,000 block quotes), and for tables,
 *    the columns of delimiter rows, the pipes of every line, the text a
 *    delimiter row makes cmark re-read, and the cells cmark pads in.
 * 2. A block-parser hook (guard_open_block), which cmark calls for every
 *    line whose content is not code: it measures the real nesting depth,
 *    and collects the lines that will be parsed as inlines.  Lines are fed
 *    one at a time so parsing stops at the first line that goes too deep.
 * 3. Cost models over the collected inline text (inline_cost), for the
 *    inline constructs whose scans restart: unclosed "<?" and CDATA, image
 *    openers against closing brackets, mismatched emphasis characters,
 *    autolink candidates that rescan the rest of their word, e-mail links
 *    that copy the rest of their paragraph, and long reference definitions
 *    copied into every use.
 * The output cap bounds what the rest can produce.
 */

struct guard {
	struct buf	 text;	/* the lines inline parsing will see */
	uint64_t	 cost;	/* estimated work, 1/16 ns */
	const char	*why;	/* set once a bound is passed */
	int		 line;	/* the last line collected */
};

static _Thread_local struct guard *guard_cur;

static void
cost_add(struct guard *g, uint64_t units, uint64_t weight)
{
	uint64_t c = units > UINT64_MAX / weight ? UINT64_MAX : units * weight;

	g->cost = g->cost > UINT64_MAX - c ? UINT64_MAX : g->cost + c;
}

static cmark_node *
guard_open_block(cmark_syntax_extension *ext, int indented,
    cmark_parser *parser, cmark_node *container, unsigned char *input,
    int len)
{
	struct guard *g = guard_cur;
	cmark_node_type t;
	cmark_node *n;
	int depth = 0, off;

	(void)ext;
	(void)indented;
	if (g == NULL || g->why != NULL)
		return NULL;
	for (n = container; n != NULL; n = cmark_node_parent(n)) {
		t = cmark_node_get_type(n);
		if ((t == CMARK_NODE_BLOCK_QUOTE || t == CMARK_NODE_ITEM) &&
		    ++depth > COOK_MAX_DEPTH) {
			g->why = WHY_DEEP;
			return NULL;
		}
	}
	/* Called again for a line once a table row has taken it: skip. */
	if (cmark_parser_get_line_number(parser) == g->line)
		return NULL;
	g->line = cmark_parser_get_line_number(parser);
	off = cmark_parser_get_first_nonspace(parser);
	if (off >= 0 && off < len) {
		buf_append(&g->text, input + off, (size_t)(len - off));
		if (input[len - 1] != '\n')
			buf_putc(&g->text, '\n');
	}
	return NULL;	/* never opens a block: the next extension may */
}

static int
hr_line(const char *s, size_t n)
{
	size_t i, count = 0;
	char c = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == ' ' || s[i] == '\t')
			continue;
		if ((s[i] != '-' && s[i] != '*' && s[i] != '_') ||
		    (c != 0 && s[i] != c))
			return 0;
		c = s[i];
		count++;
	}
	return count >= 3;
}

static size_t
list_marker(const char *s, size_t i, size_t n)
{
	size_t j = i;

	if (j < n && (s[j] == '-' || s[j] == '+' || s[j] == '*'))
		j++;
	else {
		while (j < n && j - i < 9 && isdigit((unsigned char)s[j]))
			j++;
		if (j == i || j >= n || (s[j] != '.' && s[j] != ')'))
			return 0;
		j++;
	}
	if (j < n && s[j] != ' ' && s[j] != '\t')
		return 0;
	return j - i;
}

/*
 * The container markers opening a line ("> - 1. " is three); *content is
 * set to where the line's own text starts.  A thematic break ("- - -") is
 * not a list.  Stops counting past COOK_MAX_DEPTH: that is already too many.
 */
static int
line_markers(const char *s, size_t n, size_t *content)
{
	size_t i = 0, m;
	int count = 0;

	for (;;) {
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i < n && s[i] == '>') {
			i++;
		} else if ((m = list_marker(s, i, n)) > 0 &&
		    !hr_line(s + i, n - i)) {
			i += m;
		} else
			break;
		if (++count > COOK_MAX_DEPTH)
			break;
	}
	*content = i;
	return count;
}

/*
 * What cmark-gfm's scan_table_start could take for a delimiter row: only
 * - | : and its spacechar ([ \t\v\f]), with at least one -.  Returns the
 * most columns it could have, or 0.  Thematic breaks and
 * setext underlines pass too: over-counting only costs a little budget.
 */
static int
delimiter_cells(const char *s, size_t n)
{
	size_t i;
	int cells = 0, dash = 0, pipes = 0;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '-':
			if (!dash)
				cells++;
			dash = 1;
			continue;
		case '|':
			pipes++;
			break;
		case ':':
		case ' ':
		case '\t':
		case '\v':
		case '\f':
			break;
		default:
			return 0;
		}
		dash = 0;
	}
	/* Columns are separated by pipes: "- - -" is one at most. */
	return cells < pipes + 1 ? cells : pipes + 1;
}

static void
prescan(struct guard *g, const char *raw, size_t len)
{
	uint64_t pipes_sq = 0, pipes_all = 0, header = 0, para = 0, cells = 0;
	uint64_t pipes;
	uint64_t since_pipe = 0, cols = 0, rows = 0;
	size_t p, q, n, i, content, k, last;
	int tables = 0, c;
	const char *s;

	for (p = 0; p < len; p = q) {
		for (q = p; q < len && raw[q] != '\n' && raw[q] != '\r'; q++)
			;
		s = raw + p;
		n = q - p;
		if (q < len && raw[q] == '\r' && q + 1 < len &&
		    raw[q + 1] == '\n')
			q++;
		if (q < len)
			q++;

		if (line_markers(s, n, &content) > COOK_MAX_DEPTH) {
			g->why = WHY_DEEP;
			return;
		}
		/* ATX headings skip the block hook: collect them here. */
		for (k = content; k < n && k - content < 7 && s[k] == '#'; k++)
			;
		if (k > content && k - content <= 6 &&
		    (k == n || s[k] == ' ' || s[k] == '\t')) {
			buf_append(&g->text, s + content, n - content);
			buf_putc(&g->text, '\n');
		}

		for (pipes = 0, last = n, i = 0; i < n; i++)
			if (s[i] == '|') {
				pipes++;
				last = i;
			}
		pipes_sq += pipes * pipes;
		pipes_all += pipes;
		for (i = 0; i < n && (s[i] == ' ' || s[i] == '\t' ||
		    s[i] == '>'); i++)
			;
		if (i == n) {
			/* A blank line ends tables and paragraphs. */
			cells += cols * rows;
			cols = rows = 0;
			para = since_pipe = 0;
			continue;
		}
		if ((c = delimiter_cells(s + i, n - i)) > 0) {
			if (c > COOK_MAX_TABLE_COLS) {
				g->why = WHY_COLS;
				return;
			}
			tables = 1;
			/* cmark re-reads the paragraph above as a header. */
			header += para;
			cells += cols * rows;
			cols = (uint64_t)c;
			rows = 2;
		} else if (cols > 0)
			rows++;
		/*
		 * What re-reading this line as a table row costs: a cell
		 * each side of each pipe, and a walk from the line's first
		 * cell back to the previous pipe, however many lines up.
		 */
		para += (pipes + 1) * W_HEADER_CELL +
		    (since_pipe + n) * W_HEADER_BYTE;
		since_pipe = last < n ? n - last : since_pipe + n + 1;
	}
	cells += cols * rows;
	if (!tables)
		return;
	if (cells > COOK_MAX_TABLE_CELLS) {
		g->why = WHY_CELLS;
		return;
	}
	/* Every pipe makes a cell when its line is parsed as a row. */
	cost_add(g, pipes_sq, W_PIPES);
	cost_add(g, pipes_all, W_HEADER_CELL);
	cost_add(g, header, 1);
	cost_add(g, cells, W_CELL);
}

/* cmark_isspace: note that \v is not one, so it does not end a word. */
static int
space_char(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Punctuation the autolinker strips from the end of a link. */
static int
trailing_punct(char c)
{
	switch (c) {
	case ')': case '?': case '!': case '.': case ',': case ':':
	case '*': case '_': case '~': case '\'': case '"': case ';':
		return 1;
	default:
		return 0;
	}
}

/*
 * Autolink candidates (www., ://, mailto:, xmpp:, @) each make the gfm.6
 * autolinker scan to the end of the whitespace-delimited word, and each
 * ")" in the trailing punctuation of a link (which ends at the word's end
 * or at a "<") makes it count the parentheses of the whole link again.
 */
static void
autolink_cost(struct guard *g, const char *s, size_t n)
{
	size_t i, j, start, trig, at, closers;
	int trailing;

	for (i = 0; i < n; ) {
		while (i < n && space_char((unsigned char)s[i]))
			i++;
		start = i;
		trig = at = 0;
		while (i < n && !space_char((unsigned char)s[i])) {
			/* E-mail candidates rescan only [A-Za-z0-9.@_-]. */
			if (s[i] == '@')
				at++;
			else if ((s[i] == ':' && i + 2 < n && s[i + 1] == '/' &&
			    s[i + 2] == '/') ||
			    (s[i] == 'w' && i + 3 < n &&
			    memcmp(s + i, "www.", 4) == 0) ||
			    (s[i] == ':' && i >= start + 6 &&
			    memcmp(s + i - 6, "mailto", 6) == 0) ||
			    (s[i] == ':' && i >= start + 4 &&
			    memcmp(s + i - 4, "xmpp", 4) == 0))
				trig++;
			i++;
		}
		if (trig == 0 && at == 0)
			continue;
		/* Backwards, so each trailing run is walked once. */
		closers = 0;
		trailing = 1;
		for (j = i; j-- > start; ) {
			if (s[j] == '<')
				trailing = 1;
			else if (trailing && trailing_punct(s[j]))
				closers += s[j] == ')';
			else
				trailing = 0;
		}
		cost_add(g, (uint64_t)(i - start) * trig, W_AUTOLINK);
		cost_add(g, (uint64_t)(i - start) * at, W_AT);
		cost_add(g, (uint64_t)(i - start) * closers, W_PAREN);
	}
}

/*
 * E-mail autolinks are found after inline parsing, in each text node: every
 * link splits the node and copies the rest of it, up to 1,000 times per
 * node (gfm.6 stops recursing there).  A paragraph bounds a text node; NULs
 * and bytes of invalid UTF-8 grow threefold into U+FFFD, so count every
 * non-ASCII byte as three.
 */
static void
email_cost(struct guard *g, const char *s, size_t n)
{
	size_t i;
	uint64_t bytes = 0, at = 0;

	for (i = 0; i <= n; i++) {
		if (i == n || (s[i] == '\n' && i + 1 < n && s[i + 1] == '\n')) {
			cost_add(g, (at < 1000 ? at : 1000) * bytes, W_AT);
			bytes = at = 0;
			continue;
		}
		bytes += (unsigned char)s[i] >= 0x80 || s[i] == '\0' ? 3 : 1;
		/* Only something@like-this becomes a link and copies. */
		if (s[i] == '@' && i > 0 && i + 1 < n &&
		    (isalnum((unsigned char)s[i - 1]) ||
		    (s[i - 1] != '\0' && strchr(".+-_", s[i - 1]) != NULL)) &&
		    isalnum((unsigned char)s[i + 1]))
			at++;
	}
}

/* Bytes scanned for each opener that looks for its terminator. */
static uint64_t
unclosed_cost(const char *s, size_t n, const char *open, const char *close)
{
	size_t ol = strlen(open), cl = strlen(close), i, next = n;
	uint64_t sum = 0;

	/* Walk backwards so the next terminator is always known. */
	for (i = n; i-- > 0; ) {
		if (i + cl <= n && memcmp(s + i, close, cl) == 0)
			next = i;
		if (i + ol <= n && memcmp(s + i, open, ol) == 0)
			sum += next - i;
	}
	return sum;
}

/*
 * Each use of a reference link copies its definition's URL and title, so
 * one long definition used thousands of times makes megabytes.  A
 * definition ends by the next blank line; every "]" may be a use.
 */
static uint64_t
reference_cost(const char *s, size_t n)
{
	size_t i, blank = n;
	uint64_t longest = 0, uses = 0;

	for (i = n; i-- > 0; ) {
		if (s[i] == '\n' && i + 1 < n && s[i + 1] == '\n')
			blank = i;
		if (s[i] == ']') {
			uses++;
			if (i + 1 < n && s[i + 1] == ':' && blank - i > longest)
				longest = blank - i;
		}
	}
	return longest * uses;
}

static void
inline_cost(struct guard *g)
{
	const char *s = g->text.data ? g->text.data : "";
	size_t n = g->text.len, i;
	uint64_t star = 0, under = 0, tilde = 0, img = 0, close = 0, refs;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '*':
			star++;
			break;
		case '_':
			under++;
			break;
		case '~':
			tilde++;
			break;
		case ']':
			close++;
			break;
		case '[':
			img += i > 0 && s[i - 1] == '!';
			break;
		}
	}
	cost_add(g, star * under + star * tilde + under * tilde, W_EMPH);
	cost_add(g, img * close, W_BRACKET);
	cost_add(g, unclosed_cost(s, n, "<?", "?>"), W_PI);
	cost_add(g, unclosed_cost(s, n, "<![CDATA[", "]]>"), W_CDATA);
	/* The copies are memory as well as time: bound them on their own. */
	if ((refs = reference_cost(s, n)) > COOK_MAX_REF_COPY)
		g->why = WHY_WORK;
	cost_add(g, refs, W_REF);
	autolink_cost(g, s, n);
	email_cost(g, s, n);
}

/* ------------------------------------------------------------------ */
/* Set-up */

static void
learn_node_types(void)
{
	static const char sample[] = "a|b\n-|-\nc|d\n\n~~e~~\n";
	cmark_parser *p = cmark_parser_new(COOK_OPTIONS);
	cmark_node *doc, *n;
	cmark_iter *it;
	const char *ts;

	cmark_parser_attach_syntax_extension(p, ext_table);
	cmark_parser_attach_syntax_extension(p, ext_strike);
	cmark_parser_feed(p, sample, sizeof(sample) - 1);
	doc = cmark_parser_finish(p);
	it = cmark_iter_new(doc);
	while (cmark_iter_next(it) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		ts = cmark_node_get_type_string(n);
		if (strcmp(ts, "table") == 0)
			t_table = cmark_node_get_type(n);
		else if (strcmp(ts, "table_header") == 0 ||
		    strcmp(ts, "table_row") == 0)
			t_row = cmark_node_get_type(n);
		else if (strcmp(ts, "table_cell") == 0)
			t_cell = cmark_node_get_type(n);
		else if (strcmp(ts, "strikethrough") == 0)
			t_strike = cmark_node_get_type(n);
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	cmark_parser_free(p);
}

static void
cook_init(void)
{
	cmark_gfm_core_extensions_ensure_registered();
	ext_table = cmark_find_syntax_extension("table");
	ext_autolink = cmark_find_syntax_extension("autolink");
	ext_strike = cmark_find_syntax_extension("strikethrough");
	ext_tagfilter = cmark_find_syntax_extension("tagfilter");
	if (ext_table == NULL || ext_autolink == NULL || ext_strike == NULL ||
	    ext_tagfilter == NULL) {
		fputs("confab: cmark-gfm extensions missing\n", stderr);
		abort();
	}
	ext_guard = cmark_syntax_extension_new("confab-guard");
	cmark_syntax_extension_set_open_block_func(ext_guard,
	    guard_open_block);
	learn_node_types();
	if (t_table == CMARK_NODE_NONE || t_row == CMARK_NODE_NONE ||
	    t_cell == CMARK_NODE_NONE || t_strike == CMARK_NODE_NONE) {
		fputs("confab: cmark-gfm table/strikethrough not found\n",
		    stderr);
		abort();
	}
}

/* ------------------------------------------------------------------ */
/* Public */

static int
too_complex(const char *why)
{
	cook_why = why;
	return COOK_TOO_COMPLEX;
}

/* Returns the static reason for this thread's last refusal. */
const char *
cook_error(void)
{
	return cook_why;
}

/*
 * Feeds raw to a parser line by line under the guards; returns the parsed
 * document (the caller frees it) or NULL with g->why set.
 */
static cmark_node *
parse(struct guard *g, const char *raw, size_t len)
{
	cmark_parser *p = cmark_parser_new(COOK_OPTIONS);
	cmark_node *doc = NULL;
	size_t at, end;

	/* The guard first: it must see each line before the table does. */
	cmark_parser_attach_syntax_extension(p, ext_guard);
	cmark_parser_attach_syntax_extension(p, ext_table);
	cmark_parser_attach_syntax_extension(p, ext_autolink);
	cmark_parser_attach_syntax_extension(p, ext_strike);
	cmark_parser_attach_syntax_extension(p, ext_tagfilter);
	guard_cur = g;
	for (at = 0; at < len && g->why == NULL; at = end) {
		for (end = at; end < len && raw[end] != '\n' &&
		    raw[end] != '\r'; end++)
			;
		if (end < len)
			end++;
		cmark_parser_feed(p, raw + at, end - at);
	}
	/* cmark holds back a last line without an end until it finishes;
	 * end it now so the hook sees it before the inline costs are added. */
	if (len > 0 && raw[len - 1] != '\n' && raw[len - 1] != '\r' &&
	    g->why == NULL)
		cmark_parser_feed(p, "\n", 1);
	guard_cur = NULL;
	if (g->why == NULL) {
		inline_cost(g);
		if (g->cost > COOK_BUDGET)
			g->why = WHY_WORK;
	}
	if (g->why == NULL) {
		pthread_mutex_lock(&cook_inline_lock);
		doc = cmark_parser_finish(p);
		pthread_mutex_unlock(&cook_inline_lock);
	}
	cmark_parser_free(p);
	return doc;
}

/*
 * Returns 0 with *html a malloc'd string the caller frees, or
 * COOK_TOO_COMPLEX with *html NULL (see cook.h).
 */
int
cook_post(const char *raw, size_t len, const struct cook_opts *opts,
    char **html)
{
	static const struct cook_opts defaults;
	struct guard g;
	struct render *r = NULL;
	cmark_node *doc = NULL;
	int i, rc = COOK_TOO_COMPLEX;

	*html = NULL;
	pthread_once(&cook_once, cook_init);
	if (raw == NULL)
		len = 0, raw = "";
	if (opts == NULL)
		opts = &defaults;
	if (len > COOK_MAX_RAW)
		return too_complex(WHY_LONG);

	memset(&g, 0, sizeof(g));
	prescan(&g, raw, len);
	if (g.why == NULL && g.cost > COOK_BUDGET)
		g.why = WHY_WORK;	/* tables: before cmark parses them */
	if (g.why == NULL)
		doc = parse(&g, raw, len);
	if (doc == NULL) {
		rc = too_complex(g.why ? g.why : WHY_DEFAULT);
		goto out;
	}
	/* The parser splits text at every special character; rejoin it so
	 * :shortcodes:, @names and [date] tags are seen whole. */
	cmark_consolidate_text_nodes(doc);

	r = xcalloc(1, sizeof(*r));
	r->opts = opts;
	r->max = opts->max_cooked ? opts->max_cooked : COOK_DEFAULT_MAX_COOKED;
	if (render(r, doc) != 0) {
		rc = too_complex(WHY_BIG);
		goto out;
	}
	*html = buf_detach(&r->out);
	rc = 0;
out:
	if (r != NULL) {
		for (i = 0; i < r->nzones; i++)
			tz_close(r->zones[i].z);
		buf_free(&r->out);
		free(r);
	}
	if (doc != NULL)
		cmark_node_free(doc);	/* unlike free(3), not NULL-safe */
	buf_free(&g.text);
	return rc;
}

static int
html_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

/* Returns a malloc'd plain-text excerpt the caller frees (see cook.h). */
char *
cook_excerpt(const char *cooked, size_t maxchars)
{
	static const struct {
		const char	*ent;
		char		 c;
	} ents[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
		{ "&quot;", '"' }, { "&#39;", '\'' }, { "&#x27;", '\'' },
	};
	struct buf b = { 0 };
	const char *p = cooked ? cooked : "", *gt;
	size_t i, chars = 0, cut = 0, k;
	int space = 0;
	char c;

	while (*p != '\0') {
		if (*p == '<') {
			/* Tags and comments go; a stray "<" ends the text. */
			if ((gt = strchr(p, '>')) == NULL)
				break;
			p = gt + 1;
			continue;
		}
		if (html_space((unsigned char)*p)) {
			space = 1;
			p++;
			continue;
		}
		c = *p;
		k = 1;
		if (c == '&') {
			for (i = 0; i < ARRAY_SIZE(ents); i++) {
				if (strncmp(p, ents[i].ent,
				    strlen(ents[i].ent)) == 0) {
					c = ents[i].c;
					k = strlen(ents[i].ent);
					break;
				}
			}
		}
		if (space && b.len > 0)
			buf_putc(&b, ' ');
		space = 0;
		buf_putc(&b, c);
		p += k;
	}
	if (b.data == NULL)
		return xstrdup("");
	/* Count characters by their first bytes; cut before the one
	 * past maxchars. */
	for (i = 0; i < b.len; i++) {
		if (((unsigned char)b.data[i] & 0xc0) == 0x80)
			continue;
		if (chars++ == maxchars) {
			cut = i;
			break;
		}
	}
	if (chars > maxchars) {
		while (cut > 0 && b.data[cut - 1] == ' ')
			cut--;
		b.len = cut;
		buf_puts(&b, "\xe2\x80\xa6");
	}
	return buf_detach(&b);
}

/* Returns a malloc'd escaped title the caller frees (see cook.h). */
char *
cook_fancy_title(const char *title)
{
	struct buf clean = { 0 }, b = { 0 };
	const struct cook_emoji *e;
	const char *s;
	size_t n, i, k;
	unsigned cp;
	int tone;

	if (title == NULL)
		title = "";
	/* First make it valid UTF-8, so what follows is always well formed. */
	n = strlen(title);
	for (i = 0; i < n; i += k) {
		k = utf8_decode_n((const unsigned char *)title + i, n - i,
		    &cp);
		if (k == 0) {
			buf_puts(&clean, "\xef\xbf\xbd");
			k = 1;
		} else
			buf_append(&clean, title + i, k);
	}
	s = clean.data ? clean.data : "";
	n = clean.len;
	for (i = 0; i < n; i++) {
		if (s[i] == ':' && (k = emoji_match(s, n, i, &e, &tone)) > 0) {
			emoji_put(&b, e, tone);
			i += k - 1;
		} else
			escape_html(&b, s + i, 1);
	}
	buf_free(&clean);
	return b.data ? buf_detach(&b) : xstrdup("");
}

/*
 * Markdown → safe HTML: the pipeline.  cook_post checks the length, runs
 * the guards' scan of the raw text (cook_guard.c), feeds cmark-gfm
 * (CommonMark plus the GFM table, autolink, strikethrough and tagfilter
 * extensions) one line at a time under the guards' block hook, adds the
 * guards' inline costs, lets cmark finish, and hands the tree to the
 * renderer (cook_render.c, with cook_local.c for emoji, mentions and
 * local dates).  Debian's cmark-gfm 0.29.0.gfm.6 predates the fixes for
 * its quadratic inputs, so an input over a bound is refused as
 * COOK_TOO_COMPLEX before cmark does anything expensive (docs/cooking.md).
 * Also here: the excerpt and fancy title helpers, which use the same
 * escaping and emoji.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm-core-extensions.h>

#include "cook.h"
#include "cook_int.h"
#include "escape.h"
#include "utf8.h"
#include "util.h"

#define COOK_OPTIONS	(CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | \
			    CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE)

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
cmark_node_type			 cook_t_table, cook_t_row, cook_t_cell,
				 cook_t_strike;

static _Thread_local const char	*cook_why = WHY_DEFAULT;

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
			cook_t_table = cmark_node_get_type(n);
		else if (strcmp(ts, "table_header") == 0 ||
		    strcmp(ts, "table_row") == 0)
			cook_t_row = cmark_node_get_type(n);
		else if (strcmp(ts, "table_cell") == 0)
			cook_t_cell = cmark_node_get_type(n);
		else if (strcmp(ts, "strikethrough") == 0)
			cook_t_strike = cmark_node_get_type(n);
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
	ext_guard = cook_guard_extension();
	learn_node_types();
	if (cook_t_table == CMARK_NODE_NONE || cook_t_row == CMARK_NODE_NONE ||
	    cook_t_cell == CMARK_NODE_NONE || cook_t_strike == CMARK_NODE_NONE) {
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
	cook_guard_begin(g);
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
	cook_guard_begin(NULL);
	if (g->why == NULL)
		cook_guard_inline(g);
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
	int rc = COOK_TOO_COMPLEX;

	*html = NULL;
	pthread_once(&cook_once, cook_init);
	if (raw == NULL)
		len = 0, raw = "";
	if (opts == NULL)
		opts = &defaults;
	if (len > COOK_MAX_RAW)
		return too_complex(WHY_LONG);

	memset(&g, 0, sizeof(g));
	cook_guard_prescan(&g, raw, len);
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
	if (cook_render(r, doc) != 0) {
		rc = too_complex(WHY_BIG);
		goto out;
	}
	*html = buf_detach(&r->out);
	rc = 0;
out:
	cook_render_free(r);
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
		if (s[i] == ':' && (k = cook_emoji_match(s, n, i, &e, &tone)) > 0) {
			cook_emoji_put(&b, e, tone);
			i += k - 1;
		} else
			escape_html(&b, s + i, 1);
	}
	buf_free(&clean);
	return b.data ? buf_detach(&b) : xstrdup("");
}


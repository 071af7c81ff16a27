/*
 * The renderer: one walk over cmark-gfm's tree that writes every tag and
 * attribute a browser will see, rather than cmark's HTML renderer, so
 * that nothing reaches the page unchecked.  Links get rel="nofollow ugc
 * noopener" and lose any href that is not http, https, mailto or
 * relative; images keep only http, https or relative sources and take
 * their description as plain alt text; raw HTML becomes a comment; text
 * goes to cook_local.c.  The walk stops once the output passes its cap.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "cook_int.h"
#include "escape.h"

static void
cr(struct render *r)
{
	if (r->out.len > 0 && r->out.data[r->out.len - 1] != '\n')
		buf_putc(&r->out, '\n');
}

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

	if (t == cook_t_table) {
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
	} else if (t == cook_t_row) {
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
			cook_text_put(r, lit, strlen(lit));
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
	if (t == cook_t_strike)
		buf_puts(&r->out, entering ? "<del>" : "</del>");
	else if (t == cook_t_table || t == cook_t_row || t == cook_t_cell)
		render_table(r, n, t, entering);
	/* Anything else (the document, custom nodes): only its children. */
}

/* Walks the tree without recursion (see cook_int.h). */
int
cook_render(struct render *r, cmark_node *root)
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

/* See cook_int.h. */
void
cook_render_free(struct render *r)
{
	int i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nzones; i++)
		tz_close(r->zones[i].z);
	buf_free(&r->out);
	free(r);
}

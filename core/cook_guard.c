/*
 * The guards of cooking.  cmark-gfm 0.29.0.gfm.6 has inputs whose cost
 * grows with the square (or worse) of their size.  Three kinds of check
 * keep cook_post fast without touching ordinary posts:
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
 * The output cap (cook.c) bounds what the rest can produce.
 */
#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>

#include "cook_int.h"

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

/* See cook_int.h. */
void
cook_guard_prescan(struct guard *g, const char *raw, size_t len)
{
	prescan(g, raw, len);
	if (g->why == NULL && g->cost > COOK_BUDGET)
		g->why = WHY_WORK;	/* tables: before cmark parses them */
}

/* See cook_int.h. */
cmark_syntax_extension *
cook_guard_extension(void)
{
	cmark_syntax_extension *ext;

	ext = cmark_syntax_extension_new("confab-guard");
	cmark_syntax_extension_set_open_block_func(ext, guard_open_block);
	return ext;
}

/* See cook_int.h. */
void
cook_guard_begin(struct guard *g)
{
	guard_cur = g;
}

/* See cook_int.h. */
void
cook_guard_inline(struct guard *g)
{
	inline_cost(g);
	if (g->cost > COOK_BUDGET)
		g->why = WHY_WORK;
}

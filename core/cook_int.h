/*
 * What the cooking files share, and nothing else includes: the bounds,
 * the refusal messages, the guard's and the renderer's state, and the
 * functions each file offers the others.  cook.c runs the pipeline
 * (bounds, parse, render), cook_guard.c estimates what cmark-gfm will
 * cost, cook_render.c walks the tree into HTML, cook_local.c writes what
 * confab adds to text (emoji, mentions, local dates).
 */
#ifndef CONFAB_COOK_INT_H
#define CONFAB_COOK_INT_H

#include <stddef.h>
#include <stdint.h>

#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>

#include "cook.h"
#include "tz.h"
#include "util.h"

/* Structural bounds; docs/cooking.md explains each. */
#define COOK_MAX_DEPTH		32	/* block quotes + list items */
#define COOK_MAX_TABLE_COLS	64
#define COOK_MAX_TABLE_CELLS	20000	/* including cells cmark pads in */
#define COOK_MAX_MENTIONS	64	/* distinct names looked up per post */
#define COOK_MAX_ZONES		8	/* distinct time zones per post */
#define COOK_MAX_USERNAME	60
#define COOK_MAX_DATE_TAG	512	/* bytes of one [date ...] tag */
#define COOK_MAX_REF_COPY	(8 * 1024 * 1024) /* see reference_cost */

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

/* The node types of the table and strikethrough extensions, learned once
 * by cook.c before any post is cooked. */
extern cmark_node_type	cook_t_table, cook_t_row, cook_t_cell, cook_t_strike;

/* ---- Guards (cook_guard.c) */

struct guard {
	struct buf	 text;	/* the lines inline parsing will see */
	uint64_t	 cost;	/* estimated work, 1/16 ns */
	const char	*why;	/* set once a bound is passed */
	int		 line;	/* the last line collected */
};

/*
 * Scans the raw input (len bytes) before cmark sees it: nesting on one
 * line and the costs of tables.  Sets g->why when a bound is passed or
 * the work budget is spent.
 */
void	cook_guard_prescan(struct guard *g, const char *raw, size_t len);
/*
 * A new syntax extension whose open-block hook measures nesting and
 * collects the lines for inline parsing into the guard passed to
 * cook_guard_begin.  Made once; the process keeps it.
 */
cmark_syntax_extension	*cook_guard_extension(void);
/* Makes g the guard of the parser this thread feeds; NULL: none. */
void	cook_guard_begin(struct guard *g);
/*
 * Adds the cost models of inline parsing over the collected lines; sets
 * g->why when a bound is passed or the work budget is spent.
 */
void	cook_guard_inline(struct guard *g);

/* ---- Rendering (cook_render.c, cook_local.c) */

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

/*
 * Writes the document root into r->out.  Returns 0, or -1 once the output
 * passes r->max (r->out then holds a cut-off part).
 */
int	cook_render(struct render *r, cmark_node *root);
/* Frees what r holds (its output and zones), then r itself; NULL is fine. */
void	cook_render_free(struct render *r);
/*
 * Writes one text node into r->out, HTML-escaped, with emoji everywhere
 * except autolinks, and mentions and local dates outside links and image
 * descriptions.
 */
void	cook_text_put(struct render *r, const char *s, size_t n);

struct cook_emoji;
/*
 * The emoji shortcode at s[i] == ':' (n bytes in all): returns the bytes
 * it takes and sets *e and *tone (0, or 2..6), or returns 0.
 */
size_t	cook_emoji_match(const char *s, size_t n, size_t i,
	    const struct cook_emoji **e, int *tone);
/* Appends emoji e, in skin tone tone (0: none), to b. */
void	cook_emoji_put(struct buf *b, const struct cook_emoji *e, int tone);

#endif

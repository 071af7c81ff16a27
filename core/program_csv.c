/*
 * Reading a conference program written as CSV (docs/conference.md) with
 * libcsv: a header row naming the columns, then one row a session; the
 * webinars are gathered from the rows that name them.  Pure, as the rest
 * of the parser.
 */
#include <string.h>
#include <strings.h>

#include <csv.h>

#include "program_impl.h"
#include "text.h"
#include "valid.h"

enum column {
	COL_EXTERNAL_ID, COL_WEBINAR, COL_WEBINAR_TITLE, COL_FORMAT,
	COL_LANGUAGE, COL_TITLE, COL_STARTS_AT, COL_ENDS_AT,
	COL_ACTION_AREAS, COL_PRESENTERS, COL_ROOM_URL, COL_ABSTRACT,
	COL_RECORDING_URL, COL__MAX
};

static const char *const column_names[COL__MAX] = {
	[COL_EXTERNAL_ID] = "external_id",
	[COL_WEBINAR] = "webinar",
	[COL_WEBINAR_TITLE] = "webinar_title",
	[COL_FORMAT] = "format",
	[COL_LANGUAGE] = "language",
	[COL_TITLE] = "title",
	[COL_STARTS_AT] = "starts_at",
	[COL_ENDS_AT] = "ends_at",
	[COL_ACTION_AREAS] = "action_areas",
	[COL_PRESENTERS] = "presenters",
	[COL_ROOM_URL] = "room_url",
	[COL_ABSTRACT] = "abstract",
	[COL_RECORDING_URL] = "recording_url",
};

struct csv_state {
	struct arena		*a;
	struct import_program	*p;
	char			*field[IMPORT_MAX_COLUMNS];
	size_t			 nfields;
	size_t			 row;		/* the row being read, from 1 */
	int			 col[IMPORT_MAX_COLUMNS]; /* header: column */
	size_t			 ncols;
	int			 have[COL__MAX];
	int			 stop;		/* too many rows: ignore the rest */
	int			 bad_header;
};

static void
csv_field(void *data, size_t len, void *ctx)
{
	struct csv_state *c = ctx;

	if (c->nfields < IMPORT_MAX_COLUMNS) {
		c->field[c->nfields] = memchr(data ? data : "", '\0', len) ?
		    NULL : arena_strndup(c->a, data ? data : "", len);
	}
	c->nfields++;
}

/* The cell of column k in the current row ("" when absent). */
static const char *
cell(struct csv_state *c, enum column k)
{
	size_t i;

	for (i = 0; i < c->ncols && i < c->nfields; i++)
		if (c->col[i] == (int)k)
			return c->field[i] ? c->field[i] : "";
	return "";
}

static void
csv_header(struct csv_state *c)
{
	size_t i;
	int k;

	c->ncols = c->nfields;
	if (c->nfields > IMPORT_MAX_COLUMNS) {
		import_errf(c->a, c->p, "row 1: at most %d columns",
		    IMPORT_MAX_COLUMNS);
		c->bad_header = 1;
		return;
	}
	for (i = 0; i < c->nfields; i++) {
		char *name = c->field[i] ? import_one_line(c->a,
		    c->field[i]) : NULL;

		/* A UTF-8 byte order mark before the first name. */
		if (i == 0 && name && strncmp(name, "\xef\xbb\xbf", 3) == 0)
			name += 3;
		c->col[i] = -1;
		for (k = 0; name && k < COL__MAX; k++)
			if (strcasecmp(name, column_names[k]) == 0)
				break;
		if (name == NULL || k == COL__MAX) {
			import_errf(c->a, c->p, "row 1: column %zu: unknown "
			    "column %s", i + 1, import_quoted(c->a,
			    name ? name : "?"));
			c->bad_header = 1;
		} else if (c->have[k]) {
			import_errf(c->a, c->p, "row 1: column %zu: %s appears "
			    "twice", i + 1, column_names[k]);
			c->bad_header = 1;
		} else {
			c->col[i] = k;
			c->have[k] = 1;
		}
	}
	for (k = 0; k < COL__MAX; k++)
		if (!c->have[k] && (k == COL_EXTERNAL_ID || k == COL_TITLE ||
		    k == COL_FORMAT)) {
			import_errf(c->a, c->p, "row 1: the %s column is "
			    "missing", column_names[k]);
			c->bad_header = 1;
		}
}

/* Adds or checks the webinar a row names. */
static void
csv_webinar(struct csv_state *c, struct import_session *s)
{
	struct import_program *p = c->p;
	const char *title = cell(c, COL_WEBINAR_TITLE);
	struct import_webinar *w = NULL;
	size_t i;

	for (i = 0; i < p->nwebinars; i++)
		if (strcmp(p->webinars[i].id, s->webinar) == 0)
			w = &p->webinars[i];
	if (w == NULL) {
		if (p->nwebinars == IMPORT_MAX_WEBINARS) {
			import_errf(c->a, p, "%s: webinar: at most %d webinars",
			    s->label, IMPORT_MAX_WEBINARS);
			return;
		}
		w = &p->webinars[p->nwebinars++];
		w->id = s->webinar;
		w->label = arena_printf(c->a, "row %zu", c->row);
		w->room_url = s->room_url;
		w->title = NULL;
	}
	if (*title != '\0') {
		char *t = import_text_field(c->a, p, s->label,
		    "webinar_title", title, IMPORT_MAX_TITLE, 0);

		if (t != NULL && w->title == NULL) {
			w->title = t;
			w->label = arena_printf(c->a, "row %zu", c->row);
		} else if (t != NULL && strcmp(t, w->title) != 0)
			import_errf(c->a, p, "%s: webinar_title: differs from "
			    "%s for webinar %s", s->label, w->label, w->id);
	}
	/* The webinar's room is its first row's; a row with another room
	 * has a room of its own. */
	if (s->room_url != NULL && w->room_url != NULL &&
	    strcmp(s->room_url, w->room_url) == 0)
		s->room_url = NULL;
	/* A webinar spans its sessions. */
	if (s->starts_at > 0 && (w->starts_at == 0 ||
	    s->starts_at < w->starts_at))
		w->starts_at = s->starts_at;
	if (s->ends_at > w->ends_at)
		w->ends_at = s->ends_at;
}

static void
csv_row(struct csv_state *c)
{
	struct arena *a = c->a;
	struct import_program *p = c->p;
	struct import_session *s;
	const char *ext, *v;
	char **items;
	size_t i, n;
	int bad = 0;

	if (c->nfields > IMPORT_MAX_COLUMNS || c->nfields != c->ncols) {
		import_errf(a, p, "row %zu: has %zu fields, the header has %zu",
		    c->row, c->nfields, c->ncols);
		return;
	}
	for (i = 0; i < c->nfields; i++)
		if (c->field[i] == NULL) {
			import_errf(a, p, "row %zu: column %zu: has a NUL "
			    "byte", c->row, i + 1);
			return;
		}
	if (p->nsessions == IMPORT_MAX_SESSIONS) {
		import_errf(a, p, "row %zu: too many rows (at most %d "
		    "sessions)", c->row, IMPORT_MAX_SESSIONS);
		c->stop = 1;
		return;
	}
	s = &p->sessions[p->nsessions++];
	ext = cell(c, COL_EXTERNAL_ID);
	s->label = arena_printf(a, "row %zu (%s)", c->row,
	    text_external_id_ok(ext) ? ext : "?");
	if (!text_external_id_ok(ext))
		import_errf(a, p, "%s: external_id: missing or invalid (1 to "
		    "%d of A-Z a-z 0-9 - _ . :)", s->label,
		    IMPORT_MAX_EXTERNAL_ID);
	else
		s->external_id = arena_strdup(a, ext);
	s->title = import_text_field(a, p, s->label, "title",
	    cell(c, COL_TITLE), IMPORT_MAX_TITLE, 1);
	s->format = arena_strdup(a, cell(c, COL_FORMAT));
	v = cell(c, COL_LANGUAGE);
	if (!import_language_ok(v))
		import_errf(a, p, "%s: language: invalid language tag %s "
		    "(want BCP 47, such as en or pt-BR)", s->label,
		    import_quoted(a, v));
	s->language = arena_strdup(a, v);
	s->starts_at = import_time_field(a, p, s->label, "starts_at",
	    cell(c, COL_STARTS_AT));
	s->ends_at = import_time_field(a, p, s->label, "ends_at",
	    cell(c, COL_ENDS_AT));
	s->themes = import_split_list(a, cell(c, COL_ACTION_AREAS),
	    IMPORT_MAX_THEMES, &s->nthemes);
	for (i = 0; i < s->nthemes; i++)
		if (import_one_line(a, s->themes[i]) == NULL)
			import_errf(a, p, "%s: action_areas: has invalid "
			    "characters", s->label);
	items = import_split_list(a, cell(c, COL_PRESENTERS),
	    IMPORT_MAX_PRESENTERS, &n);
	if (n > IMPORT_MAX_PRESENTERS)
		import_errf(a, p, "%s: presenters: at most %d per session",
		    s->label, IMPORT_MAX_PRESENTERS);
	else {
		s->presenters = arena_calloc(a, n + 1, sizeof(*s->presenters));
		for (i = 0; i < n; i++)
			if (import_parse_presenter(a, items[i],
			    &s->presenters[s->npresenters], p, s->label) == 0)
				import_check_presenter(a,
				    &s->presenters[s->npresenters++], p,
				    s->label);
	}
	v = cell(c, COL_ABSTRACT);
	if (!valid_text(v))
		import_errf(a, p, "%s: abstract: has invalid characters",
		    s->label);
	else if (valid_utf8_chars(v) > IMPORT_MAX_ABSTRACT)
		import_errf(a, p, "%s: abstract: is too long (maximum is %d "
		    "characters)", s->label, IMPORT_MAX_ABSTRACT);
	s->abstract = arena_strdup(a, v);
	s->room_url = import_url_field(a, p, s->label, "room_url",
	    cell(c, COL_ROOM_URL), &bad);
	if (c->have[COL_RECORDING_URL]) {
		s->has_recording = 1;
		s->recording_url = import_url_field(a, p, s->label,
		    "recording_url", cell(c, COL_RECORDING_URL), &bad);
	}
	v = cell(c, COL_WEBINAR);
	if (*v != '\0') {
		if (!text_external_id_ok(v)) {
			import_errf(a, p, "%s: webinar: invalid id %s",
			    s->label, import_quoted(a, v));
			return;
		}
		s->webinar = arena_strdup(a, v);
		csv_webinar(c, s);
	} else if (*cell(c, COL_WEBINAR_TITLE) != '\0')
		import_errf(a, p, "%s: webinar_title: given without a webinar "
		    "id", s->label);
}

static void
csv_end_row(int term, void *ctx)
{
	struct csv_state *c = ctx;

	(void)term;
	if (!c->stop) {
		if (c->row == 1)
			csv_header(c);
		else if (!c->bad_header)
			csv_row(c);
	}
	c->row++;
	c->nfields = 0;
}

int
import_parse_csv(struct arena *a, const char *data, size_t len,
    struct import_program *p)
{
	struct csv_state c = { .a = a, .p = p, .row = 1 };
	struct csv_parser parser;
	size_t i;

	if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI |
	    CSV_APPEND_NULL) != 0) {
		import_errf(a, p, "file: cannot start the CSV parser");
		return -1;
	}
	p->sessions = arena_calloc(a, IMPORT_MAX_SESSIONS + 1,
	    sizeof(*p->sessions));
	p->webinars = arena_calloc(a, IMPORT_MAX_WEBINARS + 1,
	    sizeof(*p->webinars));
	if (csv_parse(&parser, data, len, csv_field, csv_end_row, &c) != len ||
	    csv_fini(&parser, csv_field, csv_end_row, &c) != 0) {
		import_errf(a, p, "row %zu: malformed CSV (%s)", c.row,
		    csv_strerror(csv_error(&parser)));
		csv_free(&parser);
		return -1;
	}
	csv_free(&parser);
	if (c.row == 1)
		import_errf(a, p, "file: empty (want a header row and one row "
		    "a session)");
	for (i = 0; i < p->nwebinars; i++)
		if (p->webinars[i].title == NULL)
			import_errf(a, p, "%s: webinar: unknown webinar %s (no "
			    "row gives its webinar_title)",
			    p->webinars[i].label, p->webinars[i].id);
	return 0;
}


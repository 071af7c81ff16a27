/*
 * Parsing a conference program: import_parse, which picks the reader
 * (program_json.c or program_csv.c), and the checks they share: each
 * field (text, times, URLs, languages, presenters), each session on its
 * own, then what spans rows (unique ids, webinars named).
 *
 * Pure: import_parse reads only its bytes and writes only into its arena,
 * so the fuzz target can drive it.  A file is taken whole or not at all:
 * every problem is reported, each naming the row and the field.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "program_impl.h"
#include "text.h"
#include "valid.h"

#define MAX_TAGS_DEFAULT 5

/* --- errors -------------------------------------------------------- */

void
import_errf(struct arena *a, struct import_program *p, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	p->nerrors_total++;
	if (p->nerrors >= IMPORT_MAX_ERRORS)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (p->errors == NULL)
		p->errors = arena_calloc(a, IMPORT_MAX_ERRORS,
		    sizeof(*p->errors));
	p->errors[p->nerrors++] = arena_strdup(a, msg);
}

/*
 * A value quoted for an error message: at most 40 bytes (cut on a UTF-8
 * boundary), control characters as '?'.
 */
char *
import_quoted(struct arena *a, const char *s)
{
	size_t n = strlen(s), i, cut = n > 40 ? 40 : n;
	char *q;

	while (cut < n && cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
		cut--;
	q = arena_alloc(a, cut + 6);
	q[0] = '"';
	for (i = 0; i < cut; i++)
		q[i + 1] = (unsigned char)s[i] < 0x20 ? '?' : s[i];
	strcpy(q + cut + 1, cut < n ? "...\"" : "\"");
	return q;
}

/* --- field checks -------------------------------------------------- */

int
import_url_ok(const char *s)
{
	size_t i, n = strlen(s);

	if (n > IMPORT_MAX_URL || (strncmp(s, "https://", 8) != 0 &&
	    strncmp(s, "http://", 7) != 0))
		return 0;
	if (n <= (s[4] == 's' ? 8u : 7u))
		return 0;
	/* Printable ASCII only, and nothing that could end a Markdown link
	 * destination or an HTML attribute. */
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f ||
		    s[i] == '<' || s[i] == '>' || s[i] == '"' ||
		    s[i] == '\\' || s[i] == '`')
			return 0;
	return 1;
}

int
import_tz_ok(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > 64 || s[0] == '/' || s[n - 1] == '/')
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '/' && s[i + 1] == '/')
			return 0;
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' &&
		    s[i] != '+' && s[i] != '-' && s[i] != '/')
			return 0;
	}
	return strstr(s, "..") == NULL;
}

/* BCP 47, loosely: 2-8 letters, then -subtags of 1-8 letters or digits. */
int
import_language_ok(const char *s)
{
	size_t i = 0, run = 0, n = strlen(s);

	if (n == 0)
		return 1;
	if (n > 35)
		return 0;
	while (i < n && isalpha((unsigned char)s[i]))
		i++;
	if (i < 2 || i > 8)
		return 0;
	for (; i < n; i++) {
		if (s[i] == '-') {
			if (run == 0 && i > 0 && s[i - 1] == '-')
				return 0;
			if (i + 1 == n)
				return 0;
			run = 0;
			continue;
		}
		if (!isalnum((unsigned char)s[i]) || ++run > 8)
			return 0;
	}
	return 1;
}

/*
 * One line of text: white space runs become one space, trimmed.  NULL
 * when it has control characters or invalid UTF-8.
 */
char *
import_one_line(struct arena *a, const char *in)
{
	if (!valid_text(in))
		return NULL;
	return text_squeeze(a, in, strlen(in));
}

/*
 * A one-line text field: NULL after an error (blank when required, bad
 * characters, too long); "" for a blank optional field.
 */
char *
import_text_field(struct arena *a, struct import_program *p, const char *label,
    const char *field, const char *in, size_t max, int required)
{
	char *s;

	if (in == NULL)
		in = "";
	if (strlen(in) > max * 4 + 64 || (s = import_one_line(a, in)) == NULL) {
		import_errf(a, p, "%s: %s: %s", label, field,
		    strlen(in) > max * 4 + 64 ? "is too long" :
		    "has invalid characters");
		return NULL;
	}
	if (required && *s == '\0') {
		import_errf(a, p, "%s: %s: missing", label, field);
		return NULL;
	}
	if (valid_utf8_chars(s) > max) {
		import_errf(a, p, "%s: %s: is too long (maximum is %zu "
		    "characters)", label, field, max);
		return NULL;
	}
	return s;
}

/* A time: 0 for blank; -1 after an error. */
int64_t
import_time_field(struct arena *a, struct import_program *p, const char *label,
    const char *field, const char *in)
{
	int64_t t;

	if (in == NULL || *in == '\0')
		return 0;
	if (strlen(in) > 40 || strchr(in, 'T') == NULL ||
	    util_parse_iso8601(in, &t) != 0 || t <= 0) {
		import_errf(a, p, "%s: %s: invalid time %s (want ISO 8601 "
		    "such as 2026-10-05T13:00:00Z)", label, field,
		    import_quoted(a, in));
		return -1;
	}
	return t;
}

/* A URL: NULL for blank or after an error (*bad set).  The value is not
 * quoted back: a room URL is a secret. */
char *
import_url_field(struct arena *a, struct import_program *p, const char *label,
    const char *field, const char *in, int *bad)
{
	if (in == NULL || *in == '\0')
		return NULL;
	if (!import_url_ok(in)) {
		import_errf(a, p, "%s: %s: must be an http:// or https:// URL "
		    "without spaces (at most %d bytes)", label, field,
		    IMPORT_MAX_URL);
		*bad = 1;
		return NULL;
	}
	return arena_strdup(a, in);
}

/* --- sessions ------------------------------------------------------ */

/* Cleans s->themes into s->tags (distinct), checking their number. */
static void
clean_themes(struct arena *a, struct import_session *s,
    struct import_program *p)
{
	size_t i, j, chars, max = cfg.max_tags_per_topic ?
	    cfg.max_tags_per_topic : MAX_TAGS_DEFAULT;
	char *tag;

	s->tags = arena_calloc(a, s->nthemes + 1, sizeof(*s->tags));
	s->ntags = 0;
	for (i = 0; i < s->nthemes; i++) {
		tag = text_clean_tag(a, s->themes[i], strlen(s->themes[i]),
		    &chars);
		if (*tag == '\0' || chars > IMPORT_MAX_TAG) {
			import_errf(a, p, "%s: action_areas: %s cannot be a "
			    "tag", s->label, import_quoted(a, s->themes[i]));
			continue;
		}
		for (j = 0; j < s->ntags; j++)
			if (strcmp(s->tags[j], tag) == 0)
				break;
		if (j == s->ntags)
			s->tags[s->ntags++] = tag;
	}
	if (s->ntags > max)
		import_errf(a, p, "%s: action_areas: at most %zu per session",
		    s->label, max);
}

void
import_session_check(struct arena *a, struct import_session *s,
    int64_t webinar_starts, int64_t webinar_ends, struct import_program *p)
{
	if (s->format == NULL || (strcmp(s->format, "sync") != 0 &&
	    strcmp(s->format, "async") != 0))
		import_errf(a, p, "%s: format: must be sync or async",
		    s->label);
	/* A session's times are those of its webinar unless it has its
	 * own. */
	if (s->starts_at == 0 && s->ends_at == 0) {
		s->starts_at = webinar_starts;
		s->ends_at = webinar_ends;
	}
	if (s->starts_at < 0 || s->ends_at < 0)
		;	/* an invalid time, already reported */
	else if ((s->starts_at == 0) != (s->ends_at == 0))
		import_errf(a, p, "%s: %s: missing (give both times or "
		    "neither)", s->label, s->starts_at ? "ends_at" :
		    "starts_at");
	else if (s->starts_at != 0 && s->ends_at <= s->starts_at)
		import_errf(a, p, "%s: ends_at: end before start (ends_at "
		    "must be after starts_at)", s->label);
	else if (s->starts_at == 0 && s->format != NULL &&
	    strcmp(s->format, "sync") == 0)
		import_errf(a, p, "%s: starts_at: missing (a live session "
		    "needs its times, or a webinar that has them)", s->label);
	if (s->nthemes > IMPORT_MAX_THEMES)
		import_errf(a, p, "%s: action_areas: too many", s->label);
	else
		clean_themes(a, s, p);
}

/* Parses "Name (Affiliation)" with an optional "<email>" or "@username"
 * after it, as CSV cells write presenters. */
int
import_parse_presenter(struct arena *a, char *in, struct import_presenter *out,
    struct import_program *p, const char *label)
{
	char *s = import_one_line(a, in), *end, *open;
	size_t n;
	int depth = 0;

	memset(out, 0, sizeof(*out));
	out->affiliation = "";
	if (s == NULL) {
		import_errf(a, p, "%s: presenters: invalid characters", label);
		return -1;
	}
	n = strlen(s);
	if (n > 0 && s[n - 1] == '>' && (open = strrchr(s, '<')) != NULL) {
		s[n - 1] = '\0';
		out->email = arena_strdup(a, open + 1);
		*open = '\0';
		s = import_one_line(a, s);
	} else if ((open = strrchr(s, ' ')) != NULL && open[1] == '@') {
		out->username = arena_strdup(a, open + 2);
		*open = '\0';
		s = import_one_line(a, s);
	}
	n = strlen(s);
	if (n > 0 && s[n - 1] == ')') {
		for (end = s + n - 1; end > s; end--) {
			if (*end == ')')
				depth++;
			else if (*end == '(' && --depth == 0)
				break;
		}
		if (depth == 0 && end > s) {
			s[n - 1] = '\0';
			out->affiliation = import_one_line(a, end + 1);
			*end = '\0';
			s = import_one_line(a, s);
		}
	}
	out->name = s;
	return 0;
}

/* Checks one presenter's fields (lengths, username, email). */
void
import_check_presenter(struct arena *a, struct import_presenter *pr,
    struct import_program *p, const char *label)
{
	const char *msg;

	if (pr->name == NULL || *pr->name == '\0')
		import_errf(a, p, "%s: presenters: a presenter has no name",
		    label);
	else if (valid_utf8_chars(pr->name) > IMPORT_MAX_NAME)
		import_errf(a, p, "%s: presenters: name is too long (maximum "
		    "is %d characters)", label, IMPORT_MAX_NAME);
	if (pr->affiliation && valid_utf8_chars(pr->affiliation) >
	    IMPORT_MAX_AFFILIATION)
		import_errf(a, p, "%s: presenters: affiliation is too long "
		    "(maximum is %d characters)", label,
		    IMPORT_MAX_AFFILIATION);
	if (pr->username && *pr->username == '\0')
		pr->username = NULL;
	if (pr->email && *pr->email == '\0')
		pr->email = NULL;
	if (pr->username && (strlen(pr->username) > 60 ||
	    (msg = valid_username(pr->username)) != NULL))
		import_errf(a, p, "%s: presenters: invalid username %s", label,
		    import_quoted(a, pr->username));
	if (pr->email && (strlen(pr->email) > 254 ||
	    (msg = valid_email(pr->email)) != NULL))
		import_errf(a, p, "%s: presenters: invalid email %s", label,
		    import_quoted(a, pr->email));
}

/* Splits a CSV list cell on ';' into trimmed, non-empty items. */
char **
import_split_list(struct arena *a, const char *in, size_t max, size_t *n)
{
	char **out, *copy = arena_strdup(a, in ? in : ""), *item, *save;
	size_t cap = 8;

	*n = 0;
	out = arena_calloc(a, cap, sizeof(*out));
	for (item = strtok_r(copy, ";", &save); item != NULL;
	    item = strtok_r(NULL, ";", &save)) {
		char *t = import_one_line(a, item);

		if (t == NULL)
			t = item;	/* checked again by the caller */
		if (*t == '\0')
			continue;
		if (*n == max + 1)
			break;	/* one past the limit is enough to refuse */
		out = arena_grow(a, out, *n, &cap, sizeof(*out), 8);
		out[(*n)++] = t;
	}
	return out;
}


/* --- the whole program --------------------------------------------- */

static const struct import_webinar *
find_webinar(const struct import_program *p, const char *id)
{
	size_t i;

	for (i = 0; id != NULL && i < p->nwebinars; i++)
		if (p->webinars[i].id && strcmp(p->webinars[i].id, id) == 0)
			return &p->webinars[i];
	return NULL;
}

/* Checks what spans rows: unique ids, webinars named, times. */
static void
check_program(struct arena *a, struct import_program *p)
{
	const struct import_webinar *w;
	size_t i, j;

	for (i = 0; i < p->nwebinars; i++)
		for (j = 0; j < i; j++)
			if (p->webinars[i].id && p->webinars[j].id &&
			    strcmp(p->webinars[i].id, p->webinars[j].id) == 0)
				import_errf(a, p, "%s: id: %s is already used "
				    "by %s", p->webinars[i].label,
				    p->webinars[i].id, p->webinars[j].label);
	for (i = 0; i < p->nsessions; i++) {
		struct import_session *s = &p->sessions[i];

		for (j = 0; s->external_id && j < i; j++)
			if (p->sessions[j].external_id && strcmp(
			    p->sessions[j].external_id, s->external_id) == 0) {
				import_errf(a, p, "%s: external_id: %s is "
				    "already used by %s", s->label,
				    s->external_id, p->sessions[j].label);
				break;
			}
		w = find_webinar(p, s->webinar);
		if (s->webinar != NULL && w == NULL &&
		    p->format == IMPORT_JSON)
			import_errf(a, p, "%s: webinar: unknown webinar %s",
			    s->label, import_quoted(a, s->webinar));
		import_session_check(a, s, w ? w->starts_at : 0,
		    w ? w->ends_at : 0, p);
	}
	if (p->nsessions == 0 && p->nerrors_total == 0)
		import_errf(a, p, "file: no sessions");
}

int
import_parse(struct arena *a, const char *data, size_t len,
    enum import_format format, struct import_program **out)
{
	struct import_program *p = arena_calloc(a, 1, sizeof(*p));
	size_t i = 0;

	*out = p;
	if (len > IMPORT_MAX_BYTES) {
		import_errf(a, p, "file: too large (at most %d bytes)",
		    IMPORT_MAX_BYTES);
		return -1;
	}
	if (format == IMPORT_AUTO) {
		if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
			i = 3;
		while (i < len && isspace((unsigned char)data[i]))
			i++;
		format = i < len && data[i] == '{' ? IMPORT_JSON : IMPORT_CSV;
	}
	p->format = format;
	if ((format == IMPORT_JSON ? import_parse_json(a, data, len, p) :
	    import_parse_csv(a, data, len, p)) != 0)
		return -1;
	check_program(a, p);
	return p->nerrors_total == 0 ? 0 : -1;
}

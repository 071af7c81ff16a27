/*
 * The conference program: parse (JSON with jansson, CSV with libcsv),
 * check every row, generate each session's first post, and write the
 * sessions, idempotently on their external_id.  Shared by the command
 * `confab import-program`, the staff endpoint and the session endpoints.
 *
 * The parsing half is pure: import_parse reads only its bytes and writes
 * only into its arena, so the fuzz target can drive it.  A file is taken
 * whole or not at all: every problem is reported, each naming the row
 * and the field, and nothing is written when there is one.  The writing
 * half runs in one transaction; a dry run is the same transaction rolled
 * back, so what it reports is exactly what a real run would do.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <csv.h>

#include "categories.h"
#include "program.h"
#include "conference.h"
#include "config.h"
#include "cook.h"
#include "db.h"
#include "groups.h"
#include "log.h"
#include "posts.h"
#include "text.h"
#include "topics.h"
#include "users.h"
#include "valid.h"

#define EXCERPT_CHARS	300
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
static char *
quoted(struct arena *a, const char *s)
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

static int
ext_id_ok(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > IMPORT_MAX_EXTERNAL_ID)
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' &&
		    s[i] != '_' && s[i] != '.' && s[i] != ':')
			return 0;
	return 1;
}

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
static int
language_ok(const char *s)
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
static char *
one_line(struct arena *a, const char *in)
{
	size_t len = strlen(in), i, n = 0;
	char *s = arena_alloc(a, len + 1);

	if (!valid_text(in))
		return NULL;
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

/*
 * A one-line text field: NULL after an error (blank when required, bad
 * characters, too long); "" for a blank optional field.
 */
static char *
text_field(struct arena *a, struct import_program *p, const char *label,
    const char *field, const char *in, size_t max, int required)
{
	char *s;

	if (in == NULL)
		in = "";
	if (strlen(in) > max * 4 + 64 || (s = one_line(a, in)) == NULL) {
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
static int64_t
time_field(struct arena *a, struct import_program *p, const char *label,
    const char *field, const char *in)
{
	int64_t t;

	if (in == NULL || *in == '\0')
		return 0;
	if (strlen(in) > 40 || strchr(in, 'T') == NULL ||
	    util_parse_iso8601(in, &t) != 0 || t <= 0) {
		import_errf(a, p, "%s: %s: invalid time %s (want ISO 8601 "
		    "such as 2026-10-05T13:00:00Z)", label, field,
		    quoted(a, in));
		return -1;
	}
	return t;
}

/* A URL: NULL for blank or after an error (*bad set).  The value is not
 * quoted back: a room URL is a secret. */
static char *
url_field(struct arena *a, struct import_program *p, const char *label,
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
			    "tag", s->label, quoted(a, s->themes[i]));
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
static int
parse_presenter(struct arena *a, char *in, struct import_presenter *out,
    struct import_program *p, const char *label)
{
	char *s = one_line(a, in), *end, *open;
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
		s = one_line(a, s);
	} else if ((open = strrchr(s, ' ')) != NULL && open[1] == '@') {
		out->username = arena_strdup(a, open + 2);
		*open = '\0';
		s = one_line(a, s);
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
			out->affiliation = one_line(a, end + 1);
			*end = '\0';
			s = one_line(a, s);
		}
	}
	out->name = s;
	return 0;
}

/* Checks one presenter's fields (lengths, username, email). */
static void
check_presenter(struct arena *a, struct import_presenter *pr,
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
		    quoted(a, pr->username));
	if (pr->email && (strlen(pr->email) > 254 ||
	    (msg = valid_email(pr->email)) != NULL))
		import_errf(a, p, "%s: presenters: invalid email %s", label,
		    quoted(a, pr->email));
}

/* Splits a CSV list cell on ';' into trimmed, non-empty items. */
static char **
split_list(struct arena *a, const char *in, size_t max, size_t *n)
{
	char **out, *copy = arena_strdup(a, in ? in : ""), *item, *save;
	size_t cap = 8;

	*n = 0;
	out = arena_calloc(a, cap, sizeof(*out));
	for (item = strtok_r(copy, ";", &save); item != NULL;
	    item = strtok_r(NULL, ";", &save)) {
		char *t = one_line(a, item);

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

/* --- JSON ---------------------------------------------------------- */

/* A string member: its value, NULL when absent or null; *bad on a wrong
 * type. */
static const char *
jstr(struct arena *a, struct import_program *p, json_t *o, const char *key,
    const char *label, int *bad)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		import_errf(a, p, "%s: %s: must be a string", label, key);
		*bad = 1;
		return NULL;
	}
	if (strlen(json_string_value(v)) != json_string_length(v)) {
		import_errf(a, p, "%s: %s: has invalid characters", label,
		    key);
		*bad = 1;
		return NULL;
	}
	return json_string_value(v);
}

static void
json_presenters(struct arena *a, json_t *list, const char *label,
    struct import_session *s, struct import_program *p)
{
	size_t i;
	json_t *o;
	int bad = 0;

	if (!json_is_array(list)) {
		import_errf(a, p, "%s: presenters: must be a list", label);
		return;
	}
	if (json_array_size(list) > IMPORT_MAX_PRESENTERS) {
		import_errf(a, p, "%s: presenters: at most %d per session",
		    label, IMPORT_MAX_PRESENTERS);
		return;
	}
	s->npresenters = 0;
	s->presenters = arena_calloc(a, json_array_size(list) + 1,
	    sizeof(*s->presenters));
	json_array_foreach(list, i, o) {
		struct import_presenter *pr = &s->presenters[s->npresenters];
		const char *v;

		/* "Name (Affiliation) @username" as in a CSV cell. */
		if (json_is_string(o) && strlen(json_string_value(o)) ==
		    json_string_length(o)) {
			if (parse_presenter(a, arena_strdup(a,
			    json_string_value(o)), pr, p, label) == 0) {
				check_presenter(a, pr, p, label);
				s->npresenters++;
			}
			continue;
		}
		if (!json_is_object(o)) {
			import_errf(a, p, "%s: presenters: each must be an "
			    "object with a name, or \"Name (Affiliation)\"",
			    label);
			continue;
		}
		v = jstr(a, p, o, "name", label, &bad);
		pr->name = v ? one_line(a, v) : NULL;
		v = jstr(a, p, o, "affiliation", label, &bad);
		pr->affiliation = v ? one_line(a, v) : "";
		if (pr->affiliation == NULL)
			pr->affiliation = "";
		v = jstr(a, p, o, "username", label, &bad);
		pr->username = v ? arena_strdup(a, v) : NULL;
		v = jstr(a, p, o, "email", label, &bad);
		pr->email = v ? arena_strdup(a, v) : NULL;
		check_presenter(a, pr, p, label);
		s->npresenters++;
	}
}

void
import_session_json(struct arena *a, json_t *o, const char *label,
    struct import_session *s, struct import_program *p)
{
	const char *v;
	json_t *list, *item;
	size_t i;
	int bad = 0;

	if (json_object_get(o, "external_id") != NULL) {
		v = jstr(a, p, o, "external_id", label, &bad);
		if (v == NULL || !ext_id_ok(v)) {
			if (!bad)
				import_errf(a, p, "%s: external_id: missing or "
				    "invalid (1 to %d of A-Z a-z 0-9 - _ . :)",
				    label, IMPORT_MAX_EXTERNAL_ID);
		} else
			s->external_id = arena_strdup(a, v);
	}
	if (json_object_get(o, "title") != NULL) {
		v = jstr(a, p, o, "title", label, &bad);
		s->title = text_field(a, p, label, "title", v,
		    IMPORT_MAX_TITLE, 1);
	}
	if (json_object_get(o, "webinar") != NULL) {
		v = jstr(a, p, o, "webinar", label, &bad);
		s->webinar = v && *v ? arena_strdup(a, v) : NULL;
	}
	if (json_object_get(o, "format") != NULL) {
		v = jstr(a, p, o, "format", label, &bad);
		s->format = v ? arena_strdup(a, v) : NULL;
	}
	if (json_object_get(o, "language") != NULL) {
		v = jstr(a, p, o, "language", label, &bad);
		if (v != NULL && !language_ok(v))
			import_errf(a, p, "%s: language: invalid language tag "
			    "%s (want BCP 47, such as en or pt-BR)", label,
			    quoted(a, v));
		else
			s->language = arena_strdup(a, v ? v : "");
	}
	if (json_object_get(o, "starts_at") != NULL ||
	    json_object_get(o, "ends_at") != NULL) {
		s->starts_at = time_field(a, p, label, "starts_at",
		    jstr(a, p, o, "starts_at", label, &bad));
		s->ends_at = time_field(a, p, label, "ends_at",
		    jstr(a, p, o, "ends_at", label, &bad));
	}
	if ((list = json_object_get(o, "action_areas")) != NULL) {
		if (!json_is_array(list) || json_array_size(list) >
		    IMPORT_MAX_THEMES) {
			import_errf(a, p, "%s: action_areas: must be a list of "
			    "at most %d names", label, IMPORT_MAX_THEMES);
		} else {
			s->nthemes = 0;
			s->themes = arena_calloc(a, json_array_size(list) + 1,
			    sizeof(*s->themes));
			json_array_foreach(list, i, item) {
				char *t = json_is_string(item) ?
				    text_field(a, p, label, "action_areas",
				    json_string_value(item), IMPORT_MAX_TAG, 1) :
				    NULL;

				if (!json_is_string(item))
					import_errf(a, p, "%s: action_areas: "
					    "must be names", label);
				else if (t != NULL)
					s->themes[s->nthemes++] = t;
			}
		}
	}
	if ((list = json_object_get(o, "presenters")) != NULL)
		json_presenters(a, list, label, s, p);
	if (json_object_get(o, "abstract") != NULL) {
		v = jstr(a, p, o, "abstract", label, &bad);
		if (v == NULL)
			v = "";
		if (!valid_text(v))
			import_errf(a, p, "%s: abstract: has invalid "
			    "characters", label);
		else if (strlen(v) > IMPORT_MAX_ABSTRACT * 4 ||
		    valid_utf8_chars(v) > IMPORT_MAX_ABSTRACT)
			import_errf(a, p, "%s: abstract: is too long (maximum "
			    "is %d characters)", label, IMPORT_MAX_ABSTRACT);
		else
			s->abstract = arena_strdup(a, v);
	}
	if (json_object_get(o, "room_url") != NULL)
		s->room_url = url_field(a, p, label, "room_url",
		    jstr(a, p, o, "room_url", label, &bad), &bad);
	if (json_object_get(o, "recording_url") != NULL) {
		s->has_recording = 1;
		s->recording_url = url_field(a, p, label, "recording_url",
		    jstr(a, p, o, "recording_url", label, &bad), &bad);
	}
}

static void
json_webinars(struct arena *a, json_t *list, struct import_program *p)
{
	size_t i;
	json_t *o;
	int bad;

	if (!json_is_array(list)) {
		import_errf(a, p, "webinars: must be a list");
		return;
	}
	if (json_array_size(list) > IMPORT_MAX_WEBINARS) {
		import_errf(a, p, "webinars: at most %d", IMPORT_MAX_WEBINARS);
		return;
	}
	p->webinars = arena_calloc(a, json_array_size(list) + 1,
	    sizeof(*p->webinars));
	json_array_foreach(list, i, o) {
		struct import_webinar *w = &p->webinars[p->nwebinars];
		const char *id;

		bad = 0;
		if (!json_is_object(o)) {
			import_errf(a, p, "webinar %zu: must be an object",
			    i + 1);
			continue;
		}
		id = jstr(a, p, o, "id", "webinar", &bad);
		w->label = arena_printf(a, "webinar %zu (%s)", i + 1,
		    id && ext_id_ok(id) ? id : "?");
		if (id == NULL || !ext_id_ok(id)) {
			import_errf(a, p, "%s: id: missing or invalid (1 to %d "
			    "of A-Z a-z 0-9 - _ . :)", w->label,
			    IMPORT_MAX_EXTERNAL_ID);
			continue;
		}
		w->id = arena_strdup(a, id);
		w->title = text_field(a, p, w->label, "title",
		    jstr(a, p, o, "title", w->label, &bad), IMPORT_MAX_TITLE,
		    1);
		w->starts_at = time_field(a, p, w->label, "starts_at",
		    jstr(a, p, o, "starts_at", w->label, &bad));
		w->ends_at = time_field(a, p, w->label, "ends_at",
		    jstr(a, p, o, "ends_at", w->label, &bad));
		w->room_url = url_field(a, p, w->label, "room_url",
		    jstr(a, p, o, "room_url", w->label, &bad), &bad);
		if (w->starts_at < 0 || w->ends_at < 0)
			;	/* reported; its sessions skip their checks */
		else if ((w->starts_at == 0) != (w->ends_at == 0))
			import_errf(a, p, "%s: %s: missing (give both times or "
			    "neither)", w->label, w->starts_at ? "ends_at" :
			    "starts_at");
		else if (w->starts_at != 0 && w->ends_at <= w->starts_at)
			import_errf(a, p, "%s: ends_at: end before start",
			    w->label);
		p->nwebinars++;
	}
}

static void
json_conference(struct arena *a, json_t *o, struct import_program *p)
{
	const char *v;
	int bad = 0;

	if (!json_is_object(o)) {
		import_errf(a, p, "conference: must be an object");
		return;
	}
	p->name = text_field(a, p, "conference", "name",
	    jstr(a, p, o, "name", "conference", &bad), IMPORT_MAX_TITLE, 0);
	v = jstr(a, p, o, "slug", "conference", &bad);
	if (v != NULL && *v != '\0' && !ext_id_ok(v))
		import_errf(a, p, "conference: slug: invalid (1 to %d of "
		    "A-Z a-z 0-9 - _ . :)", IMPORT_MAX_EXTERNAL_ID);
	else
		p->slug = v ? arena_strdup(a, v) : NULL;
	v = jstr(a, p, o, "default_timezone", "conference", &bad);
	if (v != NULL && !import_tz_ok(v))
		import_errf(a, p, "conference: default_timezone: invalid time "
		    "zone %s", quoted(a, v));
	else
		p->timezone = v ? arena_strdup(a, v) : NULL;
	p->registration_url = url_field(a, p, "conference",
	    "registration_url", jstr(a, p, o, "registration_url",
	    "conference", &bad), &bad);
}

static int
parse_json(struct arena *a, const char *data, size_t len,
    struct import_program *p)
{
	json_t *root, *list, *o, *themes;
	json_error_t jerr;
	size_t i, j;

	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		import_errf(a, p, "line %d, column %d: %s", jerr.line,
		    jerr.column, jerr.text);
		return -1;
	}
	if (!json_is_object(root) ||
	    !json_is_array(list = json_object_get(root, "sessions"))) {
		import_errf(a, p, "file: must be a JSON object with a "
		    "\"sessions\" list");
		json_decref(root);
		return -1;
	}
	if ((o = json_object_get(root, "conference")) != NULL &&
	    !json_is_null(o))
		json_conference(a, o, p);
	if ((o = json_object_get(root, "webinars")) != NULL &&
	    !json_is_null(o))
		json_webinars(a, o, p);
	themes = json_object_get(root, "action_areas");
	if (themes != NULL && (!json_is_array(themes) ||
	    json_array_size(themes) > IMPORT_MAX_THEMES)) {
		import_errf(a, p, "action_areas: must be a list of at most %d "
		    "names", IMPORT_MAX_THEMES);
		themes = NULL;
	}
	if (json_array_size(list) > IMPORT_MAX_SESSIONS) {
		import_errf(a, p, "sessions: at most %d", IMPORT_MAX_SESSIONS);
		json_decref(root);
		return -1;
	}
	p->sessions = arena_calloc(a, json_array_size(list) + 1,
	    sizeof(*p->sessions));
	json_array_foreach(list, i, o) {
		struct import_session *s = &p->sessions[p->nsessions];
		json_t *ext = json_object_get(o, "external_id");
		int ok;

		s->label = arena_printf(a, "session %zu (%s)", i + 1,
		    json_is_string(ext) && ext_id_ok(json_string_value(ext)) ?
		    json_string_value(ext) : "?");
		if (!json_is_object(o)) {
			import_errf(a, p, "%s: must be an object", s->label);
			continue;
		}
		s->language = "";
		s->abstract = "";
		if (ext == NULL)
			import_errf(a, p, "%s: external_id: missing", s->label);
		if (json_object_get(o, "title") == NULL)
			import_errf(a, p, "%s: title: missing", s->label);
		import_session_json(a, o, s->label, s, p);
		/* The program's list of themes, when it has one, is closed. */
		for (j = 0; themes != NULL && j < s->nthemes; j++) {
			size_t k;
			json_t *t;

			ok = 0;
			json_array_foreach(themes, k, t)
				if (json_is_string(t) && strcmp(
				    json_string_value(t), s->themes[j]) == 0)
					ok = 1;
			if (!ok)
				import_errf(a, p, "%s: action_areas: unknown "
				    "action area %s", s->label,
				    quoted(a, s->themes[j]));
		}
		p->nsessions++;
	}
	json_decref(root);
	return 0;
}

/* --- CSV ----------------------------------------------------------- */

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
		char *name = c->field[i] ? one_line(c->a, c->field[i]) : NULL;

		/* A UTF-8 byte order mark before the first name. */
		if (i == 0 && name && strncmp(name, "\xef\xbb\xbf", 3) == 0)
			name += 3;
		c->col[i] = -1;
		for (k = 0; name && k < COL__MAX; k++)
			if (strcasecmp(name, column_names[k]) == 0)
				break;
		if (name == NULL || k == COL__MAX) {
			import_errf(c->a, c->p, "row 1: column %zu: unknown "
			    "column %s", i + 1, quoted(c->a, name ? name :
			    "?"));
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
		char *t = text_field(c->a, p, s->label, "webinar_title", title,
		    IMPORT_MAX_TITLE, 0);

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
	    ext_id_ok(ext) ? ext : "?");
	if (!ext_id_ok(ext))
		import_errf(a, p, "%s: external_id: missing or invalid (1 to "
		    "%d of A-Z a-z 0-9 - _ . :)", s->label,
		    IMPORT_MAX_EXTERNAL_ID);
	else
		s->external_id = arena_strdup(a, ext);
	s->title = text_field(a, p, s->label, "title", cell(c, COL_TITLE),
	    IMPORT_MAX_TITLE, 1);
	s->format = arena_strdup(a, cell(c, COL_FORMAT));
	v = cell(c, COL_LANGUAGE);
	if (!language_ok(v))
		import_errf(a, p, "%s: language: invalid language tag %s "
		    "(want BCP 47, such as en or pt-BR)", s->label,
		    quoted(a, v));
	s->language = arena_strdup(a, v);
	s->starts_at = time_field(a, p, s->label, "starts_at",
	    cell(c, COL_STARTS_AT));
	s->ends_at = time_field(a, p, s->label, "ends_at",
	    cell(c, COL_ENDS_AT));
	s->themes = split_list(a, cell(c, COL_ACTION_AREAS),
	    IMPORT_MAX_THEMES, &s->nthemes);
	for (i = 0; i < s->nthemes; i++)
		if (one_line(a, s->themes[i]) == NULL)
			import_errf(a, p, "%s: action_areas: has invalid "
			    "characters", s->label);
	items = split_list(a, cell(c, COL_PRESENTERS), IMPORT_MAX_PRESENTERS,
	    &n);
	if (n > IMPORT_MAX_PRESENTERS)
		import_errf(a, p, "%s: presenters: at most %d per session",
		    s->label, IMPORT_MAX_PRESENTERS);
	else {
		s->presenters = arena_calloc(a, n + 1, sizeof(*s->presenters));
		for (i = 0; i < n; i++)
			if (parse_presenter(a, items[i],
			    &s->presenters[s->npresenters], p, s->label) == 0)
				check_presenter(a,
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
	s->room_url = url_field(a, p, s->label, "room_url",
	    cell(c, COL_ROOM_URL), &bad);
	if (c->have[COL_RECORDING_URL]) {
		s->has_recording = 1;
		s->recording_url = url_field(a, p, s->label, "recording_url",
		    cell(c, COL_RECORDING_URL), &bad);
	}
	v = cell(c, COL_WEBINAR);
	if (*v != '\0') {
		if (!ext_id_ok(v)) {
			import_errf(a, p, "%s: webinar: invalid id %s",
			    s->label, quoted(a, v));
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

static int
parse_csv(struct arena *a, const char *data, size_t len,
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
			    s->label, quoted(a, s->webinar));
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
	if ((format == IMPORT_JSON ? parse_json(a, data, len, p) :
	    parse_csv(a, data, len, p)) != 0)
		return -1;
	check_program(a, p);
	return p->nerrors_total == 0 ? 0 : -1;
}

/* --- the first post ------------------------------------------------ */

/*
 * The generated parts of a first post sit between marker lines, link
 * reference definitions that cook to nothing.  Regenerating replaces what
 * is between a pair and keeps every other line, so text that staff or
 * presenters add around the generated parts survives a new import.
 */
#define MARK_SESSION_BEGIN	"[//]: # (confab:session:begin)"
#define MARK_SESSION_END	"[//]: # (confab:session:end)"
#define MARK_RECORDING_BEGIN	"[//]: # (confab:recording:begin)"
#define MARK_RECORDING_END	"[//]: # (confab:recording:end)"

static const struct {
	const char	*code;
	const char	*name;
} languages[] = {
	{ "ar", "Arabic" }, { "bn", "Bengali" }, { "ca", "Catalan" },
	{ "cs", "Czech" }, { "da", "Danish" }, { "de", "German" },
	{ "el", "Greek" }, { "en", "English" }, { "es", "Spanish" },
	{ "fa", "Persian" }, { "fi", "Finnish" }, { "fr", "French" },
	{ "he", "Hebrew" }, { "hi", "Hindi" }, { "id", "Indonesian" },
	{ "it", "Italian" }, { "ja", "Japanese" }, { "ko", "Korean" },
	{ "ms", "Malay" }, { "nl", "Dutch" }, { "no", "Norwegian" },
	{ "pl", "Polish" }, { "pt", "Portuguese" }, { "ro", "Romanian" },
	{ "ru", "Russian" }, { "sv", "Swedish" }, { "sw", "Swahili" },
	{ "th", "Thai" }, { "tr", "Turkish" }, { "uk", "Ukrainian" },
	{ "ur", "Urdu" }, { "vi", "Vietnamese" }, { "zh", "Chinese" },
};

static const char *
language_name(const char *tag)
{
	size_t i, n = strcspn(tag, "-");

	for (i = 0; i < ARRAY_SIZE(languages); i++)
		if (strlen(languages[i].code) == n &&
		    strncasecmp(languages[i].code, tag, n) == 0)
			return languages[i].name;
	return NULL;
}

/* Text as Markdown shows it literally, inside a line. */
static void
md_text(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (strchr("\\`*_[]<>&~|#", *s) != NULL)
			buf_putc(b, '\\');
		buf_putc(b, *s == '\n' || *s == '\r' ? ' ' : *s);
	}
}

static void
utc_local(int64_t t, char out[32])
{
	char iso[32];

	/* 2026-10-05T13:00:00.000Z -> 2026-10-05T13:00:00 */
	util_iso8601(t, iso);
	snprintf(out, 32, "%.19s", iso);
}

static int
is_marker(const char *line, size_t len)
{
	static const char *const marks[] = { MARK_SESSION_BEGIN,
	    MARK_SESSION_END, MARK_RECORDING_BEGIN, MARK_RECORDING_END };
	size_t i;

	while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\r' ||
	    line[len - 1] == '\t'))
		len--;
	for (i = 0; i < ARRAY_SIZE(marks); i++)
		if (len == strlen(marks[i]) && memcmp(line, marks[i], len) == 0)
			return 1;
	return 0;
}

/* Markdown from the program, without lines that would pass for markers. */
static void
md_block(struct buf *b, const char *s)
{
	const char *nl;
	size_t len;

	for (; s && *s; s = nl ? nl + 1 : s + len) {
		nl = strchr(s, '\n');
		len = nl ? (size_t)(nl - s) : strlen(s);
		if (!is_marker(s, len)) {
			buf_append(b, s, len);
			if (nl)
				buf_putc(b, '\n');
		}
		if (nl == NULL)
			break;
	}
}

static char *
session_block(struct arena *a, const struct import_session *s,
    const char *webinar_title, int has_room)
{
	struct buf b = {0};
	const char *lang;
	char from[32], to[32], *out;
	size_t i;

	buf_puts(&b, MARK_SESSION_BEGIN "\n\n## ");
	md_text(&b, s->title);
	buf_puts(&b, "\n\n");
	if (s->npresenters > 0) {
		buf_puts(&b, s->npresenters == 1 ? "**Presenter:** " :
		    "**Presenters:** ");
		for (i = 0; i < s->npresenters; i++) {
			if (i > 0)
				buf_puts(&b, ", ");
			md_text(&b, s->presenters[i].name);
			if (s->presenters[i].affiliation &&
			    *s->presenters[i].affiliation) {
				buf_puts(&b, " (");
				md_text(&b, s->presenters[i].affiliation);
				buf_puts(&b, ")");
			}
		}
		buf_puts(&b, "\n\n");
	}
	if (s->abstract && *s->abstract) {
		md_block(&b, s->abstract);
		buf_puts(&b, "\n\n");
	}
	buf_puts(&b, "### Webinar information\n\n");
	if (webinar_title != NULL) {
		buf_puts(&b, "- **Webinar:** ");
		md_text(&b, webinar_title);
		buf_putc(&b, '\n');
	}
	if (s->starts_at > 0 && s->ends_at > 0) {
		utc_local(s->starts_at, from);
		utc_local(s->ends_at, to);
		buf_printf(&b, "- **When:** [date-range from=%s to=%s "
		    "timezone=\"UTC\"]\n", from, to);
	}
	buf_printf(&b, "- **Format:** %s\n", s->format &&
	    strcmp(s->format, "async") == 0 ? "recorded contribution, "
	    "watch any time (asynchronous)" : "live session (synchronous)");
	if (s->nthemes > 0) {
		buf_puts(&b, s->nthemes == 1 ? "- **Theme:** " :
		    "- **Themes:** ");
		for (i = 0; i < s->nthemes; i++) {
			if (i > 0)
				buf_puts(&b, ", ");
			md_text(&b, s->themes[i]);
		}
		buf_putc(&b, '\n');
	}
	if (s->language && *s->language) {
		lang = language_name(s->language);
		buf_puts(&b, "- **Language:** ");
		if (lang)
			buf_printf(&b, "%s (", lang);
		md_text(&b, s->language);
		buf_puts(&b, lang ? ")\n" : "\n");
	}
	if (has_room)
		buf_puts(&b, "- **Live room:** the link is on this page for "
		    "registered participants, presenters and staff\n");
	if (s->webinar != NULL)
		buf_printf(&b, "- [Other presentations of this webinar]"
		    "(/schedule?webinar=%s)\n", s->webinar);
	buf_puts(&b, "\n" MARK_SESSION_END);
	out = arena_strdup(a, b.data);
	buf_free(&b);
	return out;
}

static char *
recording_block(struct arena *a, const char *url)
{
	return arena_printf(a, MARK_RECORDING_BEGIN "\n\n### Recording\n\n%s"
	    "\n\n" MARK_RECORDING_END, url ? arena_printf(a,
	    "[Watch the recording](<%s>)", url) : "The recording will be "
	    "linked here after the session.");
}

char *
conf_recording_raw(struct arena *a, const char *title, const char *url)
{
	struct buf b = {0};
	char *out;

	buf_puts(&b, "### Recording\n\n");
	buf_printf(&b, "[Watch the recording](<%s>) of *", url);
	md_text(&b, title);
	buf_puts(&b, "*.");
	out = arena_strdup(a, b.data);
	buf_free(&b);
	return out;
}

/* Finds the line equal to mark at or after from: its start and the end of
 * the line (before the newline). */
static const char *
find_mark(const char *from, const char *mark, const char **line_end)
{
	const char *s = from, *nl;
	size_t len;

	for (;;) {
		nl = strchr(s, '\n');
		len = nl ? (size_t)(nl - s) : strlen(s);
		while (len > 0 && (s[len - 1] == '\r' || s[len - 1] == ' '))
			len--;
		if (len == strlen(mark) && memcmp(s, mark, len) == 0) {
			*line_end = nl ? nl : s + strlen(s);
			return s;
		}
		if (nl == NULL)
			return NULL;
		s = nl + 1;
	}
}

/* old with the block between begin and end replaced by block; added at
 * the start (or the end when at_end) when old has no such pair. */
static char *
merge_block(struct arena *a, const char *old, const char *begin,
    const char *end, const char *block, int at_end)
{
	const char *b, *e, *b_end, *e_end;
	struct buf out = {0};
	char *r;
	size_t n;

	b = find_mark(old, begin, &b_end);
	e = b ? find_mark(b_end, end, &e_end) : NULL;
	if (b != NULL && e != NULL) {
		buf_append(&out, old, (size_t)(b - old));
		buf_puts(&out, block);
		buf_puts(&out, e_end);
	} else if (at_end) {
		n = strlen(old);
		while (n > 0 && isspace((unsigned char)old[n - 1]))
			n--;
		buf_append(&out, old, n);
		buf_puts(&out, n ? "\n\n" : "");
		buf_puts(&out, block);
	} else {
		while (isspace((unsigned char)*old))
			old++;
		buf_puts(&out, block);
		buf_puts(&out, *old ? "\n\n" : "");
		buf_puts(&out, old);
	}
	r = arena_strdup(a, out.data ? out.data : "");
	buf_free(&out);
	return r;
}

static char *
post_raw(struct arena *a, const struct import_session *s,
    const char *webinar_title, int has_room, const char *recording_url,
    const char *old)
{
	char *sb = session_block(a, s, webinar_title, has_room);
	char *rb = recording_block(a, recording_url);

	if (old == NULL)
		return arena_printf(a, "%s\n\n%s", sb, rb);
	return merge_block(a, merge_block(a, old, MARK_SESSION_BEGIN,
	    MARK_SESSION_END, sb, 0), MARK_RECORDING_BEGIN,
	    MARK_RECORDING_END, rb, 1);
}

char *
conf_post_raw(struct arena *a, const struct import_session *s,
    const char *webinar_title, const char *old)
{
	return post_raw(a, s, webinar_title, s->room_url != NULL,
	    s->recording_url, old);
}

/* --- writing ------------------------------------------------------- */

#define SETTING_SYSTEM_USER	"conference_system_user_id"
#define SETTING_CATEGORY	"conference_category_id"

/* The id stored in a setting, or 0. */
static int64_t
setting_id(struct db *db, struct arena *a, const char *name)
{
	char *v = NULL;

	if (db_setting_get(db, a, name, &v) != DB_OK || v == NULL)
		return 0;
	return strtoll(v, NULL, 10);
}

static int
setting_set_id(struct db *db, const char *name, int64_t id)
{
	char v[32];

	snprintf(v, sizeof(v), "%lld", (long long)id);
	return db_setting_put(db, name, v);
}

/*
 * The account that owns imported topics, as Discourse's "system" user:
 * no password, so nobody can log in as it.  Named "system", or
 * "system1"... when a person took that name first.
 */
static int
system_user(struct db *db, struct arena *a, int64_t *id)
{
	struct user_new u = { .name = "System", .admin = 1 };
	struct user *found;
	int i, rc;

	if ((*id = setting_id(db, a, SETTING_SYSTEM_USER)) != 0 &&
	    db_user_by_id(db, a, *id, &found) == DB_OK)
		return 0;
	for (i = 0; i < 100; i++) {
		u.username = i ? arena_printf(a, "system%d", i) : "system";
		u.email = arena_printf(a, "%s@confab.invalid", u.username);
		if ((rc = db_username_taken(db, u.username)) == DB_OK ||
		    (rc == DB_NOTFOUND && db_email_taken(db, u.email) == DB_OK))
			continue;
		if (rc != DB_NOTFOUND || db_user_create(db, &u, id) != DB_OK ||
		    setting_set_id(db, SETTING_SYSTEM_USER, *id) != DB_OK)
			return -1;
		return 0;
	}
	return -1;
}

/*
 * The category sessions go in: "Sessions", readable by everyone, where
 * registered users reply (ask questions) and only staff open topics.
 */
static int
sessions_category(struct db *db, struct arena *a, int64_t *id)
{
	struct category_fields f = { .name = "Sessions", .slug = "sessions",
	    .color = "0E76BD", .description = "One topic per session of the "
	    "conference program: ask your questions there." };
	struct category_perm perms[] = {
		{ .group_id = GROUP_EVERYONE, .permission_type = 3 },
		{ .group_id = GROUP_REGISTERED, .permission_type = 2 },
	};
	struct category *c;
	int i;

	if ((*id = setting_id(db, a, SETTING_CATEGORY)) != 0 &&
	    db_category_get(db, a, *id, &c) == DB_OK)
		return 0;
	for (i = 0; i < 100; i++) {
		if (i > 0) {
			f.name = arena_printf(a, "Sessions %d", i + 1);
			f.slug = arena_printf(a, "sessions-%d", i + 1);
		}
		if (db_category_name_taken(db, f.name, 0) == DB_OK ||
		    db_category_slug_taken(db, f.slug, 0) == DB_OK)
			continue;
		if (db_category_create(db, &f, id) != DB_OK ||
		    db_category_set_perms(db, *id, perms,
		    ARRAY_SIZE(perms)) != DB_OK ||
		    setting_set_id(db, SETTING_CATEGORY, *id) != DB_OK)
			return -1;
		return 0;
	}
	return -1;
}

int
conf_ctx_init(struct conf_ctx *c, struct db *db, struct arena *a,
    int64_t editor_id)
{
	memset(c, 0, sizeof(*c));
	c->db = db;
	c->a = a;
	c->now = util_now();
	if (system_user(db, a, &c->author_id) != 0 ||
	    sessions_category(db, a, &c->category_id) != 0 ||
	    db_conf_group_ensure(db, CONF_GROUP_PRESENTERS, "Presenters",
	    &c->presenters_gid) != DB_OK) {
		log_warnx("conference: cannot set up the system user, the "
		    "sessions category or the presenters group");
		return -1;
	}
	c->editor_id = editor_id ? editor_id : c->author_id;
	return 0;
}

static int
lookup_user(void *ctx, const char *name, size_t len, char out[64])
{
	return db_username_canonical(ctx, name, len, out) == DB_OK;
}

/* Cooks raw; 0, or -2 with *why (cook's message). */
static int
cook(struct conf_ctx *c, const char *raw, char **cooked, const char **why)
{
	struct cook_opts o = { .user_lookup = lookup_user, .ctx = c->db };
	char *html = NULL;

	if (cook_post(raw, strlen(raw), &o, &html) != 0) {
		*why = cook_error();
		return -2;
	}
	*cooked = arena_strdup(c->a, html);
	free(html);
	return 0;
}

static char *
excerpt(struct arena *a, const char *cooked)
{
	char *e = cook_excerpt(cooked, EXCERPT_CHARS), *copy;

	copy = arena_strdup(a, e);
	free(e);
	return copy;
}

static char *
themes_json(struct arena *a, const struct import_session *s)
{
	json_t *list = json_array();
	char *dump, *out;
	size_t i;

	for (i = 0; i < s->nthemes; i++)
		json_array_append_new(list, json_string(s->themes[i]));
	dump = json_dumps(list, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(list);
	out = arena_strdup(a, dump ? dump : "[]");
	free(dump);
	return out;
}

/* The presenters of s linked to accounts (by username, else email); the
 * linked ones join the presenters group. */
static int
link_presenters(struct conf_ctx *c, const struct import_session *s,
    struct conf_presenter **out)
{
	struct conf_presenter *p;
	char *name;
	size_t i;
	int rc;

	*out = p = arena_calloc(c->a, s->npresenters + 1, sizeof(*p));
	for (i = 0; i < s->npresenters; i++) {
		p[i].name = s->presenters[i].name;
		p[i].affiliation = s->presenters[i].affiliation;
		p[i].username = s->presenters[i].username;
		p[i].email = s->presenters[i].email;
		rc = DB_NOTFOUND;
		if (p[i].username != NULL)
			rc = db_conf_user_find(c->db, c->a, p[i].username, 0,
			    &p[i].user_id, &name);
		if (rc == DB_NOTFOUND && p[i].email != NULL)
			rc = db_conf_user_find(c->db, c->a, p[i].email, 1,
			    &p[i].user_id, &name);
		if (rc == DB_NOTFOUND) {
			p[i].user_id = 0;
			continue;
		}
		if (rc != DB_OK || db_group_add_linked(c->db,
		    c->presenters_gid, p[i].user_id) != DB_OK)
			return -1;
	}
	return 0;
}

static int
str_eq(const char *x, const char *y)
{
	return strcmp(x ? x : "", y ? y : "") == 0;
}

static int
presenters_eq(const struct conf_presenter *x, size_t nx,
    const struct conf_presenter *y, size_t ny)
{
	size_t i;

	if (nx != ny)
		return 0;
	for (i = 0; i < nx; i++)
		if (!str_eq(x[i].name, y[i].name) ||
		    !str_eq(x[i].affiliation, y[i].affiliation) ||
		    !str_eq(x[i].username, y[i].username) ||
		    !str_eq(x[i].email, y[i].email) ||
		    x[i].user_id != y[i].user_id)
			return 0;
	return 1;
}

static int
cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Whether the tags of topic t are exactly tags[0..n) (any order). */
static int
tags_eq(struct arena *a, const struct topic *t, char **tags, size_t n)
{
	char **sorted;
	size_t i;

	if (t->ntags != n)
		return 0;
	sorted = arena_calloc(a, n + 1, sizeof(*sorted));
	memcpy(sorted, tags, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_str);
	for (i = 0; i < n; i++)
		if (strcmp(sorted[i], t->tags[i]) != 0)
			return 0;
	return 1;
}

static void
changed_add(struct buf *b, const char *field)
{
	if (b->len > 0)
		buf_puts(b, ", ");
	buf_puts(b, field);
}

/* Creates, edits or deletes the recording post so that it shows url. */
static int
save_recording(struct conf_ctx *c, const struct import_session *s,
    const struct conf_session *old, int64_t topic_id, const char **why)
{
	int64_t post_id = old ? old->recording_post_id : 0, number;
	struct post *p = NULL;
	struct topic *t;
	char *raw, *cooked;
	int rc;

	if (post_id != 0) {
		rc = db_post_get(c->db, c->a, post_id, 0, 1, &p);
		if (rc == DB_NOTFOUND || (rc == DB_OK && p->deleted_at != 0))
			p = NULL;
		else if (rc != DB_OK)
			return -1;
	}
	if (s->recording_url == NULL) {
		if (p != NULL && (db_topic_get(c->db, c->a, topic_id, &t) !=
		    DB_OK || db_post_delete(c->db, p, t->deleted_at == 0,
		    c->editor_id, c->now) != DB_OK))
			return -1;
		return db_conf_session_set_recording(c->db, topic_id, NULL, 0,
		    c->now) == DB_OK ? 0 : -1;
	}
	raw = conf_recording_raw(c->a, s->title, s->recording_url);
	if ((rc = cook(c, raw, &cooked, why)) != 0)
		return rc;
	if (p != NULL && strcmp(p->raw, raw) != 0) {
		struct post_edit pe = { .raw = raw, .cooked = cooked,
		    .editor_id = c->editor_id, .now = c->now };

		if (db_post_edit(c->db, p, &pe) != DB_OK)
			return -1;
	} else if (p == NULL) {
		struct post_new pn = { .topic_id = topic_id,
		    .user_id = c->author_id, .raw = raw, .cooked = cooked,
		    .now = c->now };

		if (db_post_create(c->db, &pn, &post_id, &number) != DB_OK)
			return -1;
	}
	return db_conf_session_set_recording(c->db, topic_id,
	    s->recording_url, post_id, c->now) == DB_OK ? 0 : -1;
}

/* Rewrites the first post of topic_id as s now generates it, keeping
 * what was added outside the generated parts; *changed when it did. */
static int
save_first_post(struct conf_ctx *c, int64_t topic_id,
    const struct import_session *s, const struct conf_webinar *w,
    const char *recording, const char **why, int *changed)
{
	struct post *p;
	int64_t id;
	char *raw, *cooked;
	int rc;

	*changed = 0;
	if (db_conf_first_post_id(c->db, topic_id, &id) != DB_OK ||
	    db_post_get(c->db, c->a, id, 0, 1, &p) != DB_OK)
		return -1;
	raw = post_raw(c->a, s, w ? w->title : NULL, s->room_url != NULL ||
	    (w && w->room_url != NULL), recording, p->raw);
	if (strcmp(p->raw, raw) == 0)
		return 0;
	if ((rc = cook(c, raw, &cooked, why)) != 0)
		return rc;
	{
		struct post_edit pe = { .raw = raw, .cooked = cooked,
		    .editor_id = c->editor_id, .now = c->now };

		if (db_post_edit(c->db, p, &pe) != DB_OK ||
		    db_topic_set_excerpt(c->db, topic_id, excerpt(c->a, cooked),
		    c->now) != DB_OK)
			return -1;
	}
	*changed = 1;
	return 0;
}

static int
create_session(struct conf_ctx *c, const struct import_session *s,
    const struct conf_webinar *w, const char **why)
{
	struct conf_session row = {0};
	struct topic_new tn = {0};
	struct post_new pn = {0};
	struct conf_presenter *pres;
	int64_t post_id, number;
	char *raw, *cooked, *fancy;
	int rc;

	raw = post_raw(c->a, s, w ? w->title : NULL, s->room_url != NULL ||
	    (w && w->room_url != NULL), s->has_recording ? s->recording_url :
	    NULL, NULL);
	if ((rc = cook(c, raw, &cooked, why)) != 0)
		return rc;
	fancy = cook_fancy_title(s->title);
	tn.title = s->title;
	tn.fancy_title = arena_strdup(c->a, fancy);
	free(fancy);
	tn.slug = text_slug(c->a, s->title, "topic");
	tn.excerpt = excerpt(c->a, cooked);
	tn.external_id = s->external_id;
	tn.category_id = c->category_id;
	tn.user_id = c->author_id;
	tn.now = c->now;
	tn.tags = (const char **)s->tags;
	tn.ntags = s->ntags;
	if ((rc = db_topic_create(c->db, &tn, &row.topic_id)) != DB_OK) {
		if (rc != DB_CONSTRAINT)
			return -1;
		*why = "external_id: already used by another topic";
		return -2;
	}
	pn.topic_id = row.topic_id;
	pn.user_id = c->author_id;
	pn.raw = raw;
	pn.cooked = cooked;
	pn.now = c->now;
	row.external_id = s->external_id;
	row.webinar_id = w ? w->id : 0;
	row.format = s->format;
	row.language = s->language;
	row.starts_at = s->starts_at;
	row.ends_at = s->ends_at;
	row.room_url = s->room_url;
	row.abstract = s->abstract;
	row.themes = themes_json(c->a, s);
	if (db_post_create(c->db, &pn, &post_id, &number) != DB_OK ||
	    db_conf_session_insert(c->db, &row, c->now) != DB_OK ||
	    link_presenters(c, s, &pres) != 0 ||
	    db_conf_presenters_set(c->db, row.topic_id, pres,
	    s->npresenters) != DB_OK)
		return -1;
	if (s->has_recording && s->recording_url != NULL)
		return save_recording(c, s, NULL, row.topic_id, why);
	return 0;
}

int
conf_session_save(struct conf_ctx *c, const struct import_session *s,
    const struct conf_session *old, const struct conf_webinar *w,
    struct buf *changed, const char **why)
{
	struct conf_session row;
	struct conf_presenter *pres;
	const char *recording;
	struct topic *t;
	char *fancy;
	int rc, post_changed, fields = 0;

	if (old == NULL) {
		if ((rc = create_session(c, s, w, why)) == 0)
			changed_add(changed, "created");
		return rc;
	}
	row = *old;
	if (db_topic_get(c->db, c->a, old->topic_id, &t) != DB_OK)
		return -1;
	if (strcmp(t->title, s->title) != 0) {
		fancy = cook_fancy_title(s->title);
		rc = db_topic_set_title(c->db, t, s->title, arena_strdup(c->a,
		    fancy), text_slug(c->a, s->title, "topic"), c->editor_id,
		    c->now);
		free(fancy);
		if (rc != DB_OK)
			return -1;
		changed_add(changed, "title");
	}
	if (!tags_eq(c->a, t, s->tags, s->ntags)) {
		if (db_topic_set_tags(c->db, t, (const char **)s->tags,
		    s->ntags, c->now) != DB_OK)
			return -1;
		changed_add(changed, "action_areas");
	}
	row.webinar_id = w ? w->id : 0;
	row.format = s->format;
	row.language = s->language;
	row.starts_at = s->starts_at;
	row.ends_at = s->ends_at;
	row.room_url = s->room_url;
	row.abstract = s->abstract;
	row.themes = themes_json(c->a, s);
	if (row.webinar_id != old->webinar_id)
		changed_add(changed, "webinar"), fields = 1;
	if (!str_eq(row.format, old->format))
		changed_add(changed, "format"), fields = 1;
	if (!str_eq(row.language, old->language))
		changed_add(changed, "language"), fields = 1;
	if (row.starts_at != old->starts_at || row.ends_at != old->ends_at)
		changed_add(changed, "times"), fields = 1;
	if (!str_eq(row.room_url, old->room_url))
		changed_add(changed, "room_url"), fields = 1;
	if (!str_eq(row.abstract, old->abstract))
		changed_add(changed, "abstract"), fields = 1;
	if (!str_eq(row.themes, old->themes))
		fields = 1;
	if (fields && db_conf_session_update(c->db, &row, c->now) != DB_OK)
		return -1;
	if (link_presenters(c, s, &pres) != 0)
		return -1;
	if (!presenters_eq(pres, s->npresenters, old->presenters,
	    old->npresenters)) {
		if (db_conf_presenters_set(c->db, old->topic_id, pres,
		    s->npresenters) != DB_OK)
			return -1;
		changed_add(changed, "presenters");
	}
	recording = s->has_recording ? s->recording_url : old->recording_url;
	if (s->has_recording && !str_eq(s->recording_url,
	    old->recording_url)) {
		if ((rc = save_recording(c, s, old, old->topic_id, why)) != 0)
			return rc;
		changed_add(changed, "recording_url");
	}
	if ((rc = save_first_post(c, old->topic_id, s, w, recording, why,
	    &post_changed)) != 0)
		return rc;
	if (post_changed && changed->len == 0)
		changed_add(changed, "first_post");
	return 0;
}

void
conf_session_model(struct arena *a, const struct conf_session *cs,
    struct import_session *s)
{
	json_t *themes, *v;
	size_t i;

	memset(s, 0, sizeof(*s));
	s->label = arena_printf(a, "session %s", cs->external_id);
	s->external_id = cs->external_id;
	s->webinar = cs->webinar_external_id;
	s->format = cs->format;
	s->language = cs->language ? cs->language : "";
	s->title = cs->title;
	s->starts_at = cs->starts_at;
	s->ends_at = cs->ends_at;
	s->abstract = cs->abstract ? cs->abstract : "";
	s->room_url = cs->room_url;
	s->recording_url = cs->recording_url;
	themes = json_loads(cs->themes ? cs->themes : "[]", 0, NULL);
	s->themes = arena_calloc(a, json_array_size(themes) + 1,
	    sizeof(*s->themes));
	json_array_foreach(themes, i, v)
		if (json_is_string(v))
			s->themes[s->nthemes++] = arena_strdup(a,
			    json_string_value(v));
	json_decref(themes);
	s->presenters = arena_calloc(a, cs->npresenters + 1,
	    sizeof(*s->presenters));
	for (i = 0; i < cs->npresenters; i++) {
		s->presenters[i].name = cs->presenters[i].name;
		s->presenters[i].affiliation = cs->presenters[i].affiliation;
		s->presenters[i].username = cs->presenters[i].username;
		s->presenters[i].email = cs->presenters[i].email;
	}
	s->npresenters = cs->npresenters;
}

/* --- a whole import ------------------------------------------------ */

/* Sets a site setting when it differs; 0 or -1. */
static int
setting_update(struct db *db, struct arena *a, const char *name,
    const char *value)
{
	char *have = NULL;
	int rc;

	if (value == NULL)
		return 0;
	rc = db_setting_get(db, a, name, &have);
	if (rc == DB_OK && have != NULL && strcmp(have, value) == 0)
		return 0;
	return db_setting_put(db, name, value) == DB_OK ? 0 : -1;
}

static int
conference_settings(struct db *db, struct arena *a,
    const struct import_program *p)
{
	return setting_update(db, a, "conference_name", p->name) != 0 ||
	    setting_update(db, a, "conference_slug", p->slug) != 0 ||
	    setting_update(db, a, "conference_timezone", p->timezone) != 0 ||
	    setting_update(db, a, "conference_registration_url",
	    p->registration_url) != 0 ? -1 : 0;
}

/* Writes the program's webinars; their rows go in rows[i]. */
static int
save_webinars(struct conf_ctx *c, const struct import_program *p,
    struct conf_webinar **rows, struct import_report *r)
{
	json_t *created = json_array(), *updated = json_array();
	int64_t unchanged = 0;
	struct conf_webinar *w;
	size_t i;
	int rc;

	r->webinars = json_pack("{s:o,s:o}", "created", created, "updated",
	    updated);
	for (i = 0; i < p->nwebinars; i++) {
		const struct import_webinar *in = &p->webinars[i];

		rc = db_conf_webinar_by_ext(c->db, c->a, in->id, &w);
		if (rc == DB_NOTFOUND) {
			w = arena_calloc(c->a, 1, sizeof(*w));
			w->external_id = in->id;
			w->title = in->title;
			w->starts_at = in->starts_at;
			w->ends_at = in->ends_at;
			w->room_url = in->room_url;
			if (db_conf_webinar_insert(c->db, w, c->now) != DB_OK)
				return -1;
			json_array_append_new(created, json_string(in->id));
		} else if (rc != DB_OK)
			return -1;
		else if (!str_eq(w->title, in->title) ||
		    w->starts_at != in->starts_at ||
		    w->ends_at != in->ends_at ||
		    !str_eq(w->room_url, in->room_url)) {
			w->title = in->title;
			w->starts_at = in->starts_at;
			w->ends_at = in->ends_at;
			w->room_url = in->room_url;
			if (db_conf_webinar_update(c->db, w, c->now) != DB_OK)
				return -1;
			json_array_append_new(updated, json_string(in->id));
		} else
			unchanged++;
		rows[i] = w;
	}
	json_object_set_new(r->webinars, "unchanged", json_integer(unchanged));
	return 0;
}

static const struct conf_webinar *
webinar_row(const struct import_program *p, struct conf_webinar **rows,
    const char *id)
{
	size_t i;

	for (i = 0; id != NULL && i < p->nwebinars; i++)
		if (strcmp(p->webinars[i].id, id) == 0)
			return rows[i];
	return NULL;
}

/* Writes one session and says what happened in r; 0, -1 or -2. */
static int
import_one(struct conf_ctx *c, const struct import_session *s,
    const struct conf_webinar *w, struct import_report *r)
{
	struct conf_session *old = NULL;
	struct buf changed = {0};
	const char *why = NULL;
	int rc;

	rc = db_conf_session_by_ext(c->db, c->a, s->external_id, &old);
	if (rc == DB_NOTFOUND) {
		old = NULL;
		rc = db_conf_topic_ext_taken(c->db, s->external_id);
		if (rc == DB_OK) {
			json_array_append_new(r->errors, json_sprintf(
			    "%s: external_id: %s is already used by a topic "
			    "that is not a session", s->label,
			    s->external_id));
			return -2;
		}
		if (rc != DB_NOTFOUND)
			return -1;
	} else if (rc != DB_OK)
		return -1;
	else if (old->deleted_at != 0) {
		json_array_append_new(r->skipped, json_pack("{s:s,s:s}",
		    "external_id", s->external_id, "reason",
		    "the topic was deleted"));
		return 0;
	}
	rc = conf_session_save(c, s, old, w, &changed, &why);
	if (rc == -2)
		json_array_append_new(r->errors, json_sprintf("%s: %s",
		    s->label, why));
	else if (rc == 0 && old == NULL)
		json_array_append_new(r->created, json_string(s->external_id));
	else if (rc == 0 && changed.len > 0)
		json_array_append_new(r->updated, json_pack("{s:s,s:s}",
		    "external_id", s->external_id, "fields", changed.data));
	else if (rc == 0)
		json_array_append_new(r->unchanged,
		    json_string(s->external_id));
	buf_free(&changed);
	return rc;
}

static int
list_missing(struct conf_ctx *c, const struct import_program *p,
    struct import_report *r)
{
	char **ids;
	size_t n, i, j;

	if (db_conf_session_ext_ids(c->db, c->a, &ids, &n) != DB_OK)
		return -1;
	for (i = 0; i < n; i++) {
		for (j = 0; j < p->nsessions; j++)
			if (strcmp(ids[i], p->sessions[j].external_id) == 0)
				break;
		if (j == p->nsessions)
			json_array_append_new(r->not_in_file,
			    json_string(ids[i]));
	}
	return 0;
}

int
import_apply(struct db *db, const struct import_program *p, int dry_run,
    int64_t editor_id, struct import_report *r)
{
	struct arena *a = arena_new();
	struct conf_webinar **rows;
	struct conf_ctx c;
	size_t i;
	int rc = -1, one;

	memset(r, 0, sizeof(*r));
	r->dry_run = dry_run;
	r->created = json_array();
	r->updated = json_array();
	r->unchanged = json_array();
	r->skipped = json_array();
	r->not_in_file = json_array();
	r->errors = json_array();
	if (db_begin(db) != DB_OK)
		goto out;
	rows = arena_calloc(a, p->nwebinars + 1, sizeof(*rows));
	if (conf_ctx_init(&c, db, a, editor_id) != 0 ||
	    conference_settings(db, a, p) != 0 ||
	    save_webinars(&c, p, rows, r) != 0)
		goto fail;
	for (i = 0; i < p->nsessions; i++) {
		one = import_one(&c, &p->sessions[i], webinar_row(p, rows,
		    p->sessions[i].webinar), r);
		if (one == -1)
			goto fail;
	}
	if (list_missing(&c, p, r) != 0 ||
	    db_conf_presenters_prune(db, c.presenters_gid) != DB_OK)
		goto fail;
	if (json_array_size(r->errors) > 0) {
		rc = -2;
		goto fail;
	}
	if (dry_run)
		db_rollback(db);
	else if (db_commit(db) != DB_OK)
		goto fail;
	rc = 0;
	goto out;
fail:
	db_rollback(db);
out:
	arena_free(a);
	return rc;
}

void
import_report_free(struct import_report *r)
{
	json_decref(r->created);
	json_decref(r->updated);
	json_decref(r->unchanged);
	json_decref(r->skipped);
	json_decref(r->not_in_file);
	json_decref(r->webinars);
	json_decref(r->errors);
	memset(r, 0, sizeof(*r));
}

json_t *
import_report_json(const struct import_report *r)
{
	return json_pack("{s:b,s:O,s:O,s:O,s:O,s:O,s:O}", "dry_run",
	    r->dry_run, "created", r->created, "updated", r->updated,
	    "unchanged", r->unchanged, "skipped", r->skipped, "not_in_file",
	    r->not_in_file, "webinars", r->webinars ? r->webinars :
	    json_object());
}


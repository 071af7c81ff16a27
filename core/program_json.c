/*
 * Reading a conference program written as JSON (docs/conference.md): the
 * conference object, its webinars and sessions, each member checked with
 * program_parse.c's field checks.  Also import_session_json, which reads
 * one session object over a stored one for PUT /conference/sessions.
 * Pure, as the rest of the parser.
 */
#include <string.h>

#include <jansson.h>

#include "program_impl.h"
#include "text.h"
#include "valid.h"

/* A string member: its value, NULL when absent or null; *bad on a wrong
 * type. */
static const char *
member_str(struct arena *a, struct import_program *p, json_t *o, const char *key,
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
			if (import_parse_presenter(a, arena_strdup(a,
			    json_string_value(o)), pr, p, label) == 0) {
				import_check_presenter(a, pr, p, label);
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
		v = member_str(a, p, o, "name", label, &bad);
		pr->name = v ? import_one_line(a, v) : NULL;
		v = member_str(a, p, o, "affiliation", label, &bad);
		pr->affiliation = v ? import_one_line(a, v) : "";
		if (pr->affiliation == NULL)
			pr->affiliation = "";
		v = member_str(a, p, o, "username", label, &bad);
		pr->username = v ? arena_strdup(a, v) : NULL;
		v = member_str(a, p, o, "email", label, &bad);
		pr->email = v ? arena_strdup(a, v) : NULL;
		import_check_presenter(a, pr, p, label);
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
		v = member_str(a, p, o, "external_id", label, &bad);
		if (v == NULL || !text_external_id_ok(v)) {
			if (!bad)
				import_errf(a, p, "%s: external_id: missing or "
				    "invalid (1 to %d of A-Z a-z 0-9 - _ . :)",
				    label, IMPORT_MAX_EXTERNAL_ID);
		} else
			s->external_id = arena_strdup(a, v);
	}
	if (json_object_get(o, "title") != NULL) {
		v = member_str(a, p, o, "title", label, &bad);
		s->title = import_text_field(a, p, label, "title", v,
		    IMPORT_MAX_TITLE, 1);
	}
	if (json_object_get(o, "webinar") != NULL) {
		v = member_str(a, p, o, "webinar", label, &bad);
		s->webinar = v && *v ? arena_strdup(a, v) : NULL;
	}
	if (json_object_get(o, "format") != NULL) {
		v = member_str(a, p, o, "format", label, &bad);
		s->format = v ? arena_strdup(a, v) : NULL;
	}
	if (json_object_get(o, "language") != NULL) {
		v = member_str(a, p, o, "language", label, &bad);
		if (v != NULL && !import_language_ok(v))
			import_errf(a, p, "%s: language: invalid language tag "
			    "%s (want BCP 47, such as en or pt-BR)", label,
			    import_quoted(a, v));
		else
			s->language = arena_strdup(a, v ? v : "");
	}
	if (json_object_get(o, "starts_at") != NULL ||
	    json_object_get(o, "ends_at") != NULL) {
		s->starts_at = import_time_field(a, p, label, "starts_at",
		    member_str(a, p, o, "starts_at", label, &bad));
		s->ends_at = import_time_field(a, p, label, "ends_at",
		    member_str(a, p, o, "ends_at", label, &bad));
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
				    import_text_field(a, p, label,
				    "action_areas", json_string_value(item),
				    IMPORT_MAX_TAG, 1) : NULL;

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
		v = member_str(a, p, o, "abstract", label, &bad);
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
		s->room_url = import_url_field(a, p, label, "room_url",
		    member_str(a, p, o, "room_url", label, &bad), &bad);
	if (json_object_get(o, "recording_url") != NULL) {
		s->has_recording = 1;
		s->recording_url = import_url_field(a, p, label,
		    "recording_url", member_str(a, p, o, "recording_url", label,
		    &bad), &bad);
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
		id = member_str(a, p, o, "id", "webinar", &bad);
		w->label = arena_printf(a, "webinar %zu (%s)", i + 1,
		    id && text_external_id_ok(id) ? id : "?");
		if (id == NULL || !text_external_id_ok(id)) {
			import_errf(a, p, "%s: id: missing or invalid (1 to %d "
			    "of A-Z a-z 0-9 - _ . :)", w->label,
			    IMPORT_MAX_EXTERNAL_ID);
			continue;
		}
		w->id = arena_strdup(a, id);
		w->title = import_text_field(a, p, w->label, "title",
		    member_str(a, p, o, "title", w->label, &bad), IMPORT_MAX_TITLE,
		    1);
		w->starts_at = import_time_field(a, p, w->label, "starts_at",
		    member_str(a, p, o, "starts_at", w->label, &bad));
		w->ends_at = import_time_field(a, p, w->label, "ends_at",
		    member_str(a, p, o, "ends_at", w->label, &bad));
		w->room_url = import_url_field(a, p, w->label, "room_url",
		    member_str(a, p, o, "room_url", w->label, &bad), &bad);
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
	p->name = import_text_field(a, p, "conference", "name",
	    member_str(a, p, o, "name", "conference", &bad), IMPORT_MAX_TITLE, 0);
	v = member_str(a, p, o, "slug", "conference", &bad);
	if (v != NULL && *v != '\0' && !text_external_id_ok(v))
		import_errf(a, p, "conference: slug: invalid (1 to %d of "
		    "A-Z a-z 0-9 - _ . :)", IMPORT_MAX_EXTERNAL_ID);
	else
		p->slug = v ? arena_strdup(a, v) : NULL;
	v = member_str(a, p, o, "default_timezone", "conference", &bad);
	if (v != NULL && !import_tz_ok(v))
		import_errf(a, p, "conference: default_timezone: invalid time "
		    "zone %s", import_quoted(a, v));
	else
		p->timezone = v ? arena_strdup(a, v) : NULL;
	p->registration_url = import_url_field(a, p, "conference",
	    "registration_url", member_str(a, p, o, "registration_url",
	    "conference", &bad), &bad);
}

int
import_parse_json(struct arena *a, const char *data, size_t len,
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
		    json_is_string(ext) &&
		    text_external_id_ok(json_string_value(ext)) ?
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
				    import_quoted(a, s->themes[j]));
		}
		p->nsessions++;
	}
	json_decref(root);
	return 0;
}


/*
 * The conference program as lists (docs/conference.md): GET
 * /conference/schedule (sessions by day in a time zone, with filters and
 * their menus), /conference/recordings (by webinar), and the calendars
 * /conference/schedule.ics and /t/:topic_id.ics.  Public reads: a room URL
 * appears only for callers present_conference_room() allows, and never in
 * a public calendar.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "conference.h"
#include "db.h"
#include "handlers.h"
#include "http.h"
#include "ical.h"
#include "perm.h"
#include "present_conference.h"
#include "program.h"
#include "session_rights.h"
#include "topics.h"
#include "valid.h"

#define MAX_FILTER	100		/* bytes of a filter value */

/* A filter value from the query: NULL when absent; E_BAD_REQUEST set in
 * *e when malformed. */
static const char *
filter_param(struct req *r, const char *name, int *e)
{
	const char *v = req_param(r, name);

	if (v == NULL || *v == '\0')
		return NULL;
	if (strlen(v) > MAX_FILTER || !valid_text(v) || strchr(v, '\n')) {
		req_errf(r, "%s is invalid", name);
		*e = E_BAD_REQUEST;
		return NULL;
	}
	return v;
}

struct schedule_query {
	struct conf_filter	 f;
	const char		*tz;
	const char		*day;
};

/* Reads tz, day, webinar, language, tag and format. */
static int
read_filters(struct req *r, struct schedule_query *q)
{
	int e = E_OK;

	memset(q, 0, sizeof(*q));
	q->tz = filter_param(r, "tz", &e);
	if (q->tz == NULL)
		q->tz = present_conference_setting(r, "conference_timezone");
	if (q->tz == NULL || !ical_tz_known(q->tz))
		q->tz = e == E_OK && req_param(r, "tz") != NULL ? NULL : "UTC";
	if (q->tz == NULL) {
		req_errf(r, "tz: unknown time zone");
		return E_BAD_REQUEST;
	}
	q->day = filter_param(r, "day", &e);
	q->f.webinar = filter_param(r, "webinar", &e);
	q->f.language = filter_param(r, "language", &e);
	q->f.tag = filter_param(r, "tag", &e);
	q->f.format = filter_param(r, "format", &e);
	if (e != E_OK)
		return e;
	if (q->f.format != NULL && strcmp(q->f.format, "sync") != 0 &&
	    strcmp(q->f.format, "async") != 0) {
		req_errf(r, "format must be sync or async");
		return E_BAD_REQUEST;
	}
	if (q->day != NULL && ical_day_bounds(q->tz, q->day, &q->f.from,
	    &q->f.until) != 0) {
		req_errf(r, "day must be a date (YYYY-MM-DD)");
		return E_BAD_REQUEST;
	}
	if ((q->f.visible = perm_visible_categories(r)) == NULL)
		return E_INTERNAL;
	return E_OK;
}

/* Appends the distinct values of every session (for filter menus). */
static void
facets(json_t *o, const struct conf_session *s, size_t n)
{
	json_t *langs = json_array(), *tags = json_array(), *v;
	size_t i, j, k;

	for (i = 0; i < n; i++) {
		int seen = 0;

		json_array_foreach(langs, k, v)
			if (strcmp(json_string_value(v), s[i].language) == 0)
				seen = 1;
		if (!seen && *s[i].language)
			json_array_append_new(langs,
			    json_string(s[i].language));
		for (j = 0; j < s[i].ntags; j++) {
			seen = 0;
			json_array_foreach(tags, k, v)
				if (strcmp(json_string_value(v),
				    s[i].tags[j]) == 0)
					seen = 1;
			if (!seen)
				json_array_append_new(tags,
				    json_string(s[i].tags[j]));
		}
	}
	json_object_set_new(o, "languages", langs);
	json_object_set_new(o, "tags", tags);
}

static json_t *
webinars_json(struct req *r, int *err)
{
	struct conf_webinar *w;
	json_t *list;
	size_t n, i;

	*err = E_OK;
	if (db_conf_webinars(req_db(r), r->arena, &w, &n) != DB_OK) {
		*err = E_INTERNAL;
		return NULL;
	}
	list = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:s,s:s,s:o,s:o}",
		    "id", w[i].external_id, "title", w[i].title, "starts_at",
		    json_time(w[i].starts_at), "ends_at",
		    json_time(w[i].ends_at)));
	return list;
}

int
h_conference_schedule(struct req *r)
{
	struct schedule_query q;
	struct conf_session *s, *all;
	struct conf_filter everything;
	json_t *o, *days, *day = NULL, *unscheduled, *webinars;
	char date[11], last[11] = "";
	size_t n, nall, i;
	int participant, e;

	if ((e = read_filters(r, &q)) != E_OK)
		return e;
	if (db_conf_sessions(req_db(r), r->arena, &q.f, IMPORT_MAX_SESSIONS,
	    &s, &n) != DB_OK ||
	    (participant = present_conference_participant(r)) < 0)
		return E_INTERNAL;
	everything = (struct conf_filter){ .visible = q.f.visible };
	if (db_conf_sessions(req_db(r), r->arena, &everything,
	    IMPORT_MAX_SESSIONS, &all, &nall) != DB_OK)
		return E_INTERNAL;
	if ((webinars = webinars_json(r, &e)) == NULL)
		return e;
	days = json_array();
	unscheduled = json_array();
	for (i = 0; i < n; i++) {
		json_t *item = present_conference_session(r, &s[i],
		    participant, -1);

		if (s[i].starts_at == 0) {
			json_array_append_new(unscheduled, item);
			continue;
		}
		if (ical_local_date(q.tz, s[i].starts_at, date) != 0)
			strcpy(date, "?");
		if (day == NULL || strcmp(date, last) != 0) {
			day = json_pack("{s:s,s:[]}", "date", date,
			    "sessions");
			json_array_append_new(days, day);
			memcpy(last, date, sizeof(last));
		}
		json_array_append_new(json_object_get(day, "sessions"), item);
	}
	o = json_pack("{s:o,s:s,s:{s:o,s:o,s:o,s:o,s:o},s:o,s:o,s:o,s:I}",
	    "conference", present_conference_info(r), "timezone", q.tz,
	    "filters", "day", present_conference_str(q.day),
	    "webinar", present_conference_str(q.f.webinar),
	    "language", present_conference_str(q.f.language),
	    "tag", present_conference_str(q.f.tag),
	    "format", present_conference_str(q.f.format),
	    "days", days, "unscheduled", unscheduled, "webinars", webinars,
	    "session_count", (json_int_t)n);
	facets(o, all, nall);
	json_object_set_new(o, "can_see_room", json_boolean(
	    conf_room_visible(r->user != NULL, participant,
	    perm_is_staff(r->user), 0)));
	return resp_json(r, 200, o);
}

int
h_conference_recordings(struct req *r)
{
	struct conf_filter f = { .recorded = 1 };
	struct conf_session *s;
	json_t *webinars, *other, *w = NULL;
	const char *last = NULL;
	size_t n, i;
	int participant;

	if ((f.visible = perm_visible_categories(r)) == NULL ||
	    db_conf_sessions(req_db(r), r->arena, &f, IMPORT_MAX_SESSIONS, &s,
	    &n) != DB_OK ||
	    (participant = present_conference_participant(r)) < 0)
		return E_INTERNAL;
	webinars = json_array();
	other = json_array();
	/* Sessions come by start then webinar: gather each webinar's. */
	for (i = 0; i < n; i++) {
		json_t *item = present_conference_session(r, &s[i],
		    participant, -1);
		size_t k;
		json_t *x;

		if (s[i].webinar_external_id == NULL) {
			json_array_append_new(other, item);
			continue;
		}
		w = NULL;
		if (last == NULL || strcmp(last, s[i].webinar_external_id) != 0)
			json_array_foreach(webinars, k, x)
				if (strcmp(json_string_value(json_object_get(x,
				    "id")), s[i].webinar_external_id) == 0)
					w = x;
		if (w == NULL && last != NULL &&
		    strcmp(last, s[i].webinar_external_id) == 0)
			w = json_array_get(webinars,
			    json_array_size(webinars) - 1);
		if (w == NULL) {
			w = json_pack("{s:s,s:s,s:o,s:o,s:[]}", "id",
			    s[i].webinar_external_id, "title",
			    s[i].webinar_title ? s[i].webinar_title : "",
			    "starts_at", json_time(s[i].webinar_starts_at),
			    "ends_at", json_time(s[i].webinar_ends_at),
			    "sessions");
			json_array_append_new(webinars, w);
		}
		last = s[i].webinar_external_id;
		json_array_append_new(json_object_get(w, "sessions"), item);
	}
	return resp_json(r, 200, json_pack("{s:o,s:o,s:I}", "webinars",
	    webinars, "other_sessions", other, "session_count",
	    (json_int_t)n));
}

int
h_conference_schedule_ics(struct req *r)
{
	struct schedule_query q;
	struct conf_session *s;
	size_t n;
	int e;

	if ((e = read_filters(r, &q)) != E_OK)
		return e;
	q.f.scheduled = 1;
	if (db_conf_sessions(req_db(r), r->arena, &q.f, IMPORT_MAX_SESSIONS,
	    &s, &n) != DB_OK)
		return E_INTERNAL;
	/* A public feed: never a room. */
	return present_conference_calendar(r,
	    present_conference_calendar_name(r), s, n, 0, 0);
}

int
h_conference_topic_ics(struct req *r)
{
	const char *file = req_arg_named(r, "ics");
	struct conf_filter f = {0};
	struct topic_rights tr;
	struct conf_session *s;
	struct topic *t;
	size_t n, len = strlen(file), i;
	int64_t id = 0;
	int e;

	if (len < 5 || len > 22 || strcmp(file + len - 4, ".ics") != 0)
		return E_NOT_FOUND;
	for (i = 0; i < len - 4; i++) {
		if (!isdigit((unsigned char)file[i]))
			return E_NOT_FOUND;
		id = id * 10 + (file[i] - '0');
	}
	if ((e = perm_topic_load(r, id, &t, &tr)) != E_OK)
		return e;
	if (!tr.session || t->deleted_at != 0)
		return E_NOT_FOUND;
	f.topic_id = t->id;
	if ((f.visible = perm_visible_categories(r)) == NULL ||
	    db_conf_sessions(req_db(r), r->arena, &f, 1, &s, &n) != DB_OK)
		return E_INTERNAL;
	if (n == 0 || s[0].starts_at == 0)
		return E_NOT_FOUND;
	return present_conference_calendar(r, s[0].title, s, n, 0, 0);
}

/*
 * The conference over HTTP: sessions (the conference_session object of a
 * topic, and editing it), the schedule and recordings, calendars (one
 * session, the program, a personal agenda behind a private revocable
 * token), Q&A (votes and answered questions, as Discourse's
 * question-answer and solved plugins), participants and registration
 * codes, and the staff import.  docs/conference.md documents each.
 *
 * The live room URL is a secret of the participants group, the session's
 * presenters and staff: it is written into a response only after
 * see_room() says so, never into anything an anonymous visitor can get
 * (so every R_CACHE route here answers anonymous visitors identically),
 * never into a post, and never into a log line.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <sodium.h>

#include "auth.h"
#include "program.h"
#include "conference.h"
#include "config.h"
#include "db.h"
#include "groups.h"
#include "handlers.h"
#include "http.h"
#include "ical.h"
#include "perm.h"
#include "posts.h"
#include "ratelimit.h"
#include "topics.h"
#include "users.h"
#include "valid.h"

#define MAX_FILTER	100		/* bytes of a filter value */
#define MAX_CSV_ROWS	5000		/* participants at once */
#define MAX_CODE	64
#define MAX_DESCRIPTION	255
#define REGISTER_PER_USER_HOUR	10
#define REGISTER_PER_IP_HOUR	30

/* --- who sees the room --------------------------------------------- */

/* Whether the caller is in the participants group (0 when it does not
 * exist); -1 on a database error. */
static int
is_participant(struct req *r)
{
	int64_t gid;
	int rc;

	if (r->user == NULL)
		return 0;
	rc = db_conf_group_id(req_db(r), CONF_GROUP_PARTICIPANTS, &gid);
	if (rc == DB_NOTFOUND)
		return 0;
	if (rc != DB_OK)
		return -1;
	return perm_in_group(r->user, gid);
}

static int
presents(const struct req *r, const struct conf_session *s)
{
	size_t i;

	for (i = 0; r->user != NULL && i < s->npresenters; i++)
		if (s->presenters[i].user_id == r->user->id)
			return 1;
	return 0;
}

/* participant: is_participant() of the caller (staff count as one). */
static int
see_room(const struct req *r, const struct conf_session *s, int participant)
{
	return r->user != NULL && (participant || perm_is_staff(r->user) ||
	    presents(r, s));
}

/* --- the session object -------------------------------------------- */

static char *
setting(struct req *r, const char *name)
{
	char *v = NULL;

	if (db_setting_get(req_db(r), r->arena, name, &v) != DB_OK)
		return NULL;
	return v;
}

static json_t *
str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static json_t *
presenters_json(const struct conf_session *s, int staff)
{
	json_t *list = json_array(), *o;
	size_t i;

	for (i = 0; i < s->npresenters; i++) {
		const struct conf_presenter *p = &s->presenters[i];

		o = json_pack("{s:s,s:s,s:o,s:o}", "name", p->name,
		    "affiliation", p->affiliation ? p->affiliation : "",
		    "username", str_or_null(p->account),
		    "user_id", p->user_id ? json_integer(p->user_id) :
		    json_null());
		/* What the program said, to fix a link: staff only. */
		if (staff) {
			json_object_set_new(o, "program_username",
			    str_or_null(p->username));
			json_object_set_new(o, "program_email",
			    str_or_null(p->email));
		}
		json_array_append_new(list, o);
	}
	return list;
}

static json_t *
themes_json(const char *themes)
{
	json_t *v = json_loads(themes ? themes : "[]", 0, NULL);

	if (!json_is_array(v)) {
		json_decref(v);
		return json_array();
	}
	return v;
}

static json_t *
tags_json(const struct conf_session *s)
{
	json_t *list = json_array();
	size_t i;

	for (i = 0; i < s->ntags; i++)
		json_array_append_new(list, json_string(s->tags[i]));
	return list;
}

/*
 * The conference_session object for the caller.  room: whether the room
 * URL may be shown.  in_agenda: -1 to leave the field out.  Lists leave
 * the abstract out (in_agenda -1 or 1 there): it is the topic's to show.
 */
static json_t *
session_json_full(struct req *r, const struct conf_session *s, int room,
    int in_agenda, int full)
{
	int staff = perm_is_staff(r->user), mine = presents(r, s);
	const char *url = conf_session_room(s);
	json_t *o = json_object();

#define SET(k, v) json_object_set_new(o, k, v)
	SET("topic_id", json_integer(s->topic_id));
	SET("external_id", json_string(s->external_id));
	SET("title", json_string(s->title ? s->title : ""));
	SET("slug", json_string(s->slug ? s->slug : ""));
	SET("url", json_sprintf("/t/%s/%lld", s->slug ? s->slug : "-",
	    (long long)s->topic_id));
	SET("webinar", s->webinar_external_id ? json_pack("{s:s,s:s,s:o,s:o}",
	    "id", s->webinar_external_id, "title", s->webinar_title ?
	    s->webinar_title : "", "starts_at", json_time(s->webinar_starts_at),
	    "ends_at", json_time(s->webinar_ends_at)) : json_null());
	SET("format", json_string(s->format ? s->format : "sync"));
	SET("language", json_string(s->language ? s->language : ""));
	SET("starts_at", json_time(s->starts_at));
	SET("ends_at", json_time(s->ends_at));
	SET("action_areas", themes_json(s->themes));
	SET("tags", tags_json(s));
	SET("presenters", presenters_json(s, staff));
	if (full)
		SET("abstract", json_string(s->abstract ? s->abstract : ""));
	SET("has_room", json_boolean(url != NULL));
	SET("can_see_room", json_boolean(room));
	/* The one place the room URL is written. */
	SET("room_url", room && url ? json_string(url) : json_null());
	SET("has_recording", json_boolean(s->recording_url != NULL));
	SET("recording_url", str_or_null(s->recording_url));
	if (in_agenda >= 0)
		SET("in_agenda", json_boolean(in_agenda));
	SET("is_presenter", json_boolean(mine));
	if (full) {
		SET("recording_post_id", s->recording_post_id ?
		    json_integer(s->recording_post_id) : json_null());
		SET("can_edit", json_boolean(staff));
		SET("can_edit_abstract", json_boolean(staff || mine));
		SET("updated_at", json_time(s->updated_at));
	}
#undef SET
	return o;
}

/* A list item: session_json_full without the abstract. */
static json_t *
session_json(struct req *r, const struct conf_session *s, int room,
    int in_agenda)
{
	return session_json_full(r, s, room, in_agenda, 0);
}

json_t *
h_conference_topic_json(struct req *r, const struct topic *t,
    const struct topic_rights *tr, int *err)
{
	struct conf_session *s;
	int64_t answered = 0;
	int participant, agenda = 0, rc;
	json_t *o;

	*err = E_OK;
	if (!tr->session)
		return NULL;
	if (db_conf_session_get(req_db(r), r->arena, t->id, &s) != DB_OK ||
	    db_conf_answered_count(req_db(r), t->id, &answered) != DB_OK ||
	    (participant = is_participant(r)) < 0) {
		*err = E_INTERNAL;
		return NULL;
	}
	if (r->user != NULL) {
		rc = db_conf_agenda_has(req_db(r), r->user->id, t->id);
		if (rc != DB_OK && rc != DB_NOTFOUND) {
			*err = E_INTERNAL;
			return NULL;
		}
		agenda = rc == DB_OK;
	}
	o = session_json_full(r, s, see_room(r, s, participant),
	    r->user ? agenda : -1, 1);
	json_object_set_new(o, "answered_count", json_integer(answered));
	json_object_set_new(o, "registration_url",
	    str_or_null(setting(r, "conference_registration_url")));
	return o;
}

/* --- posts --------------------------------------------------------- */

int
h_conference_post_fields(struct req *r, const struct topic *t,
    const struct topic_rights *tr, const struct post *p, json_t *o)
{
	struct conf_post_qa qa;
	int mine = r->user != NULL && r->user->id == p->user_id;
	int question = p->post_number > 1 && p->id != tr->recording_post_id &&
	    p->deleted_at == 0;
	int judge = tr->staff || tr->presenter;

	if (!tr->session)
		return E_OK;
	if (db_conf_post_qa(req_db(r), p->id, r->user ? r->user->id : 0,
	    t->id, p->user_id, &qa) != DB_OK)
		return E_INTERNAL;
	json_object_set_new(o, "vote_count", json_integer(qa.vote_count));
	json_object_set_new(o, "user_voted", json_boolean(qa.user_voted));
	json_object_set_new(o, "can_vote", json_boolean(r->user != NULL &&
	    question && tr->act && !mine && !qa.user_voted));
	json_object_set_new(o, "can_unvote", json_boolean(qa.user_voted &&
	    tr->act));
	json_object_set_new(o, "accepted_answer", json_boolean(qa.answered));
	json_object_set_new(o, "can_accept_answer", json_boolean(judge &&
	    question && tr->act && !qa.answered));
	json_object_set_new(o, "can_unaccept_answer", json_boolean(judge &&
	    tr->act && qa.answered));
	json_object_set_new(o, "presenter", json_boolean(qa.author_presenter));
	json_object_set_new(o, "recording_post", json_boolean(p->id ==
	    tr->recording_post_id));
	/* Discourse clients show user_title beside the name. */
	if (qa.author_presenter)
		json_object_set_new(o, "user_title", json_string("Presenter"));
	return E_OK;
}

int
h_conference_stream(struct req *r, const struct topic *t,
    const struct topic_rights *tr, int64_t **ids, int64_t **numbers,
    size_t *n)
{
	const char *order = req_param(r, "order");
	int64_t id, number;
	size_t i;

	if (!tr->session)
		return E_OK;
	if (order != NULL && strcmp(order, "votes") == 0)
		return db_conf_stream_by_votes(req_db(r), r->arena, t->id,
		    tr->staff, tr->recording_post_id, ids, numbers, n) ==
		    DB_OK ? E_OK : E_INTERNAL;
	/* The recording post goes right under the first post; not when the
	 * reader asked for a post number, which the window is found by. */
	if (req_arg_id(r, "post_number") > 0)
		return E_OK;
	for (i = 2; tr->recording_post_id != 0 && i < *n; i++)
		if ((*ids)[i] == tr->recording_post_id) {
			id = (*ids)[i];
			number = (*numbers)[i];
			memmove(*ids + 2, *ids + 1, (i - 1) * sizeof(**ids));
			memmove(*numbers + 2, *numbers + 1,
			    (i - 1) * sizeof(**numbers));
			(*ids)[1] = id;
			(*numbers)[1] = number;
			break;
		}
	return E_OK;
}

/* --- lists ------------------------------------------------------------ */

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
		q->tz = setting(r, "conference_timezone");
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

static json_t *
conference_json(struct req *r)
{
	return json_pack("{s:o,s:o,s:o,s:o}",
	    "name", str_or_null(setting(r, "conference_name")),
	    "slug", str_or_null(setting(r, "conference_slug")),
	    "default_timezone", str_or_null(setting(r,
	    "conference_timezone")),
	    "registration_url", str_or_null(setting(r,
	    "conference_registration_url")));
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
	    &s, &n) != DB_OK || (participant = is_participant(r)) < 0)
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
		json_t *item = session_json(r, &s[i], see_room(r, &s[i],
		    participant), -1);

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
	    "conference", conference_json(r), "timezone", q.tz,
	    "filters", "day", str_or_null(q.day), "webinar",
	    str_or_null(q.f.webinar), "language", str_or_null(q.f.language),
	    "tag", str_or_null(q.f.tag), "format", str_or_null(q.f.format),
	    "days", days, "unscheduled", unscheduled, "webinars", webinars,
	    "session_count", (json_int_t)n);
	facets(o, all, nall);
	json_object_set_new(o, "can_see_room", json_boolean(r->user != NULL &&
	    (participant || perm_is_staff(r->user))));
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
	    &n) != DB_OK || (participant = is_participant(r)) < 0)
		return E_INTERNAL;
	webinars = json_array();
	other = json_array();
	/* Sessions come by start then webinar: gather each webinar's. */
	for (i = 0; i < n; i++) {
		json_t *item = session_json(r, &s[i], see_room(r, &s[i],
		    participant), -1);
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

/* --- one session ----------------------------------------------------- */

/* The session of topic :topic_id the caller may see; E_NOT_FOUND when
 * there is none. */
static int
load_session(struct req *r, struct topic **t, struct topic_rights *tr,
    struct conf_session **s)
{
	int e, rc;

	if ((e = h_topic_load(r, req_arg_id(r, "topic_id"), t, tr)) != E_OK)
		return e;
	if (!tr->session)
		return E_NOT_FOUND;
	rc = db_conf_session_get(req_db(r), r->arena, (*t)->id, s);
	return rc == DB_OK ? E_OK : rc == DB_NOTFOUND ? E_NOT_FOUND :
	    E_INTERNAL;
}

int
h_conference_session_show(struct req *r)
{
	struct topic_rights tr;
	struct topic *t;
	json_t *o;
	int e;

	if ((e = h_topic_load(r, req_arg_id(r, "topic_id"), &t, &tr)) != E_OK)
		return e;
	if ((o = h_conference_topic_json(r, t, &tr, &e)) == NULL)
		return e != E_OK ? e : E_NOT_FOUND;
	return resp_json(r, 200, json_pack("{s:o}", "conference_session", o));
}

static const char *const session_fields[] = {
	"title", "webinar", "format", "language", "starts_at", "ends_at",
	"abstract", "room_url", "recording_url", "external_id",
};

/* The request's fields as one JSON object for import_session_json. */
static int
request_fields(struct req *r, json_t *o, int *only_abstract)
{
	const char **list;
	json_t *v;
	size_t i, n;
	int e;

	*only_abstract = 1;
	for (i = 0; i < ARRAY_SIZE(session_fields); i++) {
		v = req_param_json(r, session_fields[i]);
		if (v == NULL && req_param(r, session_fields[i]) != NULL)
			v = json_string(req_param(r, session_fields[i]));
		else if (v != NULL)
			json_incref(v);
		if (v == NULL)
			continue;
		if (strcmp(session_fields[i], "abstract") != 0)
			*only_abstract = 0;
		/* An empty string clears, as null does. */
		if (json_is_string(v) && *json_string_value(v) == '\0' &&
		    strcmp(session_fields[i], "abstract") != 0) {
			json_decref(v);
			v = json_null();
		}
		json_object_set_new(o, session_fields[i], v);
	}
	if (req_param_json(r, "action_areas") != NULL ||
	    req_param_json(r, "action_areas[]") != NULL) {
		if ((e = req_param_list(r, "action_areas", &list, &n)) != E_OK)
			return e;
		v = json_array();
		for (i = 0; i < n; i++)
			json_array_append_new(v, json_string(list[i]));
		json_object_set_new(o, "action_areas", v);
		*only_abstract = 0;
	}
	/* A list of "Name (Affiliation) @username" (or of objects, in a
	 * JSON body that allows them). */
	if ((v = req_param_json(r, "presenters")) != NULL ||
	    (v = req_param_json(r, "presenters[]")) != NULL) {
		if (json_is_string(v))
			json_object_set_new(o, "presenters", json_pack("[O]",
			    v));
		else
			json_object_set(o, "presenters", v);
		*only_abstract = 0;
	}
	return E_OK;
}

static int
refuse(struct req *r, char **errors, size_t n)
{
	json_t *list = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(list, json_string(errors[i]));
	req_errors(r, list);
	return E_INVALID;
}

int
h_conference_session_update(struct req *r)
{
	struct import_program p = {0};
	struct import_session s;
	struct conf_webinar *w = NULL;
	struct conf_session *old;
	struct topic_rights tr;
	struct conf_ctx ctx;
	struct buf changed = {0};
	struct topic *t;
	const char *why = NULL;
	json_t *fields, *o;
	int e, only_abstract, rc;

	if ((e = load_session(r, &t, &tr, &old)) != E_OK)
		return e;
	if (!tr.staff && !tr.presenter)
		return E_FORBIDDEN;
	fields = json_object();
	if ((e = request_fields(r, fields, &only_abstract)) != E_OK) {
		json_decref(fields);
		return e;
	}
	/* Presenters edit their abstract; the rest is the program's. */
	if (!tr.staff && !only_abstract) {
		json_decref(fields);
		req_errf(r, "Presenters may change the abstract only.");
		return E_FORBIDDEN;
	}
	if (json_object_get(fields, "external_id") != NULL) {
		json_decref(fields);
		req_errf(r, "external_id cannot change.");
		return E_INVALID;
	}
	conf_session_model(r->arena, old, &s);
	import_session_json(r->arena, fields, "session", &s, &p);
	json_decref(fields);
	if (s.webinar != NULL) {
		rc = db_conf_webinar_by_ext(req_db(r), r->arena, s.webinar, &w);
		if (rc == DB_NOTFOUND)
			import_errf(r->arena, &p, "session: webinar: unknown "
			    "webinar");
		else if (rc != DB_OK)
			return E_INTERNAL;
	}
	import_session_check(r->arena, &s, w ? w->starts_at : 0,
	    w ? w->ends_at : 0, &p);
	if (p.nerrors > 0)
		return refuse(r, p.errors, p.nerrors);
	if (db_begin(req_db(r)) != DB_OK)
		return E_INTERNAL;
	if (conf_ctx_init(&ctx, req_db(r), r->arena, r->user->id) != 0 ||
	    (rc = conf_session_save(&ctx, &s, old, w, &changed, &why)) == -1 ||
	    (rc == 0 && (db_conf_presenters_prune(req_db(r),
	    ctx.presenters_gid) != DB_OK || db_commit(req_db(r)) != DB_OK))) {
		db_rollback(req_db(r));
		buf_free(&changed);
		return E_INTERNAL;
	}
	if (rc == -2) {
		db_rollback(req_db(r));
		buf_free(&changed);
		req_errf(r, "%s", why);
		return E_INVALID;
	}
	if ((e = h_topic_load(r, t->id, &t, &tr)) != E_OK ||
	    (o = h_conference_topic_json(r, t, &tr, &e)) == NULL) {
		buf_free(&changed);
		return e != E_OK ? e : E_INTERNAL;
	}
	o = json_pack("{s:o,s:s}", "conference_session", o, "changed",
	    changed.data ? changed.data : "");
	buf_free(&changed);
	return resp_json(r, 200, o);
}

/* --- calendars ------------------------------------------------------- */

static char *
session_uid(struct req *r, const struct conf_session *s, const char *slug)
{
	return slug ? arena_printf(r->arena, "%s.%s@confab", s->external_id,
	    slug) : arena_printf(r->arena, "%s@confab", s->external_id);
}

/* The event of session s; room: whether its room URL goes in. */
static void
session_event(struct req *r, const struct conf_session *s, int room,
    const char *slug, struct ical_event *ev)
{
	const char *url = conf_session_room(s);
	struct buf d = {0};
	json_t *themes = themes_json(s->themes), *v;
	size_t i;

	memset(ev, 0, sizeof(*ev));
	ev->uid = session_uid(r, s, slug);
	ev->starts_at = s->starts_at;
	ev->ends_at = s->ends_at;
	ev->stamp = s->updated_at;
	ev->summary = s->title;
	for (i = 0; i < s->npresenters; i++) {
		buf_puts(&d, i == 0 ? "Presenters: " : ", ");
		buf_puts(&d, s->presenters[i].name);
		if (s->presenters[i].affiliation &&
		    *s->presenters[i].affiliation)
			buf_printf(&d, " (%s)", s->presenters[i].affiliation);
	}
	if (s->npresenters > 0)
		buf_putc(&d, '\n');
	if (s->webinar_title)
		buf_printf(&d, "Webinar: %s\n", s->webinar_title);
	if (s->language && *s->language)
		buf_printf(&d, "Language: %s\n", s->language);
	buf_printf(&d, "Questions and answers: /t/%s/%lld\n", s->slug,
	    (long long)s->topic_id);
	if (url != NULL && room)
		buf_printf(&d, "Live room: %s\n", url);
	else if (url != NULL)
		buf_puts(&d, "Live room: open to registered participants\n");
	if (s->recording_url)
		buf_printf(&d, "Recording: %s\n", s->recording_url);
	ev->description = arena_strdup(r->arena, d.data ? d.data : "");
	buf_free(&d);
	ev->location = room && url ? url : "Online";
	ev->categories = arena_calloc(r->arena, json_array_size(themes) + 1,
	    sizeof(*ev->categories));
	json_array_foreach(themes, i, v)
		ev->categories[ev->ncategories++] = arena_strdup(r->arena,
		    json_string_value(v) ? json_string_value(v) : "");
	json_decref(themes);
}

/* Answers a calendar of s[0..n) (unscheduled ones left out). */
static int
calendar(struct req *r, const char *name, const struct conf_session *s,
    size_t n, int participant, int with_rooms)
{
	struct ical_event *ev = arena_calloc(r->arena, n + 1, sizeof(*ev));
	const char *slug = setting(r, "conference_slug");
	size_t i, k = 0, len;
	char *text;
	int e;

	for (i = 0; i < n; i++)
		if (s[i].starts_at != 0 && s[i].ends_at != 0)
			session_event(r, &s[i], with_rooms && see_room(r, &s[i],
			    participant), slug, &ev[k++]);
	if ((text = ical_calendar(name, ev, k, &len)) == NULL)
		return E_INTERNAL;
	e = resp_raw(r, 200, "text/calendar; charset=utf-8", text, len);
	ical_free(text);
	return e;
}

static const char *
calendar_name(struct req *r)
{
	const char *n = setting(r, "conference_name");

	return n ? n : "Conference";
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
	return calendar(r, calendar_name(r), s, n, 0, 0);
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
	if ((e = h_topic_load(r, id, &t, &tr)) != E_OK)
		return e;
	if (!tr.session || t->deleted_at != 0)
		return E_NOT_FOUND;
	f.topic_id = t->id;
	if ((f.visible = perm_visible_categories(r)) == NULL ||
	    db_conf_sessions(req_db(r), r->arena, &f, 1, &s, &n) != DB_OK)
		return E_INTERNAL;
	if (n == 0 || s[0].starts_at == 0)
		return E_NOT_FOUND;
	return calendar(r, s[0].title, s, n, 0, 0);
}

/* --- agendas ----------------------------------------------------------- */

int
h_conference_agenda(struct req *r)
{
	struct conf_filter f = { .agenda_user_id = r->user->id };
	struct conf_session *s;
	int64_t created = 0;
	json_t *list;
	size_t n, i;
	int participant, rc;

	if ((f.visible = perm_visible_categories(r)) == NULL ||
	    db_conf_sessions(req_db(r), r->arena, &f, IMPORT_MAX_SESSIONS, &s,
	    &n) != DB_OK || (participant = is_participant(r)) < 0)
		return E_INTERNAL;
	rc = db_conf_feed_exists(req_db(r), r->user->id, &created);
	if (rc != DB_OK && rc != DB_NOTFOUND)
		return E_INTERNAL;
	list = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(list, session_json(r, &s[i],
		    see_room(r, &s[i], participant), 1));
	return resp_json(r, 200, json_pack("{s:o,s:{s:b,s:o}}", "sessions",
	    list, "feed", "active", rc == DB_OK, "created_at",
	    json_time(rc == DB_OK ? created : 0)));
}

static int
agenda_change(struct req *r, int add)
{
	struct conf_session *s;
	struct topic_rights tr;
	struct topic *t;
	int e, rc;

	if ((e = load_session(r, &t, &tr, &s)) != E_OK)
		return e;
	rc = add ? db_conf_agenda_add(req_db(r), r->user->id, t->id,
	    util_now()) : db_conf_agenda_remove(req_db(r), r->user->id, t->id);
	if (rc != DB_OK)
		return E_INTERNAL;
	return resp_json(r, 200, json_pack("{s:s,s:I,s:b}", "success", "OK",
	    "topic_id", (json_int_t)t->id, "in_agenda", add));
}

int
h_conference_agenda_add(struct req *r)
{
	return agenda_change(r, 1);
}

int
h_conference_agenda_remove(struct req *r)
{
	return agenda_change(r, 0);
}

int
h_conference_feed_create(struct req *r)
{
	char token[AUTH_TOKEN_LEN + 1], hash[AUTH_HASH_LEN + 1];
	const char *url;

	auth_token_new(token, hash);
	if (db_conf_feed_set(req_db(r), r->user->id, hash, util_now()) !=
	    DB_OK)
		return E_INTERNAL;
	/* The only time the token is shown: only its hash is kept. */
	url = arena_printf(r->arena, "/conference/agenda.ics?token=%s", token);
	sodium_memzero(token, sizeof(token));
	return resp_json(r, 200, json_pack("{s:s,s:s}", "success", "OK",
	    "url", url));
}

int
h_conference_feed_revoke(struct req *r)
{
	int rc = db_conf_feed_delete(req_db(r), r->user->id);

	if (rc == DB_NOTFOUND)
		return E_NOT_FOUND;
	return rc == DB_OK ? resp_ok(r) : E_INTERNAL;
}

int
h_conference_agenda_ics(struct req *r)
{
	const char *token = req_param(r, "token");
	char hash[AUTH_HASH_LEN + 1];
	struct conf_filter f = {0};
	struct conf_session *s;
	struct user *u;
	int64_t uid;
	size_t n, i;
	int participant, rc;

	if (token == NULL || strlen(token) != AUTH_TOKEN_LEN)
		return E_NOT_FOUND;
	for (i = 0; i < AUTH_TOKEN_LEN; i++)
		if (!isalnum((unsigned char)token[i]) && token[i] != '-' &&
		    token[i] != '_')
			return E_NOT_FOUND;
	auth_secret_hash(token, hash);
	rc = db_conf_feed_user(req_db(r), hash, &uid);
	if (rc == DB_NOTFOUND)
		return E_NOT_FOUND;
	if (rc != DB_OK || db_user_by_id(req_db(r), r->arena, uid, &u) !=
	    DB_OK)
		return E_INTERNAL;
	/* The feed speaks for its owner, whoever fetches it: visibility,
	 * rooms and all (no permission was loaded for this request yet). */
	r->user = u;
	f.agenda_user_id = u->id;
	f.scheduled = 1;
	if ((f.visible = perm_visible_categories(r)) == NULL ||
	    db_conf_sessions(req_db(r), r->arena, &f, IMPORT_MAX_SESSIONS, &s,
	    &n) != DB_OK || (participant = is_participant(r)) < 0)
		return E_INTERNAL;
	return calendar(r, arena_printf(r->arena, "%s (my agenda)",
	    calendar_name(r)), s, n, participant, 1);
}

/* --- Q&A ------------------------------------------------------------- */

/* The post :post_id (or id) names, in a session, and the caller's rights;
 * E_INVALID with Discourse-like words when it is not a question. */
static int
load_question(struct req *r, const char *param, struct post **p,
    struct topic **t, struct topic_rights *tr)
{
	int64_t id;
	int e;

	if ((e = req_param_int(r, param, 0, &id)) != E_OK)
		return e;
	if (id <= 0) {
		req_errf(r, "param is missing or the value is empty: %s",
		    param);
		return E_BAD_REQUEST;
	}
	if ((e = h_post_load(r, id, 0, p, t, tr)) != E_OK)
		return e;
	if (!tr->session || (*p)->post_number == 1 ||
	    (*p)->id == tr->recording_post_id || (*p)->deleted_at != 0) {
		req_errf(r, "Only questions in a session's topic can be voted "
		    "on or marked answered.");
		return E_INVALID;
	}
	if (!tr->act)
		return E_FORBIDDEN;
	return E_OK;
}

static int
vote_answer(struct req *r, const struct post *p, const struct topic *t,
    int64_t user_id)
{
	struct conf_post_qa qa;

	if (db_conf_post_qa(req_db(r), p->id, user_id, t->id, p->user_id,
	    &qa) != DB_OK)
		return E_INTERNAL;
	return resp_json(r, 200, json_pack("{s:s,s:I,s:I,s:b,s:b}", "success",
	    "OK", "post_id", (json_int_t)p->id, "vote_count",
	    (json_int_t)qa.vote_count, "user_voted", qa.user_voted,
	    "accepted_answer", qa.answered));
}

int
h_conference_vote(struct req *r)
{
	struct topic_rights tr;
	struct topic *t;
	struct post *p;
	int e, rc;

	if ((e = load_question(r, "post_id", &p, &t, &tr)) != E_OK)
		return e;
	if (p->user_id == r->user->id) {
		req_errf(r, "You cannot vote for your own post.");
		return E_FORBIDDEN;
	}
	rc = db_conf_vote_add(req_db(r), p->id, r->user->id, util_now());
	if (rc == DB_CONSTRAINT) {
		req_errf(r, "You have already voted for this post.");
		return E_INVALID;
	}
	if (rc != DB_OK)
		return E_INTERNAL;
	return vote_answer(r, p, t, r->user->id);
}

int
h_conference_unvote(struct req *r)
{
	struct topic_rights tr;
	struct topic *t;
	struct post *p;
	int e, rc;

	if ((e = load_question(r, "post_id", &p, &t, &tr)) != E_OK)
		return e;
	rc = db_conf_vote_remove(req_db(r), p->id, r->user->id);
	if (rc == DB_NOTFOUND) {
		req_errf(r, "You have not voted for this post.");
		return E_INVALID;
	}
	if (rc != DB_OK)
		return E_INTERNAL;
	return vote_answer(r, p, t, r->user->id);
}

static int
accept(struct req *r, int on)
{
	struct topic_rights tr;
	struct topic *t;
	struct post *p;
	int e, rc;

	if ((e = load_question(r, "id", &p, &t, &tr)) != E_OK)
		return e;
	if (!tr.staff && !tr.presenter)
		return E_FORBIDDEN;
	rc = on ? db_conf_answer_set(req_db(r), p->id, t->id, r->user->id,
	    util_now()) : db_conf_answer_clear(req_db(r), p->id);
	if (rc == DB_CONSTRAINT || rc == DB_NOTFOUND) {
		req_errf(r, on ? "This question is already marked answered." :
		    "This question is not marked answered.");
		return E_INVALID;
	}
	if (rc != DB_OK)
		return E_INTERNAL;
	return vote_answer(r, p, t, r->user->id);
}

int
h_conference_accept(struct req *r)
{
	return accept(r, 1);
}

int
h_conference_unaccept(struct req *r)
{
	return accept(r, 0);
}

/* --- participants ------------------------------------------------------ */

struct login {
	const char	*login;
	char		*where;		/* "row 3", for errors */
};

struct logins {
	struct req	*r;
	struct login	*item;
	size_t		 n;
	size_t		 cap;
	size_t		 row;
	int		 first_cell;	/* of the current row */
	int		 too_many;
};

static void
logins_push(struct logins *l, const char *login, char *where)
{
	if (l->n == MAX_CSV_ROWS) {
		l->too_many = 1;
		return;
	}
	l->item = arena_grow(l->r->arena, l->item, l->n, &l->cap,
	    sizeof(*l->item), 32);
	l->item[l->n].login = login;
	l->item[l->n].where = where;
	l->n++;
}

static void
csv_cell(void *data, size_t len, void *ctx)
{
	struct logins *l = ctx;
	char *s, *t;

	if (!l->first_cell)
		return;
	l->first_cell = 0;
	s = arena_strndup(l->r->arena, data ? data : "", len);
	while (*s == ' ' || *s == '\t')
		s++;
	for (t = s + strlen(s); t > s && (t[-1] == ' ' || t[-1] == '\t' ||
	    t[-1] == '\r'); t--)
		;
	*t = '\0';
	/* A header row names its column. */
	if (l->row == 1 && (strcasecmp(s, "username") == 0 ||
	    strcasecmp(s, "email") == 0 || strcasecmp(s, "login") == 0))
		return;
	if (*s != '\0')
		logins_push(l, s, arena_printf(l->r->arena, "row %zu",
		    l->row));
}

static void
csv_eol(int c, void *ctx)
{
	struct logins *l = ctx;

	(void)c;
	l->row++;
	l->first_cell = 1;
}

/* Collects the usernames and emails of the request. */
static int
read_logins(struct req *r, struct logins *l)
{
	const char *csv = req_param(r, "csv"), **list;
	struct csv_parser parser;
	const char *names[] = { "usernames", "user_emails" };
	size_t i, j, n;
	int e;

	memset(l, 0, sizeof(*l));
	l->r = r;
	for (j = 0; j < ARRAY_SIZE(names); j++) {
		if ((e = req_param_list(r, names[j], &list, &n)) != E_OK)
			return e;
		for (i = 0; i < n; i++) {
			char *copy = arena_strdup(r->arena, list[i]), *save,
			    *item;

			for (item = strtok_r(copy, ",", &save); item != NULL;
			    item = strtok_r(NULL, ",", &save)) {
				while (*item == ' ')
					item++;
				if (*item != '\0')
					logins_push(l, item, arena_strdup(
					    r->arena, names[j]));
			}
		}
	}
	if (csv != NULL && *csv != '\0') {
		l->row = 1;
		l->first_cell = 1;
		if (csv_init(&parser, CSV_APPEND_NULL) != 0)
			return E_INTERNAL;
		if (csv_parse(&parser, csv, strlen(csv), csv_cell, csv_eol, l) !=
		    strlen(csv) || csv_fini(&parser, csv_cell, csv_eol, l) !=
		    0) {
			csv_free(&parser);
			req_errf(r, "csv: malformed CSV near row %zu", l->row);
			return E_BAD_REQUEST;
		}
		csv_free(&parser);
	}
	if (l->too_many) {
		req_errf(r, "At most %d users at once.", MAX_CSV_ROWS);
		return E_INVALID;
	}
	if (l->n == 0) {
		req_errf(r, "param is missing or the value is empty: "
		    "usernames, user_emails or csv");
		return E_BAD_REQUEST;
	}
	return E_OK;
}

int
h_conference_participants_add(struct req *r)
{
	struct logins l;
	json_t *added, *already, *errors;
	int64_t *ids, gid;
	char **names;
	size_t i;
	int e, rc, owner;

	if ((e = read_logins(r, &l)) != E_OK)
		return e;
	ids = arena_calloc(r->arena, l.n, sizeof(*ids));
	names = arena_calloc(r->arena, l.n, sizeof(*names));
	errors = json_array();
	for (i = 0; i < l.n; i++) {
		const char *login = l.item[i].login;

		if (!valid_text(login) || strlen(login) > 254)
			rc = DB_NOTFOUND;
		else
			rc = db_conf_user_find(req_db(r), r->arena, login,
			    strchr(login, '@') != NULL, &ids[i], &names[i]);
		if (rc == DB_NOTFOUND && json_array_size(errors) < 100)
			json_array_append_new(errors, json_sprintf(
			    "%s: no user %s", l.item[i].where, valid_text(
			    login) && strlen(login) <= 254 ? login :
			    "(invalid)"));
		else if (rc != DB_OK && rc != DB_NOTFOUND) {
			json_decref(errors);
			return E_INTERNAL;
		}
	}
	/* All or nothing, as for a program file. */
	if (json_array_size(errors) > 0) {
		req_errors(r, errors);
		return E_INVALID;
	}
	json_decref(errors);
	if (db_begin(req_db(r)) != DB_OK)
		return E_INTERNAL;
	added = json_array();
	already = json_array();
	rc = db_conf_group_ensure(req_db(r), CONF_GROUP_PARTICIPANTS,
	    "Registered participants", &gid);
	for (i = 0; rc == DB_OK && i < l.n; i++) {
		rc = db_group_membership(req_db(r), gid, ids[i], &owner);
		if (rc == DB_OK) {
			json_array_append_new(already, json_string(names[i]));
			continue;
		}
		if (rc == DB_NOTFOUND && (rc = db_group_add_member(req_db(r),
		    gid, ids[i])) == DB_OK)
			json_array_append_new(added, json_string(names[i]));
	}
	if (rc != DB_OK || db_commit(req_db(r)) != DB_OK) {
		db_rollback(req_db(r));
		json_decref(added);
		json_decref(already);
		return E_INTERNAL;
	}
	return resp_json(r, 200, json_pack("{s:s,s:I,s:o,s:o}", "success",
	    "OK", "group_id", (json_int_t)gid, "added", added, "already",
	    already));
}

/* --- registration codes ------------------------------------------------ */

/* A code as typed: trimmed, upper case.  NULL when malformed. */
static char *
normal_code(struct req *r, const char *in)
{
	size_t i, n;
	char *s;

	while (*in == ' ')
		in++;
	s = arena_strdup(r->arena, in);
	n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
	if (n < 6 || n > MAX_CODE)
		return NULL;
	for (i = 0; i < n; i++) {
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' &&
		    s[i] != '_')
			return NULL;
		s[i] = (char)toupper((unsigned char)s[i]);
	}
	return s;
}

/* A new code: three groups of four from an alphabet without 0/O, 1/I. */
static char *
new_code(struct req *r)
{
	static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	char code[15];
	size_t i, k = 0;

	for (i = 0; i < 12; i++) {
		if (i > 0 && i % 4 == 0)
			code[k++] = '-';
		code[k++] = alphabet[randombytes_uniform(sizeof(alphabet) -
		    1)];
	}
	code[k] = '\0';
	return arena_strdup(r->arena, code);
}

static json_t *
code_json(const struct conf_code *c)
{
	return json_pack("{s:I,s:s,s:s,s:o,s:I,s:o,s:o,s:o,s:o}", "id",
	    (json_int_t)c->id, "truncated_code", c->truncated, "description",
	    c->description ? c->description : "", "max_uses", c->max_uses ?
	    json_integer(c->max_uses) : json_null(), "uses",
	    (json_int_t)c->uses, "expires_at", json_time(c->expires_at),
	    "created_at", json_time(c->created_at), "revoked_at",
	    json_time(c->revoked_at), "created_by", str_or_null(c->created_by));
}

int
h_conference_codes_index(struct req *r)
{
	struct conf_code *c;
	json_t *list;
	size_t n, i;

	if (db_conf_codes(req_db(r), r->arena, &c, &n) != DB_OK)
		return E_INTERNAL;
	list = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(list, code_json(&c[i]));
	return resp_json(r, 200, json_pack("{s:o}", "registration_codes",
	    list));
}

int
h_conference_codes_create(struct req *r)
{
	const char *given = req_param(r, "code");
	const char *desc = req_param(r, "description");
	const char *expires = req_param(r, "expires_at");
	char hash[AUTH_HASH_LEN + 1], *code;
	struct conf_code c = {0};
	int64_t max_uses, until = 0, id;
	int e, rc;

	if ((e = req_param_int(r, "max_uses", 0, &max_uses)) != E_OK)
		return e;
	if (max_uses < 0 || max_uses > 1000000) {
		req_errf(r, "max_uses must be between 0 (no limit) and "
		    "1000000");
		return E_INVALID;
	}
	if (desc != NULL && (!valid_text(desc) || strlen(desc) >
	    MAX_DESCRIPTION * 4 || valid_utf8_chars(desc) > MAX_DESCRIPTION)) {
		req_errf(r, "Description is too long (maximum is %d "
		    "characters)", MAX_DESCRIPTION);
		return E_INVALID;
	}
	if (expires != NULL && *expires != '\0' && (strlen(expires) > 40 ||
	    util_parse_iso8601(expires, &until) != 0 || until <= util_now())) {
		req_errf(r, "expires_at must be a future date or time");
		return E_INVALID;
	}
	code = given && *given ? normal_code(r, given) : new_code(r);
	if (code == NULL) {
		req_errf(r, "A code is 6 to %d letters, digits, - or _.",
		    MAX_CODE);
		return E_INVALID;
	}
	auth_secret_hash(code, hash);
	rc = db_conf_code_create(req_db(r), hash, arena_strndup(r->arena, code,
	    4), desc, max_uses, until, r->user->id, util_now(), &id);
	if (rc == DB_CONSTRAINT) {
		req_errf(r, "That code already exists.");
		return E_INVALID;
	}
	if (rc != DB_OK)
		return E_INTERNAL;
	c.id = id;
	c.truncated = arena_strndup(r->arena, code, 4);
	c.description = (char *)(desc ? desc : "");
	c.max_uses = max_uses;
	c.expires_at = until;
	c.created_at = util_now();
	c.created_by = r->user->username;
	/* The code itself is shown once: only its hash is kept. */
	return resp_json(r, 200, json_pack("{s:o}", "registration_code",
	    json_pack("{s:s,s:o}", "code", code, "details", code_json(&c))));
}

int
h_conference_codes_revoke(struct req *r)
{
	int rc = db_conf_code_revoke(req_db(r), req_arg_id(r, "id"),
	    util_now());

	if (rc == DB_NOTFOUND)
		return E_NOT_FOUND;
	return rc == DB_OK ? resp_ok(r) : E_INTERNAL;
}

int
h_conference_redeem(struct req *r, const char *given, int64_t user_id,
    int64_t *group_id)
{
	char hash[AUTH_HASH_LEN + 1], *code;
	int rc;

	if ((code = normal_code(r, given)) == NULL) {
		req_errf(r, "That registration code is not valid.");
		return E_INVALID;
	}
	auth_secret_hash(code, hash);
	rc = db_conf_code_redeem(req_db(r), hash, user_id, util_now());
	if (rc == DB_NOTFOUND) {
		req_errf(r, "That registration code is not valid.");
		return E_INVALID;
	}
	if (rc != DB_OK || db_conf_group_ensure(req_db(r),
	    CONF_GROUP_PARTICIPANTS, "Registered participants", group_id) !=
	    DB_OK || db_group_add_member(req_db(r), *group_id, user_id) !=
	    DB_OK)
		return E_INTERNAL;
	return E_OK;
}

int
h_conference_register(struct req *r)
{
	const char *given = req_param(r, "code");
	char *key;
	int64_t gid;
	int wait, e;

	if (given == NULL || *given == '\0') {
		req_errf(r, "param is missing or the value is empty: code");
		return E_BAD_REQUEST;
	}
	/* Codes people choose can be short: throttle guessing. */
	key = arena_printf(r->arena, "regcode-user:%lld",
	    (long long)r->user->id);
	if ((wait = ratelimit_hit(key, REGISTER_PER_USER_HOUR, 3600)) == 0)
		wait = ratelimit_hit(arena_printf(r->arena, "regcode-ip:%s",
		    r->ip), REGISTER_PER_IP_HOUR, 3600);
	if (wait > 0) {
		r->retry_after = wait;
		return E_RATE_LIMIT;
	}
	if (db_begin(req_db(r)) != DB_OK)
		return E_INTERNAL;
	e = h_conference_redeem(r, given, r->user->id, &gid);
	if (e != E_OK || db_commit(req_db(r)) != DB_OK) {
		db_rollback(req_db(r));
		return e != E_OK ? e : E_INTERNAL;
	}
	return resp_json(r, 200, json_pack("{s:s,s:s,s:I}", "success", "OK",
	    "group", CONF_GROUP_PARTICIPANTS, "group_id", (json_int_t)gid));
}

/* --- import ------------------------------------------------------------ */

int
h_conference_import(struct req *r)
{
	const char *file = req_param(r, "file"), *fmt = req_param(r, "format");
	enum import_format format = IMPORT_AUTO;
	struct import_program *p;
	struct import_report rep;
	const char *data;
	json_t *errors;
	size_t len, i;
	int dry_run, e, rc;

	if ((e = req_param_bool(r, "dry_run", 0, &dry_run)) != E_OK)
		return e;
	/* The file's text, JSON or CSV, as one parameter. */
	if (file == NULL || *file == '\0') {
		req_errf(r, "param is missing or the value is empty: file");
		return E_BAD_REQUEST;
	}
	data = file;
	len = strlen(file);
	if (fmt != NULL && strcmp(fmt, "json") == 0)
		format = IMPORT_JSON;
	else if (fmt != NULL && strcmp(fmt, "csv") == 0)
		format = IMPORT_CSV;
	else if (fmt != NULL && *fmt != '\0' && strcmp(fmt, "auto") != 0) {
		req_errf(r, "format must be json, csv or auto");
		return E_BAD_REQUEST;
	}
	if (import_parse(r->arena, data, len, format, &p) != 0) {
		errors = json_array();
		for (i = 0; i < p->nerrors; i++)
			json_array_append_new(errors, json_string(
			    p->errors[i]));
		if (p->nerrors_total > p->nerrors)
			json_array_append_new(errors, json_sprintf("... and "
			    "%zu more", p->nerrors_total - p->nerrors));
		req_errors(r, errors);
		return E_INVALID;
	}
	rc = import_apply(req_db(r), p, dry_run, r->user->id, &rep);
	if (rc == -2) {
		req_errors(r, json_incref(rep.errors));
		import_report_free(&rep);
		return E_INVALID;
	}
	if (rc != 0) {
		import_report_free(&rep);
		return E_INTERNAL;
	}
	{
		json_t *o = import_report_json(&rep);

		import_report_free(&rep);
		return resp_json(r, 200, o);
	}
}

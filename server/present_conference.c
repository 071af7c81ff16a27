/*
 * The conference's JSON shapes and what its handlers share
 * (present_conference.h): the facts about the caller (participant or
 * not), the conference_session object, the Q&A fields of a post, a
 * session's stream order, and calendars.  The rules themselves (who sees
 * the room, who may vote or mark answered, the stream order) are core's,
 * in session_rights.c; this file loads the facts and writes the shapes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conference.h"
#include "db.h"
#include "handlers.h"
#include "http.h"
#include "ical.h"
#include "perm.h"
#include "posts.h"
#include "present_conference.h"
#include "session_rights.h"
#include "topics.h"
#include "users.h"

/* --- the caller ----------------------------------------------------- */

int
present_conference_participant(struct req *r)
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

/* Whether the caller presents s. */
static int
presents(const struct req *r, const struct conf_session *s)
{
	return conf_presents(s, r->user != NULL ? r->user->id : 0);
}

int
present_conference_room(struct req *r, const struct conf_session *s,
    int participant)
{
	return conf_room_visible(r->user != NULL, participant,
	    perm_is_staff(r->user), presents(r, s));
}

/* --- the session object -------------------------------------------- */

char *
present_conference_setting(struct req *r, const char *name)
{
	char *v = NULL;

	if (db_setting_get(req_db(r), r->arena, name, &v) != DB_OK)
		return NULL;
	return v;
}

json_t *
present_conference_str(const char *s)
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
		    "username", present_conference_str(p->account),
		    "user_id", p->user_id ? json_integer(p->user_id) :
		    json_null());
		/* What the program said, to fix a link: staff only. */
		if (staff) {
			json_object_set_new(o, "program_username",
			    present_conference_str(p->username));
			json_object_set_new(o, "program_email",
			    present_conference_str(p->email));
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
	SET("recording_url", present_conference_str(s->recording_url));
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

json_t *
present_conference_session(struct req *r, const struct conf_session *s,
    int participant, int in_agenda)
{
	return session_json_full(r, s, present_conference_room(r, s,
	    participant), in_agenda, 0);
}

json_t *
present_conference_topic(struct req *r, const struct topic *t,
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
	    (participant = present_conference_participant(r)) < 0) {
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
	o = session_json_full(r, s, present_conference_room(r, s, participant),
	    r->user ? agenda : -1, 1);
	json_object_set_new(o, "answered_count", json_integer(answered));
	json_object_set_new(o, "registration_url", present_conference_str(
	    present_conference_setting(r, "conference_registration_url")));
	return o;
}

/* --- a session's posts --------------------------------------------- */

int
present_conference_post_fields(struct req *r, const struct topic *t,
    const struct topic_rights *tr, const struct post *p, json_t *o)
{
	struct conf_post_qa qa;
	struct conf_qa_facts f = {0};
	struct conf_qa_rights may;

	if (!tr->session)
		return E_OK;
	if (db_conf_post_qa(req_db(r), p->id, r->user ? r->user->id : 0,
	    t->id, p->user_id, &qa) != DB_OK)
		return E_INTERNAL;
	f.signed_in = r->user != NULL;
	f.mine = r->user != NULL && r->user->id == p->user_id;
	f.question = conf_is_question(p->post_number, p->id,
	    tr->recording_post_id, p->deleted_at);
	f.act = tr->act;
	f.judge = conf_may_judge(tr->staff, tr->presenter);
	f.voted = qa.user_voted;
	f.answered = qa.answered;
	may = conf_qa_rights(&f);
	json_object_set_new(o, "vote_count", json_integer(qa.vote_count));
	json_object_set_new(o, "user_voted", json_boolean(qa.user_voted));
	json_object_set_new(o, "can_vote", json_boolean(may.vote));
	json_object_set_new(o, "can_unvote", json_boolean(may.unvote));
	json_object_set_new(o, "accepted_answer", json_boolean(qa.answered));
	json_object_set_new(o, "can_accept_answer", json_boolean(may.accept));
	json_object_set_new(o, "can_unaccept_answer",
	    json_boolean(may.unaccept));
	json_object_set_new(o, "presenter", json_boolean(qa.author_presenter));
	json_object_set_new(o, "recording_post", json_boolean(p->id ==
	    tr->recording_post_id));
	/* Discourse clients show user_title beside the name. */
	if (qa.author_presenter)
		json_object_set_new(o, "user_title", json_string("Presenter"));
	return E_OK;
}

int
present_conference_stream(struct req *r, const struct topic *t,
    const struct topic_rights *tr, int64_t **ids, int64_t **numbers,
    size_t *n)
{
	const char *order = req_param(r, "order");

	if (!tr->session)
		return E_OK;
	return conf_stream_order(req_db(r), r->arena, t->id, tr->staff,
	    tr->recording_post_id, order != NULL && strcmp(order, "votes") == 0,
	    req_arg_id(r, "post_number") > 0, ids, numbers, n) == 0 ? E_OK :
	    E_INTERNAL;
}

json_t *
present_conference_info(struct req *r)
{
	static const char *const keys[][2] = {
		{ "name", "conference_name" },
		{ "slug", "conference_slug" },
		{ "default_timezone", "conference_timezone" },
		{ "registration_url", "conference_registration_url" },
	};
	json_t *o = json_object();
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keys); i++)
		json_object_set_new(o, keys[i][0], present_conference_str(
		    present_conference_setting(r, keys[i][1])));
	return o;
}

/* --- one session ------------------------------------------------- */

int
present_conference_load(struct req *r, struct topic **t,
    struct topic_rights *tr, struct conf_session **s)
{
	int e, rc;

	if ((e = perm_topic_load(r, req_arg_id(r, "topic_id"), t, tr)) != E_OK)
		return e;
	if (!tr->session)
		return E_NOT_FOUND;
	rc = db_conf_session_get(req_db(r), r->arena, (*t)->id, s);
	return rc == DB_OK ? E_OK : rc == DB_NOTFOUND ? E_NOT_FOUND :
	    E_INTERNAL;
}

/* --- calendars --------------------------------------------------- */

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

int
present_conference_calendar(struct req *r, const char *name,
    const struct conf_session *s, size_t n, int participant, int with_rooms)
{
	struct ical_event *ev = arena_calloc(r->arena, n + 1, sizeof(*ev));
	const char *slug = present_conference_setting(r, "conference_slug");
	size_t i, k = 0, len;
	char *text;
	int e;

	for (i = 0; i < n; i++)
		if (s[i].starts_at != 0 && s[i].ends_at != 0)
			session_event(r, &s[i], with_rooms &&
			    present_conference_room(r, &s[i], participant),
			    slug, &ev[k++]);
	if ((text = ical_calendar(name, ev, k, &len)) == NULL)
		return E_INTERNAL;
	e = resp_raw(r, 200, "text/calendar; charset=utf-8", text, len);
	ical_free(text);
	return e;
}

const char *
present_conference_calendar_name(struct req *r)
{
	const char *n = present_conference_setting(r, "conference_name");

	return n ? n : "Conference";
}

/*
 * One conference session over HTTP (docs/conference.md): GET and PUT
 * /conference/sessions/:topic_id (staff edit every field, presenters the
 * abstract), and the staff import of a whole program, POST
 * /conference/import.  The writing is core's (conf_session.c,
 * program_apply.c); this file reads the request and answers.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf_session.h"
#include "conference.h"
#include "db.h"
#include "handlers.h"
#include "http.h"
#include "perm.h"
#include "present_conference.h"
#include "program.h"
#include "program_apply.h"
#include "topics.h"
#include "users.h"

int
h_conference_session_show(struct req *r)
{
	struct topic_rights tr;
	struct topic *t;
	json_t *o;
	int e;

	if ((e = perm_topic_load(r, req_arg_id(r, "topic_id"), &t, &tr)) != E_OK)
		return e;
	if ((o = present_conference_topic(r, t, &tr, &e)) == NULL)
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

	if ((e = present_conference_load(r, &t, &tr, &old)) != E_OK)
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
	if ((e = perm_topic_load(r, t->id, &t, &tr)) != E_OK ||
	    (o = present_conference_topic(r, t, &tr, &e)) == NULL) {
		buf_free(&changed);
		return e != E_OK ? e : E_INTERNAL;
	}
	o = json_pack("{s:o,s:s}", "conference_session", o, "changed",
	    changed.data ? changed.data : "");
	buf_free(&changed);
	return resp_json(r, 200, o);
}

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

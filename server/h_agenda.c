/*
 * A participant's personal agenda (docs/conference.md): the sessions they
 * marked, adding and removing them, and the private calendar feed behind
 * a revocable token (only its hash is kept) that speaks for its owner,
 * rooms and all, to whichever calendar application fetches it.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "auth.h"
#include "conference.h"
#include "db.h"
#include "handlers.h"
#include "http.h"
#include "perm.h"
#include "present_conference.h"
#include "program.h"
#include "topics.h"
#include "users.h"

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
	    &n) != DB_OK ||
	    (participant = present_conference_participant(r)) < 0)
		return E_INTERNAL;
	rc = db_conf_feed_exists(req_db(r), r->user->id, &created);
	if (rc != DB_OK && rc != DB_NOTFOUND)
		return E_INTERNAL;
	list = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(list, present_conference_session(r, &s[i],
		    participant, 1));
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

	if ((e = present_conference_load(r, &t, &tr, &s)) != E_OK)
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
	    &n) != DB_OK ||
	    (participant = present_conference_participant(r)) < 0)
		return E_INTERNAL;
	return present_conference_calendar(r, arena_printf(r->arena,
	    "%s (my agenda)", present_conference_calendar_name(r)), s, n,
	    participant, 1);
}

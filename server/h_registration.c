/*
 * Registering conference participants (docs/conference.md): staff add
 * users to the participants group by username, email or CSV upload, and
 * manage registration codes; a signed-in user redeems a code with POST
 * /conference/register (sign-up redeems one too, in h_users.c).  The
 * rules (normalising, generating, hashing and redeeming codes, reading
 * the lists) are core's, in registration.c.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "conference.h"
#include "db.h"
#include "groups.h"
#include "handlers.h"
#include "http.h"
#include "present_conference.h"
#include "ratelimit.h"
#include "registration.h"
#include "users.h"
#include "valid.h"

#define MAX_DESCRIPTION	255
#define REGISTER_PER_USER_HOUR	10
#define REGISTER_PER_IP_HOUR	30

/* Collects the usernames and emails of the request. */
static int
read_logins(struct req *r, struct conf_logins *l)
{
	const char *csv = req_param(r, "csv"), **list;
	const char *names[] = { "usernames", "user_emails" };
	size_t i, j, n;
	int e, rc;

	memset(l, 0, sizeof(*l));
	l->a = r->arena;
	for (j = 0; j < ARRAY_SIZE(names); j++) {
		if ((e = req_param_list(r, names[j], &list, &n)) != E_OK)
			return e;
		for (i = 0; i < n; i++)
			conf_logins_split(l, list[i], names[j]);
	}
	if (csv != NULL && *csv != '\0' &&
	    (rc = conf_logins_csv(l, csv)) != 0) {
		if (rc == -2)
			return E_INTERNAL;
		req_errf(r, "csv: malformed CSV near row %zu", l->row);
		return E_BAD_REQUEST;
	}
	if (l->too_many) {
		req_errf(r, "At most %d users at once.", CONF_LOGINS_MAX);
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
	struct conf_logins l;
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

static json_t *
code_json(const struct conf_code *c)
{
	return json_pack("{s:I,s:s,s:s,s:o,s:I,s:o,s:o,s:o,s:o}", "id",
	    (json_int_t)c->id, "truncated_code", c->truncated, "description",
	    c->description ? c->description : "", "max_uses", c->max_uses ?
	    json_integer(c->max_uses) : json_null(), "uses",
	    (json_int_t)c->uses, "expires_at", json_time(c->expires_at),
	    "created_at", json_time(c->created_at), "revoked_at",
	    json_time(c->revoked_at), "created_by",
	    present_conference_str(c->created_by));
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
	code = given && *given ? conf_code_normal(r->arena, given) :
	    conf_code_new(r->arena);
	if (code == NULL) {
		req_errf(r, "A code is 6 to %d letters, digits, - or _.",
		    CONF_CODE_MAX);
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
h_conference_register(struct req *r)
{
	const char *given = req_param(r, "code"), *why = NULL;
	char *key;
	int64_t gid;
	int wait, rc;

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
	rc = conf_code_redeem(req_db(r), r->arena, given, r->user->id,
	    util_now(), &gid, &why);
	if (rc != 0 || db_commit(req_db(r)) != DB_OK) {
		db_rollback(req_db(r));
		if (rc == -2) {
			req_errf(r, "%s", why);
			return E_INVALID;
		}
		return E_INTERNAL;
	}
	return resp_json(r, 200, json_pack("{s:s,s:s,s:I}", "success", "OK",
	    "group", CONF_GROUP_PARTICIPANTS, "group_id", (json_int_t)gid));
}

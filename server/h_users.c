/*
 * Sign-up (POST /users.json) and public profiles (GET /u/{username}.json).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth.h"
#include "session.h"
#include "cook.h"
#include "config.h"
#include "groups.h"
#include "handlers.h"
#include "http.h"
#include "perm.h"
#include "present.h"
#include "ratelimit.h"
#include "registration.h"
#include "users.h"
#include "valid.h"

/* Collects every problem with a sign-up, as Discourse lists them all. */
static int
check_signup(struct req *r, const char *username, const char *email,
    const char *password, const char *name, json_t *errors)
{
	const char *msg;
	int rc;

	if ((msg = valid_username(username)) != NULL)
		json_array_append_new(errors, json_string(msg));
	else if ((rc = db_username_taken(req_db(r), username)) == DB_OK)
		json_array_append_new(errors,
		    json_string("Username has already been taken"));
	else if (rc != DB_NOTFOUND)
		return E_INTERNAL;
	if ((msg = valid_email(email)) != NULL)
		json_array_append_new(errors, json_string(msg));
	else if ((rc = db_email_taken(req_db(r), email)) == DB_OK)
		json_array_append_new(errors,
		    json_string("Primary email has already been taken"));
	else if (rc != DB_NOTFOUND)
		return E_INTERNAL;
	if ((msg = valid_password(password, username, email)) != NULL)
		json_array_append_new(errors, json_string(msg));
	if (name != NULL && (strlen(name) > 255 || !valid_text(name)))
		json_array_append_new(errors, json_string("Name is invalid"));
	return E_OK;
}

static int
invalid(struct req *r, json_t *errors)
{
	req_errors(r, errors);
	req_err_set(r, "success", json_false());
	return E_INVALID;
}

/*
 * Creates the user and, when a registration_code is given, redeems it in
 * the same transaction: a bad code creates no account.  E_OK with *id,
 * E_INVALID (message set) or E_INTERNAL.
 */
static int
create_user(struct req *r, const struct user_new *nu, int64_t *id)
{
	const char *code = req_param(r, "registration_code"), *why = NULL;
	int64_t gid;
	int rc, redeem = 0;

	if (db_begin(req_db(r)) != DB_OK)
		return E_INTERNAL;
	rc = db_user_create(req_db(r), nu, id);
	if (rc == DB_OK && code != NULL && *code != '\0')
		redeem = conf_code_redeem(req_db(r), r->arena, code, *id,
		    util_now(), &gid, &why);
	if (rc != DB_OK || redeem != 0 || db_commit(req_db(r)) != DB_OK) {
		db_rollback(req_db(r));
		if (rc == DB_CONSTRAINT) {	/* lost a race for the name */
			req_errf(r, "Username has already been taken");
			return E_INVALID;
		}
		if (redeem == -2) {
			req_errf(r, "%s", why);
			return E_INVALID;
		}
		return E_INTERNAL;
	}
	return E_OK;
}

int
h_users_create(struct req *r)
{
	const char *username = req_param(r, "username");
	const char *email = req_param(r, "email");
	const char *password = req_param(r, "password");
	const char *name = req_param(r, "name");
	char hash[AUTH_PWHASH_LEN];
	struct user_new nu = {0};
	struct user *u;
	json_t *errors;
	int64_t id;
	int e, wait;

	if (username == NULL || email == NULL || password == NULL) {
		req_errf(r, "param is missing or the value is empty: %s",
		    username == NULL ? "username" : email == NULL ? "email" :
		    "password");
		return E_BAD_REQUEST;
	}
	wait = ratelimit_hit(arena_printf(r->arena, "signup-ip:%s", r->ip),
	    cfg.signups_per_ip_hour, 3600);
	if (wait > 0) {
		r->retry_after = wait;
		return E_RATE_LIMIT;
	}
	errors = json_array();
	if ((e = check_signup(r, username, email, password, name, errors)) !=
	    E_OK) {
		json_decref(errors);
		return e;
	}
	if (json_array_size(errors) > 0)
		return invalid(r, errors);
	json_decref(errors);
	if (auth_password_hash(password, hash) != 0)
		return E_INTERNAL;
	nu.username = username;
	nu.email = email;
	nu.name = name && *name ? name : username;
	nu.password_hash = hash;
	if ((e = create_user(r, &nu, &id)) != E_OK)
		return e;
	if (db_user_by_id(req_db(r), r->arena, id, &u) != DB_OK)
		return E_INTERNAL;
	/* A browser that signs up is logged in, as in Discourse. */
	if (r->auth != AUTH_API_KEY && (e = session_start(r, u)) != E_OK)
		return e;
	return resp_json(r, 200, json_pack("{s:b,s:b,s:s,s:I}", "success", 1,
	    "active", 1, "message",
	    "Your account is activated and ready to use.", "user_id",
	    (json_int_t)id));
}

/* Names of the created groups u is in, for the profile. */
static json_t *
user_groups(struct req *r, const struct user *u)
{
	json_t *list = json_array();
	struct group *g;
	size_t i;

	for (i = 0; i < u->ngroups; i++) {
		if (db_group_by_id(req_db(r), r->arena, u->group_ids[i], &g) !=
		    DB_OK || g->automatic)
			continue;
		json_array_append_new(list, json_pack("{s:I,s:s,s:s}", "id",
		    (json_int_t)g->id, "name", g->name, "full_name",
		    g->full_name));
	}
	return list;
}

int
h_users_show(struct req *r)
{
	const char *username = req_arg_named(r, "username");
	const char *visible;
	struct user *u;
	int64_t topics, posts, last_posted_at;
	json_t *o;
	int rc, self;

	if (strlen(username) > 60)
		return E_NOT_FOUND;
	rc = db_user_by_username(req_db(r), r->arena, username, &u);
	if (rc == DB_NOTFOUND || (rc == DB_OK && !u->active))
		return E_NOT_FOUND;
	if (rc != DB_OK || (visible = perm_visible_categories(r)) == NULL ||
	    db_user_visible_counts(req_db(r), u->id, visible, &topics,
	    &posts, &last_posted_at) != DB_OK)
		return E_INTERNAL;
	self = r->user != NULL && r->user->id == u->id;
	o = present_user_basic(u);
	json_object_set_new(o, "created_at", json_time(u->created_at));
	/* Not u->last_posted_at: a post where the reader cannot look must
	 * not show, not even as a date. */
	json_object_set_new(o, "last_posted_at", json_time(last_posted_at));
	json_object_set_new(o, "last_seen_at", json_time(u->last_seen_at));
	json_object_set_new(o, "trust_level", json_integer(u->trust_level));
	json_object_set_new(o, "admin", json_boolean(u->admin));
	json_object_set_new(o, "moderator", json_boolean(u->moderator));
	json_object_set_new(o, "badge_count", json_integer(0));
	json_object_set_new(o, "topic_count", json_integer(topics));
	json_object_set_new(o, "post_count", json_integer(posts));
	json_object_set_new(o, "time_read", json_integer(0));
	json_object_set_new(o, "primary_group_name", json_null());
	json_object_set_new(o, "groups", user_groups(r, u));
	json_object_set_new(o, "can_edit", json_boolean(self ||
	    perm_is_staff(r->user)));
	if (self || perm_is_staff(r->user))
		json_object_set_new(o, "email", json_string(u->email));
	if (self && present_unread_counts(r, u, o) != 0) {
		json_decref(o);
		return E_INTERNAL;
	}
	return resp_json(r, 200, json_pack("{s:o,s:[]}", "user", o,
	    "user_badges"));
}

#define ACTIONS_PAGE	30
#define ACTIONS_MAX_OFFSET 100000
#define ACTION_NEW_TOPIC 4	/* Discourse's UserAction types */
#define ACTION_REPLY	5

/* Reads filter=4,5 into which kinds to list; E_OK or E_BAD_REQUEST. */
static int
action_filter(struct req *r, int *topics, int *replies)
{
	const char *f = req_param(r, "filter"), *p;

	*topics = *replies = 1;
	if (f == NULL || *f == '\0')
		return E_OK;
	*topics = *replies = 0;
	for (p = f; *p; p++) {
		if (*p == '4')
			*topics = 1;
		else if (*p == '5')
			*replies = 1;
		else if (*p != ',') {
			req_errf(r, "filter must be a list of 4 and 5");
			return E_BAD_REQUEST;
		}
	}
	return E_OK;
}

static json_t *
action_json(const struct user *u, const struct user_action *a)
{
	char *excerpt = cook_excerpt(a->cooked, 300);
	json_t *o = json_pack("{s:i,s:o,s:s,s:s,s:I,s:I,s:I,s:I,s:s,s:s,s:s,"
	    "s:o}", "action_type", a->post_number == 1 ? ACTION_NEW_TOPIC :
	    ACTION_REPLY, "created_at", json_time(a->created_at), "title",
	    a->title, "slug", a->slug, "topic_id", (json_int_t)a->topic_id,
	    "post_number", (json_int_t)a->post_number, "post_id",
	    (json_int_t)a->post_id, "category_id", (json_int_t)a->category_id,
	    "excerpt", excerpt, "username", u->username, "name",
	    u->name ? u->name : "", "avatar_template",
	    present_avatar_template(u->username));

	free(excerpt);
	return o;
}

/*
 * GET /user_actions.json?username=U&filter=4,5&offset=N: a user's recent
 * topics (4) and replies (5), only where the reader may look.
 */
int
h_users_actions(struct req *r)
{
	const char *username = req_param(r, "username"), *visible;
	struct user_action *acts;
	struct user *u;
	int64_t offset;
	json_t *list;
	size_t i, n;
	int e, rc, topics, replies;

	if (username == NULL || *username == '\0') {
		req_errf(r, "param is missing or the value is empty: username");
		return E_BAD_REQUEST;
	}
	if ((e = action_filter(r, &topics, &replies)) != E_OK ||
	    (e = req_param_int(r, "offset", 0, &offset)) != E_OK)
		return e;
	if (offset < 0 || offset > ACTIONS_MAX_OFFSET) {
		req_errf(r, "offset must be between 0 and %d",
		    ACTIONS_MAX_OFFSET);
		return E_BAD_REQUEST;
	}
	rc = db_user_by_username(req_db(r), r->arena, username, &u);
	if (rc == DB_NOTFOUND || (rc == DB_OK && !u->active))
		return E_NOT_FOUND;
	if (rc != DB_OK || (visible = perm_visible_categories(r)) == NULL ||
	    db_user_actions(req_db(r), r->arena, u->id, visible, topics,
	    replies, ACTIONS_PAGE, offset, &acts, &n) != DB_OK)
		return E_INTERNAL;
	list = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(list, action_json(u, &acts[i]));
	return resp_json(r, 200, json_pack("{s:o}", "user_actions", list));
}

/*
 * PUT /u/{username}/password.json (current_password, password): your own
 * password only.  Every session of the account ends, this browser gets a
 * new one, so a stolen cookie dies with the old password.  Throttled like
 * logins; a wrong current password is 403.
 */
int
h_users_password(struct req *r)
{
	const char *current = req_param(r, "current_password");
	const char *password = req_param(r, "password");
	char hash[AUTH_PWHASH_LEN];
	const char *msg;
	int wait;

	if (strcasecmp(req_arg_named(r, "username"), r->user->username) != 0)
		return E_FORBIDDEN;
	if (current == NULL || password == NULL) {
		req_errf(r, "param is missing or the value is empty: %s",
		    current == NULL ? "current_password" : "password");
		return E_BAD_REQUEST;
	}
	wait = ratelimit_hit(arena_printf(r->arena, "password-user:%lld",
	    (long long)r->user->id), cfg.logins_per_account_minute, 60);
	if (wait > 0) {
		r->retry_after = wait;
		return E_RATE_LIMIT;
	}
	if (strlen(current) > cfg.max_password ||
	    auth_password_verify(r->user->password_hash, current) != 0) {
		req_errf(r, "Your current password is not correct.");
		return E_FORBIDDEN;
	}
	if ((msg = valid_password(password, r->user->username,
	    r->user->email)) != NULL) {
		req_errf(r, "%s", msg);
		return E_INVALID;
	}
	if (auth_password_hash(password, hash) != 0 ||
	    db_begin(req_db(r)) != DB_OK)
		return E_INTERNAL;
	if (db_user_set_password_hash(req_db(r), r->user->id, hash) != DB_OK ||
	    db_session_delete_user(req_db(r), r->user->id) != DB_OK ||
	    db_commit(req_db(r)) != DB_OK) {
		db_rollback(req_db(r));
		return E_INTERNAL;
	}
	if (r->auth == AUTH_COOKIE && session_start(r, r->user) != E_OK)
		return E_INTERNAL;
	return resp_ok(r);
}

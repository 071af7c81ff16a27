/*
 * API keys for admins (Discourse's /admin/api/keys): list, create (the key
 * is shown once, in the response, and only its hash is kept), revoke.
 */
#include <string.h>

#include "auth.h"
#include "handlers.h"
#include "http.h"
#include "present.h"
#include "users.h"
#include "valid.h"

#define DESCRIPTION_MAX 255

static json_t *
key_json(struct req *r, const struct api_key *k)
{
	struct user *u = NULL;
	json_t *o;

	if (k->user_id != 0)
		db_user_by_id(req_db(r), r->arena, k->user_id, &u);
	o = json_pack("{s:I,s:s,s:s,s:o,s:o,s:o,s:o}", "id",
	    (json_int_t)k->id, "truncated_key", k->truncated_key,
	    "description", k->description, "user",
	    u ? present_user_basic(u) : json_null(), "created_at",
	    json_time(k->created_at), "last_used_at",
	    json_time(k->last_used_at), "revoked_at",
	    json_time(k->revoked_at));
	return o;
}

int
h_api_keys_index(struct req *r)
{
	struct api_key *keys;
	json_t *list;
	size_t i, n;

	if (db_api_key_list(req_db(r), r->arena, &keys, &n) != DB_OK)
		return E_INTERNAL;
	list = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(list, key_json(r, &keys[i]));
	return resp_json(r, 200, json_pack("{s:o}", "keys", list));
}

int
h_api_keys_create(struct req *r)
{
	const char *description = req_param(r, "key[description]");
	const char *username = req_param(r, "key[username]");
	char key[65], hash[AUTH_HASH_LEN + 1];
	struct api_key k = {0};
	struct user *u = NULL;
	json_t *o;
	int rc;

	if (description == NULL)
		description = "";
	if (strlen(description) > DESCRIPTION_MAX || !valid_text(description)) {
		req_errf(r, "Description is too long (maximum is %d "
		    "characters)", DESCRIPTION_MAX);
		return E_INVALID;
	}
	if (username != NULL && *username != '\0') {
		rc = db_user_by_username(req_db(r), r->arena, username, &u);
		if (rc == DB_NOTFOUND) {
			req_errf(r, "User not found");
			return E_INVALID;
		}
		if (rc != DB_OK)
			return E_INTERNAL;
	}
	auth_api_key_new(key, hash);
	k.truncated_key = arena_strndup(r->arena, key, 4);
	k.description = (char *)description;
	k.user_id = u ? u->id : 0;
	k.created_at = util_now();
	if (db_api_key_create(req_db(r), hash, k.truncated_key, k.user_id,
	    description, r->user->id, &k.id) != DB_OK)
		return E_INTERNAL;
	o = key_json(r, &k);
	json_object_set_new(o, "key", json_string(key));
	return resp_json(r, 200, json_pack("{s:o}", "key", o));
}

int
h_api_keys_revoke(struct req *r)
{
	int rc = db_api_key_revoke(req_db(r), req_arg_id(r, "id"));

	if (rc == DB_NOTFOUND)
		return E_NOT_FOUND;
	if (rc != DB_OK)
		return E_INTERNAL;
	return resp_ok(r);
}

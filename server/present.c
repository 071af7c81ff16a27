/*
 * JSON shapes shared across resources.
 */
#include "perm.h"
#include "present.h"
#include "users.h"
#include "util.h"

json_t *
present_str(const char *s)
{
	json_t *v;

	if (s == NULL)
		return json_null();
	v = json_string(s);
	return v != NULL ? v : json_string("");
}

json_t *
present_avatar_template(const char *username)
{
	struct buf b = {0};
	json_t *s;

	buf_printf(&b, "/letter_avatar/%s/{size}/1.png", username);
	s = json_string(b.data);
	buf_free(&b);
	return s;
}

json_t *
present_user_basic(const struct user *u)
{
	return json_pack("{s:I,s:s,s:s,s:o}", "id", (json_int_t)u->id,
	    "username", u->username, "name", u->name ? u->name : "",
	    "avatar_template", present_avatar_template(u->username));
}

json_t *
present_current_user(struct req *r, const struct user *u)
{
	json_t *o = present_user_basic(u);

	if (present_unread_counts(r, u, o) != 0) {
		json_decref(o);
		return NULL;
	}

	json_object_set_new(o, "admin", json_boolean(u->admin));
	json_object_set_new(o, "moderator", json_boolean(u->moderator));
	json_object_set_new(o, "staff", json_boolean(perm_is_staff(u)));
	json_object_set_new(o, "trust_level", json_integer(u->trust_level));
	json_object_set_new(o, "email", json_string(u->email));
	json_object_set_new(o, "can_create_topic", json_true());
	json_object_set_new(o, "group_ids", json_array());
	for (size_t i = 0; i < u->ngroups; i++)
		json_array_append_new(json_object_get(o, "group_ids"),
		    json_integer(u->group_ids[i]));
	return o;
}

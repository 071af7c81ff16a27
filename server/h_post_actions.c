/*
 * Post actions: liking a post (POST /post_actions.json with
 * post_action_type_id=2) and undoing it (DELETE /post_actions/{post_id}).
 * Both answer with the post as it is now, whose actions_summary says what
 * the caller may do next.  Flags (the other type ids) are not supported
 * yet and say so.
 *
 * As in Discourse: no liking your own post, or a post in an archived or
 * deleted topic; a like can be undone for POST_UNDO_ACTION_SECONDS; every
 * refusal is 403 invalid_access with the one generic message.
 */
#include <string.h>

#include "actions.h"
#include "db.h"
#include "handlers.h"
#include "http.h"
#include "perm.h"
#include "posts.h"
#include "present.h"
#include "topics.h"
#include "users.h"

/* Discourse's flag type ids: off_topic, inappropriate, notify_user,
 * notify_moderators, spam, illegal. */
static int
is_flag(int64_t type)
{
	return type == 3 || type == 4 || type == 6 || type == 7 || type == 8 ||
	    type == 10;
}

/* Reads post_action_type_id; E_OK only for a like. */
static int
read_type(struct req *r)
{
	int64_t type;
	int e;

	if ((e = req_param_int(r, "post_action_type_id", 0, &type)) != E_OK)
		return e;
	if (type == POST_ACTION_LIKE)
		return E_OK;
	if (is_flag(type)) {
		req_errf(r, "Flags are not supported yet.");
		return E_INVALID;
	}
	if (type == 0)
		req_errf(r, "param is missing or the value is empty: "
		    "post_action_type_id");
	else
		req_errf(r, "post_action_type_id is not a known action type");
	return E_BAD_REQUEST;
}

/* Answers with the post after the change. */
static int
answer(struct req *r, int64_t post_id)
{
	struct topic_rights tr;
	struct topic *t;
	struct post *p;
	int e;

	if ((e = perm_post_load(r, post_id, 0, &p, &t, &tr)) != E_OK)
		return e == E_NOT_FOUND ? E_INTERNAL : e;
	return resp_json(r, 200, present_post_alone(r, t, &tr, p));
}

int
h_post_actions_create(struct req *r)
{
	struct topic_rights tr;
	struct topic *t;
	struct post *p;
	int64_t id;
	int e;

	if ((e = req_param_int(r, "id", 0, &id)) != E_OK)
		return e;
	if (req_param(r, "id") == NULL || *req_param(r, "id") == '\0') {
		req_errf(r, "param is missing or the value is empty: id");
		return E_BAD_REQUEST;
	}
	if ((e = read_type(r)) != E_OK ||
	    (e = perm_post_load(r, id, 0, &p, &t, &tr)) != E_OK)
		return e;
	if (!tr.act || p->deleted_at != 0 || p->user_id == r->user->id ||
	    p->liked_at != 0)
		return E_FORBIDDEN;
	if ((e = actions_like(req_db(r), p, r->user->id, 1)) != E_OK)
		return e;
	return answer(r, p->id);
}

int
h_post_actions_destroy(struct req *r)
{
	struct topic_rights tr;
	struct topic *t;
	struct post *p;
	int e;

	if ((e = read_type(r)) != E_OK ||
	    (e = perm_post_load(r, req_arg_id(r, "id"), 0, &p, &t, &tr)) != E_OK)
		return e;
	if (p->liked_at == 0)
		return E_NOT_FOUND;
	if (!tr.act || p->deleted_at != 0 ||
	    util_now() - p->liked_at >= POST_UNDO_ACTION_SECONDS)
		return E_FORBIDDEN;
	if ((e = actions_like(req_db(r), p, r->user->id, 0)) != E_OK)
		return e;
	return answer(r, p->id);
}

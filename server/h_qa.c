/*
 * Questions and answers in a session's topic (docs/conference.md), as
 * Discourse's question-answer and solved plugins: voting for a question
 * (POST/DELETE /qa/vote) and marking it answered (POST
 * /solution/accept, /solution/unaccept).  Which posts are questions and
 * who may judge them are core rules (session_rights.c).
 */
#include <string.h>

#include "actions.h"
#include "conference.h"
#include "db.h"
#include "handlers.h"
#include "http.h"
#include "perm.h"
#include "posts.h"
#include "session_rights.h"
#include "topics.h"
#include "users.h"

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
	if ((e = perm_post_load(r, id, 0, p, t, tr)) != E_OK)
		return e;
	if (!tr->session || !conf_is_question((*p)->post_number, (*p)->id,
	    tr->recording_post_id, (*p)->deleted_at)) {
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
	int e;

	if ((e = load_question(r, "post_id", &p, &t, &tr)) != E_OK)
		return e;
	if (p->user_id == r->user->id) {
		req_errf(r, "You cannot vote for your own post.");
		return E_FORBIDDEN;
	}
	if ((e = actions_vote(req_db(r), p, r->user->id, 1)) == E_INVALID)
		req_errf(r, "You have already voted for this post.");
	if (e != E_OK)
		return e;
	return vote_answer(r, p, t, r->user->id);
}

int
h_conference_unvote(struct req *r)
{
	struct topic_rights tr;
	struct topic *t;
	struct post *p;
	int e;

	if ((e = load_question(r, "post_id", &p, &t, &tr)) != E_OK)
		return e;
	if ((e = actions_vote(req_db(r), p, r->user->id, 0)) == E_INVALID)
		req_errf(r, "You have not voted for this post.");
	if (e != E_OK)
		return e;
	return vote_answer(r, p, t, r->user->id);
}

static int
accept(struct req *r, int on)
{
	struct topic_rights tr;
	struct topic *t;
	struct post *p;
	int e;

	if ((e = load_question(r, "id", &p, &t, &tr)) != E_OK)
		return e;
	if (!conf_may_judge(tr.staff, tr.presenter))
		return E_FORBIDDEN;
	if ((e = actions_accept(req_db(r), p, t->id, r->user->id, on)) ==
	    E_INVALID)
		req_errf(r, on ? "This question is already marked answered." :
		    "This question is not marked answered.");
	if (e != E_OK)
		return e;
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

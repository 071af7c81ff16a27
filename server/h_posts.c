/*
 * Posts over HTTP: creating topics and replies (POST /posts.json, with
 * Idempotency-Key), reading one post, editing, deleting, and the revision
 * view.  The rules and the writes are core/posting.c's; the post's JSON
 * is server/present_post.c's.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "config.h"
#include "cook.h"
#include "db.h"
#include "escape.h"
#include "handlers.h"
#include "http.h"
#include "idempotency.h"
#include "perm.h"
#include "posting.h"
#include "posts.h"
#include "present.h"
#include "text.h"
#include "topics.h"
#include "users.h"
#include "valid.h"

/* Reloads post id after a write and answers with it (wrapped in
 * {"post": ...} when wrap). */
static int
answer_post(struct req *r, int64_t id, int wrap)
{
	struct topic_rights tr;
	struct topic *t;
	struct post *p;
	json_t *o;
	int e;

	if ((e = perm_post_load(r, id, 1, &p, &t, &tr)) != E_OK)
		return e == E_NOT_FOUND ? E_INTERNAL : e;
	o = present_post_alone(r, t, &tr, p);
	return resp_json(r, 200, wrap ? json_pack("{s:o}", "post", o) : o);
}

/* --- creating ------------------------------------------------------ */

/* Which category a new topic goes in: category or category_id, 0 when
 * neither (Uncategorized). */
static int
read_category(struct req *r, int64_t *id)
{
	int e;

	if ((e = req_param_int(r, "category", 0, id)) != E_OK ||
	    (*id == 0 && (e = req_param_int(r, "category_id", 0, id)) !=
	    E_OK))
		return e;
	return E_OK;
}

static int
create_topic(struct req *r, const char *raw)
{
	struct topic_draft d = { .raw = raw,
	    .title = req_param(r, "title"),
	    .external_id = req_param(r, "external_id") };
	const char *archetype = req_param(r, "archetype");
	const struct viewer *v;
	struct refusal rf = {0};
	int64_t post_id;
	int e;

	/* Silently making a private message public would be far worse
	 * than refusing it. */
	if ((archetype != NULL && strcmp(archetype, "regular") != 0) ||
	    req_param(r, "target_recipients") != NULL ||
	    req_param(r, "target_usernames") != NULL) {
		req_errf(r, "Private messages are not supported.");
		return E_INVALID;
	}
	if ((e = read_category(r, &d.category_id)) != E_OK)
		return e;
	if ((v = perm_viewer(r)) == NULL)
		return E_INTERNAL;
	/* Only who may create topics in the category learns what is wrong
	 * with the rest: a missing and a hidden category look alike. */
	if (!perm_can_create_topic(rights_category(v, d.category_id == 0 ? 1 :
	    d.category_id)))
		return E_FORBIDDEN;
	if ((e = req_param_list(r, "tags", &d.tags, &d.ntags)) != E_OK)
		return e;
	e = posting_topic_create(req_db(r), r->arena, v, &d, &rf, &post_id);
	if (e != E_OK)
		return req_refuse(r, e, &rf);
	return answer_post(r, post_id, 0);
}

static int
create_reply(struct req *r, int64_t topic_id, const char *raw)
{
	const struct viewer *v = perm_viewer(r);
	struct refusal rf = {0};
	int64_t reply_to, id;
	int e;

	if (v == NULL)
		return E_INTERNAL;
	if ((e = req_param_int(r, "reply_to_post_number", 0, &reply_to)) !=
	    E_OK)
		return e;
	e = posting_reply(req_db(r), r->arena, v, topic_id, raw, reply_to,
	    &rf, &id);
	if (e != E_OK)
		return req_refuse(r, e, &rf);
	return answer_post(r, id, 0);
}

static int
create_post(struct req *r)
{
	const char *raw = req_param(r, "raw");
	int64_t topic_id;
	int e;

	if (raw == NULL || *raw == '\0') {
		req_errf(r, "param is missing or the value is empty: raw");
		return E_BAD_REQUEST;
	}
	if ((e = req_param_int(r, "topic_id", 0, &topic_id)) != E_OK)
		return e;
	/* Discourse: without topic_id it is a new topic. */
	if (req_param(r, "topic_id") == NULL ||
	    *req_param(r, "topic_id") == '\0')
		return create_topic(r, raw);
	return create_reply(r, topic_id, raw);
}

/* --- Idempotency-Key ------------------------------------------------ */

#define MAX_IDEM_KEY	200

/*
 * Answers from the key when a post was made with it: *done set and the
 * original post (or 422 when the key came with another body); else E_OK
 * with *done clear.  E_INTERNAL when the lookup fails.
 */
static int
idem_replay(struct req *r, const char *key, const char *hash, int *done)
{
	char *was;
	int64_t id;
	int rc, e;

	*done = 0;
	rc = db_idem_get(req_db(r), r->arena, r->user->id, key, util_now(),
	    &id, &was);
	if (rc == DB_NOTFOUND)
		return E_OK;
	if (rc != DB_OK)
		return E_INTERNAL;
	*done = 1;
	r->errmsg = NULL;
	if (strcmp(was, hash) != 0) {
		req_errf(r, "This Idempotency-Key was already used for a "
		    "different request.");
		return E_INVALID;
	}
	e = answer_post(r, id, 0);
	return e == E_INTERNAL ? E_NOT_FOUND : e;	/* deleted since */
}

/*
 * POST /posts.json.  With an Idempotency-Key header (1 to 200 visible
 * ASCII characters, per user, kept 24 hours), a retry gets the post the
 * first attempt made: the key is stored with the post in its own
 * transaction (db/idempotency.c), and a retry racing the first attempt
 * fails to insert and answers from the key.
 */
int
h_posts_create(struct req *r)
{
	const char *key = req_header(r, "Idempotency-Key"), *p;
	char hash[AUTH_HASH_LEN + 1];
	int e, e2, done;

	if (key == NULL)
		return create_post(r);
	for (p = key; *p > ' ' && *p < 0x7f; p++)
		;
	if (*p != '\0' || p == key || p - key > MAX_IDEM_KEY) {
		req_errf(r, "Idempotency-Key must be 1 to %d visible ASCII "
		    "characters", MAX_IDEM_KEY);
		return E_BAD_REQUEST;
	}
	auth_secret_hash(arena_strndup(r->arena, r->body.data ?
	    r->body.data : "", r->body.len), hash);
	if ((e = idem_replay(r, key, hash, &done)) != E_OK || done)
		return e;
	if (db_idem_arm(req_db(r), r->user->id, key, hash) != DB_OK)
		return E_INTERNAL;
	e = create_post(r);
	db_idem_disarm(req_db(r));
	if (e != E_OK && (e2 = idem_replay(r, key, hash, &done), done))
		return e2;
	return e;
}

/* --- reading, editing, deleting ------------------------------------ */

int
h_posts_show(struct req *r)
{
	struct topic_rights tr;
	struct topic *t;
	struct post *p;
	int e;

	if ((e = perm_post_load(r, req_arg_id(r, "id"), 1, &p, &t, &tr)) != E_OK)
		return e;
	return resp_json(r, 200, present_post_alone(r, t, &tr, p));
}

/* A parameter as post[name] (Discourse's form) or plain name. */
static const char *
post_param(struct req *r, const char *name)
{
	const char *v = req_param(r, arena_printf(r->arena, "post[%s]", name));

	return v ? v : req_param(r, name);
}

int
h_posts_update(struct req *r)
{
	const char *raw = post_param(r, "raw");
	const struct viewer *v = perm_viewer(r);
	struct refusal rf = {0};
	struct topic_rights tr;
	struct topic *t;
	struct post *p;
	int e, changed;

	if (raw == NULL) {
		req_errf(r, "param is missing or the value is empty: post");
		return E_BAD_REQUEST;
	}
	if (v == NULL)
		return E_INTERNAL;
	if ((e = perm_post_load(r, req_arg_id(r, "id"), 1, &p, &t, &tr)) != E_OK)
		return e;
	e = posting_edit(req_db(r), r->arena, v, t, &tr, p, raw,
	    post_param(r, "edit_reason"), &rf, &changed);
	if (e != E_OK)
		return req_refuse(r, e, &rf);
	if (!changed)
		return resp_json(r, 200, json_pack("{s:o}", "post",
		    present_post_alone(r, t, &tr, p)));
	return answer_post(r, p->id, 1);
}

int
h_posts_destroy(struct req *r)
{
	const struct viewer *v = perm_viewer(r);
	struct topic_rights tr;
	struct topic *t;
	struct post *p;
	int e;

	if (v == NULL)
		return E_INTERNAL;
	if ((e = perm_post_load(r, req_arg_id(r, "id"), 1, &p, &t, &tr)) != E_OK)
		return e;
	if ((e = posting_delete(req_db(r), r->arena, v, t, &tr, p)) != E_OK)
		return e;
	return resp_ok(r);
}

/* --- revisions ----------------------------------------------------- */

/* Before and after as two HTML fragments: inline (one above the other)
 * or side by side.  before and after are HTML already unless escape. */
static json_t *
diff_html(const char *before, const char *after, int escape,
    const char *fmt_before, const char *mid, const char *end)
{
	struct buf b = {0};
	json_t *s;

	buf_puts(&b, fmt_before);
	if (escape)
		escape_html_str(&b, before);
	else
		buf_puts(&b, before ? before : "");
	buf_puts(&b, mid);
	if (escape)
		escape_html_str(&b, after);
	else
		buf_puts(&b, after ? after : "");
	buf_puts(&b, end);
	s = json_string(b.data);
	buf_free(&b);
	return s;
}

#define INLINE_DIFF	"<div class=\"inline-diff\"><div class=\"diff-del\">", \
	"</div><div class=\"diff-ins\">", "</div></div>"
#define SIDE_DIFF	"<div class=\"revision-content\">", \
	"</div><div class=\"revision-content\">", "</div>"
#define MARKDOWN_DIFF	"<table class=\"markdown\"><tr><td class=\"diff-del\">", \
	"</td><td class=\"diff-ins\">", "</td></tr></table>"

static json_t *
revision_json(struct req *r, const struct topic *t,
    const struct topic_rights *tr, const struct post *p,
    const struct post_revision *rv)
{
	char *lower = arena_strdup(r->arena, rv->username);
	json_t *o = json_object();
	char *c;

	for (c = lower; *c; c++)
		*c = (char)tolower((unsigned char)*c);
#define SET(k, v) json_object_set_new(o, k, v)
	SET("created_at", json_time(rv->created_at));
	SET("post_id", json_integer(p->id));
	SET("previous_hidden", json_false());
	SET("current_hidden", json_false());
	SET("first_revision", json_integer(rv->first));
	SET("previous_revision", rv->number > rv->first ?
	    json_integer(rv->number - 1) : json_null());
	SET("current_revision", json_integer(rv->number));
	SET("next_revision", rv->number < rv->last ?
	    json_integer(rv->number + 1) : json_null());
	SET("last_revision", json_integer(rv->last));
	SET("current_version", json_integer(rv->number));
	SET("version_count", json_integer(rv->count + 1));
	SET("username", json_string(lower));
	SET("display_username", json_string(rv->username));
	SET("acting_user_name", json_string(rv->name ? rv->name : ""));
	SET("avatar_template", present_avatar_template(rv->username));
	SET("edit_reason", rv->edit_reason ? json_string(rv->edit_reason) :
	    json_null());
	SET("body_changes", json_pack("{s:o,s:o,s:o}",
	    "inline", diff_html(rv->cooked_before, rv->cooked_after, 0,
	    INLINE_DIFF),
	    "side_by_side", diff_html(rv->cooked_before, rv->cooked_after, 0,
	    SIDE_DIFF),
	    "side_by_side_markdown", diff_html(rv->raw_before, rv->raw_after,
	    1, MARKDOWN_DIFF)));
	if (rv->title_before != NULL && rv->title_after != NULL)
		SET("title_changes", json_pack("{s:o,s:o}",
		    "inline", diff_html(rv->title_before, rv->title_after, 1,
		    INLINE_DIFF),
		    "side_by_side", diff_html(rv->title_before,
		    rv->title_after, 1, SIDE_DIFF)));
	SET("wiki", json_false());
	SET("can_edit", json_boolean(tr->staff ||
	    (r->user != NULL && r->user->id == p->user_id &&
	    p->deleted_at == 0 && t->deleted_at == 0 && !t->archived)));
#undef SET
	return o;
}

int
h_posts_revision(struct req *r)
{
	const char *which = req_arg_named(r, "revision");
	struct post_revision *rv;
	struct topic_rights tr;
	struct topic *t;
	struct post *p;
	int64_t number = 0;
	char *end;
	int e, rc;

	if (strcmp(which, "latest") != 0) {
		number = strtoll(which, &end, 10);
		if (*end != '\0' || strlen(which) > 9 || number < 2) {
			req_errf(r, "revision must be latest or a number from "
			    "2");
			return E_BAD_REQUEST;
		}
	}
	if ((e = perm_post_load(r, req_arg_id(r, "id"), 0, &p, &t, &tr)) != E_OK)
		return e;
	rc = db_post_revision_get(req_db(r), r->arena, p->id, number, &rv);
	if (rc == DB_NOTFOUND)
		return E_NOT_FOUND;
	if (rc != DB_OK)
		return E_INTERNAL;
	return resp_json(r, 200, revision_json(r, t, &tr, p, rv));
}

/*
 * Posts: creating topics and replies (POST /posts.json), reading one post,
 * editing with revisions, deleting, and the revision view.  Also the post
 * serializer every topic and like response uses (h_post_json).
 *
 * A post's Markdown is cooked here, once, when it is written; the cooked
 * HTML is stored beside the raw text.  Each write is one transaction
 * (BEGIN IMMEDIATE) that also reads the posting throttle, so two
 * processes cannot both slip under it.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "config.h"
#include "cook.h"
#include "db.h"
#include "handlers.h"
#include "http.h"
#include "idempotency.h"
#include "perm.h"
#include "posts.h"
#include "present.h"
#include "text.h"
#include "topics.h"
#include "users.h"
#include "valid.h"

#define EXCERPT_CHARS		300
#define MAX_EDIT_REASON		1000
#define MAX_EXTERNAL_ID		50

/* Discourse's message when a reply cannot go in (closed, archived, no
 * permission to reply): the same words whatever the reason. */
#define TOPIC_CLOSED "Something has gone wrong. Perhaps this topic was " \
	"closed or deleted while you were looking at it?"

/* --- loading and serializing --------------------------------------- */

int
h_post_load(struct req *r, int64_t id, int with_raw, struct post **p,
    struct topic **t, struct topic_rights *tr)
{
	int rc, e;

	if (id <= 0)
		return E_NOT_FOUND;
	rc = db_post_get(req_db(r), r->arena, id, r->user ? r->user->id : 0,
	    with_raw, p);
	if (rc == DB_NOTFOUND)
		return E_NOT_FOUND;
	if (rc != DB_OK)
		return E_INTERNAL;
	if ((e = h_topic_load(r, (*p)->topic_id, t, tr)) != E_OK)
		return e;
	return (*p)->deleted_at == 0 || tr->staff ? E_OK : E_NOT_FOUND;
}

/* The like entry of actions_summary, from the caller's point of view. */
static json_t *
like_summary(struct req *r, const struct topic_rights *tr,
    const struct post *p)
{
	int mine = r->user != NULL && r->user->id == p->user_id;
	int acted = p->liked_at != 0, live = p->deleted_at == 0;

	return json_pack("{s:i,s:I,s:b,s:b,s:b}", "id", POST_ACTION_LIKE,
	    "count", (json_int_t)p->like_count, "acted", acted,
	    "can_act", tr->act && live && !mine && !acted,
	    "can_undo", tr->act && live && acted &&
	    util_now() - p->liked_at < POST_UNDO_ACTION_SECONDS);
}

json_t *
h_post_json(struct req *r, const struct topic *t,
    const struct topic_rights *tr, const struct post *p)
{
	int mine = r->user != NULL && r->user->id == p->user_id;
	int open = p->deleted_at == 0 && t->deleted_at == 0 && !t->archived;
	int can_delete = p->post_number == 1 ? tr->del :
	    p->deleted_at == 0 && (tr->staff || (mine && open));
	json_t *o = json_object();

#define SET(k, v) json_object_set_new(o, k, v)
	SET("id", json_integer(p->id));
	SET("name", json_string(p->name ? p->name : ""));
	SET("username", json_string(p->username));
	SET("avatar_template", present_avatar_template(p->username));
	SET("created_at", json_time(p->created_at));
	SET("updated_at", json_time(p->updated_at));
	SET("cooked", json_string(p->cooked));
	if (p->raw != NULL)
		SET("raw", json_string(p->raw));
	SET("post_number", json_integer(p->post_number));
	SET("post_type", json_integer(p->post_type));
	SET("reply_count", json_integer(p->reply_count));
	SET("reply_to_post_number", p->reply_to_post_number ?
	    json_integer(p->reply_to_post_number) : json_null());
	SET("quote_count", json_integer(0));
	SET("incoming_link_count", json_integer(0));
	SET("reads", json_integer(0));
	SET("readers_count", json_integer(0));
	SET("score", json_integer(0));
	SET("yours", json_boolean(mine));
	SET("topic_id", json_integer(t->id));
	SET("topic_slug", json_string(t->slug));
	SET("display_username", json_string(p->name ? p->name : ""));
	SET("primary_group_name", json_null());
	SET("flair_name", json_null());
	SET("version", json_integer(p->version));
	/* A session's presenters edit its first post (their materials). */
	SET("can_edit", json_boolean(tr->staff || (mine && open) ||
	    (tr->presenter && p->post_number == 1 && open)));
	SET("can_delete", json_boolean(can_delete));
	SET("can_recover", json_false());
	SET("can_see_hidden_post", json_boolean(tr->staff));
	SET("can_wiki", json_false());
	SET("read", json_true());
	SET("user_title", json_null());
	SET("bookmarked", json_false());
	SET("actions_summary", json_pack("[o]", like_summary(r, tr, p)));
	SET("moderator", json_boolean(p->moderator));
	SET("admin", json_boolean(p->admin));
	SET("staff", json_boolean(p->admin || p->moderator));
	SET("user_id", json_integer(p->user_id));
	SET("hidden", json_false());
	SET("trust_level", json_integer(p->trust_level));
	SET("deleted_at", json_time(p->deleted_at));
	SET("user_deleted", json_false());
	SET("edit_reason", p->edit_reason ? json_string(p->edit_reason) :
	    json_null());
	SET("can_view_edit_history", json_true());
	SET("wiki", json_false());
	SET("like_count", json_integer(p->like_count));
	SET("link_counts", json_array());
	SET("post_url", json_sprintf("/t/%s/%lld/%lld", t->slug,
	    (long long)t->id, (long long)p->post_number));
#undef SET
	/* Votes, answered questions and the presenter badge, in sessions;
	 * on a database error the post goes out without them. */
	if (tr->session)
		h_conference_post_fields(r, t, tr, p, o);
	return o;
}

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

	if ((e = h_post_load(r, id, 1, &p, &t, &tr)) != E_OK)
		return e == E_NOT_FOUND ? E_INTERNAL : e;
	o = h_post_json(r, t, &tr, p);
	return resp_json(r, 200, wrap ? json_pack("{s:o}", "post", o) : o);
}

/* --- validation and cooking ---------------------------------------- */

static void
add_error(json_t *errors, const char *fmt, unsigned n)
{
	char msg[200];

	snprintf(msg, sizeof(msg), fmt, n);
	json_array_append_new(errors, json_string(msg));
}

/*
 * The body as stored (trailing white space removed, as Discourse does),
 * or NULL after appending its messages to errors.  Lengths count
 * characters of the text stripped at both ends.
 */
static char *
check_raw(struct req *r, const char *raw, json_t *errors)
{
	size_t len = strlen(raw), chars;
	const char *lead;
	char *s;

	if (len > (size_t)cfg.max_post * 4 + 1024) {
		add_error(errors, "Body is too long (maximum is %u characters)",
		    cfg.max_post);
		return NULL;
	}
	s = arena_strndup(r->arena, raw, len);
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		s[--len] = '\0';
	for (lead = s; isspace((unsigned char)*lead); lead++)
		;
	if (len == 0) {
		json_array_append_new(errors,
		    json_string("Body can't be blank"));
		return NULL;
	}
	if (!valid_text(s)) {
		json_array_append_new(errors, json_string("Body is invalid"));
		return NULL;
	}
	chars = valid_utf8_chars(lead);
	if (chars < cfg.min_post) {
		add_error(errors, "Body is too short (minimum is %u characters)",
		    cfg.min_post);
		return NULL;
	}
	if (chars > cfg.max_post) {
		add_error(errors, "Body is too long (maximum is %u characters)",
		    cfg.max_post);
		return NULL;
	}
	return s;
}

static int
invalid(struct req *r, json_t *errors)
{
	req_errors(r, errors);
	return E_INVALID;
}

/* Mentions link only to users who exist, spelled as they spell it. */
static int
lookup_user(void *ctx, const char *name, size_t len, char out[64])
{
	struct req *r = ctx;

	return db_username_canonical(req_db(r), name, len, out) == DB_OK;
}

/* Cooks raw into *cooked (arena); E_OK, or E_INVALID with cook's reason. */
static int
cook(struct req *r, const char *raw, char **cooked)
{
	struct cook_opts o = { .user_lookup = lookup_user, .ctx = r };
	char *html = NULL;

	if (cook_post(raw, strlen(raw), &o, &html) != 0) {
		req_errf(r, "%s", cook_error());
		return E_INVALID;
	}
	*cooked = arena_strdup(r->arena, html);
	free(html);
	return E_OK;
}

static char *
arena_take(struct req *r, char *s)
{
	char *copy = arena_strdup(r->arena, s ? s : "");

	free(s);
	return copy;
}

/*
 * The posting throttles (staff are exempt), read inside the write
 * transaction from the user's latest rows, so they hold across processes.
 * Returns 0 to go ahead, else the seconds left with the 429 prepared.
 */
static int
throttled(struct req *r, int topic, int *err)
{
	int64_t last_post, last_topic, now = util_now(), wait = 0, since;

	*err = E_OK;
	if (perm_is_staff(r->user))
		return 0;
	if (db_user_last_created(req_db(r), r->user->id, &last_post,
	    &last_topic) != DB_OK) {
		*err = E_INTERNAL;
		return 1;
	}
	since = now - last_post;
	if (cfg.rate_post_seconds > 0 && last_post != 0 &&
	    since < cfg.rate_post_seconds)
		wait = cfg.rate_post_seconds - (since < 0 ? 0 : since);
	since = now - last_topic;
	if (topic && cfg.rate_topic_seconds > 0 && last_topic != 0 &&
	    since < cfg.rate_topic_seconds &&
	    cfg.rate_topic_seconds - (since < 0 ? 0 : since) > wait)
		wait = cfg.rate_topic_seconds - (since < 0 ? 0 : since);
	if (wait == 0)
		return 0;
	r->retry_after = (int)wait;
	req_errf(r, "You've performed this action too many times. Please "
	    "wait %d second%s before trying again.", (int)wait,
	    wait == 1 ? "" : "s");
	*err = E_RATE_LIMIT;
	return 1;
}

/* --- creating ------------------------------------------------------ */

static int
external_id_ok(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > MAX_EXTERNAL_ID)
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' &&
		    s[i] != '_' && s[i] != '.' && s[i] != ':')
			return 0;
	return 1;
}

struct new_topic {
	struct topic_new	 t;
	struct post_new		 p;
	json_t			*errors;
};

/* Reads and checks a new topic's fields into nt (errors appended). */
static int
read_topic(struct req *r, const char *raw, struct new_topic *nt)
{
	const char **tags, *ext = req_param(r, "external_id");
	char *title;
	size_t ntags;
	int e;

	if ((e = req_param_list(r, "tags", &tags, &ntags)) != E_OK)
		return e;
	text_title(r->arena, req_param(r, "title"), &title, nt->errors);
	nt->p.raw = check_raw(r, raw, nt->errors);
	text_tags(r->arena, tags, ntags, &nt->t.tags, &nt->t.ntags, nt->errors);
	if (ext != NULL && *ext != '\0' && !external_id_ok(ext))
		json_array_append_new(nt->errors,
		    json_string("External ID is invalid"));
	if (json_array_size(nt->errors) > 0)
		return E_OK;
	nt->t.title = title;
	nt->t.slug = text_slug(r->arena, title, "topic");
	nt->t.fancy_title = arena_take(r, cook_fancy_title(title));
	nt->t.external_id = ext && *ext ? ext : NULL;
	return E_OK;
}

/* Which category a new topic goes in; E_FORBIDDEN unless the caller may
 * create topics there (a missing and a hidden category look alike). */
static int
read_category(struct req *r, int64_t *id)
{
	int e, p;

	if ((e = req_param_int(r, "category", 0, id)) != E_OK ||
	    (*id == 0 && (e = req_param_int(r, "category_id", 0, id)) !=
	    E_OK))
		return e;
	if (*id == 0)
		*id = 1;	/* Uncategorized */
	if ((p = perm_category(r, *id)) < 0)
		return E_INTERNAL;
	return perm_can_create_topic(p) ? E_OK : E_FORBIDDEN;
}

/* Writes the topic and its first post in one transaction. */
static int
insert_topic(struct req *r, struct new_topic *nt, int64_t *post_id)
{
	struct db *db = req_db(r);
	int64_t number;
	int e = E_INTERNAL, rc;

	if (db_begin(db) != DB_OK)
		return E_INTERNAL;
	if (throttled(r, 1, &e))
		goto fail;
	e = E_INTERNAL;
	rc = nt->t.external_id == NULL ? DB_NOTFOUND :
	    db_topic_external_id_taken(db, nt->t.external_id);
	/* DB_OK here means taken; DB_CONSTRAINT below cannot happen under
	 * the write lock but would mean the same. */
	if (rc == DB_NOTFOUND)
		rc = db_topic_create(db, &nt->t, &nt->p.topic_id);
	else if (rc == DB_OK)
		rc = DB_CONSTRAINT;
	if (rc == DB_CONSTRAINT) {
		req_errf(r, "External ID has already been taken");
		e = E_INVALID;
	}
	if (rc != DB_OK ||
	    db_post_create(db, &nt->p, post_id, &number) != DB_OK ||
	    db_commit(db) != DB_OK)
		goto fail;
	return E_OK;
fail:
	db_rollback(db);
	return e;
}

static int
create_topic(struct req *r, const char *raw)
{
	struct new_topic nt = { .errors = NULL };
	const char *archetype = req_param(r, "archetype");
	int64_t post_id;
	char *cooked;
	int e;

	/* Silently making a private message public would be far worse
	 * than refusing it. */
	if ((archetype != NULL && strcmp(archetype, "regular") != 0) ||
	    req_param(r, "target_recipients") != NULL ||
	    req_param(r, "target_usernames") != NULL) {
		req_errf(r, "Private messages are not supported.");
		return E_INVALID;
	}
	if ((e = read_category(r, &nt.t.category_id)) != E_OK)
		return e;
	nt.errors = json_array();
	if ((e = read_topic(r, raw, &nt)) != E_OK) {
		json_decref(nt.errors);
		return e;
	}
	if (json_array_size(nt.errors) > 0)
		return invalid(r, nt.errors);
	json_decref(nt.errors);
	if ((e = cook(r, nt.p.raw, &cooked)) != E_OK)
		return e;
	nt.p.cooked = cooked;
	nt.t.excerpt = arena_take(r, cook_excerpt(cooked, EXCERPT_CHARS));
	nt.t.user_id = nt.p.user_id = r->user->id;
	nt.t.now = nt.p.now = util_now();
	if ((e = insert_topic(r, &nt, &post_id)) != E_OK)
		return e;
	return answer_post(r, post_id, 0);
}

static int
create_reply(struct req *r, int64_t topic_id, const char *raw)
{
	struct post_new pn = { .topic_id = topic_id };
	struct topic_rights tr;
	struct topic *t;
	json_t *errors;
	int64_t id, number;
	char *cooked;
	int e;

	if ((e = h_topic_load(r, topic_id, &t, &tr)) != E_OK)
		return e;
	if (!tr.reply) {
		req_errf(r, TOPIC_CLOSED);
		return E_INVALID;
	}
	if ((e = req_param_int(r, "reply_to_post_number", 0,
	    &pn.reply_to_post_number)) != E_OK)
		return e;
	errors = json_array();
	if ((pn.raw = check_raw(r, raw, errors)) == NULL)
		return invalid(r, errors);
	json_decref(errors);
	if ((e = cook(r, pn.raw, &cooked)) != E_OK)
		return e;
	pn.cooked = cooked;
	pn.user_id = r->user->id;
	pn.now = util_now();
	if (db_begin(req_db(r)) != DB_OK)
		return E_INTERNAL;
	if (!throttled(r, 0, &e))
		e = db_post_create(req_db(r), &pn, &id, &number) == DB_OK &&
		    db_commit(req_db(r)) == DB_OK ? E_OK : E_INTERNAL;
	if (e != E_OK) {
		db_rollback(req_db(r));
		return e;
	}
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

	if ((e = h_post_load(r, req_arg_id(r, "id"), 1, &p, &t, &tr)) != E_OK)
		return e;
	return resp_json(r, 200, h_post_json(r, t, &tr, p));
}

/* A parameter as post[name] (Discourse's form) or plain name. */
static const char *
post_param(struct req *r, const char *name)
{
	const char *v = req_param(r, arena_printf(r->arena, "post[%s]", name));

	return v ? v : req_param(r, name);
}

/* The edit reason as stored (NULL for none), or NULL with a message. */
static const char *
check_reason(const char *reason, json_t *errors)
{
	if (reason == NULL || *reason == '\0')
		return NULL;
	if (strlen(reason) > MAX_EDIT_REASON * 4 ||
	    valid_utf8_chars(reason) > MAX_EDIT_REASON)
		add_error(errors, "Edit reason is too long (maximum is %u "
		    "characters)", MAX_EDIT_REASON);
	else if (!valid_text(reason))
		json_array_append_new(errors,
		    json_string("Edit reason is invalid"));
	return reason;
}

/* Writes an edit (and the topic's excerpt for a first post). */
static int
save_edit(struct req *r, const struct post *p, const struct post_edit *pe)
{
	struct db *db = req_db(r);
	char *excerpt = NULL;
	int rc;

	if (p->post_number == 1)
		excerpt = arena_take(r, cook_excerpt(pe->cooked,
		    EXCERPT_CHARS));
	if (db_begin(db) != DB_OK)
		return E_INTERNAL;
	if ((rc = db_post_edit(db, p, pe)) != DB_OK ||
	    (excerpt != NULL && (rc = db_topic_set_excerpt(db, p->topic_id,
	    excerpt, pe->now)) != DB_OK) || (rc = db_commit(db)) != DB_OK) {
		db_rollback(db);
		if (rc != DB_NOTFOUND)
			return E_INTERNAL;
		req_errf(r, "This post was edited by someone else while you "
		    "were editing it. Reload it and try again.");
		return E_INVALID;
	}
	return E_OK;
}

int
h_posts_update(struct req *r)
{
	const char *raw = post_param(r, "raw");
	struct post_edit pe = { .editor_id = r->user->id };
	struct topic_rights tr;
	struct topic *t;
	struct post *p;
	json_t *errors;
	char *cooked;
	int e, mine;

	if (raw == NULL) {
		req_errf(r, "param is missing or the value is empty: post");
		return E_BAD_REQUEST;
	}
	if ((e = h_post_load(r, req_arg_id(r, "id"), 1, &p, &t, &tr)) != E_OK)
		return e;
	mine = p->user_id == r->user->id;
	/* A session's presenters may edit its first post too. */
	if (!tr.staff && !((mine || (tr.presenter && p->post_number == 1)) &&
	    p->deleted_at == 0 && t->deleted_at == 0 && !t->archived))
		return E_FORBIDDEN;
	errors = json_array();
	pe.raw = check_raw(r, raw, errors);
	pe.edit_reason = check_reason(post_param(r, "edit_reason"), errors);
	if (json_array_size(errors) > 0)
		return invalid(r, errors);
	json_decref(errors);
	/* Nothing changed: no revision, as in Discourse. */
	if (strcmp(pe.raw, p->raw) == 0)
		return resp_json(r, 200, json_pack("{s:o}", "post",
		    h_post_json(r, t, &tr, p)));
	if ((e = cook(r, pe.raw, &cooked)) != E_OK)
		return e;
	pe.cooked = cooked;
	pe.now = util_now();
	if ((e = save_edit(r, p, &pe)) != E_OK)
		return e;
	return answer_post(r, p->id, 1);
}

/* Deletes post p, or its topic when p is the first post. */
static int
delete_post(struct req *r, const struct post *p)
{
	struct db *db = req_db(r);
	int64_t now = util_now();
	struct topic *t;
	int rc;

	if (db_begin(db) != DB_OK)
		return E_INTERNAL;
	/* The topic is re-read under the write lock: its state decides
	 * which counters move. */
	if ((rc = db_topic_get(db, r->arena, p->topic_id, &t)) == DB_OK) {
		if (p->post_number == 1)
			rc = db_topic_delete(db, t, r->user->id, now);
		else
			rc = db_post_delete(db, p, t->deleted_at == 0,
			    r->user->id, now);
	}
	if (rc != DB_OK || (rc = db_commit(db)) != DB_OK) {
		db_rollback(db);
		return rc == DB_NOTFOUND ? E_NOT_FOUND : E_INTERNAL;
	}
	return E_OK;
}

int
h_posts_destroy(struct req *r)
{
	struct topic_rights tr;
	struct topic *t;
	struct post *p;
	int e, mine, allowed;

	if ((e = h_post_load(r, req_arg_id(r, "id"), 1, &p, &t, &tr)) != E_OK)
		return e;
	mine = p->user_id == r->user->id;
	if (p->post_number == 1)
		allowed = tr.del;
	else
		allowed = p->deleted_at == 0 && (tr.staff || (mine &&
		    t->deleted_at == 0 && !t->archived));
	if (!allowed)
		return E_FORBIDDEN;
	if ((e = delete_post(r, p)) != E_OK)
		return e;
	return resp_ok(r);
}

/* --- revisions ----------------------------------------------------- */

static void
escape_html(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&':
			buf_puts(b, "&amp;");
			break;
		case '<':
			buf_puts(b, "&lt;");
			break;
		case '>':
			buf_puts(b, "&gt;");
			break;
		case '"':
			buf_puts(b, "&quot;");
			break;
		case '\'':
			buf_puts(b, "&#39;");
			break;
		default:
			buf_putc(b, *s);
		}
	}
}

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
		escape_html(&b, before);
	else
		buf_puts(&b, before ? before : "");
	buf_puts(&b, mid);
	if (escape)
		escape_html(&b, after);
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
	if ((e = h_post_load(r, req_arg_id(r, "id"), 0, &p, &t, &tr)) != E_OK)
		return e;
	rc = db_post_revision_get(req_db(r), r->arena, p->id, number, &rv);
	if (rc == DB_NOTFOUND)
		return E_NOT_FOUND;
	if (rc != DB_OK)
		return E_INTERNAL;
	return resp_json(r, 200, revision_json(r, t, &tr, p, rv));
}

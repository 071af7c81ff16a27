/*
 * Writing topics and posts (see posting.h): checking and cooking the
 * text, the posting throttles, and the transactions that create, edit
 * and delete.  Every write of a post passes through a posting_*_write
 * function, so what must follow a write (counters today; notifications,
 * live events and the search index later) has one place to happen.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "cook.h"
#include "db.h"
#include "err.h"
#include "notify.h"
#include "post_cook.h"
#include "posting.h"
#include "posts.h"
#include "reading.h"
#include "rights.h"
#include "text.h"
#include "topics.h"
#include "users.h"
#include "util.h"
#include "valid.h"

#define MAX_EDIT_REASON		1000

/* Discourse's message when a reply cannot go in (closed, archived, no
 * permission to reply): the same words whatever the reason. */
#define TOPIC_CLOSED "Something has gone wrong. Perhaps this topic was " \
	"closed or deleted while you were looking at it?"

/* --- text ------------------------------------------------------------ */

/*
 * The body as stored (trailing white space removed, as Discourse does)
 * in the arena, or NULL after adding the user's messages to rf.  Lengths
 * count characters of the text stripped at both ends.
 */
static char *
check_raw(struct arena *a, const char *raw, struct refusal *rf)
{
	size_t len = raw ? strlen(raw) : 0, chars;
	const char *lead;
	char *s;

	if (len > (size_t)cfg.max_post * 4 + 1024) {
		refusal_add(rf, "Body is too long (maximum is %u characters)",
		    cfg.max_post);
		return NULL;
	}
	s = arena_strndup(a, raw ? raw : "", len);
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		s[--len] = '\0';
	for (lead = s; isspace((unsigned char)*lead); lead++)
		;
	if (len == 0) {
		refusal_add(rf, "Body can't be blank");
		return NULL;
	}
	if (!valid_text(s)) {
		refusal_add(rf, "Body is invalid");
		return NULL;
	}
	chars = valid_utf8_chars(lead);
	if (chars < cfg.min_post) {
		refusal_add(rf, "Body is too short (minimum is %u characters)",
		    cfg.min_post);
		return NULL;
	}
	if (chars > cfg.max_post) {
		refusal_add(rf, "Body is too long (maximum is %u characters)",
		    cfg.max_post);
		return NULL;
	}
	return s;
}

/* Moves a malloc'd string (NULL = "") into the arena. */
static char *
arena_take(struct arena *a, char *s)
{
	char *copy = arena_strdup(a, s ? s : "");

	free(s);
	return copy;
}

void
posting_title(struct arena *a, const char *title, struct topic_new *tn)
{
	tn->title = title;
	tn->fancy_title = arena_take(a, cook_fancy_title(title));
	tn->slug = text_slug(a, title, "topic");
}

/* Cooks into *cooked; E_OK, or E_INVALID with cook's reason in rf. */
static int
cook_or_refuse(struct db *db, struct arena *a, const char *raw,
    char **cooked, struct refusal *rf)
{
	const char *why;

	if (post_cook(db, a, raw, cooked, &why) != 0) {
		refusal_add(rf, "%s", why);
		return E_INVALID;
	}
	return E_OK;
}

/* Adds the messages of a JSON array of strings to rf. */
static void
refuse_all(struct refusal *rf, json_t *messages)
{
	size_t i;

	for (i = 0; i < json_array_size(messages); i++)
		refusal_add(rf, "%s", json_string_value(json_array_get(
		    messages, i)));
}

/* --- writes inside the caller's transaction ------------------------ */

/* Tells whom the post concerns (core/notify.c).  DB_OK or DB_ERROR. */
static int
notify_written(struct db *db, const struct post_new *pn, int64_t post_id,
    int64_t number)
{
	struct notify_post np = { .post_id = post_id,
	    .topic_id = pn->topic_id, .post_number = number,
	    .user_id = pn->user_id,
	    .reply_to_post_number = pn->reply_to_post_number,
	    .cooked = pn->cooked, .quiet = pn->quiet, .now = pn->now };
	struct arena *a;
	int rc;

	if (pn->quiet)
		return DB_OK;
	a = arena_new();
	rc = notify_post(db, a, &np) == 0 ? DB_OK : DB_ERROR;
	arena_free(a);
	return rc;
}

/* An author has read the topic up to their own post, as in Discourse
 * (core/reading_rules.h): their topic is never "new" to them, and only
 * posts after theirs are unread. */
static int
author_read(struct db *db, const struct post_new *pn, int64_t number)
{
	return db_reading_record(db, pn->user_id, pn->topic_id, number, 0,
	    pn->now);
}

int
posting_topic_write(struct db *db, const struct topic_new *tn,
    struct post_new *pn, int64_t *post_id)
{
	int64_t number;
	int rc;

	if ((rc = db_topic_create(db, tn, &pn->topic_id)) != DB_OK)
		return rc;
	if (db_post_create(db, pn, post_id, &number) != DB_OK ||
	    author_read(db, pn, number) != DB_OK)
		return DB_ERROR;
	return notify_written(db, pn, *post_id, number);
}

int
posting_reply_write(struct db *db, const struct post_new *pn,
    int64_t *post_id)
{
	int64_t number;

	if (db_post_create(db, pn, post_id, &number) != DB_OK ||
	    author_read(db, pn, number) != DB_OK)
		return DB_ERROR;
	return notify_written(db, pn, *post_id, number);
}

int
posting_edit_write(struct db *db, struct arena *a, const struct post *p,
    const struct post_edit *pe)
{
	struct notify_post np = { .post_id = p->id, .topic_id = p->topic_id,
	    .post_number = p->post_number, .user_id = pe->editor_id,
	    .cooked = pe->cooked, .edit = 1, .quiet = pe->quiet,
	    .now = pe->now };
	int rc;

	if ((rc = db_post_edit(db, p, pe)) != DB_OK)
		return rc;
	if (p->post_number == 1 && (rc = db_topic_set_excerpt(db,
	    p->topic_id, post_excerpt(a, pe->cooked), pe->now)) != DB_OK)
		return rc;
	if (pe->editor_id == 0)
		return DB_OK;
	return notify_post(db, a, &np) == 0 ? DB_OK : DB_ERROR;
}

int
posting_topic_change_write(struct db *db, const struct topic *cur,
    const struct topic_change *c, int64_t by_id, int64_t now)
{
	if (c->title.title != NULL && db_topic_set_title(db, cur,
	    c->title.title, c->title.fancy_title, c->title.slug, by_id,
	    now) != DB_OK)
		return DB_ERROR;
	if (c->category_id != 0 && db_topic_set_category(db, cur,
	    c->category_id, now) != DB_OK)
		return DB_ERROR;
	if (c->set_tags && db_topic_set_tags(db, cur, c->tags, c->ntags,
	    now) != DB_OK)
		return DB_ERROR;
	return DB_OK;
}

int
posting_delete_write(struct db *db, struct arena *a, const struct post *p,
    int64_t by_id, int64_t now)
{
	struct topic *t;
	int rc;

	if (p->post_number == 1)
		return posting_topic_delete_write(db, a, p->topic_id, by_id,
		    now);
	if ((rc = db_topic_get(db, a, p->topic_id, &t)) != DB_OK)
		return rc;
	return db_post_delete(db, p, t->deleted_at == 0, by_id, now);
}

int
posting_topic_delete_write(struct db *db, struct arena *a, int64_t topic_id,
    int64_t by_id, int64_t now)
{
	struct topic *t;
	int rc;

	/* Counts are re-read under the write lock, not trusted from a
	 * copy read before it. */
	if ((rc = db_topic_get(db, a, topic_id, &t)) != DB_OK)
		return rc;
	return db_topic_delete(db, t, by_id, now);
}

/* --- checked writes, each its own transaction ------------------------ */

/*
 * The posting throttles (staff are exempt), read inside the write
 * transaction from the user's latest rows, so they hold across
 * processes.  Returns E_OK to go ahead, E_RATE_LIMIT with rf filled, or
 * E_INTERNAL.
 */
static int
throttle(struct db *db, const struct user *u, int topic, struct refusal *rf)
{
	int64_t last_post, last_topic, now = util_now(), wait = 0, since;

	if (perm_is_staff(u))
		return E_OK;
	if (db_user_last_created(db, u->id, &last_post, &last_topic) != DB_OK)
		return E_INTERNAL;
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
		return E_OK;
	rf->wait_seconds = (int)wait;
	refusal_add(rf, "You've performed this action too many times. Please "
	    "wait %d second%s before trying again.", (int)wait,
	    wait == 1 ? "" : "s");
	return E_RATE_LIMIT;
}

/* Checks a draft into tn and pn (arena); E_OK or E_INVALID with rf. */
static int
read_draft(struct arena *a, const struct topic_draft *d,
    struct topic_new *tn, struct post_new *pn, struct refusal *rf)
{
	const char *ext = d->external_id;
	json_t *errors = json_array();
	char *title;

	text_title(a, d->title, &title, errors);
	refuse_all(rf, errors);
	json_array_clear(errors);
	pn->raw = check_raw(a, d->raw, rf);
	text_tags(a, d->tags, d->ntags, &tn->tags, &tn->ntags, errors);
	refuse_all(rf, errors);
	json_decref(errors);
	if (ext != NULL && *ext != '\0' && !text_external_id_ok(ext))
		refusal_add(rf, "External ID is invalid");
	if (refusal_count(rf) > 0)
		return E_INVALID;
	posting_title(a, title, tn);
	tn->external_id = ext && *ext ? ext : NULL;
	return E_OK;
}

/* Writes the topic and its first post in one transaction. */
static int
insert_topic(struct db *db, const struct user *u, const struct topic_new *tn,
    struct post_new *pn, struct refusal *rf, int64_t *post_id)
{
	int e, rc;

	if (db_begin(db) != DB_OK)
		return E_INTERNAL;
	if ((e = throttle(db, u, 1, rf)) != E_OK)
		goto fail;
	e = E_INTERNAL;
	rc = tn->external_id == NULL ? DB_NOTFOUND :
	    db_topic_external_id_taken(db, tn->external_id);
	/* DB_OK here means taken; DB_CONSTRAINT below cannot happen under
	 * the write lock but would mean the same. */
	if (rc == DB_NOTFOUND)
		rc = posting_topic_write(db, tn, pn, post_id);
	else if (rc == DB_OK)
		rc = DB_CONSTRAINT;
	if (rc == DB_CONSTRAINT) {
		refusal_add(rf, "External ID has already been taken");
		e = E_INVALID;
	}
	if (rc != DB_OK || db_commit(db) != DB_OK)
		goto fail;
	return E_OK;
fail:
	db_rollback(db);
	return e;
}

int
posting_topic_create(struct db *db, struct arena *a, const struct viewer *v,
    const struct topic_draft *d, struct refusal *rf, int64_t *post_id)
{
	struct topic_new tn = {0};
	struct post_new pn = {0};
	char *cooked;
	int e;

	tn.category_id = d->category_id == 0 ? 1 : d->category_id;
	if (v->user == NULL ||
	    !perm_can_create_topic(rights_category(v, tn.category_id)))
		return E_FORBIDDEN;
	if ((e = read_draft(a, d, &tn, &pn, rf)) != E_OK ||
	    (e = cook_or_refuse(db, a, pn.raw, &cooked, rf)) != E_OK)
		return e;
	pn.cooked = cooked;
	tn.excerpt = post_excerpt(a, cooked);
	tn.user_id = pn.user_id = v->user->id;
	tn.now = pn.now = util_now();
	return insert_topic(db, v->user, &tn, &pn, rf, post_id);
}

int
posting_reply(struct db *db, struct arena *a, const struct viewer *v,
    int64_t topic_id, const char *raw, int64_t reply_to, struct refusal *rf,
    int64_t *post_id)
{
	struct post_new pn = { .topic_id = topic_id,
	    .reply_to_post_number = reply_to };
	struct topic_rights tr;
	struct topic *t;
	char *cooked;
	int e;

	if ((e = rights_topic_load(db, a, v, topic_id, &t, &tr)) != E_OK)
		return e;
	if (!tr.reply) {
		refusal_add(rf, TOPIC_CLOSED);
		return E_INVALID;
	}
	if ((pn.raw = check_raw(a, raw, rf)) == NULL)
		return E_INVALID;
	if ((e = cook_or_refuse(db, a, pn.raw, &cooked, rf)) != E_OK)
		return e;
	pn.cooked = cooked;
	pn.user_id = v->user->id;
	pn.now = util_now();
	if (db_begin(db) != DB_OK)
		return E_INTERNAL;
	if ((e = throttle(db, v->user, 0, rf)) == E_OK)
		e = posting_reply_write(db, &pn, post_id) == DB_OK &&
		    db_commit(db) == DB_OK ? E_OK : E_INTERNAL;
	if (e != E_OK)
		db_rollback(db);
	return e;
}

int
posting_may_edit(const struct viewer *v, const struct topic *t,
    const struct topic_rights *tr, const struct post *p)
{
	int mine = v->user != NULL && p->user_id == v->user->id;

	if (tr->staff)
		return 1;
	return (mine || (tr->presenter && p->post_number == 1)) &&
	    p->deleted_at == 0 && t->deleted_at == 0 && !t->archived;
}

/* The edit reason as stored (NULL for none), with a message when bad. */
static const char *
check_reason(const char *reason, struct refusal *rf)
{
	if (reason == NULL || *reason == '\0')
		return NULL;
	if (strlen(reason) > MAX_EDIT_REASON * 4 ||
	    valid_utf8_chars(reason) > MAX_EDIT_REASON)
		refusal_add(rf, "Edit reason is too long (maximum is %u "
		    "characters)", MAX_EDIT_REASON);
	else if (!valid_text(reason))
		refusal_add(rf, "Edit reason is invalid");
	return reason;
}

int
posting_edit(struct db *db, struct arena *a, const struct viewer *v,
    const struct topic *t, const struct topic_rights *tr,
    const struct post *p, const char *raw, const char *reason,
    struct refusal *rf, int *changed)
{
	struct post_edit pe = { .editor_id = v->user ? v->user->id : 0 };
	char *cooked;
	int e, rc;

	*changed = 0;
	if (!posting_may_edit(v, t, tr, p))
		return E_FORBIDDEN;
	pe.raw = check_raw(a, raw, rf);
	pe.edit_reason = check_reason(reason, rf);
	if (refusal_count(rf) > 0)
		return E_INVALID;
	/* Nothing changed: no revision, as in Discourse. */
	if (strcmp(pe.raw, p->raw) == 0)
		return E_OK;
	if ((e = cook_or_refuse(db, a, pe.raw, &cooked, rf)) != E_OK)
		return e;
	pe.cooked = cooked;
	pe.now = util_now();
	if (db_begin(db) != DB_OK)
		return E_INTERNAL;
	if ((rc = posting_edit_write(db, a, p, &pe)) != DB_OK ||
	    (rc = db_commit(db)) != DB_OK) {
		db_rollback(db);
		if (rc != DB_NOTFOUND)
			return E_INTERNAL;
		refusal_add(rf, "This post was edited by someone else while "
		    "you were editing it. Reload it and try again.");
		return E_INVALID;
	}
	*changed = 1;
	return E_OK;
}

static int
check_update(struct arena *a, const struct viewer *v, const struct topic *t,
    const struct topic_rights *tr, const struct topic_update *u,
    struct topic_change *c, struct refusal *rf)
{
	json_t *errors = json_array();
	char *title = NULL;

	memset(c, 0, sizeof(*c));
	if (u->category_id != 0 && u->category_id != t->category_id) {
		if (!tr->staff || !perm_can_create_topic(rights_category(v,
		    u->category_id))) {
			json_decref(errors);
			return E_FORBIDDEN;
		}
		c->category_id = u->category_id;
	}
	if (u->title != NULL) {
		text_title(a, u->title, &title, errors);
		if (title != NULL && strcmp(title, t->title) == 0)
			title = NULL;
	}
	if ((c->set_tags = u->set_tags))
		text_tags(a, u->tags, u->ntags, &c->tags, &c->ntags, errors);
	refuse_all(rf, errors);
	json_decref(errors);
	if (refusal_count(rf) > 0)
		return E_INVALID;
	if (title != NULL)
		posting_title(a, title, &c->title);
	return E_OK;
}

int
posting_topic_update(struct db *db, struct arena *a, const struct viewer *v,
    const struct topic *t, const struct topic_rights *tr,
    const struct topic_update *u, struct refusal *rf)
{
	struct topic_change c;
	int64_t now = util_now();
	struct topic *cur;
	int e;

	if (!tr->edit || v->user == NULL)
		return E_FORBIDDEN;
	if ((e = check_update(a, v, t, tr, u, &c, rf)) != E_OK)
		return e;
	if (db_begin(db) != DB_OK)
		return E_INTERNAL;
	/* Counts are re-read under the write lock: a reply may have won. */
	if (db_topic_get(db, a, t->id, &cur) != DB_OK ||
	    posting_topic_change_write(db, cur, &c, v->user->id, now) !=
	    DB_OK || db_commit(db) != DB_OK) {
		db_rollback(db);
		return E_INTERNAL;
	}
	return E_OK;
}

int
posting_topic_status(struct db *db, const struct viewer *v,
    const struct topic *t, enum topic_status status, int enabled,
    int64_t until)
{
	if (!perm_is_staff(v->user))
		return E_FORBIDDEN;
	return db_topic_set_status(db, t->id, status, enabled, until,
	    util_now()) == DB_OK ? E_OK : E_INTERNAL;
}

/* Runs one delete in its own transaction; E_OK, E_NOT_FOUND, E_INTERNAL. */
static int
delete_in_transaction(struct db *db, struct arena *a, const struct post *p,
    int64_t topic_id, int64_t by_id)
{
	int64_t now = util_now();
	int rc;

	if (db_begin(db) != DB_OK)
		return E_INTERNAL;
	rc = p != NULL ? posting_delete_write(db, a, p, by_id, now) :
	    posting_topic_delete_write(db, a, topic_id, by_id, now);
	if (rc != DB_OK || (rc = db_commit(db)) != DB_OK) {
		db_rollback(db);
		return rc == DB_NOTFOUND ? E_NOT_FOUND : E_INTERNAL;
	}
	return E_OK;
}

int
posting_may_delete(const struct viewer *v, const struct topic *t,
    const struct topic_rights *tr, const struct post *p)
{
	int mine = v->user != NULL && p->user_id == v->user->id;

	if (p->post_number == 1)
		return tr->del;
	return p->deleted_at == 0 && (tr->staff || (mine &&
	    t->deleted_at == 0 && !t->archived));
}

int
posting_delete(struct db *db, struct arena *a, const struct viewer *v,
    const struct topic *t, const struct topic_rights *tr,
    const struct post *p)
{
	if (v->user == NULL || !posting_may_delete(v, t, tr, p))
		return E_FORBIDDEN;
	return delete_in_transaction(db, a, p, 0, v->user->id);
}

int
posting_topic_delete(struct db *db, struct arena *a, const struct viewer *v,
    const struct topic *t, const struct topic_rights *tr)
{
	if (!tr->del || v->user == NULL)
		return E_FORBIDDEN;
	return delete_in_transaction(db, a, NULL, t->id, v->user->id);
}

/*
 * Who may see and do what (see rights.h): the pure rules over a viewer's
 * and a topic's facts, and the two loaders that gather those facts with
 * as few queries as the answer needs.
 */
#include <stddef.h>
#include <string.h>

#include "conference.h"
#include "db.h"
#include "err.h"
#include "permissions.h"
#include "posts.h"
#include "rights.h"
#include "topics.h"
#include "users.h"
#include "util.h"

int
perm_is_staff(const struct user *u)
{
	return u != NULL && (u->admin || u->moderator);
}

int
perm_in_group(const struct user *u, int64_t group_id)
{
	size_t i;

	if (group_id == GROUP_EVERYONE)
		return 1;
	if (u == NULL)
		return 0;
	for (i = 0; i < u->ngroups; i++)
		if (u->group_ids[i] == group_id)
			return 1;
	return 0;
}

/* Lower type numbers grant more; 0 means none yet. */
static int
better(int have, int candidate)
{
	if (candidate < PERM_FULL || candidate > PERM_READONLY)
		return have;
	return have == PERM_NONE || candidate < have ? candidate : have;
}

enum perm
perm_from_rows(const struct user *u, int64_t category_id,
    const struct category_perm_row *rows, size_t n)
{
	int best = PERM_NONE, exists = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (rows[i].category_id != category_id)
			continue;
		exists = 1;
		if (rows[i].group_id >= 0 && perm_in_group(u, rows[i].group_id))
			best = better(best, rows[i].permission_type);
	}
	if (exists && perm_is_staff(u))
		return PERM_FULL;
	return (enum perm)best;
}

int
viewer_load(struct db *db, struct arena *a, const struct user *u,
    struct viewer *v)
{
	struct category_perm_row *rows;
	size_t n;

	memset(v, 0, sizeof(*v));
	v->user = u;
	if (db_category_perm_rows(db, a, &rows, &n) != DB_OK)
		return -1;
	v->rows = rows;
	v->nrows = n;
	return 0;
}

enum perm
rights_category(const struct viewer *v, int64_t category_id)
{
	return perm_from_rows(v->user, category_id, v->rows, v->nrows);
}

int
rights_category_public(const struct viewer *v, int64_t category_id)
{
	return perm_from_rows(NULL, category_id, v->rows, v->nrows) !=
	    PERM_NONE;
}

const char *
rights_visible_categories(const struct viewer *v, struct arena *a)
{
	struct buf b = {0};
	int64_t last = -1;
	const char *out;
	size_t i;

	buf_putc(&b, '[');
	for (i = 0; i < v->nrows; i++) {
		int64_t id = v->rows[i].category_id;

		if (id == last)
			continue;
		last = id;
		if (!perm_can_see(rights_category(v, id)))
			continue;
		buf_printf(&b, "%s%lld", b.len > 1 ? "," : "", (long long)id);
	}
	buf_putc(&b, ']');
	out = arena_strdup(a, b.data);
	buf_free(&b);
	return out;
}

/* Whether the viewer owns t and could delete it but for others' posts:
 * the one fact that costs a query, asked only then. */
static int
needs_others_posted(const struct viewer *v, const struct topic *t)
{
	return v->user != NULL && v->user->id == t->user_id &&
	    !perm_is_staff(v->user) && t->deleted_at == 0 && !t->archived;
}

void
rights_topic(const struct viewer *v, const struct topic *t,
    const struct topic_facts *f, struct topic_rights *tr)
{
	int p = rights_category(v, t->category_id), live = t->deleted_at == 0;

	memset(tr, 0, sizeof(*tr));
	tr->staff = perm_is_staff(v->user);
	tr->owner = v->user != NULL && v->user->id == t->user_id;
	tr->see = perm_can_see(p) && (live || tr->staff);
	if (!tr->see)
		return;
	tr->session = f->session;
	tr->presenter = f->presenter;
	tr->recording_post_id = f->recording_post_id;
	if (v->user == NULL)
		return;
	tr->reply = live && perm_can_reply(p) &&
	    (tr->staff || (!t->closed && !t->archived));
	tr->edit = tr->staff || (tr->owner && live && !t->closed &&
	    !t->archived);
	tr->act = live && !t->archived;
	tr->create_topic = perm_can_create_topic(p);
	if (live && tr->staff)
		tr->del = 1;
	else if (needs_others_posted(v, t))
		tr->del = !f->others_posted;
}

/* The facts of t that rights_topic will read for this viewer. */
static int
topic_facts_load(struct db *db, const struct viewer *v, const struct topic *t,
    struct topic_facts *f)
{
	struct conf_role role;
	int rc;

	memset(f, 0, sizeof(*f));
	if (!perm_can_see(rights_category(v, t->category_id)) ||
	    (t->deleted_at != 0 && !perm_is_staff(v->user)))
		return E_OK;
	if (db_conf_topic_role(db, t->id, v->user ? v->user->id : 0,
	    &role) != DB_OK)
		return E_INTERNAL;
	f->session = role.session;
	f->presenter = role.presenter;
	f->recording_post_id = role.recording_post_id;
	if (needs_others_posted(v, t)) {
		rc = db_topic_others_posted(db, t->id, t->user_id);
		if (rc != DB_OK && rc != DB_NOTFOUND)
			return E_INTERNAL;
		f->others_posted = rc == DB_OK;
	}
	return E_OK;
}

int
rights_topic_load(struct db *db, struct arena *a, const struct viewer *v,
    int64_t id, struct topic **t, struct topic_rights *tr)
{
	struct topic_facts f;
	int rc, e;

	if (id <= 0)
		return E_NOT_FOUND;
	rc = db_topic_get(db, a, id, t);
	if (rc == DB_NOTFOUND)
		return E_NOT_FOUND;
	if (rc != DB_OK)
		return E_INTERNAL;
	if ((e = topic_facts_load(db, v, *t, &f)) != E_OK)
		return e;
	rights_topic(v, *t, &f, tr);
	return tr->see ? E_OK : E_NOT_FOUND;
}

int
rights_post_load(struct db *db, struct arena *a, const struct viewer *v,
    int64_t id, int with_raw, struct post **p, struct topic **t,
    struct topic_rights *tr)
{
	int rc, e;

	if (id <= 0)
		return E_NOT_FOUND;
	rc = db_post_get(db, a, id, v->user ? v->user->id : 0, with_raw, p);
	if (rc == DB_NOTFOUND)
		return E_NOT_FOUND;
	if (rc != DB_OK)
		return E_INTERNAL;
	if ((e = rights_topic_load(db, a, v, (*p)->topic_id, t, tr)) != E_OK)
		return e;
	return (*p)->deleted_at == 0 || tr->staff ? E_OK : E_NOT_FOUND;
}

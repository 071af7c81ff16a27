/*
 * core/rights.c applied to the request: the viewer's facts are read once
 * into the request's arena, then every question is a pure function call.
 */
#include <stddef.h>

#include "http.h"
#include "perm.h"

const struct viewer *
perm_viewer(struct req *r)
{
	struct viewer *v;

	if (r->viewer != NULL)
		return r->viewer;
	v = arena_calloc(r->arena, 1, sizeof(*v));
	if (viewer_load(req_db(r), r->arena, r->user, v) != 0)
		return NULL;
	r->viewer = v;
	return v;
}

void
perm_forget(struct req *r)
{
	r->viewer = NULL;
}

int
perm_category(struct req *r, int64_t category_id)
{
	const struct viewer *v = perm_viewer(r);

	return v == NULL ? -1 : (int)rights_category(v, category_id);
}

int
perm_category_public(struct req *r, int64_t category_id)
{
	const struct viewer *v = perm_viewer(r);

	return v != NULL && rights_category_public(v, category_id);
}

const char *
perm_visible_categories(struct req *r)
{
	const struct viewer *v = perm_viewer(r);

	return v == NULL ? NULL : rights_visible_categories(v, r->arena);
}

int
perm_topic_load(struct req *r, int64_t id, struct topic **t,
    struct topic_rights *tr)
{
	const struct viewer *v = perm_viewer(r);

	if (v == NULL)
		return E_INTERNAL;
	return rights_topic_load(req_db(r), r->arena, v, id, t, tr);
}

int
perm_post_load(struct req *r, int64_t id, int with_raw, struct post **p,
    struct topic **t, struct topic_rights *tr)
{
	const struct viewer *v = perm_viewer(r);

	if (v == NULL)
		return E_INTERNAL;
	return rights_post_load(req_db(r), r->arena, v, id, with_raw, p, t,
	    tr);
}

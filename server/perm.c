/*
 * Permission checks over the category_groups rows, loaded once per request
 * into the request's arena.
 */
#include <stddef.h>

#include "http.h"
#include "perm.h"
#include "permissions.h"
#include "users.h"

struct perm_cache {
	struct category_perm_row	*rows;
	size_t				 n;
};

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

static struct perm_cache *
load(struct req *r)
{
	struct perm_cache *c = r->perms;

	if (c != NULL)
		return c;
	c = arena_calloc(r->arena, 1, sizeof(*c));
	if (db_category_perm_rows(req_db(r), r->arena, &c->rows, &c->n) !=
	    DB_OK)
		return NULL;
	r->perms = c;
	return c;
}

int
perm_category(struct req *r, int64_t category_id)
{
	struct perm_cache *c = load(r);

	if (c == NULL)
		return -1;
	return perm_from_rows(r->user, category_id, c->rows, c->n);
}

int
perm_category_public(struct req *r, int64_t category_id)
{
	struct perm_cache *c = load(r);

	if (c == NULL)
		return 0;
	return perm_from_rows(NULL, category_id, c->rows, c->n) != PERM_NONE;
}

const char *
perm_visible_categories(struct req *r)
{
	struct perm_cache *c = load(r);
	struct buf b = {0};
	int64_t last = -1;
	const char *out;
	size_t i;

	if (c == NULL)
		return NULL;
	buf_putc(&b, '[');
	for (i = 0; i < c->n; i++) {
		int64_t id = c->rows[i].category_id;

		if (id == last)
			continue;
		last = id;
		if (!perm_can_see(perm_from_rows(r->user, id, c->rows, c->n)))
			continue;
		buf_printf(&b, "%s%lld", b.len > 1 ? "," : "", (long long)id);
	}
	buf_putc(&b, ']');
	out = arena_strdup(r->arena, b.data);
	buf_free(&b);
	return out;
}

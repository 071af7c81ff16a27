/*
 * Topic lists in Discourse's TopicListSerializer shape: /latest, /top,
 * /c/{slug}/{id}, /tag/{name}, and the tag index /tags.
 *
 * Every list reads only topics in categories the caller may see
 * (perm_visible_categories) and, unless the caller is staff, only listed
 * ones (visible = 1).  A category or tag the caller cannot see answers
 * exactly like one that does not exist.  A page costs a fixed number of
 * queries (db/lists.c); the shape, posters, users and the caller's
 * reading state come from server/present_list.c.
 */
#include <stdlib.h>
#include <string.h>

#include "categories.h"
#include "handlers.h"
#include "http.h"
#include "lists.h"
#include "perm.h"
#include "present.h"
#include "present_list.h"
#include "tags.h"
#include "users.h"
#include "valid.h"

#define TOP_TAGS		30
#define MAX_TAGS_INDEX		5000
#define MAX_TAG_NAME		255

/* Discourse's TopTopic.periods and how far back each reaches. */
static const struct period {
	const char	*name;
	int64_t		 seconds;	/* 0 = all time */
} periods[] = {
	{ "all", 0 },
	{ "yearly", 365 * 86400 },
	{ "quarterly", 91 * 86400 },
	{ "monthly", 30 * 86400 },
	{ "weekly", 7 * 86400 },
	{ "daily", 86400 },
};
#define DEFAULT_PERIOD	1	/* top_page_default_timeframe: yearly */

/* Percent-encodes everything but RFC 3986 unreserved characters. */
static void
url_escape(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
		    *p == '.' || *p == '~')
			buf_putc(b, (char)*p);
		else
			buf_printf(b, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
	}
}

/* Pins go first only in the default (activity) order, as in Discourse. */
static int
pins_first(const struct list_params *p)
{
	return p->order == LIST_ORDER_DEFAULT || p->order == LIST_ORDER_ACTIVITY;
}

/*
 * GET /latest: every visible topic, global pins first.  Answers 200, or
 * 400 for bad paging or order parameters.
 */
int
h_lists_latest(struct req *r)
{
	struct list_query q = { .kind = LIST_LATEST };
	struct list_params p;
	int e;

	if ((e = present_list_params(r, &p)) != E_OK)
		return e;
	if ((q.visible = perm_visible_categories(r)) == NULL)
		return E_INTERNAL;
	q.pins_first = pins_first(&p);
	return present_topic_list(r, &q, &p, r->user != NULL, "/latest", NULL,
	    NULL);
}

/*
 * The period comes from the path (/top/weekly: unknown is 404, as there
 * is no such page) or from ?period= (unknown is 400, TopTopic's
 * validate_period).  Returns an index into periods[] or -1 after
 * setting *e.
 */
static int
top_period(struct req *r, int *e)
{
	const char *s = req_arg_named(r, "period");
	int from_path = s != NULL;
	size_t i;

	if (s == NULL)
		s = req_param(r, "period");
	if (s == NULL || *s == '\0')
		return DEFAULT_PERIOD;
	for (i = 0; i < ARRAY_SIZE(periods); i++)
		if (strcmp(s, periods[i].name) == 0)
			return (int)i;
	if (from_path)
		*e = E_NOT_FOUND;
	else {
		req_errf(r, "period must be one of all, yearly, quarterly, "
		    "monthly, weekly, daily");
		*e = E_BAD_REQUEST;
	}
	return -1;
}

/*
 * GET /top and /top/{period}: topics created in the period by score.
 * Answers 200, 404 for an unknown period in the path, 400 in the query.
 */
int
h_lists_top(struct req *r)
{
	struct list_query q = { .kind = LIST_TOP };
	struct list_params p;
	const char *path, *fixed = NULL;
	int e = E_OK, pi;

	if ((pi = top_period(r, &e)) < 0)
		return e;
	if ((e = present_list_params(r, &p)) != E_OK)
		return e;
	if ((q.visible = perm_visible_categories(r)) == NULL)
		return E_INTERNAL;
	q.filter = periods[pi].seconds ? util_now() - periods[pi].seconds :
	    INT64_MIN;
	if (req_arg_named(r, "period") != NULL)
		path = arena_printf(r->arena, "/top/%s", periods[pi].name);
	else {
		path = "/top";
		fixed = arena_printf(r->arena, "period=%s", periods[pi].name);
	}
	return present_topic_list(r, &q, &p, r->user != NULL, path, fixed,
	    json_pack("{s:s}", "for_period", periods[pi].name));
}

/* top_tags of a category list: its most used visible tags. */
static json_t *
top_tags_json(struct req *r, const char *visible, int64_t category_id)
{
	struct tag_count *tc;
	json_t *list;
	size_t n, i;

	if (db_tag_counts(req_db(r), r->arena, visible,
	    perm_is_staff(r->user), category_id, TOP_TAGS, &tc, &n) != DB_OK)
		return NULL;
	list = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:I,s:o,s:o}", "id",
		    (json_int_t)tc[i].id, "name", present_str(tc[i].name), "slug",
		    present_str(tc[i].name)));
	return list;
}

/*
 * GET /c/{slug}/{id}: one category's topics, its pins first.  Answers
 * 200, or 404 when the category is missing or hidden (the slug is
 * ignored).
 */
int
h_lists_category(struct req *r)
{
	struct list_query q = { .kind = LIST_CATEGORY };
	int64_t id = req_arg_id(r, "id");
	struct list_params p;
	struct category *c;
	struct buf b = {0};
	const char *path;
	json_t *top;
	int e, perm, rc;

	/* Hidden and missing categories answer alike, before anything else. */
	if ((perm = perm_category(r, id)) < 0)
		return E_INTERNAL;
	if (!perm_can_see(perm))
		return E_NOT_FOUND;
	if ((rc = db_category_get(req_db(r), r->arena, id, &c)) == DB_NOTFOUND)
		return E_NOT_FOUND;
	if (rc != DB_OK)
		return E_INTERNAL;
	if ((e = present_list_params(r, &p)) != E_OK)
		return e;
	if ((q.visible = perm_visible_categories(r)) == NULL ||
	    (top = top_tags_json(r, q.visible, id)) == NULL)
		return E_INTERNAL;
	q.filter = id;
	q.pins_first = pins_first(&p);
	buf_puts(&b, "/c/");
	url_escape(&b, c->slug);
	buf_printf(&b, "/%lld", (long long)id);
	path = arena_strdup(r->arena, b.data);
	buf_free(&b);
	return present_topic_list(r, &q, &p, r->user != NULL &&
	    perm_can_create_topic(perm), path, NULL,
	    json_pack("{s:o}", "top_tags", top));
}

/*
 * GET /topics/created-by/{username}: the topics a user started, newest
 * first, among those the caller may see.  404 for an unknown user.
 */
int
h_lists_created_by(struct req *r)
{
	struct list_query q = { .kind = LIST_USER };
	const char *username = req_arg_named(r, "username");
	struct list_params p;
	struct user *u;
	struct buf b = {0};
	const char *path;
	int e, rc;

	rc = db_user_by_username(req_db(r), r->arena, username, &u);
	if (rc == DB_NOTFOUND || (rc == DB_OK && !u->active))
		return E_NOT_FOUND;
	if (rc != DB_OK)
		return E_INTERNAL;
	if ((e = present_list_params(r, &p)) != E_OK)
		return e;
	if ((q.visible = perm_visible_categories(r)) == NULL)
		return E_INTERNAL;
	q.filter = u->id;
	buf_puts(&b, "/topics/created-by/");
	url_escape(&b, u->username);
	path = arena_strdup(r->arena, b.data);
	buf_free(&b);
	return present_topic_list(r, &q, &p, r->user != NULL, path, NULL, NULL);
}

/*
 * GET /tag/{name}: topics with a tag.  Answers 200, or 404 when the tag
 * is unknown or no topic the caller may see carries it.
 */
int
h_lists_tag(struct req *r)
{
	struct list_query q = { .kind = LIST_TAG };
	const char *name = req_arg_named(r, "name");
	struct list_params p;
	struct buf b = {0};
	const char *path;
	char *canonical;
	int64_t tag_id, count;
	int e, rc;

	if (name == NULL || strlen(name) > MAX_TAG_NAME || !valid_text(name))
		return E_NOT_FOUND;
	if ((q.visible = perm_visible_categories(r)) == NULL)
		return E_INTERNAL;
	rc = db_tag_by_name(req_db(r), r->arena, name, &tag_id, &canonical);
	if (rc == DB_NOTFOUND)
		return E_NOT_FOUND;
	if (rc != DB_OK || db_tag_visible_count(req_db(r), tag_id, q.visible,
	    perm_is_staff(r->user), &count) != DB_OK)
		return E_INTERNAL;
	/* A tag only private topics carry must not be confirmed to exist. */
	if (count == 0)
		return E_NOT_FOUND;
	if ((e = present_list_params(r, &p)) != E_OK)
		return e;
	q.filter = tag_id;
	q.pins_first = pins_first(&p);
	buf_puts(&b, "/tag/");
	url_escape(&b, canonical);
	path = arena_strdup(r->arena, b.data);
	buf_free(&b);
	return present_topic_list(r, &q, &p, r->user != NULL, path, NULL,
	    json_pack("{s:[{s:I,s:o,s:I,s:b}]}", "tags", "id",
	    (json_int_t)tag_id, "name", present_str(canonical), "topic_count",
	    (json_int_t)count, "staff", 0));
}

/*
 * GET /tags: tags with their counts over visible topics.  Answers 200.
 */
int
h_tags_index(struct req *r)
{
	struct tag_count *tc;
	const char *visible;
	json_t *list;
	size_t n, i;

	if ((visible = perm_visible_categories(r)) == NULL ||
	    db_tag_counts(req_db(r), r->arena, visible,
	    perm_is_staff(r->user), 0, MAX_TAGS_INDEX, &tc, &n) != DB_OK)
		return E_INTERNAL;
	list = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(list, json_pack(
		    "{s:I,s:o,s:o,s:I,s:i,s:n}", "id", (json_int_t)tc[i].id,
		    "text", present_str(tc[i].name), "name", present_str(tc[i].name),
		    "count", (json_int_t)tc[i].count, "pm_count", 0,
		    "target_tag"));
	return resp_json(r, 200, json_pack("{s:o,s:{s:[]}}", "tags", list,
	    "extras", "categories"));
}

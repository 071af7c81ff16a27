/*
 * Topic lists in Discourse's TopicListSerializer shape: /latest, /top,
 * /c/{slug}/{id}, /tag/{name}, and the tag index /tags.
 *
 * Every list reads only topics in categories the caller may see
 * (perm_visible_categories) and, unless the caller is staff, only listed
 * ones (visible = 1).  A category or tag the caller cannot see answers
 * exactly like one that does not exist.  A page costs a fixed number of
 * queries (db/lists.c), and user details come in one more.
 */
#include <stdlib.h>
#include <string.h>

#include "categories.h"
#include "handlers.h"
#include "http.h"
#include "lists.h"
#include "perm.h"
#include "present.h"
#include "tags.h"
#include "users.h"
#include "valid.h"

#define DEFAULT_PER_PAGE	30
#define MAX_PER_PAGE		100
#define MAX_PAGE		10000
#define MAX_POSTERS		5
#define TOP_TAGS		30
#define MAX_TAGS_INDEX		5000
#define MAX_TAG_NAME		255

static const char *const order_names[LIST_ORDER__MAX] = {
	[LIST_ORDER_DEFAULT] = "default",
	[LIST_ORDER_CREATED] = "created",
	[LIST_ORDER_ACTIVITY] = "activity",
	[LIST_ORDER_VIEWS] = "views",
	[LIST_ORDER_POSTS] = "posts",
	[LIST_ORDER_LIKES] = "likes",
	[LIST_ORDER_CATEGORY] = "category",
};

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

/* The query parameters every list takes. */
struct list_params {
	int64_t		 page;
	int64_t		 per_page;
	int		 per_page_given;
	enum list_order	 order;
	int		 order_given;
	int		 ascending;
	int		 ascending_given;
};

static int
parse_order(struct req *r, struct list_params *p)
{
	const char *s = req_param(r, "order");
	int i;

	p->order = LIST_ORDER_DEFAULT;
	if (s == NULL || *s == '\0')
		return E_OK;
	for (i = 0; i < LIST_ORDER__MAX; i++)
		if (strcmp(s, order_names[i]) == 0) {
			p->order = (enum list_order)i;
			p->order_given = 1;
			return E_OK;
		}
	req_errf(r, "order must be one of default, created, activity, "
	    "views, posts, likes, category");
	return E_BAD_REQUEST;
}

/*
 * page: 0..MAX_PAGE, else 400 (as Discourse refuses negative pages);
 * per_page: 1..100, values above 100 are clamped to 100 (the spec's
 * maximum), 0 and below are refused.
 */
static int
parse_list_params(struct req *r, struct list_params *p)
{
	const char *pp = req_param(r, "per_page");
	int e;

	memset(p, 0, sizeof(*p));
	if ((e = req_param_int(r, "page", 0, &p->page)) != E_OK)
		return e;
	if (p->page < 0 || p->page > MAX_PAGE) {
		req_errf(r, "page must be between 0 and %d", MAX_PAGE);
		return E_BAD_REQUEST;
	}
	if ((e = req_param_int(r, "per_page", DEFAULT_PER_PAGE,
	    &p->per_page)) != E_OK)
		return e;
	p->per_page_given = pp != NULL && *pp != '\0';
	if (p->per_page < 1) {
		req_errf(r, "per_page must be between 1 and %d", MAX_PER_PAGE);
		return E_BAD_REQUEST;
	}
	if (p->per_page > MAX_PER_PAGE)
		p->per_page = MAX_PER_PAGE;
	if ((e = parse_order(r, p)) != E_OK)
		return e;
	p->ascending_given = req_param(r, "ascending") != NULL &&
	    *req_param(r, "ascending") != '\0';
	return req_param_bool(r, "ascending", 0, &p->ascending);
}

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

/*
 * The next page's URL without ".json", as Discourse gives it: the list's
 * path (already escaped), fixed query (e.g. "period=weekly" or NULL), then
 * the page and whichever list parameters the caller gave.
 */
static char *
more_url(struct req *r, const char *path, const char *fixed,
    const struct list_params *p)
{
	struct buf b = {0};
	char *out;

	buf_printf(&b, "%s?", path);
	if (fixed != NULL)
		buf_printf(&b, "%s&", fixed);
	buf_printf(&b, "page=%lld", (long long)(p->page + 1));
	if (p->per_page_given)
		buf_printf(&b, "&per_page=%lld", (long long)p->per_page);
	if (p->order_given)
		buf_printf(&b, "&order=%s", order_names[p->order]);
	if (p->ascending_given)
		buf_printf(&b, "&ascending=%s", p->ascending ? "true" : "false");
	out = arena_strdup(r->arena, b.data);
	buf_free(&b);
	return out;
}

/* --- users and posters --------------------------------------------- */

struct user_set {
	struct list_user	*u;
	size_t			 n;
};

static int
cmp_user(const void *a, const void *b)
{
	int64_t x = ((const struct list_user *)a)->id;
	int64_t y = ((const struct list_user *)b)->id;

	return x < y ? -1 : x > y;
}

static const struct list_user *
user_find(const struct user_set *s, int64_t id)
{
	struct list_user key = { .id = id };

	if (s->n == 0)
		return NULL;
	return bsearch(&key, s->u, s->n, sizeof(key), cmp_user);
}

/*
 * Discourse's TopicPostersSummary: the creator, the most recent poster
 * and the frequent posters, without repeats, at most five, with the most
 * recent poster moved to the end.  Returns how many ids went into out.
 */
static size_t
poster_ids(const struct list_topic *t, int64_t out[MAX_POSTERS])
{
	int64_t all[2 + LIST_MAX_FEATURED];
	size_t nall = 0, n = 0, i, j;

	all[nall++] = t->user_id;
	all[nall++] = t->last_post_user_id;
	for (i = 0; i < t->nfeatured; i++)
		all[nall++] = t->featured[i];
	for (i = 0; i < nall && n < MAX_POSTERS; i++) {
		for (j = 0; j < n && out[j] != all[i]; j++)
			;
		if (j == n)
			out[n++] = all[i];
	}
	if (t->last_post_user_id != t->user_id && n > 1) {
		for (i = 0; i < n && out[i] != t->last_post_user_id; i++)
			;
		for (; i + 1 < n; i++)
			out[i] = out[i + 1];
		out[n - 1] = t->last_post_user_id;
	}
	return n;
}

static const char *
poster_description(const struct list_topic *t, int64_t id)
{
	if (id == t->user_id && id == t->last_post_user_id)
		return "Original Poster, Most Recent Poster";
	if (id == t->user_id)
		return "Original Poster";
	if (id == t->last_post_user_id)
		return "Most Recent Poster";
	return "Frequent Poster";
}

static json_t *
posters_json(const struct list_topic *t, const struct user_set *users)
{
	int64_t ids[MAX_POSTERS];
	size_t n = poster_ids(t, ids), i;
	json_t *list = json_array(), *extras;
	int single = n == 1;

	for (i = 0; i < n; i++) {
		if (user_find(users, ids[i]) == NULL)
			continue;	/* a deleted account */
		if (ids[i] != t->last_post_user_id)
			extras = json_null();
		else
			extras = json_string(single ? "latest single" :
			    "latest");
		json_array_append_new(list, json_pack("{s:o,s:s,s:I,s:n}",
		    "extras", extras, "description",
		    poster_description(t, ids[i]), "user_id",
		    (json_int_t)ids[i], "primary_group_id"));
	}
	return list;
}

/* Loads every user a poster list names, in one query. */
static int
load_users(struct req *r, const struct list_topic *t, size_t n,
    struct user_set *users)
{
	struct buf b = {0};
	int64_t ids[MAX_POSTERS];
	size_t i, j, k;
	int rc;

	buf_putc(&b, '[');
	for (i = 0; i < n; i++) {
		k = poster_ids(&t[i], ids);
		for (j = 0; j < k; j++)
			buf_printf(&b, "%s%lld", b.len > 1 ? "," : "",
			    (long long)ids[j]);
	}
	buf_putc(&b, ']');
	rc = db_list_users(req_db(r), r->arena, b.data, &users->u, &users->n);
	buf_free(&b);
	if (rc != DB_OK)
		return E_INTERNAL;
	if (users->n > 1)
		qsort(users->u, users->n, sizeof(users->u[0]), cmp_user);
	return E_OK;
}

/* The top-level users[], in order of first appearance. */
static json_t *
users_json(const struct list_topic *t, size_t n, const struct user_set *users)
{
	json_t *list = json_array();
	unsigned char *seen = calloc(users->n ? users->n : 1, 1);
	const struct list_user *u;
	int64_t ids[MAX_POSTERS];
	size_t i, j, k;

	if (seen == NULL)
		abort();
	for (i = 0; i < n; i++) {
		k = poster_ids(&t[i], ids);
		for (j = 0; j < k; j++) {
			if ((u = user_find(users, ids[j])) == NULL ||
			    seen[u - users->u])
				continue;
			seen[u - users->u] = 1;
			json_array_append_new(list, json_pack("{s:I,s:o,s:o,s:o}",
			    "id", (json_int_t)u->id, "username",
			    present_str(u->username), "name", present_str(u->name),
			    "avatar_template",
			    present_avatar_template(u->username)));
		}
	}
	free(seen);
	return list;
}

/* --- topics -------------------------------------------------------- */

static json_t *
tags_json(const struct list_topic *t)
{
	json_t *list = json_array();
	size_t i;

	for (i = 0; i < t->ntags; i++)
		json_array_append_new(list, present_str(t->tags[i]));
	return list;
}

/* One topics[] item (Discourse's TopicListItemSerializer). */
static json_t *
topic_json(const struct list_topic *t, const struct user_set *users)
{
	const struct list_user *last = user_find(users, t->last_post_user_id);
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(t->id));
	json_object_set_new(o, "title", present_str(t->title));
	json_object_set_new(o, "fancy_title", present_str(t->fancy_title));
	json_object_set_new(o, "slug", present_str(t->slug));
	json_object_set_new(o, "posts_count", json_integer(t->posts_count));
	json_object_set_new(o, "reply_count", json_integer(t->reply_count));
	json_object_set_new(o, "highest_post_number",
	    json_integer(t->highest_post_number));
	json_object_set_new(o, "image_url", json_null());
	json_object_set_new(o, "created_at", json_time(t->created_at));
	json_object_set_new(o, "last_posted_at", json_time(t->last_posted_at));
	json_object_set_new(o, "bumped", json_true());
	json_object_set_new(o, "bumped_at", json_time(t->bumped_at));
	json_object_set_new(o, "archetype", present_str(t->archetype));
	json_object_set_new(o, "unseen", json_false());
	json_object_set_new(o, "pinned", json_boolean(t->pinned));
	json_object_set_new(o, "unpinned", json_null());
	/* Discourse shows excerpts for pinned topics only. */
	if (t->pinned)
		json_object_set_new(o, "excerpt", present_str(t->excerpt));
	json_object_set_new(o, "visible", json_boolean(t->visible));
	json_object_set_new(o, "closed", json_boolean(t->closed));
	json_object_set_new(o, "archived", json_boolean(t->archived));
	json_object_set_new(o, "bookmarked", json_null());
	json_object_set_new(o, "liked", json_null());
	json_object_set_new(o, "views", json_integer(t->views));
	json_object_set_new(o, "like_count", json_integer(t->like_count));
	json_object_set_new(o, "has_summary", json_false());
	json_object_set_new(o, "last_poster_username",
	    last != NULL ? present_str(last->username) : json_null());
	json_object_set_new(o, "category_id", json_integer(t->category_id));
	json_object_set_new(o, "pinned_globally",
	    json_boolean(t->pinned_globally));
	json_object_set_new(o, "has_recording",
	    json_boolean(t->has_recording));
	json_object_set_new(o, "featured_link", json_null());
	json_object_set_new(o, "tags", tags_json(t));
	json_object_set_new(o, "posters", posters_json(t, users));
	return o;
}

/*
 * Runs q and answers with the whole list.  more_path/more_fixed make
 * more_topics_url (see more_url); extra holds further topic_list fields
 * and is consumed (may be NULL).
 */
static int
respond_list(struct req *r, struct list_query *q, const struct list_params *p,
    int can_create_topic, const char *more_path, const char *more_fixed,
    json_t *extra)
{
	struct list_topic *t;
	struct user_set users = {0};
	json_t *tl, *topics;
	size_t n, i;
	int e;

	q->order = p->order;
	q->ascending = p->ascending;
	q->page = p->page;
	q->per_page = p->per_page;
	q->now = util_now();
	q->include_unlisted = perm_is_staff(r->user);
	if (db_list_topics(req_db(r), r->arena, q, &t, &n) != DB_OK ||
	    (e = load_users(r, t, n, &users)) != E_OK) {
		json_decref(extra);
		return E_INTERNAL;
	}
	topics = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(topics, topic_json(&t[i], &users));
	tl = json_object();
	json_object_set_new(tl, "can_create_topic",
	    json_boolean(can_create_topic));
	/* Only a full page suggests another (include_more_topics_url?). */
	if ((int64_t)n == p->per_page && p->page < MAX_PAGE)
		json_object_set_new(tl, "more_topics_url",
		    json_string(more_url(r, more_path, more_fixed, p)));
	json_object_set_new(tl, "per_page", json_integer(p->per_page));
	json_object_set_new(tl, "draft", json_null());
	json_object_set_new(tl, "draft_key", json_string("new_topic"));
	json_object_set_new(tl, "draft_sequence", json_integer(0));
	if (extra != NULL)
		json_object_update(tl, extra);
	json_decref(extra);
	json_object_set_new(tl, "topics", topics);
	return resp_json(r, 200, json_pack("{s:o,s:[],s:o}", "users",
	    users_json(t, n, &users), "primary_groups", "topic_list", tl));
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

	if ((e = parse_list_params(r, &p)) != E_OK)
		return e;
	if ((q.visible = perm_visible_categories(r)) == NULL)
		return E_INTERNAL;
	q.pins_first = pins_first(&p);
	return respond_list(r, &q, &p, r->user != NULL, "/latest", NULL,
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
	if ((e = parse_list_params(r, &p)) != E_OK)
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
	return respond_list(r, &q, &p, r->user != NULL, path, fixed,
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
	if ((e = parse_list_params(r, &p)) != E_OK)
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
	return respond_list(r, &q, &p, r->user != NULL &&
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
	if ((e = parse_list_params(r, &p)) != E_OK)
		return e;
	if ((q.visible = perm_visible_categories(r)) == NULL)
		return E_INTERNAL;
	q.filter = u->id;
	buf_puts(&b, "/topics/created-by/");
	url_escape(&b, u->username);
	path = arena_strdup(r->arena, b.data);
	buf_free(&b);
	return respond_list(r, &q, &p, r->user != NULL, path, NULL, NULL);
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
	if ((e = parse_list_params(r, &p)) != E_OK)
		return e;
	q.filter = tag_id;
	q.pins_first = pins_first(&p);
	buf_puts(&b, "/tag/");
	url_escape(&b, canonical);
	path = arena_strdup(r->arena, b.data);
	buf_free(&b);
	return respond_list(r, &q, &p, r->user != NULL, path, NULL,
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

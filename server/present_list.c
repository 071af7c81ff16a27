/*
 * Topic lists in Discourse's TopicListSerializer shape (see
 * present_list.h): one page read by db/lists.c, its posters' user details
 * in one more query, and for a signed-in caller their reading state on
 * the page's topics in one more (db/reading.c), turned into unseen,
 * last_read_post_number, unread_posts and new_posts by the rules of
 * core/reading_rules.c.  Anonymous callers get unseen: false and none of
 * the other three, as Discourse sends them; their bodies are the ones the
 * response cache keeps, and a signed-in request never reaches the cache.
 */
#include <stdlib.h>
#include <string.h>

#include "bookmarks.h"
#include "config.h"
#include "http.h"
#include "lists.h"
#include "present.h"
#include "present_list.h"
#include "perm.h"
#include "reading.h"
#include "reading_rules.h"
#include "users.h"

#define DEFAULT_PER_PAGE	30
#define MAX_PER_PAGE		100
#define MAX_PAGE		10000
#define MAX_POSTERS		5

static const char *const order_names[LIST_ORDER__MAX] = {
	[LIST_ORDER_DEFAULT] = "default",
	[LIST_ORDER_CREATED] = "created",
	[LIST_ORDER_ACTIVITY] = "activity",
	[LIST_ORDER_VIEWS] = "views",
	[LIST_ORDER_POSTS] = "posts",
	[LIST_ORDER_LIKES] = "likes",
	[LIST_ORDER_CATEGORY] = "category",
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
int
present_list_params(struct req *r, struct list_params *p)
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

/* --- the caller's reading state ----------------------------------- */

/* The signed-in caller's state on one page (on = 0 for anonymous). */
struct page_state {
	int			 on;
	int64_t			 user_id;
	int64_t			 threshold;	/* of "new" */
	struct reading_row	*rows;
	size_t			 n;
	int64_t			*bookmarked;	/* topic ids */
	size_t			 nbookmarked;
};

/* One query for the caller's marks, one each for the page's reading state
 * and bookmarks; E_OK or E_INTERNAL. */
static int
load_state(struct req *r, const struct list_topic *t, size_t n,
    struct page_state *ps)
{
	int64_t created_at, new_since;
	struct buf b = {0};
	size_t i;
	int rc;

	memset(ps, 0, sizeof(*ps));
	if (r->user == NULL)
		return E_OK;
	ps->on = 1;
	ps->user_id = r->user->id;
	if (db_reading_user_marks(req_db(r), r->user->id, &created_at,
	    &new_since) != DB_OK)
		return E_INTERNAL;
	ps->threshold = reading_new_threshold(util_now(),
	    cfg.new_topic_minutes, created_at, new_since);
	if (n == 0)
		return E_OK;
	buf_putc(&b, '[');
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%lld", i ? "," : "", (long long)t[i].id);
	buf_putc(&b, ']');
	rc = db_reading_for_topics(req_db(r), r->arena, r->user->id, b.data,
	    &ps->rows, &ps->n);
	if (rc == DB_OK)
		rc = db_bookmark_topics(req_db(r), r->arena, r->user->id,
		    b.data, &ps->bookmarked, &ps->nbookmarked);
	buf_free(&b);
	return rc == DB_OK ? E_OK : E_INTERNAL;
}

/*
 * Discourse's ListableTopicSerializer: unseen for everyone (false when
 * anonymous), the rest only where the caller has reading state.
 */
static void
state_json(json_t *o, const struct list_topic *t, const struct page_state *ps)
{
	struct reading_topic rt = { .user_id = t->user_id,
	    .created_at = t->created_at,
	    .highest_post_number = t->highest_post_number };
	struct reading_state s = { .level = READING_LEVEL_NONE };
	int64_t unread;
	size_t i;

	for (i = 0; i < ps->n; i++)
		if (ps->rows[i].topic_id == t->id) {
			s.exists = 1;
			s.last_read = ps->rows[i].last_read;
			s.level = ps->rows[i].level;
			break;
		}
	json_object_set_new(o, "unseen", json_boolean(ps->on &&
	    reading_is_new(&rt, &s, ps->user_id, ps->threshold)));
	if (!ps->on || !reading_has_state(&s))
		return;
	unread = reading_unread_posts(&rt, &s);
	json_object_set_new(o, "last_read_post_number",
	    json_integer(s.last_read));
	json_object_set_new(o, "unread_posts", json_integer(unread));
	/* Discourse still sends new_posts, equal to unread_posts, for
	 * older clients. */
	json_object_set_new(o, "new_posts", json_integer(unread));
}

/* Whether the caller bookmarked t or a post of it: null for anonymous, as
 * Discourse sends it. */
static json_t *
bookmarked_json(const struct list_topic *t, const struct page_state *ps)
{
	size_t i;

	if (!ps->on)
		return json_null();
	for (i = 0; i < ps->nbookmarked; i++)
		if (ps->bookmarked[i] == t->id)
			return json_true();
	return json_false();
}

/* One topics[] item (Discourse's TopicListItemSerializer). */
static json_t *
topic_json(const struct list_topic *t, const struct user_set *users,
    const struct page_state *ps)
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
	state_json(o, t, ps);
	json_object_set_new(o, "pinned", json_boolean(t->pinned));
	json_object_set_new(o, "unpinned", json_null());
	/* Discourse shows excerpts for pinned topics only. */
	if (t->pinned)
		json_object_set_new(o, "excerpt", present_str(t->excerpt));
	json_object_set_new(o, "visible", json_boolean(t->visible));
	json_object_set_new(o, "closed", json_boolean(t->closed));
	json_object_set_new(o, "archived", json_boolean(t->archived));
	json_object_set_new(o, "bookmarked", bookmarked_json(t, ps));
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

int
present_topic_list(struct req *r, struct list_query *q,
    const struct list_params *p, int can_create_topic, const char *more_path, const char *more_fixed,
    json_t *extra)
{
	struct list_topic *t;
	struct user_set users = {0};
	struct page_state ps;
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
	    (e = load_users(r, t, n, &users)) != E_OK ||
	    (e = load_state(r, t, n, &ps)) != E_OK) {
		json_decref(extra);
		return E_INTERNAL;
	}
	topics = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(topics, topic_json(&t[i], &users, &ps));
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


/*
 * Topic lists through the real binary: /latest, /top, /c/{slug}/{id},
 * /tag/{name} and /tags.  Shapes, paging and more_topics_url, pins first
 * (and expired pins not), unlisted topics, ordering, posters, hostile
 * parameters, and above all that a private category's topics never show
 * to anyone who may not see it.
 *
 * Topics are made through POST /posts.json.  What the API cannot do
 * (back-date a topic, expire a pin, set view counts) is written straight
 * into the server's database file, as the admin CLI would.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <setjmp.h>
#include <cmocka.h>

#include "harness.h"

#define NGENERAL 12

static struct th_server srv;
static char *admin_key, *alice_key, *bob_key, *mod_key;
static struct th_client *anon, *admin, *alice, *bob, *mod;
static long general, private_cat;
static long g[NGENERAL + 1];	/* g[1]..g[12], created in that order */
static long p1, p2;

/* --- helpers ------------------------------------------------------- */

static json_t *
topics(json_t *list)
{
	return json_object_get(json_object_get(list, "topic_list"), "topics");
}

static long
topic_id(json_t *list, size_t i)
{
	return (long)json_integer_value(json_object_get(json_array_get(
	    topics(list), i), "id"));
}

static json_t *
find_topic(json_t *list, long id)
{
	json_t *t;
	size_t i;

	json_array_foreach(topics(list), i, t)
		if (json_integer_value(json_object_get(t, "id")) == id)
			return t;
	return NULL;
}

static const char *
more_url(json_t *list)
{
	return json_string_value(json_object_get(json_object_get(list,
	    "topic_list"), "more_topics_url"));
}

static long
create_category(const char *name, const char *group)
{
	json_t *body = json_pack("{s:s,s:s}", "name", name, "color", "112233");
	json_t *j;
	long st, id;

	if (group != NULL)
		json_object_set_new(body, "permissions",
		    json_pack("{s:i}", group, 1));
	j = th_send(admin, "POST", "/categories.json", body, &st);
	assert_int_equal(st, 200);
	id = (long)json_integer_value(json_object_get(json_object_get(j,
	    "category"), "id"));
	json_decref(j);
	return id;
}

static long
create_topic(struct th_client *c, const char *title, long category,
    const char *tag1, const char *tag2)
{
	json_t *body, *j, *tags = json_array();
	long st, id;

	if (tag1 != NULL)
		json_array_append_new(tags, json_string(tag1));
	if (tag2 != NULL)
		json_array_append_new(tags, json_string(tag2));
	body = json_pack("{s:s,s:s,s:i,s:o}", "title", title, "raw",
	    "This is the first post, long enough to be accepted.",
	    "category", (int)category, "tags", tags);
	j = th_send(c, "POST", "/posts.json", body, &st);
	if (st != 200)
		fail_msg("create topic %s: %ld", title, st);
	id = (long)json_integer_value(json_object_get(j, "topic_id"));
	json_decref(j);
	return id;
}

static void
reply(struct th_client *c, long topic, const char *raw)
{
	json_t *j;
	long st;

	j = th_send(c, "POST", "/posts.json", json_pack("{s:i,s:s}",
	    "topic_id", (int)topic, "raw", raw), &st);
	assert_int_equal(st, 200);
	json_decref(j);
}

static void
set_status(long topic, const char *status, const char *enabled)
{
	char form[128];

	snprintf(form, sizeof(form), "status=%s&enabled=%s", status, enabled);
	json_decref(th_expect(admin, "PUT", 200, form, "/t/%ld/status.json",
	    topic));
}

static int
setup(void **state)
{
	char title[64];
	json_t *j;
	long st;
	int i;

	(void)state;
	if (th_start(&srv, NULL) != 0 ||
	    th_create_user(&srv, "admin1", "correct horse battery", 1, 0) < 0 ||
	    th_create_user(&srv, "mod1", "correct horse battery", 0, 1) < 0 ||
	    th_create_user(&srv, "alice", "correct horse battery", 0, 0) < 0 ||
	    th_create_user(&srv, "bob", "correct horse battery", 0, 0) < 0)
		return -1;
	admin_key = th_api_key(&srv, "admin1");
	alice_key = th_api_key(&srv, "alice");
	bob_key = th_api_key(&srv, "bob");
	mod_key = th_api_key(&srv, "mod1");
	anon = th_client_new(&srv);
	admin = th_client_as(&srv, admin_key, "admin1");
	alice = th_client_as(&srv, alice_key, "alice");
	bob = th_client_as(&srv, bob_key, "bob");
	mod = th_client_as(&srv, mod_key, "mod1");
	j = th_form(admin, "POST", "/admin/groups.json",
	    "group[name]=participants&group[usernames]=alice", &st);
	json_decref(j);
	if (st != 200)
		return -1;
	general = create_category("General", NULL);
	private_cat = create_category("Private", "participants");
	for (i = 1; i <= NGENERAL; i++) {
		snprintf(title, sizeof(title), "General topic number %02d", i);
		g[i] = create_topic(admin, title, general,
		    i == 1 ? "shared" : NULL, NULL);
	}
	p1 = create_topic(admin, "Private topic number one", private_cat,
	    "secret", "shared");
	p2 = create_topic(alice, "Private topic number two", private_cat,
	    "secret", NULL);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	th_client_free(anon);
	th_client_free(admin);
	th_client_free(alice);
	th_client_free(bob);
	th_client_free(mod);
	free(admin_key);
	free(alice_key);
	free(bob_key);
	free(mod_key);
	return th_stop(&srv);
}

/* --- shapes -------------------------------------------------------- */

static void
assert_keys(json_t *o, const char *const *keys)
{
	for (; *keys; keys++)
		if (json_object_get(o, *keys) == NULL)
			fail_msg("missing key %s", *keys);
}

static void
test_latest_shape(void **state)
{
	static const char *const list_keys[] = { "can_create_topic",
	    "per_page", "draft", "draft_key", "draft_sequence", "topics",
	    NULL };
	static const char *const topic_keys[] = { "id", "title",
	    "fancy_title", "slug", "posts_count", "reply_count",
	    "highest_post_number", "image_url", "created_at",
	    "last_posted_at", "bumped", "bumped_at", "archetype", "unseen",
	    "pinned", "unpinned", "visible", "closed", "archived",
	    "bookmarked", "liked", "views", "like_count", "has_summary",
	    "last_poster_username", "category_id", "pinned_globally",
	    "featured_link", "tags", "posters", NULL };
	json_t *j = th_expect_get(anon, 200, "/latest.json"), *tl, *t, *p, *u;
	size_t i;

	(void)state;
	assert_true(json_is_array(json_object_get(j, "users")));
	assert_true(json_is_array(json_object_get(j, "primary_groups")));
	tl = json_object_get(j, "topic_list");
	assert_keys(tl, list_keys);
	assert_false(json_is_true(json_object_get(tl, "can_create_topic")));
	assert_int_equal(json_integer_value(json_object_get(tl, "per_page")),
	    30);
	assert_true(json_is_null(json_object_get(tl, "draft")));
	assert_string_equal(json_string_value(json_object_get(tl,
	    "draft_key")), "new_topic");
	/* A partial page has no next page. */
	assert_null(json_object_get(tl, "more_topics_url"));
	assert_int_equal(json_array_size(topics(j)), NGENERAL);
	for (i = 0; i < NGENERAL; i++)
		assert_int_equal(topic_id(j, i), g[NGENERAL - i]);
	t = json_array_get(topics(j), 0);
	assert_keys(t, topic_keys);
	assert_string_equal(json_string_value(json_object_get(t, "title")),
	    "General topic number 12");
	assert_int_equal(json_integer_value(json_object_get(t,
	    "category_id")), general);
	assert_true(json_is_true(json_object_get(t, "visible")));
	assert_false(json_is_true(json_object_get(t, "pinned")));
	assert_null(json_object_get(t, "excerpt"));
	assert_string_equal(json_string_value(json_object_get(t,
	    "last_poster_username")), "admin1");
	assert_string_equal(json_string_value(json_object_get(t,
	    "archetype")), "regular");
	p = json_array_get(json_object_get(t, "posters"), 0);
	assert_string_equal(json_string_value(json_object_get(p, "extras")),
	    "latest single");
	assert_string_equal(json_string_value(json_object_get(p,
	    "description")), "Original Poster, Most Recent Poster");
	assert_true(json_is_null(json_object_get(p, "primary_group_id")));
	u = json_array_get(json_object_get(j, "users"), 0);
	assert_string_equal(json_string_value(json_object_get(u, "username")),
	    "admin1");
	assert_non_null(json_object_get(u, "avatar_template"));
	/* Tags come as names. */
	t = find_topic(j, g[1]);
	assert_string_equal(json_string_value(json_array_get(
	    json_object_get(t, "tags"), 0)), "shared");
	json_decref(j);

	j = th_expect_get(alice, 200, "/latest.json");
	assert_true(json_is_true(json_object_get(json_object_get(j,
	    "topic_list"), "can_create_topic")));
	json_decref(j);
}

/* --- paging -------------------------------------------------------- */

static void
test_paging_and_more_url(void **state)
{
	const char *hdr[] = { "Accept: application/json", NULL };
	struct th_resp r;
	json_t *j;
	long seen[NGENERAL];
	size_t n = 0, i;

	(void)state;
	j = th_expect_get(anon, 200, "/latest.json?per_page=5");
	assert_string_equal(more_url(j), "/latest?page=1&per_page=5");
	for (i = 0; i < 5; i++)
		seen[n++] = topic_id(j, i);
	json_decref(j);
	/* The URL is followed as given, asking for JSON by header. */
	assert_int_equal(th_request(anon, "GET", "/latest?page=1&per_page=5",
	    NULL, NULL, hdr, &r), 200);
	assert_int_equal(json_array_size(topics(r.json)), 5);
	assert_string_equal(more_url(r.json), "/latest?page=2&per_page=5");
	for (i = 0; i < 5; i++)
		seen[n++] = topic_id(r.json, i);
	th_resp_free(&r);
	j = th_expect_get(anon, 200, "/latest.json?page=2&per_page=5");
	assert_int_equal(json_array_size(topics(j)), 2);
	assert_null(more_url(j));
	for (i = 0; i < 2; i++)
		seen[n++] = topic_id(j, i);
	json_decref(j);
	for (i = 0; i < NGENERAL; i++)
		assert_int_equal(seen[i], g[NGENERAL - i]);

	/* A full last page still offers one more (empty) page. */
	j = th_expect_get(anon, 200, "/latest.json?per_page=4&page=2");
	assert_int_equal(json_array_size(topics(j)), 4);
	assert_string_equal(more_url(j), "/latest?page=3&per_page=4");
	json_decref(j);
	j = th_expect_get(anon, 200, "/latest.json?per_page=4&page=3");
	assert_int_equal(json_array_size(topics(j)), 0);
	assert_null(more_url(j));
	json_decref(j);

	/* Order parameters travel with the next page. */
	j = th_expect_get(anon, 200, "/latest.json?per_page=3&order=created&"
	    "ascending=true");
	assert_string_equal(more_url(j),
	    "/latest?page=1&per_page=3&order=created&ascending=true");
	json_decref(j);
}

static void
test_hostile_parameters(void **state)
{
	static const char *const bad[] = {
		"/latest.json?page=-1", "/latest.json?page=10001",
		"/latest.json?page=abc", "/latest.json?page=99999999999999999999",
		"/latest.json?per_page=0", "/latest.json?per_page=-5",
		"/latest.json?per_page=x", "/latest.json?order=bogus",
		"/latest.json?order=%FF%FE", "/latest.json?ascending=maybe",
		"/top.json?page=-3", "/c/general/1.json?page=1e9", NULL };
	const char *const *p;
	json_t *j;
	long st;

	(void)state;
	for (p = bad; *p; p++) {
		j = th_get(anon, *p, &st);
		if (st != 400)
			fail_msg("%s: %ld, want 400", *p, st);
		th_assert_error(j, "invalid_parameters");
		json_decref(j);
	}
	/* Too many per page is clamped to Discourse's maximum. */
	j = th_expect_get(anon, 200, "/latest.json?per_page=1000");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j,
	    "topic_list"), "per_page")), 100);
	json_decref(j);
	/* The largest page is served (empty), without a next page. */
	j = th_expect_get(anon, 200, "/latest.json?page=10000&per_page=100");
	assert_int_equal(json_array_size(topics(j)), 0);
	assert_null(more_url(j));
	json_decref(j);
	/* Bad bytes in a path are a missing thing, not an error. */
	j = th_expect_get(anon, 404, "/tag/%%FF%%FE.json");
	json_decref(j);
	{
		char name[301];

		memset(name, 'a', 300);
		name[300] = '\0';
		j = th_expect_get(anon, 404, "/tag/%s.json", name);
	}
	json_decref(j);
	j = th_expect_get(anon, 404, "/c/general/99999999.json");
	json_decref(j);
}

/* --- order --------------------------------------------------------- */

static void
test_orders(void **state)
{
	json_t *j;

	(void)state;
	j = th_expect_get(anon, 200,
	    "/latest.json?order=created&ascending=true");
	assert_int_equal(topic_id(j, 0), g[1]);
	assert_int_equal(topic_id(j, NGENERAL - 1), g[NGENERAL]);
	json_decref(j);
	th_sql(&srv, "UPDATE topics SET views = 500 WHERE id = %ld", g[4]);
	th_sql(&srv, "UPDATE topics SET like_count = 9 WHERE id = %ld", g[7]);
	j = th_expect_get(anon, 200, "/latest.json?order=views");
	assert_int_equal(topic_id(j, 0), g[4]);
	json_decref(j);
	j = th_expect_get(anon, 200, "/latest.json?order=likes");
	assert_int_equal(topic_id(j, 0), g[7]);
	json_decref(j);
	j = th_expect_get(anon, 200, "/latest.json?order=likes&ascending=true");
	assert_int_not_equal(topic_id(j, 0), g[7]);
	assert_int_equal(topic_id(j, NGENERAL - 1), g[7]);
	json_decref(j);
	j = th_expect_get(anon, 200, "/latest.json?order=posts");
	assert_int_equal(json_array_size(topics(j)), NGENERAL);
	json_decref(j);
	j = th_expect_get(anon, 200, "/latest.json?order=activity");
	assert_int_equal(topic_id(j, 0), g[NGENERAL]);
	json_decref(j);
	th_sql(&srv, "UPDATE topics SET views = 0, like_count = 0");
}

/* --- pins ---------------------------------------------------------- */

static void
test_global_pin_first(void **state)
{
	json_t *j, *t;
	size_t i;

	(void)state;
	set_status(g[1], "pinned_globally", "true");
	j = th_expect_get(anon, 200, "/latest.json?per_page=5");
	assert_int_equal(topic_id(j, 0), g[1]);
	t = json_array_get(topics(j), 0);
	assert_true(json_is_true(json_object_get(t, "pinned")));
	assert_true(json_is_true(json_object_get(t, "pinned_globally")));
	/* Pinned topics carry their excerpt; the others do not. */
	assert_true(json_is_string(json_object_get(t, "excerpt")));
	assert_null(json_object_get(json_array_get(topics(j), 1), "excerpt"));
	for (i = 1; i < 5; i++)
		assert_int_equal(topic_id(j, i), g[NGENERAL + 1 - i]);
	json_decref(j);
	/* The next page carries on where page 0's unpinned topics ended. */
	j = th_expect_get(anon, 200, "/latest.json?per_page=5&page=1");
	for (i = 0; i < 5; i++)
		assert_int_equal(topic_id(j, i), g[NGENERAL - 4 - i]);
	json_decref(j);
	j = th_expect_get(anon, 200, "/latest.json?per_page=5&page=2");
	assert_int_equal(json_array_size(topics(j)), 2);
	assert_int_equal(topic_id(j, 0), g[3]);
	assert_int_equal(topic_id(j, 1), g[2]);
	json_decref(j);
	/* Other orders are plain sorts: the pin does not jump the queue. */
	j = th_expect_get(anon, 200, "/latest.json?order=created");
	assert_int_equal(topic_id(j, 0), g[NGENERAL]);
	json_decref(j);
	set_status(g[1], "pinned_globally", "false");
	j = th_expect_get(anon, 200, "/latest.json");
	assert_int_equal(topic_id(j, 0), g[NGENERAL]);
	assert_false(json_is_true(json_object_get(find_topic(j, g[1]),
	    "pinned")));
	json_decref(j);
}

static void
test_category_pin_first(void **state)
{
	json_t *j, *t;

	(void)state;
	set_status(g[2], "pinned", "true");
	/* On /latest a category pin is shown as pinned but not moved. */
	j = th_expect_get(anon, 200, "/latest.json");
	assert_int_equal(topic_id(j, 0), g[NGENERAL]);
	t = find_topic(j, g[2]);
	assert_true(json_is_true(json_object_get(t, "pinned")));
	assert_false(json_is_true(json_object_get(t, "pinned_globally")));
	json_decref(j);
	/* In its category it goes first. */
	j = th_expect_get(anon, 200, "/c/general/%ld.json", general);
	assert_int_equal(topic_id(j, 0), g[2]);
	assert_int_equal(topic_id(j, 1), g[NGENERAL]);
	json_decref(j);

	/* An expired pin is no pin: back in its place, not pinned. */
	th_sql(&srv, "UPDATE topics SET pinned_until = %lld WHERE id = %ld",
	    (long long)time(NULL) - 60, g[2]);
	j = th_expect_get(anon, 200, "/c/general/%ld.json", general);
	assert_int_equal(topic_id(j, 0), g[NGENERAL]);
	t = find_topic(j, g[2]);
	assert_false(json_is_true(json_object_get(t, "pinned")));
	assert_null(json_object_get(t, "excerpt"));
	json_decref(j);
	/* Same for an expired global pin on /latest. */
	set_status(g[3], "pinned_globally", "true");
	th_sql(&srv, "UPDATE topics SET pinned_until = %lld WHERE id = %ld",
	    (long long)time(NULL) - 60, g[3]);
	j = th_expect_get(anon, 200, "/latest.json");
	assert_int_equal(topic_id(j, 0), g[NGENERAL]);
	t = find_topic(j, g[3]);
	assert_false(json_is_true(json_object_get(t, "pinned_globally")));
	json_decref(j);
	th_sql(&srv, "UPDATE topics SET pinned_at = NULL, pinned_until = NULL, "
	    "pinned_globally = 0");
}

/* --- unlisted ------------------------------------------------------ */

static void
test_unlisted_hidden(void **state)
{
	json_t *j;

	(void)state;
	set_status(g[5], "visible", "false");
	j = th_expect_get(anon, 200, "/latest.json");
	assert_null(find_topic(j, g[5]));
	assert_int_equal(json_array_size(topics(j)), NGENERAL - 1);
	json_decref(j);
	j = th_expect_get(alice, 200, "/c/general/%ld.json", general);
	assert_null(find_topic(j, g[5]));
	json_decref(j);
	/* Staff still see it, marked invisible. */
	j = th_expect_get(admin, 200, "/latest.json");
	assert_false(json_is_true(json_object_get(find_topic(j, g[5]),
	    "visible")));
	json_decref(j);
	j = th_expect_get(mod, 200, "/latest.json");
	assert_non_null(find_topic(j, g[5]));
	json_decref(j);
	/* An unlisted tagged topic leaves the tag's count too. */
	set_status(g[1], "visible", "false");
	j = th_expect_get(anon, 404, "/tag/shared.json");
	json_decref(j);
	set_status(g[1], "visible", "true");
	set_status(g[5], "visible", "true");
}

/* --- private categories -------------------------------------------- */

static int
has_tag(json_t *tags, const char *name, long *count)
{
	json_t *t;
	size_t i;

	json_array_foreach(json_object_get(tags, "tags"), i, t)
		if (strcmp(json_string_value(json_object_get(t, "name")),
		    name) == 0) {
			*count = (long)json_integer_value(json_object_get(t,
			    "count"));
			return 1;
		}
	return 0;
}

static void
assert_no_private(struct th_client *c)
{
	json_t *j, *missing;
	long count;

	j = th_expect_get(c, 200, "/latest.json");
	assert_null(find_topic(j, p1));
	assert_null(find_topic(j, p2));
	json_decref(j);
	j = th_expect_get(c, 200, "/top/all.json");
	assert_null(find_topic(j, p1));
	json_decref(j);
	j = th_expect_get(c, 200, "/tags.json");
	assert_false(has_tag(j, "secret", &count));
	assert_true(has_tag(j, "shared", &count));
	assert_int_equal(count, 1);
	json_decref(j);
	/* Hidden looks exactly like missing. */
	missing = th_expect_get(c, 404, "/tag/no-such-tag.json");
	j = th_expect_get(c, 404, "/tag/secret.json");
	assert_true(json_equal(j, missing));
	json_decref(j);
	json_decref(missing);
	j = th_expect_get(c, 200, "/tag/shared.json");
	assert_int_equal(json_array_size(topics(j)), 1);
	assert_int_equal(topic_id(j, 0), g[1]);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(
	    json_object_get(json_object_get(j, "topic_list"), "tags"), 0),
	    "topic_count")), 1);
	json_decref(j);
	missing = th_expect_get(c, 404, "/c/nothing/999999.json");
	j = th_expect_get(c, 404, "/c/private/%ld.json", private_cat);
	assert_true(json_equal(j, missing));
	json_decref(j);
	json_decref(missing);
}

static void
assert_sees_private(struct th_client *c)
{
	json_t *j;
	long count;

	j = th_expect_get(c, 200, "/latest.json");
	assert_non_null(find_topic(j, p1));
	assert_non_null(find_topic(j, p2));
	json_decref(j);
	j = th_expect_get(c, 200, "/tags.json");
	assert_true(has_tag(j, "secret", &count));
	assert_int_equal(count, 2);
	assert_true(has_tag(j, "shared", &count));
	assert_int_equal(count, 2);
	json_decref(j);
	j = th_expect_get(c, 200, "/tag/secret.json");
	assert_int_equal(json_array_size(topics(j)), 2);
	json_decref(j);
	/* The slug is not checked; the id decides. */
	j = th_expect_get(c, 200, "/c/whatever/%ld.json", private_cat);
	assert_int_equal(json_array_size(topics(j)), 2);
	json_decref(j);
}

static void
test_private_category(void **state)
{
	(void)state;
	assert_no_private(anon);
	assert_no_private(bob);
	assert_sees_private(alice);
	assert_sees_private(admin);
	assert_sees_private(mod);
}

/* --- top ----------------------------------------------------------- */

static void
test_top(void **state)
{
	json_t *j, *tl;
	long st;

	(void)state;
	th_sql(&srv, "UPDATE topics SET like_count = 10 WHERE id = %ld", g[5]);
	th_sql(&srv, "UPDATE topics SET views = 1000 WHERE id = %ld", g[6]);
	th_sql(&srv, "UPDATE topics SET created_at = created_at - 40 * 86400 "
	    "WHERE id = %ld", g[7]);
	j = th_expect_get(anon, 200, "/top.json");
	tl = json_object_get(j, "topic_list");
	assert_string_equal(json_string_value(json_object_get(tl,
	    "for_period")), "yearly");
	/* views/10 = 100 beats likes*3 = 30. */
	assert_int_equal(topic_id(j, 0), g[6]);
	assert_int_equal(topic_id(j, 1), g[5]);
	assert_non_null(find_topic(j, g[7]));
	json_decref(j);
	j = th_expect_get(anon, 200, "/top/monthly.json?per_page=2");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    j, "topic_list"), "for_period")), "monthly");
	assert_string_equal(more_url(j), "/top/monthly?page=1&per_page=2");
	json_decref(j);
	j = th_expect_get(anon, 200, "/top/monthly.json");
	assert_null(find_topic(j, g[7]));
	json_decref(j);
	j = th_expect_get(anon, 200, "/top.json?period=weekly&per_page=1");
	assert_string_equal(more_url(j), "/top?period=weekly&page=1&per_page=1");
	json_decref(j);
	j = th_expect_get(anon, 200, "/top/daily.json");
	assert_null(find_topic(j, g[7]));
	json_decref(j);
	j = th_get(anon, "/top/fortnightly.json", &st);
	assert_int_equal(st, 404);
	json_decref(j);
	j = th_get(anon, "/top.json?period=fortnightly", &st);
	assert_int_equal(st, 400);
	th_assert_error(j, "invalid_parameters");
	json_decref(j);
	th_sql(&srv, "UPDATE topics SET like_count = 0, views = 0");
	th_sql(&srv, "UPDATE topics SET created_at = created_at + 40 * 86400 "
	    "WHERE id = %ld", g[7]);
}

/* --- tag and category lists ---------------------------------------- */

static void
test_tag_list(void **state)
{
	json_t *j, *tag;

	(void)state;
	j = th_expect_get(anon, 200, "/tag/shared.json");
	tag = json_array_get(json_object_get(json_object_get(j, "topic_list"),
	    "tags"), 0);
	assert_string_equal(json_string_value(json_object_get(tag, "name")),
	    "shared");
	assert_true(json_is_integer(json_object_get(tag, "id")));
	assert_false(json_is_true(json_object_get(tag, "staff")));
	json_decref(j);
	/* Names are case-insensitive, as tags are stored lower-case. */
	j = th_expect_get(anon, 200, "/tag/SHARED.json");
	assert_int_equal(json_array_size(topics(j)), 1);
	json_decref(j);
	j = th_expect_get(anon, 200, "/tags.json");
	tag = json_array_get(json_object_get(j, "tags"), 0);
	assert_string_equal(json_string_value(json_object_get(tag, "text")),
	    "shared");
	assert_int_equal(json_integer_value(json_object_get(tag, "pm_count")),
	    0);
	assert_true(json_is_null(json_object_get(tag, "target_tag")));
	assert_true(json_is_array(json_object_get(json_object_get(j,
	    "extras"), "categories")));
	json_decref(j);
}

static void
test_category_list(void **state)
{
	json_t *j, *tl;
	char want[128];

	(void)state;
	j = th_expect_get(anon, 200, "/c/general/%ld.json?per_page=2", general);
	tl = json_object_get(j, "topic_list");
	snprintf(want, sizeof(want), "/c/general/%ld?page=1&per_page=2",
	    general);
	assert_string_equal(more_url(j), want);
	assert_false(json_is_true(json_object_get(tl, "can_create_topic")));
	assert_true(json_is_array(json_object_get(tl, "top_tags")));
	json_decref(j);
	j = th_expect_get(bob, 200, "/c/general/%ld.json", general);
	assert_true(json_is_true(json_object_get(json_object_get(j,
	    "topic_list"), "can_create_topic")));
	assert_int_equal(json_array_size(topics(j)), NGENERAL);
	json_decref(j);
	/* Private tags stay out of a public category's top_tags. */
	j = th_expect_get(alice, 200, "/c/private/%ld.json", private_cat);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(json_object_get(j, "topic_list"), "top_tags"), 0),
	    "name")), "secret");
	json_decref(j);
}

static int
has_user(json_t *users, const char *name)
{
	json_t *u;
	size_t i;

	json_array_foreach(users, i, u)
		if (strcmp(json_string_value(json_object_get(u, "username")),
		    name) == 0)
			return 1;
	return 0;
}

/* Runs last: replies bump the topic, which would upset the others. */
static void
test_posters(void **state)
{
	json_t *j, *t, *posters, *users;

	(void)state;
	reply(alice, g[10], "A first reply from alice, long enough.");
	reply(bob, g[10], "A reply from bob that is long enough.");
	reply(alice, g[10], "A second reply from alice, long enough.");
	j = th_expect_get(anon, 200, "/latest.json");
	t = find_topic(j, g[10]);
	assert_non_null(t);
	assert_string_equal(json_string_value(json_object_get(t,
	    "last_poster_username")), "alice");
	assert_int_equal(json_integer_value(json_object_get(t,
	    "posts_count")), 4);
	/* Creator first, the most recent poster last, frequent between. */
	posters = json_object_get(t, "posters");
	assert_int_equal(json_array_size(posters), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    posters, 0), "description")), "Original Poster");
	assert_true(json_is_null(json_object_get(json_array_get(posters, 0),
	    "extras")));
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    posters, 1), "description")), "Frequent Poster");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    posters, 2), "description")), "Most Recent Poster");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    posters, 2), "extras")), "latest");
	/* Every poster of the page is in users[], once. */
	users = json_object_get(j, "users");
	assert_int_equal(json_array_size(users), 3);
	assert_true(has_user(users, "admin1"));
	assert_true(has_user(users, "alice"));
	assert_true(has_user(users, "bob"));
	json_decref(j);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_latest_shape),
		cmocka_unit_test(test_paging_and_more_url),
		cmocka_unit_test(test_hostile_parameters),
		cmocka_unit_test(test_orders),
		cmocka_unit_test(test_global_pin_first),
		cmocka_unit_test(test_category_pin_first),
		cmocka_unit_test(test_unlisted_hidden),
		cmocka_unit_test(test_private_category),
		cmocka_unit_test(test_top),
		cmocka_unit_test(test_tag_list),
		cmocka_unit_test(test_category_list),
		cmocka_unit_test(test_posters),
	};

	return cmocka_run_group_tests_name("http_lists", tests, setup,
	    teardown);
}

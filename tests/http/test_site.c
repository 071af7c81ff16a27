/*
 * /site and /about through the real binary: their shapes, that /site's
 * categories and tags follow the caller's permissions, and that /about's
 * figures count only what anonymous visitors may see, whoever asks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

#include "harness.h"

#define PASSWORD "correct horse battery"

static struct th_server srv;
static char *admin_key, *alice_key, *bob_key;
static struct th_client *anon, *admin, *alice, *bob;
static long general, private_cat, public_topic, public_post, private_post;

static long
create_topic(struct th_client *c, const char *title, long category,
    const char *tag, long *post_id)
{
	json_t *j;
	long st, id;

	j = th_send(c, "POST", "/posts.json", json_pack("{s:s,s:s,s:i,s:[s]}",
	    "title", title, "raw", "A first post that is long enough here.",
	    "category", (int)category, "tags", tag), &st);
	if (st != 200)
		fail_msg("create topic: %ld", st);
	id = (long)json_integer_value(json_object_get(j, "topic_id"));
	if (post_id != NULL)
		*post_id = (long)json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	return id;
}

static int
setup(void **state)
{
	json_t *j;
	long st;

	(void)state;
	if (th_start(&srv, NULL) != 0 ||
	    th_create_user(&srv, "admin1", PASSWORD, 1, 0) < 0 ||
	    th_create_user(&srv, "mod1", PASSWORD, 0, 1) < 0 ||
	    th_create_user(&srv, "alice", PASSWORD, 0, 0) < 0 ||
	    th_create_user(&srv, "bob", PASSWORD, 0, 0) < 0)
		return -1;
	admin_key = th_api_key(&srv, "admin1");
	alice_key = th_api_key(&srv, "alice");
	bob_key = th_api_key(&srv, "bob");
	anon = th_client_new(&srv);
	admin = th_client_as(&srv, admin_key, "admin1");
	alice = th_client_as(&srv, alice_key, "alice");
	bob = th_client_as(&srv, bob_key, "bob");
	j = th_form(admin, "POST", "/admin/groups.json",
	    "group[name]=participants&group[usernames]=alice", &st);
	json_decref(j);
	if (st != 200)
		return -1;
	j = th_form(admin, "POST", "/categories.json",
	    "name=Private&permissions[participants]=1", &st);
	private_cat = (long)json_integer_value(json_object_get(
	    json_object_get(j, "category"), "id"));
	json_decref(j);
	j = th_form(admin, "POST", "/categories.json", "name=General", &st);
	general = (long)json_integer_value(json_object_get(
	    json_object_get(j, "category"), "id"));
	json_decref(j);
	return private_cat > 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	th_client_free(anon);
	th_client_free(admin);
	th_client_free(alice);
	th_client_free(bob);
	free(admin_key);
	free(alice_key);
	free(bob_key);
	return th_stop(&srv);
}

static int
has_name(json_t *arr, const char *key, const char *name)
{
	json_t *v;
	size_t i;

	json_array_foreach(arr, i, v) {
		const char *s = key ? json_string_value(json_object_get(v, key)) :
		    json_string_value(v);

		if (s != NULL && strcmp(s, name) == 0)
			return 1;
	}
	return 0;
}

/* Runs first: makes the topics, tags and likes the others look at. */
static void
test_content(void **state)
{
	json_t *j;
	long st;

	(void)state;
	public_topic = create_topic(admin, "A public topic for the site",
	    general, "public-tag", &public_post);
	create_topic(admin, "Another public topic for the site", general,
	    "public-tag", NULL);
	create_topic(admin, "A private topic for the site", private_cat,
	    "secret-tag", &private_post);
	j = th_send(bob, "POST", "/post_actions.json", json_pack("{s:i,s:i}",
	    "id", (int)public_post, "post_action_type_id", 2), &st);
	assert_int_equal(st, 200);
	json_decref(j);
	j = th_send(alice, "POST", "/post_actions.json", json_pack("{s:i,s:i}",
	    "id", (int)private_post, "post_action_type_id", 2), &st);
	assert_int_equal(st, 200);
	json_decref(j);
}

static void
test_site_shape(void **state)
{
	json_t *j, *o, *a;

	(void)state;
	j = th_expect_get(anon, 200, "/site.json");
	assert_string_equal(json_string_value(json_object_get(j,
	    "default_archetype")), "regular");
	o = json_object_get(j, "notification_levels");
	assert_int_equal(json_integer_value(json_object_get(o, "muted")), 0);
	assert_int_equal(json_integer_value(json_object_get(o, "watching")), 3);
	assert_int_equal(json_integer_value(json_object_get(o,
	    "watching_first_post")), 4);
	o = json_object_get(j, "post_types");
	assert_int_equal(json_integer_value(json_object_get(o, "whisper")), 4);
	o = json_object_get(j, "trust_levels");
	assert_int_equal(json_integer_value(json_object_get(o, "leader")), 4);
	assert_int_equal(json_array_size(json_object_get(j, "periods")), 6);
	assert_int_equal(json_array_size(json_object_get(j, "filters")), 4);
	assert_true(has_name(json_object_get(j, "top_menu_items"), NULL,
	    "categories"));
	assert_false(has_name(json_object_get(j, "anonymous_top_menu_items"),
	    NULL, "unread"));
	assert_int_equal(json_integer_value(json_object_get(j,
	    "uncategorized_category_id")), 1);
	a = json_array_get(json_object_get(j, "post_action_types"), 0);
	assert_int_equal(json_integer_value(json_object_get(a, "id")), 2);
	assert_string_equal(json_string_value(json_object_get(a, "name_key")),
	    "like");
	assert_false(json_is_true(json_object_get(a, "is_flag")));
	assert_int_equal(json_array_size(json_object_get(j,
	    "topic_flag_types")), 0);
	assert_false(json_is_true(json_object_get(j, "can_create_tag")));
	assert_true(json_is_true(json_object_get(j, "can_tag_topics")));
	assert_true(json_is_string(json_object_get(j, "tags_filter_regexp")));
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(j, "archetypes"), 0), "id")), "regular");
	assert_true(json_is_array(json_object_get(j, "user_fields")));
	assert_true(json_is_array(json_object_get(j, "auth_providers")));
	assert_true(has_name(json_object_get(j, "groups"), "name",
	    "everyone"));
	assert_true(has_name(json_object_get(j, "groups"), "name",
	    "participants"));
	assert_true(json_is_null(json_object_get(json_array_get(
	    json_object_get(j, "groups"), 0), "flair_url")));
	assert_true(has_name(json_object_get(j, "categories"), "name",
	    "General"));
	assert_true(has_name(json_object_get(j, "categories"), "name",
	    "Uncategorized"));
	json_decref(j);
}

static void
test_site_follows_permissions(void **state)
{
	json_t *j;

	(void)state;
	j = th_expect_get(anon, 200, "/site.json");
	assert_false(has_name(json_object_get(j, "categories"), "name",
	    "Private"));
	assert_true(has_name(json_object_get(j, "top_tags"), NULL,
	    "public-tag"));
	assert_false(has_name(json_object_get(j, "top_tags"), NULL,
	    "secret-tag"));
	json_decref(j);
	j = th_expect_get(bob, 200, "/site.json");
	assert_false(has_name(json_object_get(j, "categories"), "name",
	    "Private"));
	assert_false(has_name(json_object_get(j, "top_tags"), NULL,
	    "secret-tag"));
	json_decref(j);
	j = th_expect_get(alice, 200, "/site.json");
	assert_true(has_name(json_object_get(j, "categories"), "name",
	    "Private"));
	assert_true(has_name(json_object_get(j, "top_tags"), NULL,
	    "secret-tag"));
	json_decref(j);
	j = th_expect_get(admin, 200, "/site.json");
	assert_true(has_name(json_object_get(j, "categories"), "name",
	    "Private"));
	json_decref(j);
}

static json_int_t
stat_of(json_t *about, const char *key)
{
	json_t *v = json_object_get(json_object_get(json_object_get(about,
	    "about"), "stats"), key);

	if (!json_is_integer(v))
		fail_msg("stats.%s missing", key);
	return json_integer_value(v);
}

static void
assert_public_stats(struct th_client *c, json_int_t topics)
{
	json_t *j = th_expect_get(c, 200, "/about.json");

	assert_int_equal(stat_of(j, "topic_count"), topics);
	assert_int_equal(stat_of(j, "topics_7_days"), topics);
	assert_int_equal(stat_of(j, "post_count"), topics);
	assert_int_equal(stat_of(j, "like_count"), 1);
	assert_int_equal(stat_of(j, "likes_last_day"), 1);
	assert_int_equal(stat_of(j, "user_count"), 4);
	json_decref(j);
}

static void
test_about(void **state)
{
	static const char *const stats[] = { "topic_count", "topics_last_day",
	    "topics_7_days", "topics_30_days", "post_count", "posts_last_day",
	    "posts_7_days", "posts_30_days", "user_count", "users_last_day",
	    "users_7_days", "users_30_days", "active_users_last_day",
	    "active_users_7_days", "active_users_30_days", "like_count",
	    "likes_last_day", "likes_7_days", "likes_30_days", NULL };
	const char *const *k;
	json_t *j, *a;

	(void)state;
	j = th_expect_get(anon, 200, "/about.json");
	a = json_object_get(j, "about");
	assert_string_equal(json_string_value(json_object_get(a, "title")),
	    "confab");
	assert_string_equal(json_string_value(json_object_get(a,
	    "description")), "A discussion forum");
	assert_string_equal(json_string_value(json_object_get(a, "locale")),
	    "en");
	assert_true(json_is_true(json_object_get(a, "can_see_about_stats")));
	for (k = stats; *k; k++)
		(void)stat_of(j, *k);
	assert_int_equal(json_array_size(json_object_get(a, "admins")), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(a, "admins"), 0), "username")), "admin1");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(a, "moderators"), 0), "username")), "mod1");
	assert_int_equal(json_array_size(json_object_get(a,
	    "category_moderators")), 0);
	json_decref(j);
	/* The private topic, its post and its like never count. */
	assert_public_stats(anon, 2);
	assert_public_stats(alice, 2);
	assert_public_stats(admin, 2);
}

static void
test_about_unlisted_and_settings(void **state)
{
	char path[64];
	json_t *j;
	long st;

	(void)state;
	snprintf(path, sizeof(path), "/t/%ld/status.json", public_topic);
	j = th_form(admin, "PUT", path, "status=visible&enabled=false", &st);
	assert_int_equal(st, 200);
	json_decref(j);
	j = th_expect_get(anon, 200, "/about.json");
	assert_int_equal(stat_of(j, "topic_count"), 1);
	assert_int_equal(stat_of(j, "like_count"), 0);
	json_decref(j);
	j = th_form(admin, "PUT", path, "status=visible&enabled=true", &st);
	json_decref(j);

	th_sql(&srv, "INSERT INTO site_settings (name, value) VALUES "
	    "('title', 'Open Education Week'), "
	    "('site_description', 'Talks & questions')");
	j = th_expect_get(anon, 200, "/about.json");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    j, "about"), "title")), "Open Education Week");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    j, "about"), "description")), "Talks & questions");
	json_decref(j);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_content),
		cmocka_unit_test(test_site_shape),
		cmocka_unit_test(test_site_follows_permissions),
		cmocka_unit_test(test_about),
		cmocka_unit_test(test_about_unlisted_and_settings),
	};

	return cmocka_run_group_tests_name("http_site", tests, setup,
	    teardown);
}

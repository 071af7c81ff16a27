/*
 * The anonymous read cache never serves stale data: a write through the
 * API, or by another process on the same database file (the admin
 * commands), is visible to the very next anonymous read.  Logged-in
 * readers never get a cached anonymous answer.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#include "harness.h"

static struct th_server srv;
static char *key;

static int
setup(void **state)
{
	(void)state;
	if (th_start(&srv, NULL) != 0 ||
	    th_create_user(&srv, "admin1", "correct horse battery", 1, 0) < 0 ||
	    th_create_user(&srv, "alice", "correct horse battery", 0, 0) < 0)
		return -1;
	key = th_api_key(&srv, "admin1");
	return key ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	free(key);
	return th_stop(&srv);
}

static json_int_t
members(struct th_client *c, const char *group)
{
	char path[128];
	json_t *j;
	json_int_t n;
	long st;

	snprintf(path, sizeof(path), "/groups/%s/members.json", group);
	j = th_get(c, path, &st);
	assert_int_equal(st, 200);
	n = json_integer_value(json_object_get(json_object_get(j, "meta"),
	    "total"));
	json_decref(j);
	return n;
}

static void
test_external_write_seen(void **state)
{
	struct th_client *anon = th_client_new(&srv);

	(void)state;
	assert_int_equal(members(anon, "registered"), 2);
	assert_int_equal(members(anon, "registered"), 2);	/* cached */
	/* Another process writes to the same file. */
	assert_true(th_create_user(&srv, "bob", "correct horse battery", 0,
	    0) > 0);
	assert_int_equal(members(anon, "registered"), 3);
	th_client_free(anon);
}

static void
test_api_write_seen(void **state)
{
	struct th_client *anon = th_client_new(&srv);
	struct th_client *admin = th_client_new(&srv);
	json_t *j;
	long st;

	(void)state;
	th_client_api_key(admin, key, NULL);
	j = th_form(admin, "POST", "/admin/groups.json",
	    "group[name]=speakers", &st);
	assert_int_equal(st, 200);
	json_decref(j);
	assert_int_equal(members(anon, "speakers"), 0);
	j = th_form(admin, "PUT", "/groups/40/members.json",
	    "usernames=alice", &st);
	assert_int_equal(st, 200);
	json_decref(j);
	assert_int_equal(members(anon, "speakers"), 1);
	/* And by the command line, in another process. */
	assert_int_equal(th_add_to_group(&srv, "speakers", "bob"), 0);
	assert_int_equal(members(anon, "speakers"), 2);
	th_client_free(anon);
	th_client_free(admin);
}

static void
test_logged_in_not_served_from_cache(void **state)
{
	struct th_client *anon = th_client_new(&srv);
	struct th_client *alice = th_client_new(&srv);
	json_t *j;
	long st;

	(void)state;
	j = th_get(anon, "/u/alice.json", &st);
	assert_null(json_object_get(json_object_get(j, "user"), "email"));
	json_decref(j);
	assert_int_equal(th_login(alice, "alice", "correct horse battery"),
	    200);
	j = th_get(alice, "/u/alice.json", &st);
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(j, "user"), "email")), "alice@example.org");
	json_decref(j);
	th_client_free(anon);
	th_client_free(alice);
}

/* One anonymous read of /latest.json; whether it came from the cache. */
static int
latest_cached(struct th_client *anon)
{
	int before = th_log_count(&srv, " cached");

	json_decref(th_expect_get(anon, 200, "/latest.json"));
	return th_log_count(&srv, " cached") > before;
}

/*
 * Writes of the caller's own state (bookmarks, watching levels, marking
 * notifications read, reading state) leave the anonymous cache warm; a
 * reply, which everyone sees, does not.
 */
static void
test_own_writes_keep_cache(void **state)
{
	struct th_client *anon = th_client_new(&srv);
	struct th_client *alice = th_client_new(&srv);
	char *alice_key = th_api_key(&srv, "alice");
	struct th_resp resp;
	char form[256];
	json_t *j;
	long t;

	(void)state;
	th_client_api_key(alice, alice_key, "alice");
	j = th_expect(alice, "POST", 200, "title=A+topic+for+the+cache+test&"
	    "raw=Long+enough+to+be+the+first+post+of+a+topic.",
	    "/posts.json");
	t = (long)th_jint(j, "topic_id");
	json_decref(j);
	latest_cached(anon);
	assert_true(latest_cached(anon));
	snprintf(form, sizeof(form), "bookmarkable_type=Topic&"
	    "bookmarkable_id=%ld", t);
	json_decref(th_expect(alice, "POST", 200, form, "/bookmarks.json"));
	json_decref(th_expect(alice, "POST", 200, "notification_level=3",
	    "/t/%ld/notifications.json", t));
	json_decref(th_expect(alice, "PUT", 200, NULL,
	    "/notifications/mark-read.json"));
	snprintf(form, sizeof(form), "topic_id=%ld&topic_time=1000&"
	    "timings%%5B1%%5D=1000", t);
	/* Discourse answers timings with an empty body. */
	assert_int_equal(th_request(alice, "POST", "/topics/timings", NULL,
	    form, NULL, &resp), 200);
	th_resp_free(&resp);
	assert_true(latest_cached(anon));
	snprintf(form, sizeof(form), "topic_id=%ld&raw=A+reply+everyone+"
	    "sees+in+the+list.", t);
	json_decref(th_expect(alice, "POST", 200, form, "/posts.json"));
	assert_false(latest_cached(anon));
	free(alice_key);
	th_client_free(anon);
	th_client_free(alice);
}

/* The views of topic id as an anonymous reader sees them, asked with a
 * query of its own so the answer is fresh. */
static json_int_t
views_of(struct th_client *c, long id, int fresh)
{
	char path[128];
	json_t *j;
	json_int_t n;
	long st;

	snprintf(path, sizeof(path), "/t/%ld.json?fresh=%d", id, fresh);
	j = th_get(c, path, &st);
	assert_int_equal(st, 200);
	n = json_integer_value(json_object_get(j, "views"));
	json_decref(j);
	return n;
}

/*
 * Views answered from the cache count like the others.  On a server of
 * its own that writes views every second (the default is a minute).
 */
static void
test_cached_views_counted(void **state)
{
	static const char *const env[] = { "CONFAB_VIEW_FLUSH_SECONDS=1",
	    NULL };
	struct th_server main_srv = srv;
	struct th_client *bot, *anon;
	char *k, path[64];
	json_t *j;
	long st, id;
	int i;

	(void)state;
	assert_int_equal(th_start(&srv, env), 0);
	assert_true(th_create_user(&srv, "writer", "correct horse battery",
	    0, 0) > 0);
	k = th_api_key(&srv, "writer");
	bot = th_client_new(&srv);
	th_client_api_key(bot, k, "writer");
	anon = th_client_new(&srv);
	j = th_send(bot, "POST", "/posts.json", json_pack("{s:s,s:s}",
	    "title", "A session everyone reads", "raw", "Its abstract, long "
	    "enough to be a post."), &st);
	assert_int_equal(st, 200);
	id = (long)json_integer_value(json_object_get(j, "topic_id"));
	json_decref(j);
	/* Ten reads: the first made by the handler, nine cache hits. */
	snprintf(path, sizeof(path), "/t/%ld.json", id);
	for (i = 0; i < 10; i++)
		json_decref(th_get(anon, path, &st));
	sleep(1);
	usleep(200 * 1000);
	/* A view now writes the eleven pending (shown from before). */
	assert_int_equal(views_of(anon, id, 1), 0);
	assert_int_equal(views_of(anon, id, 2), 11);
	th_client_free(bot);
	th_client_free(anon);
	free(k);
	assert_int_equal(th_stop(&srv), 0);
	srv = main_srv;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_external_write_seen),
		cmocka_unit_test(test_api_write_seen),
		cmocka_unit_test(test_logged_in_not_served_from_cache),
		cmocka_unit_test(test_cached_views_counted),
		cmocka_unit_test(test_own_writes_keep_cache),
	};

	return cmocka_run_group_tests_name("http_cache", tests, setup,
	    teardown);
}

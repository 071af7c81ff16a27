/*
 * Bookmarks through the real binary: a post and a topic bookmarked,
 * renamed, given a reminder and deleted; the caller's list; "bookmarked"
 * true for its owner only, never in another user's or a cached answer;
 * bad input and the limits in Discourse's shapes; nothing hidden can be
 * bookmarked, and a user who loses access no longer sees the bookmark nor
 * gets its reminder; a reminder becomes one notification, once, also
 * after a restart; anonymous callers.
 */
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#include "harness.h"

#define PASSWORD	"correct horse battery"
#define RAW		"This+is+the+first+post+of+a+test+topic+and+long+enough."
#define REPLY		"A+reply+that+is+long+enough+to+be+accepted."
/* A day from the start of the test, as ISO 8601 (set up by setup). */
static char future[32];

static const char *const env[] = {
	"CONFAB_REMINDER_INTERVAL_MS=50",
	"CONFAB_MAX_BOOKMARKS_PER_DAY=3",
	"CONFAB_MAX_BOOKMARKS_PER_USER=5",
	NULL,
};

static struct th_server srv;
static struct th_cast cast;

static int
setup(void **state)
{
	time_t later = time(NULL) + 86400;

	(void)state;
	strftime(future, sizeof(future), "%Y-%m-%dT%H:%M:%SZ",
	    gmtime(&later));
	return th_cast_start(&srv, env, PASSWORD, &cast);
}

static int
teardown(void **state)
{
	(void)state;
	return th_cast_stop(&srv, &cast);
}

/* A topic by c in category (0 = default); its id, and its first post's
 * id in *post when not NULL. */
static long
new_topic(struct th_client *c, const char *title, long category, long *post)
{
	char form[512];
	json_t *p;
	long id;

	snprintf(form, sizeof(form), "title=%s&raw=" RAW "%s%.0ld", title,
	    category ? "&category=" : "", category);
	p = th_expect(c, "POST", 200, form, "/posts.json");
	id = (long)th_jint(p, "topic_id");
	if (post != NULL)
		*post = (long)th_jint(p, "id");
	json_decref(p);
	return id;
}

/* A reply by c in topic; returns the post id. */
static long
reply(struct th_client *c, long topic)
{
	char form[256];
	json_t *p;
	long id;

	snprintf(form, sizeof(form), "topic_id=%ld&raw=" REPLY, topic);
	p = th_expect(c, "POST", 200, form, "/posts.json");
	id = (long)th_jint(p, "id");
	json_decref(p);
	return id;
}

/* c bookmarks post (type Post) or topic; returns the bookmark id. */
static long
bookmark(struct th_client *c, const char *type, long id, const char *extra)
{
	char form[512];
	json_t *j;
	long bid;

	snprintf(form, sizeof(form),
	    "bookmarkable_type=%s&bookmarkable_id=%ld%s",
	    type, id, extra ? extra : "");
	j = th_expect(c, "POST", 200, form, "/bookmarks.json");
	assert_string_equal(th_jstr(j, "success"), "OK");
	bid = (long)th_jint(j, "id");
	json_decref(j);
	return bid;
}

/* The caller's list (GET /u/{name}/bookmarks.json): the bookmarks array,
 * a new reference. */
static json_t *
list_of(struct th_client *c, const char *name)
{
	json_t *j = th_expect_get(c, 200, "/u/%s/bookmarks.json", name);
	json_t *arr = json_object_get(json_object_get(j, "user_bookmark_list"),
	    "bookmarks");

	assert_non_null(arr);
	json_incref(arr);
	json_decref(j);
	return arr;
}

/* Post post_id as c sees it in topic's /t/{id}.json, and the topic's
 * "bookmarked" in *topic_bm. */
static int
post_bookmarked(struct th_client *c, long topic, long post_id, int *topic_bm)
{
	json_t *j = th_expect_get(c, 200, "/t/%ld.json", topic), *p;
	json_t *posts = json_object_get(json_object_get(j, "post_stream"),
	    "posts");
	size_t i;
	int on = -1;

	*topic_bm = json_is_true(json_object_get(j, "bookmarked"));
	json_array_foreach(posts, i, p)
		if (th_jint(p, "id") == post_id)
			on = th_jbool(p, "bookmarked");
	json_decref(j);
	assert_int_not_equal(on, -1);
	return on;
}

/* How many bookmark_reminder notifications user has in the database. */
static long
reminders_of(const char *user)
{
	return th_db_long(srv.db, "SELECT count(*) FROM notifications WHERE "
	    "notification_type = 24 AND user_id = (SELECT id FROM users "
	    "WHERE username = ?1)", user);
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void
test_post_and_topic(void **state)
{
	long t, post, r1, b1, b2;
	json_t *arr, *j;
	int tb;

	(void)state;
	t = new_topic(cast.bob, "A+topic+to+be+bookmarked+by+alice", 0, &post);
	r1 = reply(cast.bob, t);
	b1 = bookmark(cast.alice, "Post", r1, "&name=read+later");
	assert_true(post_bookmarked(cast.alice, t, r1, &tb));
	assert_true(tb);
	assert_false(post_bookmarked(cast.alice, t, post, &tb));
	/* The same post again: 422 in Discourse's shape. */
	j = th_expect(cast.alice, "POST", 400,
	    "bookmarkable_type=Post&bookmarkable_id=0", "/bookmarks.json");
	json_decref(j);
	{
		char form[128];

		snprintf(form, sizeof(form),
		    "bookmarkable_type=Post&bookmarkable_id=%ld", r1);
		j = th_expect(cast.alice, "POST", 422, form, "/bookmarks.json");
		th_assert_error(j, "record_invalid");
		json_decref(j);
	}
	/* The list: name, type, where it points. */
	arr = list_of(cast.alice, "alice");
	assert_int_equal(json_array_size(arr), 1);
	j = json_array_get(arr, 0);
	assert_int_equal(th_jint(j, "id"), b1);
	assert_string_equal(th_jstr(j, "name"), "read later");
	assert_string_equal(th_jstr(j, "bookmarkable_type"), "Post");
	assert_int_equal(th_jint(j, "bookmarkable_id"), r1);
	assert_int_equal(th_jint(j, "topic_id"), t);
	assert_int_equal(th_jint(j, "linked_post_number"), 2);
	assert_string_equal(th_jstr(json_object_get(j, "user"), "username"),
	    "bob");
	assert_true(json_is_null(json_object_get(j, "reminder_at")));
	json_decref(arr);
	/* Renamed, given a reminder. */
	{
		char form[128];

		snprintf(form, sizeof(form), "name=renamed&reminder_at=%s",
		    future);
		json_decref(th_expect(cast.alice, "PUT", 200, form,
		    "/bookmarks/%ld.json", b1));
	}
	arr = list_of(cast.alice, "alice");
	j = json_array_get(arr, 0);
	assert_string_equal(th_jstr(j, "name"), "renamed");
	assert_memory_equal(th_jstr(j, "reminder_at"), future, 19);
	json_decref(arr);
	/* The topic itself. */
	j = th_expect(cast.alice, "PUT", 200, NULL, "/t/%ld/bookmark.json", t);
	b2 = (long)th_jint(j, "id");
	json_decref(j);
	arr = list_of(cast.alice, "alice");
	assert_int_equal(json_array_size(arr), 2);
	assert_int_equal(th_jint(json_array_get(arr, 0), "id"), b2);
	assert_string_equal(th_jstr(json_array_get(arr, 0),
	    "bookmarkable_type"), "Topic");
	json_decref(arr);
	/* GET /bookmarks.json is the same list. */
	j = th_expect_get(cast.alice, 200, "/bookmarks.json");
	assert_int_equal(json_array_size(json_object_get(json_object_get(j,
	    "user_bookmark_list"), "bookmarks")), 2);
	json_decref(j);
	/* Deleting the post's: the topic's remains. */
	j = th_expect(cast.alice, "DELETE", 200, NULL, "/bookmarks/%ld.json",
	    b1);
	assert_true(th_jbool(j, "topic_bookmarked"));
	json_decref(j);
	assert_false(post_bookmarked(cast.alice, t, r1, &tb));
	assert_true(tb);
	json_decref(th_expect(cast.alice, "DELETE", 404, NULL,
	    "/bookmarks/%ld.json", b1));
	/* Discourse's older per-post route, on and off. */
	json_decref(th_expect(cast.alice, "PUT", 200, "bookmarked=true",
	    "/posts/%ld/bookmark.json", post));
	assert_true(post_bookmarked(cast.alice, t, post, &tb));
	json_decref(th_expect(cast.alice, "PUT", 200, "bookmarked=false",
	    "/posts/%ld/bookmark.json", post));
	assert_false(post_bookmarked(cast.alice, t, post, &tb));
	/* remove_bookmarks clears the topic's and its posts'. */
	bookmark(cast.alice, "Post", r1, NULL);
	json_decref(th_expect(cast.alice, "PUT", 200, NULL,
	    "/t/%ld/remove_bookmarks.json", t));
	arr = list_of(cast.alice, "alice");
	assert_int_equal(json_array_size(arr), 0);
	json_decref(arr);
	assert_false(post_bookmarked(cast.alice, t, r1, &tb));
	assert_false(tb);
}

/* "bookmarked" of topic in c's /latest.json: 1 true, 0 false, -1 null,
 * -2 when the topic is not listed. */
static int
list_bookmarked(struct th_client *c, long topic)
{
	json_t *j = th_expect_get(c, 200, "/latest.json"), *t, *v;
	size_t i;
	int out = -2;

	json_array_foreach(json_object_get(json_object_get(j, "topic_list"),
	    "topics"), i, t)
		if (th_jint(t, "id") == topic) {
			v = json_object_get(t, "bookmarked");
			out = json_is_null(v) ? -1 : json_is_true(v);
		}
	json_decref(j);
	return out;
}

static void
test_owner_only_and_cache(void **state)
{
	long t, post, b;
	json_t *j;
	int tb, i;

	(void)state;
	t = new_topic(cast.bob, "A+topic+that+carol+bookmarks+alone", 0, &post);
	/* Warm the anonymous cache before and after. */
	assert_false(post_bookmarked(cast.anon, t, post, &tb));
	b = bookmark(cast.carol, "Post", post, NULL);
	for (i = 0; i < 2; i++) {
		assert_false(post_bookmarked(cast.anon, t, post, &tb));
		assert_false(tb);
		assert_false(post_bookmarked(cast.bob, t, post, &tb));
		assert_false(tb);
		assert_true(post_bookmarked(cast.carol, t, post, &tb));
		assert_true(tb);
	}
	/* /t/{id}/posts.json too. */
	j = th_expect_get(cast.carol, 200, "/t/%ld/posts.json?post_ids[]=%ld",
	    t,
	    post);
	assert_true(th_jbool(json_array_get(json_object_get(json_object_get(j,
	    "post_stream"), "posts"), 0), "bookmarked"));
	json_decref(j);
	j = th_expect_get(cast.anon, 200, "/t/%ld/posts.json?post_ids[]=%ld", t,
	    post);
	assert_false(th_jbool(json_array_get(json_object_get(json_object_get(j,
	    "post_stream"), "posts"), 0), "bookmarked"));
	json_decref(j);
	/* A post answered alone, and the topic lists. */
	j = th_expect_get(cast.carol, 200, "/posts/%ld.json", post);
	assert_true(th_jbool(j, "bookmarked"));
	json_decref(j);
	j = th_expect_get(cast.bob, 200, "/posts/%ld.json", post);
	assert_false(th_jbool(j, "bookmarked"));
	json_decref(j);
	assert_int_equal(list_bookmarked(cast.carol, t), 1);
	assert_int_equal(list_bookmarked(cast.bob, t), 0);
	assert_int_equal(list_bookmarked(cast.anon, t), -1);
	/* Someone else's list and bookmark. */
	j = th_expect_get(cast.bob, 403, "/u/carol/bookmarks.json");
	th_assert_error(j, "invalid_access");
	json_decref(j);
	json_decref(th_expect_get(cast.bob, 404, "/u/nobody/bookmarks.json"));
	j = th_expect(cast.bob, "PUT", 403, "name=mine", "/bookmarks/%ld.json",
	    b);
	th_assert_error(j, "invalid_access");
	json_decref(j);
	json_decref(th_expect(cast.bob, "DELETE", 403, NULL,
	    "/bookmarks/%ld.json",
	    b));
	/* Anonymous callers. */
	j = th_expect(cast.anon, "POST", 403, "bookmarkable_type=Post&"
	    "bookmarkable_id=1", "/bookmarks.json");
	th_assert_error(j, "not_logged_in");
	json_decref(j);
	j = th_expect_get(cast.anon, 403, "/bookmarks.json");
	th_assert_error(j, "not_logged_in");
	json_decref(j);
	j = th_expect_get(cast.anon, 403, "/u/carol/bookmarks.json");
	th_assert_error(j, "not_logged_in");
	json_decref(j);
	json_decref(th_expect(cast.anon, "PUT", 403, NULL,
	    "/t/%ld/bookmark.json",
	    t));
	json_decref(th_expect(cast.anon, "DELETE", 403, NULL,
	    "/bookmarks/%ld.json",
	    b));
}

static void
test_bad_input(void **state)
{
	char form[512], name[128];
	long t, post;
	json_t *j;

	(void)state;
	t = new_topic(cast.bob, "A+topic+for+bad+bookmark+input", 0, &post);
	j = th_expect(cast.dave, "POST", 400, "bookmarkable_type=Post",
	    "/bookmarks.json");
	th_assert_error(j, "invalid_parameters");
	json_decref(j);
	snprintf(form, sizeof(form), "bookmarkable_id=%ld", post);
	json_decref(th_expect(cast.dave, "POST", 400, form, "/bookmarks.json"));
	snprintf(form, sizeof(form), "bookmarkable_type=User&"
	    "bookmarkable_id=%ld", post);
	json_decref(th_expect(cast.dave, "POST", 400, form, "/bookmarks.json"));
	snprintf(form, sizeof(form), "bookmarkable_type=Post&"
	    "bookmarkable_id=%ld&reminder_at=tomorrow", post);
	json_decref(th_expect(cast.dave, "POST", 400, form, "/bookmarks.json"));
	/* 422: too long a name, a reminder past or too far, both listed. */
	memset(name, 'x', 101);
	name[101] = '\0';
	snprintf(form, sizeof(form), "bookmarkable_type=Post&"
	    "bookmarkable_id=%ld&name=%s&reminder_at=2001-01-01T00:00:00Z",
	    post, name);
	j = th_expect(cast.dave, "POST", 422, form, "/bookmarks.json");
	th_assert_error(j, "record_invalid");
	assert_int_equal(json_array_size(json_object_get(j, "errors")), 2);
	json_decref(j);
	snprintf(form, sizeof(form), "bookmarkable_type=Topic&"
	    "bookmarkable_id=%ld&reminder_at=2400-01-01T00:00:00Z", t);
	json_decref(th_expect(cast.dave, "POST", 422, form, "/bookmarks.json"));
	/* 100 characters are fine, counted as characters. */
	snprintf(form, sizeof(form), "bookmarkable_type=Post&"
	    "bookmarkable_id=%ld&name=%.99s%%C3%%A9", post, name);
	json_decref(th_expect(cast.dave, "POST", 200, form, "/bookmarks.json"));
	/* Nothing there. */
	json_decref(th_expect(cast.dave, "POST", 404, "bookmarkable_type=Post&"
	    "bookmarkable_id=999999", "/bookmarks.json"));
	json_decref(th_expect(cast.dave, "PUT", 404, NULL,
	    "/t/999999/bookmark.json"));
	json_decref(th_expect(cast.dave, "PUT", 404, "name=x",
	    "/bookmarks/999999.json"));
	json_decref(th_expect(cast.dave, "PUT", 404, "bookmarked=false",
	    "/posts/%ld/bookmark.json", post + 1000));
}

static void
test_limits(void **state)
{
	long t[6];
	char form[128];
	json_t *j;
	int i;

	(void)state;
	for (i = 0; i < 6; i++) {
		char title[64];

		snprintf(title, sizeof(title),
		    "A+topic+for+the+bookmark+limits+number+%d", i);
		t[i] = new_topic(cast.bob, title, 0, NULL);
	}
	/* Three a day here (CONFAB_MAX_BOOKMARKS_PER_DAY): 429. */
	for (i = 0; i < 3; i++)
		bookmark(cast.erin, "Topic", t[i], NULL);
	snprintf(form, sizeof(form), "bookmarkable_type=Topic&"
	    "bookmarkable_id=%ld", t[3]);
	j = th_expect(cast.erin, "POST", 429, form, "/bookmarks.json");
	th_assert_error(j, "rate_limit");
	assert_true(th_jint(json_object_get(j, "extras"), "wait_seconds") >
	    0);
	json_decref(j);
	/* A day later, two more; then five in all is the cap: 422. */
	th_sql(&srv, "UPDATE bookmarks SET created_at = created_at - 90000 "
	    "WHERE user_id = (SELECT id FROM users WHERE username = 'erin')");
	bookmark(cast.erin, "Topic", t[3], NULL);
	bookmark(cast.erin, "Topic", t[4], NULL);
	snprintf(form, sizeof(form), "bookmarkable_type=Topic&"
	    "bookmarkable_id=%ld", t[5]);
	j = th_expect(cast.erin, "POST", 422, form, "/bookmarks.json");
	th_assert_error(j, "record_invalid");
	json_decref(j);
}

/* Waits until user has want reminders (at most 5 s); returns the count. */
static long
wait_reminders(const char *user, long want)
{
	long n = 0;
	int i;

	for (i = 0; i < 100 && (n = reminders_of(user)) < want; i++)
		sleep_ms(50);
	return n;
}

static void
test_reminder_once(void **state)
{
	const char *sent_sql = "SELECT reminder_last_sent_at IS NOT NULL "
	    "FROM bookmarks WHERE id = ?1";
	long t, post, b;
	char id[32], form[128];
	json_t *j, *n;
	size_t i;
	int found = 0;

	(void)state;
	t = new_topic(cast.bob, "A+topic+with+a+reminder+for+alice", 0, &post);
	snprintf(form, sizeof(form), "&name=the+keynote&reminder_at=%s",
	    future);
	b = bookmark(cast.alice, "Post", post, form);
	snprintf(id, sizeof(id), "%ld", b);
	assert_int_equal(reminders_of("alice"), 0);
	/* Its time comes (the clock moved by hand). */
	th_sql(&srv, "UPDATE bookmarks SET reminder_at = "
	    "CAST(strftime('%%s', 'now') AS INTEGER) - 1 WHERE id = %ld", b);
	assert_int_equal(wait_reminders("alice", 1), 1);
	assert_int_equal(th_db_long(srv.db, sent_sql, id), 1);
	j = th_expect_get(cast.alice, 200, "/notifications.json");
	json_array_foreach(json_object_get(j, "notifications"), i, n) {
		if (th_jint(n, "notification_type") != 24)
			continue;
		found++;
		assert_int_equal(th_jint(n, "topic_id"), t);
		assert_int_equal(th_jint(n, "post_number"), 1);
		assert_string_equal(th_jstr(json_object_get(n, "data"),
		    "bookmark_name"), "the keynote");
	}
	assert_int_equal(found, 1);
	json_decref(j);
	/* Many more runs, then a restart on the same database: still one. */
	sleep_ms(400);
	assert_int_equal(reminders_of("alice"), 1);
	assert_int_equal(th_halt(&srv, SIGTERM), 0);
	assert_int_equal(th_serve(&srv, env), 0);
	sleep_ms(400);
	assert_int_equal(reminders_of("alice"), 1);
	/* A new reminder time is a new reminder. */
	snprintf(form, sizeof(form), "reminder_at=%s", future);
	json_decref(th_expect(cast.alice, "PUT", 200, form,
	    "/bookmarks/%ld.json",
	    b));
	assert_int_equal(th_db_long(srv.db, sent_sql, id), 0);
	th_sql(&srv, "UPDATE bookmarks SET reminder_at = "
	    "CAST(strftime('%%s', 'now') AS INTEGER) - 1 WHERE id = %ld", b);
	assert_int_equal(wait_reminders("alice", 2), 2);
	/* Nobody else is told. */
	assert_int_equal(reminders_of("bob"), 0);
}

static void
test_hidden(void **state)
{
	char form[128], id[32];
	long gid, cat, t, post, bt, bp;
	json_t *j, *arr;

	(void)state;
	j = th_expect_json(cast.admin, "POST", 200, json_pack("{s:{s:s}}",
	    "group",
	    "name", "insiders"), "/admin/groups.json");
	gid = (long)th_jint(json_object_get(j, "basic_group"), "id");
	json_decref(j);
	assert_int_equal(th_add_to_group(&srv, "insiders", "carol"), 0);
	j = th_expect_json(cast.admin, "POST", 200, json_pack(
	    "{s:s,s:s,s:s,s:{s:i}}", "name", "Insiders", "color", "0088CC",
	    "text_color", "FFFFFF", "permissions", "insiders", 1),
	    "/categories.json");
	cat = (long)th_jint(json_object_get(j, "category"), "id");
	json_decref(j);
	t = new_topic(cast.carol, "A+private+topic+among+insiders", cat, &post);
	/* An outsider cannot bookmark it: 404, as if it did not exist. */
	snprintf(form, sizeof(form), "bookmarkable_type=Post&"
	    "bookmarkable_id=%ld", post);
	json_decref(th_expect(cast.dave, "POST", 404, form, "/bookmarks.json"));
	json_decref(th_expect(cast.dave, "PUT", 404, NULL,
	    "/t/%ld/bookmark.json",
	    t));
	json_decref(th_expect(cast.dave, "PUT", 404, NULL,
	    "/t/%ld/remove_bookmarks.json", t));
	/* An insider can, with reminders. */
	snprintf(form, sizeof(form), "&reminder_at=%s", future);
	bp = bookmark(cast.carol, "Post", post, form);
	bt = bookmark(cast.carol, "Topic", t, form);
	arr = list_of(cast.carol, "carol");
	assert_int_equal(json_array_size(arr), 3);	/* one from before */
	json_decref(arr);
	/* carol leaves: the list no longer shows them ... */
	th_sql(&srv, "DELETE FROM group_users WHERE group_id = %ld AND "
	    "user_id = (SELECT id FROM users WHERE username = 'carol')", gid);
	arr = list_of(cast.carol, "carol");
	assert_int_equal(json_array_size(arr), 1);
	json_decref(arr);
	/* ... and their reminders come due without telling her. */
	th_sql(&srv, "UPDATE bookmarks SET reminder_at = "
	    "CAST(strftime('%%s', 'now') AS INTEGER) - 1 WHERE id IN "
	    "(%ld, %ld)", bp, bt);
	snprintf(id, sizeof(id), "%ld", bt);
	for (int i = 0; i < 100 && th_db_long(srv.db, "SELECT "
	    "reminder_last_sent_at IS NOT NULL FROM bookmarks WHERE id = ?1",
	    id) != 1; i++)
		sleep_ms(50);
	assert_int_equal(th_db_long(srv.db, "SELECT reminder_last_sent_at IS "
	    "NOT NULL FROM bookmarks WHERE id = ?1", id), 1);
	assert_int_equal(reminders_of("carol"), 0);
	/* Her own bookmark she may still delete. */
	json_decref(th_expect(cast.carol, "DELETE", 200, NULL,
	    "/bookmarks/%ld.json", bp));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_post_and_topic),
		cmocka_unit_test(test_owner_only_and_cache),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_reminder_once),
		cmocka_unit_test(test_hidden),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

/*
 * Notifications through the real binary: replied, mentioned, posted to a
 * watcher, likes collapsed into one with a count, question on your
 * session and answer accepted; each watching level; never yourself;
 * nothing about a private category after leaving its group, nor about a
 * deleted post; marking read and the unread counts; paging bounds; bad
 * levels; anonymous callers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

#include "harness.h"

#define PASSWORD	"correct horse battery"
#define RAW		"This+is+the+first+post+of+a+test+topic+and+long+enough."
#define REPLY		"A+reply+that+is+long+enough+to+be+accepted."

static struct th_server srv;
static struct th_cast cast;

static int
setup(void **state)
{
	(void)state;
	return th_cast_start(&srv, NULL, PASSWORD, &cast);
}

static int
teardown(void **state)
{
	(void)state;
	return th_cast_stop(&srv, &cast);
}

/* A topic by c in category (0 = default); returns its id. */
static long
new_topic(struct th_client *c, const char *title, long category)
{
	char form[512];
	json_t *p;
	long id;

	snprintf(form, sizeof(form), "title=%s&raw=" RAW "%s%.0ld", title,
	    category ? "&category=" : "", category);
	p = th_expect(c, "POST", 200, form, "/posts.json");
	id = (long)th_jint(p, "topic_id");
	json_decref(p);
	return id;
}

/* A reply by c (raw: form-encoded text, NULL = REPLY); returns its id. */
static long
reply(struct th_client *c, long topic, const char *raw, long to)
{
	char form[512];
	json_t *p;
	long id;

	snprintf(form, sizeof(form), "topic_id=%ld&raw=%s&"
	    "reply_to_post_number=%ld", topic, raw ? raw : REPLY, to);
	p = th_expect(c, "POST", 200, form, "/posts.json");
	id = (long)th_jint(p, "id");
	json_decref(p);
	return id;
}

/* How many of c's notifications are of type (0 = any) about topic
 * (0 = any). */
static int
count_of(struct th_client *c, int type, long topic)
{
	json_t *j = th_expect_get(c, 200, "/notifications.json"), *n;
	size_t i;
	int k = 0;

	json_array_foreach(json_object_get(j, "notifications"), i, n)
		if ((type == 0 || th_jint(n, "notification_type") == type) &&
		    (topic == 0 || th_jint(n, "topic_id") == topic))
			k++;
	json_decref(j);
	return k;
}

/* The first notification of type about topic, or NULL (decref). */
static json_t *
find(struct th_client *c, int type, long topic)
{
	json_t *j = th_expect_get(c, 200, "/notifications.json"), *n, *x = NULL;
	size_t i;

	json_array_foreach(json_object_get(j, "notifications"), i, n)
		if (x == NULL && th_jint(n, "notification_type") == type &&
		    th_jint(n, "topic_id") == topic)
			x = json_incref(n);
	json_decref(j);
	return x;
}

static void
set_level(struct th_client *c, long topic, int level)
{
	char form[64];

	snprintf(form, sizeof(form), "notification_level=%d", level);
	json_decref(th_expect(c, "POST", 200, form,
	    "/t/%ld/notifications.json", topic));
}

static long
unread_of(struct th_client *c)
{
	json_t *j = th_expect_get(c, 200, "/session/current.json");
	long n = (long)th_jint(json_object_get(j, "current_user"),
	    "unread_notifications");

	json_decref(j);
	return n;
}

static void
test_replied_mentioned_self(void **state)
{
	json_t *n, *data;
	int replied;
	long t;

	(void)state;
	t = new_topic(cast.alice, "Replies+and+mentions+are+told", 0);
	/* bob replies to the topic: alice is told; bob is not. */
	reply(cast.bob, t, NULL, 0);
	n = find(cast.alice, 2, t);
	assert_non_null(n);
	assert_false(th_jbool(n, "read"));
	assert_false(th_jbool(n, "high_priority"));
	assert_int_equal(th_jint(n, "post_number"), 2);
	assert_non_null(json_object_get(n, "slug"));
	assert_non_null(json_object_get(n, "fancy_title"));
	data = json_object_get(n, "data");
	assert_string_equal(th_jstr(data, "display_username"), "bob");
	assert_string_equal(th_jstr(data, "original_username"), "bob");
	assert_string_equal(th_jstr(data, "topic_title"),
	    "Replies and mentions are told");
	assert_true(th_jint(data, "original_post_id") > 0);
	json_decref(n);
	assert_int_equal(count_of(cast.bob, 0, t), 0);
	/* carol replies to bob's post: bob is told, not alice. */
	reply(cast.carol, t, NULL, 2);
	assert_int_equal(count_of(cast.bob, 2, t), 1);
	assert_int_equal(count_of(cast.alice, 2, t), 1);
	/* A mention of dave, of a missing user and of oneself. */
	reply(cast.carol, t, "Hello+%40dave+and+%40nobody99+and+%40carol+too.",
	    0);
	assert_int_equal(count_of(cast.dave, 1, t), 1);
	assert_int_equal(count_of(cast.carol, 0, t), 0);
	/* An edit that adds erin tells her once; dave is not told again. */
	json_decref(th_expect_get(cast.carol, 200, "/notifications.json"));
	{
		json_t *p = th_expect_get(cast.carol, 200, "/t/%ld.json", t);
		long id = (long)th_jint(json_array_get(json_object_get(
		    json_object_get(p, "post_stream"), "posts"), 3), "id");

		json_decref(p);
		json_decref(th_expect(cast.carol, "PUT", 200, "post[raw]=Hello+"
		    "%40dave+and+%40erin+now+edited.", "/posts/%ld.json", id));
	}
	assert_int_equal(count_of(cast.erin, 1, t), 1);
	assert_int_equal(count_of(cast.dave, 1, t), 1);
	/* A reply that mentions the topic's author is told as a mention,
	 * once, as Discourse does. */
	replied = count_of(cast.alice, 2, t);
	reply(cast.dave, t, "%40alice+could+you+share+the+dataset+too%3F", 0);
	assert_int_equal(count_of(cast.alice, 1, t), 1);
	assert_int_equal(count_of(cast.alice, 2, t), replied);
}

static void
test_levels(void **state)
{
	json_t *j;
	long t;

	(void)state;
	t = new_topic(cast.alice, "Watching+levels+decide+who+hears", 0);
	/* The author tracks her topic. */
	j = th_expect_get(cast.alice, 200, "/t/%ld.json", t);
	assert_int_equal(th_jint(json_object_get(j, "details"),
	    "notification_level"), 2);
	json_decref(j);
	set_level(cast.bob, t, 3);
	set_level(cast.carol, t, 2);
	set_level(cast.dave, t, 1);
	j = th_expect_get(cast.bob, 200, "/t/%ld.json", t);
	assert_int_equal(th_jint(json_object_get(j, "details"),
	    "notification_level"), 3);
	json_decref(j);
	reply(cast.erin, t, NULL, 0);
	assert_int_equal(count_of(cast.bob, 9, t), 1);
	assert_int_equal(count_of(cast.carol, 9, t), 0);
	assert_int_equal(count_of(cast.dave, 9, t), 0);
	/* The replier now tracks the topic. */
	j = th_expect_get(cast.erin, 200, "/t/%ld.json", t);
	assert_int_equal(th_jint(json_object_get(j, "details"),
	    "notification_level"), 2);
	json_decref(j);
	/* Muted: alice hears nothing, not even replies or mentions. */
	set_level(cast.alice, t, 0);
	reply(cast.erin, t, "Hi+%40alice+this+is+a+reply+with+a+mention.", 1);
	assert_int_equal(count_of(cast.alice, 2, t), 1);
	assert_int_equal(count_of(cast.alice, 1, t), 0);
	/* Watching a category: posted for every new post in it. */
	json_decref(th_expect(cast.dave, "POST", 200, "notification_level=3",
	    "/category/1/notifications.json"));
	j = th_expect_get(cast.dave, 200, "/c/1/show.json");
	assert_int_equal(th_jint(json_object_get(j, "category"),
	    "notification_level"), 3);
	json_decref(j);
	/* ... unless the topic's own level says otherwise (normal here). */
	reply(cast.erin, t, NULL, 0);
	assert_int_equal(count_of(cast.dave, 9, t), 0);
	t = new_topic(cast.carol, "A+new+topic+in+a+watched+category", 0);
	reply(cast.erin, t, NULL, 0);
	assert_int_equal(count_of(cast.dave, 9, t), 2);
	json_decref(th_expect(cast.dave, "POST", 200, "notification_level=1",
	    "/category/1/notifications.json"));
}

static void
test_bad_levels_and_anonymous(void **state)
{
	json_t *j;
	long t;

	(void)state;
	t = new_topic(cast.alice, "Levels+out+of+range+are+refused", 0);
	j = th_expect(cast.bob, "POST", 422, "notification_level=4",
	    "/t/%ld/notifications.json", t);
	th_assert_error(j, "record_invalid");
	json_decref(j);
	j = th_expect(cast.bob, "POST", 422, "notification_level=-1",
	    "/t/%ld/notifications.json", t);
	json_decref(j);
	j = th_expect(cast.bob, "POST", 400, "notification_level=abc",
	    "/t/%ld/notifications.json", t);
	th_assert_error(j, "invalid_parameters");
	json_decref(j);
	j = th_expect(cast.bob, "POST", 400, NULL, "/t/%ld/notifications.json",
	    t);
	json_decref(j);
	j = th_expect(cast.bob, "POST", 404, "notification_level=3",
	    "/t/999999/notifications.json");
	json_decref(j);
	j = th_expect(cast.bob, "POST", 404, "notification_level=3",
	    "/category/999999/notifications.json");
	json_decref(j);
	j = th_expect(cast.bob, "POST", 422, "notification_level=9",
	    "/category/1/notifications.json");
	json_decref(j);
	j = th_expect_get(cast.anon, 403, "/notifications.json");
	th_assert_error(j, "not_logged_in");
	json_decref(j);
	j = th_expect(cast.anon, "PUT", 403, NULL,
	    "/notifications/mark-read.json");
	th_assert_error(j, "not_logged_in");
	json_decref(j);
	j = th_expect(cast.anon, "POST", 403, "notification_level=3",
	    "/t/%ld/notifications.json", t);
	th_assert_error(j, "not_logged_in");
	json_decref(j);
	j = th_expect_get(cast.bob, 400, "/notifications.json?filter=bogus");
	json_decref(j);
	j = th_expect_get(cast.bob, 400, "/notifications.json?offset=-1");
	json_decref(j);
	j = th_expect_get(cast.bob, 400, "/notifications.json?limit=x");
	json_decref(j);
}

static void
test_likes_collapse(void **state)
{
	json_t *p, *n;
	long t, first;
	char form[128];

	(void)state;
	t = new_topic(cast.erin, "Likes+of+one+post+make+one+notification", 0);
	p = th_expect_get(cast.erin, 200, "/t/%ld.json", t);
	first = (long)th_jint(json_array_get(json_object_get(json_object_get(
	    p, "post_stream"), "posts"), 0), "id");
	json_decref(p);
	snprintf(form, sizeof(form), "id=%ld&post_action_type_id=2", first);
	json_decref(th_expect(cast.alice, "POST", 200, form,
	    "/post_actions.json"));
	json_decref(th_expect(cast.bob, "PUT", 200, NULL,
	    "/notifications/mark-read.json"));
	json_decref(th_expect(cast.erin, "PUT", 200, NULL,
	    "/notifications/mark-read.json"));
	json_decref(th_expect(cast.bob, "POST", 200, form,
	    "/post_actions.json"));
	json_decref(th_expect(cast.carol, "POST", 200, form,
	    "/post_actions.json"));
	assert_int_equal(count_of(cast.erin, 5, t), 1);
	n = find(cast.erin, 5, t);
	assert_int_equal(th_jint(json_object_get(n, "data"), "count"), 3);
	assert_string_equal(th_jstr(json_object_get(n, "data"),
	    "display_username"), "carol");
	/* Read, then liked again: unread again. */
	assert_false(th_jbool(n, "read"));
	json_decref(n);
}

static void
test_mark_read_and_counts(void **state)
{
	json_t *j, *n, *u;
	long t, before, id;
	char form[64];

	(void)state;
	json_decref(th_expect(cast.alice, "PUT", 200, NULL,
	    "/notifications/mark-read.json"));
	assert_int_equal(unread_of(cast.alice), 0);
	t = new_topic(cast.alice, "Counting+unread+notifications+here", 0);
	reply(cast.bob, t, NULL, 0);
	reply(cast.carol, t, NULL, 0);
	assert_int_equal(unread_of(cast.alice), 2);
	u = th_expect_get(cast.alice, 200, "/u/alice.json");
	assert_int_equal(th_jint(json_object_get(u, "user"),
	    "unread_notifications"), 2);
	assert_int_equal(th_jint(json_object_get(u, "user"),
	    "unread_high_priority_notifications"), 0);
	json_decref(u);
	/* Not shown to others. */
	u = th_expect_get(cast.bob, 200, "/u/alice.json");
	assert_null(json_object_get(json_object_get(u, "user"),
	    "unread_notifications"));
	json_decref(u);
	j = th_expect_get(cast.alice, 200, "/notifications.json?filter=unread");
	assert_int_equal(th_jint(j, "total_rows_notifications"), 2);
	id = (long)th_jint(json_array_get(json_object_get(j, "notifications"),
	    0), "id");
	json_decref(j);
	snprintf(form, sizeof(form), "id=%ld", id);
	j = th_expect(cast.alice, "PUT", 200, form,
	    "/notifications/mark-read.json");
	assert_string_equal(th_jstr(j, "success"), "OK");
	json_decref(j);
	assert_int_equal(unread_of(cast.alice), 1);
	j = th_expect_get(cast.alice, 200, "/notifications.json?filter=read");
	n = json_array_get(json_object_get(j, "notifications"), 0);
	assert_int_equal(th_jint(n, "id"), id);
	assert_true(th_jbool(n, "read"));
	json_decref(j);
	/* Someone else's id is not found. */
	j = th_expect(cast.bob, "PUT", 404, form,
	    "/notifications/mark-read.json");
	json_decref(j);
	json_decref(th_expect(cast.alice, "PUT", 200, NULL,
	    "/notifications/mark-read.json"));
	assert_int_equal(unread_of(cast.alice), 0);
	/* The menu (recent) sees the newest. */
	before = 0;
	j = th_expect_get(cast.alice, 200, "/notifications.json?recent=true");
	before = (long)th_jint(j, "seen_notification_id");
	assert_true(before >= id);
	json_decref(j);
}

static void
test_paging(void **state)
{
	json_t *j;
	long t, total;
	int i;

	(void)state;
	t = new_topic(cast.dave, "Paging+through+many+notifications", 0);
	for (i = 0; i < 4; i++)
		reply(i % 2 ? cast.bob : cast.carol, t, NULL, 0);
	j = th_expect_get(cast.dave, 200, "/notifications.json");
	total = (long)th_jint(j, "total_rows_notifications");
	assert_true(total >= 4);
	json_decref(j);
	j = th_expect_get(cast.dave, 200,
	    "/notifications.json?limit=2&offset=1");
	assert_int_equal(json_array_size(json_object_get(j, "notifications")),
	    2);
	assert_int_equal(th_jint(j, "total_rows_notifications"), total);
	assert_non_null(strstr(th_jstr(j, "load_more_notifications"),
	    "offset=3"));
	json_decref(j);
	j = th_expect_get(cast.dave, 200, "/notifications.json?limit=100000");
	assert_true(json_array_size(json_object_get(j, "notifications")) <= 60);
	json_decref(j);
	j = th_expect_get(cast.dave, 200, "/notifications.json?offset=100000");
	assert_int_equal(json_array_size(json_object_get(j, "notifications")),
	    0);
	json_decref(j);
	j = th_expect_get(cast.dave, 400, "/notifications.json?offset=100001");
	json_decref(j);
}

static void
test_private_category_and_deleted(void **state)
{
	json_t *j;
	long gid, cat, t, t2, post;
	char sql[512];

	(void)state;
	j = th_expect_json(cast.admin, "POST", 200, json_pack("{s:{s:s}}",
	    "group",
	    "name", "insiders"), "/admin/groups.json");
	gid = (long)th_jint(json_object_get(j, "basic_group"), "id");
	json_decref(j);
	assert_int_equal(th_add_to_group(&srv, "insiders", "bob"), 0);
	assert_int_equal(th_add_to_group(&srv, "insiders", "carol"), 0);
	j = th_expect_json(cast.admin, "POST", 200, json_pack(
	    "{s:s,s:s,s:s,s:{s:i}}", "name", "Insiders", "color", "0088CC",
	    "text_color", "FFFFFF", "permissions", "insiders", 1),
	    "/categories.json");
	cat = (long)th_jint(json_object_get(j, "category"), "id");
	json_decref(j);
	t = new_topic(cast.bob, "A+private+topic+among+insiders", cat);
	/* An outsider mentioned is not told. */
	reply(cast.carol, t, "Hey+%40erin+you+cannot+see+this+one.", 0);
	assert_int_equal(count_of(cast.erin, 1, t), 0);
	assert_int_equal(count_of(cast.bob, 2, t), 1);
	/* bob leaves the group: the old notification disappears ... */
	th_sql(&srv, "DELETE FROM group_users WHERE group_id = %ld AND "
	    "user_id = (SELECT id FROM users WHERE username = 'bob')", gid);
	assert_int_equal(count_of(cast.bob, 2, t), 0);
	/* ... and new ones are not written. */
	reply(cast.carol, t, "Hello+%40bob+are+you+still+there+at+all.", 0);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM notifications WHERE "
	    "topic_id = %ld AND notification_type = 1 AND user_id = (SELECT "
	    "id FROM users WHERE username = ?1)", t);
	assert_int_equal(th_db_long(srv.db, sql, "bob"), 0);
	assert_int_equal(th_db_long(srv.db, sql, "erin"), 0);
	assert_int_equal(th_add_to_group(&srv, "insiders", "bob"), 0);
	assert_int_equal(count_of(cast.bob, 1, t), 0);
	assert_int_equal(count_of(cast.bob, 2, t), 1);
	/* A deleted post's notification disappears. */
	t2 = new_topic(cast.alice, "A+reply+here+will+be+deleted+soon", 0);
	post = reply(cast.erin, t2, NULL, 0);
	assert_int_equal(count_of(cast.alice, 2, t2), 1);
	json_decref(th_expect(cast.erin, "DELETE", 200, NULL, "/posts/%ld.json",
	    post));
	assert_int_equal(count_of(cast.alice, 2, t2), 0);
}

static void
test_session_questions(void **state)
{
	json_t *j, *body;
	long topic, q;
	char form[64];

	(void)state;
	assert_int_equal(th_cli(&srv, NULL, "import-program",
	    "data/program-sample.json", NULL), 0);
	j = th_expect_get(cast.anon, 200,
	    "/conference/schedule.json?webinar=w01");
	topic = (long)th_jint(json_array_get(json_object_get(json_array_get(
	    json_object_get(j, "days"), 0), "sessions"), 0), "topic_id");
	json_decref(j);
	/* Staff link carol as a presenter: she watches her session. */
	body = json_pack("{s:[s]}", "presenters",
	    "Carol Presenter (Confab Lab) @carol");
	json_decref(th_expect_json(cast.admin, "PUT", 200, body,
	    "/conference/sessions/%ld.json", topic));
	j = th_expect_get(cast.carol, 200, "/t/%ld.json", topic);
	assert_int_equal(th_jint(json_object_get(j, "details"),
	    "notification_level"), 3);
	json_decref(j);
	/* A question: carol is told once, as its presenter. */
	q = reply(cast.alice, topic, "What+about+the+second+slide+exactly%3F",
	    0);
	assert_int_equal(count_of(cast.carol, 800, topic), 1);
	assert_int_equal(count_of(cast.carol, 9, topic), 0);
	/* Her own reply is no question to herself. */
	reply(cast.carol, topic, "It+shows+the+results+of+the+study.", 2);
	assert_int_equal(count_of(cast.carol, 800, topic), 1);
	/* She marks it answered: alice is told. */
	snprintf(form, sizeof(form), "id=%ld", q);
	json_decref(th_expect(cast.carol, "POST", 200, form,
	    "/solution/accept.json"));
	assert_int_equal(count_of(cast.alice, 801, topic), 1);
	/* Votes change nothing for anyone. */
	snprintf(form, sizeof(form), "post_id=%ld", q);
	json_decref(th_expect(cast.bob, "POST", 200, form, "/qa/vote.json"));
	json_decref(th_expect(cast.bob, "POST", 422, form, "/qa/vote.json"));
	json_decref(th_expect(cast.bob, "DELETE", 200, form, "/qa/vote.json"));
	json_decref(th_expect(cast.bob, "DELETE", 422, form, "/qa/vote.json"));
	assert_int_equal(count_of(cast.alice, 0, topic), 2);
	/* No longer a presenter: no longer watching (her reply did not
	 * change a level she had). */
	body = json_pack("{s:[s]}", "presenters", "Someone Else (Nowhere)");
	json_decref(th_expect_json(cast.admin, "PUT", 200, body,
	    "/conference/sessions/%ld.json", topic));
	j = th_expect_get(cast.carol, 200, "/t/%ld.json", topic);
	assert_int_equal(th_jint(json_object_get(j, "details"),
	    "notification_level"), 1);
	json_decref(j);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replied_mentioned_self),
		cmocka_unit_test(test_levels),
		cmocka_unit_test(test_bad_levels_and_anonymous),
		cmocka_unit_test(test_likes_collapse),
		cmocka_unit_test(test_mark_read_and_counts),
		cmocka_unit_test(test_paging),
		cmocka_unit_test(test_private_category_and_deleted),
		cmocka_unit_test(test_session_questions),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

/*
 * Reading state through the real binary: POST /topics/timings and what it
 * changes (the topic's last_read_post_number and each post's read, the
 * list fields unseen, last_read_post_number, unread_posts, new_posts),
 * the /new and /unread lists with their rules (authors have read their
 * own posts, muted and normal levels are not unread, private categories
 * never show), dismissing both, the bounds of the input, and that one
 * reader's state never reaches another reader or an anonymous (cached)
 * answer.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* --- helpers ------------------------------------------------------- */

static long
make_topic(struct th_client *c, const char *title, long category)
{
	char form[512];
	json_t *p;
	long id;

	if (category > 0)
		snprintf(form, sizeof(form), "title=%s&raw=" RAW
		    "&category=%ld", title, category);
	else
		snprintf(form, sizeof(form), "title=%s&raw=" RAW, title);
	p = th_expect(c, "POST", 200, form, "/posts.json");
	id = (long)th_jint(p, "topic_id");
	json_decref(p);
	return id;
}

static void
reply(struct th_client *c, long topic)
{
	char form[256];

	snprintf(form, sizeof(form), "topic_id=%ld&raw=" REPLY, topic);
	json_decref(th_expect(c, "POST", 200, form, "/posts.json"));
}

/* Discourse answers timings with an empty 200, errors as usual. */
static void
timings_as(struct th_client *c, long want, const char *ctype,
    const char *body)
{
	struct th_resp r;

	assert_int_equal(th_request(c, "POST", "/topics/timings", ctype, body,
	    NULL, &r), want);
	if (want == 200)
		assert_int_equal(r.len, 0);
	else
		assert_non_null(json_object_get(r.json, "errors"));
	th_resp_free(&r);
}

static void
timings(struct th_client *c, long want, const char *form)
{
	timings_as(c, want, "application/x-www-form-urlencoded", form);
}

static json_t *
list_topic(json_t *list, long id)
{
	json_t *t;
	size_t i;

	json_array_foreach(json_object_get(json_object_get(list,
	    "topic_list"), "topics"), i, t)
		if (json_integer_value(json_object_get(t, "id")) == id)
			return t;
	return NULL;
}

static int
in_list(struct th_client *c, const char *path, long id)
{
	json_t *l = th_expect_get(c, 200, "%s", path);
	int found = list_topic(l, id) != NULL;

	json_decref(l);
	return found;
}

static json_t *
post_n(json_t *topic, size_t i)
{
	return json_array_get(json_object_get(json_object_get(topic,
	    "post_stream"), "posts"), i);
}

static long
db_last_read(const char *user, long topic)
{
	char sql[256];

	snprintf(sql, sizeof(sql), "SELECT tu.last_read_post_number FROM "
	    "topic_users tu JOIN users u ON u.id = tu.user_id WHERE "
	    "u.username = ?1 AND tu.topic_id = %ld", topic);
	return th_db_long(srv.db, sql, user);
}

/* --- timings and the topic ----------------------------------------- */

static void
test_timings_topic(void **state)
{
	long t;
	json_t *j;
	char form[256];

	(void)state;
	t = make_topic(cast.alice, "Reading state topic one", 0);
	reply(cast.bob, t);
	reply(cast.bob, t);
	/* Never read: no last_read_post_number, no post read. */
	j = th_expect_get(cast.carol, 200, "/t/%ld.json", t);
	assert_null(json_object_get(j, "last_read_post_number"));
	assert_int_equal(th_jint(j, "highest_post_number"), 3);
	assert_false(th_jbool(post_n(j, 0), "read"));
	json_decref(j);
	snprintf(form, sizeof(form), "topic_id=%ld&topic_time=2000"
	    "&timings[1]=1000&timings[2]=1000", t);
	timings(cast.carol, 200, form);
	j = th_expect_get(cast.carol, 200, "/t/%ld.json", t);
	assert_int_equal(th_jint(j, "last_read_post_number"), 2);
	assert_true(th_jbool(post_n(j, 0), "read"));
	assert_true(th_jbool(post_n(j, 1), "read"));
	assert_false(th_jbool(post_n(j, 2), "read"));
	json_decref(j);
	/* A post past the end does not exist; a lower number never lowers. */
	snprintf(form, sizeof(form), "topic_id=%ld&timings[99]=5", t);
	timings(cast.carol, 200, form);
	assert_int_equal(db_last_read("carol", t), 2);
	snprintf(form, sizeof(form), "topic_id=%ld&timings[1]=5", t);
	timings(cast.carol, 200, form);
	assert_int_equal(db_last_read("carol", t), 2);
	/* JSON bodies as well; time per call is capped. */
	snprintf(form, sizeof(form), "{\"topic_id\":%ld,\"topic_time\":"
	    "999999999999,\"timings\":{\"3\":10}}", t);
	timings_as(cast.carol, 200, "application/json", form);
	assert_int_equal(db_last_read("carol", t), 3);
	snprintf(form, sizeof(form), "SELECT total_msecs_viewed FROM "
	    "topic_users WHERE topic_id = %ld AND user_id = (SELECT id FROM "
	    "users WHERE username = ?1)", t);
	assert_true(th_db_long(srv.db, form, "carol") <= 62000);
	/* The author has read up to their own post. */
	assert_int_equal(db_last_read("alice", t), 1);
	assert_int_equal(db_last_read("bob", t), 3);
}

static void
test_timings_refused(void **state)
{
	char form[4096];
	long t, cat;
	json_t *j;
	size_t n;
	int i;

	(void)state;
	t = make_topic(cast.alice, "Reading state refusals", 0);
	snprintf(form, sizeof(form), "topic_id=%ld&timings[1]=5", t);
	j = th_expect(cast.anon, "POST", 403, form, "/topics/timings");
	th_assert_error(j, "not_logged_in");
	json_decref(j);
	timings(cast.carol, 400, "timings[1]=5");
	snprintf(form, sizeof(form), "topic_id=%ld&timings[x]=5", t);
	timings(cast.carol, 400, form);
	snprintf(form, sizeof(form), "topic_id=%ld&timings[1]=-5", t);
	timings(cast.carol, 400, form);
	n = (size_t)snprintf(form, sizeof(form), "topic_id=%ld", t);
	for (i = 1; i <= 201; i++)
		n += (size_t)snprintf(form + n, sizeof(form) - n,
		    "&timings[%d]=1", i);
	timings(cast.carol, 400, form);
	timings(cast.carol, 404, "topic_id=999999&timings[1]=5");
	/* A topic in a category carol may not see answers as a missing one. */
	j = th_expect(cast.admin, "POST", 200, "name=Hidden+room&color=112233"
	    "&permissions[staff]=1", "/categories.json");
	cat = (long)th_jint(json_object_get(j, "category"), "id");
	json_decref(j);
	t = make_topic(cast.admin, "Reading state hidden topic", cat);
	snprintf(form, sizeof(form), "topic_id=%ld&timings[1]=5", t);
	timings(cast.carol, 404, form);
	assert_false(in_list(cast.carol, "/new.json", t));
	assert_true(in_list(cast.admin, "/latest.json", t));
}

/* --- list fields ----------------------------------------------------- */

static void
test_list_fields(void **state)
{
	long t, fresh;
	json_t *l, *o;
	char form[128];

	(void)state;
	t = make_topic(cast.alice, "Reading state list fields", 0);
	reply(cast.bob, t);
	reply(cast.bob, t);
	fresh = make_topic(cast.bob, "Reading state never opened", 0);
	snprintf(form, sizeof(form), "topic_id=%ld&timings[1]=1", t);
	timings(cast.carol, 200, form);
	l = th_expect_get(cast.carol, 200, "/latest.json");
	o = list_topic(l, t);
	assert_false(th_jbool(o, "unseen"));
	assert_int_equal(th_jint(o, "last_read_post_number"), 1);
	assert_int_equal(th_jint(o, "unread_posts"), 2);
	assert_int_equal(th_jint(o, "new_posts"), 2);
	o = list_topic(l, fresh);
	assert_true(th_jbool(o, "unseen"));
	assert_null(json_object_get(o, "last_read_post_number"));
	assert_null(json_object_get(o, "unread_posts"));
	json_decref(l);
	/* The same fields in the other lists. */
	l = th_expect_get(cast.carol, 200, "/c/x/1.json");
	assert_int_equal(th_jint(list_topic(l, t), "unread_posts"), 2);
	json_decref(l);
	l = th_expect_get(cast.carol, 200, "/topics/created-by/alice.json");
	assert_int_equal(th_jint(list_topic(l, t), "unread_posts"), 2);
	json_decref(l);
	/* The author's own topic is not new to them. */
	l = th_expect_get(cast.bob, 200, "/latest.json");
	assert_false(th_jbool(list_topic(l, fresh), "unseen"));
	assert_int_equal(th_jint(list_topic(l, fresh),
	    "last_read_post_number"), 1);
	json_decref(l);
}

/* --- /new and /unread ---------------------------------------------- */

static void
test_new_and_unread(void **state)
{
	long t, n1, n2;
	json_t *j;
	char form[256];

	(void)state;
	j = th_expect_get(cast.anon, 403, "/new.json");
	th_assert_error(j, "not_logged_in");
	json_decref(j);
	json_decref(th_expect_get(cast.anon, 403, "/unread.json"));
	t = make_topic(cast.alice, "Reading state unread topic", 0);
	n1 = make_topic(cast.bob, "Reading state new topic one", 0);
	/* New to dave, not to its author, gone once read. */
	assert_true(in_list(cast.dave, "/new.json", n1));
	assert_false(in_list(cast.bob, "/new.json", n1));
	assert_true(in_list(cast.dave, "/new.json", t));
	snprintf(form, sizeof(form), "topic_id=%ld&timings[1]=9", t);
	timings(cast.dave, 200, form);
	assert_false(in_list(cast.dave, "/new.json", t));
	assert_false(in_list(cast.dave, "/unread.json", t));
	/* A reply makes it unread for dave and for its author. */
	reply(cast.bob, t);
	assert_true(in_list(cast.dave, "/unread.json", t));
	assert_true(in_list(cast.alice, "/unread.json", t));
	assert_false(in_list(cast.bob, "/unread.json", t));
	j = th_expect_get(cast.dave, 200, "/unread.json");
	assert_non_null(json_object_get(json_object_get(j, "topic_list"),
	    "per_page"));
	assert_int_equal(th_jint(list_topic(j, t), "unread_posts"), 1);
	json_decref(j);
	/* Levels: normal and muted are not unread, watching is. */
	th_sql(&srv, "UPDATE topic_users SET notification_level = 1 WHERE "
	    "topic_id = %ld AND user_id = (SELECT id FROM users WHERE "
	    "username = 'alice')", t);
	assert_false(in_list(cast.alice, "/unread.json", t));
	th_sql(&srv, "UPDATE topic_users SET notification_level = 0 WHERE "
	    "topic_id = %ld AND user_id = (SELECT id FROM users WHERE "
	    "username = 'alice')", t);
	assert_false(in_list(cast.alice, "/unread.json", t));
	th_sql(&srv, "UPDATE topic_users SET notification_level = 3 WHERE "
	    "topic_id = %ld AND user_id = (SELECT id FROM users WHERE "
	    "username = 'alice')", t);
	assert_true(in_list(cast.alice, "/unread.json", t));
	/* A muted topic is not new. */
	th_sql(&srv, "INSERT INTO topic_users (user_id, topic_id, "
	    "notification_level) SELECT id, %ld, 0 FROM users WHERE "
	    "username = 'carol'", n1);
	assert_false(in_list(cast.carol, "/new.json", n1));
	assert_true(in_list(cast.dave, "/new.json", n1));
	/* An old topic is not new. */
	n2 = make_topic(cast.bob, "Reading state old topic", 0);
	th_sql(&srv, "UPDATE topics SET created_at = created_at - 3 * 86400 "
	    "WHERE id = %ld", n2);
	assert_false(in_list(cast.dave, "/new.json", n2));
	assert_true(in_list(cast.dave, "/latest.json", n2));
}

static void
test_dismiss(void **state)
{
	long t, u, later;
	json_t *j, *v;
	char form[256];
	size_t i;
	int found;

	(void)state;
	t = make_topic(cast.alice, "Reading state dismiss new", 0);
	assert_true(in_list(cast.dave, "/new.json", t));
	j = th_expect(cast.dave, "PUT", 200, NULL, "/topics/reset-new.json");
	assert_string_equal(th_jstr(j, "success"), "OK");
	json_decref(j);
	assert_false(in_list(cast.dave, "/new.json", t));
	assert_true(in_list(cast.carol, "/new.json", t));
	sleep(1);	/* a dismissal covers its own second */
	later = make_topic(cast.alice, "Reading state newer than dismissal", 0);
	assert_true(in_list(cast.dave, "/new.json", later));

	u = make_topic(cast.alice, "Reading state dismiss unread", 0);
	snprintf(form, sizeof(form), "topic_id=%ld&timings[1]=9", u);
	timings(cast.dave, 200, form);
	reply(cast.bob, u);
	reply(cast.bob, u);
	assert_true(in_list(cast.dave, "/unread.json", u));
	json_decref(th_expect(cast.dave, "PUT", 400, "operation[type]=close"
	    "&filter=unread", "/topics/bulk.json"));
	json_decref(th_expect(cast.dave, "PUT", 400, "operation[type]="
	    "dismiss_posts", "/topics/bulk.json"));
	json_decref(th_expect(cast.dave, "PUT", 400, "operation[type]="
	    "dismiss_posts&topic_ids[]=x", "/topics/bulk.json"));
	j = th_expect(cast.dave, "PUT", 200, "operation[type]=dismiss_posts"
	    "&filter=unread", "/topics/bulk.json");
	found = 0;
	json_array_foreach(json_object_get(j, "topic_ids"), i, v)
		found += json_integer_value(v) == u;
	assert_int_equal(found, 1);
	json_decref(j);
	j = th_expect_get(cast.dave, 200, "/unread.json");
	assert_int_equal(json_array_size(json_object_get(json_object_get(j,
	    "topic_list"), "topics")), 0);
	json_decref(j);
	assert_false(in_list(cast.dave, "/unread.json", u));
	assert_int_equal(db_last_read("dave", u), 3);
	/* By ids, as JSON. */
	reply(cast.bob, u);
	snprintf(form, sizeof(form), "operation[type]=dismiss_posts"
	    "&topic_ids[]=%ld", u);
	j = th_expect(cast.dave, "PUT", 200, form, "/topics/bulk.json");
	assert_int_equal(json_array_size(json_object_get(j, "topic_ids")), 1);
	json_decref(j);
	assert_int_equal(db_last_read("dave", u), 4);
}

/* --- no leaks -------------------------------------------------------- */

static void
assert_no_state(json_t *list)
{
	json_t *t;
	size_t i;

	json_array_foreach(json_object_get(json_object_get(list,
	    "topic_list"), "topics"), i, t) {
		assert_null(json_object_get(t, "last_read_post_number"));
		assert_null(json_object_get(t, "unread_posts"));
		assert_false(th_jbool(t, "unseen"));
	}
}

static void
test_no_leak(void **state)
{
	struct th_client *c = th_client_new(&srv);
	char form[128];
	json_t *j;
	long t;
	int i;

	(void)state;
	t = make_topic(cast.alice, "Reading state is private", 0);
	reply(cast.bob, t);
	/* Fill the anonymous cache first, then read as a cookie session. */
	json_decref(th_expect_get(cast.anon, 200, "/latest.json"));
	assert_int_equal(th_login(c, "carol", PASSWORD), 200);
	snprintf(form, sizeof(form), "topic_id=%ld&timings[1]=9", t);
	timings(c, 200, form);
	j = th_expect_get(c, 200, "/latest.json");
	assert_int_equal(th_jint(list_topic(j, t), "last_read_post_number"),
	    1);
	json_decref(j);
	for (i = 0; i < 2; i++) {	/* a miss, then a hit */
		j = th_expect_get(cast.anon, 200, "/latest.json");
		assert_non_null(list_topic(j, t));
		assert_no_state(j);
		json_decref(j);
		j = th_expect_get(cast.anon, 200, "/t/%ld.json", t);
		assert_null(json_object_get(j, "last_read_post_number"));
		assert_true(th_jbool(post_n(j, 1), "read"));
		json_decref(j);
	}
	/* dave never read it: nothing of carol's shows to him. */
	j = th_expect_get(cast.dave, 200, "/latest.json");
	assert_null(json_object_get(list_topic(j, t),
	    "last_read_post_number"));
	json_decref(j);
	j = th_expect_get(cast.dave, 200, "/t/%ld.json", t);
	assert_null(json_object_get(j, "last_read_post_number"));
	assert_false(th_jbool(post_n(j, 0), "read"));
	json_decref(j);
	th_client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_timings_topic),
		cmocka_unit_test(test_timings_refused),
		cmocka_unit_test(test_list_fields),
		cmocka_unit_test(test_new_and_unread),
		cmocka_unit_test(test_dismiss),
		cmocka_unit_test(test_no_leak),
	};

	return cmocka_run_group_tests_name("http_reading", tests, setup,
	    teardown);
}

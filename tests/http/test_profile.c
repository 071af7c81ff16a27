/*
 * A user's activity as a profile shows it: the topics they started
 * (/topics/created-by) and their recent topics and replies
 * (/user_actions), never including what the reader may not see.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

#include "harness.h"

static struct th_server srv;

static json_t *
post(struct th_client *c, const char *form)
{
	json_t *j;
	long st;

	j = th_form(c, "POST", "/posts.json", form, &st);
	assert_int_equal(st, 200);
	return j;
}

static int
setup(void **state)
{
	struct th_client *c;
	char *key;
	json_t *j;
	long st;

	(void)state;
	if (th_start(&srv, NULL) != 0 ||
	    th_create_user(&srv, "admin1", "correct horse battery", 1, 0) < 0 ||
	    th_create_user(&srv, "alice", "correct horse battery", 0, 0) < 0)
		return -1;
	key = th_api_key(&srv, NULL);
	c = th_client_new(&srv);
	th_client_api_key(c, key, "admin1");
	json_decref(th_form(c, "POST", "/admin/groups.json",
	    "group[name]=insiders&group[usernames]=alice", &st));
	j = th_form(c, "POST", "/categories.json", "name=Backstage&color="
	    "FF0000&text_color=FFFFFF&permissions[insiders]=1", &st);
	json_decref(j);
	th_client_api_key(c, key, "alice");
	json_decref(post(c, "title=Alice+opens+a+public+topic&raw=The+first+"
	    "post+of+a+public+topic."));
	json_decref(post(c, "topic_id=1&raw=Alice+replies+to+her+own+public+"
	    "topic."));
	json_decref(post(c, "title=Alice+writes+behind+the+stage&raw=This+"
	    "must+stay+among+insiders.&category=2"));
	th_client_free(c);
	free(key);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	return th_stop(&srv);
}

static void
test_created_by(void **state)
{
	struct th_client *anon = th_client_new(&srv);
	struct th_client *alice = th_client_new(&srv);
	json_t *j, *topics;
	long st;

	(void)state;
	j = th_get(anon, "/topics/created-by/alice.json", &st);
	assert_int_equal(st, 200);
	topics = json_object_get(json_object_get(j, "topic_list"), "topics");
	assert_int_equal(json_array_size(topics), 1);
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(topics, 0), "title")), "Alice opens a public topic");
	json_decref(j);
	assert_int_equal(th_login(alice, "alice", "correct horse battery"),
	    200);
	j = th_get(alice, "/topics/created-by/alice.json", &st);
	topics = json_object_get(json_object_get(j, "topic_list"), "topics");
	assert_int_equal(json_array_size(topics), 2);
	json_decref(j);
	j = th_get(anon, "/topics/created-by/nobody.json", &st);
	assert_int_equal(st, 404);
	json_decref(j);
	th_client_free(anon);
	th_client_free(alice);
}

static void
test_user_actions(void **state)
{
	struct th_client *anon = th_client_new(&srv);
	json_t *j, *acts, *a;
	long st;

	(void)state;
	j = th_get(anon, "/user_actions.json?username=alice&filter=4,5", &st);
	assert_int_equal(st, 200);
	acts = json_object_get(j, "user_actions");
	assert_int_equal(json_array_size(acts), 2);
	a = json_array_get(acts, 0);	/* newest first: the reply */
	assert_int_equal(json_integer_value(json_object_get(a,
	    "action_type")), 5);
	assert_int_equal(json_integer_value(json_object_get(a,
	    "post_number")), 2);
	assert_non_null(strstr(json_string_value(json_object_get(a,
	    "excerpt")), "Alice replies"));
	json_decref(j);
	j = th_get(anon, "/user_actions.json?username=alice&filter=4", &st);
	assert_int_equal(json_array_size(json_object_get(j, "user_actions")),
	    1);
	json_decref(j);
	j = th_get(anon, "/user_actions.json?username=alice&filter=9", &st);
	assert_int_equal(st, 400);
	json_decref(j);
	j = th_get(anon, "/user_actions.json?username=alice&offset=-1", &st);
	assert_int_equal(st, 400);
	json_decref(j);
	j = th_get(anon, "/user_actions.json", &st);
	assert_int_equal(st, 400);
	json_decref(j);
	th_client_free(anon);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_created_by),
		cmocka_unit_test(test_user_actions),
	};

	return cmocka_run_group_tests_name("http_profile", tests, setup,
	    teardown);
}

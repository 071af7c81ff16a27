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
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#include "harness.h"

static struct th_server srv;

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
	    th_create_user(&srv, "alice", "correct horse battery", 0, 0) < 0 ||
	    th_create_user(&srv, "bob", "correct horse battery", 0, 0) < 0)
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
	json_decref(th_expect(c, "POST", 200, "title=Alice+opens+a+public+"
	    "topic&raw=The+first+post+of+a+public+topic.", "/posts.json"));
	json_decref(th_expect(c, "POST", 200, "topic_id=1&raw=Alice+replies+"
	    "to+her+own+public+topic.", "/posts.json"));
	/* A second later, so its time differs from the public ones'. */
	sleep(1);
	json_decref(th_expect(c, "POST", 200, "title=Alice+writes+behind+the+"
	    "stage&raw=This+must+stay+among+insiders.&category=2",
	    "/posts.json"));
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

/* The created_at of a post, as c sees it. */
static char *
post_time(struct th_client *c, int id)
{
	char path[64];
	json_t *j;
	char *t;
	long st;

	snprintf(path, sizeof(path), "/posts/%d.json", id);
	j = th_get(c, path, &st);
	assert_int_equal(st, 200);
	t = strdup(json_string_value(json_object_get(j, "created_at")));
	json_decref(j);
	return t;
}

/* The last_posted_at of alice in the profile and the group member list,
 * as c sees them. */
static void
assert_alice_last_posted(struct th_client *c, const char *want)
{
	json_t *j, *members;
	size_t i;
	long st;

	j = th_get(c, "/u/alice.json", &st);
	assert_int_equal(st, 200);
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(j, "user"), "last_posted_at")), want);
	json_decref(j);
	j = th_get(c, "/groups/insiders/members.json", &st);
	assert_int_equal(st, 200);
	members = json_object_get(j, "members");
	for (i = 0; i < json_array_size(members); i++)
		if (strcmp(json_string_value(json_object_get(json_array_get(
		    members, i), "username")), "alice") == 0)
			break;
	assert_true(i < json_array_size(members));
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(members, i), "last_posted_at")), want);
	json_decref(j);
}

/* A post where the reader cannot look does not date the profile. */
static void
test_last_posted_at(void **state)
{
	struct th_client *anon = th_client_new(&srv);
	struct th_client *alice = th_client_new(&srv);
	struct th_client *bob = th_client_new(&srv);
	char *public_reply, *backstage;

	(void)state;
	assert_int_equal(th_login(alice, "alice", "correct horse battery"),
	    200);
	assert_int_equal(th_login(bob, "bob", "correct horse battery"), 200);
	public_reply = post_time(anon, 2);
	backstage = post_time(alice, 3);
	assert_string_not_equal(public_reply, backstage);
	assert_alice_last_posted(anon, public_reply);
	assert_alice_last_posted(bob, public_reply);
	assert_alice_last_posted(alice, backstage);
	free(public_reply);
	free(backstage);
	th_client_free(anon);
	th_client_free(alice);
	th_client_free(bob);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_created_by),
		cmocka_unit_test(test_user_actions),
		cmocka_unit_test(test_last_posted_at),
	};

	return cmocka_run_group_tests_name("http_profile", tests, setup,
	    teardown);
}

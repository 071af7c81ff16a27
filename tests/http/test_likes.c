/*
 * Likes through the real binary: like, undo, the refusals (own post,
 * twice, archived or deleted), flags not supported yet, bad parameters,
 * the counts on the post and topic, and `confab admin check-counters`
 * after likes, unlikes and deletions of liked posts and topics.
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
static char *gkey;
static struct th_client *anon, *alice, *bob, *carol, *mod;

static int
setup(void **state)
{
	(void)state;
	if (th_start(&srv, NULL) != 0)
		return -1;
	if (th_create_user(&srv, "alice", PASSWORD, 0, 0) < 0 ||
	    th_create_user(&srv, "bob", PASSWORD, 0, 0) < 0 ||
	    th_create_user(&srv, "carol", PASSWORD, 0, 0) < 0 ||
	    th_create_user(&srv, "mod1", PASSWORD, 0, 1) < 0 ||
	    (gkey = th_api_key(&srv, NULL)) == NULL)
		return -1;
	anon = th_client_new(&srv);
	alice = th_client_as(&srv, gkey, "alice");
	bob = th_client_as(&srv, gkey, "bob");
	carol = th_client_as(&srv, gkey, "carol");
	mod = th_client_as(&srv, gkey, "mod1");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	th_client_free(anon);
	th_client_free(alice);
	th_client_free(bob);
	th_client_free(carol);
	th_client_free(mod);
	free(gkey);
	return th_stop(&srv);
}

/* A topic by alice with one reply by carol; sets the ids. */
static void
make_topic(const char *title, long *topic, long *first, long *second)
{
	char form[512];
	json_t *p;

	snprintf(form, sizeof(form), "title=%s&raw=" RAW, title);
	p = th_expect(alice, "POST", 200, form, "/posts.json");
	*topic = (long)th_jint(p, "topic_id");
	*first = (long)th_jint(p, "id");
	json_decref(p);
	snprintf(form, sizeof(form), "topic_id=%ld&raw=" REPLY, *topic);
	p = th_expect(carol, "POST", 200, form, "/posts.json");
	*second = (long)th_jint(p, "id");
	json_decref(p);
}

static json_t *
like(struct th_client *c, long want, long post)
{
	char form[128];

	snprintf(form, sizeof(form), "id=%ld&post_action_type_id=2", post);
	return th_expect(c, "POST", want, form, "/post_actions.json");
}

static json_t *
unlike(struct th_client *c, long want, long post)
{
	return th_expect(c, "DELETE", want, NULL,
	    "/post_actions/%ld.json?post_action_type_id=2", post);
}

static json_t *
summary(json_t *post)
{
	json_t *s = json_array_get(json_object_get(post, "actions_summary"), 0);

	assert_int_equal(th_jint(s, "id"), 2);
	return s;
}

static void
test_like_and_undo(void **state)
{
	json_t *p, *s, *t;
	long topic, first, second;

	(void)state;
	make_topic("A+topic+to+like+posts+in", &topic, &first, &second);
	p = like(bob, 200, first);
	s = summary(p);
	assert_int_equal(th_jint(s, "count"), 1);
	assert_true(th_jbool(s, "acted"));
	assert_false(th_jbool(s, "can_act"));
	assert_true(th_jbool(s, "can_undo"));
	assert_int_equal(th_jint(p, "like_count"), 1);
	assert_int_equal(th_jint(p, "id"), first);
	json_decref(p);
	json_decref(like(carol, 200, first));
	json_decref(like(bob, 200, second));

	/* What each viewer sees. */
	t = th_expect(bob, "GET", 200, NULL, "/t/%ld.json", topic);
	assert_int_equal(th_jint(t, "like_count"), 3);
	p = json_array_get(json_object_get(json_object_get(t, "post_stream"),
	    "posts"), 0);
	assert_int_equal(th_jint(summary(p), "count"), 2);
	assert_true(th_jbool(summary(p), "acted"));
	json_decref(t);
	p = th_expect(alice, "GET", 200, NULL, "/posts/%ld.json", first);
	assert_false(th_jbool(summary(p), "can_act"));	/* her own */
	assert_false(th_jbool(summary(p), "acted"));
	json_decref(p);
	p = th_expect(mod, "GET", 200, NULL, "/posts/%ld.json", first);
	assert_true(th_jbool(summary(p), "can_act"));
	json_decref(p);
	p = th_expect(anon, "GET", 200, NULL, "/posts/%ld.json", first);
	assert_false(th_jbool(summary(p), "can_act"));
	assert_int_equal(th_jint(summary(p), "count"), 2);
	json_decref(p);
	th_assert_counters(&srv);

	/* Undo, and undo what is not there. */
	p = unlike(bob, 200, first);
	s = summary(p);
	assert_int_equal(th_jint(s, "count"), 1);
	assert_false(th_jbool(s, "acted"));
	assert_true(th_jbool(s, "can_act"));
	assert_false(th_jbool(s, "can_undo"));
	json_decref(p);
	p = unlike(bob, 404, first);
	th_assert_error(p, "not_found");
	json_decref(p);
	json_decref(unlike(alice, 404, first));
	/* And like again. */
	json_decref(like(bob, 200, first));
	t = th_expect(anon, "GET", 200, NULL, "/t/%ld.json", topic);
	assert_int_equal(th_jint(t, "like_count"), 3);
	json_decref(t);
	th_assert_counters(&srv);
}

static void
test_refusals(void **state)
{
	json_t *p;
	long topic, first, second;

	(void)state;
	make_topic("A+topic+with+likes+refused", &topic, &first, &second);
	/* Your own post; twice; anonymous. */
	p = like(alice, 403, first);
	th_assert_error(p, "invalid_access");
	assert_string_equal(json_string_value(json_array_get(json_object_get(
	    p, "errors"), 0)),
	    "You are not permitted to view the requested resource.");
	json_decref(p);
	json_decref(like(bob, 200, first));
	p = like(bob, 403, first);
	th_assert_error(p, "invalid_access");
	json_decref(p);
	p = like(anon, 403, first);
	th_assert_error(p, "not_logged_in");
	json_decref(p);

	/* Parameters. */
	p = th_expect(bob, "POST", 422, "id=1&post_action_type_id=3",
	    "/post_actions.json");
	assert_string_equal(json_string_value(json_array_get(json_object_get(
	    p, "errors"), 0)), "Flags are not supported yet.");
	json_decref(p);
	json_decref(th_expect(bob, "POST", 400, "id=1&post_action_type_id=99",
	    "/post_actions.json"));
	json_decref(th_expect(bob, "POST", 400, "id=1", "/post_actions.json"));
	json_decref(th_expect(bob, "POST", 400, "post_action_type_id=2",
	    "/post_actions.json"));
	json_decref(th_expect(bob, "POST", 400, "id=abc&post_action_type_id=2",
	    "/post_actions.json"));
	json_decref(th_expect(bob, "POST", 404, "id=-7&post_action_type_id=2",
	    "/post_actions.json"));
	json_decref(th_expect(bob, "POST", 404, "id=999999999999&"
	    "post_action_type_id=2", "/post_actions.json"));
	json_decref(th_expect(bob, "DELETE", 400, NULL, "/post_actions/%ld.json",
	    first));
	json_decref(th_expect(bob, "DELETE", 404, NULL,
	    "/post_actions/999999999999.json?post_action_type_id=2"));

	/* Closed topics still take likes; archived ones do not. */
	json_decref(th_expect(mod, "PUT", 200, "status=closed&enabled=true",
	    "/t/%ld/status.json", topic));
	json_decref(like(bob, 200, second));
	json_decref(th_expect(mod, "PUT", 200, "status=archived&enabled=true",
	    "/t/%ld/status.json", topic));
	p = th_expect(carol, "GET", 200, NULL, "/posts/%ld.json", first);
	assert_false(th_jbool(summary(p), "can_act"));
	json_decref(p);
	json_decref(like(carol, 403, first));
	json_decref(unlike(bob, 403, first));
	json_decref(th_expect(mod, "PUT", 200, "status=archived&enabled=false",
	    "/t/%ld/status.json", topic));
	json_decref(unlike(bob, 200, second));
	th_assert_counters(&srv);
}

static void
test_deleted_liked(void **state)
{
	json_t *t;
	long topic, first, second;

	(void)state;
	make_topic("A+topic+whose+liked+posts+go", &topic, &first, &second);
	json_decref(like(bob, 200, first));
	json_decref(like(bob, 200, second));
	json_decref(like(alice, 200, second));
	json_decref(like(mod, 200, first));
	th_assert_counters(&srv);

	/* A deleted post cannot be liked or unliked; its likes stop
	 * counting for the topic and the users. */
	json_decref(th_expect(carol, "DELETE", 200, NULL, "/posts/%ld.json",
	    second));
	json_decref(like(carol, 404, second));
	json_decref(unlike(bob, 404, second));
	json_decref(like(mod, 403, second));
	t = th_expect(anon, "GET", 200, NULL, "/t/%ld.json", topic);
	assert_int_equal(th_jint(t, "like_count"), 2);
	json_decref(t);
	th_assert_counters(&srv);

	/* A deleted topic takes its likes out of every user's counts. */
	json_decref(th_expect(mod, "DELETE", 200, NULL, "/t/%ld.json", topic));
	json_decref(like(carol, 404, first));
	json_decref(unlike(bob, 404, first));
	th_assert_counters(&srv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_like_and_undo),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_deleted_liked),
	};

	return cmocka_run_group_tests_name("http_likes", tests, setup,
	    teardown);
}

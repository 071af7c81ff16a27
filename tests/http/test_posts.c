/*
 * Posts through the real binary: replies and reply_to_post_number, every
 * validation error of POST /posts.json (422 with Discourse's messages),
 * hostile bodies, reading and editing with revisions, deletion, the
 * posting throttles (429 with Retry-After and extras.wait_seconds), CSRF
 * for cookie sessions and API keys acting as a user.  Ends with
 * `confab admin check-counters`.
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
static struct th_client *anon, *alice, *bob, *mod;

static int
setup(void **state)
{
	(void)state;
	if (th_start(&srv, NULL) != 0)
		return -1;
	if (th_create_user(&srv, "alice", PASSWORD, 0, 0) < 0 ||
	    th_create_user(&srv, "bob", PASSWORD, 0, 0) < 0 ||
	    th_create_user(&srv, "mod1", PASSWORD, 0, 1) < 0 ||
	    (gkey = th_api_key(&srv, NULL)) == NULL)
		return -1;
	anon = th_client_new(&srv);
	alice = th_client_as(&srv, gkey, "alice");
	bob = th_client_as(&srv, gkey, "bob");
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
	th_client_free(mod);
	free(gkey);
	return th_stop(&srv);
}

/* Creates a topic as c; returns its first post (caller decrefs). */
static json_t *
new_topic(struct th_client *c, const char *title)
{
	char form[1024];

	snprintf(form, sizeof(form), "title=%s&raw=" RAW, title);
	return th_expect(c, "POST", 200, form, "/posts.json");
}

static json_t *
reply(struct th_client *c, long topic, const char *extra)
{
	char form[1024];

	snprintf(form, sizeof(form), "topic_id=%ld&raw=" REPLY "%s", topic,
	    extra ? extra : "");
	return th_expect(c, "POST", 200, form, "/posts.json");
}

static json_t *
post_of(json_t *topic, long number)
{
	json_t *posts = json_object_get(json_object_get(topic, "post_stream"),
	    "posts"), *p;
	size_t i;

	json_array_foreach(posts, i, p)
		if (json_integer_value(json_object_get(p, "post_number")) ==
		    number)
			return p;
	return NULL;
}

/* Asserts a 422 whose errors are exactly the messages given. */
static void
assert_invalid(json_t *j, ...)
{
	json_t *errors = json_object_get(j, "errors");
	const char *msg;
	size_t i = 0;
	va_list ap;

	th_assert_error(j, "record_invalid");
	va_start(ap, j);
	while ((msg = va_arg(ap, const char *)) != NULL) {
		assert_true(i < json_array_size(errors));
		assert_string_equal(json_string_value(json_array_get(errors,
		    i)), msg);
		i++;
	}
	va_end(ap);
	assert_int_equal(json_array_size(errors), i);
	json_decref(j);
}

static void
test_replies(void **state)
{
	json_t *p, *t;
	long topic;

	(void)state;
	p = new_topic(alice, "Replies+and+what+they+reply+to");
	topic = (long)th_jint(p, "topic_id");
	assert_string_equal(th_jstr(p, "raw"),
	    "This is the first post of a test topic and long enough.");
	assert_true(json_is_null(json_object_get(p, "reply_to_post_number")));
	json_decref(p);

	p = reply(bob, topic, "&reply_to_post_number=1");
	assert_int_equal(th_jint(p, "post_number"), 2);
	assert_int_equal(th_jint(p, "reply_to_post_number"), 1);
	assert_string_equal(th_jstr(p, "username"), "bob");
	{
		char want[128];

		snprintf(want, sizeof(want),
		    "/t/replies-and-what-they-reply-to/%ld/2", topic);
		assert_string_equal(th_jstr(p, "post_url"), want);
	}
	json_decref(p);
	p = reply(alice, topic, "&reply_to_post_number=2");
	json_decref(p);
	p = reply(alice, topic, "&reply_to_post_number=2");
	json_decref(p);
	/* A parent that is not a post of the topic is dropped. */
	p = reply(bob, topic, "&reply_to_post_number=99");
	assert_true(json_is_null(json_object_get(p, "reply_to_post_number")));
	json_decref(p);
	p = reply(bob, topic, "&reply_to_post_number=-5");
	assert_true(json_is_null(json_object_get(p, "reply_to_post_number")));
	json_decref(p);
	p = th_expect(bob, "POST", 400, "topic_id=1&raw=" REPLY
	    "&reply_to_post_number=abc", "/posts.json");
	th_assert_error(p, "invalid_parameters");
	json_decref(p);

	t = th_expect(anon, "GET", 200, NULL, "/t/%ld.json", topic);
	assert_int_equal(th_jint(t, "posts_count"), 6);
	assert_int_equal(th_jint(t, "reply_count"), 5);
	assert_int_equal(th_jint(post_of(t, 1), "reply_count"), 1);
	assert_int_equal(th_jint(post_of(t, 2), "reply_count"), 2);
	assert_int_equal(th_jint(post_of(t, 3), "reply_count"), 0);
	assert_string_equal(th_jstr(json_object_get(json_object_get(t,
	    "details"), "last_poster"), "username"), "bob");
	json_decref(t);
	th_assert_counters(&srv);
}

static void
test_validation(void **state)
{
	char *big, *form;
	size_t i;

	(void)state;
	assert_invalid(th_expect(alice, "POST", 422, "title=Too+short&raw=" RAW,
	    "/posts.json"), "Title is too short (minimum is 15 characters)",
	    NULL);
	assert_invalid(th_expect(alice, "POST", 422, "title=+++%09++&raw=" RAW,
	    "/posts.json"), "Title can't be blank", NULL);
	assert_invalid(th_expect(alice, "POST", 422, "raw=" RAW, "/posts.json"),
	    "Title can't be blank", NULL);
	assert_invalid(th_expect(alice, "POST", 422, "title=A+valid+title+for+sure&"
	    "raw=too+short", "/posts.json"),
	    "Body is too short (minimum is 20 characters)", NULL);
	assert_invalid(th_expect(alice, "POST", 422, "title=short&raw=short",
	    "/posts.json"), "Title is too short (minimum is 15 characters)",
	    "Body is too short (minimum is 20 characters)", NULL);
	assert_invalid(th_expect(alice, "POST", 422, "title=A+valid+title+for+sure&"
	    "raw=+++%0A%0A+++", "/posts.json"), "Body can't be blank", NULL);
	assert_invalid(th_expect(alice, "POST", 422, "title=A+valid+title+for+sure&"
	    "raw=A+control+character+%01+is+not+allowed+here",
	    "/posts.json"), "Body is invalid", NULL);
	assert_invalid(th_expect(alice, "POST", 422, "title=A+title+with+a+%07bell"
	    "+in+it&raw=" RAW, "/posts.json"), "Title is invalid", NULL);
	/* Characters, not bytes: 14 two-byte letters are too few. */
	assert_invalid(th_expect(alice, "POST", 422, "title="
	    "%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9"
	    "%C3%A9%C3%A9%C3%A9%C3%A9&raw=" RAW, "/posts.json"),
	    "Title is too short (minimum is 15 characters)", NULL);
	json_decref(th_expect(alice, "POST", 200, "title="
	    "%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9"
	    "%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9&raw=" RAW, "/posts.json"));

	/* 256 characters of title; 32,001 of body. */
	big = malloc(40000);
	form = malloc(41000);
	for (i = 0; i < 256; i++)
		big[i] = 'x';
	big[i] = '\0';
	snprintf(form, 41000, "title=%s&raw=" RAW, big);
	assert_invalid(th_expect(alice, "POST", 422, form, "/posts.json"),
	    "Title is too long (maximum is 255 characters)", NULL);
	for (i = 0; i < 32001; i++)
		big[i] = i % 10 == 9 ? '+' : 'y';
	big[i] = '\0';
	snprintf(form, 41000, "title=A+valid+title+for+sure&raw=%s", big);
	assert_invalid(th_expect(alice, "POST", 422, form, "/posts.json"),
	    "Body is too long (maximum is 32000 characters)", NULL);
	free(form);
	free(big);

	/* Tags: how many and how long. */
	assert_invalid(th_expect(alice, "POST", 422, "title=A+valid+title+for+sure&"
	    "raw=" RAW "&tags[]=a&tags[]=b&tags[]=c&tags[]=d&tags[]=e&"
	    "tags[]=f", "/posts.json"),
	    "You can only apply 5 tags to a topic.", NULL);
	assert_invalid(th_expect(alice, "POST", 422, "title=A+valid+title+for+sure&"
	    "raw=" RAW "&tags[]=abcdefghijklmnopqrstu", "/posts.json"),
	    "Tags must be at most 20 characters long.", NULL);

	/* Private messages would be public here: refused. */
	assert_invalid(th_expect(alice, "POST", 422, "title=A+valid+title+for+sure&"
	    "raw=" RAW "&archetype=private_message&target_recipients=bob",
	    "/posts.json"), "Private messages are not supported.", NULL);
	assert_invalid(th_expect(alice, "POST", 422, "title=A+valid+title+for+sure&"
	    "raw=" RAW "&external_id=has+a+space", "/posts.json"),
	    "External ID is invalid", NULL);

	/* Malformed requests are 400. */
	json_decref(th_expect(alice, "POST", 400, "title=A+valid+title+for+sure",
	    "/posts.json"));
	json_decref(th_expect(alice, "POST", 400, "title=A+valid+title+for+sure&"
	    "raw=", "/posts.json"));
	json_decref(th_expect(alice, "POST", 400, "title=A+valid+title+for+sure&"
	    "raw=" RAW "&category=abc", "/posts.json"));
	json_decref(th_expect(alice, "POST", 400, "title=A+valid+title+for+sure&"
	    "raw=Invalid+UTF-8+%FF%FE+is+refused+outright", "/posts.json"));
	json_decref(th_expect(alice, "POST", 404, "topic_id=999999999999&raw=" REPLY,
	    "/posts.json"));
	json_decref(th_expect(alice, "POST", 404, "topic_id=-4&raw=" REPLY,
	    "/posts.json"));
	json_decref(th_expect(anon, "POST", 403, "title=A+valid+title+for+sure&"
	    "raw=" RAW, "/posts.json"));
	th_assert_counters(&srv);
}

static void
test_hostile_bodies(void **state)
{
	struct th_resp r;
	char *body;
	json_t *p;

	(void)state;
	/* Invalid UTF-8 in a JSON body. */
	assert_int_equal(th_request(alice, "POST", "/posts.json",
	    "application/json", "{\"title\":\"A valid title \xff\xfe here\","
	    "\"raw\":\"" "A body that is long enough to pass." "\"}", NULL, &r),
	    400);
	th_resp_free(&r);
	/* 64 KiB of body is more than the server takes. */
	body = malloc(64 * 1024 + 100);
	memset(body, 'a', 64 * 1024 + 99);
	memcpy(body, "title=A+valid+title+for+sure&raw=", 33);
	body[64 * 1024 + 99] = '\0';
	assert_int_equal(th_request(alice, "POST", "/posts.json", NULL, body,
	    NULL, &r), 413);
	th_resp_free(&r);
	free(body);
	/* JSON arrays for tags work; tags are cleaned as Discourse does. */
	p = th_send(alice, "POST", "/posts.json", json_pack("{s:s,s:s,s:[sss]}",
	    "title", "Tags cleaned as Discourse does", "raw",
	    "A body that is long enough to pass.", "tags", "Caf\xc3\xa9",
	    "a/b?c#d&e", "  Two   Words "), NULL);
	assert_non_null(p);
	{
		char path[64];
		json_t *t, *tags;

		snprintf(path, sizeof(path), "/t/%lld.json",
		    (long long)th_jint(p, "topic_id"));
		t = th_get(anon, path, NULL);
		tags = json_object_get(t, "tags");
		assert_int_equal(json_array_size(tags), 3);
		assert_string_equal(json_string_value(json_array_get(tags, 0)),
		    "abcde");
		assert_string_equal(json_string_value(json_array_get(tags, 1)),
		    "caf\xc3\xa9");
		assert_string_equal(json_string_value(json_array_get(tags, 2)),
		    "two-words");
		json_decref(t);
	}
	json_decref(p);
	/* The same external id twice. */
	json_decref(th_expect(alice, "POST", 200, "title=Session+42+discussion+"
	    "topic&raw=" RAW "&external_id=session-42", "/posts.json"));
	assert_invalid(th_expect(alice, "POST", 422, "title=Session+42+discussion+"
	    "again&raw=" RAW "&external_id=session-42", "/posts.json"),
	    "External ID has already been taken", NULL);
	/* A table too wide to cook cheaply: refused or cooked, never a
	 * crash or a stall. */
	{
		char *b = malloc(40000);
		size_t i, n;

		n = (size_t)sprintf(b, "title=A+table+too+wide+to+cook&raw=");
		for (i = 0; i < 3000; i++)
			n += (size_t)sprintf(b + n, "a%%7C");
		n += (size_t)sprintf(b + n, "%%0A");
		for (i = 0; i < 3000; i++)
			n += (size_t)sprintf(b + n, "-%%7C");
		th_request(alice, "POST", "/posts.json", NULL, b, NULL, &r);
		assert_true(r.status == 200 || r.status == 422);
		th_resp_free(&r);
		free(b);
	}
	th_assert_counters(&srv);
}

static void
test_show_edit_revisions(void **state)
{
	json_t *p, *e, *rv, *body;
	long id, topic;

	(void)state;
	p = new_topic(alice, "A+topic+whose+first+post+is+edited");
	id = (long)th_jint(p, "id");
	topic = (long)th_jint(p, "topic_id");
	json_decref(p);

	p = th_expect(anon, "GET", 200, NULL, "/posts/%ld.json", id);
	assert_string_equal(th_jstr(p, "raw"),
	    "This is the first post of a test topic and long enough.");
	assert_int_equal(th_jint(p, "version"), 1);
	json_decref(p);
	json_decref(th_expect(alice, "GET", 404, NULL,
	    "/posts/%ld/revisions/latest.json", id));

	e = th_expect(alice, "PUT", 200, "post[raw]=The+first+post%2C+now+edited+"
	    "once+by+its+author.&post[edit_reason]=typo", "/posts/%ld.json",
	    id);
	p = json_object_get(e, "post");
	assert_int_equal(th_jint(p, "version"), 2);
	assert_string_equal(th_jstr(p, "edit_reason"), "typo");
	assert_string_equal(th_jstr(p, "raw"),
	    "The first post, now edited once by its author.");
	assert_non_null(strstr(th_jstr(p, "cooked"), "now edited once"));
	json_decref(e);

	rv = th_expect(anon, "GET", 200, NULL, "/posts/%ld/revisions/2.json", id);
	assert_int_equal(th_jint(rv, "post_id"), id);
	assert_int_equal(th_jint(rv, "current_revision"), 2);
	assert_int_equal(th_jint(rv, "first_revision"), 2);
	assert_int_equal(th_jint(rv, "last_revision"), 2);
	assert_int_equal(th_jint(rv, "version_count"), 2);
	assert_true(json_is_null(json_object_get(rv, "previous_revision")));
	assert_true(json_is_null(json_object_get(rv, "next_revision")));
	assert_string_equal(th_jstr(rv, "username"), "alice");
	assert_string_equal(th_jstr(rv, "edit_reason"), "typo");
	body = json_object_get(rv, "body_changes");
	assert_non_null(strstr(th_jstr(body, "inline"), "long enough"));
	assert_non_null(strstr(th_jstr(body, "inline"), "now edited once"));
	assert_non_null(strstr(th_jstr(body, "side_by_side_markdown"),
	    "now edited once"));
	assert_null(json_object_get(rv, "title_changes"));
	json_decref(rv);

	/* Plain raw works too; staff may edit; the same text is no edit. */
	json_decref(th_expect(alice, "PUT", 200, "raw=The+first+post%2C+edited+a+"
	    "second+time+now.", "/posts/%ld.json", id));
	e = th_expect(mod, "PUT", 200, "post[raw]=The+first+post%2C+edited+by+a+"
	    "moderator+this+time.", "/posts/%ld.json", id);
	assert_int_equal(th_jint(json_object_get(e, "post"), "version"), 4);
	json_decref(e);
	e = th_expect(mod, "PUT", 200, "post[raw]=The+first+post%2C+edited+by+a+"
	    "moderator+this+time.", "/posts/%ld.json", id);
	assert_int_equal(th_jint(json_object_get(e, "post"), "version"), 4);
	json_decref(e);
	rv = th_expect(anon, "GET", 200, NULL, "/posts/%ld/revisions/3.json", id);
	assert_int_equal(th_jint(rv, "previous_revision"), 2);
	assert_int_equal(th_jint(rv, "next_revision"), 4);
	assert_int_equal(th_jint(rv, "current_version"), 3);
	json_decref(rv);
	rv = th_expect(anon, "GET", 200, NULL, "/posts/%ld/revisions/latest.json",
	    id);
	assert_int_equal(th_jint(rv, "current_revision"), 4);
	assert_string_equal(th_jstr(rv, "username"), "mod1");
	json_decref(rv);
	json_decref(th_expect(anon, "GET", 404, NULL, "/posts/%ld/revisions/5.json",
	    id));
	json_decref(th_expect(anon, "GET", 400, NULL, "/posts/%ld/revisions/1.json",
	    id));
	json_decref(th_expect(anon, "GET", 400, NULL,
	    "/posts/%ld/revisions/abc.json", id));
	json_decref(th_expect(anon, "GET", 400, NULL,
	    "/posts/%ld/revisions/99999999999999.json", id));

	/* Others may not; bad bodies are 422; no body is 400. */
	json_decref(th_expect(bob, "PUT", 403, "post[raw]=Bob+tries+to+edit+alice"
	    "s+post+here.", "/posts/%ld.json", id));
	assert_invalid(th_expect(alice, "PUT", 422, "post[raw]=short",
	    "/posts/%ld.json", id),
	    "Body is too short (minimum is 20 characters)", NULL);
	json_decref(th_expect(alice, "PUT", 400, "post[edit_reason]=x",
	    "/posts/%ld.json", id));
	json_decref(th_expect(anon, "PUT", 403, "post[raw]=Anonymous+tries+to+"
	    "edit+this.", "/posts/%ld.json", id));
	json_decref(th_expect(alice, "PUT", 404, "post[raw]=Editing+a+post+that+"
	    "does+not+exist.", "/posts/999999999.json"));
	(void)topic;
	th_assert_counters(&srv);
}

static void
test_delete(void **state)
{
	json_t *p, *t;
	long topic, first, second, third;

	(void)state;
	p = new_topic(alice, "A+topic+whose+posts+get+deleted");
	topic = (long)th_jint(p, "topic_id");
	first = (long)th_jint(p, "id");
	json_decref(p);
	p = reply(bob, topic, "&reply_to_post_number=1");
	second = (long)th_jint(p, "id");
	json_decref(p);
	p = reply(bob, topic, "&reply_to_post_number=2");
	third = (long)th_jint(p, "id");
	json_decref(p);

	/* Only the author (or staff). */
	json_decref(th_expect(alice, "DELETE", 403, NULL, "/posts/%ld.json", second));
	p = th_expect(bob, "DELETE", 200, NULL, "/posts/%ld.json", second);
	assert_string_equal(th_jstr(p, "success"), "OK");
	json_decref(p);
	json_decref(th_expect(bob, "GET", 404, NULL, "/posts/%ld.json", second));
	json_decref(th_expect(anon, "GET", 404, NULL, "/posts/%ld.json", second));
	json_decref(th_expect(bob, "DELETE", 404, NULL, "/posts/%ld.json", second));
	p = th_expect(mod, "GET", 200, NULL, "/posts/%ld.json", second);
	assert_true(json_is_string(json_object_get(p, "deleted_at")));
	json_decref(p);
	json_decref(th_expect(mod, "DELETE", 403, NULL, "/posts/%ld.json", second));

	t = th_expect(anon, "GET", 200, NULL, "/t/%ld.json", topic);
	assert_int_equal(th_jint(t, "posts_count"), 2);
	assert_int_equal(th_jint(t, "reply_count"), 1);
	assert_int_equal(th_jint(t, "highest_post_number"), 3);
	assert_int_equal(json_array_size(json_object_get(json_object_get(t,
	    "post_stream"), "stream")), 2);
	assert_int_equal(th_jint(post_of(t, 1), "reply_count"), 0);
	json_decref(t);
	t = th_expect(mod, "GET", 200, NULL, "/t/%ld.json", topic);
	assert_int_equal(json_array_size(json_object_get(json_object_get(t,
	    "post_stream"), "stream")), 3);
	json_decref(t);
	th_assert_counters(&srv);

	/* Staff delete bob's other reply; then alice's first post takes
	 * the topic with it. */
	json_decref(th_expect(mod, "DELETE", 200, NULL, "/posts/%ld.json", third));
	json_decref(th_expect(alice, "DELETE", 200, NULL, "/posts/%ld.json", first));
	json_decref(th_expect(anon, "GET", 404, NULL, "/t/%ld.json", topic));
	json_decref(th_expect(alice, "GET", 404, NULL, "/posts/%ld.json", first));
	json_decref(th_expect(mod, "GET", 200, NULL, "/posts/%ld.json", first));
	json_decref(th_expect(anon, "DELETE", 403, NULL, "/posts/%ld.json", first));
	th_assert_counters(&srv);
}

static void
test_throttle(void **state)
{
	static const char *const env[] = {
		"CONFAB_RATE_LIMIT_CREATE_POST=5",
		"CONFAB_RATE_LIMIT_CREATE_TOPIC=15",
		NULL
	};
	struct th_server s2;
	struct th_client *dave, *staff;
	struct th_resp r;
	char *key, *retry, form[512];
	json_t *p, *extras;
	long topic;

	(void)state;
	assert_int_equal(th_start(&s2, env), 0);
	assert_true(th_create_user(&s2, "dave", PASSWORD, 0, 0) > 0);
	assert_true(th_create_user(&s2, "staffer", PASSWORD, 0, 1) > 0);
	key = th_api_key(&s2, NULL);
	dave = th_client_as(&s2, key, "dave");
	staff = th_client_as(&s2, key, "staffer");

	p = th_form(dave, "POST", "/posts.json", "title=The+first+topic+of+"
	    "dave&raw=" RAW, NULL);
	topic = (long)th_jint(p, "topic_id");
	json_decref(p);
	snprintf(form, sizeof(form), "topic_id=%ld&raw=" REPLY, topic);
	assert_int_equal(th_request(dave, "POST", "/posts.json", NULL, form,
	    NULL, &r), 429);
	th_assert_error(r.json, "rate_limit");
	extras = json_object_get(r.json, "extras");
	assert_true(th_jint(extras, "wait_seconds") >= 1);
	assert_true(th_jint(extras, "wait_seconds") <= 5);
	assert_non_null(strstr(json_string_value(json_array_get(
	    json_object_get(r.json, "errors"), 0)), "Please wait"));
	retry = th_resp_header(&r, "Retry-After");
	assert_non_null(retry);
	assert_true(atoi(retry) >= 1 && atoi(retry) <= 5);
	free(retry);
	th_resp_free(&r);
	/* A second topic waits for the topic limit. */
	assert_int_equal(th_request(dave, "POST", "/posts.json", NULL,
	    "title=The+second+topic+of+dave&raw=" RAW, NULL, &r), 429);
	extras = json_object_get(r.json, "extras");
	assert_true(th_jint(extras, "wait_seconds") > 5);
	assert_true(th_jint(extras, "wait_seconds") <= 15);
	th_resp_free(&r);

	/* Staff are exempt. */
	assert_int_equal(th_request(staff, "POST", "/posts.json", NULL,
	    "title=The+first+topic+of+staff&raw=" RAW, NULL, &r), 200);
	th_resp_free(&r);
	assert_int_equal(th_request(staff, "POST", "/posts.json", NULL,
	    "title=The+second+topic+of+staff&raw=" RAW, NULL, &r), 200);
	th_resp_free(&r);
	assert_int_equal(th_request(staff, "POST", "/posts.json", NULL, form,
	    NULL, &r), 200);
	th_resp_free(&r);
	th_assert_counters(&s2);

	th_client_free(dave);
	th_client_free(staff);
	free(key);
	assert_int_equal(th_stop(&s2), 0);
}

static void
test_csrf_and_api_keys(void **state)
{
	struct th_client *c = th_client_new(&srv), *k;
	struct th_resp r;
	char *bob_key;
	json_t *p;

	(void)state;
	assert_int_equal(th_login(c, "alice", PASSWORD), 200);
	th_client_send_csrf(c, 0);
	assert_int_equal(th_request(c, "POST", "/posts.json", NULL,
	    "title=A+topic+from+a+browser+session&raw=" RAW, NULL, &r), 403);
	th_resp_free(&r);
	th_client_send_csrf(c, 1);
	assert_int_equal(th_request(c, "POST", "/posts.json", NULL,
	    "title=A+topic+from+a+browser+session&raw=" RAW, NULL, &r), 200);
	assert_string_equal(th_jstr(r.json, "username"), "alice");
	th_resp_free(&r);
	th_client_free(c);

	/* A key bound to bob acts as bob without naming him. */
	bob_key = th_api_key(&srv, "bob");
	k = th_client_as(&srv, bob_key, NULL);
	p = th_expect(k, "POST", 200, "title=A+topic+posted+with+a+user+key&raw="
	    RAW, "/posts.json");
	assert_string_equal(th_jstr(p, "username"), "bob");
	assert_int_equal(json_is_true(json_object_get(p, "yours")), 1);
	json_decref(p);
	th_client_free(k);
	free(bob_key);

	/* A global key acts as whoever Api-Username names. */
	p = th_expect(mod, "POST", 200, "title=A+topic+posted+as+the+moderator&raw="
	    "Hello+%40alice+and+%40nobody%2C+welcome+here.", "/posts.json");
	assert_string_equal(th_jstr(p, "username"), "mod1");
	assert_non_null(strstr(th_jstr(p, "cooked"), "/u/alice"));
	assert_null(strstr(th_jstr(p, "cooked"), "/u/nobody"));
	json_decref(p);
	th_assert_counters(&srv);
}

static void
test_counters_at_end(void **state)
{
	(void)state;
	th_assert_counters(&srv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replies),
		cmocka_unit_test(test_validation),
		cmocka_unit_test(test_hostile_bodies),
		cmocka_unit_test(test_show_edit_revisions),
		cmocka_unit_test(test_delete),
		cmocka_unit_test(test_throttle),
		cmocka_unit_test(test_csrf_and_api_keys),
		cmocka_unit_test(test_counters_at_end),
	};

	return cmocka_run_group_tests_name("http_posts", tests, setup,
	    teardown);
}

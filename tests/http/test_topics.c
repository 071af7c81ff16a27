/*
 * Topics through the real binary: creating with tags and a category, the
 * topic page (post_stream, stream, details for owner, other user, staff
 * and anonymous), chunks by post_ids[], retitling, retagging and moving,
 * staff status changes, deletion, and a private category that must look
 * exactly like a missing one on every topic and post endpoint.  Ends with
 * `confab admin check-counters`.
 */
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

static struct th_server srv;
static char *gkey;
static struct th_client *anon, *alice, *bob, *carol, *mod;
static long private_cat;

/* A group "speakers" with carol in it, and a category only it can see. */
static int
make_private_category(void)
{
	struct th_client *admin = th_client_as(&srv, gkey, "admin1");
	char out[256];
	long st1, st2;
	json_t *g, *c;

	g = th_form(admin, "POST", "/admin/groups.json",
	    "group[name]=speakers", &st1);
	json_decref(g);
	/* Through th_admin with an output buffer: the CLI prints a line. */
	if (st1 != 200 || th_admin(&srv, NULL, out, sizeof(out),
	    "add-to-group", "--group", "speakers", "--username", "carol",
	    NULL) != 0) {
		th_client_free(admin);
		return -1;
	}
	c = th_form(admin, "POST", "/categories.json", "name=Speakers+Lounge&"
	    "color=FF0000&text_color=FFFFFF&permissions[speakers]=1", &st2);
	private_cat = json_integer_value(json_object_get(json_object_get(c,
	    "category"), "id"));
	json_decref(c);
	th_client_free(admin);
	return st2 == 200 && private_cat > 1 ? 0 : -1;
}

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
	    th_create_user(&srv, "admin1", PASSWORD, 1, 0) < 0 ||
	    (gkey = th_api_key(&srv, NULL)) == NULL)
		return -1;
	anon = th_client_new(&srv);
	alice = th_client_as(&srv, gkey, "alice");
	bob = th_client_as(&srv, gkey, "bob");
	carol = th_client_as(&srv, gkey, "carol");
	mod = th_client_as(&srv, gkey, "mod1");
	return make_private_category();
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

/* Creates a topic as c (form fields after title and raw in extra);
 * returns its id. */
static long
new_topic(struct th_client *c, const char *title, const char *extra)
{
	char form[4096];
	json_t *j;
	long st, id;

	snprintf(form, sizeof(form), "title=%s&raw=" RAW "%s", title,
	    extra ? extra : "");
	j = th_form(c, "POST", "/posts.json", form, &st);
	if (st != 200)
		fprintf(stderr, "new_topic: %ld %s\n", st,
		    j ? json_dumps(j, 0) : "");
	assert_int_equal(st, 200);
	id = (long)th_jint(j, "topic_id");
	assert_int_equal(th_jint(j, "post_number"), 1);
	json_decref(j);
	return id;
}

/* Replies as c; returns the new post's id. */
static long
reply(struct th_client *c, long topic, long reply_to)
{
	char form[512];
	json_t *j;
	long st, id;

	snprintf(form, sizeof(form), "topic_id=%ld&raw=" REPLY
	    "&reply_to_post_number=%ld", topic, reply_to);
	j = th_form(c, "POST", "/posts.json", form, &st);
	assert_int_equal(st, 200);
	id = (long)th_jint(j, "id");
	json_decref(j);
	return id;
}

static json_t *
details(json_t *topic)
{
	return json_object_get(topic, "details");
}

static void
test_create_and_view(void **state)
{
	json_t *t, *tags, *ps, *d, *p;
	long id;

	(void)state;
	id = new_topic(alice, "Welcome+to+the+Conference+Forum",
	    "&tags[]=Keynote&tags[]=day+one&tags[]=keynote");
	t = th_expect_get(anon, 200, "/t/%ld.json", id);
	assert_int_equal(th_jint(t, "id"), id);
	assert_string_equal(th_jstr(t, "title"),
	    "Welcome to the Conference Forum");
	assert_string_equal(th_jstr(t, "slug"),
	    "welcome-to-the-conference-forum");
	assert_int_equal(th_jint(t, "posts_count"), 1);
	assert_int_equal(th_jint(t, "reply_count"), 0);
	assert_int_equal(th_jint(t, "highest_post_number"), 1);
	assert_int_equal(th_jint(t, "category_id"), 1);
	assert_int_equal(th_jint(t, "chunk_size"), 20);
	assert_string_equal(th_jstr(t, "archetype"), "regular");
	assert_false(th_jbool(t, "closed"));
	assert_true(th_jbool(t, "visible"));
	assert_false(th_jbool(t, "pinned"));
	tags = json_object_get(t, "tags");
	assert_int_equal(json_array_size(tags), 2);
	assert_string_equal(json_string_value(json_array_get(tags, 0)),
	    "day-one");
	assert_string_equal(json_string_value(json_array_get(tags, 1)),
	    "keynote");
	ps = json_object_get(t, "post_stream");
	assert_int_equal(json_array_size(json_object_get(ps, "posts")), 1);
	assert_int_equal(json_array_size(json_object_get(ps, "stream")), 1);
	p = json_array_get(json_object_get(ps, "posts"), 0);
	assert_string_equal(th_jstr(p, "username"), "alice");
	assert_non_null(strstr(th_jstr(p, "cooked"), "<p>This is the first"));
	assert_null(json_object_get(p, "raw"));
	d = details(t);
	assert_string_equal(th_jstr(json_object_get(d, "created_by"),
	    "username"), "alice");
	assert_int_equal(json_array_size(json_object_get(d, "participants")),
	    1);
	/* Anonymous: nothing allowed. */
	assert_false(th_jbool(d, "can_create_post"));
	assert_false(th_jbool(d, "can_edit"));
	assert_false(th_jbool(d, "can_delete"));
	json_decref(t);

	/* Slug and post-number forms answer the same topic; views count. */
	t = th_expect_get(anon, 200,
	    "/t/welcome-to-the-conference-forum/%ld.json", id);
	assert_int_equal(th_jint(t, "id"), id);
	assert_true(th_jint(t, "views") >= 0);
	json_decref(t);
	t = th_expect_get(anon, 200, "/t/any-slug/%ld/1.json", id);
	assert_int_equal(th_jint(t, "id"), id);
	json_decref(t);
	th_assert_counters(&srv);
}

static void
test_details_by_viewer(void **state)
{
	json_t *t, *d, *p;
	long id;

	(void)state;
	id = new_topic(alice, "Details+for+each+kind+of+viewer", NULL);
	t = th_expect_get(alice, 200, "/t/%ld.json", id);
	d = details(t);
	assert_true(th_jbool(d, "can_edit"));
	assert_true(th_jbool(d, "can_delete"));
	assert_true(th_jbool(d, "can_create_post"));
	assert_false(th_jbool(d, "can_close_topic"));
	assert_false(th_jbool(d, "can_pin_unpin_topic"));
	p = json_array_get(json_object_get(json_object_get(t, "post_stream"),
	    "posts"), 0);
	assert_true(th_jbool(p, "yours"));
	assert_true(th_jbool(p, "can_edit"));
	json_decref(t);

	t = th_expect_get(bob, 200, "/t/%ld.json", id);
	d = details(t);
	assert_false(th_jbool(d, "can_edit"));
	assert_false(th_jbool(d, "can_delete"));
	assert_true(th_jbool(d, "can_create_post"));
	assert_true(th_jbool(d, "can_reply_as_new_topic"));
	assert_false(th_jbool(d, "can_close_topic"));
	p = json_array_get(json_object_get(json_object_get(t, "post_stream"),
	    "posts"), 0);
	assert_false(th_jbool(p, "yours"));
	assert_false(th_jbool(p, "can_edit"));
	json_decref(t);

	t = th_expect_get(mod, 200, "/t/%ld.json", id);
	d = details(t);
	assert_true(th_jbool(d, "can_edit"));
	assert_true(th_jbool(d, "can_delete"));
	assert_true(th_jbool(d, "can_close_topic"));
	assert_true(th_jbool(d, "can_archive_topic"));
	assert_true(th_jbool(d, "can_pin_unpin_topic"));
	assert_true(th_jbool(d, "can_toggle_topic_visibility"));
	assert_true(th_jbool(d, "can_moderate_category"));
	json_decref(t);

	/* Once bob replies, alice may no longer delete her topic. */
	reply(bob, id, 1);
	t = th_expect_get(alice, 200, "/t/%ld.json", id);
	assert_false(th_jbool(details(t), "can_delete"));
	assert_int_equal(th_jint(t, "participant_count"), 2);
	json_decref(t);
}

static void
test_stream_and_chunks(void **state)
{
	json_t *t, *ps, *posts, *stream, *j;
	long id, ids[30];
	char path[2048];
	int i, n;

	(void)state;
	id = new_topic(alice, "A+long+topic+with+many+replies", NULL);
	for (i = 1; i < 30; i++)
		ids[i] = reply(i % 2 ? bob : alice, id, 0);
	t = th_expect_get(anon, 200, "/t/%ld.json", id);
	ps = json_object_get(t, "post_stream");
	posts = json_object_get(ps, "posts");
	stream = json_object_get(ps, "stream");
	assert_int_equal(json_array_size(stream), 30);
	assert_int_equal(json_array_size(posts), 20);
	assert_int_equal(th_jint(json_array_get(posts, 0), "post_number"), 1);
	assert_int_equal(th_jint(json_array_get(posts, 19), "post_number"), 20);
	assert_int_equal(th_jint(t, "posts_count"), 30);
	assert_int_equal(th_jint(t, "reply_count"), 29);
	assert_int_equal(json_integer_value(json_array_get(stream, 5)),
	    ids[5]);
	json_decref(t);

	/* Near post 25: five before it, then to the end, filled before. */
	t = th_expect_get(anon, 200, "/t/%ld/25.json", id);
	posts = json_object_get(json_object_get(t, "post_stream"), "posts");
	assert_int_equal(json_array_size(posts), 20);
	assert_int_equal(th_jint(json_array_get(posts, 0), "post_number"), 11);
	assert_int_equal(th_jint(json_array_get(posts, 19), "post_number"), 30);
	json_decref(t);
	/* A post number past the end shows the end. */
	t = th_expect_get(anon, 200, "/t/slug/%ld/9999.json", id);
	posts = json_object_get(json_object_get(t, "post_stream"), "posts");
	assert_int_equal(th_jint(json_array_get(posts, 19), "post_number"), 30);
	json_decref(t);

	/* The rest by ids; ids of other topics are left out. */
	snprintf(path, sizeof(path), "/t/%ld/posts.json?post_ids[]=%ld&"
	    "post_ids[]=%ld&post_ids[]=1", id, ids[21], ids[29]);
	j = th_expect_get(anon, 200, "%s", path);
	assert_int_equal(th_jint(j, "id"), id);
	posts = json_object_get(json_object_get(j, "post_stream"), "posts");
	n = (int)json_array_size(posts);
	assert_int_equal(n, 2);
	assert_int_equal(th_jint(json_array_get(posts, 0), "id"), ids[21]);
	json_decref(j);

	/* Bounded: more than 100 ids, or something that is not an id. */
	n = snprintf(path, sizeof(path), "/t/%ld/posts.json?", id);
	for (i = 0; i < 101; i++)
		n += snprintf(path + n, sizeof(path) - (size_t)n,
		    "post_ids[]=%d&", i + 1);
	j = th_expect_get(anon, 400, "%s", path);
	th_assert_error(j, "invalid_parameters");
	json_decref(j);
	j = th_expect_get(anon, 400, "/t/%ld/posts.json?post_ids[]=-3", id);
	json_decref(j);
	j = th_expect_get(anon, 400, "/t/%ld/posts.json?post_ids[]=abc", id);
	json_decref(j);
	j = th_expect_get(anon, 400, "/t/%ld/posts.json", id);
	json_decref(j);
	th_assert_counters(&srv);
}

static void
test_edit_topic(void **state)
{
	json_t *j, *t, *tags, *rev;
	long id, st;
	char path[64];

	(void)state;
	id = new_topic(alice, "A+title+that+will+be+changed", "&tags[]=one");
	snprintf(path, sizeof(path), "/t/-/%ld.json", id);
	j = th_form(alice, "PUT", path, "title=The+title+after+the+change&"
	    "tags[]=two&tags[]=Three", &st);
	assert_int_equal(st, 200);
	assert_string_equal(th_jstr(json_object_get(j, "basic_topic"), "title"),
	    "The title after the change");
	assert_string_equal(th_jstr(json_object_get(j, "basic_topic"), "slug"),
	    "the-title-after-the-change");
	json_decref(j);
	t = th_expect_get(anon, 200, "/t/%ld.json", id);
	tags = json_object_get(t, "tags");
	assert_int_equal(json_array_size(tags), 2);
	assert_string_equal(json_string_value(json_array_get(tags, 0)),
	    "three");
	json_decref(t);

	/* The nested form, as Discourse's client sends it. */
	snprintf(path, sizeof(path), "/t/%ld.json", id);
	j = th_send(alice, "PUT", path, json_pack("{s:{s:s,s:i}}", "topic",
	    "title", "Nested form title works too", "category_id", 1), &st);
	assert_int_equal(st, 200);
	json_decref(j);

	/* The title change is a revision of the first post. */
	t = th_expect_get(anon, 200, "/t/%ld.json", id);
	rev = th_expect_get(anon, 200, "/posts/%lld/revisions/latest.json",
	    (long long)json_integer_value(json_array_get(json_object_get(
	    json_object_get(t, "post_stream"), "stream"), 0)));
	assert_int_equal(th_jint(rev, "current_revision"), 3);
	assert_non_null(strstr(th_jstr(json_object_get(rev, "title_changes"),
	    "inline"), "Nested form title works too"));
	json_decref(rev);
	json_decref(t);

	/* Others may not; the owner may not move it; errors are 422. */
	j = th_form(bob, "PUT", path, "title=Bob+tries+to+rename+this", &st);
	assert_int_equal(st, 403);
	th_assert_error(j, "invalid_access");
	json_decref(j);
	j = th_form(alice, "PUT", path, "category_id=2", &st);
	assert_int_equal(st, 403);
	json_decref(j);
	j = th_form(alice, "PUT", path, "title=short", &st);
	assert_int_equal(st, 422);
	th_assert_error(j, "record_invalid");
	assert_string_equal(json_string_value(json_array_get(
	    json_object_get(j, "errors"), 0)),
	    "Title is too short (minimum is 15 characters)");
	json_decref(j);

	/* Staff move it into the private category; counts move with it. */
	snprintf(path, sizeof(path), "/t/%ld.json", id);
	{
		char form[64];

		snprintf(form, sizeof(form), "category_id=%ld", private_cat);
		j = th_form(mod, "PUT", path, form, &st);
		assert_int_equal(st, 200);
		json_decref(j);
	}
	j = th_expect_get(bob, 404, "/t/%ld.json", id);
	json_decref(j);
	j = th_expect_get(carol, 200, "/t/%ld.json", id);
	assert_int_equal(th_jint(j, "category_id"), private_cat);
	json_decref(j);
	th_assert_counters(&srv);
}

static long
set_status(struct th_client *c, long id, const char *form)
{
	char path[64];
	json_t *j;
	long st;

	snprintf(path, sizeof(path), "/t/%ld/status.json", id);
	j = th_form(c, "PUT", path, form, &st);
	if (st == 200) {
		assert_string_equal(th_jstr(j, "success"), "OK");
		assert_true(json_is_null(json_object_get(j,
		    "topic_status_update")));
	}
	json_decref(j);
	return st;
}

static void
test_status(void **state)
{
	char form[128], until[32];
	json_t *t, *j;
	long id, st;
	time_t soon;

	(void)state;
	id = new_topic(alice, "A+topic+whose+status+changes", NULL);
	/* Only staff. */
	assert_int_equal(set_status(alice, id, "status=closed&enabled=true"),
	    403);
	assert_int_equal(set_status(anon, id, "status=closed&enabled=true"),
	    403);
	assert_int_equal(set_status(mod, id, "status=bogus&enabled=true"),
	    400);
	assert_int_equal(set_status(mod, id, "status=closed"), 400);
	assert_int_equal(set_status(mod, id, "status=closed&enabled=maybe"),
	    400);
	assert_int_equal(set_status(mod, 99999999, "status=closed&"
	    "enabled=true"), 404);

	/* Closed: no replies from users, still from staff. */
	assert_int_equal(set_status(mod, id, "status=closed&enabled=true"),
	    200);
	t = th_expect_get(bob, 200, "/t/%ld.json", id);
	assert_true(th_jbool(t, "closed"));
	assert_false(th_jbool(details(t), "can_create_post"));
	json_decref(t);
	snprintf(form, sizeof(form), "topic_id=%ld&raw=" REPLY, id);
	j = th_form(bob, "POST", "/posts.json", form, &st);
	assert_int_equal(st, 422);
	th_assert_error(j, "record_invalid");
	json_decref(j);
	reply(mod, id, 0);
	assert_int_equal(set_status(mod, id, "status=closed&enabled=false"),
	    200);
	reply(bob, id, 0);

	/* Pins: in the category, then globally, then off. */
	assert_int_equal(set_status(mod, id, "status=pinned&enabled=true&"
	    "until=2999-12-31"), 200);
	t = th_expect_get(anon, 200, "/t/%ld.json", id);
	assert_true(th_jbool(t, "pinned"));
	assert_false(th_jbool(t, "pinned_globally"));
	assert_string_equal(th_jstr(t, "pinned_until"),
	    "2999-12-31T00:00:00.000Z");
	assert_true(json_is_string(json_object_get(t, "pinned_at")));
	json_decref(t);
	assert_int_equal(set_status(mod, id, "status=pinned_globally&"
	    "enabled=true"), 200);
	t = th_expect_get(anon, 200, "/t/%ld.json", id);
	assert_true(th_jbool(t, "pinned"));
	assert_true(th_jbool(t, "pinned_globally"));
	assert_true(json_is_null(json_object_get(t, "pinned_until")));
	json_decref(t);
	assert_int_equal(set_status(mod, id, "status=pinned&enabled=false"),
	    200);
	t = th_expect_get(anon, 200, "/t/%ld.json", id);
	assert_false(th_jbool(t, "pinned"));
	assert_false(th_jbool(t, "pinned_globally"));
	assert_true(json_is_null(json_object_get(t, "pinned_at")));
	json_decref(t);
	assert_int_equal(set_status(mod, id, "status=pinned&enabled=true&"
	    "until=2001-01-01"), 400);
	assert_int_equal(set_status(mod, id, "status=pinned&enabled=true&"
	    "until=yesterday"), 400);

	/* A pin whose time is up no longer counts as pinned. */
	soon = time(NULL) + 2;
	strftime(until, sizeof(until), "%Y-%m-%dT%H:%M:%SZ", gmtime(&soon));
	snprintf(form, sizeof(form), "status=pinned&enabled=true&until=%s",
	    until);
	assert_int_equal(set_status(mod, id, form), 200);
	t = th_expect_get(bob, 200, "/t/%ld.json", id);
	assert_true(th_jbool(t, "pinned"));
	json_decref(t);
	sleep(3);
	t = th_expect_get(bob, 200, "/t/%ld.json", id);
	assert_false(th_jbool(t, "pinned"));
	json_decref(t);

	/* Unlisted topics stay reachable by their link. */
	assert_int_equal(set_status(mod, id, "status=visible&enabled=false"),
	    200);
	t = th_expect_get(anon, 200, "/t/%ld.json", id);
	assert_false(th_jbool(t, "visible"));
	json_decref(t);
	assert_int_equal(set_status(mod, id, "status=visible&enabled=true"),
	    200);

	/* Archived: no replies, no edits, not even by the owner. */
	assert_int_equal(set_status(mod, id, "status=archived&enabled=true"),
	    200);
	t = th_expect_get(alice, 200, "/t/%ld.json", id);
	assert_true(th_jbool(t, "archived"));
	assert_false(th_jbool(details(t), "can_edit"));
	assert_false(th_jbool(details(t), "can_create_post"));
	{
		char path[64];
		long first = (long)json_integer_value(json_array_get(
		    json_object_get(json_object_get(t, "post_stream"),
		    "stream"), 0));

		snprintf(path, sizeof(path), "/posts/%ld.json", first);
		j = th_form(alice, "PUT", path, "post[raw]=" REPLY, &st);
		assert_int_equal(st, 403);
		json_decref(j);
	}
	json_decref(t);
	snprintf(form, sizeof(form), "topic_id=%ld&raw=" REPLY, id);
	j = th_form(alice, "POST", "/posts.json", form, &st);
	assert_int_equal(st, 422);
	json_decref(j);
	th_assert_counters(&srv);
}

static void
test_delete_topic(void **state)
{
	char path[64];
	json_t *j;
	long id, id2, st;

	(void)state;
	/* The owner, while nobody else has posted. */
	id = new_topic(alice, "A+topic+its+owner+deletes", "&tags[]=gone");
	snprintf(path, sizeof(path), "/t/%ld.json", id);
	j = th_form(bob, "DELETE", path, NULL, &st);
	assert_int_equal(st, 403);
	json_decref(j);
	j = th_form(alice, "DELETE", path, NULL, &st);
	assert_int_equal(st, 200);
	json_decref(j);
	j = th_expect_get(alice, 404, "%s", path);
	th_assert_error(j, "not_found");
	json_decref(j);
	j = th_expect_get(anon, 404, "%s", path);
	json_decref(j);
	/* Staff still see it, marked. */
	j = th_expect_get(mod, 200, "%s", path);
	assert_true(json_is_string(json_object_get(j, "deleted_at")));
	json_decref(j);
	j = th_form(alice, "DELETE", path, NULL, &st);
	assert_int_equal(st, 404);
	json_decref(j);

	/* Not once someone else replied; staff may. */
	id2 = new_topic(alice, "A+topic+only+staff+can+delete", NULL);
	reply(bob, id2, 0);
	snprintf(path, sizeof(path), "/t/%ld.json", id2);
	j = th_form(alice, "DELETE", path, NULL, &st);
	assert_int_equal(st, 403);
	json_decref(j);
	j = th_form(mod, "DELETE", path, NULL, &st);
	assert_int_equal(st, 200);
	json_decref(j);
	j = th_expect_get(bob, 404, "%s", path);
	json_decref(j);
	th_assert_counters(&srv);
}

/* The body of a response, for comparing two 404s byte for byte. */
static char *
body_of(struct th_client *c, const char *method, const char *path,
    const char *form, long want)
{
	struct th_resp r;
	char *b;

	assert_int_equal(th_request(c, method, path, NULL, form, NULL, &r),
	    want);
	b = strdup(r.body);
	th_resp_free(&r);
	return b;
}

static void
same_404(const char *method, const char *fmt, long hidden, long missing,
    const char *form)
{
	char p1[128], p2[128];
	char *a, *b;

	snprintf(p1, sizeof(p1), fmt, hidden);
	snprintf(p2, sizeof(p2), fmt, missing);
	a = body_of(bob, method, p1, form, 404);
	b = body_of(bob, method, p2, form, 404);
	assert_string_equal(a, b);
	free(a);
	free(b);
}

static void
test_private_category(void **state)
{
	char form[256];
	json_t *j, *t;
	long id, post, reply_id, st;

	(void)state;
	/* Only members may post there; others get what a missing category
	 * gets. */
	snprintf(form, sizeof(form), "title=Speakers+only+planning+topic&"
	    "raw=" RAW "&category=%ld", private_cat);
	j = th_form(bob, "POST", "/posts.json", form, &st);
	assert_int_equal(st, 403);
	json_decref(j);
	j = th_form(bob, "POST", "/posts.json", "title=Speakers+only+planning"
	    "+topic&raw=" RAW "&category=987654", &st);
	assert_int_equal(st, 403);
	json_decref(j);
	snprintf(form, sizeof(form), "&category=%ld", private_cat);
	id = new_topic(carol, "Speakers+only+planning+topic", form);
	reply_id = reply(carol, id, 1);
	t = th_expect_get(carol, 200, "/t/%ld.json", id);
	post = (long)json_integer_value(json_array_get(json_object_get(
	    json_object_get(t, "post_stream"), "stream"), 0));
	json_decref(t);
	j = th_expect_get(mod, 200, "/t/%ld.json", id);
	json_decref(j);

	/* Everywhere, bob sees what a missing topic or post looks like. */
	same_404("GET", "/t/%ld.json", id, 99999999, NULL);
	same_404("GET", "/t/slug/%ld.json", id, 99999999, NULL);
	same_404("GET", "/t/%ld/1.json", id, 99999999, NULL);
	same_404("GET", "/t/%ld/posts.json?post_ids[]=1", id, 99999999, NULL);
	same_404("PUT", "/t/%ld.json", id, 99999999,
	    "title=Bob+renames+a+hidden+topic");
	same_404("DELETE", "/t/%ld.json", id, 99999999, NULL);
	same_404("GET", "/posts/%ld.json", post, 99999999, NULL);
	same_404("PUT", "/posts/%ld.json", post, 99999999, "raw=" REPLY);
	same_404("DELETE", "/posts/%ld.json", reply_id, 99999999, NULL);
	same_404("GET", "/posts/%ld/revisions/latest.json", post, 99999999,
	    NULL);
	same_404("DELETE", "/post_actions/%ld.json?post_action_type_id=2",
	    reply_id, 99999999, NULL);
	snprintf(form, sizeof(form), "topic_id=%ld&raw=" REPLY, id);
	{
		char *a = body_of(bob, "POST", "/posts.json", form, 404);
		char *b = body_of(bob, "POST", "/posts.json",
		    "topic_id=99999999&raw=" REPLY, 404);

		assert_string_equal(a, b);
		free(a);
		free(b);
		snprintf(form, sizeof(form), "id=%ld&post_action_type_id=2",
		    reply_id);
		a = body_of(bob, "POST", "/post_actions.json", form, 404);
		b = body_of(bob, "POST", "/post_actions.json",
		    "id=99999999&post_action_type_id=2", 404);
		assert_string_equal(a, b);
		free(a);
		free(b);
	}
	th_assert_counters(&srv);
}

static void
test_hostile_ids(void **state)
{
	json_t *j;
	long st;

	(void)state;
	j = th_expect_get(anon, 404, "/t/999999999999999999.json");
	th_assert_error(j, "not_found");
	json_decref(j);
	j = th_expect_get(anon, 404, "/t/0.json");
	json_decref(j);
	j = th_expect_get(anon, 404, "/t/-1.json");
	json_decref(j);
	j = th_expect_get(anon, 404, "/t/99999999/999999999999999999.json");
	json_decref(j);
	j = th_expect_get(anon, 404, "/t/99999999999999999999999.json");
	json_decref(j);
	j = th_expect_get(anon, 404, "/posts/999999999999999999.json");
	json_decref(j);
	j = th_expect_get(anon, 400,
	    "/t/1/posts.json?post_ids[]=99999999999999999999");
	json_decref(j);
	j = th_form(alice, "PUT", "/t/999999999999999999.json",
	    "title=Renaming+a+missing+topic", &st);
	assert_int_equal(st, 404);
	json_decref(j);
	j = th_form(alice, "PUT", "/t/1.json", "category_id=abc", &st);
	assert_int_equal(st, 400);
	json_decref(j);
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
		cmocka_unit_test(test_create_and_view),
		cmocka_unit_test(test_details_by_viewer),
		cmocka_unit_test(test_stream_and_chunks),
		cmocka_unit_test(test_edit_topic),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_delete_topic),
		cmocka_unit_test(test_private_category),
		cmocka_unit_test(test_hostile_ids),
		cmocka_unit_test(test_counters_at_end),
	};

	return cmocka_run_group_tests_name("http_topics", tests, setup,
	    teardown);
}

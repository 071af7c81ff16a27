/*
 * Sessions as forums: Q&A votes (one per user, not on your own post),
 * "top questions" order, questions marked answered by a presenter or
 * staff; presenters linked by username, their badge, their edits of the
 * first post surviving a re-import; the recording post pinned under the
 * first post; the session endpoints' rights and checks; participants from
 * a CSV and through registration codes.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

#include "harness.h"

#define PASSWORD	"correct horse battery"
#define ROOM		"meet.example.org"

static struct th_server srv;
static struct th_cast cast;
static long topic;		/* s101 */

static long
jint(json_t *o, const char *key)
{
	return (long)json_integer_value(json_object_get(o, key));
}

static int
jtrue(json_t *o, const char *key)
{
	return json_is_true(json_object_get(o, key));
}

/* The post with this id in a topic page, or NULL. */
static json_t *
post_in(json_t *page, long id)
{
	json_t *p;
	size_t i;

	json_array_foreach(json_object_get(json_object_get(page,
	    "post_stream"), "posts"), i, p)
		if (jint(p, "id") == id)
			return p;
	return NULL;
}

static long
reply(struct th_client *c, long topic_id, const char *text)
{
	char body[512];
	json_t *j;
	long id;

	snprintf(body, sizeof(body), "topic_id=%ld&raw=%s", topic_id, text);
	j = th_expect(c, "POST", 200, body, "/posts.json");
	id = jint(j, "id");
	json_decref(j);
	return id;
}

static int
setup(void **state)
{
	json_t *j;
	long st;

	(void)state;
	if (th_cast_start(&srv, NULL, PASSWORD, &cast) != 0 ||
	    th_cli(&srv, NULL, "import-program", "data/program-sample.json",
	    NULL) != 0)
		return -1;
	j = th_get(cast.anon, "/conference/schedule.json?webinar=w01", &st);
	if (st != 200)
		return -1;
	topic = jint(json_array_get(json_object_get(json_array_get(
	    json_object_get(j, "days"), 0), "sessions"), 0), "topic_id");
	json_decref(j);
	return topic > 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	return th_cast_stop(&srv, &cast);
}

/* --- presenters -------------------------------------------------------- */

static void
test_presenters_and_session_edits(void **state)
{
	json_t *j, *cs, *body;
	long first;
	char text[2048];

	(void)state;
	/* Staff link carol as a presenter of s101 (by username). */
	body = json_pack("{s:[s,s]}", "presenters",
	    "Amina Okafor (University of Lagos)",
	    "Carol Presenter (Confab Lab) @carol");
	j = th_expect_json(cast.admin, "PUT", 200, body,
	    "/conference/sessions/%ld.json", topic);
	cs = json_object_get(j, "conference_session");
	assert_string_equal(json_string_value(json_object_get(j, "changed")),
	    "presenters");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(cs, "presenters"), 1), "username")), "carol");
	json_decref(j);
	/* carol is now in the presenters group and sees the room. */
	j = th_expect_get(cast.anon, 200, "/groups/presenters/members.json");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(j, "members"), 0), "username")), "carol");
	json_decref(j);
	j = th_expect_get(cast.carol, 200, "/t/%ld.json", topic);
	cs = json_object_get(j, "conference_session");
	assert_true(jtrue(cs, "is_presenter"));
	assert_non_null(strstr(json_string_value(json_object_get(cs,
	    "room_url")), ROOM));
	first = jint(json_array_get(json_object_get(json_object_get(j,
	    "post_stream"), "posts"), 0), "id");
	assert_true(jtrue(json_array_get(json_object_get(json_object_get(j,
	    "post_stream"), "posts"), 0), "can_edit"));
	json_decref(j);
	/* ... but only for her own session. */
	j = th_expect_get(cast.carol, 200, "/t/%ld.json", topic + 1);
	assert_true(json_is_null(json_object_get(json_object_get(j,
	    "conference_session"), "room_url")));
	json_decref(j);

	/* She adds her slides to the first post; bob may not. */
	j = th_expect_get(cast.carol, 200, "/posts/%ld.json", first);
	snprintf(text, sizeof(text), "%s\n\nSlides: "
	    "https://slides.example/s101.pdf", json_string_value(
	    json_object_get(j, "raw")));
	json_decref(j);
	body = json_pack("{s:s}", "raw", text);
	json_decref(th_expect_json(cast.carol, "PUT", 200, body,
	    "/posts/%ld.json",
	    first));
	body = json_pack("{s:s}", "raw", text);
	json_decref(th_expect_json(cast.bob, "PUT", 403, body,
	    "/posts/%ld.json",
	    first));
	/* Presenters change the abstract only; staff change the rest. */
	j = th_expect(cast.carol, "PUT", 200, "abstract=Our+new+abstract+text.",
	    "/conference/sessions/%ld.json", topic);
	assert_string_equal(json_string_value(json_object_get(j, "changed")),
	    "abstract");
	json_decref(j);
	j = th_expect(cast.carol, "PUT", 403,
	    "title=A+title+of+my+own+choosing",
	    "/conference/sessions/%ld.json", topic);
	th_assert_error(j, "invalid_access");
	json_decref(j);
	json_decref(th_expect(cast.bob, "PUT", 403, "abstract=No.",
	    "/conference/sessions/%ld.json", topic));
	j = th_expect_get(cast.anon, 200, "/posts/%ld.json", first);
	assert_non_null(strstr(json_string_value(json_object_get(j, "raw")),
	    "Our new abstract text."));
	assert_non_null(strstr(json_string_value(json_object_get(j, "raw")),
	    "Slides: https://slides.example/s101.pdf"));
	json_decref(j);
	/* Checks as for a file. */
	j = th_expect(cast.admin, "PUT", 422, "starts_at=2026-10-05T16:00:00Z&"
	    "ends_at=2026-10-05T15:00:00Z", "/conference/sessions/%ld.json",
	    topic);
	assert_non_null(strstr(json_string_value(json_array_get(
	    json_object_get(j, "errors"), 0)), "ends_at: end before start"));
	json_decref(j);
	j = th_expect(cast.admin, "PUT", 422, "webinar=w99",
	    "/conference/sessions/%ld.json", topic);
	assert_non_null(strstr(json_string_value(json_array_get(
	    json_object_get(j, "errors"), 0)), "unknown webinar"));
	json_decref(j);
	json_decref(th_expect(cast.admin, "PUT", 422,
	    "room_url=javascript:alert(1)",
	    "/conference/sessions/%ld.json", topic));
	json_decref(th_expect(cast.admin, "PUT", 404,
	    "title=Not+a+session+at+all",
	    "/conference/sessions/999999.json"));
}

/* The usernames in the presenters group, as "a,b,c" (sorted). */
static char *
presenters_group(char *out, size_t len)
{
	json_t *j = th_expect_get(cast.admin, 200,
	    "/groups/presenters/members.json"), *m;
	size_t i, o = 0;

	out[0] = '\0';
	json_array_foreach(json_object_get(j, "members"), i, m)
		o += (size_t)snprintf(out + o, len - o, "%s%s", i ? "," : "",
		    json_string_value(json_object_get(m, "username")));
	json_decref(j);
	return out;
}

/*
 * A presenter the import linked leaves the presenters group when no
 * session names them any more, so whatever organizers opened to that
 * group closes to them; one added by hand stays.
 */
static void
test_unlinked_presenter_leaves_group(void **state)
{
	char names[256], body[128];
	json_t *j;
	long gid;

	(void)state;
	/* Staff add dave by hand; then the session links him and erin. */
	j = th_expect_get(cast.admin, 200, "/groups/presenters.json");
	gid = jint(json_object_get(j, "group"), "id");
	json_decref(j);
	snprintf(body, sizeof(body), "/groups/%ld/members.json", gid);
	json_decref(th_expect(cast.admin, "PUT", 200, "usernames=dave", body));
	json_decref(th_expect_json(cast.admin, "PUT", 200,
	    json_pack("{s:[s,s]}",
	    "presenters", "Erin Example (Somewhere) @erin",
	    "Dave Example (Elsewhere) @dave"), "/conference/sessions/%ld.json",
	    topic + 2));
	assert_string_equal(presenters_group(names, sizeof(names)),
	    "carol,dave,erin");
	/* The session's presenters change: erin goes, dave stays (added by
	 * hand), carol stays (she presents another session). */
	json_decref(th_expect_json(cast.admin, "PUT", 200, json_pack("{s:[s]}",
	    "presenters", "Someone Else (Nowhere)"),
	    "/conference/sessions/%ld.json", topic + 2));
	assert_string_equal(presenters_group(names, sizeof(names)),
	    "carol,dave");
}

/* --- Q&A --------------------------------------------------------------- */

static void
test_votes_and_answers(void **state)
{
	long q_bob, q_alice, q_dave;
	json_t *j, *p, *stream;
	char body[64];

	(void)state;
	q_alice = reply(cast.alice, topic,
	    "What+about+teacher+time+in+the+policy%3F");
	q_bob = reply(cast.bob, topic, "How+long+did+the+consultation+take%3F");
	q_dave = reply(cast.dave, topic,
	    "Which+licence+did+you+pick+in+the+end%3F");

	snprintf(body, sizeof(body), "post_id=%ld", q_bob);
	j = th_expect(cast.alice, "POST", 200, body, "/qa/vote.json");
	assert_int_equal(jint(j, "vote_count"), 1);
	assert_true(jtrue(j, "user_voted"));
	json_decref(j);
	/* One vote per user, none on your own post, none anonymous. */
	json_decref(th_expect(cast.alice, "POST", 422, body, "/qa/vote.json"));
	json_decref(th_expect(cast.bob, "POST", 403, body, "/qa/vote.json"));
	j = th_expect(cast.anon, "POST", 403, body, "/qa/vote.json");
	th_assert_error(j, "not_logged_in");
	json_decref(j);
	json_decref(th_expect(cast.dave, "POST", 200, body, "/qa/vote.json"));
	snprintf(body, sizeof(body), "post_id=%ld", q_dave);
	json_decref(th_expect(cast.erin, "POST", 200, body, "/qa/vote.json"));
	/* Not the session's own post. */
	j = th_expect_get(cast.anon, 200, "/t/%ld.json", topic);
	snprintf(body, sizeof(body), "post_id=%ld", (long)json_integer_value(
	    json_array_get(json_object_get(json_object_get(j, "post_stream"),
	    "stream"), 0)));
	json_decref(j);
	json_decref(th_expect(cast.alice, "POST", 422, body, "/qa/vote.json"));
	json_decref(th_expect(cast.alice, "POST", 400, "post_id=x",
	    "/qa/vote.json"));
	json_decref(th_expect(cast.alice, "POST", 404, "post_id=999999",
	    "/qa/vote.json"));

	/* Counts in the post JSON, for each reader. */
	j = th_expect_get(cast.alice, 200, "/t/%ld.json", topic);
	p = post_in(j, q_bob);
	assert_int_equal(jint(p, "vote_count"), 2);
	assert_true(jtrue(p, "user_voted"));
	assert_false(jtrue(p, "can_vote"));
	assert_true(jtrue(p, "can_unvote"));
	p = post_in(j, q_alice);
	assert_false(jtrue(p, "can_vote"));	/* her own */
	assert_true(jtrue(post_in(j, q_dave), "can_vote"));
	json_decref(j);
	j = th_expect_get(cast.anon, 200, "/t/%ld.json", topic);
	assert_int_equal(jint(post_in(j, q_bob), "vote_count"), 2);
	assert_false(jtrue(post_in(j, q_bob), "can_vote"));
	json_decref(j);

	/* Top questions: post 1, then by votes. */
	j = th_expect_get(cast.anon, 200, "/t/%ld.json?order=votes", topic);
	stream = json_object_get(json_object_get(j, "post_stream"), "stream");
	assert_int_equal(json_integer_value(json_array_get(stream, 1)), q_bob);
	assert_int_equal(json_integer_value(json_array_get(stream, 2)),
	    q_dave);
	assert_int_equal(json_integer_value(json_array_get(stream, 3)),
	    q_alice);
	assert_int_equal(jint(json_array_get(json_object_get(json_object_get(
	    j, "post_stream"), "posts"), 1), "id"), q_bob);
	json_decref(j);
	/* Unvote. */
	snprintf(body, sizeof(body), "post_id=%ld", q_bob);
	j = th_expect(cast.dave, "DELETE", 200, body, "/qa/vote.json");
	assert_int_equal(jint(j, "vote_count"), 1);
	json_decref(j);
	json_decref(th_expect(cast.dave, "DELETE", 422, body, "/qa/vote.json"));

	/* Answered: by the presenter (carol) or staff, not by others. */
	snprintf(body, sizeof(body), "id=%ld", q_bob);
	json_decref(th_expect(cast.alice, "POST", 403, body,
	    "/solution/accept.json"));
	j = th_expect(cast.carol, "POST", 200, body, "/solution/accept.json");
	assert_true(jtrue(j, "accepted_answer"));
	json_decref(j);
	json_decref(th_expect(cast.carol, "POST", 422, body,
	    "/solution/accept.json"));
	snprintf(body, sizeof(body), "id=%ld", q_dave);
	json_decref(th_expect(cast.admin, "POST", 200, body,
	    "/solution/accept.json"));
	j = th_expect_get(cast.carol, 200, "/t/%ld.json", topic);
	assert_true(jtrue(post_in(j, q_bob), "accepted_answer"));
	assert_true(jtrue(post_in(j, q_bob), "can_unaccept_answer"));
	assert_true(jtrue(post_in(j, q_alice), "can_accept_answer"));
	assert_int_equal(jint(json_object_get(j, "conference_session"),
	    "answered_count"), 2);
	json_decref(j);
	j = th_expect_get(cast.bob, 200, "/t/%ld.json", topic);
	assert_false(jtrue(post_in(j, q_alice), "can_accept_answer"));
	json_decref(j);
	json_decref(th_expect(cast.carol, "POST", 200, body,
	    "/solution/unaccept.json"));
	json_decref(th_expect(cast.carol, "POST", 422, body,
	    "/solution/unaccept.json"));

	/* The presenter's badge on her posts in her session. */
	reply(cast.carol, topic, "Thanks+all%2C+answering+in+order+of+votes.");
	j = th_expect_get(cast.anon, 200, "/t/%ld.json", topic);
	{
		json_t *posts = json_object_get(json_object_get(j,
		    "post_stream"), "posts");
		json_t *last = json_array_get(posts,
		    json_array_size(posts) - 1);

		assert_string_equal(json_string_value(json_object_get(last,
		    "username")), "carol");
		assert_true(jtrue(last, "presenter"));
		assert_string_equal(json_string_value(json_object_get(last,
		    "user_title")), "Presenter");
		assert_false(jtrue(post_in(j, q_bob), "presenter"));
	}
	json_decref(j);
	/* Ordinary topics have none of it. */
	j = th_expect(cast.admin, "POST", 200,
	    "title=An+ordinary+topic+title&raw="
	    "Nothing+to+do+with+the+program+here.", "/posts.json");
	{
		long t = jint(j, "topic_id");

		json_decref(j);
		j = th_expect_get(cast.anon, 200, "/t/%ld.json", t);
		assert_null(json_object_get(j, "conference_session"));
		assert_null(json_object_get(json_array_get(json_object_get(
		    json_object_get(j, "post_stream"), "posts"), 0),
		    "vote_count"));
		json_decref(j);
	}
}

/* --- recordings -------------------------------------------------------- */

static void
test_recording_pinned(void **state)
{
	json_t *j, *cs, *stream, *posts, *w;
	long rec, first;

	(void)state;
	reply(cast.bob, topic, "A+late+question+after+the+session+ended.");
	j = th_expect(cast.admin, "PUT", 200,
	    "recording_url=https%3A%2F%2Fvideo."
	    "example%2Fs101", "/conference/sessions/%ld.json", topic);
	cs = json_object_get(j, "conference_session");
	assert_true(jtrue(cs, "has_recording"));
	rec = jint(cs, "recording_post_id");
	assert_true(rec > 0);
	json_decref(j);
	j = th_expect_get(cast.anon, 200, "/t/%ld.json", topic);
	stream = json_object_get(json_object_get(j, "post_stream"), "stream");
	posts = json_object_get(json_object_get(j, "post_stream"), "posts");
	/* Right under the first post, though written last. */
	assert_int_equal(json_integer_value(json_array_get(stream, 1)), rec);
	assert_int_equal(jint(json_array_get(posts, 1), "id"), rec);
	assert_true(jtrue(json_array_get(posts, 1), "recording_post"));
	assert_true(jint(json_array_get(posts, 1), "post_number") > 5);
	assert_non_null(strstr(json_string_value(json_object_get(
	    json_array_get(posts, 1), "cooked")),
	    "https://video.example/s101"));
	assert_non_null(strstr(json_string_value(json_object_get(
	    json_array_get(posts, 0), "cooked")), "Watch the recording"));
	first = jint(json_array_get(posts, 0), "id");
	json_decref(j);
	/* Listed by webinar, and marked in the schedule. */
	j = th_expect_get(cast.anon, 200, "/conference/recordings.json");
	assert_int_equal(jint(j, "session_count"), 1);
	w = json_array_get(json_object_get(j, "webinars"), 0);
	assert_string_equal(json_string_value(json_object_get(w, "id")), "w01");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(w, "sessions"), 0), "external_id")), "s101");
	json_decref(j);
	/* The page, without JavaScript: the link to watch it. */
	{
		const char *const hdr[] = { "Accept: text/html", NULL };
		struct th_resp page;

		th_request(cast.anon, "GET", "/recordings", NULL, NULL, hdr,
		    &page);
		assert_int_equal(page.status, 200);
		assert_non_null(strstr(page.body,
		    "<a rel=\"nofollow noopener\" "
		    "href=\"https://video.example/s101\">Recording</a>"));
		th_resp_free(&page);
	}
	j = th_expect_get(cast.anon, 200,
	    "/conference/schedule.json?webinar=w01");
	assert_true(jtrue(json_array_get(json_object_get(json_array_get(
	    json_object_get(j, "days"), 0), "sessions"), 0), "has_recording"));
	json_decref(j);
	/* And in topic lists. */
	j = th_expect_get(cast.anon, 200, "/latest.json?per_page=100");
	{
		json_t *topics = json_object_get(json_object_get(j,
		    "topic_list"), "topics"), *t;
		size_t i, marked = 0;

		json_array_foreach(topics, i, t)
			if (jtrue(t, "has_recording")) {
				assert_int_equal(jint(t, "id"), topic);
				marked++;
			}
		assert_int_equal(marked, 1);
	}
	json_decref(j);
	/* A re-import without recordings leaves it, and the slides. */
	assert_int_equal(th_cli(&srv, NULL, "import-program",
	    "data/program-sample.json", NULL), 0);
	/* It also puts s101's presenters back as the file has them, so
	 * carol, linked by hand to the session only, leaves the presenters
	 * group; dave, added to the group by hand, stays. */
	{
		char names[256];

		assert_string_equal(presenters_group(names, sizeof(names)),
		    "dave");
	}
	j = th_expect_get(cast.anon, 200, "/t/%ld.json", topic);
	assert_int_equal(jint(json_object_get(j, "conference_session"),
	    "recording_post_id"), rec);
	json_decref(j);
	j = th_expect_get(cast.anon, 200, "/posts/%ld.json", first);
	assert_non_null(strstr(json_string_value(json_object_get(j, "raw")),
	    "Slides: https://slides.example/s101.pdf"));
	assert_non_null(strstr(json_string_value(json_object_get(j, "raw")),
	    "(<https://video.example/s101>)"));
	json_decref(j);
	/* A new URL edits the same post; none deletes it. */
	j = th_expect(cast.admin, "PUT", 200,
	    "recording_url=https%3A%2F%2Fvideo."
	    "example%2Fs101-v2", "/conference/sessions/%ld.json", topic);
	assert_int_equal(jint(json_object_get(j, "conference_session"),
	    "recording_post_id"), rec);
	json_decref(j);
	j = th_expect_get(cast.anon, 200, "/posts/%ld.json", rec);
	assert_int_equal(jint(j, "version"), 2);
	json_decref(j);
	json_decref(th_expect(cast.carol, "PUT", 403,
	    "recording_url=https%3A%2F%2Fx.org",
	    "/conference/sessions/%ld.json", topic));
	j = th_expect(cast.admin, "PUT", 200, "recording_url=",
	    "/conference/sessions/%ld.json", topic);
	assert_false(jtrue(json_object_get(j, "conference_session"),
	    "has_recording"));
	json_decref(j);
	json_decref(th_expect_get(cast.anon, 404, "/posts/%ld.json", rec));
	j = th_expect_get(cast.anon, 200, "/conference/recordings.json");
	assert_int_equal(jint(j, "session_count"), 0);
	json_decref(j);
	assert_int_equal(th_admin(&srv, NULL, NULL, 0, "check-counters",
	    NULL), 0);
}

/* --- participants ------------------------------------------------------ */

static int
sees_room(struct th_client *c)
{
	json_t *j = th_expect_get(c, 200, "/t/%ld.json", topic);
	int yes = jtrue(json_object_get(j, "conference_session"),
	    "can_see_room");

	json_decref(j);
	return yes;
}

static void
test_participants_and_codes(void **state)
{
	json_t *j, *body, *list;
	char code[64];
	long id;

	(void)state;
	/* A CSV of usernames and emails: all known, or nobody is added. */
	body = json_pack("{s:s}", "csv", "username\nalice\n"
	    "erin@example.org\nghost\n\"nobody@example.org\"\n");
	j = th_expect_json(cast.admin, "POST", 422, body,
	    "/conference/participants.json");
	list = json_object_get(j, "errors");
	assert_int_equal(json_array_size(list), 2);
	assert_string_equal(json_string_value(json_array_get(list, 0)),
	    "row 4: no user ghost");
	json_decref(j);
	assert_false(sees_room(cast.erin));
	body = json_pack("{s:s}", "csv", "alice\nerin@example.org\n");
	j = th_expect_json(cast.admin, "POST", 200, body,
	    "/conference/participants.json");
	assert_int_equal(json_array_size(json_object_get(j, "added")), 2);
	json_decref(j);
	assert_true(sees_room(cast.erin));
	j = th_expect(cast.admin, "POST", 200, "usernames=alice",
	    "/conference/participants.json");
	assert_int_equal(json_array_size(json_object_get(j, "already")), 1);
	json_decref(j);
	json_decref(th_expect(cast.bob, "POST", 403, "usernames=bob",
	    "/conference/participants.json"));

	/* A registration code with one use. */
	j = th_expect(cast.admin, "POST", 200, "code=oew-2026-vip&max_uses=1&"
	    "description=Speakers", "/conference/registration_codes.json");
	snprintf(code, sizeof(code), "%s", json_string_value(json_object_get(
	    json_object_get(j, "registration_code"), "code")));
	id = jint(json_object_get(json_object_get(j, "registration_code"),
	    "details"), "id");
	assert_string_equal(code, "OEW-2026-VIP");
	json_decref(j);
	assert_false(sees_room(cast.dave));
	json_decref(th_expect(cast.dave, "POST", 422, "code=WRONG-CODE",
	    "/conference/register.json"));
	j = th_expect(cast.dave, "POST", 200, "code=oew-2026-vip",
	    "/conference/register.json");
	assert_string_equal(json_string_value(json_object_get(j, "group")),
	    "participants");
	json_decref(j);
	assert_true(sees_room(cast.dave));
	/* Used up. */
	json_decref(th_expect(cast.bob, "POST", 422, "code=OEW-2026-VIP",
	    "/conference/register.json"));
	assert_false(sees_room(cast.bob));
	j = th_expect_get(cast.admin, 200,
	    "/conference/registration_codes.json");
	list = json_object_get(j, "registration_codes");
	assert_int_equal(jint(json_array_get(list, 0), "uses"), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    list, 0), "truncated_code")), "OEW-");
	{
		char *dump = json_dumps(list, 0);

		assert_null(strstr(dump, "VIP"));
		free(dump);
	}
	json_decref(j);
	/* A generated code, revoked before use. */
	j = th_expect(cast.admin, "POST", 200, "description=Revoked",
	    "/conference/registration_codes.json");
	snprintf(code, sizeof(code), "code=%s", json_string_value(
	    json_object_get(json_object_get(j, "registration_code"), "code")));
	id = jint(json_object_get(json_object_get(j, "registration_code"),
	    "details"), "id");
	assert_int_equal(strlen(code), 5 + 14);
	json_decref(j);
	json_decref(th_expect(cast.admin, "DELETE", 200, NULL,
	    "/conference/registration_codes/%ld.json", id));
	json_decref(th_expect(cast.admin, "DELETE", 404, NULL,
	    "/conference/registration_codes/%ld.json", id));
	json_decref(th_expect(cast.bob, "POST", 422, code,
	    "/conference/register.json"));
	json_decref(th_expect_get(cast.bob, 403,
	    "/conference/registration_codes.json"));
	/* Signing up with a code: a bad code creates no account. */
	json_decref(th_expect(cast.admin, "POST", 200,
	    "code=SIGNUP-2026&max_uses=5",
	    "/conference/registration_codes.json"));
	{
		struct th_client *frank = th_client_new(&srv);

		json_decref(th_expect(frank, "POST", 422,
		    "username=frank&email="
		    "frank%40example.org&password=correct+horse+battery&"
		    "registration_code=NOT-A-CODE", "/users.json"));
		json_decref(th_expect(frank, "POST", 200,
		    "username=frank&email="
		    "frank%40example.org&password=correct+horse+battery&"
		    "registration_code=signup-2026", "/users.json"));
		assert_int_equal(th_client_csrf(frank), 0);
		assert_true(sees_room(frank));
		th_client_free(frank);
	}
	/* Guessing is throttled (10 an hour per user). */
	{
		long st = 0;
		int i;

		for (i = 0; i < 12 && st != 429; i++) {
			json_decref(th_form(cast.bob, "POST",
			    "/conference/register.json", "code=GUESS-1234",
			    &st));
		}
		assert_int_equal(st, 429);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_presenters_and_session_edits),
		cmocka_unit_test(test_unlinked_presenter_leaves_group),
		cmocka_unit_test(test_votes_and_answers),
		cmocka_unit_test(test_recording_pinned),
		cmocka_unit_test(test_participants_and_codes),
	};

	return cmocka_run_group_tests_name("conference_qa", tests, setup,
	    teardown);
}

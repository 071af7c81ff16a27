/*
 * core/notify.c: the pure rules (type names, levels, what a level lets
 * through, mentions read from cooked HTML), and on :memory: the fan-out
 * of "posted" to 1,000 watchers through posting_reply_write (each told
 * once; its cost is measured by `make bench`, tests/bench/bench_fanout.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

#include "db.h"
#include "notifications.h"
#include "notify.h"
#include "posting.h"
#include "posts.h"
#include "topics.h"
#include "users.h"
#include "util.h"

static void
test_names_and_levels(void **state)
{
	(void)state;
	assert_string_equal(notify_type_name(1), "mentioned");
	assert_string_equal(notify_type_name(9), "posted");
	assert_string_equal(notify_type_name(800), "question_on_your_session");
	assert_string_equal(notify_type_name(803), "recording_available");
	assert_null(notify_type_name(7));
	assert_true(notify_level_valid(0));
	assert_true(notify_level_valid(3));
	assert_false(notify_level_valid(-1));
	assert_false(notify_level_valid(4));
	/* The topic's own level, else the category's, else normal. */
	assert_int_equal(notify_level_effective(-1, -1), NOTIFY_NORMAL);
	assert_int_equal(notify_level_effective(-1, 0), NOTIFY_MUTED);
	assert_int_equal(notify_level_effective(3, 0), NOTIFY_WATCHING);
	assert_int_equal(notify_level_effective(0, 3), NOTIFY_MUTED);
	/* Muted hears only private messages; posted needs watching. */
	assert_false(notify_level_allows(0, NOTIFY_REPLIED));
	assert_false(notify_level_allows(0, NOTIFY_MENTIONED));
	assert_true(notify_level_allows(0, NOTIFY_PRIVATE_MESSAGE));
	assert_true(notify_level_allows(1, NOTIFY_REPLIED));
	assert_false(notify_level_allows(1, NOTIFY_POSTED));
	assert_false(notify_level_allows(2, NOTIFY_POSTED));
	assert_true(notify_level_allows(3, NOTIFY_POSTED));
	assert_true(notify_high_priority(NOTIFY_PRIVATE_MESSAGE));
	assert_false(notify_high_priority(NOTIFY_LIKED));
}

static void
test_mentions(void **state)
{
	struct arena *a = arena_new();
	char **names;
	size_t n;

	(void)state;
	n = notify_mentions(a, "<p>Hi <a class=\"mention\" href=\"/u/alice\">"
	    "@alice</a> and <a class=\"mention\" href=\"/u/Bob.x\">@Bob.x</a>"
	    ", <a class=\"mention\" href=\"/u/ALICE\">@ALICE</a>, "
	    "<a href=\"/u/eve\">not a mention</a>, "
	    "<code>@carol</code></p>", 10, &names);
	assert_int_equal(n, 2);
	assert_string_equal(names[0], "alice");
	assert_string_equal(names[1], "Bob.x");
	assert_int_equal(notify_mentions(a, "<p>none</p>", 10, &names), 0);
	assert_int_equal(notify_mentions(a, NULL, 10, &names), 0);
	/* Bounded. */
	n = notify_mentions(a, "<a class=\"mention\" href=\"/u/a1\">x</a>"
	    "<a class=\"mention\" href=\"/u/a2\">x</a>"
	    "<a class=\"mention\" href=\"/u/a3\">x</a>", 2, &names);
	assert_int_equal(n, 2);
	/* Cut short: no name. */
	assert_int_equal(notify_mentions(a, "<a class=\"mention\" href=\"/u/ab",
	    10, &names), 0);
	arena_free(a);
}

static int64_t
make_user(struct db *db, int i)
{
	char name[32], email[64];
	struct user_new u = { .username = name, .email = email, .name = name,
	    .password_hash = "x" };
	int64_t id;

	snprintf(name, sizeof(name), "user%d", i);
	snprintf(email, sizeof(email), "user%d@example.org", i);
	assert_int_equal(db_user_create(db, &u, &id), DB_OK);
	return id;
}

/* A reply in a topic 1,000 users watch: one "posted" each, in one
 * statement, and the writer's own post tells nobody else twice. */
static void
test_fanout_thousand(void **state)
{
	struct db *db = db_open(":memory:", 0);
	struct arena *a = arena_new();
	struct topic_new tn = { .title = "A watched topic here",
	    .fancy_title = "A watched topic here", .slug = "watched",
	    .excerpt = "", .category_id = 1, .now = 1000 };
	struct post_new pn = { .raw = "the first post of it", .cooked =
	    "<p>the first post of it</p>", .now = 1000 };
	int64_t author, writer, post_id, unread, high, fanned;
	int i;

	(void)state;
	assert_non_null(db);
	author = make_user(db, 0);
	writer = make_user(db, 1);
	tn.user_id = pn.user_id = author;
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(posting_topic_write(db, &tn, &pn, &post_id), DB_OK);
	for (i = 2; i < 1002; i++)
		assert_int_equal(db_notif_topic_set(db, make_user(db, i),
		    pn.topic_id, NOTIFY_WATCHING, NOTIFY_REASON_USER_CHANGED,
		    0), DB_OK);
	assert_int_equal(db_commit(db), DB_OK);
	pn.user_id = writer;
	pn.raw = "a reply to a watched topic";
	pn.cooked = "<p>a reply to a watched topic</p>";
	pn.now = 2000;
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(posting_reply_write(db, &pn, &post_id), DB_OK);
	assert_int_equal(db_commit(db), DB_OK);
	/* Each watcher once; the author (tracking) is told "replied". */
	assert_int_equal(db_notif_unread(db, 500, "[1]", &unread, &high),
	    DB_OK);
	assert_int_equal(unread, 1);
	assert_int_equal(db_notif_unread(db, author, "[1]", &unread, &high),
	    DB_OK);
	assert_int_equal(unread, 1);
	assert_int_equal(db_notif_unread(db, writer, "[1]", &unread, &high),
	    DB_OK);
	assert_int_equal(unread, 0);
	/* Not visible from another category. */
	assert_int_equal(db_notif_unread(db, 500, "[2]", &unread, &high),
	    DB_OK);
	assert_int_equal(unread, 0);
	{
		struct notif_new n = { .type = NOTIFY_POSTED,
		    .topic_id = pn.topic_id, .post_number = 2,
		    .post_id = post_id, .actor_id = writer, .now = 2000 };

		/* Again: nobody is told twice of one post. */
		assert_int_equal(db_notif_fanout(db, &n, 1, &fanned), DB_OK);
		assert_int_equal(fanned, 0);
	}
	arena_free(a);
	db_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_and_levels),
		cmocka_unit_test(test_mentions),
		cmocka_unit_test(test_fanout_thousand),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Session reminders through the real binary, with the reminder worker
 * run every 50 ms: a session in someone's agenda that starts within the
 * reminder time (15 minutes) produces one session_starting (802)
 * notification, a session later in the day none yet; a participant reads
 * the live room in it, anyone else the registration link; a restart sends
 * nothing twice.
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
#define ROOM		"https://meet.example.org/starting-soon"
#define REGISTER	"https://register.example.org/oew"

static const char *const env[] = { "CONFAB_REMINDER_INTERVAL_MS=50", NULL };
static struct th_server srv;
static struct th_cast cast;
static long soon, later;

static void
iso_in(char out[32], long seconds)
{
	time_t t = time(NULL) + seconds;

	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
}

/* The topic of session ext, from the staff's session list. */
static long
topic_of(const char *ext)
{
	json_t *j = th_expect_get(cast.admin, 200,
	    "/conference/schedule.json"), *day, *s;
	size_t i, k;
	long id = 0;

	json_array_foreach(json_object_get(j, "days"), i, day)
		json_array_foreach(json_object_get(day, "sessions"), k, s)
			if (strcmp(th_jstr(s, "external_id"), ext) == 0)
				id = (long)th_jint(s, "topic_id");
	json_decref(j);
	return id;
}

static int
setup(void **state)
{
	char s1[32], e1[32], s2[32], e2[32];
	json_t *program, *body, *j;
	char *text;
	long st;

	(void)state;
	if (th_cast_start(&srv, env, PASSWORD, &cast) != 0)
		return -1;
	iso_in(s1, 5 * 60);
	iso_in(e1, 35 * 60);
	iso_in(s2, 3 * 3600);
	iso_in(e2, 4 * 3600);
	program = json_pack("{s:{s:s,s:s,s:s,s:s},s:[s],s:[{s:s,s:s,s:s,s:s,"
	    "s:s}],s:[{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:[s],s:s},"
	    "{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:[s],s:s}]}",
	    "conference", "name", "Reminder test conference", "slug", "rtc",
	    "default_timezone", "UTC", "registration_url", REGISTER,
	    "action_areas", "Testing",
	    "webinars", "id", "w1", "title", "A webinar starting soon",
	    "starts_at", s1, "ends_at", e2, "room_url", ROOM,
	    "sessions",
	    "external_id", "soon", "webinar", "w1", "format", "sync",
	    "language", "en", "title", "A session that starts in five minutes",
	    "starts_at", s1, "ends_at", e1, "action_areas", "Testing",
	    "abstract", "Starting soon.",
	    "external_id", "later", "webinar", "w1", "format", "sync",
	    "language", "en", "title", "A session that starts in three hours",
	    "starts_at", s2, "ends_at", e2, "action_areas", "Testing",
	    "abstract", "Starting later.");
	text = json_dumps(program, JSON_COMPACT);
	json_decref(program);
	body = json_pack("{s:s,s:b}", "file", text, "dry_run", 0);
	free(text);
	j = th_send(cast.admin, "POST", "/conference/import.json", body, &st);
	json_decref(j);
	if (st != 200)
		return -1;
	soon = topic_of("soon");
	later = topic_of("later");
	return soon > 0 && later > 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	return th_cast_stop(&srv, &cast);
}

/* c's session_starting notifications about topic. */
static int
reminders_of(struct th_client *c, long topic)
{
	json_t *j = th_expect_get(c, 200, "/notifications.json"), *n;
	size_t i;
	int k = 0;

	json_array_foreach(json_object_get(j, "notifications"), i, n)
		if (th_jint(n, "notification_type") == 802 &&
		    th_jint(n, "topic_id") == topic)
			k++;
	json_decref(j);
	return k;
}

/* Waits (at most 5 s) until c has a reminder about topic; its data
 * object (decref the returned notification list's owner: the copy). */
static json_t *
wait_reminder(struct th_client *c, long topic)
{
	json_t *j, *n, *data = NULL;
	size_t i;
	int tries;

	for (tries = 0; tries < 100 && data == NULL; tries++) {
		j = th_expect_get(c, 200, "/notifications.json");
		json_array_foreach(json_object_get(j, "notifications"), i, n)
			if (th_jint(n, "notification_type") == 802 &&
			    th_jint(n, "topic_id") == topic) {
				data = json_deep_copy(json_object_get(n,
				    "data"));
				assert_true(th_jbool(n, "high_priority"));
				assert_int_equal(th_jint(n, "post_number"), 1);
			}
		json_decref(j);
		if (data == NULL)
			usleep(50 * 1000);
	}
	return data;
}

static void
test_reminded_once_with_the_right_link(void **state)
{
	json_t *j, *data;

	(void)state;
	json_decref(th_expect(cast.admin, "POST", 200, "usernames=alice",
	    "/conference/participants.json"));
	json_decref(th_expect(cast.alice, "POST", 200, NULL,
	    "/conference/agenda/%ld", soon));
	json_decref(th_expect(cast.alice, "POST", 200, NULL,
	    "/conference/agenda/%ld", later));
	json_decref(th_expect(cast.bob, "POST", 200, NULL,
	    "/conference/agenda/%ld", soon));

	/* A participant reads the room; bob the registration link. */
	data = wait_reminder(cast.alice, soon);
	assert_non_null(data);
	assert_string_equal(th_jstr(data, "topic_title"),
	    "A session that starts in five minutes");
	assert_non_null(json_object_get(data, "starts_at"));
	assert_string_equal(th_jstr(data, "room_url"), ROOM);
	assert_null(json_object_get(data, "registration_url"));
	json_decref(data);
	data = wait_reminder(cast.bob, soon);
	assert_non_null(data);
	assert_null(json_object_get(data, "room_url"));
	assert_string_equal(th_jstr(data, "registration_url"), REGISTER);
	json_decref(data);
	/* Nobody else, and nothing yet for the session in three hours. */
	assert_int_equal(reminders_of(cast.carol, soon), 0);
	assert_int_equal(reminders_of(cast.alice, later), 0);
	/* The unread count has it. */
	j = th_expect_get(cast.bob, 200, "/session/current.json");
	assert_true(th_jint(json_object_get(j, "current_user"),
	    "unread_high_priority_notifications") >= 1);
	json_decref(j);

	/* A restart on the same database sends nothing twice. */
	assert_int_equal(th_halt(&srv, SIGTERM), 0);
	assert_int_equal(th_serve(&srv, env), 0);
	usleep(500 * 1000);
	assert_int_equal(reminders_of(cast.alice, soon), 1);
	assert_int_equal(reminders_of(cast.bob, soon), 1);
	assert_int_equal(reminders_of(cast.alice, later), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reminded_once_with_the_right_link),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

/*
 * The rules of reading state (core/reading_rules.c): the threshold of
 * "new", what is new and unread for a user and a topic, the unread
 * count, and the checks on one call's timings.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <setjmp.h>
#include <cmocka.h>

#include "reading_rules.h"

#define DAY	86400
#define NOW	(1000 * DAY)

static void
test_threshold(void **state)
{
	(void)state;
	/* The window, unless the account or the last dismissal is later. */
	assert_int_equal(reading_new_threshold(NOW, 2880, 0, 0), NOW - 2 * DAY);
	assert_int_equal(reading_new_threshold(NOW, 2880, NOW - DAY, 0),
	    NOW - DAY);
	assert_int_equal(reading_new_threshold(NOW, 2880, NOW - DAY,
	    NOW - 60), NOW - 59);
	assert_int_equal(reading_new_threshold(NOW, 60, 0, NOW - DAY),
	    NOW - 3600);
}

static void
test_new(void **state)
{
	struct reading_topic t = { .user_id = 2, .created_at = NOW - 10,
	    .highest_post_number = 3 };
	struct reading_state none = { .level = READING_LEVEL_NONE };
	struct reading_state read = { .exists = 1, .last_read = 1,
	    .level = READING_LEVEL_NONE };
	struct reading_state muted = { .exists = 1, .level = 0 };
	struct reading_state watched = { .exists = 1, .level = 3 };

	(void)state;
	assert_true(reading_is_new(&t, &none, 1, NOW - DAY));
	assert_true(reading_is_new(&t, NULL, 1, NOW - DAY));
	assert_true(reading_is_new(&t, &watched, 1, NOW - DAY));
	assert_false(reading_is_new(&t, &none, 2, NOW - DAY));	/* author */
	assert_false(reading_is_new(&t, &read, 1, NOW - DAY));
	assert_false(reading_is_new(&t, &muted, 1, NOW - DAY));
	assert_false(reading_is_new(&t, &none, 1, NOW - 5));	/* too old */
	assert_true(reading_is_new(&t, &none, 1, NOW - 10));	/* inclusive */
}

static void
test_unread(void **state)
{
	struct reading_topic t = { .user_id = 2, .created_at = NOW,
	    .highest_post_number = 5 };
	struct reading_state s = { .exists = 1, .last_read = 2,
	    .level = READING_LEVEL_NONE };
	int level;

	(void)state;
	assert_true(reading_is_unread(&t, &s));
	assert_int_equal(reading_unread_posts(&t, &s), 3);
	for (level = 0; level <= 3; level++) {
		s.level = level;
		assert_int_equal(reading_is_unread(&t, &s),
		    level >= READING_LEVEL_TRACKING);
		/* The count does not depend on the level. */
		assert_int_equal(reading_unread_posts(&t, &s), 3);
	}
	s.last_read = 5;
	assert_false(reading_is_unread(&t, &s));
	assert_int_equal(reading_unread_posts(&t, &s), 0);
	s.last_read = 9;	/* posts deleted since: never negative */
	assert_int_equal(reading_unread_posts(&t, &s), 0);
	s.last_read = 0;	/* a row with a level only: no state */
	s.level = READING_LEVEL_WATCHING;
	assert_false(reading_has_state(&s));
	assert_false(reading_is_unread(&t, &s));
	assert_int_equal(reading_unread_posts(&t, NULL), 0);
}

static void
test_timings_check(void **state)
{
	int64_t nums[READING_MAX_TIMINGS + 1], last, ms;
	size_t i;

	(void)state;
	nums[0] = 2;
	nums[1] = 7;	/* past the end: ignored */
	nums[2] = 0;
	nums[3] = 3;
	assert_int_equal(reading_timings_check(5, nums, 4, 1500, &last, &ms),
	    0);
	assert_int_equal(last, 3);
	assert_int_equal(ms, 1500);
	assert_int_equal(reading_timings_check(5, nums, 0, -4, &last, &ms), 0);
	assert_int_equal(last, 0);
	assert_int_equal(ms, 0);
	assert_int_equal(reading_timings_check(5, nums, 1, INT64_MAX, &last,
	    &ms), 0);
	assert_int_equal(ms, READING_MAX_MSECS);
	for (i = 0; i <= READING_MAX_TIMINGS; i++)
		nums[i] = 1;
	assert_int_equal(reading_timings_check(5, nums,
	    READING_MAX_TIMINGS + 1, 0, &last, &ms), -1);
	assert_int_equal(reading_timings_check(5, nums, READING_MAX_TIMINGS,
	    0, &last, &ms), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_threshold),
		cmocka_unit_test(test_new),
		cmocka_unit_test(test_unread),
		cmocka_unit_test(test_timings_check),
	};

	return cmocka_run_group_tests_name("reading", tests, NULL, NULL);
}

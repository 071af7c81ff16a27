/*
 * core/bookmarking.c's pure rules: the bookmarkable types, the name and
 * reminder bounds, and the daily and total limits.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

#include "bookmarking.h"
#include "err.h"

#define NOW	1800000000LL

static void
test_kinds(void **state)
{
	(void)state;
	assert_int_equal(bookmarking_kind("Post"), BOOKMARK_POST);
	assert_int_equal(bookmarking_kind("Topic"), BOOKMARK_TOPIC);
	assert_int_equal(bookmarking_kind("post"), -1);
	assert_int_equal(bookmarking_kind("User"), -1);
	assert_int_equal(bookmarking_kind(NULL), -1);
	assert_string_equal(bookmarking_type_name(BOOKMARK_TOPIC), "Topic");
	assert_string_equal(bookmarking_type_name(BOOKMARK_POST), "Post");
}

static void
test_check(void **state)
{
	struct refusal rf = {0};
	char name[256];

	(void)state;
	assert_int_equal(bookmarking_check(NULL, 0, NOW, &rf), E_OK);
	assert_int_equal(bookmarking_check("later", NOW + 60, NOW, &rf), E_OK);
	/* 100 characters, not bytes: 100 "é" are 200 bytes and fine. */
	name[0] = '\0';
	for (int i = 0; i < 100; i++)
		strcat(name, "\xc3\xa9");
	assert_int_equal(bookmarking_check(name, 0, NOW, &rf), E_OK);
	strcat(name, "x");
	assert_int_equal(bookmarking_check(name, 0, NOW, &rf), E_INVALID);
	assert_int_equal(refusal_count(&rf), 1);
	refusal_free(&rf);
	/* Now or past, and too far: each a message. */
	assert_int_equal(bookmarking_check(NULL, NOW, NOW, &rf), E_INVALID);
	refusal_free(&rf);
	assert_int_equal(bookmarking_check(NULL, NOW + 1 +
	    BOOKMARKING_REMINDER_MAX_AHEAD, NOW, &rf), E_INVALID);
	refusal_free(&rf);
	assert_int_equal(bookmarking_check(NULL, NOW +
	    BOOKMARKING_REMINDER_MAX_AHEAD, NOW, &rf), E_OK);
	assert_int_equal(bookmarking_check(name, NOW - 1, NOW, &rf),
	    E_INVALID);
	assert_int_equal(refusal_count(&rf), 2);
	refusal_free(&rf);
	assert_int_equal(bookmarking_check("\xff", 0, NOW, &rf), E_INVALID);
	refusal_free(&rf);
}

static void
test_limit(void **state)
{
	struct refusal rf = {0};

	(void)state;
	assert_int_equal(bookmarking_limit(0, 0, 0, NOW, 20, 2000, &rf), E_OK);
	assert_int_equal(bookmarking_limit(100, 19, NOW - 10, NOW, 20, 2000,
	    &rf), E_OK);
	/* The 21st of the day waits until the oldest is a day old. */
	assert_int_equal(bookmarking_limit(100, 20, NOW - 3600, NOW, 20, 2000,
	    &rf), E_RATE_LIMIT);
	assert_int_equal(rf.wait_seconds, 23 * 3600);
	refusal_free(&rf);
	/* The cap wins over the daily limit. */
	assert_int_equal(bookmarking_limit(2000, 20, NOW - 3600, NOW, 20, 2000,
	    &rf), E_INVALID);
	assert_int_equal(refusal_count(&rf), 1);
	refusal_free(&rf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

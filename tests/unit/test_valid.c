/*
 * Pure helpers: field validation, slugs, ISO 8601 times, the arena.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

#include "config.h"
#include "text.h"
#include "util.h"
#include "valid.h"

static int
setup(void **state)
{
	(void)state;
	config_init();
	return 0;
}

static void
test_usernames(void **state)
{
	(void)state;
	assert_null(valid_username("alice"));
	assert_null(valid_username("a_b.c-d"));
	assert_null(valid_username("_x1"));
	assert_non_null(valid_username("ab"));
	assert_non_null(valid_username("abcdefghijklmnopqrstu"));
	assert_non_null(valid_username("a b"));
	assert_non_null(valid_username("a..b"));
	assert_non_null(valid_username(".abc"));
	assert_non_null(valid_username("abc-"));
	assert_non_null(valid_username("ali\xc3\xa9"));
	assert_non_null(valid_username(""));
	assert_non_null(valid_username(NULL));
}

static void
test_emails(void **state)
{
	(void)state;
	assert_null(valid_email("a@example.org"));
	assert_null(valid_email("first.last+tag@sub.example.co.uk"));
	assert_non_null(valid_email("a@b"));
	assert_non_null(valid_email("@example.org"));
	assert_non_null(valid_email("a@@example.org"));
	assert_non_null(valid_email("a b@example.org"));
	assert_non_null(valid_email("<a>@example.org"));
	assert_non_null(valid_email("a@example."));
}

static void
test_passwords(void **state)
{
	char long_pw[300];

	(void)state;
	assert_null(valid_password("correct horse", "alice", "a@x.org"));
	assert_non_null(valid_password("short", "alice", "a@x.org"));
	/* Ten characters, not ten bytes. */
	assert_null(valid_password("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", NULL, NULL));
	assert_non_null(valid_password("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9", NULL, NULL));
	assert_non_null(valid_password("alice12345", "ALICE12345", NULL));
	memset(long_pw, 'x', sizeof(long_pw) - 1);
	long_pw[sizeof(long_pw) - 1] = '\0';
	assert_non_null(valid_password(long_pw, NULL, NULL));
}

static void
test_text(void **state)
{
	(void)state;
	assert_true(valid_text("plain\ttext\r\nwith lines"));
	assert_true(valid_text("caf\xc3\xa9 \xf0\x9f\x8e\x89 \xd8\xb9"));
	assert_false(valid_text("nul\x01"));
	assert_false(valid_text("bad \xc3"));
	assert_false(valid_text("overlong \xc0\xaf"));
	assert_false(valid_text("surrogate \xed\xa0\x80"));
	assert_false(valid_text("too big \xf4\x90\x80\x80"));
	assert_int_equal(valid_utf8_chars("caf\xc3\xa9"), 4);
}

static void
test_slugs(void **state)
{
	struct arena *a = arena_new();

	(void)state;
	assert_string_equal(text_slug(a, "Hello, World!", "topic"),
	    "hello-world");
	assert_string_equal(text_slug(a, "  Ressources éducatives libres ",
	    "topic"), "ressources-educatives-libres");
	assert_string_equal(text_slug(a, "Don't panic", "topic"),
	    "dont-panic");
	assert_string_equal(text_slug(a, "开放教育资源", "topic"), "topic");
	assert_string_equal(text_slug(a, "<b>bold</b>", "topic"), "b-bold-b");
	/* Other scripts in Latin letters; Han ideographs fall back. */
	assert_string_equal(text_slug(a, "Łódź", "topic"), "lodz");
	assert_string_equal(text_slug(a, "Çalışma", "topic"), "calisma");
	assert_string_equal(text_slug(a, "København", "topic"), "kobenhavn");
	assert_string_equal(text_slug(a, "Παιδεία", "topic"), "paideia");
	assert_string_equal(text_slug(a, "教育", "7"), "7");
	assert_string_equal(text_slug(a, "Open 教育 for all", "topic"),
	    "open-for-all");
	arena_free(a);
}

static void
test_iso8601(void **state)
{
	char s[32];
	int64_t t;

	(void)state;
	assert_int_equal(util_parse_iso8601("1970-01-01T00:00:00Z", &t), 0);
	assert_int_equal(t, 0);
	assert_int_equal(util_parse_iso8601("2021-09-30T14:00:00Z", &t), 0);
	assert_int_equal(t, 1633010400);
	util_iso8601(t, s);
	assert_string_equal(s, "2021-09-30T14:00:00.000Z");
	assert_int_equal(util_parse_iso8601("2021-09-30T16:00:00+02:00", &t),
	    0);
	assert_int_equal(t, 1633010400);
	assert_int_equal(util_parse_iso8601("2030-12-31", &t), 0);
	assert_int_equal(util_parse_iso8601("2024-02-29", &t), 0);
	assert_int_equal(util_parse_iso8601("2023-02-29", &t), -1);
	assert_int_equal(util_parse_iso8601("2021-13-01", &t), -1);
	assert_int_equal(util_parse_iso8601("2021-09-30T25:00", &t), -1);
	assert_int_equal(util_parse_iso8601("yesterday", &t), -1);
	assert_int_equal(util_parse_iso8601("2021-09-30T14:00:00Zjunk", &t),
	    -1);
}

static void
test_arena_and_buf(void **state)
{
	struct arena *a = arena_new();
	struct buf b = {0};
	char *big, *s;
	int i;

	(void)state;
	for (i = 0; i < 10000; i++) {
		char want[32];

		s = arena_printf(a, "item %d", i);
		snprintf(want, sizeof(want), "item %d", i);
		assert_string_equal(s, want);
	}
	big = arena_alloc(a, 1 << 20);	/* a chunk of its own */
	memset(big, 1, 1 << 20);
	s = arena_strdup(a, "still fine");
	assert_string_equal(s, "still fine");
	for (i = 0; i < 1000; i++)
		buf_printf(&b, "%d,", i);
	assert_int_equal(strncmp(b.data, "0,1,2,", 6), 0);
	buf_printf(&b, "%0300d", 7);	/* longer than the stack buffer */
	assert_int_equal(b.data[b.len - 1], '7');
	buf_free(&b);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_usernames),
		cmocka_unit_test(test_emails),
		cmocka_unit_test(test_passwords),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_slugs),
		cmocka_unit_test(test_iso8601),
		cmocka_unit_test(test_arena_and_buf),
	};

	return cmocka_run_group_tests_name("valid", tests, setup, NULL);
}

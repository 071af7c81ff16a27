/*
 * lib/utf8.c, the one decoder: every length, the boundaries of each, and
 * what it refuses (overlong forms, surrogates, values past U+10FFFF, stray
 * and missing continuation bytes, sequences cut by the end or a NUL);
 * validation of buffers with NULs; counting; encoding back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "utf8.h"
#include "util.h"

static void
test_decode(void **state)
{
	static const struct {
		const char	*s;
		size_t		 len;
		unsigned	 cp;
	} good[] = {
		{ "A", 1, 'A' },
		{ "\x7f", 1, 0x7f },
		{ "\xc2\x80", 2, 0x80 },
		{ "\xc3\xa9", 2, 0xe9 },
		{ "\xdf\xbf", 2, 0x7ff },
		{ "\xe0\xa0\x80", 3, 0x800 },
		{ "\xed\x9f\xbf", 3, 0xd7ff },
		{ "\xee\x80\x80", 3, 0xe000 },
		{ "\xef\xbf\xbd", 3, 0xfffd },
		{ "\xf0\x90\x80\x80", 4, 0x10000 },
		{ "\xf0\x9f\x8e\x89", 4, 0x1f389 },
		{ "\xf4\x8f\xbf\xbf", 4, 0x10ffff },
	};
	static const char *bad[] = {
		"\x80", "\xbf", "\xc0\xaf", "\xc1\xbf", "\xe0\x80\xaf",
		"\xe0\x9f\xbf", "\xed\xa0\x80", "\xed\xbf\xbf",
		"\xf0\x80\x80\xaf", "\xf0\x8f\xbf\xbf", "\xf4\x90\x80\x80",
		"\xf5\x80\x80\x80", "\xf8\x88\x80\x80\x80", "\xfe", "\xff",
		"\xc3", "\xc3(", "\xe2\x82", "\xf0\x9f\x8e",
	};
	unsigned cp;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(good); i++) {
		cp = 0;
		assert_int_equal(utf8_decode((const unsigned char *)good[i].s,
		    &cp), good[i].len);
		assert_int_equal(cp, good[i].cp);
		assert_int_equal(utf8_decode_n((const unsigned char *)good[i].s,
		    good[i].len, &cp), good[i].len);
		/* One byte short is no sequence. */
		assert_int_equal(utf8_decode_n((const unsigned char *)good[i].s,
		    good[i].len - 1, &cp), 0);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(utf8_decode((const unsigned char *)bad[i],
		    &cp), 0);
}

static void
test_valid(void **state)
{
	(void)state;
	assert_true(utf8_valid("", 0));
	assert_true(utf8_valid("caf\xc3\xa9 \xf0\x9f\x8e\x89", 10));
	assert_true(utf8_valid("a\0b", 3));
	assert_false(utf8_valid("caf\xc3\xa9", 4));
	assert_false(utf8_valid("\xed\xa0\x80", 3));
	assert_false(utf8_valid("\xc0\xaf", 2));
	assert_false(utf8_valid("ok \xf4\x90\x80\x80", 7));
}

static void
test_chars(void **state)
{
	(void)state;
	assert_int_equal(utf8_chars(""), 0);
	assert_int_equal(utf8_chars("abc"), 3);
	assert_int_equal(utf8_chars("caf\xc3\xa9"), 4);
	assert_int_equal(utf8_chars("\xf0\x9f\x8e\x89!"), 2);
	/* A lone lead byte counts, a stray continuation byte does not. */
	assert_int_equal(utf8_chars("\xc3 \x80"), 2);
}

static void
test_encode(void **state)
{
	static const unsigned cps[] = { 0, 'A', 0x7f, 0x80, 0x7ff, 0x800,
	    0xfffd, 0xffff, 0x10000, 0x1f389, 0x10ffff };
	char out[5];
	unsigned cp;
	size_t i, n;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cps); i++) {
		n = utf8_encode(cps[i], out);
		out[n] = '\0';
		if (cps[i] == 0)
			continue;
		assert_int_equal(utf8_decode((const unsigned char *)out, &cp),
		    n);
		assert_int_equal(cp, cps[i]);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_chars),
		cmocka_unit_test(test_encode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

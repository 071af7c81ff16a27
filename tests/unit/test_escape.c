/*
 * lib/escape.c: the HTML escaper on text and attribute specials, bytes it
 * must leave alone (UTF-8, NULs, entities already written) and NULL; the
 * href escaper on schemes, quotes, spaces and controls; hex digits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "escape.h"
#include "util.h"

static char *
html(const char *s, size_t n)
{
	struct buf b = { 0 };

	escape_html(&b, s, n);
	return buf_detach(&b);
}

static char *
href(const char *s)
{
	struct buf b = { 0 };

	escape_href(&b, s, strlen(s));
	return b.data ? buf_detach(&b) : xstrdup("");
}

static void
test_html(void **state)
{
	static const struct {
		const char	*in, *out;
	} cases[] = {
		{ "", "" },
		{ "plain text", "plain text" },
		{ "<b>&</b>", "&lt;b&gt;&amp;&lt;/b&gt;" },
		{ "\"double\" 'single'", "&quot;double&quot; &#39;single&#39;" },
		{ "&amp; stays visible", "&amp;amp; stays visible" },
		{ "caf\xc3\xa9 \xf0\x9f\x8e\x89", "caf\xc3\xa9 \xf0\x9f\x8e\x89" },
		{ "\xff\xfe broken", "\xff\xfe broken" },
		{ "a\tb\nc", "a\tb\nc" },
		{ "x onmouseover='y'", "x onmouseover=&#39;y&#39;" },
	};
	size_t i;
	char *s;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		s = html(cases[i].in, strlen(cases[i].in));
		assert_string_equal(s, cases[i].out);
		free(s);
	}
	/* Only n bytes, and a NUL among them is kept. */
	s = html("<a\0>b", 4);
	assert_memory_equal(s, "&lt;a\0&gt;", 10);
	free(s);
	s = html("<<<", 1);
	assert_string_equal(s, "&lt;");
	free(s);
}

static void
test_html_str(void **state)
{
	struct buf b = { 0 };

	(void)state;
	escape_html_str(&b, NULL);
	assert_int_equal(b.len, 0);
	escape_html_str(&b, "a<'b'>");
	escape_html_str(&b, "&");
	assert_string_equal(b.data, "a&lt;&#39;b&#39;&gt;&amp;");
	buf_free(&b);
}

static void
test_href(void **state)
{
	static const struct {
		const char	*in, *out;
	} cases[] = {
		{ "https://example.org/a?b=c&d=e#f",
		  "https://example.org/a?b=c&amp;d=e#f" },
		{ "/a'b", "/a&#x27;b" },
		{ "/a\"b", "/a%22b" },
		{ "/a b<c>", "/a%20b%3Cc%3E" },
		{ "java\tscript:x", "java%09script:x" },
		{ "/caf\xc3\xa9", "/caf%C3%A9" },
		{ "/%41~$", "/%41~$" },
		{ "", "" },
	};
	size_t i;
	char *s;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		s = href(cases[i].in);
		assert_string_equal(s, cases[i].out);
		free(s);
	}
}

static void
test_hexval(void **state)
{
	int c;

	(void)state;
	assert_int_equal(escape_hexval('0'), 0);
	assert_int_equal(escape_hexval('9'), 9);
	assert_int_equal(escape_hexval('a'), 10);
	assert_int_equal(escape_hexval('F'), 15);
	assert_int_equal(escape_hexval('g'), -1);
	assert_int_equal(escape_hexval('G'), -1);
	assert_int_equal(escape_hexval(' '), -1);
	assert_int_equal(escape_hexval(0), -1);
	assert_int_equal(escape_hexval(-1), -1);
	for (c = 0x80; c < 0x100; c++)
		assert_int_equal(escape_hexval(c), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_html_str),
		cmocka_unit_test(test_href),
		cmocka_unit_test(test_hexval),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
